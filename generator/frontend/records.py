"""Plain declaration records: what the pycparser adapter (``cdecl``) hands out.

Kept apart from ``cdecl`` so that code reading the records (the builder, and
the parent process when the parse runs in a child) never imports pycparser.
C types are spelled the way libvirt spells them (``const char *``,
``virDomainCheckpointPtr **``); positions are those pycparser reports (a line
in the real header, thanks to the kept ``#line`` markers).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..pickling import pickled_as_call


@pickled_as_call
@dataclass(frozen=True, slots=True)
class Pos:
    file: str
    line: int
    col: int


@pickled_as_call
@dataclass(frozen=True, slots=True)
class CParam:
    name: str
    type: str


@pickled_as_call
@dataclass(frozen=True, slots=True)
class CFunction:
    name: str
    return_type: str
    params: tuple[CParam, ...]
    pos: Pos


@pickled_as_call
@dataclass(frozen=True, slots=True)
class CFuncType:
    name: str
    return_type: str
    params: tuple[CParam, ...]
    pos: Pos


@pickled_as_call
@dataclass(frozen=True, slots=True)
class CEnumerator:
    name: str
    value: int | None
    pos: Pos


@pickled_as_call
@dataclass(frozen=True, slots=True)
class CEnum:
    name: str  # typedef name, "" for an anonymous enum
    members: tuple[CEnumerator, ...]
    pos: Pos


@pickled_as_call
@dataclass(frozen=True, slots=True)
class CField:
    name: str
    type: str
    is_array: bool
    union: tuple[CField, ...] | None
    pos: Pos


@pickled_as_call
@dataclass(frozen=True, slots=True)
class CStructBody:
    tag: str
    fields: tuple[CField, ...]
    pos: Pos


@pickled_as_call
@dataclass(frozen=True, slots=True)
class CTypedef:
    name: str
    type: str  # "struct _virX", "virX *", "int", ...
    pos: Pos


@pickled_as_call
@dataclass(frozen=True, slots=True)
class CVariable:
    name: str
    type: str
    pos: Pos


@dataclass
class Declarations:
    functions: list[CFunction]
    functypes: list[CFuncType]
    enums: list[CEnum]
    typedefs: list[CTypedef]
    struct_bodies: list[CStructBody]
    variables: list[CVariable]
