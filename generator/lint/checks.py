"""The rule functions behind :data:`generator.lint.RULES` (the rules :func:`~generator.lint.lint` runs itself)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..diagnostics import Diagnostic
from . import RULES, docs, enums, params, since, symbols, syms, types
from .texts import Context

Rule = Callable[[Context], Iterator[Diagnostic]]

CHECKS: dict[str, Rule] = {
    "unknown-symbol": symbols.unknown_symbols,
    "param-doc-unknown": params.unknown_doc_entries,
    "param-ref-unknown": params.unknown_references,
    "undocumented-function": docs.undocumented_functions,
    "undocumented-param": docs.undocumented_params,
    "undocumented-macro-param": docs.undocumented_macro_params,
    "null-undocumented": docs.undocumented_null,
    "undocumented-return": docs.undocumented_returns,
    "undocumented-description": docs.undocumented_descriptions,
    "undocumented-enum": docs.undocumented_enums,
    "undocumented-member": docs.undocumented_members,
    "undocumented-field": docs.undocumented_fields,
    "undocumented-macro": docs.undocumented_macros,
    "flags-enum": docs.flags_without_enum,
    "flag-undocumented": docs.undocumented_flags,
    "since-missing": since.missing,
    "since-malformed": since.malformed,
    "since-member-older": since.member_older,
    "syms-undeclared": syms.undeclared,
    "enum-duplicate-value": enums.duplicate_values,
    "enum-value-unknown": enums.unknown_values,
    "long-type": types.long_types,
    "doubled-word": docs.doubled_words,
    "unbalanced-parens": docs.unbalanced_parens,
    "xml-character": docs.xml_characters,
}

FRONTEND_ONLY = frozenset(RULES) - frozenset(CHECKS)  # reported by the frontend, merged by lint()
