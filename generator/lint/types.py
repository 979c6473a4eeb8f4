"""``long-type``: ``long`` in a signature or a public struct, where libvirt
wants ``long long``.

``long`` is 32 bits on some of libvirt's platforms and 64 on others, so a
value crossing the API (or the RPC wire) would change size with the host.
libvirt's ``apibuild.py`` therefore fails the build on a function returning
or taking a ``long`` or ``unsigned long`` (pointers to them too) and on a
struct field of such a type, except for a fixed list of legacy uses.  The
list below is those uses as libvirt's public API has them, the same 26 in
7.0.0, 9.0.0 and 11.3.0 (apibuild.py's own list also names internal
functions, which are no symbols of the API read here).

Decided: callback types are checked as well (apibuild.py checks functions and
structs only; a callback's ``long`` is the same portability problem, and no
libvirt callback has one), and the severity is an error, as apibuild.py's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import Function, FuncType
from .docs import all_fields
from .texts import Context

# (function, parameter name or "return") and (struct, field): the legacy uses allowed
LEGACY_LONG: frozenset[tuple[str, str]] = frozenset({
    ("virGetVersion", "libVer"),
    ("virGetVersion", "typeVer"),
    ("virConnectGetLibVersion", "libVer"),
    ("virConnectGetVersion", "hvVer"),
    ("virDomainGetMaxMemory", "return"),
    ("virDomainSetMaxMemory", "memory"),
    ("virDomainSetMemory", "memory"),
    ("virDomainSetMemoryFlags", "memory"),
    ("virDomainBlockCommit", "bandwidth"),
    ("virDomainBlockJobSetSpeed", "bandwidth"),
    ("virDomainBlockPull", "bandwidth"),
    ("virDomainBlockRebase", "bandwidth"),
    ("virDomainMigrate", "flags"),
    ("virDomainMigrate", "bandwidth"),
    ("virDomainMigrate2", "flags"),
    ("virDomainMigrate2", "bandwidth"),
    ("virDomainMigrateToURI", "flags"),
    ("virDomainMigrateToURI", "bandwidth"),
    ("virDomainMigrateToURI2", "flags"),
    ("virDomainMigrateToURI2", "bandwidth"),
    ("virDomainMigrateGetMaxSpeed", "bandwidth"),
    ("virDomainMigrateSetMaxSpeed", "bandwidth"),
    ("virDomainInfo", "maxMem"),
    ("virDomainInfo", "memory"),
    ("virNodeInfo", "memory"),
    ("virDomainBlockJobInfo", "bandwidth"),
})

_WORD_RE = re.compile(r"\w+")
_TAG_WORDS = frozenset({"struct", "union", "enum"})
_MAX_TYPEDEF_DEPTH = 16  # typedef chains are short; a longer one (or a loop, from an XML) is not followed further


def is_long(type_: str) -> bool:
    """Whether ``type_`` is ``long`` or ``unsigned long`` (or points at one): not
    ``long long``, not the floating ``long double``."""
    words = _WORD_RE.findall(type_)
    return words.count("long") == 1 and "double" not in words


class _LongTypes:
    """Which type spellings are ``long``, through the API's typedefs too
    (``typedef unsigned long virFoo;`` makes a ``virFoo`` parameter one):
    apibuild.py tests the spelling only, but the size changes all the same."""

    def __init__(self, context: Context) -> None:
        self._typedefs = {typedef.name: typedef.type for module in context.api.modules for typedef in module.typedefs}

    def through(self, type_: str) -> str | None:
        """The ``long`` type ``type_`` is (itself, or what a typedef it names stands for); None when it is none."""
        for _ in range(_MAX_TYPEDEF_DEPTH):
            if is_long(type_):
                return type_
            words = _WORD_RE.findall(type_)
            # a word after struct, union or enum is a tag: another namespace than the typedefs' (C)
            named = next((word for before, word in zip(["", *words], words, strict=False) if word in self._typedefs and before not in _TAG_WORDS), None)
            if named is None:
                return None
            type_ = self._typedefs[named]
        return None


def _advice(long_type: str) -> str:
    """What to use instead: ``unsigned long long`` for an ``unsigned long`` (plain ``long long`` changed its signedness too)."""
    unsigned = "unsigned " if "unsigned" in _WORD_RE.findall(long_type) else ""
    return f"use {unsigned}long long (long changes size with the platform)"


def _said(type_: str, long_type: str) -> str:
    """``'unsigned long'``, or ``'virFoo' (unsigned long)`` for a typedef of one."""
    return f"'{type_}'" if type_ == long_type else f"'{type_}' ({long_type})"


def long_types(context: Context) -> Iterator[Diagnostic]:
    longs = _LongTypes(context)
    for module in context.api.modules:
        for function in module.functions:
            yield from _signature(function, "function", longs)
        for functype in module.functypes:
            yield from _signature(functype, "callback type", longs)
        for struct in module.structs:
            for field in all_fields(struct.fields or ()):
                long_type = longs.through(field.type)
                if long_type is not None and (struct.name, field.name) not in LEGACY_LONG:
                    message = f"field '{field.name}' of {struct.name} is {_said(field.type, long_type)}: {_advice(long_type)}"
                    yield Diagnostic(field.location, "error", message, "long-type")


def _signature(function: Function | FuncType, kind: str, longs: _LongTypes) -> Iterator[Diagnostic]:
    long_type = longs.through(function.return_type)
    if long_type is not None and (function.name, "return") not in LEGACY_LONG:
        message = f"{kind} {function.name} returns {_said(function.return_type, long_type)}: {_advice(long_type)}"
        yield Diagnostic(function.location, "error", message, "long-type")
    for number, param in enumerate(function.params, 1):
        long_type = longs.through(param.type)
        if long_type is not None and (function.name, param.name) not in LEGACY_LONG:
            named = f"parameter '{param.name}'" if param.name else f"parameter {number} (unnamed)"
            message = f"{named} of {function.name} is {_said(param.type, long_type)}: {_advice(long_type)}"
            yield Diagnostic(param.location if param.location.line else function.location, "error", message, "long-type")
