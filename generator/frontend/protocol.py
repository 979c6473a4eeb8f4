"""Access rules of remote procedures, from the ``@acl`` annotations of a protocol file.

libvirt's ``remote_protocol.x`` (and ``qemu_protocol.x``, ``lxc_protocol.x``)
precedes each entry of its procedure enum with a comment such as::

    /**
     * @generate: both
     * @acl: domain:checkpoint
     * @acl: domain:fs_freeze:VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE
     */
    REMOTE_PROC_DOMAIN_CHECKPOINT_CREATE_XML = 411,

Rules, decided here:

* Only the procedure enum is read (from ``enum <x>_procedure {`` to its
  ``};``); the annotations of the comment right above an entry belong to it
  (a new comment starts afresh, so the file's own explanation of the
  annotation syntax, with its ``<object>`` placeholders, belongs to nothing).
* ``@acl: OBJECT:PERMISSION[:FLAGS[:PARAM:VALUE]]``: the permission is
  checked only while every condition given holds, as libvirt's
  ``src/rpc/gendispatch.pl`` compiles them:

  - FLAGS ``X`` or ``X|Y``: the call passes all of them,
    ``(flags & (X|Y)) == (X|Y)``;
  - FLAGS ``!X`` or ``!X|Y``: the call passes none of them,
    ``(flags & (X|Y)) == 0`` (the ``!`` negates the whole expression);
  - PARAM:VALUE: ``PARAM == VALUE``; PARAM:!VALUE: ``PARAM != VALUE``
    (FLAGS is then often empty: ``domain:write::source:VALUE``).

  Both are kept as written, ``!`` included (``Acl.flag``, and
  ``Acl.condition`` as ``PARAM:VALUE``): the model records the rule, the
  backends word it (``generator/backends/html.py``).
* ``@acl: none`` means "no check" (an empty list); combined with other rules
  it is a diagnostic, as is an entry with no ``@acl`` at all.
* A procedure belongs to the C function whose name, without ``vir`` and
  without the driver word (``Qemu``, ``Lxc``) of a private module, equals the
  procedure name without its ``<X>_PROC_`` prefix, compared in upper case
  with underscores removed: ``REMOTE_PROC_DOMAIN_GET_XML_DESC`` is
  ``virDomainGetXMLDesc``, ``QEMU_PROC_DOMAIN_MONITOR_COMMAND`` is
  ``virDomainQemuMonitorCommand``.  No table of spellings is needed.
  Procedures without a public function (events, authentication) are skipped.
"""

from __future__ import annotations

import re

from ..diagnostics import Diagnostic
from ..model import Acl, Location

_ENUM_RE = re.compile(r"^\s*enum\s+\w+_procedure\s*\{")
_ANNOTATION_RE = re.compile(r"@(acl|aclfilter):\s*(\S+)")
_ENTRY_RE = re.compile(r"^\s*([A-Z][A-Z0-9]*)_PROC_([A-Z0-9_]+)\s*=\s*\d+")
DRIVER_WORDS = {"libvirt-qemu": "Qemu", "libvirt-lxc": "Lxc"}


def procedure_key(name: str) -> str:
    """``DOMAIN_GET_XML_DESC`` -> ``DOMAINGETXMLDESC``."""
    return name.replace("_", "").upper()


def function_key(function: str, module: str) -> str:
    """``virDomainQemuMonitorCommand`` (libvirt-qemu) -> ``DOMAINMONITORCOMMAND``."""
    name = function[len("vir") :] if function.startswith("vir") else function
    word = DRIVER_WORDS.get(module)
    if word:
        name = name.replace(word, "", 1)
    return name.upper()


def read_acls(path: str, text: str) -> tuple[dict[str, tuple[Acl, ...]], list[Diagnostic]]:
    """Access rules by procedure key (see :func:`procedure_key`), and problems found."""
    rules: dict[str, tuple[Acl, ...]] = {}
    diagnostics: list[Diagnostic] = []
    pending: list[tuple[str, str]] = []
    inside = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not inside:
            inside = bool(_ENUM_RE.match(line))
            continue
        if line.strip().startswith("};"):
            break
        if line.lstrip().startswith("/*"):
            pending = []
        pending += _ANNOTATION_RE.findall(line)
        entry = _ENTRY_RE.match(line)
        if entry is None:
            continue
        where = Location(path, number, len(line) - len(line.lstrip()) + 1)
        rules[procedure_key(entry.group(2))] = _acls(entry.group(1) + "_PROC_" + entry.group(2), pending, where, diagnostics)
        pending = []
    if not inside:
        diagnostics.append(Diagnostic(Location(path, 1, 1), "warning", "no 'enum ..._procedure {' found: no access rules read", "protocol-acl"))
    return rules, diagnostics


def _acls(procedure: str, annotations: list[tuple[str, str]], where: Location, diagnostics: list[Diagnostic]) -> tuple[Acl, ...]:
    checks = [value for kind, value in annotations if kind == "acl"]
    if not checks:
        diagnostics.append(Diagnostic(where, "warning", f"{procedure} has no @acl annotation", "protocol-acl"))
    if "none" in checks:
        if len(checks) > 1:
            diagnostics.append(Diagnostic(where, "warning", f"{procedure} combines '@acl: none' with other rules", "protocol-acl"))
        checks = []
    found = [_acl("check", value, where) for value in checks]
    found += [_acl("filter", value, where) for kind, value in annotations if kind == "aclfilter"]
    return tuple(found)


def _acl(kind: str, value: str, where: Location) -> Acl:
    parts = value.split(":", 3) + ["", "", ""]
    if kind == "filter":
        return Acl(kind, parts[0], parts[1], location=where)
    return Acl(kind, parts[0], parts[1], parts[2], parts[3], where)
