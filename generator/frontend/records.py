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
  ``virConnect *`` are one type; :func:`completes` tells which of two
  compatible ones is C's composite (the one the builder keeps).  A CType
  is flat, its pointers, arrays and functions a tuple of :class:`Layer`:
  a header may write thousands of ``*`` (the parser reads them in a loop),
  and a type nested once per layer ran out of Python's stack when compared
  or pickled for the parent; both walk it in loops now.
* :attr:`Declarations.runs`: the unit's stretches of lines in the order cpp
  wrote them, so that "the later declaration" (the one an error is about) is
  the later one in the unit, as gcc sees it, even across files and when one
  file includes another.
"""

from __future__ import annotations

from typing import NamedTuple


class Layer(NamedTuple):
    """One derivation of a :class:`CType`: a pointer to, an array of, or a
    function returning what the next layer (or the base) is."""

    kind: str  # "ptr", "array", "func"
    quals: str = ""  # its qualifiers, sorted ("const volatile"); an array's: those written in its []
    bound: str = ""  # an array's bound ("" when not given)
    params: tuple[CType, ...] | None = None  # a function's parameters (as adjusted); None: no prototype ("f()")
    variadic: bool = False  # a function ending in "..."


class CType(NamedTuple):
    """A C type in canonical form: two types are the same type when their
    CTypes are :func:`compatible` (see the module docstring).  Flat: the type
    all layers derive from, and the layers outside in (``int *[3]``: an array
    of 3, then a pointer, then ``int``), so that no walk over it, and no
    pickle of it, takes a Python frame per ``*`` or ``[]`` written; only a
    function's parameters nest (at most :data:`MAX_NESTING` deep)."""

    kind: str  # "base", "struct", "union", "enum" ("?": a node cdecl does not know)
    quals: str = ""  # the base's qualifiers, sorted
    name: str = ""  # base: the specifiers in one order ("unsigned long"); a tag: the tag, or
    #                 "@file:line:col" of the body of an untagged one (each is a type of its own)
    layers: tuple[Layer, ...] = ()  # outermost first


# a function's parameter types nest one CType in another: cdecl refuses a
# type nested deeper (through typedefs too), which keeps the few frames per
# level that comparing and pickling it take far from Python's limit
MAX_NESTING = 100

# the parameter types the default argument promotions change: a function
# without a prototype is compatible with no prototype taking one (C17 6.7.6.3p15)
_PROMOTED = frozenset({"char", "signed char", "unsigned char", "short", "unsigned short", "_Bool", "float"})


def compatible(one: CType, other: CType) -> bool:
    """Whether two canonical types are compatible (C17 6.2.7): the same but for
    an array bound given on one side only, or a function declared without a
    prototype (``f()``) on one side whose prototype on the other is not
    variadic and takes no parameter the default argument promotions change.
    A loop over pairs of types still to compare, not recursion."""
    pending = [(one, other)]
    while pending:
        first, second = pending.pop()
        if first is second:  # cdecl shares the types of one typedef's parameters
            continue
        if first[:3] != second[:3] or len(first.layers) != len(second.layers):
            return False
        for a, b in zip(first.layers, second.layers, strict=True):
            if a.kind != b.kind or a.quals != b.quals:
                return False
            if a.kind == "array" and a.bound and b.bound and a.bound != b.bound:
                return False
            if a.kind == "func" and not _same_parameters(a, b, pending):
                return False
    return True


def _same_parameters(one: Layer, other: Layer, pending: list[tuple[CType, CType]]) -> bool:
    """Whether two function layers can agree: their parameter types, still to
    compare, are added to ``pending``."""
    if one.params is None or other.params is None:
        prototype = other if one.params is None else one
        if prototype.params is None:
            return True
        return not prototype.variadic and not any(not p.layers and p.kind == "base" and p.name in _PROMOTED for p in prototype.params)
    if one.variadic != other.variadic or len(one.params) != len(other.params):
        return False
    pending.extend(zip(one.params, other.params, strict=True))
    return True


def completes(one: CType, other: CType) -> bool:
    """Whether ``one``, compatible with ``other``, has every array bound and
    every prototype ``other`` has, at every level: then ``one`` is the
    composite type C forms of the two (C17 6.2.7p3).  ``int[3]`` completes
    ``int[]``, ``int (int)`` completes ``int ()``; the converse is false."""
    pending = [(one, other)]
    while pending:
        first, second = pending.pop()
        if first is second:
            continue
        for a, b in zip(first.layers, second.layers, strict=True):
            if a.kind == "array" and b.bound and not a.bound:
                return False
            if a.kind == "func" and b.params is not None:
                if a.params is None:
                    return False
                pending.extend(zip(a.params, b.params, strict=True))
    return True


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
    # the keyword of a struct or union body written in this member's type whose members no
    # field holds (``struct { int x; } inner;``, ``struct _t {...} *p;``): the builder warns there
    nested: Pos | None = None


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
    # the preprocessor's warnings at places in the headers: (file as the tree names it, line, character column, message)
    cpp_warnings: tuple[tuple[str, int, int, str], ...] = ()
