"""Calls on the whole-tree package (libvirt 9.0.0) that the sample package cannot make; prints one JSON object.

Run with the generated package first on PYTHONPATH; libvirt-python (``libvirt``)
must be importable too, for the signatures it is compared with.
"""

from __future__ import annotations

import copy
import ctypes
import inspect
import json
from typing import Any

import libvirt
import libvirt_ctypes as lv


def outcome(call: Any) -> object:
    try:
        return ["ok", call()]
    except lv.libvirtError as error:
        return ["libvirtError", error.get_error_code()]
    except Exception as error:
        return [type(error).__name__]


def required_here_defaulted_there() -> list[str]:
    """Parameters libvirt-python gives a default that ours makes required, over every method both have."""
    found = []
    for class_name in dir(lv):
        ours, theirs = getattr(lv, class_name), getattr(libvirt, class_name, None)
        if not (inspect.isclass(ours) and class_name.startswith("vir") and inspect.isclass(theirs)):
            continue
        for method in dir(ours):
            if method.startswith("_") or not callable(getattr(theirs, method, None)):
                continue
            mine = list(inspect.signature(getattr(ours, method)).parameters.values())
            other = list(inspect.signature(getattr(theirs, method)).parameters.values())
            for index, parameter in enumerate(mine):
                if index < len(other) and other[index].default is not inspect.Parameter.empty and parameter.default is inspect.Parameter.empty:
                    found.append(f"{class_name}.{method}({parameter.name})")
    return sorted(found)


conn = lv.open()  # LIBVIRT_DEFAULT_URI, set by the test
dom = conn.lookupByName("test")
stream = conn.new()
libvirt.registerErrorHandler(lambda *_args: None, None)
theirs = libvirt.open()
computer = conn.nodeDeviceLookupByName("computer")
child = next(d for d in conn.listAllNodeDevices() if d.name() != "computer")
closed = conn.nodeDeviceLookupByName("computer")
closed.close()
uuid = dom.UUID()
result = {
    "open()": conn.getURI(),
    "open(None)": lv.open(None).getURI(),
    "openReadOnly()": lv.openReadOnly().getURI(),
    "setMetadata": outcome(lambda: dom.setMetadata(lv.VIR_DOMAIN_METADATA_DESCRIPTION, "hello", None, None)),
    "metadata(None)": outcome(lambda: dom.metadata(lv.VIR_DOMAIN_METADATA_DESCRIPTION, None)),
    "setMetadata(None)": outcome(lambda: dom.setMetadata(lv.VIR_DOMAIN_METADATA_DESCRIPTION, None, None, None)),
    "metadata after delete": outcome(lambda: dom.metadata(lv.VIR_DOMAIN_METADATA_DESCRIPTION, None)),
    "send(str, n)": outcome(lambda: stream.send("abc", 4096)),
    "send(bytes)": outcome(lambda: stream.send(b"\0abc")),
    "send parameters": list(inspect.signature(lv.virStream.send).parameters),
    "required": required_here_defaulted_there(),
    # strings the description calls optional ("the optional 'cap' argument", "srcSpec (optional ...)") take None
    "nodeNumOfDevices(None)": [outcome(lambda: conn.nodeNumOfDevices(None)), theirs.numOfDevices(None)],
    "findStoragePoolSources(None)": [outcome(lambda: conn.findStoragePoolSources("logical", None)), theirs.findStoragePoolSources("logical", None)],
    # NULL "when the device has no parent" is an answer; a closed handle still raises
    "parent()": [outcome(computer.parent), theirs.nodeDeviceLookupByName("computer").parent()],
    "child parent()": outcome(child.parent),
    "closed parent()": outcome(closed.parent),
    # a const unsigned char *uuid is VIR_UUID_BUFLEN bytes
    "lookupByUUID": [outcome(lambda: conn.lookupByUUID(uuid).name()), theirs.lookupByUUID(uuid).name()],
    "lookupByUUID(15 bytes)": outcome(lambda: conn.lookupByUUID(uuid[:15])),
    "lookupByUUID(str)": outcome(lambda: conn.lookupByUUID("x" * 16)),
    "networkLookupByUUID": outcome(lambda: conn.networkLookupByUUID(conn.networkLookupByName("default").UUID()).name()),
}


def device_connections() -> dict[str, bool]:
    """connect() of node devices: no C function gives it, the object keeps the virConnect it came from."""
    twin = copy.copy(computer)
    twin.close()
    theirs_device = theirs.nodeDeviceLookupByName("computer")
    return {
        "lookup": computer.connect() is conn,
        "list": all(d.connect() is conn for d in conn.listAllNodeDevices()),
        "copy": twin.connect() is conn,
        "closed": closed.connect() is conn,
        "libvirt-python": theirs_device.connect() is theirs,
    }


def port_connection() -> list[str]:
    """A network port comes from a virNetwork: its connection is the network's (the test driver has no ports, so C is faked)."""
    network = conn.networkLookupByName("default")
    real = lv._virNetworkPortLookupByUUIDString
    lv._virNetworkPortLookupByUUIDString = lambda *_args: 0x1000
    try:
        port = network.portLookupByUUIDString("00000000-0000-0000-0000-000000000000")
    finally:
        lv._virNetworkPortLookupByUUIDString = real
    try:
        found = port.connect()
        return [type(found).__name__, found.getURI()]
    finally:
        port._h_virNetworkPort = None  # not a real pointer: nothing to release


def pointers() -> dict[str, object]:
    get_name = lv._lib.virDomainGetName  # the C function, called directly with the pointer c_pointer() gives
    get_name.restype, get_name.argtypes = ctypes.c_char_p, [ctypes.c_void_p]
    other = conn.lookupByName("test")
    other.close()
    their_conn = libvirt.open()
    their_conn.close()
    return {
        "virDomainGetName": get_name(dom.c_pointer()).decode(),
        "copy": copy.copy(dom).c_pointer() == dom.c_pointer(),
        "closed": [other.c_pointer(), their_conn.c_pointer()],
    }


result["device connect() is conn"] = device_connections()
result["stream connect() is conn"] = [stream.connect() is conn, theirs.newStream().connect() is theirs]
result["port connect()"] = port_connection()
result["c_pointer"] = pointers()
print(json.dumps(result))
