"""The reviewed data file ``procedures.toml``: typed, validated, read once per call.

Kept beside this module so it ships inside the wheel; nothing else is read.
"""

from __future__ import annotations

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
    """The data file is malformed; the message names the entry."""


def load_facts(text: str | None = None) -> Facts:
    """Parse ``procedures.toml`` (or ``text`` in its format)."""
    raw = tomllib.loads(DATA_FILE.read_text(encoding="utf-8") if text is None else text)
    program = raw.get("program", {})
    return Facts(
        program_name=str(program.get("name", "remote")),
        program_number=int(program["number"]),
        program_version=int(program["version"]),
        string_max=int(program["string_max"]),
        procedure_prefix=str(program.get("procedure_prefix", "REMOTE_PROC_")),
        scope_headers=tuple(str(h) for h in raw.get("scope", {}).get("headers", [])),
        handles=tuple(_handle(name, entry) for name, entry in raw.get("handles", {}).items()),
        transport=tuple(sorted((_procedure(name, entry) for name, entry in raw.get("transport", {}).items()), key=lambda p: p.number)),
        procedures=tuple(_procedure(name, entry) for name, entry in raw.get("procedures", {}).items()),
        error_domains=tuple(sorted((str(k), str(v)) for k, v in raw.get("error_domains", {}).items())),
        library=str(program.get("library", "libvirt")),
    )


def _handle(name: str, entry: dict[str, Any]) -> HandleFacts:
    if entry.get("connection"):
        return HandleFacts(name, True, "", None, "", (), None, None)
    try:
        fields = tuple((str(t), str(n)) for t, n in entry["fields"])
        return HandleFacts(
            name,
            False,
            str(entry["struct"]),
            entry.get("optional"),
            str(entry["member"]),
            fields,
            entry.get("list_max"),
            entry.get("list_max_value"),
        )
    except (KeyError, ValueError, TypeError) as error:
        raise DataError(f"handles.{name}: needs struct, member and fields ([type, name] pairs): {error}") from None


def _procedure(name: str, entry: dict[str, Any]) -> ProcedureFacts:
    if not isinstance(entry.get("number"), int) or entry["number"] <= 0:
        raise DataError(f"{name}: 'number' must be a positive integer")
    if entry["number"] > PROCEDURE_MAX:  # the dispatch table has a slot per number (generator/rpc/numbers.py)
        raise DataError(f"{name}: 'number' must be at most {PROCEDURE_MAX}")
    generate = str(entry.get("generate", "both"))
    if generate not in GENERATE_VALUES:
        raise DataError(f"{name}: 'generate' must be one of {', '.join(GENERATE_VALUES)}")
    return ProcedureFacts(
        key=name,
        number=entry["number"],
        generate=generate,
        priority=entry.get("priority"),
        acl=tuple(str(a) for a in entry.get("acl", [])),
        nullable=tuple(str(n) for n in entry.get("nullable", [])),
        names=tuple(sorted((str(k), str(v)) for k, v in entry.get("names", {}).items())),
        list_max=entry.get("list_max"),
    )
