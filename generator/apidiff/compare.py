"""The comparison itself: module by module, symbol kind by symbol kind."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Protocol, TypeVar

from ..model import Api, Enum_, EnumMember, Field, Function, Location, Macro, Module, Param, Struct, Typedef, Variable


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

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.module, KINDS.index(self.kind), self.symbol, self.detail)


KINDS = (
    "function-removed", "function-renamed", "function-added",
    "return-type-changed", "param-count-changed", "param-type-changed", "param-renamed",
    "version-moved", "function-unexported", "function-exported",
    "callback-removed", "callback-added", "callback-changed",
    "variable-removed", "variable-added", "variable-type-changed",
    "type-removed", "type-added", "typedef-changed", "struct-changed", "field-renamed",
    "member-removed", "member-added", "member-value-changed", "member-moved",
    "macro-removed", "macro-added", "macro-value-changed", "macro-params-changed",
    "deprecated", "undeprecated",
    "since-changed", "doc-changed",
)  # the report order within a module

C, S, A = Classification.COMPATIBLE, Classification.SOURCE, Classification.ABI
VERSION_MACROS = frozenset({"LIBVIR_VERSION_NUMBER"})  # changes with every release by design
RENAME_SIMILARITY = 0.6


class _Named(Protocol):
    @property
    def name(self) -> str: ...


N = TypeVar("N", bound=_Named)
_Plain = Enum_ | EnumMember | Typedef | Struct | Macro | Variable


@dataclass(frozen=True, slots=True)
class _Sides:
    old: Module
    new: Module
    compare_since_of_functions: bool  # an exported XML has no function Since: of its own (nor Field.deprecated): both sides are sources
    compare_docs: bool  # whitespace is normalised: the XML keeps one-line docs


def _by_name(nodes: tuple[N, ...]) -> dict[str, N]:
    return {node.name: node for node in nodes}


def _split(old: Mapping[str, N], new: Mapping[str, N]) -> tuple[list[str], list[str], list[str]]:
    """(removed, added, common) names, each sorted."""
    return sorted(old.keys() - new.keys()), sorted(new.keys() - old.keys()), sorted(old.keys() & new.keys())


def _flat(text: str) -> str:
    return " ".join(text.split())


_C_TOKEN_RE = re.compile(
    r"""(/\*.*?\*/|//[^\n]*)|("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|\w+|<<|>>|->|\+\+|--|&&|\|\||[<>=!]=|\S)""", re.DOTALL
)


def _tokens(body: str) -> tuple[str, ...]:
    """A macro body as C tokens, comments dropped: ``(4096 + 1)`` and
    ``(4096+1)`` define the same value, and apibuild.py's XML keeps a trailing
    comment that a header's body drops."""
    return tuple(token for comment, token in _C_TOKEN_RE.findall(body) if not comment)


def _signature(params: tuple[Param, ...]) -> tuple[str, ...]:
    return tuple(p.type for p in params)


def _const_only(old: str, new: str) -> Classification | None:
    """compatible when ``new`` only adds const, source-breaking when it only drops it, else None."""
    if old.replace("const ", "") != new.replace("const ", ""):
        return None
    return C if new.count("const") > old.count("const") else S


class _Differ:
    def __init__(self, sides: _Sides) -> None:
        self.sides = sides
        self.module = sides.new.name if sides.new.name else sides.old.name
        self.changes: list[Change] = []

    def add(self, kind: str, symbol: str, classification: Classification, detail: str, location: Location) -> None:
        self.changes.append(Change(self.module, kind, symbol, classification, detail, location))

    # --- functions --------------------------------------------------------

    def functions(self) -> None:
        old, new = _by_name(self.sides.old.functions), _by_name(self.sides.new.functions)
        removed, added, common = _split(old, new)
        renamed = _renames([old[n] for n in removed], [new[n] for n in added])
        for before, after in renamed:
            self.add("function-renamed", before.name, A, f"now {after.name} (same signature)", after.location)
        gone = {before.name for before, _ in renamed}
        fresh = {after.name for _, after in renamed}
        for name in removed:
            if name not in gone:
                self.add("function-removed", name, A, f"{old[name].return_type} {name}({', '.join(_signature(old[name].params))})", old[name].location)
        for name in added:
            if name in fresh:
                continue
            detail = f"in {new[name].version}" if new[name].version else "not exported"
            self.add("function-added", name, C, detail, new[name].location)
        for before, after in [(old[n], new[n]) for n in common] + renamed:
            self.function(before, after)

    def function(self, old: Function, new: Function) -> None:
        self.signature(new.name, old.return_type, new.return_type, old.params, new.params, new.location, "return-type-changed")
        if old.version and new.version and old.version != new.version:
            self.add("version-moved", new.name, A, f".syms block {old.version} -> {new.version}", new.location)
        elif old.version and not new.version:  # still declared, no longer in the library: a link error for its callers
            self.add("function-unexported", new.name, A, f"no longer in the .syms file (was {old.version})", new.location)
        elif new.version and not old.version:
            self.add("function-exported", new.name, C, f"now exported in {new.version}", new.location)
        self.deprecation(new.name, old.deprecated, new.deprecated, new.location)
        if self.sides.compare_since_of_functions:
            self.since(new.name, old.since, new.since, new.location)
        if self.sides.compare_docs:
            parts = [("description", old.description, new.description)]
            if new.return_type != "void":  # an exported XML keeps no return doc for void
                parts.append(("returns", old.return_doc, new.return_doc))
            old_docs = {p.name: p.doc for p in old.params}
            parts += [(f"@{p.name}", old_docs.get(p.name, ""), p.doc) for p in new.params if p.name in old_docs]
            self.docs(new.name, parts, new.location)

    def signature(
        self, name: str, old_return: str, new_return: str, old: tuple[Param, ...], new: tuple[Param, ...], where: Location, return_kind: str,
    ) -> None:
        if old_return != new_return:
            self.add(return_kind, name, A, f"returns {new_return} instead of {old_return}", where)
        if len(old) != len(new):
            self.add("param-count-changed", name, A, f"{len(old)} -> {len(new)} parameters ({', '.join(_signature(new))})", where)
            return
        for index, (before, after) in enumerate(zip(old, new, strict=True), start=1):
            if before.type != after.type:
                level = _const_only(before.type, after.type) or A
                self.add("param-type-changed", name, level, f"parameter {index} '{after.name}': {before.type} -> {after.type}", where)
            if before.name != after.name:
                self.add("param-renamed", name, C, f"parameter {index}: {before.name} -> {after.name}", where)

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
            if before.return_type != after.return_type or _signature(before.params) != _signature(after.params):
                detail = f"{before.return_type} ({', '.join(_signature(before.params))}) -> {after.return_type} ({', '.join(_signature(after.params))})"
                self.add("callback-changed", name, A, detail, after.location)
            self.since(name, before.since, after.since, after.location)
            if self.sides.compare_docs:
                self.docs(name, [("description", before.description, after.description), ("returns", before.return_doc, after.return_doc)], after.location)

    def variables(self) -> None:
        old, new = _by_name(self.sides.old.variables), _by_name(self.sides.new.variables)
        removed, added, common = _split(old, new)
        for name in removed:
            self.add("variable-removed", name, A, old[name].type, old[name].location)
        for name in added:
            self.add("variable-added", name, C, new[name].type, new[name].location)
        for name in common:
            if old[name].type != new[name].type:
                self.add("variable-type-changed", name, A, f"{old[name].type} -> {new[name].type}", new[name].location)
            self.plain(old[name], new[name])

    # --- types ----------------------------------------------------------------

    def types(self) -> None:
        old: dict[str, Enum_ | Typedef | Struct] = {**_by_name(self.sides.old.enums), **_by_name(self.sides.old.typedefs), **_by_name(self.sides.old.structs)}
        new: dict[str, Enum_ | Typedef | Struct] = {**_by_name(self.sides.new.enums), **_by_name(self.sides.new.typedefs), **_by_name(self.sides.new.structs)}
        removed, added, common = _split(old, new)
        for name in removed:
            self.add("type-removed", name, S, _type_kind(old[name]), old[name].location)
        for name in added:
            self.add("type-added", name, C, _type_kind(new[name]), new[name].location)
        for name in common:
            before, after = old[name], new[name]
            if isinstance(before, Typedef) and isinstance(after, Typedef) and before.type != after.type:
                self.add("typedef-changed", name, A, f"{before.type} -> {after.type}", after.location)
            elif isinstance(before, Struct) and isinstance(after, Struct):
                self.struct(before, after)
            elif type(before) is not type(after):
                self.add("typedef-changed", name, A, f"{_type_kind(before)} -> {_type_kind(after)}", after.location)
            self.plain(before, after, docs=not isinstance(after, Struct))

    def struct(self, old: Struct, new: Struct) -> None:
        if old.fields is None or new.fields is None:
            if (old.fields is None) != (new.fields is None):
                level = C if old.fields is None else S
                self.add("struct-changed", new.name, level, "now public" if old.fields is None else "now opaque", new.location)
            return
        if _layout(old.fields) != _layout(new.fields) or _reordered(old.fields, new.fields):
            # same-typed fields swapping places keep the layout, but each offset now holds the other value
            self.add("struct-changed", new.name, A, f"fields {_describe(old.fields)} -> {_describe(new.fields)}", new.location)
        elif _names(old.fields) != _names(new.fields):
            self.add("field-renamed", new.name, S, f"fields {_describe(old.fields)} -> {_describe(new.fields)}", new.location)
        else:
            if self.sides.compare_since_of_functions:
                for a, b in zip(_all_fields(old.fields), _all_fields(new.fields), strict=True):
                    self.deprecation(f"{new.name}.{b.name}", a.deprecated, b.deprecated, b.location)
            if self.sides.compare_docs:
                pairs = zip(_all_fields(old.fields), _all_fields(new.fields), strict=True)
                self.docs(new.name, [(f"field {a.name}", a.doc, b.doc) for a, b in pairs], new.location)

    def members(self) -> None:
        old, new = _by_name(self.sides.old.members), _by_name(self.sides.new.members)
        removed, added, common = _split(old, new)
        for name in removed:
            self.add("member-removed", name, S, f"{old[name].enum} value {_value(old[name])}", old[name].location)
        for name in added:
            self.add("member-added", name, C, f"{new[name].enum} value {_value(new[name])}", new[name].location)
        for name in common:
            before, after = old[name], new[name]
            if before.value != after.value and before.value is not None and after.value is not None:
                level = C if before.sentinel and after.sentinel else A
                self.add("member-value-changed", name, level, f"{_value(before)} -> {_value(after)}", after.location)
            if before.enum != after.enum:
                self.add("member-moved", name, S, f"from {before.enum or '(anonymous enum)'} to {after.enum or '(anonymous enum)'}", after.location)
            self.deprecation(name, before.deprecated, after.deprecated, after.location)
            self.plain(before, after)

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
                same_arity = before.params is not None and after.params is not None and len(before.params) == len(after.params)
                detail = f"({', '.join(before.params or ())}) -> ({', '.join(after.params or ())})"
                self.add("macro-params-changed", name, C if same_arity else S, detail, after.location)
            elif _tokens(before.raw) != _tokens(after.raw):
                level = C if name in VERSION_MACROS or before.params is not None else A
                self.add("macro-value-changed", name, level, f"{_flat(before.raw)} -> {_flat(after.raw)}", after.location)
            self.plain(before, after)

    # --- since and docs -------------------------------------------------------

    def plain(self, old: _Plain, new: _Plain, docs: bool = True) -> None:
        self.since(new.name, old.since, new.since, new.location)
        if docs and self.sides.compare_docs:
            self.docs(new.name, [("doc", old.doc, new.doc)], new.location)

    def deprecation(self, name: str, old: bool, new: bool, where: Location) -> None:
        if old != new:
            self.add("deprecated" if new else "undeprecated", name, C, "now deprecated" if new else "no longer deprecated", where)

    def since(self, name: str, old: str, new: str, where: Location) -> None:
        if old != new:
            self.add("since-changed", name, C, f"Since: {old or '(none)'} -> {new or '(none)'}", where)

    def docs(self, name: str, parts: list[tuple[str, str, str]], where: Location) -> None:
        changed = [part for part, old, new in parts if _flat(old) != _flat(new)]
        if changed:
            self.add("doc-changed", name, C, ", ".join(changed), where)


def _renames(removed: list[Function], added: list[Function]) -> list[tuple[Function, Function]]:
    """Removed/added pairs with the same signature and similar names, best match first."""
    candidates = []
    for before in removed:
        for after in added:
            if before.return_type == after.return_type and _signature(before.params) == _signature(after.params):
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


def _type_kind(node: Enum_ | Typedef | Struct) -> str:
    if isinstance(node, Enum_):
        return "enum"
    if isinstance(node, Struct):
        return "opaque struct" if node.fields is None else "struct"
    return f"typedef {node.type}"


def _value(member: EnumMember) -> str:
    if member.value is None:
        return member.expression or "(unknown)"
    written = member.expression.strip("()") if member.expression else ""
    return f"{member.value} ({written})" if written and written != str(member.value) else str(member.value)


def _layout(fields: tuple[Field, ...]) -> tuple[object, ...]:
    return tuple((f.type, f.array_size, _layout(f.union) if f.union is not None else None) for f in fields)


def _names(fields: tuple[Field, ...]) -> tuple[object, ...]:
    return tuple((f.name, _names(f.union) if f.union is not None else None) for f in fields)


def _reordered(old: tuple[Field, ...], new: tuple[Field, ...]) -> bool:
    """The same names in another order (at any depth)."""
    before, after = [f.name for f in _all_fields(old)], [f.name for f in _all_fields(new)]
    return before != after and sorted(before) == sorted(after)


def _all_fields(fields: tuple[Field, ...]) -> Iterator[Field]:
    for item in fields:
        yield item
        if item.union is not None:
            yield from _all_fields(item.union)


def _describe(fields: tuple[Field, ...]) -> str:
    return "{" + "; ".join(f"{f.type} {f.name}" + (f"[{f.array_size}]" if f.array_size else "") for f in fields) + "}"


def _empty(name: str) -> Module:
    return Module(name, (), (), (), (), (), (), (), (), ())


def diff(old: Api, new: Api, old_facts: Facts = Facts.SOURCE, new_facts: Facts = Facts.SOURCE) -> list[Change]:
    """Every change from ``old`` to ``new``, grouped by module, in report order."""
    both_source = old_facts is Facts.SOURCE and new_facts is Facts.SOURCE
    names = sorted({m.name for m in old.modules} | {m.name for m in new.modules})
    changes: list[Change] = []
    steps: tuple[Callable[[_Differ], None], ...] = (
        _Differ.functions, _Differ.functypes, _Differ.variables, _Differ.types, _Differ.members, _Differ.macros,
    )
    for name in names:
        sides = _Sides(old.module(name) or _empty(name), new.module(name) or _empty(name), both_source, True)
        differ = _Differ(sides)
        differ.module = name
        for step in steps:
            step(differ)
        changes += differ.changes
    return sorted(changes, key=Change.sort_key)
