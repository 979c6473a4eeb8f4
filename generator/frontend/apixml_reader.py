"""Frontend: read ``libvirt-api.xml``-schema files back into an :class:`~generator.model.Api`.

One file is one module (named by ``<api name=...>``); files may be ours
(``generator.backends.apixml``) or libvirt's own
``/usr/share/libvirt/api/libvirt-*api.xml``.  The reader inverts the backend,
so that for our own export ``render(read(render(api))) == render(api)`` byte
for byte.  Only the standard library is used (``xml.parsers.expat``, the
parser under ``xml.etree.ElementTree``, driven directly so that every element
keeps its line and column).  The files given are a set, as explicit FILEs are
(``generator/frontend/tree.py``): one named twice (the same path, ``./x.xml``
and ``x.xml``, a symlink and its target: the same device and inode) is read
once, under its first name, rather than being a module given twice.

Decisions, and what the XML cannot give back:

* **Locations.**  Every node gets ``Location(<xml file>, line, col)`` of its
  element's ``<`` (expat's position, columns counted in characters from 1),
  the file named relative to the folder holding every XML file given
  (:func:`xml_root`, which the CLI passes; as typed when no root is passed),
  so that outputs are the same bytes whatever the working folder or the
  spelling of the paths (a path as typed leaked ``/home/me/...`` into the
  JSON); symlinks in the folders are followed, so one folder named through
  a symlink and by its real path is one folder.  Files that share no folder
  but ``/`` are each named by their file name alone (two of one file name
  are then an error), never by the folders of an absolute path
  (:func:`_input_names`).  A descriptor of the process (bash's
  ``<(zcat libvirt-api.xml.gz)``, ``/dev/fd/63``) is named ``(pipe)``, or
  ``(pipe 1)``, ``(pipe 2)``... in the order given, not by the number the
  shell picked, and moves no root (:func:`_pipe_names`); diagnostics still
  name it as typed.  Those names go into every output the CLI's
  ``api`` and ``generate`` write, in UTF-8, so there a name holding bytes
  that are not UTF-8, a line break or a control character is refused as a
  header's is (:func:`check_written_names`).  The exception is :class:`Header`: the backend prints the folder of
  each header's location in the generated comment (``include/libvirt/*.h``),
  so a header's location is rebuilt from that comment as
  ``<folder><name>.h`` (line 0: unknown); with no such comment (libvirt's own
  files) it is the bare ``<name>.h``.  ``Module.syms_file`` is read from the
  same comment.  Lines and columns in the headers are lost.
* **Declaration order.**  The XML lists enum members sorted by name and
  keeps no declaration order, so ``Enum_.members`` is the best guess at it:
  by value (libvirt declares members in increasing value), members sharing a
  value by release (``version``: one added later was declared later; a
  missing or malformed one counts as the newest), then as in the file (by
  name).  So the Python bindings iterate an enum as from sources, and an
  ``IntEnum``/``IntFlag`` picks the same canonical member; on libvirt 9.0.0
  168 of 172 enums come out in the header's order.  The other four: a member
  declared out of value order (``VIR_DOMAIN_SNAPSHOT_LIST_METADATA``, 2,
  after 8; ``VIR_VCPU_INFO_CPU_UNAVAILABLE``, -2, after -1) and two pairs
  sharing value and release, where the name decides
  (``VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS`` before ``..._ROOTS``,
  ``VIR_DOMAIN_QEMU_AGENT_COMMAND_BLOCK`` before ``..._MIN``).  Members whose
  value is not known (an initializer naming nothing read) follow, in file
  order.  A member with no ``value`` at all is read with expression ``""``
  and value ``None``, never a number guessed from its place.  The backend
  numbers such a member from the one before it, and leaves its value out
  only after a member it does not print as a number (an initializer
  naming something, or of unknown value) or one holding the largest value
  of a C type (``INT_MAX``, ``0xffffffff``, ``2**63 - 1``: the member after
  it has none, gcc's "overflow in enumeration values"; ``2**64 - 1``): so
  the member stays right after the member before it in the file when that
  one is such a member, and otherwise (it is first in the file, or after
  a member numbered from: ``enum {VIR_Z = sizeof(int), VIR_B}`` lists
  ``VIR_B`` first, ``enum {VIR_Z = 0x7fffffff, VIR_A, VIR_Y = 3}``
  ``VIR_A``) goes after the last member of its enum that is not numbered
  from.  This keeps ``render(read(render(api))) == render(api)``; only
  an enum without such a member (hand-written XML) leaves it where it is,
  with a warning that it will be exported with a value.  The order changes
  neither the XML written back (members are printed by name, with their
  values) nor ``diff`` (which matches members by name).
* **alias_of** follows the frontend's rule on that order: an initializer
  that is a bare member name is the alias (and that member counts as seen
  first, so ``VIR_DOMAIN_MEMORY_STAT_LAST = VIR_DOMAIN_MEMORY_STAT_NR`` does
  not make ``NR`` an alias of ``LAST``); else the first earlier member of the
  same enum type with the same value.  Which of two members spelled with the
  same number is canonical is the header's order, which the XML does not
  keep: here the older release, else the name first in the file
  (``VIR_DOMAIN_SNAPSHOT_LIST_ROOTS``, 0.9.5, is canonical and
  ``..._DESCENDANTS``, 0.9.7, its alias, as from sources; of
  ``VIR_DOMAIN_CHECKPOINT_LIST_ROOTS`` and ``..._DESCENDANTS``, both 5.6.0,
  ``DESCENDANTS``, where the header says the reverse).
* **Enum values.**  ``value='N'`` gives ``value=N`` and expression ``"N"``,
  N read as C reads the constant (``'010'`` is 8, the expression ``"010"``;
  ``'09'``, no C integer, is an error; the backend writes the value back,
  ``value='8' value_hex='0x8'``), or
  ``"1 << K"`` when ``value_bitshift='K'`` is present and ``1 << K`` is N
  (the backend prints the bit shift only from the expression).  A
  ``value_bitshift`` that is no such K is a warning and is recomputed from
  the value, as a wrong ``value_hex`` is: the value wins, so the model's
  expression never contradicts it.  apibuild.py writes the K of an
  initializer that only *starts* with ``1<<K`` (``(1 << 3) | (1 << 4)``:
  value 24, ``value_bitshift='3'``); such a member of its files reads back
  with that warning and without the attribute (our backend leaves the
  attribute out there).  No libvirt header (7.0.0 to 11.3.0) has one: there
  every ``value_bitshift`` K has value ``1 << K``.  A
  non-integer value is an initializer and is kept verbatim as the
  expression; its integer is resolved from the other members (across
  every file read) by the C frontend's rules
  (:mod:`.cvalues`: C's ``/`` and ``%``, comparisons, ``?:``, ``&&``,
  ``||``, character constants, casts to type words or to a type of the
  files read), so a member has the value it had in the tree the XML was
  written from: ``'a'``, which the export prints as written, is 97; what
  the C frontend leaves unevaluated (``sizeof(int)``) has no value here
  either.  (The export writes initializers without spaces; C's tokens are
  read as pycparser reads them, so ``A+0x1e+1`` is ``A + 0x1e + 1``.)
* **Array fields** are written ``type name[size]``: read back as the type
  and ``array_size``; an array of arrays, ``char grid[2][3]``, is type
  ``char`` and size ``2][3``, as the C frontend models it.
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
* **ownership** and **flags_enums** use the frontend's rules on the model read
  here (typedefs, structs and enum typedefs of every file given), so reading
  ``libvirt-qemu-api.xml`` alone cannot see libvirt's ``virDomainPtr``.
* A function without ``<return>`` is one whose return type is not ``void`` and
  whose return doc was empty: its type is lost (read as ``""``, with a warning).
* An ``<enum>`` without ``type`` is a member of an anonymous enum (``enum {
  VIR_X = 1 };``): ``EnumMember.enum`` is ``""``, and both apibuild.py and
  the backend leave the attribute out for one, so it is no warning (unlike
  ``<struct>``, ``<typedef>``, ``<field>``, ``<arg>``, which always have one).
* A child element the schema has once (``<info>``, ``<return>``,
  ``<summary>``, ``<description>``, ``<deprecated>``, a field's ``<union>``)
  given again is left out with a warning, the first kept.  Several
  ``<files>``, ``<symbols>`` or ``<acls>`` are read as one: nothing is lost.
* **DTD.**  No entity outside the file is ever read, and no parameter entity
  expanded.  A reference left out because of that (an external entity in
  content, an entity declared after a parameter entity reference or in an
  external DTD) is a warning at the reference; so are the external DTD and
  each parameter entity reference, in a document not declared standalone
  (expat reports them only there).  Internal entities are expanded.
* **Parameter and member names** given twice in one ``<function>``,
  ``<functype>``, ``<struct>`` or ``<union>`` are an error at the second, as
  the C frontend refuses them in a header ("duplicate parameter name",
  "duplicate member"): ``generate`` would write a Python package that does
  not import.
* **Types** (of ``<arg>``, ``<return>``, ``<field>``, ``<typedef>``,
  ``<variable>``, ``<struct>``, ``<enum>``) that are no C type spelling
  (words, ``*``, bracketed array sizes, spaces: :func:`_is_c_type`) are a
  warning and kept as written; libvirt's files (7.0.0 to 11.3.0) have none.
  So is a ``<macro>`` with both ``string`` and ``raw`` (the export writes
  one): the string is read, ``raw`` ignored.
* ``<exports>`` are derived by the backend, not stored; only a struct tag's
  export is used, to find ``Struct.body_header``.

Bad input (unreadable file, not XML, root other than ``<api>``) raises
:class:`FrontendError`; unknown elements and attributes are warnings.

Hostile input.  The file may come from anywhere (``diff`` against a
downloaded export), and what it names ends up in generated code and file
names, so the reader bounds what a file can cost and refuses what it cannot
pass on safely, with a positioned error and never a traceback:

* **Size.**  At most :data:`_MAX_BYTES` are read (a FIFO or ``/dev/zero``
  included); see there for why 32 MiB.
* **Names.**  Symbol, parameter, field, member and macro (parameter) names
  must be C identifiers (not keywords; a macro's parameter may be ``...``);
  ``<api>`` and ``<file>`` names and a symbol's ``file`` and ``module``
  attributes (listed by a ``<file>`` entry or not: the HTML backend writes
  a page for each file), which become file names, must pass the
  rule ``api`` applies to the files it reads
  (:func:`generator.frontend.tree.name_problem`: no ``/``, not ``.`` or
  ``..``, no line break or other control character); any other character
  is accepted, and escaped where it is written.  Checked as each element
  starts.
* **Nesting.**  Unions in fields nest at most :data:`_MAX_UNION_DEPTH` deep
  (libvirt: 1); an unknown element is skipped with all it holds, so no
  other nesting is recursed into.
* **Enum values.**  A literal value must fit in 64 bits (an error
  otherwise); an initializer has no value when a result on the way does
  not, as from sources (:mod:`.cvalues`: no larger number is ever
  computed, so a chain of squarings costs nothing).  An initializer must be
  at most :data:`_MAX_INITIALIZER` characters and nest at most
  :data:`_MAX_NESTING` parentheses, ``?:`` and rises in precedence (the
  parser recurses on those; a run of one operator is a loop), else an
  error; initializers are resolved once each, in dependency order, so a
  chain of thousands costs one pass.
* **Time.**  Everything before expat is linear in the input (see
  ``_MARKUP_RE``); so is the reading of array fields (``_array``).
* **Warnings.**  Identical ones are reported once with a count, and at most
  :data:`_MAX_FINDINGS` distinct ones per rule and file, then a count.
* **Encodings.**  A file in anything but UTF-8 (by byte order mark or
  declaration: UTF-16, Latin-1, ...) is decoded with Python's codecs and
  parsed as UTF-8, so that the protection of attribute line breaks, which
  works on ASCII bytes, sees them.
* **Line breaks.**  A raw CR LF or lone CR is a line ending, read as a
  line feed (XML 1.0 section 2.11) in attribute values too: a file saved
  with Windows line endings gives the docs of the file saved with Unix ones.
  Only a character reference, ``&#13;``, is a carriage return, and the
  backend writes every one so (``xml_attr``, ``xml_text``; in its generated
  comment too, which :func:`_unescape` reads back), so that a doc or path
  holding one comes back.  The protection pass keeps the line feeds and
  tabs of attribute values, which XML would make spaces, in time and
  memory linear in the input (see :data:`_MARKS`: a 33 MB value of tabs
  takes about 1.5 s and 210 MB, where it took 22 s and 3 GB).
* **Memory.**  A run that still runs out of memory says
  ``virt-apigen: error: out of memory; no output written`` and exits 1,
  with no traceback (:mod:`generator.cli`).
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Protocol, TypeVar
from xml.parsers import expat

from ..apixml_format import prints_verbatim
from ..diagnostics import Diagnostic, other_named, unknown_enum_values
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
    may_end_numbering,
    next_implicit_value,
)
from ..positions import openable_path
from . import cvalues
from .errors import FrontendError, missing_file
from .result import Result
from .rules import bit_enum_members, doc_deprecated, flags_enums, ownership, return_doc_deprecated
from .tree import distinct_files, name_problem, require_writable_name

__all__ = ["check_written_names", "load_api_xml", "xml_root"]

# --- bounded findings --------------------------------------------------------

_MAX_FINDINGS = 100  # distinct warnings per rule and file; a broken file would otherwise print millions
_SHOWN = 60  # characters of a name or value quoted in a message


def _shown(text: str) -> str:
    """``text`` from the file for a one-line message: a hostile file's names can
    be megabytes long and hold line breaks (escaped here as Python would)."""
    short = text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."
    return short if short.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in short)


class _Findings:
    """One file's warnings, bounded in number whatever the file holds.

    A warning identical to an earlier one (the same unknown element a million
    times) is counted on the first, which then says how often it occurred;
    past :data:`_MAX_FINDINGS` distinct warnings of one rule the rest are
    only counted, in one last warning of that rule."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        """Forget every warning (a parse done again, see _MARKS)."""
        self.first: dict[tuple[str, str], Diagnostic] = {}
        self.times: dict[tuple[str, str], int] = {}
        self.kept: dict[str, int] = {}
        self.dropped: dict[str, tuple[Location, int]] = {}

    def add(self, where: Location, message: str, rule: str, other: Location | None = None) -> None:
        key = (rule, message)
        if key in self.times:
            self.times[key] += 1
        elif self.kept.get(rule, 0) < _MAX_FINDINGS:
            self.kept[rule] = self.kept.get(rule, 0) + 1
            self.times[key] = 1
            self.first[key] = Diagnostic(where, "warning", message, rule, other=other)
        else:
            first, count = self.dropped.get(rule, (where, 0))
            self.dropped[rule] = (first, count + 1)

    def repeat(self, message: str, rule: str, times: int) -> None:
        """``times`` more of a warning added before."""
        key = (rule, message)
        if key in self.times:
            self.times[key] += times
        else:  # the first was past the limit: so are these
            first, count = self.dropped[rule]
            self.dropped[rule] = (first, count + times)

    def diagnostics(self) -> list[Diagnostic]:
        found = []
        for key, diagnostic in self.first.items():
            times = self.times[key]
            found.append(diagnostic if times == 1 else replace(diagnostic, message=f"{diagnostic.message} ({times} times, the first here)"))
        for rule, (where, count) in self.dropped.items():
            message = f"{count} more findings of this rule in this file are not shown (the first {_MAX_FINDINGS} are)"
            found.append(Diagnostic(where, "warning", message, rule))
        return found


# --- a tiny element tree with positions --------------------------------------


@dataclass(slots=True)
class _Node:
    tag: str
    attrs: dict[str, str]
    line: int
    col: int
    children: list[_Node] = field(default_factory=list)
    chunks: list[str] | None = None  # None: no character data at all
    skipped: bool = False  # an unknown child element was left out
    singles: dict[str, _Node] | None = None  # tag -> the child read, of those it may have once

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

# Names that end up as identifiers in generated code (Python, C, HTML anchors)
# must be C identifiers; names that end up in file names (a module's XML file,
# a header's HTML page) must pass tree.name_problem, the rule ``api`` applies
# to the files it reads, so that whatever it writes reads back.  Anything else
# is refused when the element starts: a name such as "virFoo;import os" would
# otherwise be written into generated Python, and "../../x" outside the output
# folder.  Other characters in a file name (quotes, "&", spaces, "é") are
# escaped where they are written, never refused.
_C_KEYWORDS = frozenset({
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern", "float", "for",
    "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed", "sizeof", "static", "struct",
    "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Alignas", "_Alignof", "_Atomic", "_Bool",
    "_Complex", "_Generic", "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local",
})  # fmt: skip
_ATTRIBUTES = {tag: attributes for tag, (attributes, _) in _SCHEMA.items()}
_CHILDREN = {tag: children for tag, (_, children) in _SCHEMA.items()}
# Children read once: the reader takes the first (a doc, a return), so another is
# left out with a warning.  <files>, <symbols> and <acls> are not among them: what
# several of them hold is read as one list, and written back in one, nothing lost.
_SINGLE_CHILDREN: dict[str, frozenset[str]] = {
    "file": frozenset({"summary", "description", "deprecated"}),
    "field": frozenset({"union"}),
    **{tag: frozenset({"info"}) for tag in ("macro", "typedef", "variable")},
    **{tag: frozenset({"info", "return"}) for tag in ("function", "functype")},
}
_NAME_RULES = {tag: "identifier" for tag in ("macro", "enum", "struct", "typedef", "variable", "function", "functype", "field", "arg")}
_NAME_RULES.update(api="file", file="file")
# libvirt nests one union in a field (virTypedParameter's value); a few more
# levels are allowed, and the limit keeps the recursive reading of fields safe.
_MAX_UNION_DEPTH = 8


def _is_c_identifier(name: str) -> bool:
    # isidentifier() on ASCII text is exactly [A-Za-z_][A-Za-z0-9_]*, at C speed
    return name.isascii() and name.isidentifier() and name not in _C_KEYWORDS


class _TreeBuilder:
    """Builds the tree from expat's events, checking the schema as it goes.

    An element the schema does not have at its place is reported and left
    out with everything inside it, so that junk costs neither memory nor
    time later (one warning, counted).  Bad names and too deep unions stop
    the parse at once (:class:`FrontendError`, at the element)."""

    def __init__(self, parser: expat.XMLParserType, path: str, findings: _Findings, marks: tuple[str, str] | None = None) -> None:
        self.parser = parser
        self.marked = marks  # (line feed, tab) as attribute values hold them (see _MARKS), or None
        self.marks = 0  # marks met
        self.path = path
        self.findings = findings
        self.stack: list[_Node] = []
        self.root: _Node | None = None
        self.comment: str | None = None
        self.skipping = 0  # depth inside a left-out element
        self.unions = 0  # <union> elements open
        self.unknown: dict[tuple[str, str], int] = {}  # (parent, tag) -> times seen after the first (the first few pairs)
        self.doctype_seen = False
        self.external_dtd_at: Location | None = None  # where expat met the external DTD's identifier

    def where(self) -> Location:
        return Location(self.path, self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if self.marked and attrs:
            attrs = self.unmarked(attrs)
        if self.skipping:
            self.skipping += 1
            return
        stack = self.stack
        if stack:
            parent = stack[-1]
            if tag not in _CHILDREN[parent.tag]:
                self.skip(parent, tag)
                return
            if parent.singles is not None and tag in parent.singles:
                self.skip_repeated(parent, parent.singles[tag])
                return
        elif tag != "api":
            raise self.error(f"not a libvirt API file: the root element is <{_shown(tag)}>, expected <api>")
        if attrs and (tag in _NAME_RULES or not attrs.keys() <= _ATTRIBUTES[tag]):
            self.check_attributes(tag, attrs)
        if tag == "union":
            self.open_union()
        parser = self.parser
        node = _Node(tag, attrs, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        if stack:
            parent.children.append(node)
            if tag in _SINGLE_CHILDREN.get(parent.tag, ()):
                if parent.singles is None:
                    parent.singles = {}
                parent.singles[tag] = node
        else:
            self.root = node
        stack.append(node)

    def unmarked(self, attrs: dict[str, str]) -> dict[str, str]:
        """``attrs`` with the marks of _MARKS turned back into line feeds and tabs, counted."""
        assert self.marked is not None
        line_feed, tab = self.marked
        for key, value in attrs.items():
            found = value.count(line_feed) + value.count(tab)
            if found:
                self.marks += found
                attrs[key] = value.replace(line_feed, "\n").replace(tab, "\t")
        return attrs

    def open_union(self) -> None:
        self.unions += 1
        if self.unions > _MAX_UNION_DEPTH:
            raise self.error(f"unions nested more than {_MAX_UNION_DEPTH} deep in a struct's fields")

    def skip(self, parent: _Node, tag: str) -> None:
        """Leave out an unknown element and what it holds; the same one again is only counted."""
        parent.skipped = True
        self.skipping = 1
        key = (parent.tag, tag)
        if key in self.unknown:
            self.unknown[key] += 1
            return
        if len(self.unknown) < _MAX_FINDINGS:  # past that many the findings only count them, and so does this
            self.unknown[key] = 0
        self.findings.add(self.where(), f"unknown element <{_shown(tag)}> in <{parent.tag}> ignored", "apixml-unknown")

    def skip_repeated(self, parent: _Node, first: _Node) -> None:
        """Leave out a second child of a kind read once, and what it holds; the first stays."""
        self.skipping = 1
        owner = f" name='{_shown(parent.attrs['name'])}'" if parent.get("name") else ""
        kept = Location(self.path, first.line, first.col)
        message = f"<{first.tag}> is given twice in <{parent.tag}{owner}>; this one is ignored, the one at {kept} is kept"
        self.findings.add(self.where(), message, "apixml-input", kept)

    def check_attributes(self, tag: str, attrs: dict[str, str]) -> None:
        allowed = _ATTRIBUTES[tag]
        if not attrs.keys() <= allowed:
            for unknown in sorted(set(attrs) - allowed):
                self.findings.add(self.where(), f"unknown attribute '{_shown(unknown)}' on <{tag}> ignored", "apixml-unknown")
        name = attrs.get("name")
        rule = _NAME_RULES.get(tag)
        if name and rule is not None:  # a missing or empty name is a warning, later
            if rule == "identifier" and not _is_c_identifier(name):
                raise self.error(f"<{tag}> name '{_shown(name)}' is not a C identifier")
            problem = name_problem(name) if rule == "file" else None
            if problem is not None:
                raise self.error(f"<{tag}> name '{_shown(name)}' cannot be a file name: it {problem}")
        for key in ("file", "module"):
            # a symbol's file names an output page (HTML: FILE.html) as a <file> entry's name does:
            # '../../x' must not reach a path, whether or not a <file> entry lists it
            value = attrs.get(key)
            problem = name_problem(value) if value is not None else None  # '' too: it would name a page 'libvirt-.html'
            if problem is not None:
                raise self.error(f"<{tag}> attribute {key}='{_shown(value or '')}' cannot be a file name: it {problem}")
        params = attrs.get("params") if tag == "macro" else None
        if params:
            bad = next((p for p in params.split(",") if not _is_c_identifier(p) and p != "..."), None)
            if bad is not None:
                raise self.error(f"<macro> parameter '{_shown(bad)}' is not a C identifier")

    def repeated(self) -> None:
        """Count each unknown element's repeats on its first warning."""
        for (parent, tag), times in self.unknown.items():
            if times:
                self.findings.repeat(f"unknown element <{_shown(tag)}> in <{parent}> ignored", "apixml-unknown", times)

    def error(self, message: str) -> FrontendError:
        where = self.where()
        return FrontendError(message, self.path, where.line, where.col)

    def end(self, tag: str) -> None:
        if self.skipping:
            self.skipping -= 1
            return
        if tag == "union":
            self.unions -= 1
        self.stack.pop()

    def data(self, text: str) -> None:
        if self.stack and not self.skipping:
            node = self.stack[-1]
            if node.chunks is None:
                node.chunks = []
            node.chunks.append(text)

    def comment_seen(self, text: str) -> None:
        if self.root is None and self.comment is None:
            self.comment = text

    # What the DTD makes the reader leave out.  Nothing outside the file is ever
    # read (an entity's SYSTEM identifier may be /etc/passwd or a URL); each
    # reference left out is said where it is, so no text vanishes unsaid.

    def external_entity(self, context: str | None, base: str | None, system_id: str | None, public_id: str | None) -> int:
        """expat's ExternalEntityRefHandler: an external entity referenced in content."""
        if not self.skipping:
            message = f"reference to the external entity '{_shown(system_id or '')}' left out: external entities are never read"
            self.findings.add(self.where(), message, "apixml-input")
        return 1  # handled: expat goes on, nothing read

    def skipped_entity(self, name: str, is_parameter_entity: bool) -> None:
        """expat's SkippedEntityHandler: an entity whose declaration expat did not read
        (after a parameter entity reference, or in the external DTD)."""
        if not self.skipping:
            message = f"reference '&{_shown(name)};' left out: the entity is declared in a part of the DTD that is not read"
            self.findings.add(self.where(), message, "apixml-input")

    def not_standalone(self) -> int:
        """expat's NotStandaloneHandler: a DTD part it does not read, the external DTD (met
        before the DOCTYPE's start is reported) or a parameter entity reference.  In a
        document declared standalone it is not called; nothing is left out silently
        there, as a reference to an entity not declared is then an error."""
        if not self.doctype_seen:
            self.external_dtd_at = self.where()
        else:
            message = "parameter entity reference not expanded: parameter entities are never read, and the declarations after it are ignored"
            self.findings.add(self.where(), message, "apixml-input")
        return 1  # go on

    def doctype(self, name: str, system_id: str | None, public_id: str | None, has_internal_subset: bool) -> None:
        self.doctype_seen = True
        if system_id is not None:
            message = f"external DTD '{_shown(system_id)}' not read: what it declares is unknown here"
            self.findings.add(self.external_dtd_at or self.where(), message, "apixml-input")


# --- the bytes before expat: size, encoding, attribute line breaks ------------

# libvirt's biggest file, libvirt-api.xml, is 1.03 MiB in 9.0.0 and 1.13 MiB
# in 11.3.0; reading takes 13 to 60 bytes of memory per byte of XML and about
# 0.2 s per MiB of dense symbols.  32 MiB leaves room for decades of libvirt
# while a wrong file (/dev/zero, a disk image, generated junk) costs at most
# about a GiB and a few seconds.  The file is read with this cap, never whole first.
_MAX_BYTES = 32 * 1024 * 1024
_CHUNK = 4 * 1024 * 1024


def _read_bytes(path: str, name: str) -> bytes:
    """``path``'s bytes; errors name the file ``name`` (see :func:`load_api_xml`)."""
    chunks: list[bytes] = []
    size = 0
    try:
        with open(path, "rb") as stream:
            # In chunks: read(_MAX_BYTES + 1) would allocate the whole cap up front, for every file.
            while size <= _MAX_BYTES and (chunk := stream.read(min(_CHUNK, _MAX_BYTES + 1 - size))):
                chunks.append(chunk)
                size += len(chunk)
    except IsADirectoryError:
        raise FrontendError("a folder, not a file", name) from None  # as the tree's entries say it
    except FileNotFoundError:
        raise missing_file(path, name) from None
    except OSError as error:
        raise FrontendError(f"cannot read: {error.strerror or error}", name) from None
    data = b"".join(chunks)
    if len(data) > _MAX_BYTES:
        raise FrontendError(f"larger than {_MAX_BYTES >> 20} MiB, the most an API file may be (libvirt's are about 1 MiB); not read", name)
    return data


# Byte order marks, and the first bytes of "<?" without one (XML 1.0, appendix F).
_WIDE_STARTS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"), (b"<\x00?\x00", "utf-16-le"),
)  # fmt: skip
_DECLARED_RE = re.compile(r"<\?xml[ \t\r\n][^>]*?\bencoding[ \t\r\n]*=[ \t\r\n]*([\"'])([^\"'>]*)\1")


def _as_utf8(data: bytes, path: str) -> bytes | None:
    """``data`` in UTF-8, or None when it is UTF-8 already (every file we or libvirt write).

    The protection of attribute line breaks works on the bytes and looks for
    ASCII ``<``, quotes and newlines, which UTF-16 spells differently; so a
    file in any other encoding is decoded (with Python's codecs: expat knows
    only four) and parsed as UTF-8, its declaration overridden."""
    wide = next((codec for start, codec in _WIDE_STARTS if data.startswith(start)), None)
    head = data[:400].decode(wide or "latin-1", "replace")
    declared = _DECLARED_RE.match(head.lstrip("\ufeff"))
    name = declared.group(2) if declared is not None else None
    if wide is None:
        if data.startswith(b"\xef\xbb\xbf") or name is None:
            return None  # UTF-8, by its byte order mark or by default
        codec = _codec(name, path)
        if codec == "utf-8":
            return None
        if codec.startswith(("utf-16", "utf-32")):
            raise FrontendError(f"the XML declaration says encoding '{_shown(name)}', but the file does not start as {codec.upper()} does", path, 1, 1)
    else:
        codec = wide
        if name is not None and not _codec(name, path).startswith(wide[:6]):
            raise FrontendError(f"the XML declaration says encoding '{_shown(name)}', but the file is in {wide[:6].upper()}", path, 1, 1)
    try:
        return data.decode(codec).encode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode(codec, "replace")
        line = before.count("\n") + 1
        raise FrontendError(f"not valid {codec.upper()}: {error.reason}", path, line, len(before) - before.rfind("\n")) from None


def _codec(name: str, path: str) -> str:
    """Python's name for the text encoding ``name`` (not base64, which bytes.decode refuses too)."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        info = None
    if info is None or not info._is_text_encoding:
        raise FrontendError(f"unknown encoding '{_shown(name)}' in the XML declaration", path, 1, 1)
    return info.name


# Every alternative either ends at its terminator or runs to the end of the
# input, so no '<' is scanned twice: an unterminated comment, CDATA section
# or processing instruction takes the rest of the file (expat then says what
# is wrong), and a tag cannot match across a '<', which no well-formed tag or
# attribute value holds.  The DTD's internal subset, where "<!--" may sit in
# a quoted entity value, is skipped by _dtd_end.
# The parts a start tag may have before and after its first line break in a
# quoted value for the break to be protected: its quoted values and the runs
# between them.  Our schema's elements have at most 8 attributes (17 parts);
# a tag with more parts than this is left as it is (expat then reads its
# line breaks as spaces).  The bound keeps the regex's memory per tag
# constant: unbounded, one hostile tag of 2 million values cost 860 MiB.
_MAX_TAG_PARTS = 512
_MARKUP_RE = re.compile(
    rb"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<\?.*?(?:\?>|\Z)|<!DOCTYPE"
    # A start tag with a line break or tab in a quoted value: the values and
    # runs before the first such value, that value, then the rest of the tag.
    # Each run of parts is taken whole and never given back, as an atomic
    # group would, by the lookahead-and-backreference idiom ("(?=(R))\1"), so
    # a tag without such a value fails at its first part that is none of
    # these, without backtracking.  Not possessive quantifiers or atomic
    # groups: CPython before 3.11.5 matches those wrongly (gh-100061,
    # gh-106052): with Debian 12's python3 (3.11.2) the possessive form of
    # this pattern found none of the 179 tags of libvirt-api.xml that hold a
    # line break, and every multi-line doc was read back with spaces for breaks.
    rb"""|<[A-Za-z_:\x80-\xff](?=((?:[^'"<>]+|'[^'<\n\t\r]*'|"[^"<\n\t\r]*"){0,%d}))\1"""
    rb"""(?:'[^'<\n\t\r]*[\n\t\r][^'<]*'|"[^"<\n\t\r]*[\n\t\r][^"<]*")"""
    rb"""(?=((?:[^'"<>]+|'[^'<]*'|"[^"<]*"){0,%d}))\2>""" % (_MAX_TAG_PARTS, _MAX_TAG_PARTS),
    re.DOTALL,
)
_DTD_TOKEN_RE = re.compile(rb"[\"'\[\]>]|<!--|<\?")
_DTD_CLOSE = {b'"': b'"', b"'": b"'", b"<!--": b"-->", b"<?": b"?>"}
_QUOTED_RE = re.compile(rb"'[^']*'|\"[^\"]*\"")
_DOCTYPE = b"<!DOCTYPE"
# How a line feed and a tab inside an attribute value reach the tree builder.
# Character references ("&#10;", "&#9;") are always right, but cost: pyexpat
# hands expat at most 1 MiB at a time, and expat scans a start tag again
# from its "<" each time more of it arrives, so a tag costs its size squared
# over 1 MiB, and references make it 4 to 5 times bigger (a 33 MB value of
# tabs: 165 MB, 7 s in expat).  So the first parse writes a mark instead,
# characters XML allows that libvirt never writes, DEL (one byte) and U+0080
# (two), which the builder turns back.
# Whether a mark in the values read was one of these is exact: the builder
# counts the marks in every attribute value expat reports (of left-out
# elements and DTD defaults too), and any other count than the number
# written means the file holds such a character itself (as a byte or a
# reference); that file, and one the first parse finds an error in, is then
# parsed again with character references, whose result is what counts.
# DEL goes to whichever of the two the file holds more of, so that a file of
# 32 MiB makes a tag of at most 48 MB (a tag of 32 MB of DEL: 0.4 s in expat,
# of 64 MB of U+0080: 3 s).
_MARKS = ("\x7f", "\x80")  # the more frequent, the other
_REFERENCES = (b"&#10;", b"&#9;")


def _marks_for(data: bytes) -> tuple[str, str]:
    """(line feed, tab) as marks for ``data`` (see :data:`_MARKS`)."""
    return _MARKS if data.count(b"\n") >= data.count(b"\t") else (_MARKS[1], _MARKS[0])


_BANG_OR_QUESTION = (ord("!"), ord("?"))


def _protect_attribute_whitespace(data: bytes) -> bytes:
    """``data`` with the newlines and tabs inside attribute values as character
    references (the second parse of :func:`_parse`; see :func:`_protect`)."""
    return _protect(data, _REFERENCES)[0]


def _protect(data: bytes, written: tuple[bytes, bytes]) -> tuple[bytes, int]:
    """Newlines and tabs inside attribute values replaced so the parser keeps them,
    and how many marks (see :data:`_MARKS`) were written.

    XML normalizes a literal newline in an attribute to a space, but the
    backend writes multi-line enum and field docs as attributes.  A raw
    line ending of another system (CR LF, CR) is a newline here too, as XML
    makes it before anything else, never a carriage return.  ``written``
    is what a line feed and a tab become: marks (:data:`_MARKS`, which the
    tree builder turns back) or character references.  Each
    line break taken out of a value is put back just before the tag's ``>``,
    where it is insignificant, followed by as many spaces as the tag's last
    line had before it, so every element keeps its line and column.
    Only the few tags holding a line break are rebuilt (179 of libvirt's
    8,552); the rest of the file is copied in slices.  Linear in the input:
    see _MARKUP_RE and :func:`_protected_value`.
    """
    pieces: list[bytes] = []
    marks = 0
    position = start = 0
    while start < len(data):
        resume = None
        for match in _MARKUP_RE.finditer(data, start):
            text = match.group(0)
            if text[1] in _BANG_OR_QUESTION:  # CDATA, comments, PIs stay as they are
                if text == _DOCTYPE:
                    resume = _dtd_end(data, match.end())
                    break
                continue
            tag, count = _protected_tag(text, written)
            pieces += (data[position : match.start()], tag)
            marks += count
            position = match.end()
        if resume is None:
            break
        start = resume
    if not pieces:
        return data, 0
    pieces.append(data[position:])
    return b"".join(pieces), marks


def _dtd_end(data: bytes, position: int) -> int:
    """Where the ``<!DOCTYPE`` whose name starts at ``position`` ends (or the input does)."""
    in_subset = False
    while (match := _DTD_TOKEN_RE.search(data, position)) is not None:
        token = match.group(0)
        position = match.end()
        close = _DTD_CLOSE.get(token)
        if close is not None:  # a literal, comment or PI: skipped whole, whatever it holds
            end = data.find(close, position)
            if end < 0:
                return len(data)
            position = end + len(close)
        elif token == b"[":
            in_subset = True
        elif token == b"]":
            in_subset = False
        elif not in_subset:  # the '>' of <!DOCTYPE ...>
            return position
    return len(data)


def _protected_tag(text: bytes, written: tuple[bytes, bytes]) -> tuple[bytes, int]:
    """The start tag ``text`` with its values protected, and how many line feeds and tabs were replaced."""
    breaks = marks = 0

    def quoted(value: re.Match[bytes]) -> bytes:
        nonlocal breaks, marks
        protected, line_feeds, tabs = _protected_value(value.group(0), written)
        breaks += line_feeds
        marks += line_feeds + tabs
        return protected

    body = _QUOTED_RE.sub(quoted, text)
    if not breaks:
        return body, marks
    end = -2 if body.endswith(b"/>") else -1
    last_line = text[max(text.rfind(b"\n"), text.rfind(b"\r")) + 1 : end]
    width = len(last_line.decode("utf-8", "replace"))  # expat counts columns in characters
    # The breaks go into a processing instruction after the tag, which expat
    # reads in linear time and the builder ignores (a start tag is scanned
    # again for each MiB of it that arrives, see _MARKS), ending as wide as
    # the tag's last line did.  Only a tag whose last line is its ">" alone
    # leaves no room for "?>", and keeps them inside, before the ">".
    spaces = width - end - 2  # "?>" then what followed the tag, at width - end + 1
    if spaces >= 0:
        return body + b"<?_" + b"\n" * breaks + b" " * spaces + b"?>", marks
    return body[:end] + b"\n" * breaks + b" " * width + body[end:], marks


def _protected_value(raw: bytes, written: tuple[bytes, bytes]) -> tuple[bytes, int, int]:
    """A quoted attribute value with its line feeds and tabs as ``written`` (marks
    or character references), and how many line feeds and tabs it held.

    A raw CR LF or lone CR is a line ending (XML 1.0 section 2.11): a line
    feed, as expat makes it everywhere else; only "&#13;" in the file is a
    carriage return.  Only bytes.replace and bytes.count, so linear at C
    speed with a few copies of the value: a regex substitution with a
    callable per break cost 0.6 us and about 90 bytes of memory per break
    (a 33 MB value of tabs: 22 s and 3 GB)."""
    value = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    line_feeds, tabs = value.count(b"\n"), value.count(b"\t")
    if not line_feeds + tabs:
        return value, 0, 0
    return value.replace(b"\n", written[0]).replace(b"\t", written[1]), line_feeds, tabs


def _error_place(data: bytes, encoding: str | None, error: expat.ExpatError) -> tuple[int, int, int]:
    """Where expat finds ``error`` in the file as written, and its code: the text parsed
    had the line breaks of multi-line tags moved after each tag (:func:`_protect`),
    so a place inside such a tag could be past the end of its line.  Found again on the
    original bytes (the same error: only whitespace inside attribute values differed,
    and the processing instructions that hold the breaks)."""
    again = expat.ParserCreate(encoding, intern=None)
    try:
        again.Parse(data, True)
    except expat.ExpatError as found:
        return found.lineno, found.offset + 1, found.code
    return error.lineno, error.offset + 1, error.code


def _parse(path: str, name: str, findings: _Findings) -> _Document:
    """``path`` parsed; every position names the file ``name``."""
    data = _read_bytes(path, name)
    utf8 = _as_utf8(data, name)
    text = utf8 if utf8 is not None else data
    marked = _marks_for(text)
    protected, marks = _protect(text, (marked[0].encode(), marked[1].encode()))
    if marks:  # see _MARKS: the first parse is right when it met exactly the marks written
        try:
            document, seen = _parse_protected(protected, text, utf8 is not None, name, findings, marked)
        except FrontendError:
            seen = -1  # said again by the parse with references, exactly as written
        if seen == marks:
            return document
        findings.clear()
        protected = _protect_attribute_whitespace(text)
    return _parse_protected(protected, text, utf8 is not None, name, findings, None)[0]


def _parse_protected(
    protected: bytes, data: bytes, utf8: bool, name: str, findings: _Findings, marks: tuple[str, str] | None
) -> tuple[_Document, int]:
    """The document of ``protected`` (``data`` after :func:`_protect`, with ``marks``
    for line feeds and tabs, or references), and how many marks the builder met."""
    # intern=None: no table of every distinct name seen, which a file of junk names would grow without end.
    parser = expat.ParserCreate("UTF-8" if utf8 else None, intern=None)
    builder = _TreeBuilder(parser, name, findings, marks)
    parser.buffer_text = True
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.CommentHandler = builder.comment_seen
    parser.ExternalEntityRefHandler = builder.external_entity
    parser.SkippedEntityHandler = builder.skipped_entity
    parser.NotStandaloneHandler = builder.not_standalone
    parser.StartDoctypeDeclHandler = builder.doctype
    try:
        parser.Parse(protected, True)
    except expat.ExpatError as error:
        line, col, code = _error_place(data, "UTF-8" if utf8 else None, error)
        raise FrontendError(f"not well-formed XML: {expat.ErrorString(code)}", name, line, col) from None
    builder.repeated()
    if builder.root is None:  # pragma: no cover - expat reports "no element found" first
        raise FrontendError("no root element", name, 1, 1)
    return _Document(builder.root, builder.comment), builder.marks


# --- one file: one module ----------------------------------------------------

_SOURCE_RE = re.compile(r"^ generated by virt-apigen from (.*); do not edit $", re.DOTALL)
_INTEGER_RE = re.compile(r"-?[0-9]+")
# A type as libvirt's files and the export spell one: words (identifiers and
# keywords: "const char", "struct _virX"), "*", and after a field's name its
# array sizes, "[VIR_UUID_BUFLEN]", "[2][3]", "[N + 1]", with spaces between
# them.  Anything else ("int); import os", "}}{{") is a warning, not an error:
# a new spelling C allows (a function pointer) should not stop a run.  Checked
# with character classes only (no alternation to backtrack into), so a
# hostile type of megabytes costs milliseconds.
_TYPE_SIZE_RE = re.compile(r"\[[A-Za-z0-9_ +\-*/%()<>|&^~]*\]")
# words, pointers and, for a pointer to a function (``int (*)(int, void *)``, as the export writes
# a callback field or parameter), parentheses, commas and "..." (its varargs)
_TYPE_CHARS_RE = re.compile(r"[A-Za-z0-9_ \t*(),]*")
_DIGIT_FIRST_RE = re.compile(r"(?<![A-Za-z0-9_])[0-9]")  # a word starting with a digit


def _is_c_type(spelled: str) -> bool:
    """``spelled`` is a type as C spells one (see _TYPE_SIZE_RE)."""
    outside = _TYPE_SIZE_RE.sub(" ", spelled).replace("...", " ")
    if _TYPE_CHARS_RE.fullmatch(outside) is None or outside.count("(") != outside.count(")"):
        return False
    return _DIGIT_FIRST_RE.search(outside) is None and not outside.isspace()


_WORD_CHAR_RE = re.compile(r"\w")


# Our own, not xml.sax.saxutils.unescape: importing that module pulls in
# urllib.request and http.client (17 ms of every --api-xml run).
_ENTITY_RE = re.compile(r"&(lt|gt|apos|quot|amp|#45|#13);")
# #45: xml_comment's "-"; #13: its carriage return (xml_attr's), which a comment would read back as a line feed
_ENTITIES = {"lt": "<", "gt": ">", "apos": "'", "quot": '"', "amp": "&", "#45": "-", "#13": "\r"}


def _unescape(text: str) -> str:
    """The text of an XML comment or attribute our backend escaped (xml_attr, xml_comment)."""
    return _ENTITY_RE.sub(lambda match: _ENTITIES[match.group(1)], text)


def _source(comment: str | None, module: str) -> tuple[str, list[str]]:
    """(syms file, header folders) from the backend's generated comment.

    An export of a source tree names its ``.syms`` file and header folders
    (``src/libvirt_public.syms, include/libvirt/*.h``).  An export made from
    XML names that XML file instead (``libvirt-api.xml``: every backend names
    only what it read, see ``generator.backends.source_text``), which is
    neither: such a part is no ``.syms`` file, so reading an export of an
    export gives ``("", [])``, as libvirt's own files (no comment) do.  So
    does the module's bare name, written before XML input was named."""
    match = _SOURCE_RE.match(comment or "")
    if match is None:
        return "", []
    parts = _unescape(match.group(1)).split(", ")
    folders = [p[: -len("*.h")] for p in parts if p.endswith("/*.h")]
    others = [p for p in parts if not p.endswith(("/*.h", ".xml"))]
    syms = others[0] if others and others != [module] else ""
    return syms, folders


def _header_paths(names: list[str], folders: list[str]) -> dict[str, str]:
    """A path for each header that gives back the same set of folders.

    The one case of several folders the frontend makes, a build folder's
    configured ``libvirt-common.h`` named with a tree's headers
    (:func:`.tree.from_files`), is read back as such: ``libvirt-common`` in
    the folder that is not ``include/libvirt/``, every other header there;
    by name order, a build folder sorting after ``include/`` (``zz/``) got
    every header but one."""
    main = "include/libvirt/"
    if len(folders) == 2 and main in folders and "libvirt-common" in names:
        other = folders[1 - folders.index(main)]
        return {name: f"{other if name == 'libvirt-common' else main}{name}.h" for name in names}
    paths: dict[str, str] = {}
    for index, name in enumerate(sorted(names)):
        folder = folders[min(index, len(folders) - 1)] if folders else ""
        paths[name] = f"{folder}{name}.h"
    return paths


class _FileReader:
    """Turns one parsed file into a :class:`Module` (cross-file facts come later)."""

    def __init__(self, path: str, document: _Document, findings: _Findings) -> None:
        self.path = path
        self.document = document
        self.findings = findings

    def where(self, node: _Node) -> Location:
        return Location(self.path, node.line, node.col)

    def warn(self, node: _Node, message: str, rule: str = "apixml-input") -> None:
        self.findings.add(self.where(node), message, rule)

    def error(self, node: _Node, message: str) -> FrontendError:
        return FrontendError(message, self.path, node.line, node.col)

    def required(self, node: _Node, *names: str) -> None:
        """Warn about each attribute the schema requires that ``node`` lacks (it is then read as "")."""
        for name in names:
            if name not in node.attrs:
                owner = f" name='{node.attrs['name']}'" if node.get("name") else ""
                self.warn(node, f"<{node.tag}{owner}> has no '{name}' attribute: read as empty")

    def type_of(self, node: _Node) -> str:
        """``node``'s ``type`` ("" when missing), with a warning when it is no C type
        spelling (see :func:`_is_c_type`): it ends up in generated code and docs."""
        spelled = node.get("type") or ""
        if spelled and not _is_c_type(spelled):
            owner = f" name='{_shown(node.attrs['name'])}'" if node.get("name") else ""
            self.warn(node, f"the type '{_shown(spelled)}' of <{node.tag}{owner}> is no C type spelling: it is kept as it is")
        return spelled

    def named(self, nodes: Iterable[_Node]) -> Iterator[tuple[str, _Node]]:
        for node in nodes:
            name = node.get("name")
            if name:
                yield name, node
            else:
                self.warn(node, f"<{node.tag}> without a name ignored")

    def distinct(self, nodes: Iterable[_Node], what: str) -> list[tuple[str, _Node]]:
        """``named(nodes)``, refusing a name given twice at the second, as the C
        frontend (and a C compiler) refuses a parameter or member name given
        twice: generated code would repeat it (``def f(self, flags, flags)`` does
        not even import), and a binding would read the wrong one."""
        named = list(self.named(nodes))
        seen: set[str] = set()
        for name, node in named:
            if name in seen:
                raise self.error(node, f"duplicate {what} '{name}'")
            seen.add(name)
        return named

    def module(self) -> Module:
        root = self.document.root
        name = root.get("name") or ""
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
                self.findings.add(item.location, message, "apixml-duplicate", first.location)
        return tuple(sorted(unique.values(), key=lambda item: item.name))

    def check_files(self, symbols: list[_Node], known: set[str]) -> None:
        for node in symbols:
            file = node.get("file")
            if file in known:
                continue
            owner = f" name='{_shown(node.attrs['name'])}'" if node.get("name") else ""
            if file is None:
                self.warn(node, f"<{node.tag}{owner}> has no 'file' attribute")
            else:
                self.warn(node, f"<{node.tag}{owner}> is in file '{_shown(file)}', which has no <file> entry")

    def headers(self, files: list[_Node], folders: list[str]) -> tuple[Header, ...]:
        named = dict(self.named(files))
        paths = _header_paths(list(named), folders)
        headers = []
        for name, node in named.items():
            summary, description = _child_text(node, "summary"), _child_text(node, "description")
            if node.find("deprecated") is not None and "DEPRECATED" not in description:
                self.warn(node, f"file '{name}' is marked <deprecated/> but its description does not say DEPRECATED: the mark is derived and will be lost")
            headers.append(Header(name, summary, description, Location(paths[name], 0, 0)))
        # by file name ("libvirt-domain-checkpoint.h" before "libvirt-domain.h"), as the sources give them
        return tuple(sorted(headers, key=lambda h: (h.location.file.rsplit("/", 1)[-1], h.location.file)))

    def macro(self, node: _Node) -> Macro:
        params = node.get("params")
        string = node.get("string")
        raw = node.get("raw")
        if string is None and raw is None:
            self.warn(node, f"macro '{node.attrs['name']}' has neither string nor raw")
        elif string is not None and raw is not None:  # the export writes one; raw is the string quoted
            self.warn(node, f"macro '{node.attrs['name']}' has both string and raw: raw is ignored (it is read as the string quoted)")
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
            name=node.attrs["name"], enum=self.type_of(node), header=node.get("file") or "", value=value,
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
            if len(text) > _MAX_INITIALIZER:
                message = f"the value of '{node.attrs['name']}' is longer than {_MAX_INITIALIZER} characters: not a C enum initializer"
                raise self.error(node, message)
            return None, text  # an initializer; its value is resolved later
        value = _integer(text)
        if value is None and re.fullmatch(r"-?0[0-7]*[89][0-9]*", text):
            message = f"the value {_shown(text)} of '{node.attrs['name']}' is not a C integer: a leading 0 makes it octal, which has no digit 8 or 9"
            raise self.error(node, message)
        if value is None or cvalues.bounded(value) is None:
            raise self.error(node, f"the value {_shown(text)} of '{node.attrs['name']}' does not fit in 64 bits: not a C enum value")
        hex_text = node.get("value_hex")
        if hex_text is not None and hex_text != hex(value):
            self.warn(node, f"value_hex '{_shown(hex_text)}' does not match value '{text}'; it is recomputed from the value")
        if shift is None:
            return value, text
        if not (shift.isascii() and shift.isdigit()):
            self.warn(node, f"value_bitshift '{_shown(shift)}' is not a non-negative integer; it is recomputed from the value")
            return value, text
        # Bounded: a shift of more than _MAX_DIGITS digits is past 64 bits anyway; evaluate() refuses
        # any result of 2**64 or more, and reads "010" as C does (8), as the expression below is read.
        if len(shift) > _MAX_DIGITS or evaluate(f"1 << {shift}", {}) != value:
            self.warn(node, f"value_bitshift '{_shown(shift)}' does not match value '{text}'; it is recomputed from the value")
            return value, text
        return value, f"1 << {shift}"

    def enum(self, node: _Node, member_names: list[str]) -> Enum_:
        return Enum_(
            name=node.attrs["name"], header=node.get("file") or "", members=tuple(dict.fromkeys(member_names)),
            since=node.get("version") or "", doc=_child_text(node, "info"), location=self.where(node),
        )

    def typedef(self, node: _Node) -> Typedef:
        self.required(node, "type")
        info = _child_text(node, "info")
        return Typedef(node.attrs["name"], node.get("file") or "", self.type_of(node), node.get("version") or "", info, self.where(node))

    def struct(self, node: _Node, bodies: dict[str, str]) -> Struct:
        self.required(node, "type")
        spelled = self.type_of(node)
        tag = spelled[len("struct "):] if spelled.startswith("struct ") else spelled
        opaque = not node.children and node.chunks is None and not node.skipped
        fields = None if opaque else tuple(self.field(f) for _, f in self.distinct(node.findall("field"), "member"))
        return Struct(
            name=node.attrs["name"], header=node.get("file") or "", tag=tag, fields=fields,
            body_header=bodies.get(tag) if fields is not None else None,
            since=node.get("version") or "", doc="", location=self.where(node),
        )

    def field(self, node: _Node) -> Field:
        self.required(node, "type")
        name = node.attrs["name"]
        spelled = self.type_of(node)
        union_node = node.find("union")
        # Recursion is bounded: the tree builder refuses unions nested deeper than _MAX_UNION_DEPTH.
        union = tuple(self.field(f) for _, f in self.distinct(union_node.findall("field"), "member")) if union_node is not None else None
        array = _array(spelled, name)
        size = None
        if array is not None:
            spelled, size = array
        return Field(name, spelled, size, node.get("info") or "", union, False, self.where(node))

    def variable(self, node: _Node) -> Variable:
        # The backend writes "\n " for each newline of the doc.
        self.required(node, "type")
        doc = re.sub(r"\n ", "\n", _child_text(node, "info"))
        return Variable(node.attrs["name"], node.get("file") or "", self.type_of(node), node.get("version") or "", doc, self.where(node))

    def params(self, node: _Node) -> tuple[Param, ...]:
        """Every ``<arg>``, in order, an unnamed one too: a parameter's place is
        part of the ABI, and a header may leave it unnamed (libvirt 12.8.0's
        ``virStreamRecvHole(virStreamPtr, ...)``), which the export writes as
        ``name=''``.  A name given twice is refused (:meth:`distinct`)."""
        args = node.findall("arg")
        self.distinct((a for a in args if a.get("name")), "parameter name")
        for arg in args:
            self.required(arg, "name")
        return tuple(self.param(a.get("name") or "", a) for a in args)

    def param(self, name: str, node: _Node) -> Param:
        self.required(node, "type")
        return Param(name, self.type_of(node), node.get("info") or "", self.where(node))

    def returns(self, node: _Node) -> tuple[str, str]:
        ret = node.find("return")
        if ret is None:
            self.warn(node, f"{node.tag} '{node.get('name')}' has no <return>: its return type is unknown (the export leaves it out when the doc is empty)")
            return "", ""
        if "type" not in ret.attrs:
            self.warn(ret, f"<return> of '{node.attrs['name']}' has no 'type' attribute: read as empty")
        return self.type_of(ret), ret.get("info") or ""

    def function(self, node: _Node) -> Function:
        return_type, return_doc = self.returns(node)
        info = node.find("info")
        version = node.get("version") or ""
        return Function(
            name=node.attrs["name"], header=node.get("file") or "", module=node.get("module") or node.get("file") or "",
            return_type=return_type, return_doc=return_doc, ownership=Ownership.NONE, params=self.params(node),
            description=info.text if info is not None else "", since=version, version=version,
            flags_enums=(), deprecated=doc_deprecated(info.text if info is not None else "") or return_doc_deprecated(return_doc), location=self.where(node),
            doc_location=self.where(info if info is not None else node),
            acls=self.acls(node),
        )

    def functype(self, node: _Node) -> FuncType:
        return_type, return_doc = self.returns(node)
        return FuncType(
            name=node.attrs["name"], header=node.get("file") or "", return_type=return_type, return_doc=return_doc,
            params=self.params(node), description=_child_text(node, "info"), since=node.get("version") or "",
            location=self.where(node),
        )

    def acls(self, function: _Node) -> tuple[Acl, ...]:
        """``<acls>`` back as the model spells them (underscores, as in the .x file).

        ``flags=''`` is how the XML says "a condition on a parameter" without
        saying which; the condition is then ``?`` (known to exist, not known)."""
        rules = [child for acls in function.findall("acls") for child in acls.children if child.tag in ("check", "filter")]
        for rule in rules:
            self.required(rule, "object", "perm")
        return tuple(_acl(rule) for rule in rules)


def _acl(rule: _Node) -> Acl:
    flags = rule.get("flags")
    condition = "?" if flags == "" else ""
    return Acl(rule.tag, (rule.get("object") or "").replace("-", "_"), (rule.get("perm") or "").replace("-", "_"), flags or "", condition)


def _array(spelled: str, name: str) -> tuple[str, str] | None:
    r"""(element type, size) of a field whose type is spelled ``type name[size]``,
    as the backend writes an array field; None when it is not one.  An array
    of arrays (``char grid[2][3]``) gives the innermost element type and
    every bound, ``("char", "2][3")``, as the C frontend models it.

    The rule of the regular expression ``(.+?) ?(\w+)((?:\[[^\]]*\])+)``
    (the word before the sizes must be ``name``), without its quadratic time
    on a long type: the sizes are the brackets after the last ']' that no
    '[' follows, the first '[' among them that follows a word opens them,
    and the type is the shortest non-empty text before that word and one
    optional space."""
    if not spelled.endswith("]"):
        return None
    body = spelled[:-1]
    closing = body.rfind("]")
    while closing >= 0 and body.startswith("[", closing + 1):  # "][" between two sizes: further back
        closing = body.rfind("]", 0, closing)
    bracket = body.find("[", closing + 1)
    while bracket >= 0:
        word = bracket  # the start of the word before the '['; each character is looked at once over all brackets
        while word > 0 and _WORD_CHAR_RE.match(body[word - 1]):
            word -= 1
        if word < bracket and bracket >= 2:
            break
        bracket = body.find("[", bracket + 1)
    else:
        return None
    if word == 0:
        type_end = word = 1  # the type is at least one character
    elif word >= 2 and body[word - 1] == " ":
        type_end = word - 1
    else:
        type_end = word
    spelled_type = body[:type_end]
    if body[word:bracket] != name or "\n" in spelled_type:
        return None
    return spelled_type, body[bracket + 1 :]


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


# Bounds on what an initializer may be: libvirt's longest is 41 characters.
# They keep a hostile file from costing the stack (the parser of
# .cvalues recurses on parentheses); the values are bounded there (no
# intermediate result of 2**64 or more is computed: the value is unknown).
_MAX_INITIALIZER = 512  # characters
_MAX_NESTING = 100  # parentheses, ?: and precedence rises inside one another
_MAX_DIGITS = 21  # a decimal value with more (sign included) cannot fit (value_bitshift's bound)
_MAX_LITERAL = 24  # the longest 64-bit literal value: "-0" and 22 octal digits, -01000000000000000000000


def _integer(text: str) -> int | None:
    """A ``value`` of digits (a minus first, perhaps) read as C reads the constant
    (:func:`.cvalues.int_literal`): a leading 0 makes it octal, ``010`` is 8, as
    the expression kept (``"010"``) says in C; None when C reads no integer
    there (``09``) or it is longer than :data:`_MAX_LITERAL` (leading zeros
    included: a hostile value of a million digits costs nothing)."""
    if len(text) > _MAX_LITERAL:
        return None
    negative = text.startswith("-")
    value = cvalues.int_literal(text[1:] if negative else text)
    return -value if negative and value is not None else value


class _NoValue(Exception):
    """The initializer is no C expression read here."""


class _Unreasonable(_NoValue):
    """An initializer beyond the bounds above; its message says which."""


def evaluate(expression: str, values: dict[str, int]) -> int | None:
    """The value of a C integer initializer over known member values, by the
    C frontend's rules (:mod:`.cvalues`), or None (also for one beyond the
    bounds above)."""
    try:
        return cvalues.value(_parsed(expression), values)
    except _NoValue:
        return None


def _parsed(expression: str, types: frozenset[str] = frozenset()) -> cvalues.Expression:
    if len(expression) > _MAX_INITIALIZER:
        raise _Unreasonable(f"is longer than {_MAX_INITIALIZER} characters")
    try:
        return cvalues.parse(expression, types, _MAX_NESTING)
    except cvalues.TooDeep as error:
        raise _Unreasonable(str(error)) from None
    except cvalues.NotAnExpression:
        raise _NoValue from None


def _member_values(modules: list[Module]) -> dict[str, int]:
    """Every member's integer value, initializers resolved through the others.

    Each initializer is evaluated once, after the pending members it names
    (depth first, with a stack of our own rather than recursion, so that a
    chain of thousands of members costs one pass); a member in a cycle has no value.
    A cast to a type of the files read (``(virFoo) 3``) is one, as in C."""
    values = {m.name: m.value for module in modules for m in module.members if m.value is not None}
    pending = {m.name: m for module in modules for m in module.members if m.value is None and m.expression}
    types = frozenset(_type_names(modules)) | frozenset(cvalues.LIBRARY_TYPES)  # and those the C frontend declares itself
    trees: dict[str, cvalues.Expression | None] = {}  # visited; those not yet done are on the stack
    done: set[str] = set()
    for first in pending:
        stack = [first]
        while stack:
            name = stack[-1]
            if name in done:
                stack.pop()
            elif name not in trees:
                trees[name] = tree = _initializer(pending[name], types)
                if tree is not None:  # the names it needs go first; those visited already are done or in a cycle
                    stack += [n for n in cvalues.names(tree) if n in pending and n not in trees]
            else:
                stack.pop()
                done.add(name)
                tree = trees[name]
                value = cvalues.value(tree, values) if tree is not None else None
                if value is not None:
                    values[name] = value
    return values


def _type_names(modules: list[Module]) -> Iterator[str]:
    for module in modules:
        for kind in (module.typedefs, module.enums, module.structs, module.functypes):
            yield from (item.name for item in kind)


def _initializer(member: EnumMember, types: frozenset[str]) -> cvalues.Expression | None:
    try:
        return _parsed(member.expression, types)
    except _Unreasonable as error:
        raise _unreasonable(member, error) from None
    except _NoValue:
        return None


def _unreasonable(member: EnumMember, error: _Unreasonable) -> FrontendError:
    where = member.location
    return FrontendError(f"the initializer of '{member.name}' {error}: not a C enum value", where.file, where.line, where.col)


def _groups(module: Module) -> list[list[EnumMember]]:
    """Members by enum, in ``Enum_.members`` order; a member of an unknown type is alone."""
    by_name = {m.name: m for m in module.members}
    groups = [[by_name[n] for n in e.members if n in by_name] for e in module.enums]
    grouped = {m.name for group in groups for m in group}
    return groups + [[m] for m in module.members if m.name not in grouped]


@dataclass(frozen=True, slots=True)
class _Index:
    """What the frontend looks up across the whole API."""

    values: dict[str, int]
    enums: frozenset[str]
    member_enums: dict[str, str]  # member name -> its enum's name, for bit enums (rules.bit_enum_members)
    typedefs: dict[str, str]
    opaque: dict[str, bool]  # struct typedef name -> has no public fields
    functions: frozenset[str]

    @classmethod
    def of(cls, modules: list[Module]) -> _Index:
        return cls(
            values=_member_values(modules),
            enums=frozenset(e.name for m in modules for e in m.enums),
            member_enums=bit_enum_members((member.name, member.enum, member.value) for m in modules for member in m.members),
            typedefs={t.name: t.type for m in modules for t in m.typedefs},
            opaque={s.name: s.fields is None for m in modules for s in m.structs},
            functions=frozenset(f.name for m in modules for f in m.functions),
        )


# A release as libvirt spells it; anything else (empty, hostile) is an unknown release.
_RELEASE_RE = re.compile(r"\d{1,9}(?:\.\d{1,9}){0,3}")


def _release(since: str) -> tuple[int, tuple[int, ...]]:
    """A sort key: known releases in order ("0.9.5" < "0.10.0"), then unknown ones."""
    if _RELEASE_RE.fullmatch(since) is None:
        return (1, ())
    return (0, tuple(int(part) for part in since.split(".")))


def _declaration_order(group: list[EnumMember], values: dict[str, int]) -> list[EnumMember]:
    """One enum's members (in document order) in the best guess at the header's order.

    By value, then release, then document order; members whose value is not
    known follow, in document order.  A member with no value at all stays
    right after the member before it in the document, unless that one is
    numbered or there is none: it then goes after the last member that is
    not numbered, if any (see the module docstring)."""
    position = {m.name: i for i, m in enumerate(group)}

    def key(member: EnumMember) -> tuple[int, tuple[int, tuple[int, ...]], int]:
        return (values[member.name], _release(member.since), position[member.name])

    valued = sorted((m for m in group if m.name in values), key=key)
    ordered = valued + [m for m in group if m.name not in values and m.expression]
    following: dict[str | None, list[EnumMember]] = {}  # member before in the document -> value-less ones after it
    misplaced: list[EnumMember] = []  # where the export cannot have left a value out
    before: EnumMember | None = None
    for member in group:
        if member.name in values or member.expression:
            before = member
        else:
            following.setdefault(before.name if before is not None else None, []).append(member)
            if before is None or _numbered(before, values):
                misplaced.append(member)
    if not following:
        return ordered
    anchor = next((m.name for m in reversed(ordered) if not _numbered(m, values)), None)
    if misplaced and anchor is not None:
        moved = {m.name for m in misplaced}
        following = {k: [m for m in after if m.name not in moved] for k, after in following.items()}
        following.setdefault(anchor, []).extend(misplaced)
    placed = list(following.get(None, ()))
    for member in ordered:
        placed += [member, *following.get(member.name, ())]
    return placed


def _numbered(member: EnumMember, values: dict[str, int]) -> bool:
    """Whether the backend numbers a member without a value right after ``member``: after one it prints as a
    number, but for the largest value of a C type (``TYPE_MAXIMA``, gcc's overflow: the member after
    ``0x7fffffff`` is written without a value, and placed after a numbered one it would read back with a
    guessed number on the next export), a negative one (``~0U``, -1 in the model: ``may_end_numbering``)
    and ``2**64 - 1`` (no C type holds the next)."""
    if member.name not in values or prints_verbatim(member.expression):
        return False
    value = values[member.name]
    return not may_end_numbering(value) and next_implicit_value(value) is not None


def _in_declaration_order(enum: Enum_, by_name: dict[str, EnumMember], index: _Index) -> Enum_:
    # Only the members kept of that type: of a name given twice with two types
    # the first is kept (apixml-duplicate), and listing it under both enums
    # made it a member twice.
    group = [by_name[n] for n in enum.members if n in by_name and by_name[n].enum == enum.name]
    return replace(enum, members=tuple(m.name for m in _declaration_order(group, index.values)))


def _complete_group(group: list[EnumMember], index: _Index) -> list[EnumMember]:
    """Values, aliases (the frontend's rule, on the guessed declaration order) and sentinels of one enum."""
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
    """Members with no value that the backend would number from the one before: in an enum's list only (a
    member of an anonymous or unknown enum is written with its own value, or none)."""
    for group in _groups(module)[: len(module.enums)]:
        number: int | None = -1  # what the backend numbers from: it starts from -1, stops past 2**64 - 1
        for member in group:
            if member.expression:
                number = member.value if member.value is not None and not prints_verbatim(member.expression) else None
            elif may_end_numbering(number):  # the backend writes none there (gcc's overflow, see backends.apixml)
                number = None
            elif (number := next_implicit_value(number)) is not None:
                message = f"'{member.name}' has no value but follows a numbered member in document order: it will be exported with one"
                yield Diagnostic(member.location, "warning", message, "apixml-order")


def _said(diagnostic: Diagnostic, said: dict[str, str]) -> Diagnostic:
    """``diagnostic`` with its file, and the other place its message names, as the command line named them."""
    where, other = diagnostic.location, diagnostic.other
    if where.file not in said and (other is None or other.file not in said):
        return diagnostic
    location = replace(where, file=said[where.file]) if where.file in said else where
    if other is None or other.file not in said:
        return replace(diagnostic, location=location)
    named = replace(other, file=said[other.file])
    return replace(diagnostic, location=location, message=other_named(diagnostic, named), other=named)


def _flags_enums(function: Function, index: _Index) -> tuple[str, ...]:
    flags = next((p for p in function.params if p.name == "flags"), None)
    return flags_enums(flags.doc, index.enums, index.member_enums) if flags is not None else ()


def _with_derived(function: Function, index: _Index, names: frozenset[str]) -> Function:
    owner, releaser = ownership(function.return_type, index.typedefs, index.opaque, function.return_doc, names, function.description)
    return replace(function, ownership=owner, releaser=releaser, flags_enums=_flags_enums(function, index))


def _complete(module: Module, index: _Index) -> Module:
    by_name = {m.name: m for m in module.members}
    module = replace(module, enums=tuple(_in_declaration_order(e, by_name, index) for e in module.enums))
    members = [m for group in _groups(module) for m in _complete_group(group, index)]
    functions = (_with_derived(f, index, index.functions) for f in module.functions)
    return replace(module, members=tuple(sorted(members, key=lambda m: m.name)), functions=tuple(functions))


def _module_order(module: Module) -> tuple[int, str]:
    known = module.name in MODULE_NAMES
    return (MODULE_NAMES.index(module.name) if known else len(MODULE_NAMES), module.name)


# --- entry point -------------------------------------------------------------


def _read_module(path: str, name: str, findings: _Findings) -> Module:
    document = _parse(path, name, findings)
    root = document.root
    if not root.get("name"):
        raise FrontendError("<api> has no name attribute, so the module is unknown", name, root.line, root.col)
    return _FileReader(name, document, findings).module()


def _place(path: str) -> tuple[str, str]:
    """The real folder holding ``path`` (symlinks followed; the file's own name
    is not) and the file's name in it.  A path spelled as a folder (``.``,
    ``..``, ``x/``, ``x/.``) names no file in a folder: it is its own folder
    with the name ``""``, so that the error about it (a folder, not a file)
    names it ``.``.  Taken apart as ``abspath`` gives the folder and the
    typed path its last step, ``.`` was the name ``.`` in the folder above
    the current one, and the error named ``..``."""
    name = os.path.basename(path)
    if name in ("", ".", ".."):
        return _real(os.path.abspath(path)), ""
    return _real(os.path.dirname(os.path.abspath(path))), name


def _real(folder: str) -> str:
    """``os.path.realpath(folder)``, except that ``/proc/self`` stays itself:
    ``/dev/fd/63`` (bash's ``<(...)``) would be in ``/proc/PID/fd``, another
    folder in the forked reader than in the CLI, and the file's name in every
    output would hold a process ID (it is ``63``)."""
    real = os.path.realpath(folder)
    own = f"/proc/{os.getpid()}"
    return "/proc/self" + real[len(own) :] if real == own or real.startswith(own + "/") else real


def xml_root(paths: list[str]) -> str:
    """The folder XML inputs are named relative to in the model (and so in every
    output): the deepest folder holding them all (a path spelled as a
    folder, ``.``, holds itself: :func:`_place`), symlinks in the folders
    followed (``lnk/a.xml`` and ``real/b.xml``, ``lnk`` a symlink to
    ``real``, are in one folder), relative when every path was typed
    relative (``.`` for the current folder), else absolute.  As with
    :func:`~generator.frontend.tree.files_root`, ``libvirt-api.xml`` and
    ``/tmp/x/libvirt-api.xml`` are then both ``libvirt-api.xml`` in the
    model: outputs do not depend on the working folder or on how a path was
    typed.  When that folder is ``/`` (the files share no other), each file
    is named by its file name alone (see :func:`_input_names`).  Only the
    first name of a file named twice counts (:func:`.tree.distinct_files`),
    so a second name (a symlink elsewhere) does not move the root.  The CLI
    joins it back to a location's file to print a path an editor opens from
    the current folder."""
    paths = [path for path in distinct_files(paths) if not _is_pipe(path)]
    folders = [_place(path)[0] for path in paths]
    common = os.path.commonpath(folders) if folders else os.getcwd()
    if any(os.path.isabs(path) for path in paths):
        return common
    return os.path.relpath(common)


def _is_pipe(path: str) -> bool:
    """Whether ``path`` is a descriptor of this process (bash's ``<(...)``,
    ``/dev/fd/63``): its name is a number the shell picked, not a file's, so
    it is named by its place among such inputs (:func:`_pipe_names`) and
    moves no root."""
    return _place(path)[0] == "/proc/self/fd"


def _pipe_names(paths: list[str]) -> dict[str, str]:
    """The model's name of each descriptor input: ``(pipe)``, or ``(pipe 1)``,
    ``(pipe 2)``... in the order given when there are several.  Decided so
    that the outputs' bytes do not depend on which descriptor number a shell
    picks (bash counts down from 63, zsh up from 11), and the banner says
    what the input was."""
    pipes = [path for path in paths if _is_pipe(path)]
    if len(pipes) == 1:
        return {pipes[0]: "(pipe)"}
    return {path: f"(pipe {count})" for count, path in enumerate(pipes, 1)}


def _input_names(paths: list[str], root: str | None) -> list[tuple[str, str]]:
    """(name in the model, name in diagnostics and errors) of each file.

    Relative to ``root`` (as typed when it is None), except when ``root`` is
    ``/``: files that share no folder below it (``/usr/share/libvirt/api/``
    and ``/tmp/x/``) would be named by every folder of their absolute paths
    (``tmp/x/libvirt-qemu-api.xml`` in each output), which differ from one
    machine to the next.  There each is named by its file name alone in the
    model, and by its absolute path in what the reader says (the CLI prints
    a path starting with ``/`` as it is, so it opens).  Two such files of
    one file name are an error, at the second: named alike in every output,
    they could not be told apart (copy them into one folder, under other
    names).  Diagnostics made later from the model (``check``'s rules) name
    such a file by its file name joined to ``/``."""
    if root is None:
        return [(path, path) for path in paths]
    pipes = _pipe_names(paths)
    base = _real(root)
    if base != os.sep:
        return [(pipes.get(path) or os.path.relpath(os.path.join(*_place(path)), base), _as_typed(path, root)) for path in paths]
    names: list[tuple[str, str]] = []
    first: dict[str, str] = {}  # file name -> the absolute path named so first
    for path in paths:
        if path in pipes:
            names.append((pipes[path], path))
            continue
        name, shown = os.path.basename(path), os.path.normpath(os.path.abspath(path))
        if name in first:
            message = f"two XML files that share no folder are both named '{_shown(name)}' (also {first[name]}): put them in one folder under different names"
            raise FrontendError(message, shown)
        first[name] = shown
        names.append((name, shown))
    return names


def _as_typed(path: str, root: str) -> str:
    """``path`` as diagnostics name it: as typed (folded, ``./x//a.xml`` is
    ``x/a.xml``), not through the real folders the model's names follow, as
    a header given through a symlinked folder is named (QA, session 32:
    ``lnk/bad.xml`` was reported as ``real/bad.xml``, ``/bin/ls`` as
    ``/usr/bin/ls``).  The CLI prints a relative name joined to ``root``, so
    a relative one is relative to it."""
    if os.path.isabs(path):
        return os.path.normpath(path)
    return os.path.relpath(os.path.abspath(path), os.path.abspath(root))


def check_written_names(paths: list[str], root: str) -> None:
    """Each file's name in the model (relative to ``root``, :func:`_input_names`)
    passes the rule a header's name does, else its error (``the file name is
    not valid UTF-8``, ``... holds the control character U+0001``, the odd
    bytes escaped), before anything is read.  For the commands that write
    outputs (``api``, ``generate``): every one of them names the XML file
    ("generated by virt-apigen from X", each JSON location), in UTF-8, and
    encoding a name that is not failed with a traceback; a control character
    made the XML unwritable, an error that named the output as if it were
    the input.  ``check`` and ``diff`` print paths as their bytes, so they
    read such a file; and a folder above ``root`` is named in no output."""
    for name, said in _input_names(distinct_files(paths), root):
        require_writable_name(name, said)


def load_api_xml(paths: list[str], root: str | None = None) -> Result:
    """Read ``libvirt-api.xml``-schema files, one module each, into one :class:`Api`.

    Locations, diagnostics and errors name each file relative to ``root``
    (the CLI passes :func:`xml_root`); None names them as given in ``paths``.
    The inputs are a set of files, as explicit FILEs are: one named twice
    (``x.xml x.xml``, ``./x.xml`` and ``x.xml``, a symlink and its target) is
    read once, under its first name.  Two different files of one module stay
    an error, which names the other file as the user reaches it."""
    if not paths:
        raise FrontendError("no input: give at least one libvirt-api.xml file")
    paths = distinct_files(paths)
    findings: dict[str, _Findings] = {}
    modules: dict[str, Module] = {}
    shown: dict[str, str] = {}  # module -> its file as the CLI prints it
    said: dict[str, str] = {}  # a file's name in the model -> its name in diagnostics, where they differ
    for path, (name, as_said) in zip(paths, _input_names(paths, root), strict=True):
        if as_said != name:
            said[name] = as_said
        found = findings.setdefault(name, _Findings())
        try:
            module = _read_module(path, name, found)
            if module.name in modules:
                where = module.location
                raise FrontendError(f"module '{module.name}' is given twice (also in {shown[module.name]})", name, where.line, where.col)
        except FrontendError as error:
            if error.file in said:
                raise FrontendError(error.message, said[error.file], error.line, error.col) from None
            raise
        modules[module.name] = module
        shown[module.name] = as_said if root is None else openable_path(as_said, root)  # as the CLI prints a location's file
    index = _Index.of(list(modules.values()))
    complete = [_complete(m, index) for m in modules.values()]
    for module in complete:
        found = findings[module.location.file]
        for warning in _numbering_warnings(module):
            found.add(warning.location, warning.message, warning.rule)
    diagnostics = [d for found in findings.values() for d in found.diagnostics()]
    diagnostics += unknown_enum_values(complete)
    if said:
        diagnostics = [_said(d, said) for d in diagnostics]
    return Result(Api(tuple(sorted(complete, key=_module_order))), diagnostics, paths, said)
