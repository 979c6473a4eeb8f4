"""The comparison itself: module by module, symbol kind by symbol kind.

Decisions, each with its reason:

* **Export facts are compared only where both sides have them.**  A module
  side carries export facts when it names its ``.syms`` file
  (``Module.syms_file``: a source tree, or our own XML export) or when at least
  one of its functions has a ``version``.  libvirt 7.0.0's ``apibuild.py``
  writes no ``version=`` on any function: reading such an XML as "nothing is
  exported" reported every function as ``function-exported`` (or, the other
  way round, ``function-unexported``, ABI-breaking).  Now, when either side of
  a module lacks export facts, ``function-exported``, ``function-unexported``
  and ``version-moved`` are not reported for it, and an added function's detail
  says its export is unknown.  Two source trees both have a ``.syms`` file, so
  a function dropped from it is still ``function-unexported``.
* **A variable's export is the module's ``exports`` list**: the model's
  ``Variable`` has no version (the XML's ``version`` is its ``Since:``), but
  a source side's ``Module.exports`` (the ``.syms`` reader's symbols) lists
  it.  A variable dropped from the ``.syms`` file is ``variable-unexported``
  and one moved to another block ``version-moved``, both ABI-breaking, as
  for a function (QA: ``virConnectAuthPtrDefault`` removed from
  ``libvirt_public.syms`` was no change).  Only when both sides read a
  ``.syms`` file: an exported XML lists no ``.syms`` symbols (its
  ``<exports>`` are a header's declarations).
* **A declaration gone but still exported is source-breaking**: a
  ``function-removed`` (or ``-renamed``) or ``variable-removed`` whose name
  NEW's ``.syms`` file still lists keeps old binaries linking; only new
  builds fail.  Against an XML NEW nothing says so (see above): ABI-breaking.
* **C types are compared as C tokens**, never as strings: ``char ** *`` (as
  7.0.0's ``apibuild.py`` spells a triple pointer) is ``char ***``, and
  ``const char*`` is ``const char *``.  This holds wherever a type is compared:
  return and parameter types, callback signatures, the signatures that pair a
  rename, variable types, typedef targets, struct fields, and the ``const``
  rule of a parameter.  Details still print each side as it spelled the type.
  Tokens are the ones macro bodies are compared by (:func:`_tokens`), made
  canonical (:func:`_type_tokens`), since one C type has many spellings and
  the QA found ``long`` -> ``long int`` reported ABI-breaking: each run of
  declaration specifiers is written in one order (qualifiers, then other
  words such as ``struct _virX``, then the basic type: ``char const *`` is
  ``const char *``, ``int unsigned`` is ``unsigned int``) and the basic type
  one way (``long int`` is ``long``, ``signed``/``signed int`` is ``int``,
  ``unsigned`` is ``unsigned int``, ``long long int`` is ``long long``;
  ``signed char`` stays apart from ``char``, another type in C).  A
  **pointer typedef** of a side (a model ``Typedef`` whose target ends in
  ``*``, of any module of that side: ``virConnectPtr`` is ``virConnect *``)
  is replaced by its target, through that side's own typedefs, so
  ``virConnectPtr`` -> ``virConnect *`` is no change and ``const
  virConnectPtr`` is ``virConnect * const``.  So is a **typedef of a basic
  type** (``typedef unsigned long long virDomainBlockJobCursor``: a
  parameter going from ``unsigned long long`` to it is no change, the same
  C type; QA's borderline case), and a **typedef of a struct or union
  tag** (``typedef struct _virStream virStream``: ``virStreamPtr`` ->
  ``struct _virStream *`` is no change), or of one of these.  **An enum
  is one token** however a side names it (:func:`_enum_refs`): ``enum
  virTK`` and ``virTK`` of ``typedef enum virTK {...} virTK;``, and a
  typedef standing for it (``typedef enum _virQ virQ3``, ``typedef virQ
  virQ4``), the token the other side gives the same enum
  (:func:`_same_enums`), so ``enum virTK *p`` -> ``virTK *p`` is no change
  (was reported ABI-breaking).  The name after ``enum``, ``struct`` or
  ``union`` is a tag, never a typedef of that spelling (``enum virT``
  beside ``typedef int virT``).  An exported XML keeps no tags: its ``enum virTK``
  is read as a tree on the other side reads it (:meth:`_Constants.borrow_enums`),
  and against another XML compared as spelled.  Other typedefs stay names.
  **A type
  spelled the same on both sides is the same type**, even when a typedef in
  it got another target: that typedef is its own ``typedef-changed``, not a
  change of every parameter, callback parameter and field using it (QA:
  ``virDomainInfoPtr`` retargeted also gave ``virDomainGetInfo: parameter 2
  'info': virDomainInfoPtr -> virDomainInfoPtr``).  So a union member typed
  ``virConnectPtr`` (or a basic typedef) is measured as its target (below).
* **Array dimensions are compared by value** when the value can be computed
  on both sides: an integer constant expression over the side's own
  object-like macros and enum members (of every module of that side), by
  the rules the XML reader resolves enum initializers with (docs/json.md's
  ``value``: C's operators and char constants; ``sizeof`` and names not
  known are not computed).  Otherwise the dimensions are compared as C
  tokens.  An array of several dimensions (``array_size`` ``2][VIR_G``) is
  compared bound by bound, each by value or else as tokens, so
  ``[2][3]`` -> ``[2][VIR_G]`` with ``VIR_G`` 3 is a respelling.  So
  ``doi[VIR_SECURITY_DOI_BUFLEN]`` -> ``doi[VIR_SECURITY_MODEL_BUFLEN]``, both
  ``(256 + 1)``, keeps the layout: it is a ``struct-changed`` record
  classified **compatible** (the size and offset of every field are unchanged,
  and code built against OLD still compiles: if the old macro went away, that
  is its own ``macro-removed`` record).  A dimension with another value, even
  one spelled the same whose macro changed, is ``struct-changed``,
  ABI-breaking; a dimension that cannot be computed on one side and is spelled
  differently is ABI-breaking too (unknown is not assumed equal).
* **An enum member's value not computed on a side is compared as written**
  (C tokens), as an array size is: ``'a'`` -> ``'\xff'`` or
  ``sizeof(int)`` -> ``sizeof(long)`` is a ``member-value-changed``,
  ABI-breaking (unknown is not assumed equal); the same initializer on both
  sides is no change.  A member without initializer counts from the nearest
  one before it (C: the previous value plus one), so a member inserted after
  ``VIR_A = sizeof(int)`` moves the implicit ones after it: compared as
  (that initializer, how many members after it) when both sides are
  sources; an exported XML keeps no declaration order, so against one only
  the initializers as written are compared.
* **Object-like macros are compared by value the same way**: ``(16)`` ->
  ``16`` is a compatible ``macro-value-changed`` ("respelled, same value"),
  consistent with array sizes; another value, or one not computable on a
  side, stays ABI-breaking.  A body spelled the same whose value changed
  (``VIR_DOMAIN_BLOCK_STATS_FIELD_LENGTH`` is ``VIR_TYPED_PARAM_FIELD_LENGTH``,
  80 -> 64) is a ``macro-value-changed`` too, ABI-breaking like a direct
  change, its detail naming what it follows: code built against OLD holds
  the old value.  Only when both values are known: a side that cannot
  compute it (a list of files without ``libvirt-common.h`` defines no
  ``VIR_TYPED_PARAM_FIELD_LENGTH``) compares it as written, the same; a
  name in it that changed is reported itself.
* **``const`` by pointer level** (:func:`_param_type_change`): only ``const``
  added at the first pointee level is compatible (C converts ``T *`` to
  ``const T *``, not ``T **`` to ``const T **``); a top-level ``const`` is not
  part of the function type, so it is never reported, in callback signatures
  neither.
* **A ``const``-only change is never ABI-breaking**: qualifiers change no
  size, offset or calling convention, so a built binary keeps working
  (QA found four called ABI-breaking).  A return type is the parameter rule
  mirrored (:func:`_return_type_change`): ``const`` dropped at the first
  pointee level is compatible (``const char *s = f()`` still builds), any
  other ``const``-only change source-breaking (``char *s = f()`` of a
  ``const char *``), a top-level one (``char * const``) nothing, as it
  means nothing on a value.  A struct field's: source-breaking either way
  and at any level (storing into it, or reading a pointer out of it, no
  longer builds), the layout being compared without ``const``.  A callback's
  (:func:`_callback_change`): source-breaking either way below the top
  level, the application's function no longer having the pointer's type.
* **An enum for its integer type keeps the ABI** (:func:`_enum_for_integer`):
  gcc makes an enum ``unsigned int`` when no value is negative and all fit in
  it, ``int`` when one is negative, else ``unsigned long``/``long``
  (:meth:`_Constants.enum_integer`: gcc's layout on a source side, the
  model's values on an XML side).  QA: ``unsigned int flags`` ->
  ``virDomainCheckpointXMLFlags flags`` was ABI-breaking.  C (gcc) takes the
  two for one compatible type; C++ converts an enum to an integer only, so
  the rule is :func:`_qualifier_change`'s shape: a parameter now the enum is
  source-breaking, one no longer compatible, a return type mirrored, a
  pointer to either source-breaking.  Another integer type stays
  ABI-breaking (signedness noted), and so do two enums of one integer type.
  Parameters and return types only: callbacks, fields, variables and
  typedef targets compare them as two types.
* **A field name kept at another offset is ABI-breaking**: same layout, but
  code built against OLD reaching ``int1`` now reads what was ``int2``.
  Plain renames at the same offsets stay ``field-renamed``.  Struct fields
  only: every union member stands at offset 0, so union members of one type
  swapped (``int i; int j;`` -> ``int j; int i;``) are a union reorder,
  source-breaking (below), not a name moved (QA: was ABI-breaking).
* **A union member's name given to another type is ABI-breaking**: code
  built against OLD reaches a union member by its name, so a union's layout
  is kept only when, besides the same types place by place, each name both
  sides have names the same member (:func:`_same_union`).  ``int i; long c;``
  -> ``int c; long i;`` has the same types in the same places, but ``u.i``
  went from ``int`` to ``long``: OLD's code reads 4 bytes where NEW writes
  8, a member retyped as one retyped in place (detail ``u.i: int i -> long
  i``; it was a reorder, source-breaking).  A reorder is the same names, each
  naming the same member.
* **A union member renamed is paired by its type, wherever it stands**
  (:func:`_union_pairs`): the members are paired by name, then those left in
  declaration order, each left of NEW with the first left of OLD of the
  very same type, then of the same type but for ``const``, then a union of a
  kept layout (several of one type: first with first; ``const char *a; char
  *b;`` -> ``char *x; const char *y;`` is ``b -> x, a -> y``, not both
  renamed with their ``const`` changed).  Every member is at offset 0,
  so ``int i; char c;`` -> ``char ch; int i;`` keeps the union's size and
  alignment, and code built against OLD reading ``u.c`` reads the char NEW
  calls ``ch``: a reorder and a rename, source-breaking (it was ``removed
  char u.c; added char u.ch``, ABI-breaking; only the same types in the same
  places were paired so).  A member of OLD left with none of its type is
  removed, ABI-breaking.  A union renamed in its place in the struct, its
  members reordered (``u`` -> ``v``), is a rename and a reorder too, unless
  the new name was another field's.  When the layout did change (a member
  retyped), a member renamed beside is still said so in the ABI-breaking
  detail (``u.i: int i -> long i; renamed at the same offset: u.c -> u.ch``).
* **Union members added that fit are compatible**: sizes and alignments of
  basic C types and pointers on x86_64 LP64 only (:func:`_size_align`; a
  pointer to a function or an array, ``int (*)(void *)``, is a pointer;
  an array's size is the product of its bounds; a union among the members
  as gcc lays it out, :func:`_union_size_align`, so that ``u`` holding ``u.w``
  can still gain a member); anything unknown does not
  fit.  All members of a union share offset 0, so
  a member no larger and no more aligned than the largest changes nothing.
* **Union members reordered are source-breaking, not ABI-breaking**: every
  member is at offset 0, so the layout is the same; but an initializer
  without designator (``{ x }``) sets the first member, now another one.
  With fitting members added besides, still source-breaking.  Any reorder is
  source-breaking, even one keeping the first member, which breaks no C
  initializer: one rule, on the safe side.  A member added before the first
  one is still a compatible addition when it fits (a known gap: ``{ x }``
  then sets it).  What else changed in such a union (a union within it: a
  member renamed, members of one type swapped) is still named by its path.
* **A union within a union follows the same rules, at any depth**
  (:func:`_union_field`): its members reordered, whatever their types, are
  source-breaking as ``u``'s are (``u.w``'s ``short s; long l;`` -> ``long
  l; short s;`` was ABI-breaking, ``u``'s members being paired by name but
  a union among them compared place by place).  The size and alignment of
  a union are those of its largest and most aligned member, so the same
  members in another order keep them, and with them the layout of the
  union holding it.  Members added to it that fit are compatible, measured
  against that union itself, not the one holding it: one that grew changes
  ``sizeof u.w`` and every copy of it, though ``u`` had room.
* **A struct field renamed in a changed layout is paired only unambiguously**
  (:func:`_struct_pairs`): by name first, then the only field of OLD whose name
  is gone with the only field of NEW whose name is new between the same two
  fields both sides name (or the struct's start or end), of one type (``const``
  aside; a union of a kept layout): ``renamed in its place: value -> val`` in
  the ABI-breaking detail (it was ``removed int value; added int val``).  Not
  "at the same offset": the layout moved, and may have moved it.  Two such
  fields on a side there, or another type, stay removed and added: in a layout
  that moved, neither types nor places tell which became which.
* **Field docs and deprecations are compared whatever else changed**, the
  fields of both sides paired as the verdict pairs them (:meth:`_Differ.field_notes`,
  :func:`_field_pairs`): by name, then a field said renamed with its new name,
  a union member by its type (:func:`_union_pairs`).  A union reordered, a
  field added or renamed beside hid them; paired by name only, a renamed
  member's doc change or new deprecation went unsaid.
* **Values are gcc's between two source trees** (x86_64 Linux, LP64:
  :class:`~generator.frontend.cvalues.CConstants`, built per side on first
  use): enum sizes, member values and macro constants (also one following a
  name) are compared in C's types, ``~0U`` 4294967295 and ``(1 << 31)``
  -2147483648, where the model's ``value`` is apibuild.py's (-1 and
  2147483648: the exports must match it).  So ``~0U`` -> ``0xFFFFFFFFU`` is
  no change, ``~0U`` -> ``-1`` ABI-breaking, and ``-1`` added beside ``~0U``
  widens the enum.  An exported XML holds apibuild.py's numbers (and writes
  ``1 << K`` for any value 2**K), so against one the model's values are
  compared (:attr:`_Sides.in_c`); so are they where gcc's value is not
  computed on a side (for that member, macro or enum).  Details print the
  values compared.  Array sizes keep the model's values.
* **An enum's size is GCC's** (:func:`_enum_bytes`, x86_64, no
  ``-fshort-enums``): ``int`` when every value fits in it, else ``unsigned
  int`` (both 4 bytes), else ``long``/``unsigned long`` (8).  A value added
  beyond that (``1ULL << 40``) widens every object and parameter of the
  type: ``enum-size-changed``, ABI-breaking, and narrowing back too.  Only
  when every member's value is known on both sides (a member not computed
  leaves the size unknown, and its own value change is reported); the
  sentinel (``_LAST``, under ``VIR_ENUM_SENTINELS``) counts, as it is one more
  than the largest value and so changes the size only at 2^31 or 2^32.
* **A function-like macro with an empty body on an XML side** is not
  compared by body: libvirt's ``apibuild.py`` writes ``raw=''`` for every
  function-like macro, which says nothing (as other facts an XML lacks);
  its parameters are still compared.
* **A module on one side only, the other side a list of files**, is not
  compared (:func:`diff`'s ``complete``): ``libvirt-api.xml`` alone says
  nothing of libvirt-qemu, so its functions are not ``function-removed``.
  One ``module-absent`` record (compatible, never counted as a change by the
  CLI) says so.  Likewise a header: a list of files holding some of a
  module's headers says nothing of the others (``libvirt-domain-checkpoint.h``
  alone against a tree removes no ``virDomainCreate``): the other side's
  symbols of a header the list lacks are not compared, and one
  ``header-absent`` record per such header says so.  A symbol the list
  declares in another header moved there (a split header) and is compared
  (:meth:`_Held.covers`): two single XML files of which NEW moved a function
  to a new header do not report it removed, nor added the other way; a
  header whose every symbol moved so gets no note.  A tree or a folder of
  XML files is complete: a module or header it lacks was removed, reported
  symbol by symbol.  And a ``.c`` file: a function's docs are in the one
  defining it, which a list of files may not name (QA: ``libvirt-domain.h``
  and the ``.syms`` file against the tree were "doc-only changes in 7
  symbols"), so a function with no doc comment on a list side, the other
  side documenting it in a ``.c`` file the list documents nothing from, has
  its docs not compared (:meth:`_Differ.unread_source`), and one
  ``docs-absent`` note per such file says so.  A header's own docs are in
  the headers the list names: compared.
* **An enum is one type however C names it**: the model names an enum after
  its (first) typedef, else its tag, so ``enum _virX {...};`` is ``_virX`` and the
  same enum given ``typedef enum _virX virX;`` is ``virX``.  When both sides
  know their enum tags (:class:`~generator.model.EnumTag`, from sources; an
  exported XML keeps none and writes a tag-only enum as a typedef of its
  tag), enums of two names with one tag are one enum: the typedef name added
  is ``type-added`` (compatible), one dropped ``type-removed``
  (source-breaking), and their members did not move.  So are enums of two
  names one of which stands for the other on each side, through a typedef
  (on any side, an XML's too): ``typedef enum {...} virA, virB;`` written
  ``virB, virA`` is the model's enum ``virA`` and typedef ``virB`` of it,
  then enum ``virB`` and typedef ``virA``, one C type both times: no change
  (was ``typedef-changed`` twice, ABI-breaking, and every member
  ``member-moved``).  Which name comes first is the model's choice, not C's,
  so it is not reported; a name put first or dropped is ``type-added`` /
  ``type-removed``, as for a tag.  A tag renamed or
  dropped, of an enum or a struct, is ``tag-changed``, source-breaking
  (``enum _virX x;`` no longer builds; the layout is not touched); a tag
  added is compatible.  A struct's tag is in the XML too, so it is compared
  against one.
* **Details spell a field as C declares it**: ``int (*cb)(void *)``,
  ``char grid[2][3]``, the name inside a function or array pointer's ``(*)``.
* **Deprecation against an XML is what the docs say**: the XML does not carry
  ``VIR_DEPRECATED``; comparing the attribute with its absence reported a
  tree against its own export as "undeprecated".
* **A function with no doc comment says nothing of its Since: or of a
  deprecation its doc would state** (:func:`~generator.model.has_doc_comment`:
  a comment holding only its tag is one): headers read without their ``.c``
  files (``diff TREE include/libvirt/*.h``) reported every function's
  ``Since: X -> (none)`` and ``virDomainCreateLinux`` "no longer deprecated";
  its docs gone are not compared when the side is a list of files lacking
  the ``.c`` file (see above).  Its deprecation is then
  compared only when the bare side has one, which can only be its
  ``VIR_DEPRECATED`` attribute; the model's flag is the attribute or the doc,
  so a side that lost both attribute and doc is not reported either.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Protocol, TypeVar

from ..clex import BLOCK_COMMENT, CHAR, LINE_COMMENT, PUNCTUATOR, STRING
from ..frontend.apixml_reader import evaluate
from ..frontend.cvalues import INT, LONG, UINT, ULONG, CConstants, CType
from ..frontend.rules import doc_deprecated, return_doc_deprecated
from ..model import (
    Api,
    Enum_,
    EnumMember,
    EnumTag,
    Export,
    Field,
    Function,
    Header,
    Location,
    Macro,
    Module,
    Param,
    Struct,
    Symbol,
    Typedef,
    Variable,
    has_doc_comment,
)


class Classification(str, Enum):
    COMPATIBLE = "compatible"
    SOURCE = "source-breaking"
    ABI = "ABI-breaking"


class Facts(str, Enum):
    """What one side of the diff was read from, hence which facts it carries."""

    SOURCE = "source"
    XML = "xml"


@dataclass(frozen=True, slots=True)
class Change:
    module: str
    kind: str  # one of KINDS
    symbol: str
    classification: Classification
    detail: str
    location: Location  # in NEW when the symbol is there, else in OLD
    # the location is OLD's: a removal, a note on what only OLD has, an export OLD's .syms file had (the
    # reader must know which side's folder it is relative to, and the kind alone no longer says it)
    in_old: bool = False
    # a doc-changed's parts with OLD's and NEW's text, whitespace normalised as compared: what changed, without
    # opening both trees (the detail names the parts only)
    texts: tuple[tuple[str, str, str], ...] = ()

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.module, KINDS.index(self.kind), self.symbol, self.detail)


KINDS = (
    "function-removed", "function-renamed", "function-added",
    "return-type-changed", "param-count-changed", "param-type-changed", "param-renamed",
    "version-moved", "function-unexported", "function-exported",
    "callback-removed", "callback-added", "callback-changed",
    "variable-removed", "variable-added", "variable-type-changed", "variable-unexported", "variable-exported",
    "type-removed", "type-added", "typedef-changed", "tag-changed", "struct-changed", "field-renamed", "enum-size-changed",
    "member-removed", "member-added", "member-value-changed", "member-moved",
    "macro-removed", "macro-added", "macro-value-changed", "macro-params-changed",
    "deprecated", "undeprecated",
    "since-changed", "doc-changed",
    "module-absent", "header-absent", "docs-absent",
)  # the report order within a module
ABSENT_KINDS = frozenset({"module-absent", "header-absent", "docs-absent"})  # notes that something was not compared, no changes
ONLY_IN_OLD = "only in OLD"  # how the detail of such a note starts when what it names is OLD's

C, S, A = Classification.COMPATIBLE, Classification.SOURCE, Classification.ABI
VERSION_MACROS = frozenset({"LIBVIR_VERSION_NUMBER"})  # changes with every release by design
RENAME_SIMILARITY = 0.6
_Said = tuple[str, Field | None]  # a part of a struct-changed detail, with the field of NEW it is about (None: removed)
_DocPart = tuple[str, str, str, Location]  # a part of a doc-changed detail, OLD's and NEW's text, where its change points
_Renamed = tuple[str, str, Field]  # a field renamed: OLD's path, NEW's path (``u.c``, ``u.ch``), NEW's field
_UnionFound = tuple[list[_Said], list[_Said], list[_Renamed]]  # a union's layout kept: members added, reordered, renamed


class _Named(Protocol):
    @property
    def name(self) -> str: ...


N = TypeVar("N", bound=_Named)
_Plain = Enum_ | EnumMember | Typedef | Struct | Macro | Variable


@dataclass(frozen=True, slots=True)
class _Sides:
    old: Module
    new: Module
    compare_since_of_functions: bool  # both sides are sources: an exported XML has no function Since: of its own, nor VIR_DEPRECATED
    compare_docs: bool  # whitespace is normalised: the XML keeps one-line docs
    compare_exports: bool  # both sides carry .syms facts (see the module docstring)
    new_knows_exports: bool
    xml: tuple[bool, bool]  # OLD, NEW read from an exported XML (apibuild.py writes no body for function-like macros)
    constants: tuple[_Constants, _Constants]  # OLD's and NEW's, for array dimensions
    # OLD's and NEW's enum tags and typedefs by enum name; None when not known (an XML side)
    enum_tags: tuple[dict[str, EnumTag] | None, dict[str, EnumTag] | None]
    same_enums: Mapping[str, str]  # OLD's enums NEW names otherwise, of every module (:func:`_same_enums`)
    # OLD's and NEW's .c files (by module, ``virerror``) a function is documented from, when the side is a list
    # of files (it read those it names only); None for a tree or XML, which hold every doc (:meth:`_Differ.unread_source`)
    sources_read: tuple[frozenset[str] | None, frozenset[str] | None] = (None, None)
    members: tuple[dict[str, EnumMember], dict[str, EnumMember]] = field(init=False)  # OLD's and NEW's members by name
    # OLD's and NEW's .syms symbols by name (functions and variables); None when a side has no .syms file read
    exports: tuple[dict[str, Export] | None, dict[str, Export] | None] = field(init=False)

    @property
    def in_c(self) -> bool:
        """Values are compared as gcc computes them (:class:`~generator.frontend.cvalues.CConstants`):
        both sides are sources, whose initializers are C's text.  An exported XML holds
        apibuild.py's numbers (``~0U`` is -1) and writes ``1 << K`` for any value 2**K."""
        return self.compare_since_of_functions

    def __post_init__(self) -> None:
        # once per module: enum_size needs them for every enum (a dict per enum cost diff 7.0.0 -> 11.3.0 +56%)
        object.__setattr__(self, "members", (_by_name(self.old.members), _by_name(self.new.members)))
        object.__setattr__(self, "exports", (_syms_exports(self.old, self.xml[0]), _syms_exports(self.new, self.xml[1])))


def _syms_exports(module: Module, xml: bool) -> dict[str, Export] | None:
    """A side's ``.syms`` symbols by name, None when it read no ``.syms`` file.
    An exported XML names its ``.syms`` file (our own export does) but lists no
    symbols of it: its ``<exports>`` are the header's declarations, which a
    removed prototype leaves too."""
    if xml or not module.syms_file:
        return None
    return {export.name: export for export in module.exports}


def _struct_aliases(old: tuple[Struct, ...], new: tuple[Struct, ...]) -> dict[str, tuple[str, ...] | None]:
    """Structs that are one C struct under several typedef names on both sides (``typedef struct
    _virTypedParameter virBlkioParameter;``, as apibuild.py lists each): the name each is compared
    under (its tag's, ``virTypedParameter``, else the model's first) with the other names, and each
    other name with None.  A change
    of the struct was one ``struct-changed`` per name (four for one field of ``_virTypedParameter``,
    QA session 29).  A name sharing the tag on one side only is compared as a struct of its own."""
    def by_tag(structs: tuple[Struct, ...]) -> dict[str, list[str]]:
        tags: dict[str, list[str]] = {}
        for struct in structs:
            if struct.tag and struct.fields is not None:
                tags.setdefault(struct.tag, []).append(struct.name)
        return tags

    before, after = by_tag(old), by_tag(new)
    found: dict[str, tuple[str, ...] | None] = {}
    for tag, names in after.items():
        shared = sorted((name for name in names if name in before.get(tag, ())), key=lambda name: name != tag.lstrip("_"))
        if len(shared) > 1:
            found[shared[0]] = tuple(shared[1:])
            found.update(dict.fromkeys(shared[1:]))
    return found


def _by_name(nodes: tuple[N, ...]) -> dict[str, N]:
    return {node.name: node for node in nodes}


def _split(old: Mapping[str, N], new: Mapping[str, N]) -> tuple[list[str], list[str], list[str]]:
    """(removed, added, common) names, each sorted."""
    return sorted(old.keys() - new.keys()), sorted(new.keys() - old.keys()), sorted(old.keys() & new.keys())


def _flat(text: str) -> str:
    return " ".join(text.split())


# A comment left open takes the rest (a raw value cut inside one): without that alternative every later '/*'
# searched to the end again (10,000 of them in an XML macro's raw: 3.9 s; review, session 36).
_C_TOKEN_RE = re.compile(
    rf"({BLOCK_COMMENT}|{LINE_COMMENT}|/\*[\s\S]*)|({STRING}|{CHAR}|\w+|{PUNCTUATOR}|\S)", re.DOTALL
)


def _tokens(body: str) -> tuple[str, ...]:
    """A macro body as C tokens, comments dropped: ``(4096 + 1)`` and
    ``(4096+1)`` define the same value, and apibuild.py's XML keeps a trailing
    comment that a header's body drops."""
    return tuple(token for comment, token in _C_TOKEN_RE.findall(body) if not comment)


# Where one run of declaration specifiers (or a pointer's qualifiers) ends.
_RUN_BREAKS = frozenset({"*", "(", ")", "[", "]", ","})
_QUALIFIERS = ("const", "restrict", "volatile")  # the order a canonical run writes them in
_BASIC_WORDS = frozenset({"signed", "unsigned", "char", "short", "int", "long", "float", "double", "_Bool", "void"})


def _type_tokens(type_: str, pointers: Mapping[str, str] | None = None, seen: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """A C type as canonical tokens (see the module docstring): each run of
    specifiers and qualifiers in one order (``char const *`` is ``const char *``,
    ``int unsigned`` is ``unsigned int``), the basic type named one way
    (:func:`_basic_type`), and a name of ``pointers`` (a side's pointer
    typedefs, ``virConnectPtr``: ``virConnect *``) replaced by its target."""
    canonical: list[str] = []
    run: list[str] = []
    for token in _tokens(type_):
        if token in _RUN_BREAKS:
            canonical += _specifiers(run, pointers, seen)
            canonical.append(token)
            run = []
        else:
            run.append(token)
    return (*canonical, *_specifiers(run, pointers, seen))


def _specifiers(run: list[str], pointers: Mapping[str, str] | None, seen: frozenset[str]) -> list[str]:
    """One run of declaration specifiers, canonical: qualifiers, then other words
    as written (``struct _virX``, a typedef name), then the basic type."""
    qualifiers = [q for q in _QUALIFIERS if q in run]
    others = [t for t in run if t not in _QUALIFIERS and t not in _BASIC_WORDS]
    basic = _basic_type([t for t in run if t in _BASIC_WORDS])
    # the name after `enum`, `struct` or `union` is a tag: C keeps tags apart from typedef names, so `enum virT`
    # is no `typedef int virT` (it was read as `enum int`: an enum's tag and its typedef name were two types)
    tags = {run[at + 1] for at, token in enumerate(run[:-1]) if token in ("struct", "union", "enum")}
    pointer = next((t for t in others if pointers is not None and t in pointers and t not in seen and t not in tags), None)
    if pointer is not None and pointers is not None:
        if _basic_alias(pointers[pointer]):  # `const virX` of `typedef unsigned long long virX`: one run again
            return _specifiers([*(t for t in run if t != pointer), *_tokens(pointers[pointer])], pointers, seen | {pointer})
        # `const virConnectPtr` is `virConnect * const`: the qualifiers are the pointer's own
        target = _type_tokens(pointers[pointer], pointers, seen | {pointer})
        return [*target, *qualifiers, *(t for t in others if t != pointer), *basic]
    return [*qualifiers, *others, *basic]


def _tag_alias(target: str) -> bool:
    """Whether a typedef's target is a tag (``struct _virStream``): the typedef is only a name
    for it, so ``virStream *`` and ``struct _virStream *`` are one type (QA: an ABI break was
    reported for ``virStreamPtr`` -> ``struct _virStream *``)."""
    tokens = _tokens(target)
    return len(tokens) == 2 and tokens[0] in ("struct", "union", "enum") and _IDENTIFIER_RE.fullmatch(tokens[1]) is not None


def _basic_alias(target: str) -> bool:
    """Whether a typedef's target is a basic type, qualifiers at most
    (``unsigned long long``): the typedef is that type, and is resolved as a
    pointer typedef is (see the module docstring)."""
    tokens = _tokens(target)
    return bool(tokens) and all(t in _BASIC_WORDS or t in _QUALIFIERS for t in tokens)


def _basic_type(words: list[str]) -> list[str]:
    """C's basic type specifiers, in any order, as one spelling: ``long int`` is
    ``long``, ``signed``/``signed int`` ``int``, ``unsigned`` ``unsigned int``,
    ``long long int`` ``long long``; ``signed char`` stays apart from ``char``
    (another type, whose signedness is the target's)."""
    if not words:
        return []
    sign = ["unsigned"] if "unsigned" in words else []
    if "char" in words:
        return [*(sign or (["signed"] if "signed" in words else [])), "char"]
    if any(w in words for w in ("float", "double", "_Bool", "void")):  # no int words; ``long double`` keeps its long first
        return ["long"] * words.count("long") + sorted(w for w in words if w != "long")
    if "short" in words:
        return [*sign, "short"]
    return [*sign, *(["long"] * min(words.count("long"), 2) or ["int"])]


def _same_type(old: str, new: str, constants: tuple[_Constants, _Constants] | None = None, *, loose: bool = False) -> bool:
    """One C type however it is spelled: ``char ** *`` is ``char ***``, ``long int``
    is ``long``; with ``constants``, each side's pointer typedefs are resolved.
    The same spelling on both sides is the same type even when a typedef in it
    got another target: that is the typedef's own ``typedef-changed``.
    ``loose``: ``const`` is ignored at every level (a struct's layout)."""
    if _plain_tokens(old) == _plain_tokens(new):
        return True
    old_tokens, new_tokens = _both_tokens(old, new, constants)
    if loose:
        return _unqualified(old_tokens) == _unqualified(new_tokens)
    return old_tokens == new_tokens


@functools.lru_cache(maxsize=8192)
def _plain_tokens(type_: str) -> tuple[str, ...]:
    """A type as canonical tokens, its typedefs not resolved (as spelled); cached:
    every comparison asks first whether both sides spell a type alike."""
    return _type_tokens(type_)


def _unqualified(tokens: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(t for t in tokens if t != "const")


def _both_tokens(old: str, new: str, constants: tuple[_Constants, _Constants] | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """OLD's and NEW's type as canonical tokens, each side's pointer typedefs resolved when ``constants`` are given."""
    if constants is None:
        return _type_tokens(old), _type_tokens(new)
    return constants[0].type_tokens(old), constants[1].type_tokens(new)


def _signature(params: tuple[Param, ...]) -> tuple[str, ...]:
    return tuple(p.type for p in params)


def _signature_key(return_type: str, params: tuple[Param, ...], side: _Constants | None = None) -> tuple[object, ...]:
    """A signature as canonical C tokens (``side``'s pointer typedefs resolved), for
    pairing a rename (:func:`_signature` is for printing).  A top-level ``const``
    of a parameter or of the return type is not part of it (see
    :func:`_param_type_change`, :func:`_return_type_change`)."""
    tokens = side.type_tokens if side is not None else _type_tokens
    return (_param_key(tokens(return_type)), *(_param_key(tokens(p.type)) for p in params))


_LEVEL_BREAKS = frozenset({"*", "["})  # a parameter's array declarator is a pointer level too
Level = tuple[tuple[str, ...], bool]  # one pointer level of a type: its tokens but const, and whether it is const


def _levels(tokens: tuple[str, ...]) -> list[Level]:
    """A type (canonical tokens, :func:`_type_tokens`) as its pointer levels, the
    pointee first: (tokens but const, has const) each.  ``const char * const *``
    is ``[(char, True), (*, True), (*, False)]``; the last level is the top level,
    the one before it the first pointee level."""
    levels: list[Level] = []
    current: list[str] = []
    for token in tokens:
        if token in _LEVEL_BREAKS:
            levels.append((tuple(t for t in current if t != "const"), "const" in current))
            current = []
        current.append(token)
    levels.append((tuple(t for t in current if t != "const"), "const" in current))
    return levels


def _signedness_note(old: str, new: str, constants: tuple[_Constants, _Constants] | None) -> str:
    """" (only signedness changed)" when the two types differ in ``signed``/``unsigned`` alone
    (``unsigned int`` -> ``int``): still ABI-breaking (the values a caller passes or gets change
    meaning past the common range), but the size and the registers stay, which a maintainer
    weighing the report wants told apart from ``long`` -> ``long long`` (QA).  A top-level
    ``const`` is no part of the type compared (``const unsigned int`` -> ``int`` is signedness
    alone); one deeper is (``const unsigned int *`` -> ``int *`` is not)."""
    old_tokens, new_tokens = _both_tokens(old, new, constants)
    before, after = _levels(old_tokens), _levels(new_tokens)
    if _unsigned_levels(before) == _unsigned_levels(after):
        return " (only signedness changed: same size)"
    # an enum opposite an integer type is its own integer type here (``virX``, unsigned int to gcc, -> ``int``);
    # two enums stay two types (:func:`_enum_for_integer`)
    if constants is None or len(before) != len(after) or any(_labelled(a) and _labelled(b) and a != b for (a, _), (b, _) in zip(before, after, strict=True)):
        return ""
    if _unsigned_levels(_integer_levels(before, constants[0])) != _unsigned_levels(_integer_levels(after, constants[1])):
        return ""
    return f" (only signedness changed: same size{_enum_is(old_tokens, new_tokens, constants, '; ')})"


def _unsigned_levels(levels: list[Level]) -> list[Level]:
    """Pointer levels (:func:`_levels`) without ``signed``/``unsigned``, the top level's ``const`` off."""
    levels = [(tuple(t for t in level if t not in ("signed", "unsigned")), const) for level, const in levels]
    levels[-1] = (levels[-1][0], False)
    return levels


def _integer_levels(levels: list[Level], side: _Constants) -> list[Level]:
    """Pointer levels with each enum (a label, :meth:`_Constants.label_enums`) as the integer type
    gcc gives it on ``side`` (:meth:`_Constants.enum_integer`), when known."""
    def integer(token: str) -> tuple[str, ...]:
        return (side.enum_integer(token) or (token,)) if " " in token else (token,)

    return [(tuple(t for token in tokens for t in integer(token)), const) for tokens, const in levels]


def _enum_for_integer(before: list[Level], after: list[Level], constants: tuple[_Constants, _Constants], *, returned: bool) -> Classification | None:
    """How a change of an enum for the integer type gcc gives it, or back, classifies
    (``unsigned int flags`` -> ``virXFlags flags``, an enum of no negative value that
    fits in ``unsigned int``, which is then its type); None when the levels differ in
    anything else (ABI-breaking), enums of two names among it (two enums of one integer
    type stay two types).  The ABI is the same: one size, one signedness, one register.
    The source too in C, where gcc takes an enum and its integer type for one
    (compatible) type, but not in C++, whose implicit conversion goes from an enum to an
    integer only: a parameter now an enum breaks a C++ caller passing an integer (or
    ``VIR_A | VIR_B``, an ``int`` in C++), a return value now an enum is still stored in
    an integer, and the other way round; a pointer to one is no pointer to the other in
    C++, either way.  The levels' ``const`` is left to :func:`_qualifier_change`."""
    if len(before) != len(after):
        return None
    mapped = _integer_levels(before, constants[0]), _integer_levels(after, constants[1])
    if [tokens for tokens, _ in mapped[0]] != [tokens for tokens, _ in mapped[1]]:
        return None
    changed = [index for index, (a, b) in enumerate(zip(before, after, strict=True)) if a[0] != b[0]]
    if any(_labelled(before[index][0]) and _labelled(after[index][0]) for index in changed):
        return None
    if changed != [len(before) - 1]:  # below the top level: pointers to the two
        return S
    to_enum = _labelled(after[-1][0])  # the value itself
    return C if to_enum == returned else S


def _same_abi_note(old: str, new: str, constants: tuple[_Constants, _Constants], level: Classification, const: str = " (only const changed)") -> str:
    """The end of a detail of a type change that is not ABI-breaking: an enum for its integer type
    (:func:`_enum_for_integer`), else ``const`` alone (``const``: that detail)."""
    enum = _enum_is(*_both_tokens(old, new, constants), constants, "")
    if not enum:
        return const
    return f" (same ABI: {enum}; {'C++ needs a cast' if level is S else 'an enum converts to it implicitly'})"


def _labelled(tokens: tuple[str, ...]) -> bool:
    """Whether a level names an enum (its label holds a space, see :meth:`_Constants.label_enums`)."""
    return any(" " in token for token in tokens)


def _enum_is(old: tuple[str, ...], new: tuple[str, ...], constants: tuple[_Constants, _Constants] | None, lead: str) -> str:
    """``virX is an enum of type unsigned int`` (after ``lead``) for each side's first enum that a
    level of the other side spells as its integer type; "" when there is none."""
    if constants is None:
        return ""
    facts: list[str] = []
    for tokens, other, side in ((old, new, constants[0]), (new, old, constants[1])):
        for label in (t for t in tokens if " " in t and t not in other):
            integer = side.enum_integer(label)
            if integer is not None:
                facts.append(f"{side.enum_name(label)} is an enum of type {' '.join(integer)}")
                break
    return lead + "; ".join(facts) if facts else ""


def _param_type_change(old: str, new: str, constants: tuple[_Constants, _Constants] | None = None) -> Classification | None:
    """How a parameter's type change classifies, None when it is no change at all.

    A top-level ``const`` is not part of the function type (C11 6.7.6.3p15): ignored.
    ``const`` added at the first pointee level only (``char *`` -> ``const char *``)
    is compatible: C converts ``T *`` to ``const T *`` implicitly.  Any other
    ``const``-only change is source-breaking: dropped at that level, or added or
    dropped deeper (``char **`` -> ``const char **`` is a constraint violation in
    C, an error in C++ and GCC 14; ``const char * const *`` still a C warning).
    Anything else is ABI-breaking.  Types are compared canonical (:func:`_type_tokens`;
    with ``constants``, each side's pointer typedefs resolved)."""
    return _qualifier_change(old, new, constants, returned=False)


def _return_type_change(old: str, new: str, constants: tuple[_Constants, _Constants] | None = None) -> Classification | None:
    """How a return type's change classifies, None when it is no change at all:
    :func:`_param_type_change` the other way round, since the caller receives
    the value.  A top-level ``const`` means nothing on a returned value: ignored.
    ``const`` dropped at the first pointee level only (``const char *`` ->
    ``char *``) is compatible: ``const char *s = f()`` still builds.  Any other
    ``const``-only change is source-breaking (``char *s = f()`` of a ``const
    char *`` discards a qualifier: a C warning, a C++ error; deeper levels are
    incompatible pointers).  Anything else is ABI-breaking."""
    return _qualifier_change(old, new, constants, returned=True)


def _qualifier_change(old: str, new: str, constants: tuple[_Constants, _Constants] | None, *, returned: bool) -> Classification | None:
    """The rule of :func:`_param_type_change` and :func:`_return_type_change`: the same
    levels must hold the same types; ``const`` changed at the first pointee level alone is
    compatible in the direction C converts implicitly (added to what a parameter points
    to, dropped from what a return value points to), any other ``const`` change
    source-breaking."""
    old_tokens, new_tokens = _both_tokens(old, new, constants)
    before, after = _levels(old_tokens), _levels(new_tokens)
    enum: Classification | None = None
    if [tokens for tokens, _ in before] != [tokens for tokens, _ in after]:
        enum = None if constants is None else _enum_for_integer(before, after, constants, returned=returned)
        if enum is None or constants is None:
            return A
        before, after = _integer_levels(before, constants[0]), _integer_levels(after, constants[1])
    if "(" in old_tokens:  # a function pointer's own parameters: not split into levels here
        same = enum is None and (_param_key(old_tokens) == _param_key(new_tokens) if returned else before == after)
        return None if same else S
    differing = [index for index, (a, b) in enumerate(zip(before, after, strict=True)) if a[1] != b[1] and index != len(before) - 1]
    if not differing:
        return enum
    const_side = before if returned else after  # the side whose first pointee is const
    if differing == [len(before) - 2] and const_side[-2][1]:
        return enum or C
    return S


def _param_key(tokens: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], bool], ...]:
    """A parameter type (canonical tokens) as compared inside a signature: its top-level ``const`` dropped."""
    levels = _levels(tokens)
    return (*levels[:-1], (levels[-1][0], False))


def _knows_exports(module: Module) -> bool:
    """Whether this side of a module says which functions are exported (see the module docstring)."""
    return bool(module.syms_file) or any(f.version for f in module.functions)


_IDENTIFIER_RE = re.compile(r"[A-Za-z_]\w*")


class _Constants:
    """The integer values one side gives its macros and enum members, computed on
    demand; and its pointer typedefs, which its types are compared through.

    A macro is resolved after the macros its body names, depth first with a
    stack of our own rather than recursion (the pattern of the XML reader's
    ``_member_values``): a chain of thousands of macros each defined through
    the previous one is then one pass, not a RecursionError.  A macro in a
    cycle has no value."""

    def __init__(self, api: Api, xml: bool = False) -> None:
        self.bodies = {m.name: m.raw for module in api.modules for m in module.macros if m.params is None}
        self.values: dict[str, int | None] = {m.name: m.value for module in api.modules for m in module.members if m.value is not None}
        # the side's pointer typedefs (``virConnectPtr``: ``virConnect *``) and typedefs of a basic type
        # (``virDomainBlockJobCursor``: ``unsigned long long``), of every module, for :meth:`type_tokens`
        self.pointers = {
            t.name: t.type
            for module in api.modules
            for t in module.typedefs
            if _type_tokens(t.type)[-1:] == ("*",) or _basic_alias(t.type) or _tag_alias(t.type)
        }
        # a struct's name is a typedef of its tag (``typedef struct _virStream virStream``), which the model
        # keeps as the struct, not as a typedef: the same name for the same type
        self.pointers.update((s.name, f"struct {s.tag}") for module in api.modules for s in module.structs if s.tag and s.tag != s.name)
        # a typedef of one of those (``typedef virA virA2``) is the same type too: resolved through it
        self.pointers.update(
            (t.name, t.type) for module in api.modules for t in module.typedefs if t.name not in self.pointers and t.type.strip() in self.pointers
        )
        self.typedefs = frozenset(t.name for module in api.modules for t in module.typedefs)
        self.enum_names = frozenset(e.name for module in api.modules for e in module.enums)
        self.enum_refs = _enum_refs(api)
        # each reference to an enum as the one token it is compared as (see :meth:`label_enums`)
        self.enum_labels: dict[str, str] = {}
        self._type_names = self.typedefs | self.enum_names | {s.name for module in api.modules for s in module.structs}
        self._knows_tags = api.enum_tags is not None
        self._types: dict[str, tuple[str, ...]] = {}
        self._api = api
        self._xml = xml  # an exported XML: its values are apibuild.py's, no C initializers (see :meth:`enum_integer`)
        self._own_labels: dict[str, str] = {}  # each label of this side's own enums -> the enum's model name
        self._integers: dict[str, tuple[str, ...] | None] = {}

    @functools.cached_property
    def c(self) -> CConstants:
        """The side's C values (gcc, x86_64 Linux), built on first use: only when both sides are sources."""
        return CConstants.of(self._api)

    def c_value(self, expression: str) -> int | None:
        """An expression's C value (:meth:`c`), or None when it cannot be computed here."""
        value = self.c.evaluate(" ".join(_tokens(expression)))
        return None if value is None else value[0]

    def borrow_pointers(self, other: _Constants) -> None:
        """Read a pointer typedef this side does not define at all as ``other``
        defines it.  Among explicit FILEs a side may lack the header that
        defines it (``libvirt-domain.h`` alone: ``virConnectPtr`` is
        ``libvirt-host.h``'s), and resolving it on one side only made every
        ``virConnectPtr conn`` an ABI-breaking "virConnectPtr -> virConnectPtr":
        unknown is no change.  Before any type is compared (the cache)."""
        for name, target in other.pointers.items():
            if name not in self.typedefs:
                self.pointers[name] = target

    def label_enums(self, same: Mapping[str, str]) -> None:
        """Give each of this side's references to an enum (:func:`_enum_refs`) one
        token, the same for every reference to one enum and for that enum on the
        other side: ``same`` maps this side's enums to the other side's names
        for them (:func:`_same_enums`).  The token holds a space, so no C type
        spells it.  Before any type is compared (the cache)."""
        self.enum_labels = {ref: f"enum {same.get(enum, enum)}" for ref, enum in self.enum_refs.items()}
        self._own_labels = {f"enum {same.get(enum, enum)}": enum for enum in self.enum_refs.values()}

    def enum_integer(self, label: str) -> tuple[str, ...] | None:
        """The integer type gcc gives the enum a label (:meth:`label_enums`) stands for, as
        canonical tokens (``unsigned int``: x86_64, no ``-fshort-enums``): ``unsigned int``
        when no value is negative and all fit in it, ``int`` when one is negative and all
        fit in that, else ``unsigned long`` or ``long``.  From gcc's layout on a source side
        (:meth:`CConstants.layout`), from the model's values on an XML side or where that
        is not computed (as ``enum-size-changed`` does); None when a value is not known,
        or the enum is not this side's own (a label borrowed from the other side)."""
        if label not in self._integers:
            enum = self._own_labels.get(label)
            self._integers[label] = None if enum is None else self._enum_integer(enum)
        return self._integers[label]

    def enum_name(self, label: str) -> str:
        """The model's name of the enum a label stands for on this side (the label's own name when borrowed)."""
        return self._own_labels.get(label, label.removeprefix("enum "))

    def _enum_integer(self, name: str) -> tuple[str, ...] | None:
        node = next((e for module in self._api.modules for e in module.enums if e.name == name), None)
        if node is None:
            return None
        layout = None if self._xml else self.c.layout(name)
        if layout is None:
            members = {m.name: m for module in self._api.modules for m in module.members if m.name in node.members}
            size = _enum_bytes(node, members)
            layout = None if size is None else (size[0] * 8, size[1] < 0)
        return _INTEGER_TOKENS.get(layout) if layout is not None else None

    def borrow_enums(self, other: _Constants) -> None:
        """Read a reference to an enum this side does not define at all as ``other``
        reads it, as :meth:`borrow_pointers` does for pointer typedefs: among
        explicit FILEs a side may lack the header defining ``virTK`` and still
        spell ``virTK *`` where the other side, which labels it, spells
        ``virTKPtr``.  An ``enum TAG`` always: only a side that knows its tags
        labels one, and one this side does not label is either in a header
        it lacks or, on an exported XML (which keeps no tag), not known to be
        any enum of its own; the tree's reading is the one there is (XML
        ``enum virTK *`` against the tree's ``virTK *`` was an ABI break)."""
        for ref, label in other.enum_labels.items():
            if ref not in self.enum_labels and (ref.startswith("enum ") or ref not in self._type_names):
                self.enum_labels[ref] = label

    def type_tokens(self, type_: str) -> tuple[str, ...]:
        """A type of this side as canonical tokens, its pointer typedefs resolved (:func:`_type_tokens`)
        and each reference to an enum one token (:meth:`label_enums`)."""
        tokens = self._types.get(type_)
        if tokens is None:
            tokens = self._types[type_] = _enum_labelled(_type_tokens(type_, self.pointers), self.enum_labels)
        return tokens

    def value(self, expression: str) -> int | None:
        """The value of an integer constant expression, or None when it cannot be computed here."""
        tokens = _tokens(expression)
        names = {token: self.name(token) for token in tokens if _IDENTIFIER_RE.fullmatch(token)}
        return self._evaluated(tokens, names)

    def bounds(self, size: str) -> tuple[int | None, ...]:
        """The value of each bound of an array size (``2][VIR_G`` has two, see :func:`_bounds`)."""
        return tuple(self.value(bound) for bound in _bounds(size))

    def name(self, name: str) -> int | None:
        """The value of one macro or enum member, or None (unknown, not computable, or in a cycle)."""
        if name not in self.values and name in self.bodies:
            self._resolve(name)
        return self.values.get(name)

    def _resolve(self, first: str) -> None:
        """Values of ``first`` and what it names, depth first without recursion.

        The macros on the walk's path around a cycle have no value (after C's
        expansion the name that closes a cycle is a bare identifier), so
        neither has a macro whose value needs one of them; a short-circuit
        operator may still give one a value (``1 || X``).  Dependencies are
        walked in the order they are written, so every run walks alike and
        gives the same values (a set's order changed with the hash seed)."""
        visited: set[str] = set()  # those not yet in self.values are on the stack
        cyclic: set[str] = set()
        stack = [first]
        while stack:
            name = stack[-1]
            if name in self.values:
                stack.pop()
            elif name not in visited:
                visited.add(name)
                named = [t for t in dict.fromkeys(_tokens(self.bodies[name])) if t in self.bodies and t not in self.values]
                for again in (t for t in named if t in visited):  # named again while on the stack: a cycle
                    cyclic.update(_cycle(stack, again, visited))
                stack += [t for t in named if t not in visited]
            else:
                stack.pop()
                tokens = _tokens(self.bodies[name])
                values = {t: self.values.get(t) for t in tokens if _IDENTIFIER_RE.fullmatch(t)}
                self.values[name] = None if name in cyclic else self._evaluated(tokens, values)

    @staticmethod
    def _evaluated(tokens: tuple[str, ...], names: Mapping[str, int | None]) -> int | None:
        return evaluate(" ".join(tokens), {name: value for name, value in names.items() if value is not None})


def _enum_refs(api: Api) -> dict[str, str]:
    """Every way a side's types can name one of its enums, each mapped to the
    enum's model name: its typedef name (``virTK``), ``enum TAG`` when the tag
    is known (``enum virTK``), and every typedef standing for it, through
    other such typedefs (``typedef enum {...} virA, virB;`` is the enum
    ``virA`` and the typedef ``virB`` of ``virA``; ``typedef enum _virQ
    virQ3;``).  Without tags (an exported XML) an enum's model name is taken
    for a typedef name, as the XML writes it."""
    tags = None if api.enum_tags is None else {(t.module, t.enum): t for t in api.enum_tags}
    refs: dict[str, str] = {}
    for module in api.modules:
        for enum in module.enums:
            tag = None if tags is None else tags.get((module.name, enum.name))
            if tag is None or tag.typedef:
                refs.setdefault(enum.name, enum.name)
            if tag is not None and tag.tag:
                refs.setdefault(f"enum {tag.tag}", enum.name)
    aliases = [(t.name, " ".join(_tokens(t.type))) for module in api.modules for t in module.typedefs]
    found = True
    while found:  # a typedef of a typedef of an enum, in any order of declaration
        found = False
        for name, target in aliases:
            if name not in refs and target in refs:
                refs[name] = refs[target]
                found = True
    return refs


def _enum_labelled(tokens: tuple[str, ...], labels: Mapping[str, str]) -> tuple[str, ...]:
    """``tokens`` with each reference to an enum (``enum TAG`` or a name) as its label
    (:meth:`_Constants.label_enums`); a name after ``struct`` or ``union`` is a tag
    of another kind, kept."""
    if not labels:
        return tokens
    labelled: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token in ("struct", "union", "enum") and index + 1 < len(tokens):
            tagged = f"{token} {tokens[index + 1]}"
            labelled += [labels[tagged]] if token == "enum" and tagged in labels else [token, tokens[index + 1]]
            index += 2
            continue
        labelled.append(labels.get(token, token))
        index += 1
    return tuple(labelled)


def _same_enums(old: _Constants, new: _Constants) -> dict[str, str]:
    """OLD's enums that NEW names otherwise, by name, old -> new: one enum when some
    name C code calls it by (:func:`_enum_refs`) stands for it on both sides.  So
    ``enum _virX {...};`` (the model's ``_virX``) given ``typedef enum _virX virX;``
    (``virX``), and ``typedef enum {...} virA, virB;`` written ``virB, virA`` (the
    model names an enum after its first typedef name).  An enum of the same name
    on both sides is that enum, whatever else names it; the first such name in
    sorted order pairs the others."""
    same: dict[str, str] = {}
    paired: set[str] = set()
    for ref in sorted(old.enum_refs.keys() & new.enum_refs.keys()):
        before, after = old.enum_refs[ref], new.enum_refs[ref]
        if before == after or before in new.enum_names or after in old.enum_names or before in same or after in paired:
            continue
        same[before] = after
        paired.add(after)
    return same


def _cycle(stack: list[str], again: str, visited: set[str]) -> list[str]:
    """The path of the depth-first walk from ``again`` to the top of ``stack``:
    the names visited and not yet resolved above ``again``'s last place (the
    stack also holds names waiting their turn, which are not on the path)."""
    start = len(stack) - 1 - stack[::-1].index(again)
    return [name for name in stack[start:] if name in visited]


class _Differ:
    def __init__(self, sides: _Sides) -> None:
        self.sides = sides
        self.module = sides.new.name if sides.new.name else sides.old.name
        self.changes: list[Change] = []
        # OLD's enums of this module that NEW names otherwise (:func:`_same_enums`), old -> new
        old_enums, new_enums = {e.name for e in sides.old.enums}, {e.name for e in sides.new.enums}
        self.renamed_enums = {a: b for a, b in sides.same_enums.items() if a in old_enums and b in new_enums}
        # the functions whose docs a side lacks by (side holding them: 0 OLD, 1 NEW, their .c file's module)
        self.unread_docs: dict[tuple[int, str], list[Function]] = {}

    def add(self, kind: str, symbol: str, classification: Classification, detail: str, location: Location, *, in_old: bool | None = None) -> None:
        """Record a change; its location is OLD's for a removal unless ``in_old`` says otherwise."""
        old = kind.endswith("-removed") if in_old is None else in_old
        self.changes.append(Change(self.module, kind, symbol, classification, detail, location, old))

    def export_fact(self, kind: str, name: str, classification: Classification, detail: str, side: int, prototype: Location) -> None:
        """Record a ``.syms`` fact at the line stating it, the symbol's entry in the ``.syms`` file
        of ``side`` (0 OLD, 1 NEW), not at the prototype, a line that did not change; at NEW's
        ``prototype`` when that side read no ``.syms`` file (an exported XML has none)."""
        exports = self.sides.exports[side]
        export = exports.get(name) if exports is not None else None
        if export is None or not export.location.line:
            self.add(kind, name, classification, detail, prototype)
        else:
            self.add(kind, name, classification, detail, export.location, in_old=side == 0)

    # --- functions --------------------------------------------------------

    def functions(self) -> None:
        old, new = _by_name(self.sides.old.functions), _by_name(self.sides.new.functions)
        removed, added, common = _split(old, new)
        renamed = _renames([old[n] for n in removed], [new[n] for n in added], self.sides.constants)
        for before, after in renamed:
            level, linked = self.still_exported(before.name)
            self.add("function-renamed", before.name, level, f"now {after.name} (same signature){linked}", after.location)
        gone = {before.name for before, _ in renamed}
        fresh = {after.name for _, after in renamed}
        for name in removed:
            if name not in gone:
                level, linked = self.still_exported(name)
                signature = f"{old[name].return_type} {name}({', '.join(_signature(old[name].params))})"
                self.add("function-removed", name, level, f"{self.removed_from(old[name].version, linked)}: {signature}{linked}", old[name].location)
        for name in added:
            if name in fresh:
                continue
            if new[name].version:
                detail = f"in {new[name].version}"
            else:
                detail = "not exported" if self.sides.new_knows_exports else "export unknown (no .syms facts in NEW)"
            self.add("function-added", name, C, detail, new[name].location)
        for before, after in [(old[n], new[n]) for n in common] + renamed:
            self.function(before, after)

    def removed_from(self, version: str, linked: str) -> str:
        """How a removed function's detail opens: the ``.syms`` block whose versioned symbol
        binaries built against OLD link to (the ABI fact), and whether NEW lost that block
        whole; just "removed" when NEW still exports it (``linked``) or OLD's block is unknown."""
        if linked or not version:
            return "removed"
        if not self.sides.new_knows_exports:
            return f"removed (was in .syms block {version})"
        exports = self.sides.exports[1]
        blocks = {f.version for f in self.sides.new.functions} | ({e.version for e in exports.values()} if exports is not None else set())
        return f"removed (was in .syms block {version}{'' if version in blocks else '; NEW exports nothing from it'})"

    def still_exported(self, name: str) -> tuple[Classification, str]:
        """A function or variable no longer declared: ABI-breaking, unless NEW's
        ``.syms`` file still exports it (built binaries still link; only new
        builds fail): then source-breaking, and the detail's tail says so."""
        exports = self.sides.exports[1]
        export = exports.get(name) if exports is not None else None
        if export is None:
            return A, ""
        return S, f"; prototype gone, still exported in {export.version}: built binaries still link"

    def function(self, old: Function, new: Function) -> None:
        unread = self.unread_source(old, new)
        # a side lacking the .c file names the parameters as its header does (the model names them after the
        # documented definition): unknown there, as its docs are (a header-only list gave 46 param-renamed on 9.0.0)
        self.signature(new.name, old.return_type, new.return_type, old.params, new.params, new.location, "return-type-changed", unread is None)
        if self.sides.compare_exports:
            self.exports(old, new)
        said = [doc_deprecated(f.description) or return_doc_deprecated(f.return_doc) for f in (old, new)]
        bare = [not has_doc_comment(old), not has_doc_comment(new)]
        # the Since: tag and a "Deprecated" note are in the doc comment (the .c file's), not at the prototype
        doc = _located(new.doc_location, new.location)
        if self.sides.compare_since_of_functions:
            # A side with no doc at all (headers read without their .c files) has no Since:
            # and says nothing of a deprecation the other side's doc states: unknown, not
            # changed; its VIR_DEPRECATED attribute still counts.
            if not any(bare[i] and not (old, new)[i].deprecated and said[1 - i] for i in (0, 1)):
                # the note NEW's doc states, or OLD's gone from it; else the attribute, at the prototype
                noted = said[1] if new.deprecated else said[0]
                self.deprecation(new.name, old.deprecated, new.deprecated, doc if noted else new.location)
            if not any(bare):
                self.since(new.name, old.since, new.since, doc)
        elif not any(bare):  # an exported XML does not carry the VIR_DEPRECATED attribute: only what the docs say
            self.deprecation(new.name, said[0], said[1], doc)
        if unread is not None:
            index, source, documented = unread
            self.unread_docs.setdefault((index, source), []).append(documented)
        elif self.sides.compare_docs:
            # the text that changed is in the doc comment (the .c file's), not at the prototype; a side
            # whose doc comment is gone has none to point at
            where = _located(new.doc_location, new.location)
            parts = [("description", old.description, new.description, where)]
            if new.return_type != "void":  # an exported XML keeps no return doc for void
                parts.append(("returns", old.return_doc, new.return_doc, where))
            self.docs(new.name, parts + _param_doc_parts(old.params, new.params, where))

    def unread_source(self, old: Function, new: Function) -> tuple[int, str, Function] | None:
        """Whether a side, a list of files, has no doc of a function because it does not
        read the ``.c`` file the other side documents it in: the side holding that file,
        the file, and the function there.  Its docs and parameter names are then unknown
        on the list side, not changed (QA: a tree against ``libvirt-domain.h`` and the
        ``.syms`` file reported "doc-only changes in 7 symbols").  A function with no doc
        comment on a side that reads that ``.c`` file lost its doc, and a header's own
        docs (types, macros, callbacks) are never in a ``.c`` file: both still compared.
        Each function so left out is kept for :meth:`docs_absent`'s note."""
        for index, (bare, other) in enumerate(((old, new), (new, old))):
            read = self.sides.sources_read[index]
            if read is None or has_doc_comment(bare) or not has_doc_comment(other):
                continue
            source = _documenting_source(other, self.sides.xml[1 - index])
            if source is not None and source not in read:
                return 1 - index, source, other
        return None

    def docs_absent(self) -> None:
        """One note per ``.c`` file whose functions' docs were not compared (:meth:`unread_source`),
        worded as ``header-absent``'s: the side holding it, the list lacking it."""
        for (index, source), functions in sorted(self.unread_docs.items()):
            side, other = ("OLD", "NEW") if index == 0 else ("NEW", "OLD")
            where = functions[0].doc_location.file
            location = Location(where, 1, 1) if where.endswith(".c") else (self.sides.old, self.sides.new)[index].location
            count = f"{len(functions)} function{'' if len(functions) == 1 else 's'}"
            detail = f"only in {side}: {other}, a list of files, lacks this .c file (the docs and parameter names of {count} not compared)"
            self.changes.append(Change(self.module, "docs-absent", f"{source}.c", C, detail, location, index == 0))

    def exports(self, old: Function, new: Function) -> None:
        # NEW's .syms entry for a symbol NEW exports; OLD's for one NEW dropped: that line is gone, and
        # the detail names OLD's block (as a removal, it points into OLD)
        if old.version and new.version and old.version != new.version:
            self.export_fact("version-moved", new.name, A, f".syms block {old.version} -> {new.version}", 1, new.location)
        elif old.version and not new.version:  # still declared, no longer in the library: a link error for its callers
            self.export_fact("function-unexported", new.name, A, f"no longer in the .syms file (was {old.version})", 0, new.location)
        elif new.version and not old.version:
            self.export_fact("function-exported", new.name, C, f"now exported in {new.version}", 1, new.location)

    def signature(
        self, name: str, old_return: str, new_return: str, old: tuple[Param, ...], new: tuple[Param, ...], where: Location, return_kind: str,
        compare_names: bool = True,
    ) -> None:
        constants = self.sides.constants
        returned = None if _same_type(old_return, new_return, constants) else _return_type_change(old_return, new_return, constants)
        if returned is not None:
            only = _signedness_note(old_return, new_return, constants) if returned is A else _same_abi_note(old_return, new_return, constants, returned)
            self.add(return_kind, name, returned, f"returns {new_return} instead of {old_return}{only}", where)
        if len(old) != len(new):
            self.add("param-count-changed", name, A, f"{len(old)} -> {len(new)} parameters ({', '.join(_signature(new))})", where)
            return
        for index, (before, after) in enumerate(zip(old, new, strict=True), start=1):
            level = None if _same_type(before.type, after.type, constants) else _param_type_change(before.type, after.type, constants)
            if level is not None:
                named = f" '{after.name}'" if after.name else ""
                note = _signedness_note(before.type, after.type, constants) if level is A else _same_abi_note(before.type, after.type, constants, level, "")
                self.add("param-type-changed", name, level, f"parameter {index}{named}: {before.type} -> {after.type}{note}", where)
            if compare_names and before.name != after.name:
                self.add("param-renamed", name, C, f"parameter {index}: {before.name or '(unnamed)'} -> {after.name or '(unnamed)'}", where)

    # --- callbacks and variables ---------------------------------------------

    def functypes(self) -> None:
        old, new = _by_name(self.sides.old.functypes), _by_name(self.sides.new.functypes)
        removed, added, common = _split(old, new)
        for name in removed:
            self.add("callback-removed", name, S, "callback type", old[name].location)
        for name in added:
            self.add("callback-added", name, C, "callback type", new[name].location)
        for name in common:
            before, after = old[name], new[name]
            level = _callback_change(before.return_type, before.params, after.return_type, after.params, self.sides.constants)
            if level is not None:
                detail = f"{before.return_type} ({', '.join(_signature(before.params))}) -> {after.return_type} ({', '.join(_signature(after.params))})"
                self.add("callback-changed", name, level, detail + ("" if level is A else " (only const changed)"), after.location)
            self.since(name, before.since, after.since, after.location)
            if self.sides.compare_docs:
                # its @param entries as a function's: an event callback's @detail names the enum of its values
                where = after.location
                parts = [("description", before.description, after.description, where), ("returns", before.return_doc, after.return_doc, where)]
                self.docs(name, parts + _param_doc_parts(before.params, after.params, where))

    def variables(self) -> None:
        old, new = _by_name(self.sides.old.variables), _by_name(self.sides.new.variables)
        removed, added, common = _split(old, new)
        for name in removed:
            level, linked = self.still_exported(name)
            self.add("variable-removed", name, level, f"{old[name].type}{linked}", old[name].location)
        for name in added:
            self.add("variable-added", name, C, new[name].type, new[name].location)
        for name in common:
            if not _same_type(old[name].type, new[name].type, self.sides.constants):
                self.add("variable-type-changed", name, A, f"{old[name].type} -> {new[name].type}", new[name].location)
            self.variable_export(new[name])
            self.plain(old[name], new[name])

    def variable_export(self, new: Variable) -> None:
        """A variable's ``.syms`` facts, as :meth:`exports` a function's: the model's
        ``Variable`` has no version, the module's ``exports`` list has it.  Only
        when both sides read a ``.syms`` file."""
        old_exports, new_exports = self.sides.exports
        if old_exports is None or new_exports is None:
            return
        before, after = old_exports.get(new.name), new_exports.get(new.name)
        if before is not None and after is not None and before.version != after.version:
            self.export_fact("version-moved", new.name, A, f".syms block {before.version} -> {after.version}", 1, new.location)
        elif before is not None and after is None:  # still declared, no longer in the library: a link error for its users
            self.export_fact("variable-unexported", new.name, A, f"no longer in the .syms file (was {before.version})", 0, new.location)
        elif after is not None and before is None:
            self.export_fact("variable-exported", new.name, C, f"now exported in {after.version}", 1, new.location)

    # --- types ----------------------------------------------------------------

    def types(self) -> None:
        old: dict[str, Enum_ | Typedef | Struct] = {**_by_name(self.sides.old.enums), **_by_name(self.sides.old.typedefs), **_by_name(self.sides.old.structs)}
        new: dict[str, Enum_ | Typedef | Struct] = {**_by_name(self.sides.new.enums), **_by_name(self.sides.new.typedefs), **_by_name(self.sides.new.structs)}
        removed, added, common = _split(old, new)
        for name in removed:
            if name not in self.renamed_enums:
                self.add("type-removed", name, S, _type_kind(old[name]), old[name].location)
        for name in added:
            if name not in self.renamed_enums.values():
                self.add("type-added", name, C, _type_kind(new[name]), new[name].location)
        for name, renamed in sorted(self.renamed_enums.items()):
            pair = old[name], new[renamed]
            if isinstance(pair[0], Enum_) and isinstance(pair[1], Enum_):  # as _same_enums found them
                self.enum_names(pair[0], pair[1])
                self.enum_size(pair[0], pair[1])
                self.plain(pair[0], pair[1])
        aliases = _struct_aliases(self.sides.old.structs, self.sides.new.structs)
        for name in common:
            before, after = old[name], new[name]
            if self.one_enum(before, after):  # compared above, as the enums they name
                continue
            if name in aliases and aliases[name] is None:  # another name of a struct compared under its first
                self.plain(before, after, docs=self.doc_known(before, after))  # its own doc comment, as its own Since:
                continue
            if isinstance(before, Enum_) and isinstance(after, Enum_):
                self.enum_names(before, after)
                self.enum_size(before, after)
            if isinstance(before, Typedef) and isinstance(after, Typedef) and not _same_type(before.type, after.type, self.sides.constants):
                self.add("typedef-changed", name, A, f"{before.type} -> {after.type}", after.location)
            elif isinstance(before, Struct) and isinstance(after, Struct):
                said = len(self.changes)
                self.struct(before, after)
                also = aliases.get(name)
                if also:  # one change of one struct, however many typedef names it has: each finding says so
                    named = f" (also {', '.join(also)}: one struct, struct {after.tag})"
                    self.changes[said:] = [replace(c, detail=c.detail + named) for c in self.changes[said:]]
            elif type(before) is not type(after):
                self.add("typedef-changed", name, A, f"{_type_kind(before)} -> {_type_kind(after)}", after.location)
            self.plain(before, after, docs=self.doc_known(before, after))

    def doc_known(self, old: Enum_ | Typedef | Struct, new: Enum_ | Typedef | Struct) -> bool:
        """Whether both sides know the type's own doc: an exported XML writes none for a
        struct (the reader's ""), a header does (``virBlkioParameter``'s changed in 9.0.0)."""
        return not any(xml and isinstance(node, Struct) for xml, node in zip(self.sides.xml, (old, new), strict=True))

    def one_enum(self, old: Enum_ | Typedef | Struct, new: Enum_ | Typedef | Struct) -> bool:
        """Whether a name that is an enum on one side and a typedef on the other names
        the same enum on both (:func:`_same_enums`): ``typedef enum {...} virA, virB;``
        written ``virB, virA`` makes ``virA`` the model's typedef of the enum ``virB``."""
        if isinstance(old, Enum_) == isinstance(new, Enum_):
            return False
        refs = self.sides.constants[0].enum_refs, self.sides.constants[1].enum_refs
        before = old.name if isinstance(old, Enum_) else refs[0].get(old.name) if isinstance(old, Typedef) else None
        after = new.name if isinstance(new, Enum_) else refs[1].get(new.name) if isinstance(new, Typedef) else None
        return before is not None and self.sides.same_enums.get(before, before) == after

    def enum_names(self, old: Enum_, new: Enum_) -> None:
        """One enum (same name, or another name for it: see :func:`_same_enums`) gaining
        or losing the typedef name the model calls it by, or its tag.  Between two
        enums of one name, only when both sides know their tags (sources): an
        exported XML writes a tag-only enum as a typedef of its tag."""
        old_tags, new_tags = self.sides.enum_tags
        old_tag = old_tags.get(old.name) if old_tags is not None else None
        new_tag = new_tags.get(new.name) if new_tags is not None else None
        tags = old_tag is not None and new_tag is not None
        if not tags and old.name == new.name:
            return
        refs = self.sides.constants[0].enum_refs, self.sides.constants[1].enum_refs
        typedef = refs[0].get(old.name) == old.name, refs[1].get(new.name) == new.name  # the model's name is a typedef name
        if typedef[0] and refs[1].get(old.name) != new.name:  # `old.name x;` no longer builds
            stays = f" (as {new.name})" if typedef[1] else ""
            self.add("type-removed", old.name, S, f"typedef name of {_enum_called(old_tag)} gone, the enum stays{stays}", old.location)
        if typedef[1] and refs[0].get(new.name) != old.name:
            self.add("type-added", new.name, C, f"typedef name for {_enum_called(new_tag, old.name)}, the same enum", new.location)
        if old_tag is not None and new_tag is not None and old_tag.tag != new_tag.tag:
            self.tag(new.name, "enum", old_tag.tag, new_tag.tag, new.location)

    def enum_size(self, old: Enum_, new: Enum_) -> None:
        """An enum whose values no longer fit its old size (GCC's rule, :func:`_enum_bytes`):
        every object and parameter of that type changes size."""
        before = after = None
        if self.sides.in_c:
            before, after = _c_enum_bytes(old, self.sides.constants[0].c), _c_enum_bytes(new, self.sides.constants[1].c)
        if before is None or after is None:  # not computed in C on a side: the model's values
            before, after = _enum_bytes(old, self.sides.members[0]), _enum_bytes(new, self.sides.members[1])
        if before is not None and after is not None and before[0] != after[0]:
            why = "a value beyond int and unsigned int" if after[0] > before[0] else "every value fits in int or unsigned int"
            if after[0] > before[0] and any(first <= after[1] and after[2] <= last for first, last in (INT_RANGE, UNSIGNED_RANGE)):
                why = "values beyond every 64-bit type, which gcc lays out as long, converting them"  # see CConstants
            detail = f"{before[0]} -> {after[0]} bytes (values {before[1]}..{before[2]} -> {after[1]}..{after[2]}: {why})"
            self.add("enum-size-changed", new.name, A, detail, new.location)

    def tag(self, name: str, keyword: str, old: str, new: str, where: Location) -> None:
        """A struct or enum tag renamed, dropped or added: ``enum old x;`` no longer
        builds, unless there was no tag (then it is an addition)."""
        now = f"{keyword} {new}" if new else "untagged"
        if old:
            self.add("tag-changed", name, S, f"{keyword} {old} -> {now}: the type is no longer {keyword} {old}", where)
        else:
            self.add("tag-changed", name, C, f"untagged -> {now}", where)

    def struct(self, old: Struct, new: Struct) -> None:
        if old.tag and new.tag and old.tag != new.tag:  # an XML without a struct's type attribute leaves the tag unknown ("")
            self.tag(new.name, "struct", old.tag, new.tag, new.location)
        if old.fields is None or new.fields is None:
            if (old.fields is None) != (new.fields is None):
                level = C if old.fields is None else S
                self.add("struct-changed", new.name, level, "now public" if old.fields is None else "now opaque", new.location)
            return
        constants = self.sides.constants
        if _same_layout(old.fields, new.fields, constants):
            self.respelled(new.name, _placed_pairs(old.fields, new.fields, constants), new.location)
            self.kept_layout(new, old.fields, new.fields)
            renamed = _renamed_in_place(old.fields, new.fields)
        else:
            renamed = self.layout(new, old.fields, new.fields)
        # whatever the layout's verdict: a union reordered or a field added beside does not hide a doc changed
        self.field_notes(new, _field_pairs(old.fields, new.fields, renamed))

    def kept_layout(self, new: Struct, old_fields: tuple[Field, ...], new_fields: tuple[Field, ...]) -> None:
        """A struct whose layout is the same (``const`` aside): names and
        qualifiers may still have changed."""
        renamed, reordered = _renamed_fields(old_fields, new_fields, self.sides.constants)
        if reordered:  # same types in another order: all at offset 0, but `{ x }` sets another member
            detail = f"{_texts(reordered)} (layout kept: a union's members are all at offset 0)"
            self.add("struct-changed", new.name, S, detail, _field_location(reordered, new))
        consts = _const_changes(list(_placed_pairs(old_fields, new_fields, self.sides.constants)), self.sides.constants)
        if consts:
            self.add("struct-changed", new.name, S, f"only const changed, layout kept: {_texts(consts)}", _field_location(consts, new))
        if renamed:
            # a name kept but standing at another offset: code built against OLD reads the wrong field.
            # Struct fields only: every member of a union stands at its offset 0.
            moved = sorted({b.name for a, b in zip(old_fields, new_fields, strict=True) if a.name != b.name} & {a.name for a in old_fields})
            self.renames(new, renamed, moved)

    def renames(self, new: Struct, renamed: list[_Renamed], moved: list[str]) -> None:
        """Fields renamed at the same offsets: source-breaking, ABI-breaking when a name
        in ``moved`` (kept, now another field's) reads another offset."""
        detail = "renamed at the same offset: " + ", ".join(f"{a} -> {b}" for a, b, _ in renamed)
        first: list[_Said] = [("", g) for _, _, g in renamed]
        if moved:
            self.add("struct-changed", new.name, A, f"{detail} ({', '.join(moved)} now at another offset)", _field_location(first, new))
        else:
            self.add("field-renamed", new.name, S, detail, _field_location(first, new))

    def field_notes(self, new: Struct, fields: list[tuple[Field, Field]]) -> None:
        """Deprecations and docs of the fields both sides have, ``fields`` paired as the struct's
        verdict pairs them (:func:`_field_pairs`), a union's members as :func:`_union_pairs` pairs
        them, each named by NEW's path, ``u.ch``, as struct-changed names them."""
        pairs = list(_noted_pairs(fields, self.sides.constants))
        if self.sides.compare_since_of_functions:
            for path, a, b in pairs:
                self.deprecation(f"{new.name}.{path}{b.name}", a.deprecated, b.deprecated, b.location)
        if self.sides.compare_docs:
            # a field's doc is the comment beside it (the model keeps no other place for it): the first field whose
            # doc changed is where to look, not the typedef
            self.docs(new.name, [(f"field {path}{b.name}", a.doc, b.doc, _located(b.location, new.location)) for path, a, b in pairs])

    def layout(self, new: Struct, old_fields: tuple[Field, ...], new_fields: tuple[Field, ...]) -> list[tuple[Field, Field]]:
        """A struct whose layout (types but ``const``, sizes, order) differs: ABI-breaking,
        unless only union members (at any depth) were added that fit or reordered (see the module docstring).
        The fields it says renamed, OLD's and NEW's."""
        constants = self.sides.constants
        unions = _union_changes(old_fields, new_fields, constants)
        if unions is None:
            changes = _layout_changes(old_fields, new_fields, constants)
            if changes:
                self.add("struct-changed", new.name, A, _texts(changes), _field_location(changes, new))
            else:  # not expected: the layouts differ
                self.add("struct-changed", new.name, A, f"fields {_describe(old_fields, constants[0])} -> {_describe(new_fields, constants[1])}", new.location)
            return [(f, g) for f, g in _struct_pairs(old_fields, new_fields, constants)[0] if f.name != g.name]
        added, reordered, renamed = unions
        pairs = list(_placed_pairs(old_fields, new_fields, constants))  # a member renamed too: its const, its array size
        consts = _const_changes(pairs, constants)
        if reordered or consts:  # `{ x }` sets a union's first member: another one now; or a const-only change
            parts = reordered + added + ([(f"only const changed: {_texts(consts)}", consts[0][1])] if consts else [])
            self.add("struct-changed", new.name, S, f"{_texts(parts)} (layout kept: a union's members are all at offset 0)", _field_location(parts, new))
        elif added:
            self.add("struct-changed", new.name, C, f"union members added, layout kept: {_texts(added)}", _field_location(added, new))
        # the layout is kept, so what kept_layout reports of a kept layout is reported here too, by name
        self.respelled(new.name, pairs, new.location)
        if renamed:  # in a union: every member stands at offset 0, none moved
            self.renames(new, renamed, [])
        return _renamed_in_place(old_fields, new_fields)  # the same fields place by place (_union_changes)

    def respelled(self, name: str, fields: Iterable[tuple[str, Field, Field]], where: Location) -> None:
        """Array sizes spelled another way with the same value (the layouts matched), among
        ``fields`` paired with NEW's path prefix: compatible.  A union member is named by NEW's
        path (``u.c``), as every struct finding names it."""
        pairs = [(prefix, a, b) for prefix, a, b in fields if _respelled(a, b)]
        if pairs:
            values = self.sides.constants[1]
            sizes = "; ".join(
                f"{prefix}{b.name}: [{a.array_size}] -> [{b.array_size}], both {_dimension_value(b.array_size or '', values)}" for prefix, a, b in pairs
            )
            self.add("struct-changed", name, C, f"array size respelled, same value: {sizes}", _located(pairs[0][2].location, where))

    def members(self) -> None:
        old, new = self.sides.members
        removed, added, common = _split(old, new)
        for name in removed:
            self.add("member-removed", name, S, _member_detail(old[name]), old[name].location)
        for name in added:
            self.add("member-added", name, C, _member_detail(new[name]), new[name].location)
        ordered = self.sides.compare_since_of_functions  # both sides are sources: enum members in declaration order
        spellings: tuple[dict[str, tuple[str, int]], dict[str, tuple[str, int]]] | None = None
        for name in common:
            before, after = old[name], new[name]
            numbers = self.c_members(name)
            if numbers is not None:
                changed, texts = numbers[0] != numbers[1], (_value(before, number=numbers[0]), _value(after, number=numbers[1]))
            elif before.value is not None and after.value is not None:
                changed, texts = before.value != after.value, (_value(before), _value(after))
            else:  # unknown is not assumed equal: compared as written (see the module docstring)
                if spellings is None:  # once per side, only when some value is unknown
                    spellings = _spellings(self.sides.old, ordered), _spellings(self.sides.new, ordered)
                spelled = spellings[0].get(name, (before.expression, 0)), spellings[1].get(name, (after.expression, 0))
                changed = (_tokens(spelled[0][0]), spelled[0][1]) != (_tokens(spelled[1][0]), spelled[1][1])
                texts = _value(before, spelled[0]), _value(after, spelled[1])
            if changed:
                detail = f"{texts[0]} -> {texts[1]}"
                if before.sentinel and after.sentinel:  # the classification's reason, said: a compatible value change looks wrong
                    whose = f"{after.enum}'s" if after.enum else "the enum's"
                    why = f"{whose} sentinel, defined under VIR_ENUM_SENTINELS only: no stable value"
                    self.add("member-value-changed", name, C, f"{detail} ({why})", after.location)
                else:
                    self.add("member-value-changed", name, A, detail, after.location)
            if before.enum != after.enum and self.sides.same_enums.get(before.enum) != after.enum:
                self.add("member-moved", name, S, f"from {before.enum or '(anonymous enum)'} to {after.enum or '(anonymous enum)'}", after.location)
            if self.sides.compare_since_of_functions:
                self.deprecation(name, before.deprecated, after.deprecated, after.location)
            else:  # nor on an enum member
                self.deprecation(name, doc_deprecated(before.doc), doc_deprecated(after.doc), after.location)
            self.plain(before, after)

    def c_members(self, name: str) -> tuple[int, int] | None:
        """A member's C values on both sides, None unless both sides are sources and both are computed."""
        if not self.sides.in_c:
            return None
        before, after = self.sides.constants[0].c.member(name), self.sides.constants[1].c.member(name)
        return None if before is None or after is None else (before, after)

    def constant_values(self, old: str, new: str) -> tuple[int | None, int | None]:
        """Two macro bodies' values: in C when both sides are sources and both are
        computed there, else as the model computes them (see the module docstring)."""
        sides = self.sides.constants
        if self.sides.in_c:
            before, after = sides[0].c_value(old), sides[1].c_value(new)
            if before is not None and after is not None:
                return before, after
        return sides[0].value(old), sides[1].value(new)

    def macros(self) -> None:
        old, new = _by_name(self.sides.old.macros), _by_name(self.sides.new.macros)
        removed, added, common = _split(old, new)
        for name in removed:
            self.add("macro-removed", name, S, old[name].raw, old[name].location)
        for name in added:
            self.add("macro-added", name, C, new[name].raw, new[name].location)
        for name in common:
            before, after = old[name], new[name]
            if before.params != after.params:
                # a renamed parameter breaks no caller; another count (or object-like vs function-like) does
                both = before.params is not None and after.params is not None
                same_arity = both and len(before.params or ()) == len(after.params or ())
                detail = f"{_macro_form(before.params, both)} -> {_macro_form(after.params, both)}"
                self.add("macro-params-changed", name, C if same_arity else S, detail, after.location)
            elif _tokens(before.raw) != _tokens(after.raw):
                if not (_body_unknown(before, self.sides.xml[0]) or _body_unknown(after, self.sides.xml[1])):
                    self.macro_value(before, after)
            elif after.params is None and name not in VERSION_MACROS:
                self.macro_follows(before, after)
            self.since(name, before.since, after.since, after.location)
            if self.sides.compare_docs:
                # its @param entries as a function's: VIR_DOMAIN_EVENT_CALLBACK(cb)'s @cb says what it casts
                old_docs = {p.name: p.doc for p in before.param_docs}
                params = [(f"@{p.name}", old_docs[p.name], p.doc, after.location) for p in after.param_docs if p.name in old_docs]
                self.docs(name, [("doc", before.doc, after.doc, after.location), *params])

    def macro_value(self, old: Macro, new: Macro) -> None:
        """A constant respelled with the same value is compatible, as an array size is."""
        detail = f"{_flat(old.raw)} -> {_flat(new.raw)}"
        # the rule that makes either compatible, said: a constant's value change looks ABI-breaking
        if new.name in VERSION_MACROS:
            self.add("macro-value-changed", new.name, C, f"{detail} (the library's version: it changes with every release)", new.location)
            return
        if old.params is not None:
            self.add("macro-value-changed", new.name, C, f"{detail} (a function-like macro, not a constant)", new.location)
            return
        before, after = self.constant_values(old.raw, new.raw)
        if before is not None and before == after:
            self.add("macro-value-changed", new.name, C, f"respelled, same value: {detail}, both {after}", new.location)
        else:
            self.add("macro-value-changed", new.name, A, detail, new.location)

    def macro_follows(self, old: Macro, new: Macro) -> None:
        """The same body with another value: a name in it changed value
        (``VIR_DOMAIN_BLOCK_STATS_FIELD_LENGTH`` is ``VIR_TYPED_PARAM_FIELD_LENGTH``):
        code built against OLD holds the old value, as for a direct change."""
        before, after = self.constant_values(old.raw, new.raw)
        # Unknown on a side is no change here: what made it so (a name no longer
        # computed, or not defined at all by a list of files lacking libvirt-common.h)
        # is reported on that name itself, if anywhere.
        if before is None or after is None or before == after:
            return
        names = [t for t in dict.fromkeys(_tokens(new.raw)) if _IDENTIFIER_RE.fullmatch(t) and _differ(self.constant_values(t, t))]
        follows = ", ".join(names) or "the names in it"
        detail = f"{before} -> {after} (follows {follows}; body {_flat(new.raw)} unchanged)"
        self.add("macro-value-changed", new.name, A, detail, new.location)

    # --- since and docs -------------------------------------------------------

    def plain(self, old: _Plain, new: _Plain, docs: bool = True) -> None:
        self.since(new.name, old.since, new.since, new.location)
        if docs and self.sides.compare_docs:
            self.docs(new.name, [("doc", old.doc, new.doc, new.location)])

    def deprecation(self, name: str, old: bool, new: bool, where: Location) -> None:
        if old != new:
            self.add("deprecated" if new else "undeprecated", name, C, "now deprecated" if new else "no longer deprecated", where)

    def since(self, name: str, old: str, new: str, where: Location) -> None:
        if old != new:
            self.add("since-changed", name, C, f"Since: {old or '(none)'} -> {new or '(none)'}", where)

    def docs(self, name: str, parts: list[_DocPart]) -> None:
        """One ``doc-changed`` naming every part whose text changed, pointing where the first of them does."""
        changed = [(part, before, after, where) for part, old, new, where in parts if (before := _flat(old)) != (after := _flat(new))]
        if changed:
            detail = ", ".join(part for part, _, _, _ in changed)
            self.changes.append(Change(self.module, "doc-changed", name, C, detail, changed[0][3], False, tuple(c[:3] for c in changed)))


def _param_doc_parts(old: tuple[Param, ...], new: tuple[Param, ...], where: Location) -> list[_DocPart]:
    """The ``@name`` doc parts of the parameters both sides name, NEW's order (a function's or a callback's)."""
    old_docs = {p.name: p.doc for p in old if p.name}
    return [(f"@{p.name}", old_docs[p.name], p.doc, where) for p in new if p.name in old_docs]


def _callback_change(
    old_return: str, old: tuple[Param, ...], new_return: str, new: tuple[Param, ...], constants: tuple[_Constants, _Constants],
) -> Classification | None:
    """How a callback type's change classifies, None when it is none.  The same
    spelling is no change (a typedef in it retargeted is its own
    ``typedef-changed``).  A ``const``-only change below the top level is
    source-breaking either way: the application's function no longer has the
    type the library's pointer wants (no implicit conversion between
    function types), but a built binary passes and reads the same bits.
    Compared type by type, so that one retargeted typedef does not hide
    another change's class."""
    if len(old) != len(new):
        return A
    pairs = [(old_return, new_return), *((a.type, b.type) for a, b in zip(old, new, strict=True))]
    levels = [_callback_type_change(before, after, constants) for before, after in pairs]
    return A if A in levels else S if S in levels else None


def _callback_type_change(old: str, new: str, constants: tuple[_Constants, _Constants]) -> Classification | None:
    """One type of a callback signature (see :func:`_callback_change`); a top-level ``const`` is not part of it."""
    if _same_type(old, new, constants):
        return None
    before, after = constants[0].type_tokens(old), constants[1].type_tokens(new)
    if _param_key(before) == _param_key(after):
        return None
    return S if _param_key(_unqualified(before)) == _param_key(_unqualified(after)) else A


def _documenting_source(function: Function, xml: bool) -> str | None:
    """The module of the ``.c`` file documenting a function (``virerror`` of
    ``src/util/virerror.c``), None when it is documented elsewhere (its header)
    or not known.  An exported XML names it (``module='virerror'``), not the file."""
    if xml:
        return function.module or None
    return function.module if function.doc_location.file.endswith(".c") else None


def _body_unknown(macro: Macro, xml: bool) -> bool:
    """A function-like macro's body not known: libvirt's ``apibuild.py`` writes
    ``raw=''`` for every function-like macro, so an empty body from an XML says
    nothing about the macro (as other facts an XML lacks)."""
    return xml and macro.params is not None and not macro.raw.strip()


def _renames(removed: list[Function], added: list[Function], constants: tuple[_Constants, _Constants]) -> list[tuple[Function, Function]]:
    """Removed/added pairs with the same signature and similar names, best match first."""
    candidates = []
    # once each, not once per pair; OLD's through OLD's typedefs, NEW's through NEW's
    old_keys = {f.name: _signature_key(f.return_type, f.params, constants[0]) for f in removed}
    new_keys = {f.name: _signature_key(f.return_type, f.params, constants[1]) for f in added}
    for before in removed:
        for after in added:
            if old_keys[before.name] == new_keys[after.name]:
                ratio = difflib.SequenceMatcher(None, before.name, after.name).ratio()
                if ratio >= RENAME_SIMILARITY:
                    candidates.append((-ratio, before.name, after.name, before, after))
    pairs: list[tuple[Function, Function]] = []
    used: set[str] = set()
    for _, old_name, new_name, before, after in sorted(candidates, key=lambda c: (c[0], c[1], c[2])):
        if old_name not in used and new_name not in used:
            used.update((old_name, new_name))
            pairs.append((before, after))
    return pairs


_INTEGER_TOKENS: dict[CType, tuple[str, ...]] = {INT: ("int",), UINT: ("unsigned", "int"), LONG: ("long",), ULONG: ("unsigned", "long")}
INT_RANGE = (-(2**31), 2**31 - 1)
UNSIGNED_RANGE = (0, 2**32 - 1)
LONG_RANGE = (-(2**63), 2**63 - 1)
UNSIGNED_LONG_RANGE = (0, 2**64 - 1)


def _enum_bytes(enum: Enum_, members: Mapping[str, EnumMember]) -> tuple[int, int, int] | None:
    """(sizeof, smallest value, largest value) of an enum as GCC lays it out on
    x86_64: ``int`` when every value fits in it, else ``unsigned int`` when every
    one fits in that (both 4 bytes), else ``long`` or ``unsigned long`` (8).  None
    when a value is not known (not computed on this side), or none is."""
    values = [members[name].value if name in members else None for name in enum.members]
    known = [v for v in values if v is not None]
    if not known or len(known) != len(values):
        return None
    low, high = min(known), max(known)
    ranges = ((4, INT_RANGE), (4, UNSIGNED_RANGE), (8, LONG_RANGE), (8, UNSIGNED_LONG_RANGE))
    size = next((size for size, (first, last) in ranges if first <= low and high <= last), None)
    return None if size is None else (size, low, high)


def _c_enum_bytes(enum: Enum_, values: CConstants) -> tuple[int, int, int] | None:
    """:func:`_enum_bytes` from a side's C values (gcc's layout: :class:`CConstants`), None when not computed."""
    layout = values.layout(enum.name)
    numbers = [values.member(name) for name in enum.members]
    known = [number for number in numbers if number is not None]
    if layout is None or len(known) != len(numbers):
        return None
    return layout[0] // 8, min(known), max(known)


def _unparenthesized(text: str) -> str:
    """``text`` without the parentheses around all of it (``(1 << 3)`` is ``1 << 3``);
    ``(1 << 31) << 31`` keeps its own (``str.strip("()")`` made it ``1 << 31) << 31``: review)."""
    while text.startswith("(") and text.endswith(")") and _closes_at_end(text):
        text = text[1:-1].strip()
    return text


def _closes_at_end(text: str) -> bool:
    """Whether the ``(`` opening ``text`` is closed by its last character only."""
    depth = 0
    for index, character in enumerate(text):
        depth += character == "("
        depth -= character == ")"
        if depth == 0:
            return index == len(text) - 1
    return False


def _differ(values: tuple[int | None, int | None]) -> bool:
    return values[0] != values[1]


def _type_kind(node: Enum_ | Typedef | Struct) -> str:
    if isinstance(node, Enum_):
        return "enum"
    if isinstance(node, Struct):
        return "opaque struct" if node.fields is None else "struct"
    return f"typedef {node.type}"


def _macro_form(params: tuple[str, ...] | None, bare: bool) -> str:
    """A macro's parameters as a detail says them: ``object-like`` or
    ``function-like (a, b)``; just ``(a, b)`` when ``bare`` (both sides are function-like)."""
    if params is None:
        return "object-like"
    listed = f"({', '.join(params)})"
    return listed if bare else f"function-like {listed}"


def _member_detail(member: EnumMember) -> str:
    """``virFoo value 3`` for a member added or removed; ``value 3`` for one of an anonymous enum."""
    return f"{member.enum} value {_value(member)}" if member.enum else f"value {_value(member)}"


def _value(member: EnumMember, spelled: tuple[str, int] = ("", 0), number: int | None = None) -> str:
    """A member's value as a detail says it (``number``, its C value, when given);
    one not computed as written, or as counted from the initializer before it
    (``spelled``, see :func:`_spelling`)."""
    value = member.value if number is None else number
    if value is None:
        if member.expression or not spelled[0]:
            return member.expression or "(unknown)"
        return f"(unknown: {_flat(spelled[0])} + {spelled[1]})"
    written = _unparenthesized(member.expression)
    return f"{value} ({written})" if written and written != str(value) else str(value)


def _spellings(module: Module, ordered: bool) -> dict[str, tuple[str, int]]:
    """How each implicit member of a named enum is written, for comparing values
    not computed: C's "the one before plus one", as (the nearest initializer
    before it, how many members after it); ("0", n) with no initializer before
    it (the first member is 0).  Only when ``ordered`` (both sides are sources:
    an exported XML keeps no declaration order); a member not listed here is
    compared by its own initializer, (expression, 0).  One pass per enum."""
    if not ordered:
        return {}
    members = _by_name(module.members)
    spelled: dict[str, tuple[str, int]] = {}
    for enum in module.enums:
        written, since = "0", -1  # as if an initializer "0" stood just before the first member
        for name in enum.members:
            member = members.get(name)
            since += 1
            if member is not None and member.expression:
                written, since = member.expression, 0
            elif member is not None:
                spelled.setdefault(name, (written, since))
    return spelled


def _enum_called(tag: EnumTag | None, name: str = "") -> str:
    """An enum as a detail names it: ``enum _virX`` by its tag, else ``the enum`` (of
    another name when ``name`` is given: ``the enum virA``)."""
    if tag is not None and tag.tag:
        return f"enum {tag.tag}"
    return f"the enum {name}" if name else "the enum"


def _same_layout(old: tuple[Field, ...], new: tuple[Field, ...], constants: tuple[_Constants, _Constants], *, strict: bool = False) -> bool:
    """The same field types, array sizes and unions, in the same order (names aside);
    ``const`` aside too unless ``strict`` (it changes no size nor offset)."""
    return len(old) == len(new) and all(_same_field(a, b, constants, strict=strict) for a, b in zip(old, new, strict=True))


def _same_field(old: Field, new: Field, constants: tuple[_Constants, _Constants], *, strict: bool = False) -> bool:
    if not _same_type(old.type, new.type, constants, loose=not strict) or (old.union is None) != (new.union is None):
        return False
    if old.union is not None and new.union is not None and not _same_union(old.union, new.union, constants, strict=strict):
        return False
    return _same_dimension(old.array_size, new.array_size, constants)


def _same_union(old: tuple[Field, ...], new: tuple[Field, ...], constants: tuple[_Constants, _Constants], *, strict: bool = False) -> bool:
    """A union's members the same place by place, names aside (a member renamed in place
    keeps the layout), and every name both sides have still naming the same member: code
    built against OLD reaches a member by its name, so ``int i; long c;`` -> ``int c; long i;``
    has the same types in the same places but ``u.i`` retyped (4 bytes read where NEW
    writes 8), which is no kept layout."""
    if not _same_layout(old, new, constants, strict=strict):
        return False
    new_by = {m.name: m for m in new}
    return all(_same_field(m, new_by[m.name], constants, strict=strict) for m in old if m.name in new_by)


def _renamed_fields(
    old: tuple[Field, ...], new: tuple[Field, ...], constants: tuple[_Constants, _Constants], paths: tuple[str, str] = ("", ""),
) -> tuple[list[_Renamed], list[_Said]]:
    """(renamed fields, as struct-changed details name them; unions reordered as the detail
    says them, each with its union) of two same layouts, in NEW's order.  ``paths``: OLD's
    and NEW's prefix of a union's members.  A struct's fields are paired by place, a union's
    members as :func:`_member_pairs` pairs them: a name kept names the same member (every
    member stands at offset 0, so none moved), and members paired in another order are a
    reorder, said in OLD's names."""
    renamed: list[_Renamed] = []
    reordered: list[_Said] = []
    for f, g in zip(old, new, strict=True):
        if f.name != g.name:
            renamed.append((f"{paths[0]}{f.name}", f"{paths[1]}{g.name}", g))
        if f.union is None or g.union is None:
            continue
        inner_paths = f"{paths[0]}{f.name}.", f"{paths[1]}{g.name}."
        pairs = _member_pairs(f.union, g.union, constants)
        names = [m.name for m in f.union], [a.name for a, _ in pairs]
        if names[0] != names[1]:
            reordered.append((f"{paths[1]}{g.name} members reordered: {', '.join(names[0])} -> {', '.join(names[1])}", g))
        for a, b in pairs:
            inner = _renamed_fields((a,), (b,), constants, inner_paths)
            renamed += inner[0]
            reordered += inner[1]
    return renamed, reordered


def _member_pairs(old: tuple[Field, ...], new: tuple[Field, ...], constants: tuple[_Constants, _Constants]) -> list[tuple[Field, Field]]:
    """The members of two unions of the same layout (:func:`_same_union`) paired, in NEW's
    order, as :func:`_union_pairs` pairs them.  Paired by place, the renames named the
    wrong members."""
    pairs, removed, added = _union_pairs(old, new, constants)
    if removed or added:  # not expected of a same layout: place by place, as before
        return list(zip(old, new, strict=True))
    return pairs


def _union_pairs(
    old: tuple[Field, ...], new: tuple[Field, ...], constants: tuple[_Constants, _Constants],
) -> tuple[list[tuple[Field, Field]], list[Field], list[Field]]:
    """(pairs in NEW's order, OLD's members left unpaired, NEW's members left unpaired) of two
    unions' members: by name where both sides have it, as code built against OLD reaches a
    member; then the members left, in declaration order: each left of NEW with the first left
    of OLD of the very same type, ``const`` included; then of the same type but for ``const``;
    then a union of a kept layout (:func:`_union_field`: reordered or added to inside).  Names
    in another order and others renamed at once: ``int i; int j;`` -> ``int k; int i;`` is
    ``j`` renamed ``k`` and a reorder, not ``i`` renamed ``k`` and ``j`` renamed ``i``.  Every
    member stands at offset 0, so a member left of OLD with one of its type left in NEW was
    renamed, wherever either stands: ``int i; char c;`` -> ``char ch; int i;`` is ``c`` renamed
    ``ch`` and a reorder, code built against OLD reading ``u.c`` reading the same char (it was
    ``c`` removed and ``ch`` added, ABI-breaking).  Several left of one type on each side are
    paired in declaration order (``int a; int b;`` -> ``int x; int y;``: ``a -> x, b -> y``):
    all at offset 0 and of one type, any pairing keeps the layout, and this one is the pairing
    by place when nothing moved.  The exact type first: ``const char *a; char *b;`` -> ``char
    *x; const char *y;`` is a reorder and ``b -> x, a -> y``; taking the first left of a type
    but for ``const`` in NEW's order, it was ``a -> x, b -> y``, each with its ``const``
    changed, by the luck of which came first."""
    names = {g.name for g in new}
    old_by = {m.name: m for m in old}
    left = [m for m in old if m.name not in names]
    partner: dict[str, Field] = {}
    alike: tuple[Callable[[Field, Field], bool], ...] = (
        lambda m, g: _same_field(m, g, constants, strict=True),
        lambda m, g: _same_field(m, g, constants),
        lambda m, g: _kept_union(m, g, constants),
    )
    for same in alike:
        for g in new:
            if g.name in old_by or g.name in partner:
                continue
            f = next((m for m in left if same(m, g)), None)
            if f is not None:
                partner[g.name] = f
                left.remove(f)
    return _paired(old_by, partner, new), left, [g for g in new if g.name not in old_by and g.name not in partner]


def _paired(old_by: dict[str, Field], partner: dict[str, Field], new: tuple[Field, ...]) -> list[tuple[Field, Field]]:
    """NEW's fields in order, each with OLD's field of its name, else with its ``partner`` (a field
    renamed into it); one with neither (added) is left out."""
    found = ((old_by.get(g.name, partner.get(g.name)), g) for g in new)
    return [(f, g) for f, g in found if f is not None]


def _kept_union(old: Field, new: Field, constants: tuple[_Constants, _Constants]) -> bool:
    return old.union is not None and new.union is not None and _union_field(old, new, constants, ("", "")) is not None


def _placed_pairs(
    old: tuple[Field, ...], new: tuple[Field, ...], constants: tuple[_Constants, _Constants], prefix: str = "",
) -> Iterator[tuple[str, Field, Field]]:
    """The fields of two layouts kept paired by place, each with NEW's path prefix (``u.``);
    a union's members as :func:`_union_pairs` pairs them (as :func:`_renamed_fields` names
    them; a member added is paired with none): ``const char *a; char *b;`` -> ``char *b;
    const char *a;`` changed no member's ``const``, though place by place two did, and
    ``const char *c;`` renamed ``char *ch`` in a union reordered did."""
    for f, g in zip(old, new, strict=True):
        yield from _placed_pair(f, g, constants, prefix)


def _placed_pair(old: Field, new: Field, constants: tuple[_Constants, _Constants], prefix: str) -> Iterator[tuple[str, Field, Field]]:
    yield prefix, old, new
    if old.union is not None and new.union is not None:
        for a, b in _union_pairs(old.union, new.union, constants)[0]:
            yield from _placed_pair(a, b, constants, f"{prefix}{new.name}.")


def _renamed_in_place(old: tuple[Field, ...], new: tuple[Field, ...]) -> list[tuple[Field, Field]]:
    """The fields of two structs of as many fields whose name changed in their place, OLD's and NEW's."""
    return [(f, g) for f, g in zip(old, new, strict=True) if f.name != g.name]


def _field_pairs(old: tuple[Field, ...], new: tuple[Field, ...], renamed: list[tuple[Field, Field]]) -> list[tuple[Field, Field]]:
    """A struct's fields of both sides paired as its verdict pairs them, in NEW's order: by name, as
    code built against OLD reaches them, then each field ``renamed`` (as the verdict says it) whose
    old name is gone and whose new name is new.  A name kept but given to another field stays paired
    by name (``count -> state`` beside ``state -> flags``: OLD's ``state`` with NEW's)."""
    old_by = {f.name: f for f in old}
    new_names = {g.name for g in new}
    partner = {g.name: f for f, g in renamed if f.name not in new_names and g.name not in old_by}
    return _paired(old_by, partner, new)


def _noted_pairs(pairs: list[tuple[Field, Field]], constants: tuple[_Constants, _Constants], prefix: str = "") -> Iterator[tuple[str, Field, Field]]:
    """``pairs`` each with NEW's path prefix, followed by the members of the unions among them paired
    as :func:`_union_pairs` pairs them: a member renamed (``u.c`` -> ``u.ch``) is the same member,
    its doc and deprecation compared with its old ones."""
    for f, g in pairs:
        yield prefix, f, g
        if f.union is not None and g.union is not None:
            yield from _noted_pairs(_union_pairs(f.union, g.union, constants)[0], constants, f"{prefix}{g.name}.")


def _const_changes(pairs: list[tuple[str, Field, Field]], constants: tuple[_Constants, _Constants]) -> list[_Said]:
    """The fields whose type changed in ``const`` only, as a detail says them, each with NEW's field.
    Source-breaking whichever way and at whichever level: a binary reads the
    same bytes, but code storing into the field or reading a pointer out of it
    into a differently qualified one no longer builds (or warns, in C)."""
    before, after = constants
    return [
        (f"{prefix}{g.name}: {_field_text(f, before, '')} -> {_field_text(g, after, '')}", g)
        for prefix, f, g in pairs
        if f.union is None and g.union is None and not _same_type(f.type, g.type, constants) and _same_type(f.type, g.type, constants, loose=True)
    ]


def _same_dimension(old: str | None, new: str | None, constants: tuple[_Constants, _Constants]) -> bool:
    """The same bounds, each by value when both sides can compute it, else as C
    tokens (see the module docstring)."""
    if old is None or new is None:
        return old is new
    before, after = _bounds(old), _bounds(new)
    if len(before) != len(after):
        return False
    return all(_same_bound(a, b, constants) for a, b in zip(before, after, strict=True))


def _same_bound(old: str, new: str, constants: tuple[_Constants, _Constants]) -> bool:
    before, after = constants[0].value(old), constants[1].value(new)
    if before is not None and after is not None:
        return before == after
    return _tokens(old) == _tokens(new)


def _bounds(size: str) -> list[str]:
    """The bounds of an array size as the model holds it: ``2][VIR_G`` (``char
    grid[2][VIR_G]``) is ``["2", "VIR_G"]``.  Split at a ``][`` outside any
    bracket or parenthesis of a bound, literals being tokens of their own."""
    bounds: list[str] = []
    depth, start = 0, 0
    closing: int | None = None  # where the bound just closed by a "]" at depth 0 ends
    for match in _C_TOKEN_RE.finditer(size):
        token = match.group(2)
        if token is None:  # a comment
            continue
        if token == "[" and closing is not None:
            bounds.append(size[start:closing].strip())
            start, closing = match.end(), None
        elif token == "]" and depth == 0:
            closing = match.start()
        else:
            closing = None
            depth = max(0, depth + (token in ("(", "[")) - (token in (")", "]")))
    bounds.append(size[start:].strip())
    return bounds


def _respelled(old: Field, new: Field) -> bool:
    """An array size written another way (its value being the same: the layouts matched)."""
    return old.array_size is not None and new.array_size is not None and _tokens(old.array_size) != _tokens(new.array_size)


def _layout_changes(
    old: tuple[Field, ...], new: tuple[Field, ...], constants: tuple[_Constants, _Constants], paths: tuple[str, str] = ("", ""),
) -> list[_Said]:
    """What changed, by field name (union members as ``union.member``: OLD's path for one
    removed, else NEW's), each with NEW's field it is about (None for a field removed).  A
    struct's fields are paired as :func:`_struct_pairs` pairs them (``renamed in its place:
    value -> val``); a union's members (``paths``: OLD's and NEW's prefix) as
    :func:`_union_pairs` pairs them, so that a member renamed beside another one retyped is
    said renamed (``renamed at the same offset: u.c -> u.ch``), not removed and added."""
    before, after = constants
    union = paths != ("", "")
    if union:
        pairs, removed, _ = _union_pairs(old, new, constants)
    else:
        pairs, removed = _struct_pairs(old, new, constants)
    partner = {g.name: f for f, g in pairs}
    parts: list[_Said] = [(f"removed {_field_text(f, before, paths[0])}", None) for f in removed]
    renamed: list[_Renamed] = []
    for g in new:
        f = partner.get(g.name)
        if f is None:
            parts.append((f"added {_field_text(g, after, paths[1])}", g))
            continue
        if f.name != g.name and (f.union is not None or _same_field(f, g, constants, strict=True)):
            renamed.append((f"{paths[0]}{f.name}", f"{paths[1]}{g.name}", g))
        if f.union is not None and g.union is not None and _same_dimension(f.array_size, g.array_size, constants):
            parts += _layout_changes(f.union, g.union, constants, (f"{paths[0]}{f.name}.", f"{paths[1]}{g.name}."))
        elif not _same_field(f, g, constants, strict=True):  # renamed with its const changed too: both names said
            parts.append((f"{paths[1]}{g.name}: {_field_text(f, before, '')} -> {_field_text(g, after, '')}", g))
    if renamed:  # a union's members all stand at offset 0; a struct's field only between the same fields
        said = "renamed at the same offset: " if union else "renamed in its place: "
        parts.append((said + ", ".join(f"{a} -> {b}" for a, b, _ in renamed), renamed[0][2]))
    paired = {f.name for f, _ in pairs}
    kept_old = [f.name for f in old if f.name in paired]
    if kept_old != [f.name for f, _ in pairs]:  # OLD's names, in NEW's order
        # the first field standing at another place among the kept ones
        shifted = next(g for name, (f, g) in zip(kept_old, pairs, strict=True) if name != f.name)
        kept = ", ".join(f.name for f, _ in pairs)
        parts.append((f"{paths[1][:-1] + ' members' if union else 'fields'} reordered: {', '.join(kept_old)} -> {kept}", shifted))
    return parts


def _struct_pairs(
    old: tuple[Field, ...], new: tuple[Field, ...], constants: tuple[_Constants, _Constants],
) -> tuple[list[tuple[Field, Field]], list[Field]]:
    """(pairs in NEW's order, OLD's fields left unpaired) of two structs of another layout: by
    name, as code built against OLD reaches a field; then a field whose name is gone with one whose
    name is new when each is the only such field of its side between the same two fields both sides
    name (or the struct's start or end: :func:`_gaps`) and both are of one type (``const`` aside; a
    union of a kept layout, :func:`_union_field`): renamed in its place.  Its offset may have moved
    with the rest of the layout, which the detail says beside.  Two or more such fields on a side
    between the same two fields, or another type, stay removed and added: nothing tells which one
    became which, or a retype from a field removed beside one added (see docs/diff.md)."""
    old_by, new_names = {f.name: f for f in old}, {g.name for g in new}
    kept = new_names & old_by.keys()
    gone, arrived = _gaps(old, kept), _gaps(new, kept)
    partner: dict[str, Field] = {}
    for between, fields in gone.items():
        others = arrived.get(between, [])
        if len(fields) == 1 and len(others) == 1 and (_same_field(fields[0], others[0], constants) or _kept_union(fields[0], others[0], constants)):
            partner[others[0].name] = fields[0]
    taken = {f.name for f in partner.values()}
    return _paired(old_by, partner, new), [f for f in old if f.name not in new_names and f.name not in taken]


def _gaps(fields: tuple[Field, ...], kept: set[str]) -> dict[tuple[str | None, str | None], list[Field]]:
    """The fields whose name is not in ``kept``, by the kept names of the fields around them (None:
    the struct's start or end)."""
    found: dict[tuple[str | None, str | None], list[Field]] = {}
    before: str | None = None
    waiting: list[Field] = []
    for f in fields:
        if f.name not in kept:
            waiting.append(f)
            continue
        if waiting:
            found[before, f.name] = waiting
        before, waiting = f.name, []
    if waiting:
        found[before, None] = waiting
    return found


def _texts(parts: list[_Said]) -> str:
    return "; ".join(text for text, _ in parts)


def _field_location(parts: list[_Said], struct: Struct) -> Location:
    """Where a ``struct-changed`` points: the first field of NEW its detail names, so that an
    editor jumping there lands on the change, not on the typedef; the struct when it names
    only fields removed (they are not in NEW) or the model knows no place for them."""
    return next((g.location for _, g in parts if g is not None and g.location.line), struct.location)


def _located(where: Location, fallback: Location) -> Location:
    return where if where.line else fallback


def _field_text(item: Field, constants: _Constants, prefix: str) -> str:
    """A field as C declares it: ``int (*cb)(void *)``, ``char grid[2][3]``."""
    declarator = f"{prefix}{item.name}{_dimension(item.array_size, constants)}"
    if item.union is not None:
        return f"union {_describe(item.union, constants)} {declarator}"
    return _declaration(item.type, declarator)


# The "(*)" of a pointer to a function or an array, its qualifiers with it:
# where C writes the name of what it declares (``int (*cb)(void *)``).
_HOLE_RE = re.compile(r"\((\s*\*(?:\s*(?:\*|\b(?:const|volatile|restrict)\b))*)\s*\)")


def _declaration(type_: str, declarator: str) -> str:
    """``type_`` (an abstract declarator, as the model holds a field's type) with
    ``declarator`` put where C puts it: in the ``(*)`` of a function or array
    pointer, else after the type."""
    hole = _HOLE_RE.search(type_)
    if hole is None:
        return f"{type_} {declarator}"
    at = hole.end(1)
    return f"{type_[:at]}{' ' if type_[at - 1].isalnum() else ''}{declarator}{type_[at:]}"


def _describe(fields: tuple[Field, ...], constants: _Constants) -> str:
    return "{" + "; ".join(_field_text(f, constants, "") for f in fields) + "}"


# sizeof (= alignment) of the basic C types on x86_64 (LP64), without signed/unsigned
_BASIC_SIZES = {  # as _basic_type spells them
    ("char",): 1, ("_Bool",): 1, ("short",): 2, ("int",): 4, ("float",): 4,
    ("long",): 8, ("long", "long"): 8, ("double",): 8, ("long", "double"): 16,
}


def _size_align(item: Field, constants: _Constants) -> tuple[int, int] | None:
    """(sizeof, alignof) of a field on x86_64 LP64, None when not known from the model alone.
    A union is measured from its members (:func:`_union_size_align`), so that a union holding
    one can still be added to compatibly."""
    tokens = [] if item.union is not None else [t for t in constants.type_tokens(item.type) if t not in _QUALIFIERS]  # a pointer typedef is a pointer
    if item.union is not None:
        measured = _union_size_align(item.union, constants)
        if measured is None:
            return None
        size, align = measured
    elif (tokens and tokens[-1] == "*") or _HOLE_RE.search(item.type):  # a pointer to a function or an array too
        size = align = 8
    else:
        words = tuple(t for t in tokens if t not in ("signed", "unsigned"))
        known = _BASIC_SIZES.get(words)  # canonical: a plain "unsigned" is "unsigned int"
        if known is None:
            return None
        size = align = known
    for count in constants.bounds(item.array_size) if item.array_size is not None else ():
        if count is None or count < 0:
            return None
        size *= count
    return size, align


def _union_size_align(members: tuple[Field, ...], constants: _Constants) -> tuple[int, int] | None:
    """(sizeof, alignof) of a union of ``members`` as gcc lays it out: aligned as its most
    aligned member, its largest member's size rounded up to that alignment (an array
    of it must keep each element aligned).  None when a member's size is not known, or
    for a union of no members (a GNU extension the model has no size for)."""
    measured = [_size_align(m, constants) for m in members]
    known = [size for size in measured if size is not None]
    if not known or len(known) != len(measured):
        return None
    align = max(a for _, a in known)
    largest = max(s for s, _ in known)
    return -(-largest // align) * align, align


def _union_changes(
    old: tuple[Field, ...], new: tuple[Field, ...], constants: tuple[_Constants, _Constants],
) -> _UnionFound | None:
    """(union members added, unions whose members were reordered, each as a detail
    says it with NEW's member or union; fields and members renamed) when these are the
    only changes of a struct's unions (:func:`_union_field`), its other fields being the
    same, place by place.  A field renamed in its place is a rename, as in a struct of
    the same layout, a union among them too (``u`` -> ``v``, its members reordered: it
    was ``u`` removed and ``v`` added); a name kept but given to another place is not
    (code built against OLD reads another offset through it).  None when anything else
    changed."""
    if len(old) != len(new):
        return None
    names = {f.name for f in old}
    found: _UnionFound = ([], [], [])
    for f, g in zip(old, new, strict=True):
        if f.name != g.name and g.name in names:
            return None
        if f.union is None or g.union is None:
            if not _same_field(f, g, constants):
                return None
            if f.name != g.name:
                found[2].append((f.name, g.name, g))
            continue
        inner = _union_field(f, g, constants, ("", ""))
        if inner is None:
            return None
        _gather(found, inner)
    return found


def _union_field(old: Field, new: Field, constants: tuple[_Constants, _Constants], paths: tuple[str, str]) -> _UnionFound | None:
    """What :func:`_union_changes` finds in union ``old`` become ``new`` (one name, or one
    place), ``paths`` the prefixes of each (``u.`` for ``u.w``), or None when its layout is
    not kept.  Kept place by place (names aside, each name kept naming the same member):
    its members renamed in place, members of one type swapped.  Else its members paired by
    name, as code built against OLD reaches them: each name must name the same member (a
    union among them compared by this same rule, so ``u.w`` may be reordered or added to
    as ``u`` may), no name may go, and each member added must fit in the union as it was
    (:func:`_fits`); the union's own size and alignment are then kept, the largest and most
    aligned of the same members, and so the layout of what holds it.  Its names in another
    order are a reorder."""
    if old.union is None or new.union is None or not _same_dimension(old.array_size, new.array_size, constants):
        return None
    if _same_field(old, new, constants):
        renamed, reordered = _renamed_fields((old,), (new,), constants, paths)
        return [], reordered, renamed
    inner_paths = f"{paths[0]}{old.name}.", f"{paths[1]}{new.name}."
    pairs, removed, added = _union_pairs(old.union, new.union, constants)
    if removed:  # a member gone, none of its type left to have taken it over
        return None
    found: _UnionFound = ([], [], [(f"{paths[0]}{old.name}", f"{paths[1]}{new.name}", new)] if old.name != new.name else [])
    for m, n in pairs:
        if m.union is None or n.union is None:
            if not _same_field(m, n, constants):  # retyped by name: what OLD reads through m.name is not what NEW writes
                return None
            if m.name != n.name:  # at offset 0 as it was: OLD's code reading m.name reads what NEW calls n.name
                found[2].append((f"{inner_paths[0]}{m.name}", f"{inner_paths[1]}{n.name}", n))
            continue
        inner = _union_field(m, n, constants, inner_paths)
        if inner is None:
            return None
        _gather(found, inner)
    if added and not _fits(old.union, added, constants):
        return None
    order = [m.name for m, _ in pairs]  # OLD's names, in NEW's order
    own: list[_Said] = []
    if [m.name for m in old.union] != order:
        own.append((f"{paths[1]}{new.name} members reordered: {', '.join(m.name for m in old.union)} -> {', '.join(order)}", new))
    grown: list[_Said] = [(f"added {_field_text(n, constants[1], inner_paths[1])}", n) for n in added]
    return grown + found[0], own + found[1], found[2]


def _gather(found: _UnionFound, more: _UnionFound) -> None:
    found[0].extend(more[0])
    found[1].extend(more[1])
    found[2].extend(more[2])


def _fits(old: tuple[Field, ...], added: list[Field], constants: tuple[_Constants, _Constants]) -> bool:
    """Whether each member ``added`` to union ``old`` is no larger than ``old`` itself and no
    more aligned than its most aligned member: its size is the largest member's rounded up
    to that alignment (:func:`_union_size_align`: ``{ char b[5]; int i; }`` is 8 bytes, so
    a ``char c[8]`` changes nothing).  Unknown sizes among them are not assumed to fit.
    Measured against this union, not one holding it: a union within a union that grows
    changes its own size (``sizeof u.w``, a copy of it) even where the outer one has room."""
    measured = _union_size_align(old, constants[0])
    if measured is None:
        return False
    size, aligned = measured
    for member in added:
        fits = _size_align(member, constants[1])
        if fits is None or fits[0] > size or fits[1] > aligned:
            return False
    return True


def _dimension(size: str | None, constants: _Constants) -> str:
    """``[BOUND]`` for each bound of SIZE, with its value when the bound is not a
    plain number and the value is known: ``[2][VIR_G = 3]``."""
    if not size:
        return ""
    return "".join(_bound_text(bound, constants.value(bound)) for bound in _bounds(size))


def _bound_text(bound: str, value: int | None) -> str:
    return f"[{bound}]" if value is None or _tokens(bound) == (str(value),) else f"[{bound} = {value}]"


def _dimension_value(size: str, constants: _Constants) -> str:
    """The value of an array size: ``16``, or ``[2][3]`` for several bounds (a bound not computable as written)."""
    bounds = _bounds(size)
    values = [str(value) if value is not None else bound for bound, value in zip(bounds, constants.bounds(size), strict=True)]
    return values[0] if len(values) == 1 else "".join(f"[{value}]" for value in values)


def _empty(name: str) -> Module:
    return Module(name, (), (), (), (), (), (), (), (), ())


def _absent(name: str, old: Module | None, new: Module | None, complete: tuple[bool, bool]) -> Change | None:
    """The record of a module on one side only when the other side may just not
    have been given its files (see :func:`diff`); None when it is compared."""
    if old is not None and new is None and not complete[1]:
        return Change(name, "module-absent", name, C, f"{ONLY_IN_OLD}: NEW, a list of files, has none of this module (not compared)", old.location, True)
    if new is not None and old is None and not complete[0]:
        return Change(name, "module-absent", name, C, "only in NEW: OLD, a list of files, has none of this module (not compared)", new.location)
    return None


@dataclass(frozen=True, slots=True)
class _Held:
    """What a list of files says anything of: the headers it holds (those it lists,
    and those its symbols are declared in) and the names it declares, in any header."""

    headers: frozenset[str]
    names: frozenset[str]

    @classmethod
    def of(cls, module: Module) -> _Held:
        symbols = tuple(module.symbols())
        return cls(frozenset((*(h.name for h in module.headers), *(s.header for s in symbols))), frozenset(s.name for s in symbols))

    def covers(self, node: Symbol) -> bool:
        """Whether the list says anything of ``node``.  A symbol it declares in
        another header moved there (a split header, a renamed one): it is still
        there, so it is compared, never removed nor added because of its file.
        An enum member goes with its enum, so one added to a moved enum shows."""
        if node.header in self.headers or node.name in self.names:
            return True
        return isinstance(node, EnumMember) and node.enum in self.names


_S = TypeVar("_S", bound=Symbol)


def _covered(module: Module, held: _Held) -> Module:
    """``module`` with only the symbols ``held`` covers (its ``.syms`` facts whole)."""

    def of_held(nodes: tuple[_S, ...]) -> tuple[_S, ...]:
        return tuple(node for node in nodes if held.covers(node))

    return replace(
        module, headers=tuple(h for h in module.headers if h.name in held.headers), functions=of_held(module.functions),
        functypes=of_held(module.functypes), enums=of_held(module.enums), members=of_held(module.members),
        typedefs=of_held(module.typedefs), structs=of_held(module.structs), macros=of_held(module.macros),
        variables=of_held(module.variables),
    )


def _same_headers(before: Module, after: Module, complete: tuple[bool, bool]) -> tuple[Module, Module, list[Change]]:
    """Both sides restricted to what an incomplete side says anything of (see
    :func:`diff` and :meth:`_Held.covers`), with a ``header-absent`` note per header left out."""
    notes: list[Change] = []
    # Each side is held against the other as given, not as restricted: a symbol
    # moved to a header only one side has is kept on both.
    held = _Held.of(before), _Held.of(after)
    if not complete[1]:
        before = _headers_held_by(before, held[1], "OLD", "NEW", notes)
    if not complete[0]:
        after = _headers_held_by(after, held[0], "NEW", "OLD", notes)
    return before, after, notes


def _headers_held_by(module: Module, held: _Held, side: str, other: str, notes: list[Change]) -> Module:
    """``module`` (of ``side``) with only what the list of files ``other`` says
    anything of; a ``header-absent`` note added to ``notes`` for each header it lacks."""
    for header in module.headers:
        if header.name not in held.headers:
            note = _header_absent(module, header, held, side, other)
            notes += [] if note is None else [note]
    return _covered(module, held)


def _header_absent(module: Module, header: Header, held: _Held, side: str, other: str) -> Change | None:
    """The note for a header ``other`` lacks; None when ``other`` declares every
    symbol of it elsewhere (moved there: all of it compared, nothing left out)."""
    nodes = [node for node in module.symbols() if node.header == header.name]
    moved = sum(1 for node in nodes if held.covers(node))
    if nodes and moved == len(nodes):
        return None
    but = f", but for {moved} of its symbols {other} declares in another header" if moved else ""
    detail = f"only in {side}: {other}, a list of files, lacks this header (not compared{but})"
    return Change(module.name, "header-absent", header.name, C, detail, header.location, side == "OLD")


def _sources_read(api: Api) -> frozenset[str]:
    """The ``.c`` files (by module) a side documents some function from: those a list of files
    names and reads (a file it names that documents nothing it declares says nothing either)."""
    return frozenset(f.module for module in api.modules for f in module.functions if f.doc_location.file.endswith(".c"))


def _enum_tags(api: Api) -> dict[str, dict[str, EnumTag]] | None:
    """The enum tags of each module, by enum name; None when the side does not know them."""
    if api.enum_tags is None:
        return None
    by_module: dict[str, dict[str, EnumTag]] = {}
    for tag in api.enum_tags:
        by_module.setdefault(tag.module, {})[tag.enum] = tag
    return by_module


def diff(
    old: Api, new: Api, old_facts: Facts = Facts.SOURCE, new_facts: Facts = Facts.SOURCE, complete: tuple[bool, bool] = (True, True),
) -> list[Change]:
    """Every change from ``old`` to ``new``, grouped by module, in report order.

    ``complete``: whether OLD and NEW hold every module of their version (a tree,
    a folder of XML files), or only those of the files named (a list of files, one
    XML file).  A module only on one side, the other side not complete, is not
    compared: one ``module-absent`` record, compatible, says so; so is a header
    only on one side, that record ``header-absent``."""
    both_source = old_facts is Facts.SOURCE and new_facts is Facts.SOURCE
    constants = (_Constants(old, old_facts is Facts.XML), _Constants(new, new_facts is Facts.XML))
    constants[0].borrow_pointers(constants[1])
    constants[1].borrow_pointers(constants[0])
    same_enums = _same_enums(*constants)
    constants[0].label_enums(same_enums)
    constants[1].label_enums({})
    constants[0].borrow_enums(constants[1])
    constants[1].borrow_enums(constants[0])
    tags = _enum_tags(old), _enum_tags(new)
    names = sorted({m.name for m in old.modules} | {m.name for m in new.modules})
    changes: list[Change] = []
    steps: tuple[Callable[[_Differ], None], ...] = (
        _Differ.functions, _Differ.functypes, _Differ.variables, _Differ.types, _Differ.members, _Differ.macros, _Differ.docs_absent,
    )
    # a list of files reads the .c files it names only: those a function is documented from (:meth:`_Differ.unread_source`)
    sources_read = tuple(
        _sources_read(api) if facts is Facts.SOURCE and not whole else None
        for api, facts, whole in ((old, old_facts, complete[0]), (new, new_facts, complete[1]))
    )
    for name in names:
        absent = _absent(name, old.module(name), new.module(name), complete)
        if absent is not None:
            changes.append(absent)
            continue
        before, after = old.module(name) or _empty(name), new.module(name) or _empty(name)
        if old.module(name) is not None and new.module(name) is not None:
            before, after, notes = _same_headers(before, after, complete)
            changes += notes
        knows = _knows_exports(before), _knows_exports(after)
        enum_tags = tuple(None if side is None else side.get(name, {}) for side in tags)
        xml = old_facts is Facts.XML, new_facts is Facts.XML
        sides = _Sides(
            before, after, both_source, True, all(knows), knows[1], xml, constants, (enum_tags[0], enum_tags[1]), same_enums,
            (sources_read[0], sources_read[1]),
        )
        differ = _Differ(sides)
        differ.module = name
        for step in steps:
            step(differ)
        changes += differ.changes
    return sorted(changes, key=Change.sort_key)
