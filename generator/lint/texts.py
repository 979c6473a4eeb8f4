"""Every piece of doc text in the model, with the node that owns it, and the
facts every rule shares (computed once per run: see :class:`Context`).

A function's ``@name:`` texts are its doc comment's entries
(``Function.doc_params``).  The API XML has no entries: it keeps each
parameter's text on its ``<arg info=...>``, which the XML reader puts in
``Param.doc`` and leaves ``doc_params`` empty (an entry naming no parameter
cannot be written there at all).  :func:`doc_entries` then takes the
parameters' texts, located at their ``<arg>``, so that every text rule reads
them as it reads a tree's entries.  From a tree the two never differ: both
come from the same comment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from ..model import Api, DocParam, Enum_, EnumMember, Field, Function, FuncType, Location, Macro, Module, Struct, Typedef, Variable
from .words import TextFacts

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .symbols import SymbolIndex


class DocText(NamedTuple):  # a tuple, not a frozen dataclass: ~5,000 per run, built 3x faster
    owner: str  # the symbol the text documents
    part: str  # "description", "returns", "@flags", "doc", "field next", ...
    text: str
    location: Location  # where the owner's doc starts (or the owner, when the doc is next to it)
    function: Function | FuncType | None = None  # set for a function's own texts


def callables(api: Api) -> Iterator[Function | FuncType]:
    """Every function and callback type of every module."""
    for module in api.modules:
        yield from module.functions
        yield from module.functypes


def doc_start(function: Function | FuncType) -> Location:
    if isinstance(function, Function) and function.doc_location.line:
        return function.doc_location
    return function.location


def doc_entries(function: Function | FuncType) -> tuple[DocParam, ...]:
    """The ``@name:`` entries of ``function``'s doc; from API XML, which has
    none, its parameters' texts (see the module docstring)."""
    if function.doc_params:
        return function.doc_params
    return tuple(DocParam(param.name, param.doc, param.location) for param in function.params if param.doc)


def _function_texts(function: Function | FuncType) -> Iterator[DocText]:
    where = doc_start(function)
    yield DocText(function.name, "description", function.description, where, function)
    yield DocText(function.name, "returns", function.return_doc, where, function)
    for entry in doc_entries(function):
        # the entry's own place: the comment holding it (a callback's is not at its
        # typedef), or an XML parameter's <arg>
        yield DocText(function.name, f"@{entry.name}", entry.text, entry.location if entry.location.line else where, function)


def _field_texts(owner: str, fields: tuple[Field, ...]) -> Iterator[DocText]:
    for item in fields:
        yield DocText(owner, f"field {item.name}", item.doc, item.location)
        if item.union is not None:
            yield from _field_texts(owner, item.union)


def module_texts(module: Module) -> Iterator[DocText]:
    for header in module.headers:
        yield DocText(header.name, "summary", header.summary, header.location)
        yield DocText(header.name, "description", header.description, header.location)
    for function in module.functions:
        yield from _function_texts(function)
    for functype in module.functypes:
        yield from _function_texts(functype)
    nodes: tuple[Enum_ | EnumMember | Typedef | Struct | Macro | Variable, ...] = (
        *module.enums, *module.members, *module.typedefs, *module.structs, *module.macros, *module.variables,
    )
    for node in nodes:
        yield DocText(node.name, "doc", node.doc, node.location)
    for macro in module.macros:
        for param in macro.param_docs:  # located at the comment holding it (an XML <arg>)
            yield DocText(macro.name, f"@{param.name}", param.doc, param.location if param.location.line else macro.location)
    for struct in module.structs:
        yield from _field_texts(struct.name, struct.fields or ())


def api_texts(api: Api) -> Iterator[tuple[Module, DocText]]:
    for module in api.modules:
        for text in module_texts(module):
            if text.text:
                yield module, text


def known_names(api: Api) -> frozenset[str]:
    """Every symbol of every module read, struct tags and ``.syms`` exports."""
    names: set[str] = set()
    for module in api.modules:
        names.update(symbol.name for symbol in module.symbols())
        names.update(struct.tag for struct in module.structs)
        names.update(export.name for export in module.exports)
    return frozenset(names)


@dataclass(frozen=True, slots=True)
class Context:
    """What the rules read: the model plus facts derived from it once."""

    api: Api
    texts: tuple[DocText, ...]  # every non-empty doc text
    names: frozenset[str]
    facts: TextFacts  # per-text results of the text rules (maybe learnt while parsing)
    disabled: frozenset[str] = frozenset()  # rules not run: a rule leaving a case to another asks
    # unknown-symbol's index of the names and its suggestion per unknown word, made on the first asked and
    # kept for the run: flag-undocumented reads a misspelt flag as the one suggested (symbols.suggested)
    index: list[SymbolIndex] = field(default_factory=list)
    hints: dict[str, str | None] = field(default_factory=dict)

    @staticmethod
    def of(api: Api, facts: TextFacts | None = None, disabled: frozenset[str] = frozenset()) -> Context:
        return Context(api, tuple(text for _, text in api_texts(api)), known_names(api), facts or TextFacts(), disabled)
