"""Combine declarations, doc comments and version scripts into one model.

Where the pieces come from:

* names, types, parameters, enum values, struct fields: pycparser (``cdecl``);
* every doc text, ``Since:`` tag, enum initializer as written, array size as
  written, macro and deprecation: the raw-text scanner (``scanner``);
* a function's version: the ``.syms`` block that exports it (``syms``).

Each named enum's tag and whether a typedef names it go to ``Api.enum_tags``
(:class:`~generator.model.EnumTag`), for ``diff`` and the HTML reference's
declarations: the model names an enum after its typedef, else its tag, and
no other output writes the tag.  Each anonymous enum's members go to
``Api.anonymous_enums`` (:class:`~generator.model.AnonymousEnum`), for the
HTML reference: the members alone do not say which body declares them.

A function is documented by the ``/** name:`` block of the module's ``.c``
files when there is one (that ``.c`` file becomes its ``module``), else by a
block in its header.  Of several such blocks, the one right above the
function's definition wins, in whichever file; the others (no definition
follows them) are ignored and reported (:func:`_orphan_docs`).  Problems with the input that still leave a model are
returned as diagnostics.

Locations: a declaration (function, parameter, function type, enum, member,
typedef, struct, field, variable) is located at its name as written: the
parser gives the line, the scanner the column (see
:attr:`.scanner.ScannedFile.columns`; the parser's column stays only when the
raw line holds the name twice).  A parameter is at its own name in the
header, which the documented definition may spell differently (the model
takes the definition's name).  A macro is at its name in the ``#define``.  A
``since-mismatch`` finding is at the ``Since:`` tag it disagrees with.

Redeclarations (:func:`unique_declarations`): C lets a header repeat a
declaration; the model keeps one of them (its place, its spelling, its
parameter names) and leaves out the others of the same type: types are
compared as C compares them (:func:`.records.compatible`: ``unsigned`` is
``unsigned int``, a typedef name is the type it names, a parameter's
top-level ``const`` does not count), not as spelled.  The one kept is the
one whose type is the composite C forms of them (C17 6.2.7p3:
:func:`.records.completes`): ``int f(int a);`` over an earlier
``int f();``, ``int v[3];`` over ``int v[];``, since bindings need the
parameters and the bound; of equally complete ones, the first in the unit.
Its location is its own (where the parameter names shown come from), and a
later repeat is then compared with it, as C compares it with the composite
(``int v[]; int v[3]; int v[4];`` conflicts).  When each of two has what the
other lacks (``int (*v[])[3]; int (*v[2])[];``: no declaration spells
C's composite ``int (*[2])[3]``) the first is kept.  A repeat
that conflicts (another type, an enumerator declared twice, one name as
two kinds of symbol, a second body for a struct or enum tag) stops the run
as gcc does, in gcc's words, at the later name as written, "later" in the
preprocessed unit (:attr:`.records.Declarations.runs`), as gcc sees it,
whatever the order of the files.  It is checked here, not in ``cdecl``,
because only the scanner knows the column of the name as written.

As in C17 (and gcc's default, gnu17), ``f()`` declares no prototype: it is
compatible with ``f(int)`` but not with ``f(char)``, and an array of no
given bound with one of any bound.  One known difference, stricter than
gcc (libvirt's headers have none): an enum type and the integer type gcc
gives it (``enum E f(void);`` then ``unsigned int f(void);``) are two types.

An array field of several dimensions has every bound in ``array_size``
(``2][3``), read from the raw tokens as the scanner reads the first: the
XML's ``char grid[2][3]`` and the HTML's ``grid[2][3]`` then show its shape.
The tokens are those after the name at the field's own column (``cdecl``
places such a field as written), so two fields of one name on a line
keep their own bounds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .. import clex
from ..diagnostics import Diagnostic, past_every_type, undeclared_exports, unknown_enum_values
from ..model import (
    NOWHERE,
    Acl,
    AnonymousEnum,
    Api,
    DocParam,
    Enum_,
    EnumMember,
    EnumTag,
    Export,
    Field,
    Function,
    FuncType,
    Header,
    Location,
    Macro,
    MacroParam,
    Module,
    Param,
    Struct,
    Symbol,
    Typedef,
    Variable,
    has_doc_comment,
    next_implicit_value,
)
from ..positions import place_of_byte, position
from . import records
from .errors import FrontendError
from .protocol import function_key, read_acls, read_optional_strings
from .result import Result
from .rules import bit_enum_members, doc_deprecated, flags_enums, ownership, return_doc_deprecated
from .scanner import (
    SINCE_RE,
    ColumnLookup,
    Columns,
    DocBlock,
    FieldInfo,
    LazyDocs,
    ScannedFile,
    TitleFault,
    Token,
    doc_title,
    parse_top_comment,
    plain_comment_text,
    scan,
    scan_docs_only,
    split_since,
    starred_opening,
    top_comment_since_tags,
)
from .syms import SymsFile, read_syms
from .tree import TreeInputs, configure, header_module

HIDDEN_MACROS = frozenset({"VIR_DEPRECATED", "VIR_EXPORT_VAR"})
NO_COLUMNS = Columns([], {})  # a file not scanned: the parser's columns stay


def read_text(root: Path, relative: str, lone_cr_ends_line: bool = True) -> str:
    """``relative``'s text, UTF-8.  A lone CR ends a line as cpp reads it, so
    it becomes an LF, except with ``lone_cr_ends_line`` false: a version
    script is ld's input, whose lexer ends a ``#`` comment and counts a line
    at LF only and takes a CR for a space (``syms`` reads it so)."""
    try:
        data = (root / relative).read_bytes()
    except OSError as error:
        raise FrontendError(f"cannot read: {error.strerror or error}", relative) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _not_utf8(relative, data, error) from None
    if lone_cr_ends_line and "\r" in text:
        # a CR not followed by LF ends a line for cpp (and gcc) as LF does: read so, every line
        # after it keeps the number cpp gives it (counted otherwise, one stray CR in a comment
        # shifted every later enum member onto its neighbour's line, values and docs included)
        text = _LONE_CR_RE.sub("\n", text)
    return text


_LONE_CR_RE = re.compile("\r(?!\n)")
# An entry point refusing NULL for an argument (libvirt's src/internal.h macros: ...Goto, ...Return, ...ReturnVal).
_REFUSED_NULL_RE = re.compile(r"\bvirCheckNon(?:Null|EmptyString)Arg\w*\s*\(\s*(\w+)")
# An entry point saying it expects NULL: its debug line prints the argument through NULLSTR (internal.h:
# NULLSTR, NULLSTR_EMPTY, NULLSTR_STAR, NULLSTR_MINUS), which an argument never NULL would not need.
_NULLSTR_RE = re.compile(r"\bNULLSTR\w*\s*\(\s*(\w+)\s*\)")


def _not_utf8(relative: str, data: bytes, error: UnicodeDecodeError) -> FrontendError:
    """libvirt's sources are UTF-8: a byte that is not is a mistake worth stopping
    for (replaced, it would end up in the docs and every output as U+FFFD).

    Decided: the rule holds for every file the run reads for the model (the
    headers, the umbrella ``libvirt.h`` too though only cpp reads its
    declarations, the ``.c``, ``.syms`` and ``.x`` files).  ``meson.build``
    is read for its project version alone (:func:`.tree.tree_version`), with
    any byte that is not UTF-8 replaced: a stray byte or a NUL elsewhere in it
    changes no version, and meson, not we, judges that file."""
    line, col = place_of_byte(data, error.start)
    return FrontendError(f"not valid UTF-8: byte 0x{data[error.start]:02x} ({error.reason})", relative, line, col)


@dataclass
class Scans:
    """What our own scanner read from the raw files; needs no declarations,
    so it can run while pycparser parses (see :mod:`.parallel`)."""

    headers: dict[str, ScannedFile]
    source_docs: dict[str, list[tuple[str, LazyDocs]]]  # module name -> (.c file, its doc blocks)
    syms: dict[str, tuple[SymsFile | None, list[Diagnostic]]]
    acls: dict[str, tuple[dict[str, tuple[Acl, ...]], list[Diagnostic]]]  # module name -> rules by procedure key
    # _function_doc of blocks already split (by id: every block lives as long as its LazyDocs)
    function_docs: dict[int, tuple[str, str, str]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # every file read, as read (before configure), by its tree path
    # module name -> the strings each procedure may send as NULL, by procedure key (frontend/protocol.py)
    optional_strings: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)

    def prepare_all(self) -> None:
        """Parse every doc block now, split each the way a function's doc is
        split, and read every enum member's initializer and doc (idle time while
        waiting for the parser; the build reuses all three)."""
        for docs in self._every_docs():
            docs.parse_all()
            for block in docs.parsed():
                self.function_docs[id(block)] = _function_doc(block)
        for scanned in self.headers.values():
            scanned.prepare_members()

    def prepare_columns(self, stop: Callable[[], bool]) -> None:
        """Index the headers' identifier columns while ``stop()`` is false (the
        parser still running); the rest are looked up by bisection in the build."""
        for scanned in self.headers.values():
            if stop():
                return
            scanned.prepare_columns()

    def _every_docs(self) -> list[LazyDocs]:
        every_docs = [docs for pairs in self.source_docs.values() for _, docs in pairs]
        return every_docs + [scanned.docs for scanned in self.headers.values()]

    def identifiers(self) -> set[str]:
        """Every identifier of the headers and every ``.syms`` export: a guess at
        the model's symbol names, for work done ahead (it may hold more)."""
        return {name for scanned in self.headers.values() for name in scanned.identifiers()} | self._exported()

    def _exported(self) -> set[str]:
        return {name for syms, _ in self.syms.values() if syms is not None for name in syms.versions}

    def doc_texts(self) -> Iterator[str]:
        """The doc texts the model will hold, as far as the doc blocks tell
        (for callers that precompute per-text facts while the parser runs)."""
        exported = self._exported()
        for docs in self._every_docs():
            for block in docs.parsed():
                known = self.function_docs.get(id(block))
                description, returns, _ = known if known is not None else _function_doc(block)
                yield description
                yield returns
                if block.name not in exported:  # a type, macro or variable: its whole doc is one text
                    yield _plain_doc(block)[0]
                for _, text in block.params:
                    yield text
        for scanned in self.headers.values():
            info = parse_top_comment(scanned.top_comment)
            yield info.get("Summary", "")
            yield info.get("Description", "")
        for scanned in self.headers.values():  # member and field docs: one plain comment each, mostly
            for token in scanned.tokens:
                if token.kind == "comment" and not token.text.startswith("/**"):
                    text = plain_comment_text(token.text)
                    yield text
                    yield split_since(text)[1]


def scan_tree(tree: TreeInputs) -> Scans:
    texts: dict[str, str] = {}

    def read(relative: str, lone_cr_ends_line: bool = True) -> str:
        text = texts[relative] = read_text(tree.root, relative, lone_cr_ends_line)
        return text

    if tree.umbrella:
        # read for its UTF-8 alone (cpp reads it; nothing of it is modelled): one rule for every
        # header the run reads, so a byte that stops the run in libvirt-lxc.h stops it here too
        read_text(tree.root, tree.umbrella)
    headers: dict[str, ScannedFile] = {}
    for module in tree.modules:
        for header in module.headers:
            text = read(header)
            if header.endswith(".h.in"):
                text = configure(text, tree.version)
            headers[header] = scan(header, text)
    api_names: set[str] = set()

    def known_names() -> set[str]:  # asked (after this function returned) only for a doc before another function's definition
        if not api_names:
            api_names.update(name for scanned in headers.values() for name in scanned.identifiers())
            api_names.update(name for found, _ in syms.values() if found is not None for name in found.versions)
        return api_names

    source_docs = {
        module.name: [(source, scan_docs_only(source, read(source), known_names)) for source in module.sources] for module in tree.modules
    }
    syms = {module.name: _module_syms(tree, module.name, module.syms, read) for module in tree.modules}
    acls = {module.name: read_acls(module.protocol, read(module.protocol)) for module in tree.modules if module.protocol}
    optional = {module.name: read_optional_strings(texts[module.protocol]) for module in tree.modules if module.protocol}
    return Scans(headers, source_docs, syms, acls, texts=texts, optional_strings=optional)


def _module_syms(tree: TreeInputs, module: str, path: str | None, read: Callable[[str, bool], str]) -> tuple[SymsFile | None, list[Diagnostic]]:
    if path is None:  # explicit files without a .syms file: the user's choice
        return None, []
    if not (tree.root / path).is_file():
        message = f"the version script of {module} is missing (or not a file): its functions get no versions and no export is checked"
        return None, [Diagnostic(Location(path, 0, 0), "error", message, "syms-file")]
    return read_syms(path, read(path, False))  # a lone CR is a space to ld: see read_text


def build(tree: TreeInputs, decls: records.Declarations, path_map: dict[str, str], scans: Scans | None = None) -> Result:
    if scans is None:
        scans = scan_tree(tree)
    diagnostics: list[Diagnostic] = [Diagnostic(Location(file, line, col), "warning", message, "input") for file, line, col, message in decls.cpp_warnings]
    written = decls  # every declaration as written, repeats included (see _repeats)
    decls = unique_declarations(decls, path_map, scans.headers)
    enum_names = {e.name for e in decls.enums if e.name}
    member_enums = bit_enum_members((m.name, e.name, m.value) for e in decls.enums for m in e.members)
    values = {m.name: m.value for e in decls.enums for m in e.members if m.value is not None}
    bodies = {b.tag: b for b in decls.struct_bodies}
    modules = []
    enum_tags: list[EnumTag] = []
    anonymous: list[AnonymousEnum] = []
    context_headers = _ContextHeaders(tree, scans.headers)  # one for all modules: each file scanned once
    reported: set[str] = set()  # struct tags whose nested bodies were reported (a body, many typedefs)
    for module in tree.modules:
        syms, syms_diagnostics = scans.syms[module.name]
        diagnostics += syms_diagnostics
        acls, acl_diagnostics = scans.acls.get(module.name, ({}, []))
        diagnostics += acl_diagnostics
        context = _Context(
            tree, module.headers, scans.headers, scans.source_docs[module.name], syms, enum_names, values, bodies, path_map, diagnostics, decls
        )
        context.acls = acls
        context.optional_strings = scans.optional_strings.get(module.name, {})
        context.function_docs = scans.function_docs
        context.module_name = module.name
        context.context_headers = context_headers
        context.member_enums = member_enums
        context.reported_bodies = reported
        modules.append(context.module(module.name))
        enum_tags += context.enum_tags()
        anonymous += context.anonymous_enums()
    if tree.whole:  # among chosen files an export without its header is expected (check still lists them)
        diagnostics += undeclared_exports(modules)
    diagnostics += _misplaced_docs(scans.source_docs, modules)
    diagnostics += _header_titles(scans.headers, modules)
    diagnostics += _header_starred(scans.headers, modules)
    diagnostics += unknown_enum_values(modules)
    diagnostics += _overflowed(decls.enums, modules)
    repeats = _repeats(written, decls, _Placer(path_map, scans.headers, written.runs), modules)
    diagnostics += _declared_again(repeats)
    bodies_at = {header_module(path_map.get(body.pos.file, body.pos.file)) for body in written.struct_bodies}  # a struct's symbol is its typedef
    diagnostics += _empty_headers(modules, bodies_at | {header_module(repeat.here.file) for repeat in repeats})
    return Result(Api(tuple(modules), tuple(enum_tags), tuple(anonymous)), diagnostics, tree.all_files())


def _overflowed(enums: list[records.CEnum], modules: list[Module]) -> Iterator[Diagnostic]:
    """``enum-value-unknown`` at each implicit member the C reader left
    without a value after one it knows: gcc's "overflow in enumeration
    values", the next value overflowing the type the member before has while
    the enum is defined (see :func:`.cdecl._enum`), in an anonymous enum
    too; past ``2**64 - 1`` in a named enum
    :func:`generator.diagnostics.unknown_enum_values` says it, for either frontend."""
    members = {member.name: member for module in modules for member in module.members}
    for enum in enums:
        for before, record in zip(enum.members, enum.members[1:], strict=False):
            member = members.get(record.name)
            if member is None or record.value is not None or before.value is None or member.expression:
                continue
            if next_implicit_value(before.value) is None:
                if not enum.name:
                    yield past_every_type(member, before.value)
                continue
            written = members[before.name].expression if before.name in members else ""
            # the model keeps apibuild.py's -1 for ~0U, (unsigned)-1: C's value is its unsigned type's largest
            follows = f"{before.value}," if before.value >= 0 else f"{before.name} = {written}, in C"
            message = (
                f"'{member.name}' has no value: it follows {follows} the largest value of that member's type,"
                " and one more overflows it (gcc: \"overflow in enumeration values\")"
            )
            yield Diagnostic(member.location, "warning", message, "enum-value-unknown")


def _repeats(written: records.Declarations, kept: records.Declarations, place: _Placer, modules: list[Module]) -> list[_Repeat]:
    """Each repeat of a function, typedef or variable of the API in another
    header than the declaration kept (one per place: a header without an
    include guard is read twice).  Not one of a name the API does not have
    (a header read only as context, our stand-in ``size_t``)."""
    listed = {symbol.name: symbol.header for module in modules for symbol in module.symbols()}
    module_of = {header.location.file: module.name for module in modules for header in module.headers}
    kept_at = {record.name: record.pos for declared in (kept.functions, kept.functypes, kept.typedefs, kept.variables) for record in declared}
    found: dict[Location, _Repeat] = {}
    kinds = (("function", written.functions), ("type", written.functypes), ("type", written.typedefs), ("variable", written.variables))
    for kind, declared in kinds:
        for record in declared:
            first = kept_at.get(record.name)
            if first is None or first == record.pos or record.name not in listed:
                continue
            here, there = Location(*place.at(record.pos, record.name)), Location(*place.at(first, record.name))
            if here.file != there.file:
                modules_of = (module_of.get(here.file, ""), module_of.get(there.file, ""))
                found.setdefault(here, _Repeat(record.name, kind, here, there, listed[record.name], *modules_of))
    return list(found.values())


class _Repeat(NamedTuple):
    name: str
    kind: str  # "function", "type" (a typedef or callback type) or "variable"
    here: Location
    first: Location
    listed_under: str  # the header module the API lists the symbol under
    module: str  # the module of the repeat's header ("" for a header read only as context)
    first_module: str  # the module of the header of the declaration kept


def _declared_again(repeats: list[_Repeat]) -> Iterator[Diagnostic]:
    """A warning (rule ``input``) at each repeat (:func:`_repeats`): the API
    lists the symbol under one header only.  A repeat in the same header
    changes nothing (C allows it; :func:`unique_declarations`).

    Decided (QA, session 28): a repeat in a header of another module (a
    function of ``libvirt-domain.h`` declared again in ``libvirt-qemu.h``)
    is reported too, in other words.  It is no C conflict (types that
    conflict stop the run, in gcc's words; the same declaration twice is
    valid C, so a program including both headers builds), and libvirt's
    apibuild.py, which reads each module alone, never compares the two:
    it lists a type or variable in both modules' files, and stops on a
    function (a module's header declares it, the module's symbol file does
    not list it: "Missing symbol file entry").  But the model gives a
    symbol one header, so every output (the XML files, the JSON, the
    bindings, the HTML pages) lists it in the kept declaration's module
    only, and the other module's header declares what that module's
    outputs lack: the maintainer should know (a misplaced declaration, or
    one whose module the API got wrong).  The message says which module each
    header is of, and that C allows the repeat, rather than claiming
    apibuild.py's "redeclared" failure, which only one module's headers
    give."""
    for repeat in repeats:
        first = position(repeat.first.file, repeat.first.line, repeat.first.col)
        if repeat.module == repeat.first_module or not repeat.module or not repeat.first_module:
            message = (
                f"'{repeat.name}' is declared again, first at {first}; the API lists it under {repeat.listed_under} only"
                " (apibuild.py fails the build on a declaration in two headers)"
            )
        else:
            message = (
                f"'{repeat.name}' is declared again, first at {first}, a header of another module ({repeat.first_module}):"
                f" C allows the repeat, but the API lists it under {repeat.listed_under} only, so {repeat.module}'s outputs"
                f" lack it (apibuild.py, which reads each module alone, {_apibuild_repeat(repeat.kind)})"
            )
        yield Diagnostic(repeat.here, "warning", message, "input", other=repeat.first)


def _empty_headers(modules: list[Module], declaring: set[str]) -> Iterator[Diagnostic]:
    """An error at each header read that declares nothing: an empty or truncated file (QA, session 24: named
    alone it gave an empty API, exit 0; in a tree only the .syms errors said so, at the .syms file), or one that
    only includes others (``libvirt.h``, named as a FILE: what it includes is read only as context).
    ``declaring``: the headers holding a struct body (whose symbol is its typedef's, maybe in another header) or a
    repeat of another header's declaration of a symbol (see :func:`_repeats`)."""
    for module in modules:
        declared = declaring | {symbol.header for symbol in module.symbols()}
        for header in module.headers:
            if header.name not in declared:
                message = (
                    "the header declares nothing: an empty or truncated file (one that only includes others, as"
                    " libvirt.h, is read through --srcdir, or by naming the headers it includes)"
                )
                yield Diagnostic(Location(header.location.file, 1, 1), "error", message, "input")


def _misplaced_docs(source_docs: dict[str, list[tuple[str, LazyDocs]]], modules: list[Module]) -> Iterator[Diagnostic]:
    """``doc-name-mismatch``: a ``.c`` file's ``/** NAME:`` block right before
    the definition of another function (read as that function's doc: see
    :class:`.scanner.LazyDocs`), and one that no definition follows and whose
    ``NAME`` is no symbol of the API (it documents nothing: a misspelt name,
    or a doc left behind); and one whose ``NAME`` line has no ``:``, read
    as the doc of the function whose definition follows it (see
    :meth:`.scanner.LazyDocs.offer_bare`).  Each at the ``NAME`` as written."""
    functions_by_name = {function.name: function for module in modules for function in module.functions}
    functions = set(functions_by_name)
    known: set[str] | None = None  # every symbol name, made only when a loose block needs it
    for pairs in source_docs.values():
        for source, docs in pairs:
            for found in docs.misnamed():
                read = f"; read as the doc of {found.defined}" if found.defined in functions else ""
                message = f"the doc comment before {found.defined}() names '{found.written}'{read}"
                yield Diagnostic(Location(source, found.line, found.col), "warning", message, "doc-name-mismatch")
            for name, line, col in docs.misformatted():
                message = f"misformatted doc comment: its NAME line '{name}' lacks the ':' (read as the doc of {name}, whose definition follows it)"
                yield Diagnostic(Location(source, line, col), "warning", message, "doc-name-mismatch")
            yield from _misformatted_titles(source, docs, None)
            for name, line, col, stars, box, _ in docs.starred():
                function = functions_by_name.get(name)
                if function is not None and not has_doc_comment(function):
                    yield _starred_doc(Location(source, line, col), name, stars, box, "function")
            for name, line, col in docs.loose():
                if known is None:
                    known = {symbol.name for module in modules for symbol in module.symbols()}
                if name not in known:
                    message = f"the doc comment names '{name}', which is no symbol of this API, and no function definition follows it"
                    yield Diagnostic(Location(source, line, col), "warning", message, "doc-name-mismatch")
    yield from _orphan_docs(source_docs, modules)


def _apibuild_repeat(kind: str) -> str:
    """What libvirt's apibuild.py, reading each module alone, does with a
    symbol of ``kind`` declared in headers of two modules: it writes a type
    or a variable into both modules' files, but a function only one
    module's symbol file lists stops the other module's run."""
    if kind == "function":
        return "stops on the run of the module whose symbol file does not list it: 'Missing symbol file entry'"
    return "lists it in both modules' files"


def _misformatted_titles(file: str, docs: LazyDocs, read: Callable[[str, int], str | None] | None) -> Iterator[Diagnostic]:
    """``doc-name-mismatch``: each doc block of ``file`` whose NAME line is not
    ``NAME:`` alone, or has something before it that libvirt does not write
    (see :func:`.scanner.title_fault`), at the first fault; in a ``.c`` file
    a function's; in a header only one that is ``read`` as its symbol's doc
    (name, the block's first line -> the symbol's kind, None for none)."""
    for name, line, col, fault, block_line in docs.misformatted_titles():
        kind = "function" if read is None else read(name, block_line)
        if kind is not None:
            message = f"misformatted doc comment: {fault.message} ({_apibuild_reading(kind, fault)})"
            yield Diagnostic(Location(file, line, col), "warning", message, "doc-name-mismatch")


def _apibuild_reading(kind: str, fault: TitleFault) -> str:
    """What libvirt's apibuild.py makes of the misformatted doc comment of a
    symbol of ``kind`` (see :func:`.scanner.title_fault`): a variable's
    comment it reads whatever it holds, a type's despite blank ``*`` lines
    before the NAME line, any other it drops (failing the build, at once or
    on the ``Since:`` tag it then misses)."""
    if kind == "variable":
        return "apibuild.py reads a variable's comment whatever its NAME line"
    if fault.types_read and kind in ("typedef", "enum", "struct"):
        return "apibuild.py reads it all the same above a type, but drops such a function's or macro's comment"
    return "apibuild.py drops the whole comment"


def _starred_doc(where: Location, name: str, stars: str, box: bool, kind: str) -> Diagnostic:
    """``doc-name-mismatch``: the block opened with ``/{stars}`` that stands
    where the doc of the undocumented ``name`` goes and is not read (see
    :func:`.scanner.starred_opening`), at its third ``*``."""
    opened = f"opened with '/{stars}'" + (" and boxed by a line of stars" if box else "")
    apibuild = "apibuild.py reads a variable's comment whatever it holds" if kind == "variable" else "apibuild.py drops it too"
    message = f"a doc comment {opened} is not read: libvirt writes '/**' ... ' */' ({apibuild}); {name} has no other doc"
    return Diagnostic(where, "warning", message, "doc-name-mismatch")


def _header_starred(headers: dict[str, ScannedFile], modules: list[Module]) -> Iterator[Diagnostic]:
    """:func:`_starred_doc` of each header block opened with ``/***`` that
    names a symbol declared in that header and stands right above that
    declaration (nothing but blank lines between), when the symbol has no
    doc otherwise (a function's is its definition's: one documented there
    is not reported); and the same for each ``/**`` block whose ``NAME``
    line comes below a first line of text (see
    :meth:`.scanner.LazyDocs.offer_late`), at its ``NAME``.  Such a block
    anywhere else documents nothing and is not judged."""
    starred = [(path, found) for path in sorted(headers) for found in headers[path].docs.starred()]
    late = [(path, found) for path in sorted(headers) for found in headers[path].docs.late()]
    if not starred and not late:
        return  # every libvirt release: no such block at all
    kind_of = _undocumented_below(headers, modules)
    for path, (name, line, col, stars, box, block_line) in starred:
        kind = kind_of(path, name, block_line)
        if kind is not None:
            yield _starred_doc(Location(path, line, col), name, stars, box, kind)
    for path, (name, line, col, fault, block_line) in late:
        kind = kind_of(path, name, block_line)
        if kind is not None:
            message = f"misformatted doc comment: {fault.message} ({_apibuild_reading(kind, fault)})"
            yield Diagnostic(Location(path, line, col), "warning", message, "doc-name-mismatch")


def _undocumented_below(headers: dict[str, ScannedFile], modules: list[Module]) -> Callable[[str, str, int], str | None]:
    """Who tells, of a comment of header ``path`` starting on ``block_line``
    and naming ``name``, the kind of the symbol it stands right above (the
    declaration of ``name`` in that header, nothing but blank lines between;
    a macro's ``#define`` right after it) when that symbol has no doc; None
    for any other place or symbol."""
    declared: dict[tuple[str, str], tuple[Function | FuncType | Macro | Enum_ | Typedef | Struct | Variable, str]] = {}
    for module in modules:
        for kind, nodes in (
            ("function", module.functions), ("functype", module.functypes), ("macro", module.macros), ("enum", module.enums),
            ("typedef", module.typedefs), ("struct", module.structs), ("variable", module.variables),
        ):
            for symbol in nodes:
                declared.setdefault((symbol.location.file, symbol.name), (symbol, kind))

    def kind_of(path: str, name: str, block_line: int) -> str | None:
        found = declared.get((path, name))
        if found is None:
            return None
        symbol, kind = found
        if has_doc_comment(symbol) if isinstance(symbol, (Function, FuncType)) else symbol.doc:
            return None
        scanned = headers[path]
        if kind == "macro":
            above = _comment_above_define(scanned, name, block_line)
        else:
            token = scanned.block_above(name, symbol.location.line)
            above = token is not None and token.line == block_line
        return kind if above else None

    return kind_of


def _comment_above_define(scanned: ScannedFile, name: str, block_line: int) -> bool:
    """Whether the comment starting on ``block_line`` stands right above the ``#define`` of ``name``."""
    tokens = scanned.tokens
    for index, token in enumerate(tokens[:-1]):
        if token.kind == "comment" and token.line == block_line:
            following = tokens[index + 1]
            return following.kind == "preproc" and re.match(rf"#\s*define\s+{re.escape(name)}\b", following.text) is not None
    return False


def _header_titles(headers: dict[str, ScannedFile], modules: list[Module]) -> Iterator[Diagnostic]:
    """:func:`_misformatted_titles` of every header read, for the blocks the
    model takes a doc from: the one a symbol declared in that header is read
    from (the last block of its name above it); a function's only where its
    doc is that block (a tree without the ``.c`` file documenting it: a
    function's doc is its definition's); not a stray block, nor a ``/**
    Note: ...`` one, which document nothing."""
    kinds: tuple[tuple[str, tuple[Symbol, ...]], ...] = tuple(
        (kind, nodes)
        for module in modules
        for kind, nodes in (
            ("macro", module.macros), ("member", module.members), ("enum", module.enums), ("typedef", module.typedefs),
            ("struct", module.structs), ("variable", module.variables), ("functype", module.functypes),
        )
    )
    declared = {(symbol.location.file, symbol.name): (symbol.location.line, kind) for kind, nodes in kinds for symbol in nodes}
    # a function's doc is its definition's; one documented in its header (no .c doc) names the block it read
    function_docs = {(f.doc_location.file, f.name, f.doc_location.line) for module in modules for f in module.functions}
    for path in sorted(headers):
        docs = headers[path].docs

        def read(name: str, block_line: int, path: str = path, docs: LazyDocs = docs) -> str | None:
            if (path, name, block_line) in function_docs:
                return "function"
            found = declared.get((path, name))
            block = docs.get(name, found[0]) if found is not None else None
            return found[1] if found is not None and block is not None and block.line == block_line else None

        yield from _misformatted_titles(path, docs, read)


def _orphan_docs(source_docs: dict[str, list[tuple[str, LazyDocs]]], modules: list[Module]) -> Iterator[Diagnostic]:
    """``doc-name-mismatch``: a ``.c`` file's ``/** NAME:`` block that no
    function definition follows, where ``NAME`` is a function of the API
    documented by another block (the one right above its definition, which
    always wins: see :meth:`_Context._source_doc`), so this one documents
    nothing and is ignored (apibuild.py would have failed on it: a function
    comment followed by no function).  At the ``NAME`` as written."""
    functions = {function.name: function.doc_location for module in modules for function in module.functions}
    for pairs in source_docs.values():
        for source, docs in pairs:
            for name in docs.names():
                where = functions.get(name)
                if where is None:
                    continue
                for block_line, line, col in docs.orphans(name):
                    if (where.file, where.line) == (source, block_line):
                        continue  # the function's doc after all: no block at its definition
                    documented = f"{where.file}:{where.line}" if where.line else "nowhere else"
                    message = f"the doc comment names '{name}' but no definition follows it: ignored ({name} is documented at {documented})"
                    yield Diagnostic(Location(source, line, col), "warning", message, "doc-name-mismatch")


_STRING_RE = re.compile(clex.STRING)


class _Placer:
    """A declaration's place for an error: at its name as written (see the module docstring)."""

    def __init__(self, path_map: dict[str, str], scanned: dict[str, ScannedFile], runs: tuple[tuple[str, int, int], ...]) -> None:
        self.path_map = path_map
        self.scanned = scanned
        self.runs = runs

    def error(self, message: str, pos: records.Pos, name: str) -> FrontendError:
        return FrontendError(message, *self.at(pos, name))

    def at(self, pos: records.Pos, name: str) -> tuple[str, int, int]:
        """(file, line, column) of ``name`` declared at ``pos``, as written."""
        path = self.path_map.get(pos.file, pos.file)
        scanned = self.scanned.get(path)
        return path, pos.line, (scanned.columns.get((name, pos.line)) if scanned is not None else None) or pos.col

    def later(self, one: records.Pos, other: records.Pos) -> bool:
        """Whether ``one`` comes after ``other`` in the unit: by the stretch of
        lines each is in (the runs, see :class:`.records.Declarations`), then by
        line and column."""
        return self._rank(one) > self._rank(other)

    def _rank(self, pos: records.Pos) -> tuple[int, int, int]:
        run = next((index for index, (file, first, last) in enumerate(self.runs) if file == pos.file and first <= pos.line <= last), None)
        if run is None:  # no runs (records not from a parse of ours): by the order cpp first entered the files
            run = next((index for index, marker in enumerate(self.path_map) if marker == pos.file), len(self.path_map))
        return run, pos.line, pos.col


_Declaration = records.CFunction | records.CFuncType | records.CTypedef | records.CVariable | records.CEnumerator
_KINDS = {
    records.CFunction: "function", records.CFuncType: "typedef", records.CTypedef: "typedef",
    records.CVariable: "variable", records.CEnumerator: "enumerator",
}


def unique_declarations(decls: records.Declarations, path_map: dict[str, str], scanned: dict[str, ScannedFile]) -> records.Declarations:
    """``decls`` with the repeats of a declaration of the same type left out
    (C allows them: the most complete, else the first in the unit, is kept,
    with its place: see the module docstring); raises
    :class:`FrontendError`, in gcc's words, at the later of two declarations
    that conflict: a function, variable or typedef with another type, an
    enumerator declared twice, a name declared as two kinds of symbol, a
    struct or enum tag given two bodies.  One dictionary pass (0.2 ms for
    9.0.0): types are compared only for the rare name declared twice."""
    place = _Placer(path_map, scanned, decls.runs)
    _check_tags(decls, place)
    first: dict[str, _Declaration] = {}
    repeated: set[int] = set()  # id() of the records left out
    every: tuple[Sequence[_Declaration], ...] = (decls.functions, decls.functypes, decls.typedefs, decls.variables)
    for declared in (*every, [member for enum in decls.enums for member in enum.members]):
        for record in declared:
            seen = first.setdefault(record.name, record)
            if seen is record:
                continue
            kinds = _KINDS[type(seen)], _KINDS[type(record)]
            if kinds[0] == kinds[1] != "enumerator" and _same_type(seen, record):
                if _kept_instead(record, seen, place):
                    first[record.name] = record
                    repeated.add(id(seen))
                else:
                    repeated.add(id(record))
                continue
            at = record.pos if place.later(record.pos, seen.pos) else seen.pos
            raise place.error(_conflict(record.name, *kinds) + _read_twice(seen.pos, record.pos), at, record.name)
    _check_enum_names(decls, place)
    if not repeated:
        return decls
    return decls._replace(
        functions=[f for f in decls.functions if id(f) not in repeated],
        functypes=[f for f in decls.functypes if id(f) not in repeated],
        typedefs=[t for t in decls.typedefs if id(t) not in repeated],
        variables=[v for v in decls.variables if id(v) not in repeated],
    )


def _kept_instead(record: _Declaration, seen: _Declaration, place: _Placer) -> bool:
    """Whether ``record``, of one type with ``seen`` (the one kept so far,
    from the same list or one read before), is kept instead: when it alone
    is the composite type (see the module docstring), else when it is the
    first of the two in the unit."""
    if isinstance(record, records.CEnumerator) or isinstance(seen, records.CEnumerator):
        return False
    if record.ctype is not None and seen.ctype is not None:
        fuller, emptier = records.completes(record.ctype, seen.ctype), records.completes(seen.ctype, record.ctype)
        if fuller != emptier:
            return fuller
    return type(seen) is not type(record) and place.later(seen.pos, record.pos)


def _same_type(one: _Declaration, other: _Declaration) -> bool:
    """Whether two declarations of one name declare it with one type: their
    canonical types when ``cdecl`` gave them (it does for every name declared
    twice), else their spellings."""
    if isinstance(one, records.CEnumerator) or isinstance(other, records.CEnumerator):
        return False
    if one.ctype is not None and other.ctype is not None:
        return records.compatible(one.ctype, other.ctype)
    return _type_of(one) == _type_of(other)


def _type_of(record: _Declaration) -> object:
    """What two declarations of one name must share (parameter names may differ)."""
    if isinstance(record, (records.CFunction, records.CFuncType)):
        return (record.return_type, tuple(p.type for p in record.params))
    if isinstance(record, (records.CTypedef, records.CVariable)):
        return record.type
    return None


def _check_named_fields(tag: str, fields: tuple[records.CField, ...], place: _Placer) -> None:
    """C11's anonymous struct and union members (``union { int i; char *s; };``
    inside a struct) are refused: their members belong to the enclosing
    struct, but laid over one another, and neither the model's fields nor
    libvirt-api.xml can say so (apibuild.py cannot read them either; no
    libvirt public struct has one).  Flattening them would describe a wrong
    layout to ``diff`` and to bindings, so the run stops at the member."""
    for member in fields:
        if not member.name:  # cdecl hands out no other nameless member (see cdecl._fields)
            message = f"anonymous {member.type} member in 'struct {tag}' is not supported: the API model has no place for it (give the member a name)"
            raise place.error(message, member.pos, member.type)
        if member.union is not None:
            _check_named_fields(tag, member.union, place)


def _read_twice(one: records.Pos, other: records.Pos) -> str:
    """The hint for two declarations at one place: the unit includes every header
    (directly and through ``libvirt.h``), so a header whose include guard does not
    hold (``#ifndef X`` then ``# define`` of another name) is read twice, which gcc
    calls a redeclaration without saying why; so is a declaration standing outside the
    guard (after its ``#endif``), which breaks any program including the header twice."""
    if one != other:  # file, line and column: two names on one line are two places
        return ""
    return (
        " at this same place: is the header read twice (does its include guard hold: '#ifndef X' then '# define X' of the"
        " same X; and does it hold all of the header, this declaration included)?"
    )


def _conflict(name: str, one: str, other: str) -> str:
    """gcc's words for a second declaration of ``name`` as ``other`` after one as ``one``."""
    if one == other == "enumerator":
        return f"redeclaration of enumerator '{name}'"
    if one != other:
        return f"'{name}' redeclared as different kind of symbol"
    return f"conflicting types for '{name}'"


def _check_tags(decls: records.Declarations, place: _Placer) -> None:
    """A struct or enum tag has one body (gcc's words for each); the lists are
    in the unit's order, so the second body is the one at fault."""
    bodies: dict[str, records.CStructBody] = {}
    for body in decls.struct_bodies:
        seen = bodies.setdefault(body.tag, body)
        if seen is not body:
            raise place.error(f"redefinition of 'struct {body.tag}'" + _read_twice(seen.pos, body.pos), body.pos, body.tag)
        _check_named_fields(body.tag, body.fields, place)
    enum_bodies: dict[str, records.CEnum] = {}
    for enum in decls.enums:
        seen_enum = enum_bodies.setdefault(enum.tag, enum) if enum.tag and enum.members else enum
        if seen_enum is not enum:
            raise place.error(f"redeclaration of 'enum {enum.tag}'" + _read_twice(seen_enum.pos, enum.pos), enum.pos, enum.tag)


def _check_enum_names(decls: records.Declarations, place: _Placer) -> None:
    """Two enums of one typedef name are two types for it (the repeats of one
    ``typedef enum tag name;`` give one enum, see cdecl)."""
    named: dict[str, records.CEnum] = {}
    for enum in decls.enums:
        seen = named.setdefault(enum.name, enum) if enum.name else enum
        if seen is not enum:
            at = enum.pos if place.later(enum.pos, seen.pos) else seen.pos
            raise place.error(f"conflicting types for '{enum.name}'", at, enum.name)


def _function_doc(block: DocBlock | None) -> tuple[str, str, str]:
    """(description, returns text, since) of a function-style doc block."""
    if block is None:
        return "", "", ""
    description: list[str] = []
    returns: list[str] = []
    later_paragraph = False  # the paragraph "Returns" opens is done
    for line in block.lines:
        if returns:
            # that paragraph is cut from its indentation (its lines are often
            # aligned under the text after "Returns"); a later one keeps it, as
            # a description's does: an indented code sample stays one
            later_paragraph = later_paragraph or (not line.strip() and any(returns))
            returns.append(line.rstrip() if later_paragraph else line.strip())
        elif line.startswith("Returns"):
            first = line.split(" ", 1)
            returns.append(first[1].strip() if len(first) > 1 else "")
        else:
            description.append(line)
    since, text = split_since("\n".join(description).strip())
    returns_text = "\n".join(returns).strip()
    if not since:
        since, returns_text = split_since(returns_text)
    return text, returns_text, since


def _plain_doc(block: DocBlock | None) -> tuple[str, str]:
    """(text, since) of a type, macro or variable doc block."""
    if block is None:
        return "", ""
    since, text = split_since("\n".join(block.lines).strip())
    return text, since


class _ContextHeaders:
    """The scan of the file holding a struct body: a header of the run (scanned
    ahead, in :class:`Scans`), else a context header scanned on first use.

    Among explicit FILEs a typedef of a named header may name a struct whose
    body lies in a header cpp read only for context: ``libvirt-domain.h``'s
    ``virSchedParameter`` is ``struct _virTypedParameter`` of
    ``libvirt-common.h.in``.  Unscanned, its fields lost what only the raw
    text gives (``field[VIR_TYPED_PARAM_FIELD_LENGTH]`` became ``field``, the
    docs and columns went), and ``diff`` of those FILEs against their tree
    reported three ABI-breaking changes that are none.  Scanned as
    ``--srcdir`` scans it (a template configured), each field reads as there.
    Only files a body is in are read, once per run; a file outside the tree
    or of our own (``<built-in>``) stays unscanned (the parser's facts
    only).  Decided: a context header that is not UTF-8 stops the run, as it
    does with ``--srcdir``: the same header read for the same facts gives
    the same answer, not a model that differs in silence."""

    def __init__(self, tree: TreeInputs, scanned: dict[str, ScannedFile]) -> None:
        self.tree = tree
        self.scanned = scanned
        self.context: dict[str, ScannedFile | None] = {}

    def get(self, path: str) -> ScannedFile | None:
        found = self.scanned.get(path)
        if found is not None:
            return found
        if path not in self.context:
            self.context[path] = self._scan(path)
        return self.context[path]

    def _scan(self, path: str) -> ScannedFile | None:
        if path.startswith("<") or Path(path).is_absolute() or not (self.tree.root / path).is_file():
            return None
        text = read_text(self.tree.root, path)
        return scan(path, configure(text, self.tree.version) if path.endswith(".h.in") else text)


class _Context:
    def __init__(
        self,
        tree: TreeInputs,
        headers: tuple[str, ...],
        scanned: dict[str, ScannedFile],
        source_docs: list[tuple[str, LazyDocs]],
        syms: SymsFile | None,
        enum_names: set[str],
        values: dict[str, int],
        bodies: dict[str, records.CStructBody],
        path_map: dict[str, str],
        diagnostics: list[Diagnostic],
        decls: records.Declarations,
    ) -> None:
        self.all_decls = decls
        self.typedef_types = {t.name: t.type for t in decls.typedefs}
        self.opaque_structs = {t.name: t.type[7:] not in bodies for t in decls.typedefs if t.type.startswith("struct ")}
        self.tree = tree
        self.headers = headers
        self.scanned = scanned
        self.source_docs = source_docs
        self.syms = syms
        self.enum_names = enum_names
        self.member_enums: dict[str, str] = {}  # of bit enums, for flags_enums: one for all modules (build)
        self.values = values
        self.bodies = bodies
        self.path_map = path_map
        self.diagnostics = diagnostics
        self.acls: dict[str, tuple[Acl, ...]] = {}  # by procedure key (frontend/protocol.py)
        self.optional_strings: dict[str, frozenset[str]] = {}  # by procedure key (frontend/protocol.py)
        self.function_docs: dict[int, tuple[str, str, str]] = {}  # see Scans.function_docs
        self.function_names = frozenset(f.name for f in decls.functions)
        self.module_name = ""
        self.context_headers = _ContextHeaders(tree, scanned)  # build() shares one among the modules
        self.reported_bodies: set[str] = set()  # see _report_nested; build() shares one among the modules

    def _function_doc(self, block: DocBlock | None) -> tuple[str, str, str]:
        known = self.function_docs.get(id(block)) if block is not None else None
        return known if known is not None else _function_doc(block)

    def _file(self, pos: records.Pos) -> str | None:
        mapped = self.path_map.get(pos.file, pos.file)
        return mapped if mapped in self.headers else None

    # Every node is located at its name as written: the parser's column is
    # that of cpp's output (see ScannedFile.columns), kept only when the raw
    # line has the name twice or not at all.  The lookups are inlined in the
    # loops over members, fields and parameters (~4,000 nodes a tree).
    def _columns(self, path: str) -> ColumnLookup:
        scanned = self.scanned.get(path)
        return scanned.columns if scanned is not None else NO_COLUMNS

    def _at(self, pos: records.Pos, name: str) -> Location:
        """A declaration's location, at its name."""
        path = self.path_map.get(pos.file, pos.file)
        scanned = self.scanned.get(path)
        return Location(path, pos.line, (scanned.columns.get((name, pos.line)) if scanned is not None else 0) or pos.col)

    @staticmethod
    def _params(c: records.CFunction | records.CFuncType, header: str, names: list[str], docs: dict[str, str], columns: ColumnLookup) -> tuple[Param, ...]:
        """Parameters named ``names`` (the documented definition's may differ
        from the header's), each located at its name in the header."""
        return tuple(
            Param(n, p.type, docs.get(n, ""), Location(header, p.line, columns.get((p.name, p.line)) or p.col))
            for n, p in zip(names, c.params, strict=True)
        )

    def _header_doc(self, name: str, line: int = 0) -> tuple[str, DocBlock] | None:
        for header in self.headers:
            block = self.scanned[header].docs.get(name, line)
            if block is not None:
                return header, block
        return None

    def module(self, name: str) -> Module:
        decls = self.all_decls
        self._place_header_docs()
        functions = tuple(sorted((self.function(f) for f in decls.functions if self._file(f.pos)), key=lambda f: f.name))
        structs, typedefs = self.typedefs()
        members, enums = self.enums()
        module = Module(
            name=name,
            headers=tuple(self.header(h) for h in self.headers),
            functions=functions,
            functypes=tuple(sorted((self.functype(f) for f in decls.functypes if self._file(f.pos)), key=lambda f: f.name)),
            enums=enums,
            members=members,
            typedefs=typedefs,
            structs=structs,
            macros=self.macros(),
            variables=tuple(sorted((self.variable(v) for v in decls.variables if self._file(v.pos)), key=lambda v: v.name)),
            syms_file=self.syms.path if self.syms else "",
            location=Location(self.syms.path if self.syms else self.headers[0], 1, 1),
            exports=self._exports(),
        )
        self._check_exports(module)
        return module

    def _place_header_docs(self) -> None:
        """``doc-name-mismatch``: file the ``/**`` block right above each
        typedef, struct, enum, callback type or variable that no block of its
        header names under that declaration, and report it at the ``NAME``
        it writes (see :meth:`.scanner.LazyDocs.refile`).  Before any doc is
        read by name: a block filed here no longer documents the name it
        writes.  Not macros: 7.0.0 writes ``# define _virSchedParameter
        _virTypedParameter`` between ``virSchedParameter:`` and that typedef,
        which the block is about.  Whether a name has a block is asked
        before any is moved, so the result does not depend on the order of
        the declarations."""
        declarations = list(self._header_declarations())
        undocumented = [(header, name, line) for header, name, line in declarations if not self.scanned[header].docs.documents(name)]
        if not undocumented:
            return  # every release since 9.0.0: one pass over the declarations, nothing else
        lines = {(header, name): line for header, name, line in declarations}
        for header, name, line in undocumented:
            scanned = self.scanned[header]
            above = scanned.block_above(name, line)
            if above is None or starred_opening(above.text) or self._names_own_declaration(scanned, above, header, lines):
                continue  # a "/***" block is never a doc, a banner's title as often (see starred_opening)
            moved = scanned.docs.refile(above.text, above.line, above.col, name)
            if moved is None:
                continue
            if moved.bare:
                message = f"misformatted doc comment: its NAME line '{name}' lacks the ':' (read as the doc of {name}, whose declaration follows it)"
            else:
                message = f"the doc comment before {name} names '{moved.written}'; read as the doc of {name}"
            self.diagnostics.append(Diagnostic(Location(header, moved.line, moved.col), "warning", message, "doc-name-mismatch"))

    def _header_declarations(self) -> Iterator[tuple[str, str, int]]:
        """(header, name, line) of each typedef, struct, named enum, callback
        type and variable of this module's headers."""
        decls = self.all_decls
        file_of = self._file
        for typedef in decls.typedefs:
            if typedef.type != "enum" and (header := file_of(typedef.pos)) is not None:  # an enum's typedef: the enum's name
                yield header, typedef.name, typedef.pos.line
        for enum in decls.enums:
            if enum.name and (header := file_of(enum.pos)) is not None:
                yield header, enum.name, enum.pos.line
        for functype in decls.functypes:
            if (header := file_of(functype.pos)) is not None:
                yield header, functype.name, functype.pos.line
        for variable in decls.variables:
            if (header := file_of(variable.pos)) is not None:
                yield header, variable.name, variable.pos.line

    @staticmethod
    def _names_own_declaration(scanned: ScannedFile, above: Token, header: str, lines: dict[tuple[str, str], int]) -> bool:
        """Whether the block ``above`` names another name of the declaration it
        stands above (``/** virFoo: */ typedef struct _virFoo virFoo, *virFooPtr;``):
        then it documents that one, not each name of the declaration."""
        title = doc_title(above.text)
        if title is None:
            return False  # a NAME line without its ':': documents its own name only (see LazyDocs.refile)
        line = lines.get((header, title))
        return line is not None and scanned.block_above(title, line) == above

    def header(self, path: str) -> Header:
        scanned = self.scanned[path]
        info = parse_top_comment(scanned.top_comment)
        self._top_comment_tags(path, scanned)
        return Header(header_module(path), info.get("Summary", ""), info.get("Description", ""), Location(path, 1, 1))

    def _top_comment_tags(self, path: str, scanned: ScannedFile) -> None:
        """``since-malformed`` at each ``Since:`` line of the header's top
        comment, which no symbol takes (see :func:`.scanner.top_comment_since_tags`)."""
        tags = top_comment_since_tags(scanned.top_comment)
        if not tags:
            return
        opening = next(token for token in scanned.tokens if token.kind == "comment" and token.text.startswith("/*"))
        for tag, at in tags:
            newline = scanned.top_comment.rfind("\n", 0, at)
            line = opening.line + scanned.top_comment.count("\n", 0, at)
            col = at - newline if newline >= 0 else opening.col + at
            message = (
                f"'{tag}' in the top comment of {header_module(path)} is not read: a header's comment takes no 'Since:' tag,"
                " as it documents no symbol (tag the doc comment of each symbol)"
            )
            self.diagnostics.append(Diagnostic(Location(path, line, col), "warning", message, "since-malformed"))

    def function(self, c: records.CFunction) -> Function:
        header = self._file(c.pos) or ""
        scanned = self.scanned.get(header)
        columns = scanned.columns if scanned is not None else NO_COLUMNS
        doc = self._source_doc(c.name)
        module = header_module(doc[0]) if doc else header_module(header)
        block = doc[1] if doc else None
        doc_location = Location(doc[0], doc[1].line, doc[1].col) if doc else Location(header, 0, 0)
        if block is None:
            in_header = self._header_doc(c.name, c.pos.line)
            if in_header is not None:
                block = in_header[1]
                doc_location = Location(in_header[0], block.line, block.col)
        description, returns, since = self._function_doc(block)
        param_docs = dict(block.params) if block else {}
        names = [p.name for p in c.params]
        if doc is not None and block is not None and block.signature is not None:
            if len(block.signature) != len(names) or _moved_names(names, block.signature):
                self._definition_mismatch(c, doc[0], block, block.signature)
            if len(block.signature) == len(names):
                names = list(block.signature)  # the documented definition's names
        params = self._params(c, header, names, param_docs, columns)
        flags_doc = param_docs.get("flags", "")
        owner, releaser = ownership(c.return_type, self.typedef_types, self.opaque_structs, returns, self.function_names, description)
        return Function(
            name=c.name,
            header=header_module(header),
            module=module,
            return_type=c.return_type,
            return_doc=returns,
            ownership=owner,
            params=params,
            description=description,
            since=since,
            version=self.syms.versions.get(c.name, "") if self.syms else "",
            flags_enums=flags_enums(flags_doc, self.enum_names, self.member_enums) if "flags" in names else (),
            # "Deprecated after X." below the Returns paragraph is read as part of it: it counts there too
            deprecated=(scanned is not None and bool(scanned.deprecated) and scanned.declaration_deprecated(c.name, c.pos.line))
            or doc_deprecated(description) or return_doc_deprecated(returns),
            location=Location(header, c.pos.line, columns.get((c.name, c.pos.line)) or c.pos.col),
            doc_location=doc_location,
            doc_params=_doc_params(block, doc_location),
            acls=self.acls.get(function_key(c.name, self.module_name), ()),
            releaser=releaser,
            nullable_strings=self._nullable_strings(c.name, params),
        )

    def _nullable_strings(self, name: str, params: tuple[Param, ...]) -> tuple[str, ...]:
        """The ``const char *`` parameters NULL may be passed for, by three signs that must all hold: the
        protocol sends them as optional strings (:func:`.protocol.read_optional_strings`); the entry point,
        the definition in the ``.c`` file its doc stands above, prints them through ``NULLSTR`` (it expects
        NULL); and it refuses none of them with a ``virCheckNonNullArg*`` or ``virCheckNonEmptyStringArg*``.
        The protocol alone is not enough: ``remote_string`` says only that the wire can carry NULL
        (``virDomainRename``'s ``new_name`` is one, and its entry point refuses NULL;
        ``virDomainManagedSaveDefineXML``'s ``dxml`` is one, unchecked, and the qemu driver compares it
        with ``STREQ``: a NULL crashes the daemon; review, session 36).  An entry point not found
        allows none: the safe side."""
        optional = self.optional_strings.get(function_key(name, self.module_name))
        if not optional:
            return ()
        strings = [p.name for p in params if p.type == "const char *" and p.name in optional]
        if not strings:
            return ()
        for _, docs in self.source_docs:
            text = docs.definition_text(name)
            if text is not None:
                refused = set(_REFUSED_NULL_RE.findall(text))
                expected = set(_NULLSTR_RE.findall(text))
                return tuple(string for string in strings if string in expected and string not in refused)
        return ()

    def _source_doc(self, name: str) -> tuple[str, DocBlock] | None:
        """The ``.c`` block documenting the function ``name``: the one right
        above its definition, in whichever file; else the first block of that
        name (one documenting a function defined by a macro, say).  An orphan
        block of the name elsewhere never wins over the one at the
        definition (see :meth:`.scanner.LazyDocs.at_definition`)."""
        for source, docs in self.source_docs:
            block = docs.at_definition(name)
            if block is not None:
                return source, block
        return next(((source, block) for source, docs in self.source_docs if (block := docs.get(name)) is not None), None)

    def _definition_mismatch(self, c: records.CFunction, source: str, block: DocBlock, defined: tuple[str, ...]) -> None:
        """``definition-mismatch``: the definition after ``block`` in ``source``
        takes another number of parameters than the header declares, or one
        parameter name of both stands at another place in each (the doc
        follows the definition: its ``@a`` would describe the header's ``b``).
        The model keeps taking the definition's names when the counts agree
        (its doc describes them, and its code is what runs), else the header's.

        Decided: names that merely differ are not reported (45 functions of
        libvirt 9.0.0 spell one differently, ``st``/``stream``; C allows it and
        the model takes the definition's, which the doc describes).  The
        return and parameter types are not compared: the definition's are text
        as written, the header's a parsed type, and equal types spelt apart
        (a typedef, ``unsigned``/``unsigned int``) would be reported."""
        declared = [p.name for p in c.params]
        docs = next(docs for path, docs in self.source_docs if path == source)
        place = docs.definition_place(c.name, block.line)
        where = Location(source, *place) if place is not None else Location(source, block.line, block.col)
        header = self._file(c.pos) or ""
        if len(defined) != len(declared):
            takes = f"takes {_count(len(defined))} ({', '.join(defined)})"
            message = f"the definition of {c.name} {takes} but {header}:{c.pos.line} declares {_count(len(declared))} ({', '.join(declared)})"
        else:
            message = f"the definition of {c.name} orders its parameter names ({', '.join(defined)}) unlike {header}:{c.pos.line} ({', '.join(declared)})"
        self.diagnostics.append(Diagnostic(where, "warning", message, "definition-mismatch"))

    def functype(self, c: records.CFuncType) -> FuncType:
        header = self._file(c.pos) or ""
        block = self.scanned[header].docs.get(c.name, c.pos.line) if header else None
        description, returns, since = self._function_doc(block)
        param_docs = dict(block.params) if block else {}
        params = self._params(c, header, [p.name for p in c.params], param_docs, self._columns(header))
        documented = _doc_params(block, Location(header, block.line, block.col) if block else NOWHERE)
        return FuncType(c.name, header_module(header), c.return_type, returns, params, description, since, self._at(c.pos, c.name), documented)

    def variable(self, c: records.CVariable) -> Variable:
        header = self._file(c.pos) or ""
        block = self.scanned[header].docs.get(c.name, c.pos.line)
        doc, since = _plain_doc(block)
        return Variable(c.name, header_module(header), c.type, since, doc, self._at(c.pos, c.name))

    def typedefs(self) -> tuple[tuple[Struct, ...], tuple[Typedef, ...]]:
        structs: list[Struct] = []
        typedefs: list[Typedef] = []
        for c in self.all_decls.typedefs:
            header = self._file(c.pos)
            if header is None or c.type == "enum":
                continue
            doc, since = _plain_doc(self.scanned[header].docs.get(c.name, c.pos.line))
            if c.type.startswith("struct "):
                tag = c.type[7:]
                body = self.bodies.get(tag)
                fields = self._fields(body) if body is not None else None
                if not doc and body is not None:
                    doc = self._body_doc(c.name, body)
                if body is not None and tag not in self.reported_bodies:
                    self.reported_bodies.add(tag)
                    self._report_nested(c.name, body.fields, "")
                body_header = self.path_map.get(body.pos.file, body.pos.file) if body is not None else None
                body_module = header_module(body_header) if body_header else None
                structs.append(Struct(c.name, header_module(header), tag, fields, body_module, since, doc, self._at(c.pos, c.name)))
            else:
                typedefs.append(Typedef(c.name, header_module(header), c.type, since, doc, self._at(c.pos, c.name)))
        return tuple(sorted(structs, key=lambda s: s.name)), tuple(sorted(typedefs, key=lambda t: t.name))

    def _body_doc(self, name: str, body: records.CStructBody) -> str:
        """The doc text of the block right above ``struct _virFoo {``, when its
        title is the tag (``_virFoo:``) or the typedef's ``name``: "" otherwise.

        Decided: a struct whose typedef's block has no text takes this one's
        (9.0.0 documents ``virDomainEventGraphicsAddress`` as
        ``_virDomainEventGraphicsAddress:`` above the body, and writes
        ``virDomainEventGraphicsSubject:`` twice, its text above the body and
        a bare ``Since:`` above the typedef).  Only the text: the version
        stays the typedef's block's, which is what libvirt-api.xml has
        always said (its ``version``); that XML carries no struct doc, so it
        does not change.  A block with any other title documents something
        else, and one filed under another declaration (see
        :meth:`_place_header_docs`) is that one's."""
        path = self.path_map.get(body.pos.file, body.pos.file)
        scanned = self.context_headers.get(path)
        above = scanned.block_above(body.tag, body.pos.line) if scanned is not None else None
        title = doc_title(above.text) if above is not None else None
        if scanned is None or above is None or title not in (body.tag, name):
            return ""
        block = scanned.docs.get(title, above.line + 1)
        return _plain_doc(block)[0] if block is not None and block.line == above.line else ""

    def _fields(self, body: records.CStructBody) -> tuple[Field, ...]:
        path = self.path_map.get(body.pos.file, body.pos.file)
        scanned = self.context_headers.get(path)
        columns = scanned.columns if scanned is not None else NO_COLUMNS
        return tuple(self._field(f, path, scanned, columns) for f in body.fields)

    def _report_nested(self, struct: str, fields: tuple[records.CField, ...], prefix: str) -> None:
        """Warn at each struct (or union) body written in a field's type
        (``struct { int x; } inner;``, in a union's members too, ``u.s``): the
        model holds only a union's members (``Field.union``), so the body's
        members are in no output and ``diff`` sees no change to them.  Decided
        against modelling them: a second nesting beside ``Field.union`` would
        reach the JSON, the XML, the HTML, the bindings and ``diff``; libvirt's
        public headers write none.  Once per body (several typedefs may name
        one struct), named after the first typedef of a module naming it;
        rule ``input``, as :mod:`generator.lint` reports every frontend finding
        without a rule of its own (``check --disable input`` turns it off)."""
        for member in fields:
            name = prefix + member.name
            if member.nested is not None:
                kind = "union" if "union" in member.type.split() else "struct"
                where = Location(self.path_map.get(member.nested.file, member.nested.file), member.nested.line, member.nested.col)
                message = (
                    f"the members of nested {kind} '{name}' of '{struct}' are not modelled: "
                    "virt-apigen diff, the bindings and the docs cannot see them"
                )
                self.diagnostics.append(Diagnostic(where, "warning", message, "input"))
            if member.union is not None:
                self._report_nested(struct, member.union, name + ".")

    def _field(self, c: records.CField, path: str, scanned: ScannedFile | None, columns: ColumnLookup) -> Field:
        info = scanned.field_info(c.name, c.pos.line) if scanned else None
        union = tuple(self._field(u, path, scanned, columns) for u in c.union) if c.union is not None else None
        return Field(
            name=c.name,
            type=c.type,
            array_size=_array_size(c, info, scanned),
            doc=info.doc if info else "",
            union=union,
            deprecated=info.deprecated if info else False,
            location=Location(path, c.pos.line, columns.get((c.name, c.pos.line)) or c.pos.col),
        )

    def enums(self) -> tuple[tuple[EnumMember, ...], tuple[Enum_, ...]]:
        members: list[EnumMember] = []
        enums: list[Enum_] = []
        for c in self.all_decls.enums:
            header = self._file(c.pos)
            if header is None:
                continue
            scanned = self.scanned[header]
            columns = scanned.columns
            seen: dict[int, str] = {}
            for item in c.members:
                line = item.pos.line
                info = scanned.member_info(item.name, line)
                expression = info.expression if info else ""
                since, doc = split_since(info.doc if info else "")
                alias = self.values_alias(expression, item.value, seen)
                if item.value is not None:
                    seen.setdefault(item.value, item.name)
                members.append(EnumMember(
                    name=item.name, enum=c.name, header=header_module(header), value=item.value,
                    expression=expression, alias_of=alias, since=since, doc=doc,
                    sentinel=info.sentinel if info else False, location=Location(header, line, columns.get((item.name, line)) or item.pos.col),
                    deprecated=(info is not None and info.deprecated) or doc_deprecated(doc),
                ))
            if c.name:
                doc, since = _plain_doc(scanned.docs.get(c.name, c.pos.line))
                enums.append(Enum_(c.name, header_module(header), tuple(m.name for m in c.members), since, doc, self._at(c.pos, c.name)))
        return tuple(sorted(members, key=lambda m: m.name)), tuple(sorted(enums, key=lambda e: e.name))

    def enum_tags(self) -> list[EnumTag]:
        """The tag and typedef of each named enum of this module (see :class:`EnumTag`):
        cdecl names an enum after its typedef, else its tag, and records that
        typedef as one of type ``enum``."""
        typedefs = {t.name for t in self.all_decls.typedefs if t.type == "enum"}
        return [
            EnumTag(self.module_name, c.name, c.tag, c.name in typedefs)
            for c in sorted(self.all_decls.enums, key=lambda e: e.name) if c.name and self._file(c.pos) is not None
        ]

    def anonymous_enums(self) -> list[AnonymousEnum]:
        """Each anonymous enum body of this module's headers (see :class:`AnonymousEnum`), in declaration order."""
        found = [(header, c) for c in self.all_decls.enums if not c.name and c.members and (header := self._file(c.pos)) is not None]
        found.sort(key=lambda pair: (pair[0], pair[1].pos.line, pair[1].pos.col))
        return [AnonymousEnum(self.module_name, header_module(header), tuple(m.name for m in c.members), c.tag) for header, c in found]

    def values_alias(self, expression: str, value: int | None, seen: dict[int, str]) -> str | None:
        if re.fullmatch(r"[A-Za-z_]\w*", expression) and expression in self.values:
            return expression
        if value is not None and value in seen:
            return seen[value]
        return None

    def macros(self) -> tuple[Macro, ...]:
        found: dict[str, Macro] = {}
        for header in self.headers:
            scanned = self.scanned[header]
            for definition in scanned.macros:
                name = definition.name
                if name in found or name in HIDDEN_MACROS or name.startswith("__") or name.endswith(("_H", "_H_ALLOW")):
                    continue
                block = scanned.docs.get(name, definition.line)
                doc, since = _plain_doc(block)
                string = None
                if _STRING_RE.fullmatch(definition.body):  # one string literal (the body is on one line)
                    string = definition.body[1:-1]
                found[name] = Macro(
                    name=name, header=header_module(header), params=definition.params,
                    param_docs=tuple(MacroParam(n, t, Location(header, block.line, block.col)) for n, t in block.params) if block else (),
                    string=string, raw=definition.body, since=since, doc=doc,
                    location=Location(header, definition.line, definition.col),
                )
        return tuple(sorted(found.values(), key=lambda m: m.name))

    def _doc_comment(self, name: str, where: Location) -> str | None:
        """The doc comment of ``name`` starting at ``where``, as written."""
        docs = next((docs for source, docs in self.source_docs if source == where.file), None)
        if docs is None and where.file in self.scanned:
            docs = self.scanned[where.file].docs
        return docs.comment(name, where.line) if docs is not None else None

    def _exports(self) -> tuple[Export, ...]:
        if self.syms is None:
            return ()
        # a duplicate export is a syms-duplicate diagnostic already; keep the first
        ordered = dict.fromkeys(symbol for block in self.syms.blocks for symbol in block.symbols)
        return tuple(Export(symbol, self.syms.versions[symbol], self.syms.locations[symbol]) for symbol in ordered)

    def _check_exports(self, module: Module) -> None:
        if self.syms is None:
            return
        for function in module.functions:
            if function.version and function.since and function.since != function.version:
                # the export's place as the finding's second one: the CLI names it from the current folder (meson QA)
                exported = self.syms.locations[function.name]
                at = position(exported.file, exported.line, exported.col)
                message = f"'{function.name}' says Since: {function.since} but {at} exports it in {function.version}"
                where = _tag_location(self._doc_comment(function.name, function.doc_location), function.doc_location, function.since)
                self.diagnostics.append(Diagnostic(where, "warning", message, "since-mismatch", subject=function.name, other=exported))
            if not function.version:
                self.diagnostics.append(self._not_exported(function.name, function.location))
        for variable in module.variables:  # a variable is a linked symbol too: one not exported links nowhere
            if variable.name not in self.syms.versions:
                self.diagnostics.append(self._not_exported(variable.name, variable.location))

    def _not_exported(self, name: str, where: Location) -> Diagnostic:
        """``syms-missing`` at ``where``; the version script is the finding's second place, which the CLI
        names from the current folder (``Diagnostic.other``; meson QA: it was tree-relative)."""
        assert self.syms is not None
        script = Location(self.syms.path, 1, 1)
        message = f"'{name}' is declared but not exported in {position(script.file, script.line, script.col)}"
        return Diagnostic(where, "error", message, "syms-missing", other=script)


def _count(parameters: int) -> str:
    return "1 parameter" if parameters == 1 else f"{parameters} parameters"


def _moved_names(declared: Sequence[str], defined: Sequence[str]) -> bool:
    """Whether a name of both lists stands at another index in each (a swap)."""
    if len(declared) < 2 or tuple(declared) == tuple(defined):
        return False  # nearly every function
    places = {name: index for index, name in enumerate(declared) if name}
    return any(places.get(name, index) != index for index, name in enumerate(defined) if name)


def _array_size(c: records.CField, info: FieldInfo | None, scanned: ScannedFile | None) -> str | None:
    """An array field's size as written: every dimension of an array of arrays,
    ``2][3`` for ``char grid[2][3]`` (so ``name[size]`` spells its shape)."""
    if not c.dims:
        return None
    if c.dims > 1 and scanned is not None:
        sizes = _dimensions(scanned, c.name, c.pos.line, c.pos.col)
        if len(sizes) == c.dims:
            return "][".join(sizes)
    return info.array_size if info is not None else None


def _dimensions(scanned: ScannedFile, name: str, line: int, col: int) -> list[str]:
    """The bounds written in the ``[...]`` groups after the identifier ``name``
    at ``line``:``col`` (else its first on the line; comments left out, tokens
    joined as the scanner joins an array size)."""
    index = scanned.find(name, line)
    if index is None:
        return []
    tokens = scanned.tokens
    at = index
    while at < len(tokens) and tokens[at].line == line and (tokens[at].text != name or tokens[at].col != col):
        at += 1
    if at < len(tokens) and tokens[at].line == line:
        index = at
    sizes: list[str] = []
    index += 1
    while True:
        while index < len(tokens) and tokens[index].kind in ("comment", "preproc"):
            index += 1
        if index >= len(tokens) or tokens[index].text != "[":
            return sizes
        parts: list[str] = []
        depth = 1
        index += 1
        while index < len(tokens):
            text = tokens[index].text
            depth += (text == "[") - (text == "]")
            if depth == 0:
                break
            if tokens[index].kind != "comment":
                parts.append(text)
            index += 1
        sizes.append("".join(parts))
        index += 1


def _tag_location(text: str | None, comment: Location, since: str) -> Location:
    """Where the ``Since: <since>`` tag is (its ``S``) in the doc comment ``text``
    that starts at ``comment``, so a finding about the tag points at it, as
    ``since-malformed`` does; ``comment`` itself when the text is not at hand."""
    if text is None:
        return comment
    for match in SINCE_RE.finditer(text):
        if match.group(1) == since:
            at = match.start() + match.group().startswith("(")
            newline = text.rfind("\n", 0, at)
            col = at - newline if newline >= 0 else comment.col + at
            return Location(comment.file, comment.line + text.count("\n", 0, at), col)
    return comment


def _doc_params(block: DocBlock | None, where: Location) -> tuple[DocParam, ...]:
    return tuple(DocParam(name, text, where) for name, text in block.params) if block else ()
