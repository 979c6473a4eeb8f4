"""Helpers for the Python binding tests: load the generated package, libvirt-python, and a clean test domain.

Every test runs against the real ``libvirt.so.0`` and its built-in test driver
(``test:///default``): no mocks.  The driver's default state is shared by all
connections of a process, so each scenario starts by deleting the checkpoints
left by the previous one.
"""

from __future__ import annotations

import ctypes
import importlib
import importlib.util
import re
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

from conftest import REPO, require

GENERATED = REPO / "generated" / "python"
URI = "test:///default"
DOMAIN = "test"


def libvirt_so_present() -> bool:
    try:
        ctypes.CDLL("libvirt.so.0")
    except OSError:
        return False
    return True


def load_generated() -> ModuleType:
    """The committed generated package (``generated/python``), importable as ``libvirt_ctypes``."""
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")
    if str(GENERATED) not in sys.path:
        sys.path.insert(0, str(GENERATED))
    writes_bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = True  # no __pycache__ inside the committed generated/ folder
    try:
        return importlib.import_module("libvirt_ctypes")
    finally:
        sys.dont_write_bytecode = writes_bytecode


def load_reference() -> ModuleType:
    """libvirt-python 9.0.0, the binding ours is compared with."""
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")
    require(importlib.util.find_spec("libvirt") is not None, "libvirt-python 9.0.0 (pip install libvirt-python==9.0.0)")
    return importlib.import_module("libvirt")


def clean_domain(lib: ModuleType) -> tuple[Any, Any]:
    """A connection and the test domain, with no checkpoint left."""
    conn = lib.open(URI)
    dom = conn.lookupByName(DOMAIN)
    for root in dom.listAllCheckpoints(lib.VIR_DOMAIN_CHECKPOINT_LIST_ROOTS):
        root.delete(lib.VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN)
    return conn, dom


def checkpoint_xml(name: str, parent: str | None = None) -> str:
    """Checkpoint XML; with ``parent`` it is meant for a REDEFINE (which needs a creation time)."""
    if parent is None:
        return f"<domaincheckpoint><name>{name}</name></domaincheckpoint>"
    return f"<domaincheckpoint><name>{name}</name><parent><name>{parent}</name></parent><creationTime>1</creationTime></domaincheckpoint>"


def build_tree(lib: ModuleType, dom: Any) -> None:
    """a -> b -> c, a -> e (redefined with a parent), r2 a second root."""
    for name in ("a", "b", "c"):
        dom.checkpointCreateXML(checkpoint_xml(name))
    dom.checkpointCreateXML(checkpoint_xml("e", "a"), lib.VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE)
    dom.checkpointCreateXML(
        "<domaincheckpoint><name>r2</name><creationTime>2</creationTime></domaincheckpoint>", lib.VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE
    )


def attempt(lib: ModuleType, call: Callable[[], object]) -> tuple[object, ...]:
    """("ok", value) or ("error", code, domain, message): what a call did, comparable across bindings."""
    try:
        value = call()
    except lib.libvirtError as error:
        return ("error", error.get_error_code(), error.get_error_domain(), error.get_error_message())
    return ("ok", value)


def names(handles: list[Any]) -> list[str]:
    return [h.getName() for h in handles]


def stable_xml(xml: str) -> str:
    """Checkpoint XML without the creation time, which differs between runs."""
    return re.sub(r"<creationTime>\d+</creationTime>", "<creationTime/>", xml)


def rss_kib() -> int:
    with open("/proc/self/statm") as statm:
        resident_pages = int(statm.read().split()[1])
    return resident_pages * 4096 // 1024
