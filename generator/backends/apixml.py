"""Backend: ``libvirt-api.xml`` and its qemu/lxc/admin siblings.

The files follow the schema and the layout libvirt's ``scripts/apibuild.py``
writes, byte for byte where that tool is right, so existing consumers
(libvirt-python's generator, the HTML stylesheet, hvsupport) read ours
unchanged.  That schema has conventions of its own that the model does not
share, and this module is where they are applied:

* enum values are printed as the decimal value when the initializer is a
  plain integer expression, else as the initializer itself with its spaces
  removed (``VIR_CONNECT_LIST_DOMAINS_ACTIVE``); implicit values follow a
  member whose value is printed; after one that is not they are the model's
  (which the reader cannot work out: it knows neither the member before nor
  a cast's type), left out where the model has none.
  The XML never contradicts the model: a member without an initializer whose
  value in the model is not the one before plus one (the C parser's value,
  where the raw text's reading lost its ``= ...``) is printed with the
  model's value, and the members after it count on from there;
* doc text is re-flowed per element kind (functions keep their lines, types
  and macros are joined on one line, enum members keep their line breaks);
* an array field's type repeats its name: ``char field[VIR_TYPED_PARAM_FIELD_LENGTH]``;
* a carriage return in element text (``<summary>``, ``<description>``, the
  CDATA of ``<info>``) is written as ``&#13;``, closing the CDATA section
  around it: XML reads a raw one as a newline, so it would not come back.
  In attributes it is ``&#13;`` too, while newlines and tabs are written raw
  (our reader keeps those two, and reads a raw carriage return, or one before
  a newline, as a newline, as XML does; apibuild.py's consumers never see one);
* every attribute holding text from the input is escaped (``xml_attr``),
  names of headers and ``.c`` files (``file``, ``module``) included: a tree
  may name a header ``libvirt-a'b&c.h`` (see ``generator/frontend/tree.py``
  for the names accepted), and an API XML read back may hold any type or
  version text;
* ``version`` is written only when the model has one, on functions too: an
  empty attribute says nothing a missing one does not, and libvirt 7.0.0's
  apibuild.py wrote none on functions, so its files read back and written
  again stay as they were.  (The JSON keeps the model's ``""``: there every
  field is always present.)

Deliberate differences from apibuild.py (each is a bug there, see
``tests/test_conformance.py``): comments are attached to the member or field
they belong to, the character before ``*/`` is kept, every function-like
macro keeps its body in ``raw``, and undocumented arguments and return values
are still listed (with an empty ``info``) instead of being dropped, so no
consumer loses a type.

The second line is an XML comment naming the inputs, so the file says it is
generated; it is the only line libvirt's own file does not have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..apixml_format import XML_FORBIDDEN, exported_expression, one_line, prints_verbatim
from ..diagnostics import Diagnostic
from ..model import (
    Acl,
    Api,
    Enum_,
    EnumMember,
    Field,
    Function,
    FuncType,
    Location,
    Macro,
    Module,
    Struct,
    Typedef,
    Variable,
    may_end_numbering,
    next_implicit_value,
)
from ..templating import render as render_template
from . import source_text

FILE_NAMES = {
    "libvirt": "libvirt-api.xml",
    "libvirt-qemu": "libvirt-qemu-api.xml",
    "libvirt-lxc": "libvirt-lxc-api.xml",
    "libvirt-admin": "libvirt-admin-api.xml",
}


def render(api: Api, acls: bool = False) -> dict[str, str]:
    """The XML files; ``acls``: also each function's ``<acls>`` (the schema of
    the libvirt releases whose apibuild.py writes them, see ``acls_in_schema``)."""
    return {FILE_NAMES.get(module.name, module.name + "-api.xml"): render_module(module, acls) for module in api.modules}


# XML 1.0 has no way to write these, not even as character references.
_XML_FORBIDDEN_BYTES = bytes(c for c in range(32) if c not in (9, 10, 13))


def check_output(api: Api, files: dict[str, str]) -> list[Diagnostic]:
    """An error for each rendered XML file holding a character XML cannot carry
    (a form feed in a doc comment): at the symbol whose text holds it.

    Checked on the output, one C-speed pass per file (``bytes.translate``,
    ~0.6 ms for libvirt-api.xml); only a file that fails is searched again to
    place the error.
    """
    found = []
    for name in sorted(files):
        text = files[name]
        data = text.encode("utf-8")
        if len(data.translate(None, _XML_FORBIDDEN_BYTES)) == len(data) and (text.isascii() or not XML_FORBIDDEN.search(text)):
            continue
        match = XML_FORBIDDEN.search(text)
        assert match is not None
        found.append(_unwritable_at(api, name, text, match.start()))
    return found


def _unwritable_at(api: Api, name: str, text: str, offset: int) -> Diagnostic:
    owners = re.findall(r"<\w+ name='([^']*)'", text[:offset])
    owner = owners[-1] if owners else ""
    symbols = {n.name: n for m in api.modules for n in m.symbols()}
    # the innermost named element that is a symbol: an <arg> or <field> names no symbol, its function or struct does
    node = next((symbols[o] for o in reversed(owners) if o in symbols), None)
    if isinstance(node, Function) and node.doc_location.line:
        where = node.doc_location  # the doc comment in the .c file, where such a character sits
    elif node is not None:
        where = node.location
    else:  # no symbol to point at (a file's own text): the line of the XML it would have been on
        where = Location(name, text.count("\n", 0, offset) + 1, 1)
    of = f" of '{node.name}'" if node is not None and node.name != owner else ""
    message = f"U+{ord(text[offset]):04X} in the text of '{owner or name}'{of} cannot be written to {name}: XML 1.0 has no way to carry it; remove it"
    return Diagnostic(where, "error", message, "xml-character", subject=node.name if node is not None else owner or name)


def render_module(module: Module, acls: bool = False) -> str:
    symbols = _symbols(module, acls)
    return render_template("apixml/api.xml.j2", module=module.name, source=source_text(module), files=_files(module), symbols=symbols)


# --- files -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileView:
    name: str
    summary: str
    description: str
    deprecated: bool
    exports: list[tuple[str, str]]


def _files(module: Module) -> list[FileView]:
    views = []
    for header in sorted(module.headers, key=lambda h: h.name + ".h"):
        views.append(FileView(header.name, header.summary, header.description, header.deprecated, _exports(module, header.name)))
    return views


def _exports(module: Module, header: str) -> list[tuple[str, str]]:
    functions = {f.name for f in module.functions if f.header == header} | {f.name for f in module.functypes if f.header == header}
    members = {m.name for m in module.members if m.header == header}
    typedefs = {t.name for t in module.typedefs if t.header == header}
    typedefs |= {s.name for s in module.structs if s.header == header}
    typedefs |= {e.name for e in module.enums if e.header == header}
    tags = {s.tag for s in module.structs if s.body_header == header and s.fields is not None}
    variables = {v.name for v in module.variables if v.header == header}
    taken = functions | members | typedefs | tags | variables
    macros = {m.name for m in module.macros if m.header == header and m.name not in taken}
    exports: list[tuple[str, str]] = []
    for kind, names in (("macro", macros), ("enum", members), ("typedef", typedefs), ("struct", tags), ("variable", variables), ("function", functions)):
        exports.extend((name, kind) for name in sorted(names))
    return exports


# --- symbols ---------------------------------------------------------------


def _symbols(module: Module, acls: bool) -> list[tuple[str, object]]:
    """(kind, view) in apibuild's order: macros, enums, typedefs, variables, functions."""
    out: list[tuple[str, object]] = []
    out.extend(("macro", _macro(m)) for m in module.macros)
    values = _printed_values(module)
    out.extend(("enum", _member(m, values[m.name])) for m in module.members)
    typedef_like: list[tuple[str, tuple[str, object]]] = []
    typedef_like += [(s.name, ("struct", _struct(s))) for s in module.structs]
    typedef_like += [(t.name, ("typedef", _typedef(t))) for t in module.typedefs]
    typedef_like += [(e.name, ("typedef", _enum_typedef(e))) for e in module.enums]
    out.extend(item for _, item in sorted(typedef_like, key=lambda pair: pair[0]))
    out.extend(("variable", _variable(v)) for v in module.variables)
    callable_like: list[tuple[str, tuple[str, object]]] = []
    callable_like += [(f.name, ("function", _function(f, acls))) for f in module.functions]
    callable_like += [(f.name, ("functype", _functype(f))) for f in module.functypes]
    out.extend(item for _, item in sorted(callable_like, key=lambda pair: pair[0]))
    return out


def type_doc(text: str) -> str:
    return " ".join(line.strip() for line in text.split("\n") if line.strip())


@dataclass(frozen=True, slots=True)
class MacroView:
    name: str
    file: str
    params: str | None
    string: str | None
    raw: str
    version: str
    info: str
    args: list[tuple[str, str]]


def _macro(macro: Macro) -> MacroView:
    return MacroView(
        macro.name, macro.header,
        ",".join(macro.params) if macro.params is not None else None,
        macro.string, macro.raw, macro.since, one_line(macro.doc),
        [(p.name, p.doc) for p in macro.param_docs],
    )


@dataclass(frozen=True, slots=True)
class MemberView:
    name: str
    file: str
    value: str | None
    value_hex: str | None
    value_bitshift: str | None
    type: str
    version: str
    info: str
    documented: bool


def _printed_values(module: Module) -> dict[str, tuple[str | None, str | None]]:
    """(value, value_hex) as printed for each member, implicit ones included."""
    by_name = {m.name: m for m in module.members}
    printed: dict[str, tuple[str | None, str | None]] = {}
    ordered: list[list[str]] = [list(e.members) for e in module.enums]
    named = {n for group in ordered for n in group}
    for member in module.members:
        if member.name in named:
            continue
        if member.expression:
            ordered.append([member.name])
        else:  # of an anonymous enum, whose order the model keeps no list of: its own value, if known
            known = member.value
            printed[member.name] = (None, None) if known is None else (str(known), hex(known))
    for group in ordered:
        previous: int | None = -1
        for name in group:
            member = by_name[name]
            if member.expression:
                compact = exported_expression(member.expression)
                if prints_verbatim(compact) or member.value is None:
                    printed[name] = (compact, None)
                    previous = None
                else:
                    printed[name] = (str(member.value), hex(member.value))
                    previous = member.value
            elif member.value is None and may_end_numbering(previous):  # gcc's overflow: the model has no value (cdecl._enum)
                printed[name] = (None, None)
                previous = None
            elif (previous := next_implicit_value(previous)) is not None:
                if member.value is not None and member.value != previous:  # the model's value, never one it contradicts
                    previous = member.value
                printed[name] = (str(previous), hex(previous))
            elif member.value is not None:
                # after a member printed as written: the model's value, which the reader cannot work out (it knows
                # not which member comes before, nor the type a cast gives it: `(long)0xffffffff` is followed by
                # 4294967296 where `(unsigned int)0xffffffff` overflows); apibuild.py writes none, as it does where
                # its eval fails (`1 << 4`)
                printed[name] = (str(member.value), hex(member.value))
                previous = member.value
            else:  # after a member printed as written whose next the model has no value for, or past 2**64 - 1
                printed[name] = (None, None)
    return printed


def _c_digits(digits: str) -> int:
    """An integer constant of digits as C reads it: ``010`` is octal 8 (as the XML reader reads it back)."""
    return int(digits, 8) if len(digits) > 1 and digits.startswith("0") else int(digits)


def _member(member: EnumMember, value: tuple[str | None, str | None]) -> MemberView:
    bitshift = None
    if member.expression:
        # apibuild.py's test for value_bitshift: only a value *starting* "1<<N" or "(1<<N" gets the attribute
        # (N of its first shift), and byte-identical XML needs the same members to get it.  One correction:
        # apibuild.py also gives it to "(1 << 3) | (1 << 4)", whose value is not 1 << 3 (the attribute would
        # contradict the value, and our reader warns on it); no libvirt header has such a member.
        match = re.match(r"\(?1<<(\d+)\)?", exported_expression(member.expression))
        bitshift = match.group(1) if match and member.value == 1 << _c_digits(match.group(1)) else None
    return MemberView(
        member.name, member.header, value[0], value[1], bitshift, member.enum,
        member.since, member.doc, bool(member.doc or member.since),
    )


@dataclass(frozen=True, slots=True)
class FieldView:
    name: str
    type: str
    info: str
    union: list[FieldView] | None


@dataclass(frozen=True, slots=True)
class StructView:
    name: str
    file: str
    type: str
    version: str
    fields: list[FieldView] | None


def _field(field: Field) -> FieldView:
    spelled = field.type
    if field.array_size is not None:
        spelled = f"{field.type} {field.name}[{field.array_size}]"
    union = [_field(f) for f in field.union] if field.union is not None else None
    return FieldView(field.name, spelled, field.doc, union)


def _struct(struct: Struct) -> StructView:
    fields = [_field(f) for f in struct.fields] if struct.fields is not None else None
    return StructView(struct.name, struct.header, "struct " + struct.tag, struct.since, fields)


@dataclass(frozen=True, slots=True)
class TypedefView:
    name: str
    file: str
    type: str
    version: str
    info: str


def _typedef(typedef: Typedef) -> TypedefView:
    return TypedefView(typedef.name, typedef.header, typedef.type, typedef.since, type_doc(typedef.doc))


def _enum_typedef(enum: Enum_) -> TypedefView:
    return TypedefView(enum.name, enum.header, "enum", enum.since, type_doc(enum.doc))


@dataclass(frozen=True, slots=True)
class VariableView:
    name: str
    file: str
    type: str
    version: str
    info: str


def _variable(variable: Variable) -> VariableView:
    # This element alone keeps the space that followed each line's '*'.
    info = "\n ".join(variable.doc.split("\n"))
    return VariableView(variable.name, variable.header, variable.type, variable.since, info)


@dataclass(frozen=True, slots=True)
class FunctionView:
    name: str
    file: str
    module: str
    version: str
    info: str
    return_type: str
    return_info: str
    args: list[tuple[str, str, str]]
    acls: list[tuple[str, str, str, str | None]]  # (check|filter, object, perm, flags or None), spelled with dashes


def _function(function: Function, acls: bool) -> FunctionView:
    return FunctionView(
        function.name, function.header, function.module, function.version, function.description,
        function.return_type, one_line(function.return_doc),
        [(p.name, p.type, p.doc) for p in function.params],
        [_acl(a) for a in function.acls] if acls else [],
    )


def _acl(acl: Acl) -> tuple[str, str, str, str | None]:
    """apibuild's spelling: dashes in names; ``flags`` present (maybe empty) when
    the rule has a flag or a parameter condition, which the schema cannot hold."""
    flags = acl.flag if acl.flag or acl.condition else None
    return acl.kind, acl.object.replace("_", "-"), acl.permission.replace("_", "-"), flags


def _functype(functype: FuncType) -> FunctionView:
    return FunctionView(
        functype.name, functype.header, functype.header, functype.since, functype.description,
        functype.return_type, one_line(functype.return_doc),
        [(p.name, p.type, p.doc) for p in functype.params],
        [],
    )
