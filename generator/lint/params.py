"""``param-doc-unknown`` and ``param-ref-unknown``: ``@name`` that is no parameter.

``@name:`` entries are checked for functions, callback types and function-like
macros; ``@name`` inside a function's texts (description, returns, the other
entries) only for functions and callback types, since a type's doc may well
point at the parameter of some function.  A name that differs only in case
is reported with the right spelling.  An ``@`` that follows a word character,
``.``, ``@`` or ``/`` is no reference: ``user@host``, the XPath attribute of
``//disk//backingStore/@index`` (the HTML reference leaves both as written).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import Function, FuncType, Location
from .texts import Context, callables, doc_entries, doc_start


def _hint(name: str, params: list[str]) -> str:
    same = [p for p in params if p.lower() == name.lower()]
    if same:
        return f"; the parameter is spelled '@{same[0]}'"
    close = difflib.get_close_matches(name, params, n=1, cutoff=0.6)
    return f"; did you mean '@{close[0]}'?" if close else ""


def _message(name: str, owner: str, params: list[str], entry: bool, symbols: frozenset[str]) -> str:
    what = f"'@{name}:' documents" if entry else f"'@{name}' in the doc of {owner} names"
    subject = f"{what} no parameter of {owner}" if entry else f"{what} no parameter"
    if name in symbols and name not in params:
        return f"{subject}; '{name}' is a symbol, write it without '@'"
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


def unknown_references(context: Context) -> Iterator[Diagnostic]:
    api, symbols = context.api, context.names
    for function in callables(api):
        params = [p.name for p in function.params]
        where: Location = doc_start(function)
        seen: set[str] = set()
        for text in _texts(function):
            for name in context.facts.references(text):
                if name not in params and name not in seen:
                    seen.add(name)
                    yield Diagnostic(where, "warning", _message(name, function.name, params, False, symbols), "param-ref-unknown")
