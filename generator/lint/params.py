"""``param-doc-unknown`` and ``param-ref-unknown``: ``@name`` that is no parameter.

``@name:`` entries are checked for functions, callback types and function-like
macros; ``@name`` inside a function's texts (description, returns, the other
entries) only for functions and callback types, since a type's doc may well
point at the parameter of some function.  A name that differs only in case
is reported with the right spelling.  An ``@`` that follows a word character,
``.``, ``@`` or ``/`` is no reference: ``user@host``, the XPath attribute of
``//disk//backingStore/@index`` (the HTML reference leaves both as written).
Nor is an ``@name`` that a function or callback type named in its sentence
takes ("@duri corresponds to @dconnuri of virDomainMigrateToURI3"), nor one
on a code example's line (``if (@fd in hole) {``, as ``unknown-symbol``
reads examples).  One naming a field of a struct the function takes or
returns is told so (virNetworkGetDHCPLeases's ``@iaid``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import Api, Function, FuncType, Location
from .docs import all_fields
from .symbols import CODE_LINE_RE
from .texts import Context, callables, doc_entries, doc_start
from .words import TextFacts, mentions


def _hint(name: str, params: list[str]) -> str:
    same = [p for p in params if p.lower() == name.lower()]
    if same:
        return f"; the parameter is spelled '@{same[0]}'"
    close = difflib.get_close_matches(name, params, n=1, cutoff=0.6)
    return f"; did you mean '@{close[0]}'?" if close else ""


def _message(name: str, owner: str, params: list[str], entry: bool, symbols: frozenset[str], struct: str = "") -> str:
    what = f"'@{name}:' documents" if entry else f"'@{name}' in the doc of {owner} names"
    subject = f"{what} no parameter of {owner}" if entry else f"{what} no parameter"
    if name in symbols and name not in params:
        return f"{subject}; '{name}' is a symbol, write it without '@'"
    if struct:
        return f"{subject}; '{name}' is a field of {struct}, write it without '@'"
    return subject + _hint(name, params)


def unknown_doc_entries(context: Context) -> Iterator[Diagnostic]:
    api, symbols = context.api, context.names
    for function in callables(api):
        params = [p.name for p in function.params]
        for entry in function.doc_params:
            if entry.name not in params:
                yield Diagnostic(doc_start(function), "warning", _message(entry.name, function.name, params, True, symbols), "param-doc-unknown")
    for module in api.modules:
        for macro in module.macros:
            names = list(macro.params or ())
            for doc in macro.param_docs:
                if doc.name not in names:
                    yield Diagnostic(macro.location, "warning", _message(doc.name, macro.name, names, True, symbols), "param-doc-unknown")


def _texts(function: Function | FuncType) -> Iterator[str]:
    yield function.description
    yield function.return_doc
    for entry in doc_entries(function):  # from API XML: the <arg> texts
        yield entry.text


# where a sentence ends: its stop and the space after it, or a blank line
_SENTENCE_END_RE = re.compile(r"[.!?](?=\s)|\n[ \t]*\n")
SENTENCE_LIMIT = 2000  # how far back a sentence's start is looked for (libvirt's longest: ~400 characters)


def _sentence(text: str, offset: int) -> str:
    """The sentence of ``text`` holding ``offset``."""
    start = max(0, offset - SENTENCE_LIMIT)
    for match in _SENTENCE_END_RE.finditer(text, start, offset):
        start = match.end()
    end = _SENTENCE_END_RE.search(text, offset)
    return text[start : len(text) if end is None else end.start()]


def _line(text: str, offset: int) -> str:
    end = text.find("\n", offset)
    return text[text.rfind("\n", 0, offset) + 1 : len(text) if end < 0 else end]


class _Others:
    """The functions and callback types, and the structs, by name: built on the
    first reference that names no parameter (a few per run)."""

    def __init__(self, api: Api) -> None:
        self.callables = {function.name: function for function in callables(api)}
        self.structs = {struct.name: struct for module in api.modules for struct in module.structs if struct.fields}

    def takes(self, function: str, name: str) -> bool:
        found = self.callables.get(function)
        return found is not None and any(param.name == name for param in found.params)

    def has_field(self, struct: str, name: str) -> bool:
        found = self.structs.get(struct)
        return found is not None and any(item.name == name for item in all_fields(found.fields or ()))


def _exempt(name: str, text: str, owner: str, others: _Others, facts: TextFacts) -> bool:
    """Whether every ``@name`` of ``text`` is another function's parameter or pseudo-code: its
    sentence names a function (or callback type) taking ``name`` ("@duri corresponds to @dconnuri
    of virDomainMigrateToURI3"), or it stands on a code example's line ("if (@fd in hole) {")."""
    takers = {word for word in facts.mentions(text) if word != owner and others.takes(word, name)}  # most texts: none
    for match in re.finditer(rf"@{re.escape(name)}(?!\w)", text):  # a literal first: a lookbehind there cost ~0.1 ms a text
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "_.@/"):
            continue  # no reference, as words.references reads one
        if CODE_LINE_RE.match(_line(text, start)):
            continue
        if not takers or takers.isdisjoint(mentions(_sentence(text, start))):
            return False
    return True


def _struct_of(name: str, function: Function | FuncType, others: _Others) -> str:
    """The struct ``function`` takes or returns (through pointers, a ``...Ptr`` typedef) that has a field ``name``."""
    for type_ in (function.return_type, *(p.type for p in function.params)):
        for found in re.finditer(r"vir\w+", type_):
            word = found.group()
            struct = word[: -len("Ptr")] if word.endswith("Ptr") and word not in others.structs else word
            if others.has_field(struct, name):
                return struct
    return ""


def unknown_references(context: Context) -> Iterator[Diagnostic]:
    api, symbols = context.api, context.names
    others: _Others | None = None
    for function in callables(api):
        params = [p.name for p in function.params]
        where: Location = doc_start(function)
        seen: set[str] = set()
        for text in _texts(function):
            for name in context.facts.references(text):
                if name in params or name in seen:
                    continue
                others = others or _Others(api)
                if _exempt(name, text, function.name, others, context.facts):
                    continue
                seen.add(name)
                message = _message(name, function.name, params, False, symbols, _struct_of(name, function, others))
                yield Diagnostic(where, "warning", message, "param-ref-unknown")
