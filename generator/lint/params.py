"""``param-doc-unknown`` and ``param-ref-unknown``: ``@name`` that is no parameter.

``@name:`` entries are checked for functions, callback types and function-like
macros; ``@name`` inside a function's texts (description, returns, the other
entries) only for functions and callback types, since a type's doc may well
point at the parameter of some function.  A name that differs only in case
is reported with the right spelling; else the hint ("did you mean") is the
one parameter of the type a sibling (a function sharing three words of its
name) gives a parameter of that name (a doc copied from a sibling's:
``@checkpoints`` for ``children``, ``@maxids`` for ``maxnames``), else the closest spelling, else the one parameter whose
first word the name is (``@pid`` for ``pid_value``): see :func:`_hint`.  An
``@`` that follows a word character, ``.``, ``@`` or ``/`` is no reference:
``user@host``, the XPath attribute of ``//disk//backingStore/@index`` (the
HTML reference leaves both as written).
Nor is an ``@name`` written as the parameter of a function or callback type
named beside it that takes it ("@duri corresponds to @dconnuri of
virDomainMigrateToURI3", "virDomainDetachDeviceFlags() when called with
@flags"), nor one on a code example's line (``if (@fd in hole) {``: an
indented line ending as a C statement or block does, as ``unknown-symbol``
reads examples, holding a C token and no list item).  The finding is placed
at the first ``@name`` not excused (its ``subject`` tells check's placing
which one: see :func:`_place`).  One naming a field of a struct the
function takes or returns is told so (virNetworkGetDHCPLeases's ``@iaid``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import Api, Function, FuncType, Location
from .docs import all_fields
from .symbols import CODE_LINE_RE, name_words
from .texts import Context, callables, doc_entries, doc_start
from .words import TextFacts


def _hint(name: str, params: list[str], typed: list[str]) -> str:
    """The "did you mean" of ``@name``, which names none of ``params``: a parameter spelled alike but
    for case; else the one of ``typed`` (those of the type a sibling gives a parameter ``name``: :meth:`_Others.typed`)
    when it is alone, since a doc copied from a sibling keeps the sibling's name ("@checkpoints is
    non-NULL" in virDomainCheckpointListAllChildren's, whose array is ``children``: the spelling
    alone points at ``checkpoint``); else the closest spelling; else the one parameter whose first
    word ``name`` is (``@pid`` for ``pid_value``, too short for the closest spelling)."""
    same = [p for p in params if p.lower() == name.lower()]
    if same:
        return f"; the parameter is spelled '@{same[0]}'"
    if len(typed) == 1:
        return f"; did you mean '@{typed[0]}'?"
    close = difflib.get_close_matches(name, params, n=1, cutoff=0.6)
    if close:
        return f"; did you mean '@{close[0]}'?"
    headed = [p for p in params if p.startswith(name) and re.match(r"_|[A-Z]", p[len(name) :])]
    return f"; did you mean '@{headed[0]}'?" if len(headed) == 1 else ""


def _message(name: str, owner: str, params: list[str], entry: bool, symbols: frozenset[str], struct: str = "", typed: tuple[str, ...] = ()) -> str:
    what = f"'@{name}:' documents" if entry else f"'@{name}' in the doc of {owner} names"
    subject = f"{what} no parameter of {owner}" if entry else f"{what} no parameter"
    if name in symbols and name not in params:
        return f"{subject}; '{name}' is a symbol, write it without '@'"
    if struct:
        return f"{subject}; '{name}' is a field of {struct}, write it without '@'"
    return subject + _hint(name, params, list(typed))


def unknown_doc_entries(context: Context) -> Iterator[Diagnostic]:
    api, symbols = context.api, context.names
    others: _Others | None = None
    for function in callables(api):
        params = [p.name for p in function.params]
        for entry in function.doc_params:
            if entry.name not in params:
                others = others or _Others(api)
                message = _message(entry.name, function.name, params, True, symbols, typed=others.typed(entry.name, function))
                yield Diagnostic(doc_start(function), "warning", message, "param-doc-unknown")
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


def _part(function: Function | FuncType, index: int) -> str:
    """The part of ``function``'s doc that its ``index``-th text (:func:`_texts`) is, as check's placing names it."""
    return ("description", "returns")[index] if index < 2 else f"@{doc_entries(function)[index - 2].name}"


def _line(text: str, offset: int) -> str:
    end = text.find("\n", offset)
    return text[text.rfind("\n", 0, offset) + 1 : len(text) if end < 0 else end]


def _name_words(name: str) -> set[str]:
    """The words of a function's name (:func:`.symbols.name_words`, in lower case), a plural as its singular, ``vir`` left out."""
    return {word.removesuffix("s") for word in name_words(name)} - {"vir"}


class _Others:
    """The functions and callback types, and the structs, by name: built on the
    first reference that names no parameter (a few per run)."""

    def __init__(self, api: Api) -> None:
        self.callables = {function.name: function for function in callables(api)}
        self.structs = {struct.name: struct for module in api.modules for struct in module.structs if struct.fields}
        # every parameter's (name, type) -> the callables having it: on the first hint asked
        self._typed: dict[tuple[str, str], list[str]] | None = None

    def typed(self, name: str, function: Function | FuncType) -> tuple[str, ...]:
        """The parameters of ``function`` of a type a sibling gives a parameter ``name``: another function or
        callback type whose name shares at least three words with ``function``'s (``vir`` aside, a plural
        as its singular), the one a doc is copied from (virDomainListAllCheckpoints for
        virDomainCheckpointListAllChildren: Domain, List, All).  Any function with a parameter of that name
        and type was too wide: '@types' found '@flags', '@key' found '@user' (review, session 36)."""
        if self._typed is None:
            self._typed = {}
            for other in self.callables.values():
                for param in other.params:
                    self._typed.setdefault((param.name, param.type), []).append(other.name)
        own = _name_words(function.name)
        return tuple(
            param.name
            for param in function.params
            if any(other != function.name and len(_name_words(other) & own) >= 3 for other in self._typed.get((name, param.type), ()))
        )

    def takes(self, function: str, name: str) -> bool:
        found = self.callables.get(function)
        return found is not None and any(param.name == name for param in found.params)

    def has_field(self, struct: str, name: str) -> bool:
        found = self.structs.get(struct)
        return found is not None and any(item.name == name for item in all_fields(found.fields or ()))


# a list item, not code, though indented and ending in ';' ("  - @flags: must be 0;")
_LIST_ITEM_RE = re.compile(r"[ \t]*(?:[-*+]|\d+[.)]|[a-z][.)])[ \t]")
_C_TOKENS = frozenset("(={}")


def _code(line: str) -> bool:
    """Whether ``line`` is a code example's, read more strictly than ``unknown-symbol`` does (an
    indented line ending in ``;``, ``{`` or ``}``): no list item, and a C token on it
    (``if (@fd in hole) {``), since excusing an ``@name`` hides a stale reference."""
    return CODE_LINE_RE.match(line) is not None and not _LIST_ITEM_RE.match(line) and not _C_TOKENS.isdisjoint(line)


def _owned_by(name: str, text: str, start: int, takers: set[str]) -> bool:
    """Whether the ``@name`` at ``start`` is written as the parameter of a function of ``takers``
    right beside it, libvirt's two ways: "@dconnuri of virDomainMigrateToURI3" (or "to"), and
    "virDomainDetachDeviceFlags() when called with @flags" (a few words, then "with")."""
    functions = "|".join(sorted(map(re.escape, takers)))
    after = rf"@{re.escape(name)}(?:\s+parameter)?\s+(?:of|to)\s+(?:the\s+)?(?:{functions})(?!\w)"
    if re.match(after, text[start : start + len(name) + 200]):
        return True
    before = rf"(?<!\w)(?:{functions})(?:\(\))?(?:\s+\w+){{0,4}}\s+with\s+$"
    return re.search(before, text[max(0, start - 200) : start]) is not None


def _unexcused(name: str, text: str, owner: str, others: _Others, facts: TextFacts) -> list[int]:
    """The offsets of the ``@name`` of ``text`` that are neither another function's parameter nor
    pseudo-code: one written as the parameter of a function (or callback type) named beside it that
    takes ``name`` (:func:`_owned_by`), or standing on a code example's line (:func:`_code`), is
    excused.  A function merely named in the sentence is not enough: ``dom``, ``conn``, ``flags``
    are taken by hundreds ("Call virDomainFree() on @domain" in a doc whose parameter is ``dom``
    is a stale reference)."""
    takers = {word for word in facts.mentions(text) if word != owner and others.takes(word, name)}  # most texts: none
    return [
        start
        for start in _at_names(name, text, "_.@/")  # no reference after those, as words.references reads one
        if not _code(_line(text, start)) and (not takers or not _owned_by(name, text, start, takers))
    ]


def _at_names(name: str, text: str, not_after: str) -> list[int]:
    """The offsets of ``@name`` in ``text`` not right after a letter, a digit or a character of ``not_after``."""
    found = (match.start() for match in re.finditer(rf"@{re.escape(name)}(?!\w)", text))  # a literal first: a lookbehind there cost ~0.1 ms a text
    return [start for start in found if not (start and (text[start - 1].isalnum() or text[start - 1] in not_after))]


def _occurrences(name: str, text: str) -> list[int]:
    """The offsets of the ``@name`` check's placing finds in ``text``: its word search
    skips one after a word character or an ``@`` only (it finds ``.@name``)."""
    return _at_names(name, text, "_@")


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
                offsets = _unexcused(name, text, function.name, others, context.facts)
                if not offsets:
                    continue
                seen.add(name)
                message = _message(name, function.name, params, False, symbols, _struct_of(name, function, others), others.typed(name, function))
                subject = ""
                needle = "@" + name
                if text.count(needle) != len(offsets) or any(needle in other for other in _texts(function) if other is not text):
                    subject = _subject(name, function, text, offsets, others, context.facts)  # rarely: an excused one may be first
                yield Diagnostic(where, "warning", message, "param-ref-unknown", subject=subject)


def _subject(name: str, function: Function | FuncType, text: str, offsets: list[int], others: _Others, facts: TextFacts) -> str:
    """The finding's ``subject``: :func:`_place` when the rule excused an ``@name`` of the doc, else ""
    (``offsets``: the ``@name`` of ``text`` it did not excuse, :func:`_unexcused`)."""
    texts = list(_texts(function))
    number = texts.index(text)  # the first text holding the name is where it is reported first
    excused = _occurrences(name, text) != offsets or any(
        _occurrences(name, other) != _unexcused(name, other, function.name, others, facts) for other in texts if other is not text and "@" + name in other
    )
    return _place(name, _part(function, number), text, offsets[0]) if excused else ""


def _place(name: str, part: str, text: str, offset: int) -> str:
    """Which ``@name`` of the doc a finding is about, for check's placing (locate.py's
    ``_at_occurrence``) when the rule excused one of the doc's (a code example's line, another
    function's sentence): the placing would go to the doc's first, maybe that one.  ``PART#N``:
    the N-th (from 0) ``@name`` of that part, the first not excused.  Else the subject is "",
    as the first the placing finds (as it finds any quoted word) is one reported."""
    return f"{part}#{sum(1 for found in _occurrences(name, text) if found < offset)}"
