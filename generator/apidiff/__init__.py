"""API/ABI diff between two models of the libvirt API.

:func:`diff` is pure: two :class:`~generator.model.Api` values in, a sorted
list of :class:`Change` records out (module, kind, symbol, classification,
detail, location, whether that location is OLD's, and a ``doc-changed``'s
OLD and NEW text of each part).  Nothing here reads
files or prints.

Classification, from the point of view of an application built against OLD:

* ``compatible``: it still builds and runs (additions, doc and ``Since:``
  changes, a parameter gaining ``const`` at its first pointee level, a return
  type losing it there, an enum parameter becoming the integer type gcc gives
  the enum, an integer return type becoming an enum of that type, a renamed
  parameter, a sentinel's value, the library version number, a struct array
  size or a macro constant spelled another way with the same value, a union
  member that fits in the union; also
  ``module-absent``, ``header-absent`` and ``docs-absent``, notes that a
  module, a header or the function docs of a ``.c`` file on one side only
  were not compared, the other side being a list of files);
* ``source-breaking``: a binary keeps working but the source no longer builds
  (a removed enum member, macro or type, a struct or enum tag renamed or
  dropped, a struct field renamed, union members reordered, a parameter
  losing ``const``, or gaining it below the first pointee level, an integer
  parameter becoming an enum of that type, an enum return type becoming its
  integer type, either one pointed to (a cast in C++; the same ABI), any other
  ``const``-only change of a return type, struct field or callback type, a
  function or variable no longer declared that NEW's ``.syms`` file still
  exports);
* ``ABI-breaking``: a built binary breaks (a removed or renamed function or
  variable, a changed return or parameter type or count, a changed enum value
  or macro constant, also through a macro it names, a changed callback type
  or struct layout (an array size of another value too, a field name moved to
  another offset), an enum whose values no longer fit its size (4 -> 8 bytes,
  GCC's rule), a function or variable moved to another ``.syms`` version node
  or dropped from it).  A top-level ``const`` of a parameter (not part of the
  function type) or of a return type (a value has no qualifier) is never
  reported; no ``const``-only change is ABI-breaking (qualifiers change no
  size nor offset).

C types are compared as canonical C tokens (``char ** *`` is ``char ***``,
``long int`` is ``long``, ``char const *`` is ``const char *``, a side's
pointer typedef ``virConnectPtr`` is ``virConnect *``, a typedef of a basic
type its type; one spelling on both sides is one type, a retargeted typedef
being its own ``typedef-changed``), array sizes, enum values and macro
constants by value where both sides can compute them, else as written (enum
values, sizes and macro constants as gcc computes them on x86_64 between two
source trees: ``~0U`` is 4294967295, not the model's -1); see :mod:`.compare`.

When one side was read from an exported API XML it lacks some facts (doc
``@entries``, ``.syms`` exports, a function's own ``Since:`` tag, declaration
order, doc line breaks, struct docs, the return doc of a void function, enum
tags, the body of a function-like macro): pass ``Facts.XML`` for that side and
only facts both sides carry are compared (enum tags: only when both models
carry ``Api.enum_tags``).
Exports (``function-exported``/``-unexported``, ``version-moved``) are
compared only when both sides of a module carry them: a ``.syms`` file, or a
``version`` on at least one function (libvirt 7.0.0's XML has none); a
variable's (``variable-exported``/``-unexported``, ``version-moved``) only
when both sides read a ``.syms`` file (``Module.exports``).
Docs are always compared with whitespace normalised, a struct's own doc
only where neither side is an XML writing none for it; enum member order
and ``.syms`` export order never are.
"""

from __future__ import annotations

from .compare import ABSENT_KINDS, ONLY_IN_OLD, Change, Classification, Facts, diff

__all__ = ["ABSENT_KINDS", "ONLY_IN_OLD", "Change", "Classification", "Facts", "diff", "worst"]


def worst(changes: list[Change]) -> Classification:
    """The most severe classification among ``changes`` (compatible when empty)."""
    order = list(Classification)
    return max((change.classification for change in changes), key=order.index, default=Classification.COMPATIBLE)
