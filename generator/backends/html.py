"""Backend: the HTML API reference, one page per public header plus ``index.html``.

Pages are named and anchored the way libvirt's own reference is
(``libvirt-libvirt-domain-checkpoint.html#virDomainCheckpointCreateXML``, one
id per symbol, enum members included), so links into libvirt.org's pages keep
working when pointed at ours.  The ids of libvirt's site frame (``body``,
``nav``, ``search``, ``searchq``, ``footer``...) exist too: the ones that
still mean something here are used for the same thing, the rest are kept as
empty anchors.

Everything a template prints is prepared here as a view: plain strings the
template escapes with the ``html`` filter, and ``*_html`` strings already
converted by :mod:`generator.html.text` (doc text and C types, escaped once,
every known symbol linked to its page and anchor).

Static files (``style.css``, ``search.js``) are templates too, so a wheel
install needs nothing but the package; ``search-index.js`` is data: every
symbol with its kind, page, version and first sentence, and every struct or
enum tag with the type it leads to, loaded by the search box on first use (a script, not JSON, so it also works from ``file://``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

from ..apixml_format import exported_expression
from ..background import Background
from ..filters import html as escape
from ..html.text import Linker, code_html, doc_html, url_path
from ..model import (
    Acl,
    AnonymousEnum,
    Api,
    Enum_,
    EnumMember,
    EnumTag,
    Field,
    Function,
    FuncType,
    Header,
    Macro,
    Module,
    Ownership,
    Param,
    Struct,
    Symbol,
    Typedef,
    Variable,
)
from ..templating import render as render_template
from ..versions import version_key
from . import read_from_xml, source_files, source_text

STATIC_FILES = ("style.css", "search.js", "favicon.svg")
SEARCH_INDEX = "search-index.js"
INDEX_PAGE = "index.html"


def render(api: Api) -> dict[str, str]:
    headers = page_plan(api)
    pages = page_of_symbols(api)
    # The biggest page is rendered here while a forked child (when the
    # process may fork, see generator/background.py) renders the others:
    # the pages are independent and the second core is otherwise idle.
    biggest = max(headers, key=lambda entry: _weight(entry.module, entry.header), default=None)
    callbacks = object_callbacks(api)
    enums = EnumForms.of(api)
    with Background(lambda: _header_pages([entry for entry in headers if entry is not biggest], pages, callbacks, enums)) as others:
        files = _header_pages([biggest] if biggest is not None else [], pages, callbacks, enums)
        index = _index(api, headers, Linker(pages, INDEX_PAGE))
        files[INDEX_PAGE] = render_template("html/index.html.j2", index=index, chrome=_chrome(INDEX_PAGE, index.jumps))
        files[SEARCH_INDEX] = render_template("html/search-index.js.j2", data=_search_index(api, pages), source=_api_source(api))
        for name in STATIC_FILES:
            files[name] = render_template(f"html/{name}")
        files.update(others.result())
    return dict(sorted(files.items()))


def _weight(module: Module, header: Header) -> int:
    """How much a header's page has to say: its symbols."""
    return sum(1 for symbol in module.symbols() if symbol.header == header.name)


def _header_pages(headers: list[PagePlan], pages: dict[str, str], callbacks: frozenset[str], enums: EnumForms) -> dict[str, str]:
    files: dict[str, str] = {}
    for entry in headers:
        view = _page(entry.module, entry.header, Linker(pages, entry.page), callbacks, enums)
        files[entry.page] = render_template("html/header.html.j2", page=view, chrome=_chrome(entry.page, view.jumps))
    return files


def page_name(header: str) -> str:
    """libvirt's page name for a header: ``libvirt-`` + the header's name.

    A file name, kept as the header is named; every link to it goes through
    :func:`generator.html.text.url_path` (``q#1`` -> ``q%231``)."""
    return f"libvirt-{header}.html"


@dataclass(frozen=True, slots=True)
class PagePlan:
    module: Module
    header: Header
    page: str  # the file


def page_plan(api: Api) -> list[PagePlan]:
    """Every page a module's symbols are on, in model order.

    Only input read from an API XML file can need more than the module's
    headers, and the XML reader has warned about each case; decided: every
    symbol still gets a page, so that no link of the index, the search box
    or another page points at a file that is not written.  A symbol whose
    ``file`` names no ``<file>`` of its module (or names none) is on a page
    of its own header name with no summary.  A header name that an earlier
    module's header already took (two ``<api>`` files both holding
    ``<file name="libvirt-x">``) is on ``libvirt-MODULE-HEADER.html``
    (``-2``, ``-3``... appended while that is taken too), so that no page
    overwrites another.
    """
    plan: list[PagePlan] = []
    taken: set[str] = set()
    for module in api.modules:
        listed = {h.name for h in module.headers}
        unlisted = sorted({s.header for s in module.symbols()} - listed)
        for header in (*module.headers, *(Header(name, "", "") for name in unlisted)):
            page = page_name(header.name)
            if page in taken:
                page = _free_page(page_name(f"{module.name}-{header.name}"), taken)
            taken.add(page)
            plan.append(PagePlan(module, header, page))
    return plan


def _free_page(page: str, taken: set[str]) -> str:
    stem, number = page.removesuffix(".html"), 2
    while page in taken:
        page, number = f"{stem}-{number}.html", number + 1
    return page


def page_of_symbols(api: Api) -> dict[str, str]:
    """Symbol name -> its page; a name two modules define links to the later module's (model order)."""
    page_at = {(id(entry.module), entry.header.name): entry.page for entry in page_plan(api)}
    return {symbol.name: page_at[(id(module), symbol.header)] for module in api.modules for symbol in module.symbols()}


# --- the frame every page shares --------------------------------------------


@dataclass(frozen=True, slots=True)
class Chrome:
    """The frame of a page: where it is, the in-page jump links, what the search box searches."""

    page: str
    index: str
    search_index: str
    jumps: list[tuple[str, str]]  # (anchor, label)
    legacy_ids: tuple[str, ...]


# ids of libvirt.org's site frame that have no counterpart here; kept as empty
# anchors so that no link made against libvirt's pages lands on a missing id.
LEGACY_IDS = ("searchsite", "advancedsearch", "whatwebsite", "whatwiki", "whatdevs", "whatusers", "contact", "community", "conduct")


def _chrome(page: str, jumps: list[tuple[str, str]]) -> Chrome:
    return Chrome(page, INDEX_PAGE, SEARCH_INDEX, jumps, LEGACY_IDS)


def module_anchor(module: str) -> str:
    """The id of a module's heading on the index, where its headers are listed."""
    return f"module-{module}"


def module_href(module: str) -> str:
    """Where a page's breadcrumb leads: its module's heading on the index, so
    the reader comes back to the list the page is in, not to the top of all
    modules.  A name read from an API XML file can hold any character: the
    fragment is percent-encoded, as page names are (browsers decode it)."""
    return f"{url_path(INDEX_PAGE)}#{quote(module_anchor(module), safe='')}"


# --- symbol views -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParamView:
    name: str
    type_html: str
    doc_html: str


@dataclass(frozen=True, slots=True)
class FunctionView:
    kind: str  # "function" or "functype"
    name: str
    since: str
    exported_in: str  # the .syms block, shown when it differs from since
    deprecated: bool
    signature_html: str
    description_html: str
    params: list[ParamView]
    returns_html: str
    ownership_html: str
    access_html: list[str]  # one item per access rule (remote procedures only)


@dataclass(frozen=True, slots=True)
class MemberView:
    name: str
    value: str
    value_hex: str
    bit_shift: str
    expression: str
    alias_of_html: str
    since: str
    doc_html: str
    sentinel: bool
    deprecated: bool


@dataclass(frozen=True, slots=True)
class EnumView:
    kind: str
    name: str
    since: str
    deprecated: bool
    declaration_html: str
    doc_html: str
    members: list[MemberView]


@dataclass(frozen=True, slots=True)
class FieldView:
    name: str
    type_html: str
    array_size_html: str
    doc_html: str
    deprecated: bool
    union: list[FieldView] | None


@dataclass(frozen=True, slots=True)
class StructView:
    kind: str
    name: str
    since: str
    deprecated: bool
    declaration_html: str
    doc_html: str
    fields: list[FieldView] | None


@dataclass(frozen=True, slots=True)
class TypedefView:
    """Typedefs, variables and macros: a declaration, its doc and (macros) parameters and value."""

    kind: str
    name: str
    since: str
    deprecated: bool
    declaration_html: str
    doc_html: str
    params: list[ParamView]
    value_html: str


SymbolView = FunctionView | EnumView | StructView | TypedefView


def _signature(return_type: str, name: str, params: Iterable[Param], linker: Linker, functype: bool) -> str:
    """A C prototype, continuation lines aligned under the first parameter."""
    space = "" if return_type.endswith("*") else " "
    head_text = f"typedef {return_type}{space}(*{name})(" if functype else f"{return_type}{space}{name}("
    return_html, name_html = code_html(return_type, linker), f"<b>{escape(name)}</b>"
    head = f"typedef {return_html}{space}(*{name_html})(" if functype else f"{return_html}{space}{name_html}("
    pieces = [_declarator(p.type, p.name, linker) for p in params] or ["void"]
    return head + (",\n" + " " * len(head_text)).join(pieces) + ");"


def _declarator(ctype: str, name: str, linker: Linker) -> str:
    if not name:  # a header may leave a parameter unnamed (libvirt's virStreamRecvHole(virStreamPtr, ...))
        return code_html(ctype, linker)
    joiner = "" if ctype.endswith("*") else " "
    return f'{code_html(ctype, linker)}{joiner}<var>{escape(name)}</var>'


def _since(symbol_since: str, fallback: str = "") -> str:
    return symbol_since or fallback


def _ownership_html(function: Function, linker: Linker) -> str:
    if function.ownership is Ownership.CALLER_FREES:
        return "The caller owns the result and releases it with <code>free()</code>."
    if function.ownership is Ownership.BORROWED:
        return "The result is borrowed: it belongs to the object it came from and must not be freed."
    if function.ownership is Ownership.HANDLE:
        if not function.releaser:
            return "The caller owns a reference to the returned handle."
        return f"The caller owns a reference to the returned handle and releases it with {linker.link(function.releaser)}()."
    if function.ownership is Ownership.CALLER_RELEASES:
        return f"The caller owns the result and releases it with {linker.link(function.releaser)}()."
    return ""


def _function(function: Function, linker: Linker, callbacks: frozenset[str]) -> FunctionView:
    since = _since(function.since, function.version)
    names = {p.name for p in function.params}
    return FunctionView(
        "function", function.name, since,
        function.version if function.version and function.version != since else "",
        function.deprecated,
        _signature(function.return_type, function.name, function.params, linker, functype=False),
        doc_html(function.description, linker, names),
        [ParamView(p.name, code_html(p.type, linker), doc_html(p.doc, linker, names)) for p in function.params],
        doc_html(function.return_doc, linker, names) if function.return_type != "void" else "",
        _ownership_html(function, linker),
        [_access_html(acl, linker, filter_target(function, callbacks)) for acl in function.acls],
    )


# What an ``@aclfilter`` rule filters, and the Access line's words for it.
FilterTarget = Literal["list", "count", "events", "result"]
FILTER_WORDS: dict[FilterTarget, str] = {
    "list": "the returned list keeps only the {object} objects the caller has {needed} on",
    "count": "the count includes only the {object} objects the caller has {needed} on",
    "events": "events are delivered only for the {object} objects the caller has {needed} on",
    "result": "the result covers only the {object} objects the caller has {needed} on",
}

# "the number of domains found", not "the domain ID number"; virConnectNumOfSecrets
# says "the number currently defined secrets": its name says it
_COUNT_DOC_RE = re.compile(r"\b(?:number|count)\s+of\b", re.IGNORECASE)
_COUNT_NAME_RE = re.compile(r"NumOf|Count(?![a-z])")


def object_callbacks(api: Api) -> frozenset[str]:
    """The API's function types that are handed something besides the caller's opaque data.

    ``virFreeCallback`` (one ``void *`` parameter) only frees that data: a
    call taking it registers nothing that objects are delivered to."""
    return frozenset(t.name for m in api.modules for t in m.functypes if [p.type for p in t.params] != ["void *"])


def filter_target(function: Function, callbacks: frozenset[str]) -> FilterTarget:
    """What an ``@aclfilter`` rule of ``function`` filters, read from its signature and return doc.

    libvirt's remote driver filters whatever the call hands back, and the
    words say which:

    * ``events``: the call takes a callback that is handed objects (a
      parameter of one of ``callbacks``, see :func:`object_callbacks`):
      ``virConnectDomainEventRegisterAny``.  Not told by the name, which
      ``virEventRegisterDefaultImpl`` shares.
    * ``list``: the call fills in or returns an array (:func:`_fills_array`):
      ``virConnectListAllDomains``, ``virConnectListDomains``.
    * ``count``: it returns a plain number, and its name (``NumOf``) or its
      return doc ("the number of ...") says it counts: ``virConnectNumOfDomains``.
    * ``result``: anything else, in words true of every filter.

    Tried in that order: a registration returns a number too (its callback
    id), and so does a listing (the array's length).
    """
    if any(p.type in callbacks for p in function.params):
        return "events"
    if _fills_array(function):
        return "list"
    if function.return_type != "void" and "*" not in function.return_type and (
        _COUNT_NAME_RE.search(function.name) or _COUNT_DOC_RE.search(function.return_doc)
    ):
        return "count"
    return "result"


def _fills_array(function: Function) -> bool:
    """An array comes back: returned (``T **``), or written into a parameter
    that is one (``virDomainPtr **domains``, ``char ** const names``) or is
    sized by a later ``max...`` parameter (``int *ids, int maxids``).  A
    pointer to one value (``unsigned long *libVer``) is not."""
    if function.return_type.count("*") >= 2:
        return True
    params = function.params
    return any(
        _is_written_through(p.type) and (p.type.count("*") >= 2 or any(q.name.startswith("max") for q in params[i + 1:]))
        for i, p in enumerate(params)
    )


def _is_written_through(ctype: str) -> bool:
    """A parameter the call fills in: a pointer to data that is not ``const``
    (``int *``, ``char ** const``, ``virDomainPtr **``; not ``const char *``
    or ``char *const *``), other than the caller's opaque ``void *``."""
    pointee, star, _ = ctype.rpartition("*")
    words = pointee.replace("*", " * ").split()
    return bool(star) and words != ["void"] and "const" not in words[-1:] and "const" not in words[:1]


def _access_html(acl: Acl, linker: Linker, target: FilterTarget = "result") -> str:
    """One access rule in words: what the caller needs, and when.

    The conditions mean what libvirt's ``src/rpc/gendispatch.pl`` makes of
    them (the permission is checked only while they hold, all of them):

    * flags ``X``, ``X|Y``: ``(flags & (X|Y)) == (X|Y)``, the call passes X
      (both X and Y);
    * flags ``!X``, ``!X|Y``: ``(flags & (X|Y)) == 0``, the call passes
      neither (the ``!`` negates the whole expression, not its first name);
    * parameter ``param:VALUE`` / ``param:!VALUE``: ``param == VALUE`` /
      ``param != VALUE``.

    A filter rule reads after what it filters (``target``, see
    :func:`filter_target`); the default words are true of any call.

    A flag expression the words rewrite (negated, or several flags) is also
    shown as written, in code font, as libvirt's own pages show it in their
    "Condition" column, so the two can be matched.
    """
    needed = f"<code>{escape(acl.object)}:{escape(acl.permission)}</code>"
    if acl.kind == "filter":
        return FILTER_WORDS[target].format(object=escape(acl.object), needed=needed)
    if acl.condition == "?":  # from API XML: a parameter condition the XML does not spell out
        return f"{needed} under a condition on a parameter"
    conditions = []
    if acl.flag:
        conditions.append(_flags_condition_html(acl.flag, linker))
    if acl.condition:
        conditions.append(_parameter_condition_html(acl.condition, linker))
    return f"{needed} when {' and '.join(conditions)}" if conditions else needed


def _flags_condition_html(expression: str, linker: Linker) -> str:
    """``X`` -> "the call passes X"; ``!X|Y`` -> "the call passes neither X nor Y (condition ``!X|Y``)"."""
    negated = expression.startswith("!")
    body = expression[1:] if negated else expression
    names = [code_html(name.strip(), linker) for name in body.split("|") if name.strip()]
    raw = f' (condition <code class="condition">{escape(expression)}</code>)'
    if not names:  # nothing gendispatch.pl would compile; say it as written
        return f"the call's flags match{raw}"
    if len(names) == 1:
        return f"the call does not pass {names[0]}{raw}" if negated else f"the call passes {names[0]}"
    if len(names) == 2:
        words = f"neither {names[0]} nor {names[1]}" if negated else f"both {names[0]} and {names[1]}"
    else:
        listed = f"{', '.join(names[:-1])} and {names[-1]}"
        words = f"none of {listed}" if negated else f"all of {listed}"
    return f"the call passes {words}{raw}"


def _parameter_condition_html(condition: str, linker: Linker) -> str:
    """``source:VALUE`` -> "*source* is VALUE"; ``source:!VALUE`` -> "*source* is not VALUE"."""
    parameter, _, value = condition.partition(":")
    if value.startswith("!"):
        return f"<var>{escape(parameter)}</var> is not {code_html(value[1:], linker)}"
    return f"<var>{escape(parameter)}</var> is {code_html(value, linker)}"


def _functype(functype: FuncType, linker: Linker) -> FunctionView:
    names = {p.name for p in functype.params}
    return FunctionView(
        "functype", functype.name, functype.since, "", False,
        _signature(functype.return_type, functype.name, functype.params, linker, functype=True),
        doc_html(functype.description, linker, names),
        [ParamView(p.name, code_html(p.type, linker), doc_html(p.doc, linker, names)) for p in functype.params],
        doc_html(functype.return_doc, linker, names) if functype.return_type != "void" else "",
        "",
        [],
    )


# an initializer written as a bit shift, as libvirt's API XML reads it (value_bitshift)
_SHIFT_RE = re.compile(r"\(?1<<(\d+)")


def _member(member: EnumMember, linker: Linker) -> MemberView:
    value = member.value
    shown = str(value) if value is not None else ""
    hexa = hex(value) if value is not None else ""  # -0x1 for -1, as libvirt's value_hex writes it
    shift = ""
    written = _SHIFT_RE.match(exported_expression(member.expression)) if member.expression else None
    if written is not None and value == 1 << int(written.group(1)):  # only where the source wrote a shift
        shift = f"1 << {written.group(1)}"
    return MemberView(
        member.name, shown, hexa, shift, member.expression,
        linker.link(member.alias_of) if member.alias_of else "",
        member.since, doc_html(member.doc, linker), member.sentinel, member.deprecated,
    )


def _enum(enum: Enum_, members: dict[str, EnumMember], linker: Linker, tag: EnumTag | None) -> EnumView:
    return EnumView(
        "enum", enum.name, enum.since, False,
        _enum_declaration(enum.name, tag),
        doc_html(enum.doc, linker),
        [_member(members[name], linker) for name in enum.members if name in members],
    )


def _enum_declaration(name: str, tag: EnumTag | None) -> str:
    """The enum as C declares it: ``enum name {...};`` when only its tag names
    it (the model's name is then the tag), else its typedef, with the tag
    when it has one.  Not known (read from XML): a typedef, as libvirt's
    apibuild.py reads every enum."""
    if tag is not None and not tag.typedef:
        return f"enum <b>{escape(name)}</b> {{ ... }};"
    written = f"{escape(tag.tag)} " if tag is not None and tag.tag else ""
    return f"typedef enum {written}{{ ... }} <b>{escape(name)}</b>;"


def _field(field: Field, linker: Linker) -> FieldView:
    union = [_field(f, linker) for f in field.union] if field.union is not None else None
    return FieldView(
        field.name, code_html(field.type, linker) if union is None else "union",
        code_html(field.array_size, linker) if field.array_size is not None else "",
        doc_html(field.doc, linker), field.deprecated, union,
    )


def _struct(struct: Struct, linker: Linker) -> StructView:
    fields = [_field(f, linker) for f in struct.fields] if struct.fields is not None else None
    return StructView(
        "struct", struct.name, struct.since, False,
        f"typedef struct {escape(struct.tag)} <b>{escape(struct.name)}</b>;",
        doc_html(struct.doc, linker), fields,
    )


def _typedef(typedef: Typedef, linker: Linker) -> TypedefView:
    declaration = f"typedef {code_html(typedef.type, linker)}{'' if typedef.type.endswith('*') else ' '}<b>{escape(typedef.name)}</b>;"
    return TypedefView("typedef", typedef.name, typedef.since, False, declaration, doc_html(typedef.doc, linker), [], "")


def _variable(variable: Variable, linker: Linker) -> TypedefView:
    declaration = f"extern {code_html(variable.type, linker)}{'' if variable.type.endswith('*') else ' '}<b>{escape(variable.name)}</b>;"
    return TypedefView("variable", variable.name, variable.since, False, declaration, doc_html(variable.doc, linker), [], "")


def _macro(macro: Macro, linker: Linker) -> TypedefView:
    params = f"({', '.join(macro.params)})" if macro.params is not None else ""
    declaration = f"#define <b>{escape(macro.name)}</b>{escape(params)}"
    if macro.raw:
        declaration += " " + code_html(macro.raw, linker)
    documented = {p.name: p.doc for p in macro.param_docs}
    names = macro.params or ()
    param_views = [ParamView(name, "", doc_html(documented.get(name, ""), linker, names)) for name in names]
    value = f"<code>{escape(macro.string)}</code> (a string)" if macro.string is not None else ""
    return TypedefView("macro", macro.name, macro.since, False, declaration, doc_html(macro.doc, linker, names), param_views, value)


# --- pages ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SectionView:
    id: str
    title: str
    symbols: list[SymbolView]


@dataclass(frozen=True, slots=True)
class PageView:
    file: str
    header: str
    module: str
    module_href: str  # the breadcrumb's link
    title: str
    source: str
    summary: str
    description_html: str
    deprecated: bool
    sections: list[SectionView]
    jumps: list[tuple[str, str]]


def _in_header(symbols: Iterable[Symbol], header: str) -> list[Symbol]:
    return [s for s in symbols if s.header == header]


@dataclass(frozen=True, slots=True)
class EnumForms:
    """How C declares the enums, kept on :class:`Api` beside the modules
    (from sources; read from XML, nothing is known and every enum shows as
    a typedef, the anonymous members as one block)."""

    tags: dict[tuple[str, str], EnumTag]  # (module, enum name) -> its tag and typedef
    anonymous: dict[tuple[str, str], list[AnonymousEnum]] | None  # (module, header) -> its bodies, in order

    @staticmethod
    def of(api: Api) -> EnumForms:
        tags = {(t.module, t.enum): t for t in api.enum_tags or ()}
        if api.anonymous_enums is None:
            return EnumForms(tags, None)
        anonymous: dict[tuple[str, str], list[AnonymousEnum]] = {}
        for body in api.anonymous_enums:
            anonymous.setdefault((body.module, body.header), []).append(body)
        return EnumForms(tags, anonymous)


def _page(module: Module, header: Header, linker: Linker, callbacks: frozenset[str], enums: EnumForms) -> PageView:
    name = header.name
    members = {m.name: m for m in module.members if m.header == name}
    types: list[tuple[str, SymbolView]] = []
    types += [(e.name, _enum(e, members, linker, enums.tags.get((module.name, e.name)))) for e in module.enums if e.header == name]
    types += [(s.name, _struct(s, linker)) for s in module.structs if s.header == name]
    types += [(t.name, _typedef(t, linker)) for t in module.typedefs if t.header == name]
    types += [(f.name, _functype(f, linker)) for f in module.functypes if f.header == name]
    in_enums = {member for e in module.enums for member in e.members}
    loose = {m.name: m for m in members.values() if m.name not in in_enums}
    bodies = enums.anonymous.get((module.name, name), []) if enums.anonymous is not None else []
    # all named "": the stable sort below keeps them in declaration order
    types += [("", _loose_members(group, tag, linker)) for tag, group in _anonymous_groups(loose, bodies)]
    sections = [
        SectionView("macros", "Macros", [_macro(m, linker) for m in module.macros if m.header == name]),
        SectionView("types", "Types", [view for _, view in sorted(types, key=lambda pair: pair[0])]),
        SectionView("variables", "Variables", [_variable(v, linker) for v in module.variables if v.header == name]),
        SectionView("functions", "Functions", [_function(f, linker, callbacks) for f in module.functions if f.header == name]),
    ]
    sections = [s for s in sections if s.symbols]
    return PageView(
        linker.page, name, module.name, module_href(module.name), f"{name}: {header.summary}" if header.summary else name,
        _header_source(module, header), header.summary, doc_html(header.description, linker), header.deprecated,
        sections, [(s.id, s.title) for s in sections],
    )


def _anonymous_groups(loose: dict[str, EnumMember], bodies: list[AnonymousEnum]) -> list[tuple[str, list[EnumMember]]]:
    """The members of no named enum, one list per anonymous enum body (its
    order) with the body's tag; those no known body holds (input read from
    XML) in one more list, by name, with none."""
    groups = [(body.tag, [loose[name] for name in body.members if name in loose]) for body in bodies]
    placed = {name for body in bodies for name in body.members}
    rest = sorted((m for m in loose.values() if m.name not in placed), key=lambda m: m.name)
    return [(tag, group) for tag, group in (*groups, ("", rest)) if group]


def _loose_members(members: list[EnumMember], tag: str, linker: Linker) -> EnumView:
    """Members of an enum the model names no enum after: listed like an enum without a name of its own,
    its tag kept in the declaration (``enum virX {...};`` whose ``virX`` another typedef takes)."""
    declaration = f"enum {escape(tag)} {{ ... }};" if tag else "enum { ... };"
    return EnumView("enum", "", "", False, declaration, "", [_member(m, linker) for m in members])


def _header_source(module: Module, header: Header) -> str:
    """What a header's page was made from: the header and the ``.c`` files of
    its functions' docs; for XML input, the XML file (the header was not read)."""
    if read_from_xml(module):
        return source_text(module)
    files = {header.location.file}
    files |= {f.doc_location.file for f in module.functions if f.header == header.name and f.doc_location.line}
    # a model built in code names no file: said so, as _api_source says it (the footer read "from .")
    return ", ".join(sorted(f for f in files if f and not f.startswith("<"))) or "the API model"


def _api_source(api: Api) -> str:
    # in the modules' order, each one's as the other outputs name it (its .syms file first): not sorted
    return ", ".join(dict.fromkeys(f for module in api.modules for f in source_files(module))) or "the API model"


# --- index ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HeaderEntry:
    page: str  # the file name (what the list is sorted by)
    href: str  # the same, percent-encoded for the link
    name: str
    summary: str
    deprecated: bool
    counts: str


@dataclass(frozen=True, slots=True)
class ModuleEntry:
    name: str
    anchor: str
    headers: list[HeaderEntry]


@dataclass(frozen=True, slots=True)
class SymbolEntry:
    name_html: str
    kind: str


@dataclass(frozen=True, slots=True)
class VersionEntry:
    id: str
    version: str
    symbols: list[SymbolEntry]


@dataclass(frozen=True, slots=True)
class IndexView:
    source: str
    modules: list[ModuleEntry]
    versions: list[VersionEntry]
    deprecated: list[SymbolEntry]
    total: int
    unknown: int  # symbols with no version: the last group of ``versions``
    jumps: list[tuple[str, str]]


KIND_LABELS = {
    Function: "function", FuncType: "callback type", EnumMember: "enum value", Enum_: "enum",
    Typedef: "typedef", Struct: "struct", Macro: "macro", Variable: "variable",
}


def _counts(module: Module, header: str) -> str:
    functions = sum(1 for f in module.functions if f.header == header)
    types = sum(1 for group in (module.enums, module.structs, module.typedefs, module.functypes) for s in group if s.header == header)
    macros = sum(1 for m in module.macros if m.header == header)
    parts = [(functions, "function"), (types, "type"), (macros, "macro")]
    return ", ".join(f"{n} {label}{'s' if n != 1 else ''}" for n, label in parts if n)


# "since-" + a version is every other group's id; no version is spelled "unknown"
UNKNOWN_VERSION_ID = "since-unknown"


def _symbol_since(symbol: Symbol) -> str:
    if isinstance(symbol, Function):
        return symbol.since or symbol.version
    return symbol.since


def _index(api: Api, headers: list[PagePlan], linker: Linker) -> IndexView:
    modules: dict[str, list[HeaderEntry]] = {}
    for planned in headers:
        header = planned.header
        listed = HeaderEntry(planned.page, url_path(planned.page), header.name, header.summary, header.deprecated, _counts(planned.module, header.name))
        modules.setdefault(planned.module.name, []).append(listed)
    by_version: dict[str, list[SymbolEntry]] = {}
    unknown: list[SymbolEntry] = []  # no Since: tag, no .syms block (libvirt before 7.x tagged only functions' docs)
    deprecated: list[SymbolEntry] = []
    symbols = sorted((s for m in api.modules for s in m.symbols()), key=lambda s: s.name)
    for symbol in symbols:
        entry = SymbolEntry(linker.link(symbol.name), KIND_LABELS[type(symbol)])
        since = _symbol_since(symbol)
        (by_version.setdefault(since, []) if since else unknown).append(entry)
        if getattr(symbol, "deprecated", False):
            deprecated.append(entry)
        if isinstance(symbol, Struct):
            deprecated += [SymbolEntry(f"{entry.name_html}.{escape(f.name)}", "field") for f in symbol.fields or () if f.deprecated]
    versions = [VersionEntry("since-" + v, v, by_version[v]) for v in sorted(by_version, key=version_key, reverse=True)]
    if unknown:  # listed, not dropped: the page says every symbol is in this section
        versions.append(VersionEntry(UNKNOWN_VERSION_ID, "version unknown", unknown))
    module_entries = [ModuleEntry(name, module_anchor(name), sorted(entries, key=lambda e: e.page)) for name, entries in modules.items()]
    jumps = [("modules", "Modules"), ("new", "New in version")] + ([("deprecated", "Deprecated")] if deprecated else [])
    return IndexView(_api_source(api), module_entries, versions, deprecated, len(symbols), len(unknown), jumps)


# --- search index -----------------------------------------------------------

_FIRST_SENTENCE = re.compile(r"(.+?[.!?])(\s|$)", re.S)
_MENTION_AT = re.compile(r"(?<![\w/@.])@(?=[A-Za-z_])")  # the '@' of what doc_html shows as a name
SUMMARY_LENGTH = 90


def _summary(symbol: Symbol) -> str:
    """The first sentence, on one line, without the ``@`` of ``@name`` (shown as plain text)."""
    text = symbol.description if isinstance(symbol, (Function, FuncType)) else symbol.doc
    text = " ".join(text[: SUMMARY_LENGTH * 4].split())  # the first sentence is all that is shown
    if "@" in text:
        text = _MENTION_AT.sub("", text)
    match = _FIRST_SENTENCE.match(text)
    sentence = match.group(1) if match else text
    if len(sentence) > SUMMARY_LENGTH:
        sentence = sentence[: SUMMARY_LENGTH - 1].rstrip() + "…"
    return sentence


TAG_KINDS = {Struct: "struct tag", Enum_: "enum tag"}


def _symbol_of_tags(api: Api, names: set[str]) -> dict[str, Struct | Enum_]:
    """Each struct or enum tag that names no symbol -> the type it leads to.

    libvirt's ``virBlkioParameter``, ``virMemoryParameter`` and
    ``virSchedParameter`` are all ``struct _virTypedParameter``: a shared tag
    leads to the type named like it (``virTypedParameter``), else to the
    first by name.  An enum's tag comes from ``Api.enum_tags`` (sources
    only: read from XML no enum tag is known); one that is the enum's own
    name (``enum virX {...};``, ``typedef enum virX {...} virX;``) names a
    symbol already."""
    shared: dict[str, list[Struct | Enum_]] = {}
    for module in api.modules:
        for struct in module.structs:
            if struct.tag and struct.tag not in names:
                shared.setdefault(struct.tag, []).append(struct)
    enums = {(module.name, enum.name): enum for module in api.modules for enum in module.enums}
    for tag in api.enum_tags or ():
        enum = enums.get((tag.module, tag.enum))
        if enum is not None and tag.tag and tag.tag not in names:
            shared.setdefault(tag.tag, []).append(enum)
    return {
        tag: min(types, key=lambda s: (s.name != tag.lstrip("_"), s.name, TAG_KINDS[type(s)]))
        for tag, types in shared.items()
    }


def _tag_declaration(tag: str, symbol: Struct | Enum_) -> str:
    """What the symbol's page declares, as plain text."""
    if isinstance(symbol, Struct):
        return f"typedef struct {tag} {symbol.name};"
    return f"typedef enum {tag} {{ ... }} {symbol.name};"


def _search_index(api: Api, page_of: dict[str, str]) -> dict[str, object]:
    """Compact on purpose (it is loaded whole): symbols refer to pages and kinds by position.
    ``pages`` are ready-made link paths (percent-encoded, see :func:`url_path`).

    A row is ``[name, kind, page, since, summary]``, its anchor the name.  A
    struct or enum tag (``_virDomainInfo``, what C code writes after
    ``struct`` or ``enum``) is no anchor, on libvirt's pages or ours: its row
    has a sixth column, the anchor of the type it leads to."""
    symbols = sorted((s for m in api.modules for s in m.symbols()), key=lambda s: s.name)
    tags = _symbol_of_tags(api, {s.name for s in symbols})
    pages = sorted({page_of[s.name] for s in symbols})
    kinds = sorted({*KIND_LABELS.values(), *TAG_KINDS.values()})
    page_at = {p: i for i, p in enumerate(pages)}
    kind_at = {k: i for i, k in enumerate(kinds)}
    rows: list[list[object]] = [[s.name, kind_at[KIND_LABELS[type(s)]], page_at[page_of[s.name]], _symbol_since(s), _summary(s)] for s in symbols]
    rows += [
        [tag, kind_at[TAG_KINDS[type(s)]], page_at[page_of[s.name]], _symbol_since(s), _tag_declaration(tag, s), s.name]
        for tag, s in tags.items()
    ]
    rows.sort(key=lambda row: str(row[0]))
    return {"pages": [url_path(p) for p in pages], "kinds": kinds, "symbols": rows}
