"""The reviewed data file ``procedures.toml``: typed, validated, read once per call.

Kept beside this module so it ships inside the wheel; nothing else is read.
Maintainers edit it (docs/rpc.md, "scope edits"), so a mistake in it is bad
input, not a bug: everything the rules and templates take from it is checked
here, before a line is rendered (a value that passed unchecked wrote
``_PROGRAM = 0x-0000001``, or a ``.x`` member with no name; review, session
36), and every mistake is a :class:`DataError` naming the place, which
the backend reports as an ``rpc-data`` error (``procedures.toml:23:12:
error: ...``; the file named by its absolute path, as it may lie in an
installed wheel) and nothing is written.  tomllib gives no positions past
its own syntax errors, so an entry's mistake is placed at the line of its
table (``[procedures.virDomainCheckpointDelete]``), found in the text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .numbers import PROCEDURE_MAX

DATA_FILE = Path(__file__).with_name("procedures.toml")
RULE = "rpc-data"  # the rule of every diagnostic about the data file
GENERATE_VALUES = ("both", "client", "server", "none")


@dataclass(frozen=True, slots=True)
class HandleFacts:
    c_class: str  # "virDomain"
    connection: bool  # the connection itself: never on the wire
    struct: str  # "remote_nonnull_domain"
    optional: str | None  # "remote_domain": the pointer typedef, when the protocol has one
    member: str  # member name of an argument or return of this type
    fields: tuple[tuple[str, str], ...]  # (XDR type, name)
    list_max: str | None
    list_max_value: int | None


@dataclass(frozen=True, slots=True)
class ProcedureFacts:
    key: str  # C function name, or the transport procedure's name
    number: int
    generate: str
    priority: str | None
    acl: tuple[str, ...]
    nullable: tuple[str, ...]
    names: tuple[tuple[str, str], ...]  # C parameter (or "return") → wire member name
    list_max: str | None

    def member_name(self, c_name: str, default: str) -> str:
        return dict(self.names).get(c_name, default)


@dataclass(frozen=True, slots=True)
class Facts:
    program_name: str
    program_number: int
    program_version: int
    string_max: int
    procedure_prefix: str
    scope_headers: tuple[str, ...]
    handles: tuple[HandleFacts, ...]
    transport: tuple[ProcedureFacts, ...]
    procedures: tuple[ProcedureFacts, ...]
    error_domains: tuple[tuple[str, str], ...] = ()  # .c module → VIR_FROM_* name, where the rule does not give it
    library: str = "libvirt"  # the library whose handles travel on this program: the Python client's classes
    source: str = ""  # the text read, where a note finds the line of a table (place)

    def place(self, *table: str) -> int:
        """The line ``table`` (``"procedures", "virX"``) is written at, 0 if unknown: looked up when a note
        needs it (rarely), not for every table of every run."""
        return _entry_line(self.source, table) if self.source else 0

    def handle(self, c_class: str) -> HandleFacts | None:
        return next((h for h in self.handles if h.c_class == c_class), None)

    def error_domain(self, module: str) -> str:
        """The ``VIR_FROM_*`` name libvirt reports from the public functions of the ``.c``
        module (its ``VIR_FROM_THIS``): the data file's entry, else the module's own name
        (``libvirt-domain-checkpoint`` → ``VIR_FROM_DOMAIN_CHECKPOINT``)."""
        listed = dict(self.error_domains).get(module)
        return listed or "VIR_FROM_" + module.removeprefix("libvirt-").upper().replace("-", "_")

    def procedure(self, function: str) -> ProcedureFacts | None:
        return next((p for p in self.procedures if p.key == function), None)


class DataError(ValueError):
    """The data file is malformed; the message names the entry, ``table`` its path
    (``("procedures", "virX")``), ``line`` and ``col`` the place (counted from 1; 0 when
    not known yet: :func:`load_facts` finds the table's line in the text)."""

    def __init__(self, message: str, line: int = 0, col: int = 0, table: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col
        self.table = table


def _fail(table: tuple[str, ...], text: str) -> DataError:
    return DataError(f"[{'.'.join(table)}]: {text}", table=table)


# The XDR types a handle's wire struct may hold besides other handles' structs, and the Python
# client's codec of each (generator/backends/rpc.py).
XDR_FIELD_CODECS = {
    "int": "i32", "unsigned int": "u32", "hyper": "i64", "unsigned hyper": "u64",
    "remote_nonnull_string": "string", "remote_string": "optional_string", "remote_uuid": "uuid",
}
# libvirt's error reply (remote_error) carries a domain and a network: their wire structs must be described.
ERROR_REPLY_STRUCTS = ("remote_nonnull_domain", "remote_nonnull_network")
# The session procedures the Python client's transport sends itself (templates/rpc/libvirt_remote.py.j2:
# open, authentication, close): their numbers must be given.
SESSION_PROCEDURES = ("CONNECT_OPEN", "AUTH_LIST", "CONNECT_CLOSE")
_UINT_MAX = 0xFFFFFFFF  # XDR's unsigned int: the program's number and version, a string's bound
_KEYS = {
    "program": ("name", "number", "version", "string_max", "procedure_prefix", "library"),
    "scope": ("headers",),
    "handles": ("connection", "struct", "optional", "member", "fields", "list_max", "list_max_value"),
    "transport": ("number", "generate", "priority", "acl", "nullable", "names", "list_max"),
    "procedures": ("number", "generate", "priority", "acl", "nullable", "names", "list_max"),
    "error_domains": (),
}
_IDENTIFIER_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# tomllib's place in its message (3.11-3.13 have no attributes for it): "... (at line 23, column 12)"
_TOML_PLACE_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def load_facts(text: str | None = None) -> Facts:
    """Parse ``procedures.toml`` (or ``text`` in its format); :class:`DataError` for any mistake in it."""
    if text is None:
        try:
            text = DATA_FILE.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise DataError(f"cannot read the data file: {error}") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        place = _TOML_PLACE_RE.search(str(error))
        if place is None:
            raise DataError(f"not TOML: {error}") from None
        raise DataError(f"not TOML: {str(error)[: place.start()]}", int(place.group(1)), int(place.group(2))) from None
    try:
        facts = _facts(raw)
    except DataError as error:
        if error.line or not error.table:
            raise
        raise DataError(error.message, _entry_line(text, error.table), 0, error.table) from None
    return replace(facts, source=text)


def _key(name: str) -> str:
    """A TOML key as it may be written: bare, "basic" or 'literal'."""
    return f"(?:{re.escape(name)}|\"{re.escape(name)}\"|'{re.escape(name)}')"


def _entry_line(text: str, table: tuple[str, ...]) -> int:
    """The line where ``table`` is written: its ``[a.b]`` header; else, for ``a.b``, the ``b = ...``
    line under ``[a]`` or an ``a.b = ...`` line; else the ``[a]`` header; 0 if none."""

    def line_of(pattern: str, start: int = 0) -> int:
        found = re.compile(pattern, re.MULTILINE).search(text, start)
        return text.count("\n", 0, found.start()) + 1 if found is not None else 0

    dotted = r"\s*\.\s*".join(_key(part) for part in table)
    header = line_of(r"^[ \t]*\[\s*" + dotted + r"\s*\]")
    assigned = r"(?:\s*\.[^=\n]*)?[ \t]*="  # "x = ...", or a dotted key going deeper: "x.number = ..."
    if header or len(table) < 2:  # a whole kind ("[transport]" lacking an entry): else its first "[transport.x]"
        return header or line_of(r"^[ \t]*" + dotted + assigned) or line_of(r"^[ \t]*\[\s*" + dotted + r"\s*\.")
    parent = re.compile(r"^[ \t]*\[\s*" + _key(table[0]) + r"\s*\]", re.MULTILINE).search(text)
    under = line_of(r"^[ \t]*" + _key(table[1]) + assigned, parent.end()) if parent is not None else 0
    return under or line_of(r"^[ \t]*" + dotted + assigned) or (text.count("\n", 0, parent.start()) + 1 if parent is not None else 0)


def _table(raw: dict[str, Any], name: str) -> dict[str, Any]:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise _fail((name,), f"must be a table, not {type(value).__name__}")
    return value


def _known_keys(entry: dict[str, Any], kind: str, table: tuple[str, ...]) -> None:
    """A key the tool does not read is a mistake (``acls`` for ``acl`` would drop the access rules)."""
    known = _KEYS[kind]
    for key in entry:
        if key not in known:
            raise _fail(table, f"unknown key '{key}' (known: {', '.join(known)})")


def _facts(raw: dict[str, Any]) -> Facts:
    for name in raw:
        if name not in _KEYS:
            raise _fail((name,), f"unknown table (known: {', '.join(_KEYS)})")
    program = _table(raw, "program")
    _known_keys(program, "program", ("program",))
    where = ("program",)
    name, prefix = _identifier(program, "name", where, "remote"), _identifier(program, "procedure_prefix", where, "REMOTE_PROC_")
    number, version = _bounded(program, "number", where, 1, _UINT_MAX), _bounded(program, "version", where, 0, _UINT_MAX)
    string_max = _bounded(program, "string_max", where, 1, _UINT_MAX)
    library = program.get("library", "libvirt")
    if library != "libvirt":
        # the program the client speaks is libvirt's remote one: its replies hold libvirt's handles, the ones
        # [handles] describes (libvirt-admin's travel on the admin program; qemu and lxc declare none)
        raise _fail(where, "'library' must be \"libvirt\": the remote program carries libvirt's objects")
    scope = _table(raw, "scope")
    _known_keys(scope, "scope", ("scope",))
    headers = scope.get("headers", [])
    if not isinstance(headers, list) or not all(isinstance(h, str) for h in headers):
        raise _fail(("scope",), "'headers' must be a list of strings")
    entries: dict[str, dict[str, dict[str, Any]]] = {}
    for kind in ("handles", "transport", "procedures"):
        entries[kind] = _table(raw, kind)
        for name, entry in entries[kind].items():
            if not isinstance(entry, dict):
                raise _fail((kind, name), f"must be a table, not {type(entry).__name__}")
            _known_keys(entry, kind, (kind, name))
    handles = tuple(_handle(name, entry) for name, entry in entries["handles"].items())
    transport = tuple(_procedure(name, entry, "transport") for name, entry in entries["transport"].items())
    procedures = tuple(_procedure(name, entry) for name, entry in entries["procedures"].items())
    _check_numbers(transport, procedures)
    missing = [name for name in SESSION_PROCEDURES if name not in entries["transport"]]
    if missing:
        raise _fail(("transport",), f"the client's transport sends {', '.join(SESSION_PROCEDURES)}: give {', '.join(missing)} a table here")
    _check_handles(handles)  # last: what the entries say together, once each reads
    _check_list_maxima(handles, (("transport", transport), ("procedures", procedures)))
    return Facts(
        program_name=name,
        program_number=number,
        program_version=version,
        string_max=string_max,
        procedure_prefix=prefix,
        scope_headers=tuple(headers),
        handles=handles,
        transport=tuple(sorted(transport, key=lambda p: p.number)),
        procedures=procedures,
        error_domains=_error_domains(_table(raw, "error_domains")),
        library=library,
    )


def _error_domains(table: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    for module, domain in table.items():
        if not re.fullmatch(r"libvirt(?:-[a-z0-9]+)*", module):
            raise _fail(("error_domains",), f"'{module}' is no .c module name (libvirt, libvirt-domain, ...)")
        if not isinstance(domain, str) or not re.fullmatch(r"VIR_FROM_[A-Z0-9_]+", domain):
            raise _fail(("error_domains",), f"'{module}' must be a VIR_FROM_* name")
    return tuple(sorted(table.items()))


def _handle(name: str, entry: dict[str, Any]) -> HandleFacts:
    where = ("handles", name)
    connection = entry.get("connection", False)
    if not isinstance(connection, bool):
        raise _fail(where, "'connection' must be true or false")
    if connection:
        return HandleFacts(name, True, "", None, "", (), None, None)
    pairs = entry.get("fields")
    if not isinstance(pairs, list) or not all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pairs):
        raise _fail(where, "'fields' must be a list of [type, name] pairs of strings")
    if any(not _IDENTIFIER_RE.match(field) for _, field in pairs):
        raise _fail(where, "'fields': each name must be a C identifier")
    list_max_value = _integer(entry, "list_max_value", where)
    if list_max_value is not None and not 0 < list_max_value <= _UINT_MAX:
        raise _fail(where, f"'list_max_value' must be between 1 and {_UINT_MAX}")
    return HandleFacts(
        name,
        False,
        _identifier(entry, "struct", where),
        _optional_identifier(entry, "optional", where),
        _identifier(entry, "member", where),
        tuple((t, n) for t, n in pairs),
        _optional_identifier(entry, "list_max", where),
        list_max_value,
    )


def _check_handles(handles: tuple[HandleFacts, ...]) -> None:
    """Every field type is known (an XDR type the client reads, or another handle's struct), and the
    structs the error reply carries are described."""
    structs = {h.struct for h in handles if not h.connection} | {h.optional for h in handles if h.optional}
    for handle in handles:
        for xdr, field in handle.fields:
            if xdr not in XDR_FIELD_CODECS and xdr not in structs:
                known = ", ".join([*XDR_FIELD_CODECS, "a handle's struct"])
                raise _fail(("handles", handle.c_class), f"'fields': the type '{xdr}' of '{field}' is not one the client reads (known: {known})")
    missing = [struct for struct in ERROR_REPLY_STRUCTS if struct not in structs]
    if missing:
        raise _fail(("handles",), f"the error reply carries {' and '.join(ERROR_REPLY_STRUCTS)}: describe {', '.join(missing)} here")


def _check_list_maxima(handles: tuple[HandleFacts, ...], kinds: tuple[tuple[str, tuple[ProcedureFacts, ...]], ...]) -> None:
    """A list bound is a constant the ``.x`` defines from a handle's ``list_max`` and ``list_max_value``: the two
    go together, and a procedure's ``list_max`` names one of them (else the ``.x`` and the client used a
    constant nobody defined)."""
    for handle in handles:
        if (handle.list_max is None) != (handle.list_max_value is None):
            raise _fail(("handles", handle.c_class), "'list_max' and 'list_max_value' go together: the .x defines the one as the other")
    defined = {h.list_max for h in handles if h.list_max}
    for kind, entries in kinds:
        for entry in entries:
            if entry.list_max is not None and entry.list_max not in defined:
                known = ", ".join(sorted(defined)) or "none"
                raise _fail((kind, entry.key), f"'list_max' {entry.list_max} is no handle's list_max (defined: {known})")


def _check_numbers(transport: tuple[ProcedureFacts, ...], procedures: tuple[ProcedureFacts, ...]) -> None:
    """A number names one procedure (the session procedures' too): the dispatch table keeps one per number."""
    owners: dict[int, str] = {}
    for kind, entries in (("transport", transport), ("procedures", procedures)):
        for entry in entries:
            earlier = owners.setdefault(entry.number, f"[{kind}.{entry.key}]")
            if earlier != f"[{kind}.{entry.key}]":
                raise _fail((kind, entry.key), f"'number' {entry.number} is already {earlier}'s: a number names one procedure")


def _procedure(name: str, entry: dict[str, Any], kind: str = "procedures") -> ProcedureFacts:
    where = (kind, name)
    number = entry.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or number <= 0:
        raise _fail(where, "'number' must be a positive integer")
    if number > PROCEDURE_MAX:  # the dispatch table has a slot per number (generator/rpc/numbers.py)
        raise _fail(where, f"'number' must be at most {PROCEDURE_MAX}")
    generate = entry.get("generate", "both")
    if generate not in GENERATE_VALUES:
        raise _fail(where, f"'generate' must be one of {', '.join(GENERATE_VALUES)}")
    priority = entry.get("priority")
    if priority not in (None, "high", "low"):
        raise _fail(where, "'priority' must be \"high\" or \"low\" when given")
    names = entry.get("names", {})
    if not isinstance(names, dict) or not all(isinstance(v, str) and _IDENTIFIER_RE.match(v) and _IDENTIFIER_RE.match(k) for k, v in names.items()):
        raise _fail(where, "'names' must be a table of C identifiers (C parameter = wire member name)")
    acl = _strings(entry, "acl", where)
    for rule in acl:
        if not _acl_rule(rule):
            raise _fail(where, f"'acl': '{rule}' is not 'none' nor OBJECT:PERMISSION[:FLAGS[:PARAM:VALUE]]")
    nullable = _strings(entry, "nullable", where)
    if any(not _IDENTIFIER_RE.match(n) for n in nullable):
        raise _fail(where, "'nullable' must be a list of C parameter names")
    return ProcedureFacts(
        key=name,
        number=number,
        generate=generate,
        priority=priority,
        acl=acl,
        nullable=nullable,
        names=tuple(sorted(names.items())),
        list_max=_optional_identifier(entry, "list_max", where),
    )


def _acl_rule(rule: str) -> bool:
    """An ``@acl`` value as libvirt's gendispatch.pl reads it: ``none``, or object and permission, then
    optionally the flags, then optionally a parameter and its value (``domain:write::source:VALUE``)."""
    parts = rule.split(":")
    if rule == "none":
        return True
    if len(parts) not in (2, 3, 5) or not all(_IDENTIFIER_RE.match(part) for part in parts[:2]):
        return False
    return all(part and not part.isspace() and " " not in part for part in parts[3:])


def _identifier(entry: dict[str, Any], key: str, where: tuple[str, ...], default: str | None = None) -> str:
    value = entry.get(key, default)
    if not isinstance(value, str) or not _IDENTIFIER_RE.match(value):
        raise _fail(where, f"'{key}' must be a C identifier")
    return value


def _optional_identifier(entry: dict[str, Any], key: str, where: tuple[str, ...]) -> str | None:
    return None if entry.get(key) is None else _identifier(entry, key, where)


def _strings(entry: dict[str, Any], key: str, where: tuple[str, ...]) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(where, f"'{key}' must be a list of strings")
    return tuple(value)


def _integer(entry: dict[str, Any], key: str, where: tuple[str, ...]) -> int | None:
    value = entry.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise _fail(where, f"'{key}' must be an integer")
    return value


def _bounded(entry: dict[str, Any], key: str, where: tuple[str, ...], low: int, high: int) -> int:
    value = entry.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise _fail(where, f"'{key}' must be an integer between {low} and {high}")
    return value
