"""A buffer passed with its length takes bytes, or a str as its UTF-8 bytes, as libvirt-python does.

QA (session 20): ``secret.setValue("passphrase")`` stores the text's UTF-8
bytes through libvirt-python (its ``z#`` parse format); ours refused a str
(``TypeError``), so programs written for libvirt-python broke.  Secrets
need libvirt's secret driver: a private libvirtd with only that driver
module loaded (as ``nobody`` when the tests run as root, so that it keeps its
secrets in its own folder, not in /run/libvirt).  When ``CI=true`` a missing
libvirtd or driver module fails.
"""

from __future__ import annotations

import os
from types import ModuleType
from typing import Any

import pytest
from python_support import load_reference
from rpc_support import private_libvirtd, socket_uri

from generator.backends import python as backend

SECRET = "<secret ephemeral='yes' private='no'><usage type='ceph'><name>buffers</name></usage></secret>"


def test_buffer_parameters_are_typed_bytes_or_str(plan: backend.Plan) -> None:
    views = {v.c_name: v for c in plan.classes for v in c.methods}
    for c_name, pname in (("virSecretSetValue", "value"), ("virStreamSend", "data")):
        arg = next(a for a in views[c_name].args if a.name == pname)
        assert (arg.kind, arg.annotation) == ("bytes", "bytes | str"), c_name


def _outcome(lib: ModuleType, secret: Any, value: object) -> object:
    try:
        secret.setValue(value)
    except lib.libvirtError as error:
        return ("libvirtError", error.get_error_code())
    except TypeError:
        return "TypeError"
    stored: bytes = secret.value()
    return stored


def _outcomes(lib: ModuleType, uri: str) -> list[object]:
    conn = lib.open(uri)
    try:
        secret = conn.secretDefineXML(SECRET)
        # "" reaches libvirt, which refuses an empty value (VIR_ERR_INVALID_ARG), through either binding
        values: list[object] = ["pässword", "", "a\0b", b"raw\xff\0bytes", bytearray(b"x"), memoryview(b"x"), 7]
        outcomes = [_outcome(lib, secret, value) for value in values]
        secret.undefine()
        return outcomes
    finally:
        conn.close()


def test_set_value_takes_str_as_libvirt_python_does(ours: ModuleType) -> None:
    theirs = load_reference()
    user = "nobody" if os.geteuid() == 0 else None
    got = {}
    for lib in (ours, theirs):
        with private_libvirtd(user, drivers=("secret",)) as daemon:
            got[lib] = _outcomes(lib, socket_uri(daemon.socket, "secret+unix:///session"))
    assert got[ours] == ["pässword".encode(), ("libvirtError", 8), b"a\0b", b"raw\xff\0bytes", "TypeError", "TypeError", "TypeError"]
    assert got[ours] == got[theirs]


def test_a_lone_surrogate_is_refused_before_the_call(ours: ModuleType) -> None:
    with pytest.raises(UnicodeEncodeError, match="value"):
        ours._c_bytes("\udc80", "value")
