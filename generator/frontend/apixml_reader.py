"""Frontend: read ``libvirt-api.xml``-schema files back into an :class:`~generator.model.Api`.

One file is one module (named by ``<api name=...>``); files may be ours
(``generator.backends.apixml``) or libvirt's own
``/usr/share/libvirt/api/libvirt-*api.xml``.  The reader inverts the backend,
so that for our own export ``render(read(render(api))) == render(api)`` byte
for byte.  Only the standard library is used (``xml.parsers.expat``, the
parser under ``xml.etree.ElementTree``, driven directly so that every element
keeps its line number).

Decisions, and what the XML cannot give back:

* **Locations.**  Every node gets ``Location(<xml path>, line, 1)`` of its
  element.  The exception is :class:`Header`: the backend prints the folder of
  each header's location in the generated comment (``include/libvirt/*.h``),
  so a header's location is rebuilt from that comment as
  ``<folder><name>.h`` (line 0: unknown); with no such comment (libvirt's own
  files) it is the bare ``<name>.h``.  ``Module.syms_file`` is read from the
  same comment.  Lines and columns in the headers are lost.
* **Declaration order.**  The XML lists enum members sorted by name, so
  ``Enum_.members`` is in document order, not declaration order.  The
  backend numbers implicit values from the member before in that order; every
  member whose value matters carries it explicitly in the XML, so the round
  trip holds.  A member with no ``value`` at all is read with expression
  ``""`` and value ``None``; when the document order would make the backend
  number it, a warning says so.
* **alias_of** follows the frontend's rule on the document order: an
  initializer that is a bare member name is the alias (and that member counts
  as seen first, so ``VIR_DOMAIN_MEMORY_STAT_LAST = VIR_DOMAIN_MEMORY_STAT_NR``
  does not make ``NR`` an alias of ``LAST``); else the first earlier member of
  the same enum type with the same value.  So of two members spelled with the
  same number (``VIR_DOMAIN_CHECKPOINT_LIST_ROOTS`` and ``..._DESCENDANTS``,
  both ``1 << 0``) the one whose name comes first in the file is canonical,
  whatever the header's order was.
* **Enum values.**  ``value='N'`` gives ``value=N`` and expression ``"N"``, or
  ``"1 << K"`` when ``value_bitshift='K'`` is present (the backend prints the
  bit shift only from the expression).  A non-integer value is an initializer
  and is kept verbatim as the expression; its integer is resolved from the
  other members (across every file read) when possible.
* **sentinel** is a heuristic, since ``VIR_ENUM_SENTINELS`` is not in the XML:
  the name ends with ``_LAST``, its type is an enum typedef read here, and its
  value is the largest of that enum (which rules out members such as
  ``VIR_NETWORK_UPDATE_COMMAND_ADD_LAST``; an alias such as
  ``VIR_DOMAIN_MEMORY_STAT_NR`` may share it).
* **Docs** are stored as the XML holds them, in the field the backend prints
  from: function descriptions keep their lines; typedef, enum and macro docs
  are the one-line form the backend wrote (their natural line breaks are
  lost); return docs are one line; a variable's info loses the space the
  backend adds after each newline.  A struct's own doc, a void function's
  return doc and ``Field.deprecated`` are not in the XML (empty / False);
  ``Function.deprecated`` and ``EnumMember.deprecated`` come from the doc
  text, as from sources (a ``VIR_DEPRECATED`` function attribute would be lost).  ``Function.since`` is not either: it is set to the
  ``version`` (they differ for a handful of libvirt functions).  A function
  without ``version`` (every one in libvirt 7.0.0's files) gets ``""`` for
  both, and the backend writes it back without the attribute.
* **ownership** and **flags_enum** use the frontend's rules on the model read
  here (typedefs, structs and enum typedefs of every file given), so reading
  ``libvirt-qemu-api.xml`` alone cannot see libvirt's ``virDomainPtr``.
* A function without ``<return>`` is one whose return type is not ``void`` and
  whose return doc was empty: its type is lost (read as ``""``, with a warning).
* ``<exports>`` are derived by the backend, not stored; only a struct tag's
  export is used, to find ``Struct.body_header``.

Bad input (unreadable file, not XML, root other than ``<api>``) raises
:class:`FrontendError`; unknown elements and attributes are warnings.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol, TypeVar
from xml.parsers import expat

from ..apixml_format import prints_verbatim
from ..diagnostics import Diagnostic
from ..model import (
    MODULE_NAMES,
    Acl,
    Api,
    Enum_,
    EnumMember,
    Field,
    Function,
    FuncType,
    Header,
    Location,
    Macro,
    MacroParam,
    Module,
    Ownership,
    Param,
    Struct,
    Typedef,
    Variable,
)
from .errors import FrontendError
from .result import Result
from .rules import doc_deprecated, flags_enum, ownership

__all__ = ["load_api_xml"]

# --- a tiny element tree with line numbers -----------------------------------


@dataclass(slots=True)
class _Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    chunks: list[str] | None = None  # None: no character data at all

    @property
    def text(self) -> str:
        return "".join(self.chunks) if self.chunks is not None else ""

    def get(self, name: str) -> str | None:
        return self.attrs.get(name)

    def find(self, tag: str) -> _Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def findall(self, tag: str) -> list[_Node]:
        return [c for c in self.children if c.tag == tag]


@dataclass
class _Document:
    root: _Node
    comment: str | None  # the first comment before the root element


class _TreeBuilder:
    def __init__(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        self.stack: list[_Node] = []
        self.root: _Node | None = None
        self.comment: str | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        node = _Node(tag, attrs, self.parser.CurrentLineNumber)
        if self.stack:
            self.stack[-1].children.append(node)
        elif self.root is None:
            self.root = node
        self.stack.append(node)

    def end(self, tag: str) -> None:
        self.stack.pop()

    def data(self, text: str) -> None:
        if self.stack:
            node = self.stack[-1]
            if node.chunks is None:
                node.chunks = []
            node.chunks.append(text)

    def comment_seen(self, text: str) -> None:
        if self.root is None and self.comment is None:
            self.comment = text


_MARKUP_RE = re.compile(rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->|<\?.*?\?>|<[A-Za-z_][^'\"<>]*(?:(?:'[^']*'|\"[^\"]*\")[^'\"<>]*)*>", re.DOTALL)
_QUOTED_RE = re.compile(rb"'[^']*'|\"[^\"]*\"")
_ATTR_CHARS = {b"\n": b"&#10;", b"\t": b"&#9;", b"\r": b"&#13;"}
_BREAK_RE = re.compile(rb"[\n\t\r]")


def _protect_attribute_whitespace(data: bytes) -> bytes:
    """Escape newlines and tabs inside attribute values so the parser keeps them.

    XML normalizes a literal newline in an attribute to a space, but the
    backend writes multi-line enum and field docs as attributes.  Each
    newline taken out of a value is put back just before the tag's ``>``,
    where it is insignificant, so every element keeps its line number.
    Only the few tags holding a line break are rebuilt (179 of libvirt's
    8,552); the rest of the file is copied in slices.
    """
    pieces: list[bytes] = []
    position = 0
    for match in _MARKUP_RE.finditer(data):
        text = match.group(0)
        if _BREAK_RE.search(text) is None or text.startswith((b"<!", b"<?")):
            continue  # nearly every tag has no line break at all; CDATA and comments stay as they are
        pieces += (data[position : match.start()], _protected_tag(text))
        position = match.end()
    if not pieces:
        return data
    pieces.append(data[position:])
    return b"".join(pieces)


def _protected_tag(text: bytes) -> bytes:
    newlines = 0

    def quoted(value: re.Match[bytes]) -> bytes:
        nonlocal newlines
        raw = value.group(0)
        newlines += raw.count(b"\n")
        return _BREAK_RE.sub(lambda m: _ATTR_CHARS[m.group(0)], raw)

    body = _QUOTED_RE.sub(quoted, text)
    end = -2 if body.endswith(b"/>") else -1
    return body[:end] + b"\n" * newlines + body[end:]


def _parse(path: str) -> _Document:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise FrontendError(f"cannot read: {error.strerror or error}", path) from None
    parser = expat.ParserCreate()
    builder = _TreeBuilder(parser)
    parser.buffer_text = True
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.CommentHandler = builder.comment_seen
    try:
        parser.Parse(_protect_attribute_whitespace(data), True)
    except expat.ExpatError as error:
        raise FrontendError(f"not well-formed XML: {expat.ErrorString(error.code)}", path, error.lineno, error.offset + 1) from None
    if builder.root is None:  # pragma: no cover - expat reports "no element found" first
        raise FrontendError("no root element", path, 1, 1)
    return _Document(builder.root, builder.comment)


# --- schema checks -----------------------------------------------------------

_SCHEMA: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # tag: (attributes, child elements)
    "api": (frozenset({"name"}), frozenset({"files", "symbols"})),
    "files": (frozenset(), frozenset({"file"})),
    "file": (frozenset({"name"}), frozenset({"summary", "description", "deprecated", "exports"})),
    "summary": (frozenset(), frozenset()),
    "description": (frozenset(), frozenset()),
    "deprecated": (frozenset(), frozenset()),
    "exports": (frozenset({"symbol", "type"}), frozenset()),
    "symbols": (frozenset(), frozenset({"macro", "enum", "struct", "typedef", "variable", "function", "functype"})),
    "macro": (frozenset({"name", "file", "params", "string", "raw", "version"}), frozenset({"info", "arg"})),
    "enum": (frozenset({"name", "file", "value", "value_hex", "value_bitshift", "type", "version", "info"}), frozenset()),
    "struct": (frozenset({"name", "file", "type", "version"}), frozenset({"field"})),
    "field": (frozenset({"name", "type", "info"}), frozenset({"union"})),
    "union": (frozenset(), frozenset({"field"})),
    "typedef": (frozenset({"name", "file", "type", "version"}), frozenset({"info"})),
    "variable": (frozenset({"name", "file", "type", "version"}), frozenset({"info"})),
    "function": (frozenset({"name", "file", "module", "version"}), frozenset({"info", "return", "arg", "acls"})),
    "acls": (frozenset(), frozenset({"check", "filter"})),
    "check": (frozenset({"object", "perm", "flags"}), frozenset()),
    "filter": (frozenset({"object", "perm"}), frozenset()),
    "functype": (frozenset({"name", "file", "module", "version"}), frozenset({"info", "return", "arg"})),
    "info": (frozenset(), frozenset()),
    "return": (frozenset({"type", "info"}), frozenset()),
    "arg": (frozenset({"name", "type", "info"}), frozenset()),
}


def _check_schema(node: _Node, where: Callable[[_Node], Location], found: list[Diagnostic]) -> None:
    """Append a warning for each attribute and element the schema does not have, in document order."""
    attrs, children = _SCHEMA[node.tag]
    if not node.attrs.keys() <= attrs:
        for name in sorted(set(node.attrs) - attrs):
            found.append(Diagnostic(where(node), "warning", f"unknown attribute '{name}' on <{node.tag}> ignored", "apixml-unknown"))
    for child in node.children:
        if child.tag in children:
            _check_schema(child, where, found)
        else:
            found.append(Diagnostic(where(child), "warning", f"unknown element <{child.tag}> in <{node.tag}> ignored", "apixml-unknown"))


# --- one file: one module ----------------------------------------------------

_SOURCE_RE = re.compile(r"^ generated by virt-apigen from (.*); do not edit $", re.DOTALL)
_INTEGER_RE = re.compile(r"-?\d+")
_ARRAY_RE = re.compile(r"(?P<type>.+?) ?(?P<name>\w+)\[(?P<size>[^\]]*)\]")


# Our own, not xml.sax.saxutils.unescape: importing that module pulls in
# urllib.request and http.client (17 ms of every --api-xml run).
_ENTITY_RE = re.compile(r"&(lt|gt|apos|quot|amp|#45);")
_ENTITIES = {"lt": "<", "gt": ">", "apos": "'", "quot": '"', "amp": "&", "#45": "-"}  # #45: xml_comment's "-"


def _unescape(text: str) -> str:
    """The text of an XML comment or attribute our backend escaped (xml_attr, xml_comment)."""
    return _ENTITY_RE.sub(lambda match: _ENTITIES[match.group(1)], text)


def _source(comment: str | None, module: str) -> tuple[str, list[str]]:
    """(syms file, header folders) from the backend's generated comment."""
    match = _SOURCE_RE.match(comment or "")
    if match is None:
        return "", []
    parts = _unescape(match.group(1)).split(", ")
    folders = [p[: -len("*.h")] for p in parts if p.endswith("/*.h")]
    others = [p for p in parts if not p.endswith("/*.h")]
    syms = others[0] if others and others != [module] else ""
    return syms, folders


def _header_paths(names: list[str], folders: list[str]) -> dict[str, str]:
    """A path for each header that gives back the same set of folders."""
    paths: dict[str, str] = {}
    for index, name in enumerate(sorted(names)):
        folder = folders[min(index, len(folders) - 1)] if folders else ""
        paths[name] = f"{folder}{name}.h"
    return paths


class _FileReader:
    """Turns one parsed file into a :class:`Module` (cross-file facts come later)."""

    def __init__(self, path: str, document: _Document, diagnostics: list[Diagnostic]) -> None:
        self.path = path
        self.document = document
        self.diagnostics = diagnostics

    def where(self, node: _Node) -> Location:
        return Location(self.path, node.line, 1)

    def warn(self, node: _Node, message: str, rule: str = "apixml-input") -> None:
        self.diagnostics.append(Diagnostic(self.where(node), "warning", message, rule))

    def named(self, nodes: Iterable[_Node]) -> Iterator[tuple[str, _Node]]:
        for node in nodes:
            name = node.get("name")
            if name:
                yield name, node
            else:
                self.warn(node, f"<{node.tag}> without a name ignored")

    def module(self) -> Module:
        root = self.document.root
        name = root.get("name") or ""
        _check_schema(root, self.where, self.diagnostics)
        files = [f for c in root.findall("files") for f in c.findall("file")]
        symbols = [s for c in root.findall("symbols") for s in c.children if s.tag in _SCHEMA["symbols"][1]]
        syms_file, folders = _source(self.document.comment, name)
        headers = self.headers(files, folders)
        self.check_files(symbols, {h.name for h in headers})
        kinds = {kind: list(self.named(n for n in symbols if n.tag == kind)) for kind in _SCHEMA["symbols"][1]}
        members = [self.member(n) for _, n in kinds["enum"]]
        by_enum: dict[str, list[str]] = {}  # enum name -> its member names, in document order
        for member in members:
            by_enum.setdefault(member.enum, []).append(member.name)
        typedefs = [n for _, n in kinds["typedef"]]
        bodies = _struct_bodies(files)
        return Module(
            name=name,
            headers=headers,
            functions=self.sorted(self.function(n) for _, n in kinds["function"]),
            functypes=self.sorted(self.functype(n) for _, n in kinds["functype"]),
            enums=self.sorted(self.enum(n, by_enum.get(n.attrs["name"], [])) for n in typedefs if n.get("type") == "enum"),
            members=self.sorted(members),
            typedefs=self.sorted(self.typedef(n) for n in typedefs if n.get("type") != "enum"),
            structs=self.sorted(self.struct(n, bodies) for _, n in kinds["struct"]),
            macros=self.sorted(self.macro(n) for _, n in kinds["macro"]),
            variables=self.sorted(self.variable(n) for _, n in kinds["variable"]),
            syms_file=syms_file,
            location=self.where(root),
        )

    def sorted(self, items: Iterable[_N]) -> tuple[_N, ...]:
        """Sorted by name like the frontend's tuples; of two same names the first is kept."""
        unique: dict[str, _N] = {}
        for item in items:
            first = unique.setdefault(item.name, item)
            if first is not item:
                message = f"'{item.name}' is defined twice; the one at {first.location} is kept"
                self.diagnostics.append(Diagnostic(item.location, "warning", message, "apixml-duplicate"))
        return tuple(sorted(unique.values(), key=lambda item: item.name))

    def check_files(self, symbols: list[_Node], known: set[str]) -> None:
        for node in symbols:
            if node.get("file") not in known:
                self.warn(node, f"<{node.tag} name='{node.get('name')}'> is in file '{node.get('file')}', which has no <file> entry")

    def headers(self, files: list[_Node], folders: list[str]) -> tuple[Header, ...]:
        named = dict(self.named(files))
        paths = _header_paths(list(named), folders)
        headers = []
        for name, node in named.items():
            summary, description = _child_text(node, "summary"), _child_text(node, "description")
            if node.find("deprecated") is not None and "DEPRECATED" not in description:
                self.warn(node, f"file '{name}' is marked <deprecated/> but its description does not say DEPRECATED: the mark is derived and will be lost")
            headers.append(Header(name, summary, description, Location(paths[name], 0, 0)))
        return tuple(sorted(headers, key=lambda h: h.location.file))

    def macro(self, node: _Node) -> Macro:
        params = node.get("params")
        string = node.get("string")
        raw = node.get("raw")
        if string is None and raw is None:
            self.warn(node, f"macro '{node.get('name')}' has neither string nor raw")
        return Macro(
            name=node.attrs["name"], header=node.get("file") or "",
            params=tuple(params.split(",")) if params else (() if params is not None else None),
            param_docs=tuple(MacroParam(n, a.get("info") or "", self.where(a)) for n, a in self.named(node.findall("arg"))),
            string=string, raw=f'"{string}"' if string is not None else raw or "",
            since=node.get("version") or "", doc=_child_text(node, "info"), location=self.where(node),
        )

    def member(self, node: _Node) -> EnumMember:
        value, expression = self.member_value(node)
        return EnumMember(
            name=node.attrs["name"], enum=node.get("type") or "", header=node.get("file") or "", value=value,
            expression=expression, alias_of=None, since=node.get("version") or "",
            doc=node.get("info") or "", sentinel=False, location=self.where(node), deprecated=doc_deprecated(node.get("info") or ""),
        )

    def member_value(self, node: _Node) -> tuple[int | None, str]:
        """(value, expression) such that the backend prints the same attributes."""
        text = node.get("value")
        shift = node.get("value_bitshift")
        if text is None:
            return None, ""
        if not _INTEGER_RE.fullmatch(text):
            return None, text  # an initializer; its value is resolved later
        value = int(text)
        hex_text = node.get("value_hex")
        if hex_text is not None and hex_text != hex(value):
            self.warn(node, f"value_hex '{hex_text}' does not match value '{text}'; it is recomputed from the value")
        if shift is not None and shift.isdigit():
            return value, f"1 << {shift}"
        return value, text

    def enum(self, node: _Node, member_names: list[str]) -> Enum_:
        return Enum_(
            name=node.attrs["name"], header=node.get("file") or "", members=tuple(dict.fromkeys(member_names)),
            since=node.get("version") or "", doc=_child_text(node, "info"), location=self.where(node),
        )

    def typedef(self, node: _Node) -> Typedef:
        info = _child_text(node, "info")
        return Typedef(node.attrs["name"], node.get("file") or "", node.get("type") or "", node.get("version") or "", info, self.where(node))

    def struct(self, node: _Node, bodies: dict[str, str]) -> Struct:
        spelled = node.get("type") or ""
        tag = spelled[len("struct "):] if spelled.startswith("struct ") else spelled
        fields = None if not node.children and node.chunks is None else tuple(self.field(f) for _, f in self.named(node.findall("field")))
        return Struct(
            name=node.attrs["name"], header=node.get("file") or "", tag=tag, fields=fields,
            body_header=bodies.get(tag) if fields is not None else None,
            since=node.get("version") or "", doc="", location=self.where(node),
        )

    def field(self, node: _Node) -> Field:
        name = node.attrs["name"]
        spelled = node.get("type") or ""
        union_node = node.find("union")
        union = tuple(self.field(f) for _, f in self.named(union_node.findall("field"))) if union_node is not None else None
        array = _ARRAY_RE.fullmatch(spelled)
        if array is not None and array.group("name") == name:
            spelled, size = array.group("type"), array.group("size")
        else:
            size = None
        return Field(name, spelled, size, node.get("info") or "", union, False, self.where(node))

    def variable(self, node: _Node) -> Variable:
        # The backend writes "\n " for each newline of the doc.
        doc = re.sub(r"\n ", "\n", _child_text(node, "info"))
        return Variable(node.attrs["name"], node.get("file") or "", node.get("type") or "", node.get("version") or "", doc, self.where(node))

    def params(self, node: _Node) -> tuple[Param, ...]:
        return tuple(Param(name, a.get("type") or "", a.get("info") or "", self.where(a)) for name, a in self.named(node.findall("arg")))

    def returns(self, node: _Node) -> tuple[str, str]:
        ret = node.find("return")
        if ret is None:
            self.warn(node, f"{node.tag} '{node.get('name')}' has no <return>: its return type is unknown (the export leaves it out when the doc is empty)")
            return "", ""
        return ret.get("type") or "", ret.get("info") or ""

    def function(self, node: _Node) -> Function:
        return_type, return_doc = self.returns(node)
        info = node.find("info")
        version = node.get("version") or ""
        return Function(
            name=node.attrs["name"], header=node.get("file") or "", module=node.get("module") or node.get("file") or "",
            return_type=return_type, return_doc=return_doc, ownership=Ownership.NONE, params=self.params(node),
            description=info.text if info is not None else "", since=version, version=version,
            flags_enum=None, deprecated=doc_deprecated(info.text if info is not None else "") or doc_deprecated(return_doc), location=self.where(node),
            doc_location=self.where(info if info is not None else node),
            acls=_acls(node),
        )

    def functype(self, node: _Node) -> FuncType:
        return_type, return_doc = self.returns(node)
        return FuncType(
            name=node.attrs["name"], header=node.get("file") or "", return_type=return_type, return_doc=return_doc,
            params=self.params(node), description=_child_text(node, "info"), since=node.get("version") or "",
            location=self.where(node),
        )


def _acls(function: _Node) -> tuple[Acl, ...]:
    """``<acls>`` back as the model spells them (underscores, as in the .x file).

    ``flags=''`` is how the XML says "a condition on a parameter" without
    saying which; the condition is then ``?`` (known to exist, not known)."""
    rules = [child for acls in function.findall("acls") for child in acls.children if child.tag in ("check", "filter")]
    return tuple(_acl(rule) for rule in rules)


def _acl(rule: _Node) -> Acl:
    flags = rule.get("flags")
    condition = "?" if flags == "" else ""
    return Acl(rule.tag, (rule.get("object") or "").replace("-", "_"), (rule.get("perm") or "").replace("-", "_"), flags or "", condition)


def _child_text(node: _Node, tag: str) -> str:
    child = node.find(tag)
    return child.text if child is not None else ""


def _struct_bodies(files: list[_Node]) -> dict[str, str]:
    """struct tag -> the file whose exports list it as a struct."""
    bodies: dict[str, str] = {}
    for file in files:
        for export in file.findall("exports"):
            symbol = export.get("symbol")
            if export.get("type") == "struct" and symbol:
                bodies.setdefault(symbol, file.get("name") or "")
    return bodies


class _HasName(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def location(self) -> Location: ...


_N = TypeVar("_N", bound=_HasName)


# --- facts that need every file: values, aliases, ownership ------------------

_IDENTIFIER_RE = re.compile(r"[A-Za-z_]\w*")
_SUFFIX_RE = re.compile(r"(?<![\w.])(0[xX][0-9a-fA-F]+|\d+)[uUlL]+(?!\w)")
_BINARY: dict[type[ast.operator], Callable[[int, int], int]] = {
    ast.BitOr: operator.or_, ast.BitAnd: operator.and_, ast.BitXor: operator.xor,
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.LShift: lambda a, b: a << b if 0 <= b < 64 else _no_value(), ast.RShift: lambda a, b: a >> b if 0 <= b < 64 else _no_value(),
}
_UNARY: dict[type[ast.unaryop], Callable[[int], int]] = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Invert: operator.invert}


class _NoValue(Exception):
    pass


def _no_value() -> int:
    raise _NoValue


def evaluate(expression: str, values: dict[str, int]) -> int | None:
    """The value of a C integer initializer over known member values, or None."""
    try:
        tree = ast.parse(_SUFFIX_RE.sub(r"\1", expression.strip()), mode="eval")
        return _evaluate(tree.body, values)
    except (SyntaxError, _NoValue):
        return None


def _evaluate(node: ast.expr, values: dict[str, int]) -> int:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.Name) and node.id in values:
        return values[node.id]
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_evaluate(node.operand, values))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return _BINARY[type(node.op)](_evaluate(node.left, values), _evaluate(node.right, values))
    raise _NoValue


def _member_values(modules: list[Module]) -> dict[str, int]:
    """Every member's integer value, initializers resolved through the others."""
    values = {m.name: m.value for module in modules for m in module.members if m.value is not None}
    pending = [m for module in modules for m in module.members if m.value is None and prints_verbatim(m.expression)]
    while pending:
        found = {m.name: v for m in pending if (v := evaluate(m.expression, values)) is not None}
        if not found:
            break
        values.update(found)
        pending = [m for m in pending if m.name not in found]
    return values


def _groups(module: Module) -> list[list[EnumMember]]:
    """Members by enum, in document order; a member of an unknown type is alone."""
    by_name = {m.name: m for m in module.members}
    groups = [[by_name[n] for n in e.members if n in by_name] for e in module.enums]
    grouped = {m.name for group in groups for m in group}
    return groups + [[m] for m in module.members if m.name not in grouped]


@dataclass(frozen=True, slots=True)
class _Index:
    """What the frontend looks up across the whole API."""

    values: dict[str, int]
    enums: frozenset[str]
    typedefs: dict[str, str]
    opaque: dict[str, bool]  # struct typedef name -> has no public fields
    functions: frozenset[str]

    @classmethod
    def of(cls, modules: list[Module]) -> _Index:
        return cls(
            values=_member_values(modules),
            enums=frozenset(e.name for m in modules for e in m.enums),
            typedefs={t.name: t.type for m in modules for t in m.typedefs},
            opaque={s.name: s.fields is None for m in modules for s in m.structs},
            functions=frozenset(f.name for m in modules for f in m.functions),
        )


def _complete_group(group: list[EnumMember], index: _Index) -> list[EnumMember]:
    """Values, aliases (the frontend's rule, on document order) and sentinels of one enum."""
    values = {m.name: index.values.get(m.name) for m in group}
    known = [v for v in values.values() if v is not None]
    seen: dict[int, str] = {}
    done = []
    for member in group:
        value = values[member.name]
        alias = None
        if _IDENTIFIER_RE.fullmatch(member.expression) and member.expression in index.values:
            alias = member.expression
            if value is not None:
                seen.setdefault(value, alias)  # the member it names is the canonical one
        elif value is not None and seen.get(value, member.name) != member.name:
            alias = seen[value]
        if value is not None:
            seen.setdefault(value, member.name)
        sentinel = member.name.endswith("_LAST") and member.enum in index.enums and value is not None and value == max(known)
        done.append(replace(member, value=value, alias_of=alias, sentinel=sentinel))
    return done


def _numbering_warnings(module: Module) -> Iterator[Diagnostic]:
    """Members with no value that the backend would number from the one before."""
    for group in _groups(module):
        numbered = True  # the backend starts from -1
        for member in group:
            if member.expression:
                numbered = member.value is not None and not prints_verbatim(member.expression)
            elif numbered:
                message = f"'{member.name}' has no value but follows a numbered member in document order: it will be exported with one"
                yield Diagnostic(member.location, "warning", message, "apixml-order")


def _flags_enum(function: Function, index: _Index) -> str | None:
    flags = next((p for p in function.params if p.name == "flags"), None)
    return flags_enum(flags.doc, index.enums) if flags is not None else None


def _with_derived(function: Function, index: _Index, names: frozenset[str]) -> Function:
    owner, releaser = ownership(function.return_type, index.typedefs, index.opaque, function.return_doc, names, function.description)
    return replace(function, ownership=owner, releaser=releaser, flags_enum=_flags_enum(function, index))


def _complete(module: Module, index: _Index) -> Module:
    members = [m for group in _groups(module) for m in _complete_group(group, index)]
    functions = (_with_derived(f, index, index.functions) for f in module.functions)
    return replace(module, members=tuple(sorted(members, key=lambda m: m.name)), functions=tuple(functions))


def _module_order(module: Module) -> tuple[int, str]:
    known = module.name in MODULE_NAMES
    return (MODULE_NAMES.index(module.name) if known else len(MODULE_NAMES), module.name)


# --- entry point -------------------------------------------------------------


def _read_module(path: str, diagnostics: list[Diagnostic]) -> Module:
    document = _parse(path)
    root = document.root
    if root.tag != "api":
        raise FrontendError(f"not a libvirt API file: the root element is <{root.tag}>, expected <api>", path, root.line, 1)
    if not root.get("name"):
        raise FrontendError("<api> has no name attribute, so the module is unknown", path, root.line, 1)
    return _FileReader(path, document, diagnostics).module()


def load_api_xml(paths: list[str]) -> Result:
    """Read ``libvirt-api.xml``-schema files, one module each, into one :class:`Api`."""
    if not paths:
        raise FrontendError("no input: give at least one libvirt-api.xml file")
    diagnostics: list[Diagnostic] = []
    modules: dict[str, Module] = {}
    for path in paths:
        module = _read_module(path, diagnostics)
        if module.name in modules:
            where = module.location
            raise FrontendError(f"module '{module.name}' is given twice (also in {modules[module.name].location.file})", path, where.line, 1)
        modules[module.name] = module
    index = _Index.of(list(modules.values()))
    complete = [_complete(m, index) for m in modules.values()]
    for module in complete:
        diagnostics.extend(_numbering_warnings(module))
    return Result(Api(tuple(sorted(complete, key=_module_order))), diagnostics, list(paths))
