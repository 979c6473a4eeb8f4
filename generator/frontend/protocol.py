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
  (a new ``/**`` comment starts afresh, so the file's own explanation of
  the annotation syntax, with its ``<object>`` placeholders, belongs to
  nothing; a plain ``/* ... */`` between an entry's ``/**`` comment and
  the entry changes nothing, as ``src/rpc/gendispatch.pl``, which compiles
  the checks the daemon makes, reads it).  The ``{`` may stand on the line
  after ``enum <x>_procedure`` (rpcgen reads C tokens, not lines).
  Comments are followed as C follows them (``/*/`` opens one): an opening,
  an entry or a ``};`` inside a ``/* */`` comment is no code.
* A file that does not give its whole enum is an error (``protocol-acl``),
  not a warning: the run stops rather than write fewer ``<acls>`` with
  exit 0 (11.3.0's file cut after ``REMOTE_PROC_DOMAIN_MIGRATE_GET_MAX_DOWNTIME``
  gave 310 of 372).  Ending inside the enum (in an entry's annotation
  comment or between entries) is an error at its ``enum``, worded as
  :mod:`generator.rpc.numbers` words it for ``--remote-protocol`` ("is never
  closed with '};'"); a file with no procedure enum at all (cut before it, or
  no protocol file) is one at ``1:1``, or at the comment the file ends in.
  A comment the file ends inside after its enum is an error at that
  comment too: the rules are whole, but rpcgen rejects the file.
  A tree without the file is no error: it is optional (:mod:`.tree`), and a
  release that lacks it has no rules to lose; a file that is there is an
  input, and no libvirt release has one without its enum.
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
  it is a diagnostic, as is an entry with no ``@acl`` at all.  So is a rule
  without its object or permission (``@acl: domain``: gendispatch.pl would
  write a check that does not compile), which is left out, and a line holding
  two annotations (gendispatch.pl refuses it), whose rules are kept.
* A procedure belongs to the C function whose name, without ``vir`` and
  without the driver word (``Qemu``, ``Lxc``) of a private module, equals the
  procedure name without its ``<X>_PROC_`` prefix, compared in upper case
  with underscores removed: ``REMOTE_PROC_DOMAIN_GET_XML_DESC`` is
  ``virDomainGetXMLDesc``, ``QEMU_PROC_DOMAIN_MONITOR_COMMAND`` is
  ``virDomainQemuMonitorCommand``.  No table of spellings is needed.
  Procedures without a public function (events, authentication) are skipped.

The same file says which strings the wire can carry as NULL
(:func:`read_optional_strings`): each procedure's ``struct <x>_<name>_args``
types a string ``remote_nonnull_string`` or ``remote_string``, the second a
pointer the daemon hands to the driver as NULL when the client sent none.
That alone does not make NULL safe (a driver may still compare the string
with ``STREQ``): the builder asks the entry point too
(``Function.nullable_strings``, :mod:`.builder`).  Read as rpcgen reads the
file (comments are no code); a struct cut short or unreadable gives no
optional string, never an error: the access rules above already report a
damaged file, and a string that is not known optional is simply required
(the safe side).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..diagnostics import Diagnostic
from ..model import Acl, Location
from ..xlex import unclosed_comment

_ENUM_RE = re.compile(r"^\s*(enum)\s+(\w+_procedure)\s*(\{)?")
_ANNOTATION_RE = re.compile(r"@(acl|aclfilter):\s*(\S+)")
_ENTRY_RE = re.compile(r"^\s*([A-Z][A-Z0-9]*)_PROC_([A-Z0-9_]+)\s*=\s*\d+")
RULE = "protocol-acl"
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
    pending: list[tuple[str, str, Location]] = []  # (acl or aclfilter, its value, where it stands)
    opening: tuple[Location, str] | None = None  # where the procedure enum opens, and its name
    braced = False  # its '{' seen (it may stand on a line of its own)
    comment: Location | None = None  # where the /* */ comment open at the end of the line began
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        code = comment is None  # the line starts outside a comment: an opening, an entry or the '};' may stand there
        comment = _comment_after(path, number, line, comment)
        if opening is None:
            found = _ENUM_RE.match(_without_comments(line)) if code else None
            if found is not None and (found.group(3) or not _without_comments(line)[found.end() :].strip()):
                opening, braced = (Location(path, number, found.start(1) + 1), found.group(2)), bool(found.group(3))
            continue
        if not braced:
            # the code after a comment that began on an earlier line and closes on this one counts too
            after = line if code else line.split("*/", 1)[1] if "*/" in line else ""
            rest = _without_comments(after).strip()
            if rest:  # a comment between the name and its '{' is no code (rpcgen reads tokens)
                braced = rest.startswith("{")
                if not braced:
                    opening = None  # 'enum x_procedure' then something else: no procedure enum here
            continue
        if code and line.strip().startswith("};"):
            return rules, diagnostics + _left_open(path, lines, number, comment)
        if line.lstrip().startswith("/**"):
            pending = []
        annotations = [(found.group(1), found.group(2), Location(path, number, found.start() + 1)) for found in _ANNOTATION_RE.finditer(line)]
        if len(annotations) > 1:
            message = "two annotations on one line: gendispatch.pl refuses it (one '@acl:' per line)"
            diagnostics.append(Diagnostic(annotations[1][2], "warning", message, RULE))
        pending += annotations
        entry = _ENTRY_RE.match(line) if code else None
        if entry is None:
            continue
        where = Location(path, number, len(line) - len(line.lstrip()) + 1)
        rules[procedure_key(entry.group(2))] = _acls(entry.group(1) + "_PROC_" + entry.group(2), pending, where, diagnostics)
        pending = []
    diagnostics.append(_unfinished(path, opening, comment))
    return rules, diagnostics


def _comment_after(path: str, number: int, line: str, comment: Location | None) -> Location | None:
    """The ``/* */`` comment still open at the end of ``line`` (where it began), given the one
    open at its start (reopened in front of the line to be scanned on), by the rules of
    :func:`unclosed_comment`: an ``enum`` or ``};`` inside a comment is no code."""
    if comment is None and "/*" not in line:
        return None  # most lines, at a fraction of the scan's cost
    carried = "/*" if comment is not None else ""
    opened = unclosed_comment(carried + line)
    if opened is None:
        return None
    return comment if carried and opened == 0 else Location(path, number, opened - len(carried) + 1)


def _left_open(path: str, lines: list[str], number: int, comment: Location | None) -> list[Diagnostic]:
    """The error for a comment the file ends inside after its procedure enum
    (``comment``: the one open at the end of line ``number``, the ``};``):
    rpcgen rejects such a file, so libvirt's build could not have taken it."""
    for later, line in enumerate(lines[number:], start=number + 1):
        comment = _comment_after(path, later, line, comment)
    if comment is None:
        return []
    return [Diagnostic(comment, "error", "a comment that is never closed: the file ends inside it", RULE)]


def _without_comments(line: str) -> str:
    """``line`` with its ``/* */`` comments blanked, and one it opens and does not close cut off."""
    closed = _CLOSED_COMMENT_RE.sub(lambda comment: " " * len(comment.group()), line)
    return closed.split("/*", 1)[0]


_CLOSED_COMMENT_RE = re.compile(r"/\*.*?\*/")


def _unfinished(path: str, opening: tuple[Location, str] | None, comment: Location | None) -> Diagnostic:
    """The error for a file that ends before its procedure enum is closed, or holds none:
    cut short (or no protocol file), it would give fewer access rules than it has, or none,
    with exit 0 (see the module docstring)."""
    if opening is not None:
        where, enum = opening
        inside = f"in the comment opened at line {comment.line}" if comment is not None else "inside it"
        message = f"'enum {enum}' is never closed with '}};': the file ends {inside}, so the access rules of the procedures cut off are lost"
        return Diagnostic(where, "error", message, RULE)
    enum = _expected_enum(path)
    if comment is not None:
        message = f"a comment that is never closed: the file ends inside it, and no 'enum {enum} {{ ... }};' came before"
        return Diagnostic(comment, "error", message, RULE)
    message = f"not a {Path(path).name}: no 'enum {enum} {{ ... }};' found, so no access rules are read"
    return Diagnostic(Location(path, 1, 1), "error", message, RULE)


def _expected_enum(path: str) -> str:
    """The enum a protocol file is named for: ``qemu_protocol.x`` -> ``qemu_procedure``."""
    name = Path(path).name
    return name[: -len("_protocol.x")] + "_procedure" if name.endswith("_protocol.x") and len(name) > len("_protocol.x") else "..._procedure"


def _acls(procedure: str, annotations: list[tuple[str, str, Location]], where: Location, diagnostics: list[Diagnostic]) -> tuple[Acl, ...]:
    checks = [value for kind, value, _ in annotations if kind == "acl"]
    if not checks:
        diagnostics.append(Diagnostic(where, "warning", f"{procedure} has no @acl annotation", RULE))
    if "none" in checks:
        if len(checks) > 1:
            diagnostics.append(Diagnostic(where, "warning", f"{procedure} combines '@acl: none' with other rules", RULE))
        checks = []
    whole = [(kind, value) for kind, value, at in annotations if (kind == "aclfilter" or value in checks) and _whole(kind, value, at, diagnostics)]
    found = [_acl("check", value, where) for kind, value in whole if kind == "acl"]
    found += [_acl("filter", value, where) for kind, value in whole if kind == "aclfilter"]
    return tuple(found)


def _whole(kind: str, value: str, at: Location, diagnostics: list[Diagnostic]) -> bool:
    """Whether the annotation names an object and a permission (``domain:write``); a warning where not."""
    object_, _, permission = value.partition(":")
    if object_ and permission.partition(":")[0]:
        return True
    message = f"'@{kind}: {value}' names no {'permission' if object_ else 'object'}: OBJECT:PERMISSION expected, so it is left out"
    diagnostics.append(Diagnostic(at, "warning", message, RULE))
    return False


def _acl(kind: str, value: str, where: Location) -> Acl:
    parts = value.split(":", 3) + ["", "", ""]
    if kind == "filter":
        return Acl(kind, parts[0], parts[1], location=where)
    return Acl(kind, parts[0], parts[1], parts[2], parts[3], where)


# A procedure's argument struct (``struct remote_connect_get_max_vcpus_args {``) and the optional string
# fields in it: a ``<x>_string`` is the pointer typedef of ``<x>_nonnull_string`` (remote_protocol.x line 54).
# (no leading ``\b``: it keeps the regex engine from searching for the literal, 3x slower)
_ARGS_STRUCT_RE = re.compile(r"struct\s+([a-z]+_\w+_args)\s*\{([^{}]*)\}")
_OPTIONAL_STRING_RE = re.compile(r"(?:^|;)\s*[a-z]+_string\s+(\w+)\s*(?=;)")
_COMMENT_RE = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)


def read_optional_strings(text: str) -> dict[str, frozenset[str]]:
    """The string arguments each procedure may send as NULL (``remote_string``), by
    procedure key (:func:`procedure_key`), for procedures that have any."""
    found: dict[str, frozenset[str]] = {}
    for struct in _ARGS_STRUCT_RE.finditer(text):
        body = struct.group(2)
        if "_string" not in body or _in_word(text, struct.start()) or _in_comment(text, struct.start()):
            continue  # most structs; only the few with a string pay for the other checks
        names = frozenset(_OPTIONAL_STRING_RE.findall(_COMMENT_RE.sub(" ", body) if "/*" in body else body))
        if names:  # remote_connect_get_max_vcpus_args -> CONNECTGETMAXVCPUS
            found[procedure_key(struct.group(1).split("_", 1)[1].removesuffix("_args"))] = names
    return found


def _in_word(text: str, offset: int) -> bool:
    """Whether ``offset`` continues a word (``mystruct remote_x_args``)."""
    return offset > 0 and (text[offset - 1].isalnum() or text[offset - 1] == "_")


def _in_comment(text: str, offset: int) -> bool:
    """Whether ``offset`` lies inside a ``/* */`` comment (they do not nest)."""
    return text.rfind("/*", 0, offset) > text.rfind("*/", 0, offset)
