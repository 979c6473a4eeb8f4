"""The typed, immutable description of a libvirt API.

Everything here is a frozen, slotted dataclass: no parsing, no I/O, no
rendering.  The frontend builds these nodes; every backend only reads them.

Conventions the whole model shares, decided once:

* C types are kept as libvirt spells them in its headers and its own
  ``libvirt-api.xml`` (``const char *``, ``virDomainCheckpointPtr **``,
  ``unsigned long long``), because those strings are what consumers match on.
* Doc text is kept cleaned (comment stars removed) but otherwise as written;
  the ``Since:`` tag is taken out of the text and kept in ``since``.
* ``since`` is the version the docs claim; ``version`` on a function is the
  ``.syms`` block it is exported from.  They are kept apart on purpose so the
  linter can compare them.
* Every node carries a :class:`Location`: relative to the source tree root,
  or, read from API XML, to the folder holding the XML files; ``NOWHERE``
  where the input gives none (an ``<acls>`` rule of an XML file).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Union

from ..modules import MODULE_NAMES as MODULE_NAMES  # re-exported
from ..pickling import pickled_as_call as _pickled_as_call


@_pickled_as_call
@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A position in an input file; ``file`` is relative to the tree root (or the XML files' folder), ``NOWHERE`` when unknown."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


NOWHERE = Location("<unknown>", 0, 0)


class Ownership(str, Enum):
    """Who releases what a function returns."""

    NONE = "none"  # void, int, ...: nothing to release
    BORROWED = "borrowed"  # const char *: owned by the object it came from
    CALLER_FREES = "caller-frees"  # char *: release with free()
    HANDLE = "handle"  # virXxxPtr: release with the matching virXxxFree() (``releaser``)
    CALLER_RELEASES = "caller-releases"  # a pointer the docs say to release with ``releaser`` (virSaveLastError)


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str
    doc: str
    location: Location = NOWHERE


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class DocParam:
    """One ``@name: text`` entry of a doc comment, as written (it may name no parameter)."""

    name: str
    text: str
    location: Location = NOWHERE  # the doc comment it is part of


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Acl:
    """An access-control rule of a remote procedure (``remote_protocol.x`` annotations).

    ``check``: the caller needs ``permission`` on ``object``, only while the
    conditions hold: ``flag`` ``X|Y`` when the call passes all of them,
    ``!X|Y`` when it passes none of them; ``condition`` ``param:VALUE`` when
    the parameter is VALUE, ``param:!VALUE`` when it is not (as libvirt's
    gendispatch.pl compiles them).  ``filter``: what the call answers about
    (a returned list, a count, the events delivered) covers only the objects
    the caller has ``permission`` on.  Spelled as in the ``.x`` file
    (``domain``, ``fs_freeze``, the ``!`` kept).
    """

    kind: str  # "check" or "filter"
    object: str
    permission: str
    flag: str = ""
    condition: str = ""
    location: Location = NOWHERE  # the procedure's entry in the protocol file


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Function:
    name: str
    header: str  # header module, e.g. "libvirt-domain-checkpoint"
    module: str  # .c module that documents it, e.g. "libvirt-domain-checkpoint"
    return_type: str
    return_doc: str
    ownership: Ownership
    params: tuple[Param, ...]
    description: str
    since: str  # from the doc comment ("" when missing)
    version: str  # from the .syms block ("" when not exported)
    flags_enums: tuple[str, ...]  # the enums a ``flags`` parameter's doc names, first named first
    deprecated: bool  # VIR_DEPRECATED on the declaration, or its doc says so ("Deprecated after 0.4.6.")
    location: Location = NOWHERE
    doc_location: Location = NOWHERE
    doc_params: tuple[DocParam, ...] = ()  # the doc comment's @entries in order, for the linter
    acls: tuple[Acl, ...] = ()  # from the module's protocol file, when the tree has one
    releaser: str = ""  # the function that releases the result (HANDLE, CALLER_RELEASES)
    # the ``const char *`` parameters NULL may be passed for: the module's protocol file sends them as optional,
    # the entry point expects NULL (NULLSTR) and refuses none (frontend/builder.py); empty without a protocol
    # file (and read from API XML)
    nullable_strings: tuple[str, ...] = ()


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class FuncType:
    name: str
    header: str
    return_type: str
    return_doc: str
    params: tuple[Param, ...]
    description: str
    since: str
    location: Location = NOWHERE
    doc_params: tuple[DocParam, ...] = ()


def is_bit_or_zero(value: int | None) -> bool:
    """Whether an enum member's value is 0, one bit, or unknown: an enum whose members all are is a set of
    flags a ``flags`` doc can list (the frontend's ``flags_enums``, the bindings' flags classes)."""
    return not value or (value > 0 and not value & (value - 1))


# the largest int, unsigned int and long: the frontend leaves an implicit member after one without a value
# where gcc finds the next overflows that member's type (see frontend.cdecl._enum)
TYPE_MAXIMA = frozenset({(1 << 31) - 1, (1 << 32) - 1, (1 << 63) - 1})


def may_end_numbering(value: int | None) -> bool:
    """Whether an implicit member after one of ``value`` may have no value (the model's None), which the API XML
    then writes without one: after a type's largest value (``TYPE_MAXIMA``), or after a negative one, which the
    model keeps as apibuild.py computes it where C's is an unsigned type's largest (``~0U``, ``(unsigned)-1``:
    -1 in the model, see frontend.cdecl._enum).  Only a member whose model value is None goes unnumbered."""
    return value is not None and (value in TYPE_MAXIMA or value < 0)


def next_implicit_value(value: int | None) -> int | None:
    """The value C gives an enum member without an initializer after one of ``value``: ``value + 1``, or None
    after an unknown value or past ``2**64 - 1``, which no C type holds (gcc's "overflow in enumeration values")."""
    return value + 1 if value is not None and value < (1 << 64) - 1 else None


def has_doc_comment(function: Function | FuncType) -> bool:
    """Whether a doc comment documents ``function``: any text, ``@`` entry, or its place (a comment holding only a
    ``Since:`` tag).  A header's function read without the ``.c`` file documenting it has none: ``check`` reports
    it (``undocumented-function``), ``diff`` knows nothing of its ``Since:`` or a deprecation its doc would state."""
    return bool(function.description or function.doc_params or function.return_doc or (isinstance(function, Function) and function.doc_location.line))


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class EnumMember:
    name: str
    enum: str  # the enum's name (Enum_.name: its typedef name, else its tag), "" for an anonymous one
    header: str
    value: int | None  # None only when the expression cannot be evaluated
    expression: str  # the initializer spelled from its tokens (``1<<2`` is ``1 << 2``, comments dropped); "" when implicit
    # The member this one repeats, or None.  From sources: the initializer itself
    # when it is a bare identifier naming an enum constant the parse knows (of
    # any enum, even one of another module's headers: VIR_DOMAIN_MEM_LIVE ->
    # VIR_DOMAIN_AFFECT_LIVE); else the first member before it, in declaration
    # order, of the same enum with the same value (builder.values_alias).  From
    # XML the same rule runs on the document order (apixml_reader's docstring).
    alias_of: str | None
    since: str
    doc: str
    sentinel: bool  # guarded by VIR_ENUM_SENTINELS
    location: Location = NOWHERE
    deprecated: bool = False  # its doc says so ("(DEPRECATED)")


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Enum_:
    """A named enum: ``typedef enum {...} name;`` (``name``), or ``enum tag {...};`` no typedef names (``tag``)."""

    name: str
    header: str
    members: tuple[str, ...]
    since: str
    doc: str
    location: Location = NOWHERE


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Typedef:
    """Any typedef that is neither an enum, a struct nor a function type."""

    name: str
    header: str
    type: str
    since: str
    doc: str
    location: Location = NOWHERE


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Field:
    name: str
    type: str  # element type; for arrays the element type
    array_size: str | None  # as written, e.g. "VIR_TYPED_PARAM_FIELD_LENGTH"
    doc: str
    union: tuple[Field, ...] | None  # members when the field is a union
    deprecated: bool
    location: Location = NOWHERE


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Struct:
    """A ``typedef struct _tag name;`` with its fields when they are public."""

    name: str
    header: str
    tag: str
    fields: tuple[Field, ...] | None  # None: opaque
    body_header: str | None  # header holding ``struct tag {...}``, if public
    since: str
    doc: str
    location: Location = NOWHERE


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class MacroParam:
    name: str
    doc: str
    location: Location = NOWHERE  # the doc comment that documents it


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Macro:
    name: str
    header: str
    params: tuple[str, ...] | None  # None: object-like
    param_docs: tuple[MacroParam, ...]
    string: str | None  # set when the body is exactly one string literal
    raw: str  # the body as written, continuations joined, runs of white space one space
    since: str
    doc: str
    location: Location = NOWHERE


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    header: str
    type: str
    since: str
    doc: str
    location: Location = NOWHERE


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Header:
    """One public header of a module."""

    name: str  # "libvirt-domain-checkpoint"
    summary: str
    description: str
    location: Location = NOWHERE

    @property
    def deprecated(self) -> bool:
        return "DEPRECATED" in self.description


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Export:
    """One symbol of a ``.syms`` version script, in file order."""

    name: str
    version: str  # the block it sits in
    location: Location = NOWHERE


Symbol = Union[Function, FuncType, EnumMember, Enum_, Typedef, Struct, Macro, Variable]


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Module:
    """One library: ``libvirt``, ``libvirt-qemu``, ``libvirt-lxc``, ``libvirt-admin``.

    Every tuple is sorted by name so that equal inputs give equal models,
    but ``headers`` (sorted by file name) and ``exports`` (the ``.syms`` order).
    """

    name: str
    headers: tuple[Header, ...]
    functions: tuple[Function, ...]
    functypes: tuple[FuncType, ...]
    enums: tuple[Enum_, ...]
    members: tuple[EnumMember, ...]
    typedefs: tuple[Typedef, ...]
    structs: tuple[Struct, ...]
    macros: tuple[Macro, ...]
    variables: tuple[Variable, ...]
    syms_file: str = ""
    location: Location = NOWHERE
    exports: tuple[Export, ...] = ()  # the .syms file's symbols, first export of each name

    def symbols(self) -> Iterator[Symbol]:
        yield from self.macros
        yield from self.members
        yield from self.enums
        yield from self.typedefs
        yield from self.structs
        yield from self.variables
        yield from self.functions
        yield from self.functypes

    def function(self, name: str) -> Function | None:
        return next((f for f in self.functions if f.name == name), None)

    def member(self, name: str) -> EnumMember | None:
        return next((m for m in self.members if m.name == name), None)


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class EnumTag:
    """How C code can name one named enum of a source tree: ``enum tag`` and/or a typedef name.

    ``diff`` needs it to know that ``enum _virX {...};`` and, later,
    ``enum _virX {...}; typedef enum _virX virX;`` are one enum (the model
    names the first ``_virX`` and the second ``virX``), and that renaming or
    dropping a tag breaks ``enum _virX x;``; the HTML reference shows the
    declaration as written (``enum virX {...};`` when no typedef names it).
    It is kept on :class:`Api`, not on :class:`Enum_`, because every field of
    a module's nodes is part of the JSON export (docs/json.md) and this fact
    is for those two only.
    """

    module: str
    enum: str  # Enum_.name: the typedef name, else the tag
    tag: str  # "_virX" of ``enum _virX``; "" for an untagged enum
    typedef: bool  # a typedef names it; False: only ``enum <tag>`` does (``enum`` is then the tag)


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class AnonymousEnum:
    """One enum body the model names no enum after (its members' ``enum`` is ``""``): ``enum {...};``,
    or a tagged one whose tag another typedef takes as its name (``enum virX {...};`` beside ``typedef enum
    {...} virX;`` or ``typedef int virX;``: see :mod:`generator.frontend.cdecl`).

    The members alone cannot say which of them one body declares: two
    bodies in a row (``enum { X };`` ``enum { Y };``) and one of both read
    the same, and the HTML reference shows each body as C declares it.  On
    :class:`Api`, beside :class:`EnumTag`, so that the JSON export stays as
    documented.
    """

    module: str
    header: str  # header module, as EnumMember.header
    members: tuple[str, ...]  # in declaration order
    tag: str = ""  # "virX" of ``enum virX {...}``, for the HTML reference's declaration; "" for an untagged body


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Api:
    """The whole API: one entry per module, sorted by name."""

    modules: tuple[Module, ...] = field(default_factory=tuple)
    # Every named enum's tag and typedef, from sources; None when not known: an
    # exported XML keeps no enum tag, and an Api rebuilt from modules drops it.
    # Not in the JSON export, which renders ``modules`` only.
    enum_tags: tuple[EnumTag, ...] | None = None
    # Every anonymous enum body, in declaration order, from sources; None when
    # not known, as enum_tags (an XML <enum> names no body).
    anonymous_enums: tuple[AnonymousEnum, ...] | None = None

    def module(self, name: str) -> Module | None:
        return next((m for m in self.modules if m.name == name), None)

