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

Two things serve only the rare redeclaration (a name declared twice, which
:mod:`.builder` accepts when the types agree and rejects in gcc's words
otherwise); ``cdecl`` fills them in only when some name is declared twice,
so a tree without one pays nothing for them:

* ``ctype`` of a function, function type, typedef or variable: its type as
  C sees it (:class:`CType`: typedef names resolved, specifiers in one
  order), compared with :func:`compatible`, C's rule (C17 6.2.7), not the
  spelling: ``unsigned`` and ``unsigned int``, ``virConnectPtr`` and
  ``virConnect *`` are one type.
* :attr:`Declarations.runs`: the unit's stretches of lines in the order cpp
  wrote them, so that "the later declaration" (the one an error is about) is
  the later one in the unit, as gcc sees it, even across files and when one
  file includes another.
"""

from __future__ import annotations

from typing import NamedTuple


class CType(NamedTuple):
    """A C type in canonical form: two types are the same type when their
    CTypes are :func:`compatible` (see the module docstring)."""

    kind: str  # "base", "struct", "union", "enum", "ptr", "array", "func"
    quals: str = ""  # its qualifiers, sorted ("const volatile"); an array's: those written in its []
    name: str = ""  # base: the specifiers in one order ("unsigned long"); a tag: the tag, or
    #                 "@file:line:col" of the body of an untagged one (each is a type of its own);
    #                 an array: its bound ("" when not given)
    inner: CType | None = None  # what a pointer points to, an array's element, a function's return type
    params: tuple[CType, ...] | None = None  # a function's parameters (as adjusted); None: no prototype ("f()")
    variadic: bool = False  # a function ending in "..."


# the parameter types the default argument promotions change: a function
# without a prototype is compatible with no prototype taking one (C17 6.7.6.3p15)
_PROMOTED = frozenset({"char", "signed char", "unsigned char", "short", "unsigned short", "_Bool", "float"})


def compatible(one: CType, other: CType) -> bool:
    """Whether two canonical types are compatible (C17 6.2.7): the same but for
    an array bound given on one side only, or a function declared without a
    prototype (``f()``) on one side whose prototype on the other is not
    variadic and takes no parameter the default argument promotions change."""
    if one.kind != other.kind or one.quals != other.quals:
        return False
    if one.kind not in ("ptr", "array", "func"):
        return one.name == other.name
    if one.kind == "array" and one.name and other.name and one.name != other.name:
        return False
    if one.inner is None or other.inner is None:
        return one.inner is other.inner
    if not compatible(one.inner, other.inner):
        return False
    return one.kind != "func" or _same_parameters(one, other)


def _same_parameters(one: CType, other: CType) -> bool:
    if one.params is None or other.params is None:
        prototype = other if one.params is None else one
        if prototype.params is None:
            return True
        return not prototype.variadic and not any(p.kind == "base" and p.name in _PROMOTED for p in prototype.params)
    if one.variadic != other.variadic or len(one.params) != len(other.params):
        return False
    return all(compatible(a, b) for a, b in zip(one.params, other.params, strict=True))


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
    ctype: CType | None = None  # see the module docstring


class CFuncType(NamedTuple):
    name: str
    return_type: str
    params: tuple[CParam, ...]
    pos: Pos
    ctype: CType | None = None  # see the module docstring


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
    ctype: CType | None = None  # see the module docstring


class CVariable(NamedTuple):
    name: str
    type: str
    pos: Pos
    ctype: CType | None = None  # see the module docstring


class Declarations(NamedTuple):
    functions: list[CFunction]
    functypes: list[CFuncType]
    enums: list[CEnum]
    typedefs: list[CTypedef]
    struct_bodies: list[CStructBody]
    variables: list[CVariable]
    # the unit's stretches of lines, in its order: (marker file, first line, last line);
    # () when no name is declared twice (see the module docstring)
    runs: tuple[tuple[str, int, int], ...] = ()
