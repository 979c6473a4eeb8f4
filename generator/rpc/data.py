"""The reviewed data file ``procedures.toml``: typed, validated, read once per call.

Kept beside this module so it ships inside the wheel; nothing else is read.
Maintainers edit it (docs/rpc.md, "scope edits"), so a mistake in it is bad
input, not a bug: every one is a :class:`DataError` naming the place, which
the backend reports as an ``rpc-data`` error (``procedures.toml:23:12:
error: ...``; the file named by its absolute path, as it may lie in an
installed wheel) and nothing is written.  tomllib gives no positions past
its own syntax errors, so an entry's mistake is placed at the line of its
table (``[procedures.virDomainCheckpointDelete]``), found in the text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .numbers import PROCEDURE_MAX

DATA_FILE = Path(__file__).with_name("procedures.toml")
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
    """The data file is malformed; the message names the entry, ``line`` and ``col`` the
    place (counted from 1; 0 when the file as a whole is wrong)."""

    def __init__(self, message: str, line: int = 0, col: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


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
        return _facts(raw)
    except DataError as error:
        if error.line or not error.message.startswith("["):
            raise
        raise DataError(error.message, _table_line(text, error.message[1 : error.message.index("]")])) from None


def _table_line(text: str, table: str) -> int:
    """The line of ``[table]`` (``procedures.virX``, quotes and spaces allowed as TOML allows them), 0 if none."""
    parts = [re.escape(part) for part in table.split(".")]
    pattern = re.compile(r"^[ \t]*\[\s*" + r"\s*\.\s*".join(f'(?:{part}|"{part}")' for part in parts) + r"\s*\]", re.MULTILINE)
    found = pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found is not None else 0


def _table(raw: dict[str, Any], name: str) -> dict[str, Any]:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise DataError(f"[{name}]: must be a table, not {type(value).__name__}")
    return value


def _facts(raw: dict[str, Any]) -> Facts:
    program = _table(raw, "program")
    for key in ("number", "version", "string_max"):
        if not isinstance(program.get(key), int) or isinstance(program.get(key), bool):
            raise DataError(f"[program]: '{key}' must be an integer")
    headers = _table(raw, "scope").get("headers", [])
    if not isinstance(headers, list) or not all(isinstance(h, str) for h in headers):
        raise DataError("[scope]: 'headers' must be a list of strings")
    for kind in ("handles", "transport", "procedures"):
        for name, entry in _table(raw, kind).items():
            if not isinstance(entry, dict):
                raise DataError(f"[{kind}.{name}]: must be a table, not {type(entry).__name__}")
    return Facts(
        program_name=str(program.get("name", "remote")),
        program_number=int(program["number"]),
        program_version=int(program["version"]),
        string_max=int(program["string_max"]),
        procedure_prefix=str(program.get("procedure_prefix", "REMOTE_PROC_")),
        scope_headers=tuple(str(h) for h in raw.get("scope", {}).get("headers", [])),
        handles=tuple(_handle(name, entry) for name, entry in raw.get("handles", {}).items()),
        transport=tuple(sorted((_procedure(name, entry, "transport") for name, entry in raw.get("transport", {}).items()), key=lambda p: p.number)),
        procedures=tuple(_procedure(name, entry) for name, entry in raw.get("procedures", {}).items()),
        error_domains=tuple(sorted((str(k), str(v)) for k, v in _table(raw, "error_domains").items())),
        library=str(program.get("library", "libvirt")),
    )


def _handle(name: str, entry: dict[str, Any]) -> HandleFacts:
    where = f"[handles.{name}]"
    if entry.get("connection"):
        return HandleFacts(name, True, "", None, "", (), None, None)
    pairs = entry.get("fields")
    if not isinstance(pairs, list) or not all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pairs):
        raise DataError(f"{where}: 'fields' must be a list of [type, name] pairs of strings")
    return HandleFacts(
        name,
        False,
        _string(entry, "struct", where),
        _optional_string(entry, "optional", where),
        _string(entry, "member", where),
        tuple((t, n) for t, n in pairs),
        _optional_string(entry, "list_max", where),
        _integer(entry, "list_max_value", where),
    )


def _procedure(name: str, entry: dict[str, Any], kind: str = "procedures") -> ProcedureFacts:
    where = f"[{kind}.{name}]"
    number = entry.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or number <= 0:
        raise DataError(f"{where}: 'number' must be a positive integer")
    if number > PROCEDURE_MAX:  # the dispatch table has a slot per number (generator/rpc/numbers.py)
        raise DataError(f"{where}: 'number' must be at most {PROCEDURE_MAX}")
    generate = entry.get("generate", "both")
    if generate not in GENERATE_VALUES:
        raise DataError(f"{where}: 'generate' must be one of {', '.join(GENERATE_VALUES)}")
    names = entry.get("names", {})
    if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
        raise DataError(f"{where}: 'names' must be a table of strings (C parameter = wire member name)")
    return ProcedureFacts(
        key=name,
        number=number,
        generate=generate,
        priority=_optional_string(entry, "priority", where),
        acl=_strings(entry, "acl", where),
        nullable=_strings(entry, "nullable", where),
        names=tuple(sorted(names.items())),
        list_max=_optional_string(entry, "list_max", where),
    )


def _string(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str):
        raise DataError(f"{where}: '{key}' must be a string")
    return value


def _optional_string(entry: dict[str, Any], key: str, where: str) -> str | None:
    return None if entry.get(key) is None else _string(entry, key, where)


def _strings(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def _integer(entry: dict[str, Any], key: str, where: str) -> int | None:
    value = entry.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise DataError(f"{where}: '{key}' must be an integer")
    return value
