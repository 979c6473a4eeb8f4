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


def is_long(type_: str) -> bool:
    """Whether ``type_`` is ``long`` or ``unsigned long`` (or points at one), not ``long long``."""
    return _WORD_RE.findall(type_).count("long") == 1


def long_types(context: Context) -> Iterator[Diagnostic]:
    for module in context.api.modules:
        for function in module.functions:
            yield from _signature(function, "function")
        for functype in module.functypes:
            yield from _signature(functype, "callback type")
        for struct in module.structs:
            for field in all_fields(struct.fields or ()):
                if is_long(field.type) and (struct.name, field.name) not in LEGACY_LONG:
                    message = f"field '{field.name}' of {struct.name} is '{field.type}': use long long (long changes size with the platform)"
                    yield Diagnostic(field.location, "error", message, "long-type")


def _signature(function: Function | FuncType, kind: str) -> Iterator[Diagnostic]:
    if is_long(function.return_type) and (function.name, "return") not in LEGACY_LONG:
        message = f"{kind} {function.name} returns '{function.return_type}': use long long (long changes size with the platform)"
        yield Diagnostic(function.location, "error", message, "long-type")
    for param in function.params:
        if is_long(param.type) and (function.name, param.name) not in LEGACY_LONG:
            message = f"parameter '{param.name}' of {function.name} is '{param.type}': use long long (long changes size with the platform)"
            yield Diagnostic(param.location if param.location.line else function.location, "error", message, "long-type")

