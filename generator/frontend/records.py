"""Plain declaration records: what the pycparser adapter (``cdecl``) hands out.

Kept apart from ``cdecl`` so that code reading the records (the builder, and
the parent process when the parse runs in a child) never imports pycparser.
C types are spelled the way libvirt spells them (``const char *``,
``virDomainCheckpointPtr **``); positions are those pycparser reports (a line
in the real header, thanks to the kept ``#line`` markers).

Records are named tuples, not dataclasses like the model: immutable and
slotted all the same, but a dataclass class costs ~1 ms to create at import
(``exec`` of its generated methods), and every cold run imports these in both
processes before it can read the parse.  (Equality is a tuple's: a record
equals any tuple of the same values; nothing here compares records with
anything but records.)
"""

from __future__ import annotations

from typing import NamedTuple


class Pos(NamedTuple):
    file: str
    line: int
    col: int


class CParam(NamedTuple):
    name: str
    type: str
    line: int  # in its function's file: plain ints, not a Pos, which would
    col: int  # cost a record of its own per parameter in the child's pickle


class CFunction(NamedTuple):
    name: str
    return_type: str
    params: tuple[CParam, ...]
    pos: Pos


class CFuncType(NamedTuple):
    name: str
    return_type: str
    params: tuple[CParam, ...]
    pos: Pos


class CEnumerator(NamedTuple):
    name: str
    value: int | None
    pos: Pos


class CEnum(NamedTuple):
    name: str  # typedef name (else the tag: see cdecl), "" for an anonymous enum
    members: tuple[CEnumerator, ...]
    pos: Pos
    tag: str = ""  # "_virE" of ``enum _virE {...}``; "" when it has none


class CField(NamedTuple):
    name: str
    type: str  # of an array: its element's, every dimension off ("char" for char x[2][3])
    dims: int  # array dimensions: 0 when not an array
    union: tuple[CField, ...] | None
    pos: Pos


class CStructBody(NamedTuple):
    tag: str
    fields: tuple[CField, ...]
    pos: Pos


class CTypedef(NamedTuple):
    name: str
    type: str  # "struct _virX", "virX *", "int", ...
    pos: Pos


class CVariable(NamedTuple):
    name: str
    type: str
    pos: Pos


class Declarations(NamedTuple):
    functions: list[CFunction]
    functypes: list[CFuncType]
    enums: list[CEnum]
    typedefs: list[CTypedef]
    struct_bodies: list[CStructBody]
    variables: list[CVariable]
