"""Backend: libvirt's remote protocol for the API's remote procedures.

``render(api, remote_protocol)`` writes, under ``rpc/``:

* ``remote_protocol.x``: the args/ret structs and ``REMOTE_PROC_*`` entries
  (with ``@generate``, ``@priority``, ``@acl``) in libvirt's conventions, plus
  the base types they need so that rpcgen reads the file on its own;
* ``libvirt_remote.py``: a pure-Python client (XDR codecs, the unix-socket
  transport, and the ctypes bindings' class and method names, from
  :mod:`generator.naming`, for the procedures in scope and libvirt's
  handle classes, not libvirt-admin's); it needs no ``libvirt.so``;
* ``remote_client_bodies.h`` and ``remote_dispatch_stubs.h``: C client bodies
  and server dispatch functions in the style of libvirt's build, for code
  that provides libvirt's internal helpers (``call``, ``make_nonnull_*``,
  ``get_nonnull_*``, ...); unused dispatcher parameters are ``G_GNUC_UNUSED``
  as in gendispatch.pl's, and ``remoteProcs[]`` has libvirt's layout (slot N
  is procedure N, NULL where nothing is generated here), to be merged into
  libvirtd's table, not to replace it (docs/rpc.md).

Which procedures: every function of the headers listed in
``generator/rpc/procedures.toml`` ``[scope]`` (the checkpoint API) plus every
function with an entry there, when the model has it; local functions (Ref,
Free, GetName, GetConnect, ...) and functions the rules cannot map are left
out, the latter with a note.  The same choice is made for the sample tree and
for a real tree (``--srcdir``): the rules are proven on these procedures
only (structurally equal to libvirt 9.0.0's), so widening the scope is a
reviewed edit of the data file, not a side effect of pointing at a bigger
tree.  With ``--remote-protocol FILE`` procedure numbers come from that file,
so they stay what the deployed protocol says, and no number it uses is handed
to another procedure; a function known to neither gets the next free number
and a note in the ``.x`` (see docs/rpc.md).  That note is a ``/* */`` comment
of its own just before the entry's ``/** @generate ... */`` block, never a
line inside it: ``gendispatch.pl`` accepts only ``@key: value`` lines there
and stops ("cannot parse") on anything else.  A FILE that cannot be trusted
(not UTF-8, no ``enum remote_procedure``, a number used twice, ...) gives
error diagnostics (:func:`diagnostics`), never an exception.

The client's connection methods carry their C function and the error domain
of its ``.c`` module (``[error_domains]`` in the data file, else
``VIR_FROM_<MODULE>`` from the model's virterror.h): after ``close()`` they
raise libvirt-python's "invalid connection pointer in <function>" with it.
They reach the connection through ``self._conn``, which ``close()`` points at
a stand-in that raises, so an open connection's calls pay nothing for it.

Names: wire members follow :mod:`generator.rpc.rules` (no XDR or C keyword,
no repeat); Python parameters follow naming rule 7, as in the ctypes
bindings, and the client's method bodies name their own locals with a
leading ``_``, which no parameter has.  In the C files a parameter keeps
its C name unless the body uses that name itself (:func:`c_parameter_names`):
a local or parameter of the generated functions (``rv``, ``args``, ``ret``,
``priv``, ``conn``, ``result``, ``server``, ...), a function they call
(``call``, ``free``, ``memset``, ...), ``bool``/``true``/``false`` (macros of
``stdbool.h``, which the driver includes), or a name of the namespaces the bodies
call into (``vir...``, ``remote...``, ``xdr_...``, ``make_nonnull_...``,
``get_nonnull_...``); such a parameter gets a trailing ``_`` (then more
until it is unique).  The connection parameter named ``conn`` is the
body's ``conn`` and keeps it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..diagnostics import Diagnostic
from ..model import Api, Function, Location
from ..naming import PyName, free_name, python_parameters
from ..rpc import data as rpc_data
from ..rpc.data import ERROR_REPLY_STRUCTS, XDR_FIELD_CODECS, DataError, HandleFacts
from ..rpc.numbers import ProtocolFile
from ..rpc.rules import LocalGetter, ParamWire, Plan, Procedure, WireStruct, plan
from ..templating import environment
from ..templating import render as render_template
from . import source_files


def render(api: Api, remote_protocol: ProtocolFile | bytes | str | None = None) -> dict[str, str]:
    """The four files; never fails on a bad ``remote_protocol`` (:func:`diagnostics` reports it as errors), raises
    :class:`~generator.rpc.data.DataError` for a mistake in ``procedures.toml`` (which :func:`render_with_diagnostics` reports)."""
    return _render_plan(api, plan(api, remote_protocol))


def render_with_diagnostics(
    api: Api, remote_protocol: ProtocolFile | bytes | str | None = None
) -> tuple[dict[str, str], tuple[Diagnostic, ...]]:
    """:func:`render` and :func:`diagnostics` from one plan (the CLI's hook:
    the plan is the costly half of both)."""
    try:
        the_plan = plan(api, remote_protocol)
    except DataError as error:  # a maintainer's edit of procedures.toml gone wrong: bad input, nothing written
        return {}, (data_error(error),)
    methods = _class_methods(the_plan, _error_domains(api))  # both halves need it: the client's classes, their clashes
    return _render_plan(api, the_plan, methods), _notes(api, the_plan, methods)


def data_error(error: DataError) -> Diagnostic:
    """The ``rpc-data`` error for a mistake in ``procedures.toml`` (:mod:`generator.rpc.data`)."""
    return Diagnostic(Location(str(rpc_data.DATA_FILE), error.line, error.col), "error", error.message, rpc_data.RULE)


# each class's methods and their name clashes (:func:`_class_methods`)
_Methods = tuple[dict[str, list["MethodView"]], tuple[Diagnostic, ...]]


def _render_plan(api: Api, the_plan: Plan, methods: _Methods | None = None) -> dict[str, str]:
    source = _source(api, the_plan)
    return {
        "remote_protocol.x": render_protocol(the_plan, source),
        "remote_client_bodies.h": render_c("rpc/remote_client_bodies.h.j2", the_plan, source, ("both", "client")),
        "remote_dispatch_stubs.h": render_c("rpc/remote_dispatch_stubs.h.j2", the_plan, source, ("both", "server"), table=True),
        "libvirt_remote.py": render_python(api, the_plan, source, methods),
    }


def diagnostics(api: Api, remote_protocol: ProtocolFile | bytes | str | None = None) -> tuple[Diagnostic, ...]:
    """For the CLI to print: notes for the reviewer (assigned or overridden numbers,
    functions left out) and errors in ``remote_protocol`` (not UTF-8, no procedure
    enum, an entry that cannot be read, a number or name used twice), at their
    place in that file; a mistake in ``procedures.toml`` (``rpc-data``).  With an error the output must not be written."""
    try:
        return _notes(api, plan(api, remote_protocol))
    except DataError as error:
        return (data_error(error),)


def _notes(api: Api, the_plan: Plan, methods: _Methods | None = None) -> tuple[Diagnostic, ...]:
    """The plan's notes and errors, and the Python client's name clashes (:func:`_class_methods`, or ``methods``)."""
    _methods, clashes = methods or _class_methods(the_plan, _error_domains(api))
    return tuple(sorted(the_plan.notes + clashes)) if clashes else the_plan.notes


def _source(api: Api, the_plan: Plan) -> str:
    """The X of the "generated by virt-apigen from X" line: the inputs of the
    modules whose functions the plan carries, named as every backend names a
    module's (:func:`source_files`: its ``.syms`` file and header folders, or
    the XML file read), and ``procedures.toml``.  Not each header a function
    is declared in: that list grows with the procedures, and the 9.0.0
    tree's three headers made the Python client's first line 188 characters
    long, over ruff's limit (QA, session 26); it also named headers an
    ``--api-xml`` run never read."""
    carried = {p.function.name for p in the_plan.procedures} | {g.function.name for g in the_plan.local_getters}
    modules = [m for m in api.modules if any(f.name in carried for f in m.functions)]
    return ", ".join(dict.fromkeys([file for m in modules for file in source_files(m)] + ["generator/rpc/procedures.toml"]))


# --- remote_protocol.x -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProcedureView:
    function: str
    structs: tuple[WireStruct, ...]


@dataclass(frozen=True, slots=True)
class EnumEntry:
    constant: str
    number: int
    generate: str
    priority: str | None
    acl: tuple[str, ...]
    notes: tuple[str, ...]


def _structs(procedure: Procedure) -> tuple[WireStruct, ...]:
    return tuple(s for s in (procedure.args, procedure.ret) if s is not None)


def _enum_entries(the_plan: Plan) -> list[EnumEntry]:
    entries = [EnumEntry(t.constant, t.number, t.generate, t.priority, t.acl, ()) for t in the_plan.transport]
    for p in the_plan.procedures:
        notes = (f"virt-apigen: {p.note}",) if p.note else ()
        entries.append(EnumEntry(p.constant, p.number, p.generate, p.priority, p.acl, notes))
    return sorted(entries, key=lambda e: e.number)


def render_protocol(the_plan: Plan, source: str) -> str:
    facts = the_plan.facts
    return render_template(
        "rpc/remote_protocol.x.j2",
        source=source,
        string_max=facts.string_max,
        list_maxima=the_plan.list_maxima,
        handles=the_plan.handles,
        procedures=[ProcedureView(p.function.name, _structs(p)) for p in the_plan.procedures],
        program_number=f"0x{facts.program_number:08x}",
        program_version=facts.program_version,
        enum_entries=_enum_entries(the_plan),
    )


# --- C stubs -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CParamView:
    kind: str  # "connection", "handle", "string", "scalar", "list"
    c_name: str
    c_type: str
    member: str
    nullable: bool
    stem: str  # "domain_checkpoint": make_nonnull_<stem>/get_nonnull_<stem>
    owner: str = ""  # a dispatcher's local holding the domain get_nonnull_<stem> takes ("dom"), "" when it takes the connection


@dataclass(frozen=True, slots=True)
class CResultView:
    kind: str  # "void", "handle", "string", "list"
    member: str
    c_name: str  # the list out-parameter
    c_type: str  # handle pointer type
    stem: str
    list_max: str


@dataclass(frozen=True, slots=True)
class CProcedureView:
    name: str  # DomainCheckpointCreateXML
    function: str
    number: int
    constant: str
    priority: int
    c_return: str
    c_return_decl: str
    fail_value: str
    c_signature: str
    conn_expr: str  # the connection in a client body: gendispatch.pl's $priv_src
    result_owner: str  # what get_nonnull_<stem> of the returned handle takes in a client body
    args: str | None
    ret: str | None
    args_filter: str
    ret_filter: str
    params: tuple[CParamView, ...]
    result: CResultView
    call_args: str
    dispatch_indent: str
    helper_indent: str


# What the generated C bodies declare, take or call: a parameter by one of these names gets a trailing "_".
# bool, true, false: stdbool.h's macros, in scope where the bodies are compiled.
C_BODY_NAMES = frozenset(
    (
        "rv", "i", "tmp_results", "conn", "priv", "args", "ret", "result", "nresults", "server", "client", "msg", "rerr", "call", "memset",
        "calloc", "free", "xdr_free", "bool", "true", "false",
    )
)
C_BODY_PREFIXES = ("vir", "remote", "xdr_", "make_nonnull_", "get_nonnull_")


def c_parameter_names(procedure: Procedure) -> dict[str, str]:
    """C parameter name → the name the generated C functions give it (see the module docs)."""
    params = procedure.params
    names = [p.c.name for p in params]
    renamed: dict[str, str] = {}
    for param in params:
        name = param.c.name
        if (param.kind != "connection" or name != "conn") and (name in C_BODY_NAMES or name.startswith(C_BODY_PREFIXES)):
            name = free_name(name + "_", {*names, *renamed.values(), *C_BODY_NAMES})
        renamed[param.c.name] = name
    return renamed


def _stem(handle: HandleFacts | None) -> str:
    return handle.struct.removeprefix("remote_nonnull_") if handle else ""


def _c_param(param: ParamWire, c_names: dict[str, str]) -> CParamView:
    name = c_names[param.c.name]
    return CParamView(param.kind, name, param.c.type, param.member, param.nullable, _stem(param.handle))


def _c_result(procedure: Procedure, c_names: dict[str, str]) -> CResultView:
    result = procedure.result
    handle = result.handle
    c_type = handle.c_class + "Ptr" if handle else ""
    c_name = c_names[procedure.function.params[result.list_index].name] if result.kind == "list" else ""
    return CResultView(result.kind, result.member, c_name, c_type, _stem(handle), result.list_max)


# How gendispatch.pl (libvirt 9.0.0, src/rpc/gendispatch.pl) reaches a handle's connection through
# datatypes.h's fields, keyed on the handle's name as it does: X->conn, a checkpoint's or snapshot's
# X->domain->conn, a network port's X->net->conn; the handles whose get_nonnull_<stem>() takes the domain.
_OWNER_FIELDS = {"domain_checkpoint": "->domain", "domain_snapshot": "->domain", "network_port": "->net"}
_TAKE_DOMAIN = frozenset(("domain_checkpoint", "domain_snapshot"))


def _connection(procedure: Procedure, c_names: dict[str, str]) -> str:
    """The connection a client body talks through (``$priv_src``): the first parameter is the
    connection or a handle, as the rules map no other function (generator.rpc.rules: Reach)."""
    first = procedure.params[0]
    if first.kind == "connection":
        return c_names[first.c.name]
    return f"{c_names[first.c.name]}{_OWNER_FIELDS.get(_stem(first.handle), '')}->conn"


def _result_owner(procedure: Procedure, connection: str) -> str:
    """What a client body passes get_nonnull_<stem>() for the returned handle:
    the domain when that handle's helper takes one (reached as the connection
    is, without its ``->conn``), else the connection."""
    if _stem(procedure.result.handle) in _TAKE_DOMAIN and connection.endswith("->conn"):
        return connection.removesuffix("->conn")
    return connection


def _with_domain_locals(params: tuple[CParamView, ...]) -> tuple[CParamView, ...]:
    """Each handle parameter whose get_nonnull_<stem>() takes the domain gets the
    dispatcher's local for it (``dom``, then ``dom_``... while a parameter or
    another such local has the name), as gendispatch.pl declares ``dom``."""
    taken = {p.c_name for p in params}
    owned = []
    for param in params:
        if param.kind == "handle" and param.stem in _TAKE_DOMAIN:
            local = free_name("dom", taken)
            taken.add(local)
            param = replace(param, owner=local)
        owned.append(param)
    return tuple(owned)


def _call_arg(param: ParamWire, c_names: dict[str, str]) -> str:
    if param.kind == "connection":
        return "conn"
    if param.kind == "handle":
        return c_names[param.c.name]
    if param.kind == "list":
        return "args->need_results ? &result : NULL"
    if param.nullable:
        return f"args->{param.member} ? *args->{param.member} : NULL"
    return f"args->{param.member}"


def _priority(priority: str | None) -> int:
    """The ``priority`` of a ``remoteProcs[]`` slot, as gendispatch.pl writes it: 1 for ``@priority: high``."""
    return 1 if priority == "high" else 0


def _c_declaration(c_type: str, name: str) -> str:
    return f"{c_type}{name}" if c_type.endswith("*") else f"{c_type} {name}"


def _c_procedure(procedure: Procedure) -> CProcedureView:
    function = procedure.function
    c_names = c_parameter_names(procedure)
    name = function.name.removeprefix("vir")
    c_return = function.return_type.strip()
    fail = "-1" if c_return == "int" else "NULL"
    args = procedure.args.name if procedure.args else None
    ret = procedure.ret.name if procedure.ret else None
    connection = _connection(procedure, c_names)
    return CProcedureView(
        name=name,
        function=function.name,
        number=procedure.number,
        constant=procedure.constant,
        priority=_priority(procedure.priority),
        c_return=c_return,
        c_return_decl=_c_declaration(c_return, "rv"),
        fail_value=fail,
        c_signature=", ".join(_c_declaration(p.type.strip(), c_names[p.name]) for p in function.params) or "void",
        conn_expr=connection,
        result_owner=_result_owner(procedure, connection),
        args=args,
        ret=ret,
        args_filter=f"xdr_{args}" if args else "xdr_void",
        ret_filter=f"xdr_{ret}" if ret else "xdr_void",
        params=_with_domain_locals(tuple(_c_param(p, c_names) for p in procedure.params)),
        result=_c_result(procedure, c_names),
        call_args=", ".join(_call_arg(p, c_names) for p in procedure.params),
        dispatch_indent=" " * len(f"remoteDispatch{name}("),
        helper_indent=" " * len(f"remoteDispatch{name}Helper("),
    )


@dataclass(frozen=True, slots=True)
class TableEntry:
    """One slot of ``remoteProcs[]``: its index is the procedure number, as in libvirt's table."""

    number: int
    comment: str
    procedure: CProcedureView | None  # None: no dispatcher here (func NULL)
    priority: int


def _table(the_plan: Plan, views: list[CProcedureView]) -> list[TableEntry]:
    """Slots 0 to the highest number, like gendispatch.pl's: a procedure is found at
    ``procs[number]`` (virNetServerProgramGetProc), and a NULL ``func`` makes the
    server answer "unknown procedure".  Dense, so its size follows the highest
    number: :data:`generator.rpc.numbers.PROCEDURE_MAX` bounds every number the
    plan holds (a higher one is an error before rendering)."""
    generated = {v.number: v for v in views}
    known = {t.number: (t.constant, t.priority) for t in the_plan.transport}
    known.update({p.number: (p.constant, p.priority) for p in the_plan.procedures})
    entries = []
    for number in range(max([*known, 0]) + 1):
        view = generated.get(number)
        if view is not None:
            entries.append(TableEntry(number, f"Method {view.name} => {number}", view, view.priority))
        elif number in known:
            constant, priority = known[number]
            entries.append(TableEntry(number, f"{constant} => {number}: not generated here", None, _priority(priority)))
        else:
            entries.append(TableEntry(number, f"Not in this output => {number}", None, 0))
    return entries


def render_c(template: str, the_plan: Plan, source: str, roles: tuple[str, ...], table: bool = False) -> str:
    views = [_c_procedure(p) for p in the_plan.procedures if p.generate in roles]
    return render_template(template, source=source, procedures=views, table=_table(the_plan, views) if table else [])


# --- the Python client ---------------------------------------------------------------

_PY_TYPES = {"int": "int", "unsigned int": "int", "long long": "int", "unsigned long long": "int", "long": "int", "unsigned long": "int"}


@dataclass(frozen=True, slots=True)
class Codec:
    kind: str  # "i32", "u32", "i64", "u64", "string", "optional_string", "uuid", "struct", "optional_struct"
    struct: str = ""


@dataclass(frozen=True, slots=True)
class FieldView:
    name: str
    codec: Codec


@dataclass(frozen=True, slots=True)
class DecodeStep:
    # "fixed" (a run of fixed-size fields read at once), "string", "optional_string", "struct", "optional_struct";
    # "past": a struct read past, its XDR checked, its value not made (the owner the caller gives)
    kind: str
    targets: str  # "f1, f2" / "(f1,)" / "f0"
    format: str = ""  # name of the module-level struct.Struct for a fixed run
    layout: str = ""  # its format string, e.g. ">16si"
    size: int = 0
    struct: str = ""


@dataclass(frozen=True, slots=True)
class PastStep:
    kind: str  # "fixed" (bytes of fixed-size fields in a row), "string", "optional_string", "struct", "optional_struct"
    size: int = 0
    struct: str = ""


@dataclass(frozen=True, slots=True)
class StructView:
    name: str
    fields: tuple[FieldView, ...]
    steps: tuple[DecodeStep, ...]
    values: str  # "f0, f1, f2" (with a trailing comma for one field)
    # returned with the caller's owner (a checkpoint its domain): _at_<name>_of's steps, the owner's field
    # read past, and its values, "owner" in that field's place (() and "" when no procedure returns one so)
    owned_steps: tuple[DecodeStep, ...] = ()
    owned_values: str = ""
    # read past in a reply (the owner a returned handle embeds, and what that embeds): _past_<name>'s steps
    past: tuple[PastStep, ...] = ()
    # _at_<name> is written: some method or decoder reads the struct whole (:func:`_decoded_whole`)
    plain: bool = True


@dataclass(frozen=True, slots=True)
class PyParam:
    name: str
    annotation: str
    default: str


@dataclass(frozen=True, slots=True)
class PackStep:
    codec: Codec
    expr: str
    name: str  # what its errors call the value: the Python parameter, or the wire member a method fills itself
    checked: bool = False  # a handle argument: ``expr`` takes its wire form through ``_wire_of``, which checks its class


@dataclass(frozen=True, slots=True)
class MethodView:
    kind: str  # "procedure", or a local getter's kind: "connection", "field", "uuid-string", "handle-field"
    name: str
    aliases: tuple[str, ...]
    params: tuple[PyParam, ...]
    returns: str
    doc: str
    steps: tuple[PackStep, ...] = ()
    constant: str = ""
    result: str = ""
    cls: str = ""
    struct: str = ""
    list_max: str = ""
    owner: str = ""  # the caller's owner the returned handle is made from ("self._wire", "self._wire[1]"), "" when none
    index: int = 0
    closed_error: tuple[str, int, str] | None = None  # a connection's own method: (C function, error domain, its name) it refuses with once closed


@dataclass(frozen=True, slots=True)
class ClassView:
    name: str
    doc: str
    struct: str  # its wire struct ("" when it has none)


@dataclass(frozen=True, slots=True)
class OpenView:
    name: str
    readonly: bool


_FIXED = {"i32": ("i", 4), "u32": ("I", 4), "i64": ("q", 8), "u64": ("Q", 8), "uuid": ("16s", 16)}


def _decode_steps(name: str, fields: tuple[FieldView, ...], past: int = -1) -> tuple[DecodeStep, ...]:
    """Consecutive fixed-size fields become one struct.Struct read: fewer calls per item.  The
    struct field at index ``past`` (an owner) is read past, not decoded; a struct field ends a
    run either way, so both forms of a struct have the same runs, under the same names."""
    steps: list[DecodeStep] = []
    run: list[tuple[int, str, int]] = []

    def flush() -> None:
        if not run:
            return
        targets = ", ".join(f"f{i}" for i, _, _ in run) if len(run) > 1 else f"(f{run[0][0]},)"
        layout = ">" + "".join(code for _, code, _ in run)
        steps.append(DecodeStep("fixed", targets, f"_{name.upper()}_{len(steps)}", layout, sum(size for _, _, size in run)))
        run.clear()

    for index, field in enumerate(fields):
        if field.codec.kind in _FIXED:
            run.append((index, *_FIXED[field.codec.kind]))
            continue
        flush()
        if index == past:
            assert field.codec.kind == "struct"  # an owner is a handle's nonnull struct (generator.rpc.rules.owner_field)
            steps.append(DecodeStep("past", "", struct=field.codec.struct))
        else:
            steps.append(DecodeStep(field.codec.kind, f"f{index}", struct=field.codec.struct))
    flush()
    return tuple(steps)


def _past_steps(fields: tuple[FieldView, ...]) -> tuple[PastStep, ...]:
    """Reading past a struct: consecutive fixed-size fields become one ``pos +=``."""
    steps: list[PastStep] = []
    for field in fields:
        kind = field.codec.kind
        if kind in _FIXED:
            size = _FIXED[kind][1] + (steps.pop().size if steps and steps[-1].kind == "fixed" else 0)
            steps.append(PastStep("fixed", size))
        else:
            steps.append(PastStep(kind, struct=field.codec.struct))
    return tuple(steps)


def _owned_handles(procedures: list[Procedure]) -> dict[str, int]:
    """The wire struct of each handle one of ``procedures`` returns made from the caller's owner → that owner's field."""
    return {p.result.handle.struct: p.result.owner_field for p in procedures if p.result.handle and p.result.owner_field >= 0}


def _read_past(the_plan: Plan, owned: dict[str, int]) -> set[str]:
    """The structs a reply is read past: an error reply's dom and net, the owners of the ``owned``
    handles, and every struct they embed."""
    by_struct = {h.struct: h for h in the_plan.handles}

    def embedded(struct: str) -> list[str]:
        return [codec.struct for xdr, _ in by_struct[struct].fields if (codec := _codec(xdr, the_plan)).struct]

    return _reachable([*ERROR_REPLY_STRUCTS, *(by_struct[s].fields[i][0] for s, i in owned.items())], embedded)


def _reachable(start: list[str], embedded: Callable[[str], list[str]]) -> set[str]:
    """``start`` and every struct they embed, and those embed, and so on."""
    found: set[str] = set()
    while start:
        name = start.pop()
        if name not in found:
            found.add(name)
            start += embedded(name)
    return found


def _struct_view(handle: HandleFacts, the_plan: Plan, owned: dict[str, int], past: set[str]) -> StructView:
    fields = tuple(FieldView(name, _codec(xdr, the_plan)) for xdr, name in handle.fields)
    view = StructView(handle.struct, fields, _decode_steps(handle.struct, fields), _values(len(fields), -1))
    owner = owned.get(handle.struct, -1)
    if owner >= 0:
        view = replace(view, owned_steps=_decode_steps(handle.struct, fields, owner), owned_values=_values(len(fields), owner))
    if handle.struct in past:
        view = replace(view, past=_past_steps(fields))
    return view


# remote_error's optional dom and net, which the template's _unpack_error reads past in every client (libvirt.so
# reports neither, so a name in them that is not UTF-8 must not fail the error)


def _decoded_whole(structs: list[StructView], methods: dict[str, list[MethodView]]) -> set[str]:
    """The structs whose plain decoder (``_at_<name>``) the client calls: those a method
    returns not made from the caller's owner, and the struct fields of every decoder
    written (an error reply's are read past: :func:`_read_past`).  A checkpoint is always made from its caller's domain, so the sample's
    client has no ``_at_remote_nonnull_domain_checkpoint``: it was written, unused."""
    by_name = {view.name: view for view in structs}
    wanted = [m.struct for views in methods.values() for m in views if m.result in ("handle", "list") and not m.owner]
    wanted += [step.struct for view in structs for step in view.owned_steps if step.kind in ("struct", "optional_struct")]

    def embedded(name: str) -> list[str]:
        steps = by_name[name].steps if name in by_name else ()
        return [step.struct for step in steps if step.kind in ("struct", "optional_struct")]

    return _reachable(wanted, embedded)


# what the template's own code calls whatever is in scope: CONNECT_OPEN packs its flags
_TRANSPORT_HELPERS = ("_pack_u32",)
# the helpers a decoder step of each kind calls (the template's decode_steps), with those they call
_DECODE_HELPERS = {"string": ("_name_of",), "optional_string": ("_optional_at", "_string_at", "_name_of"), "optional_struct": ("_optional_at",)}


def _pack_helpers(codec: Codec, wire: bool) -> tuple[str, ...]:
    """The helpers the template's ``pack`` macro calls for ``codec``, with those they call; ``wire``:
    a field of a handle's wire form.  A struct's packer is written for every handle (its class's
    ``_pack``), so it is not counted here."""
    if codec.kind in ("string", "optional_string"):
        string = "_pack_wire_string" if wire else "_pack_string"
        return (string,) if codec.kind == "string" else (string, string.replace("_pack_", "_pack_optional_", 1))
    if codec.kind == "optional_struct":
        return ("_pack_optional",)
    if codec.kind in ("struct", "encoded"):
        return ()
    return (f"_pack_{codec.kind}",)


def _helpers(structs: list[StructView], methods: dict[str, list[MethodView]]) -> frozenset[str]:
    """The codec helpers the client calls: the template writes those only, as a helper that the
    procedures in scope never reach is dead code in a module its users read (QA, session 34: the
    sample's client carried ``_pack_optional_string``, ``_pack_i64``, ``_string_at``, ...).  Derived
    from what is written: each method's packing and local getters, each wire struct's packer and
    the decoders written (an ``_at_`` only when :func:`_decoded_whole` wants it; a ``_past_`` reads
    its strings in line)."""
    found = set(_TRANSPORT_HELPERS)
    for view in (m for views in methods.values() for m in views):
        for step in view.steps:
            found.update(_pack_helpers(step.codec, wire=False))
            if step.checked:
                found.add("_wire_of")
        if view.kind == "uuid-string":
            found.add("_uuid_string")
    for struct in structs:
        for field in struct.fields:
            found.update(_pack_helpers(field.codec, wire=True))
        for decode in (struct.steps if struct.plain else ()) + struct.owned_steps:
            found.update(_DECODE_HELPERS.get(decode.kind, ()))
    return frozenset(found)


# the _Reader methods a method's result calls (the template's method macro); the others are called
# whatever is in scope (AUTH_LIST's array, the error reply's optional_text, ...)
_RESULT_READS = {"string": ("string",), "handle": ("decode",), "list": ("decode_list", "counted")}


def _reader_methods(methods: list[MethodView]) -> frozenset[str]:
    """The ``_Reader`` methods that only a procedure's result calls, for the results written: a client
    whose procedures are all generated for the server alone calls none of them."""
    return frozenset(name for m in methods for name in _RESULT_READS.get(m.result, ()))


def _values(count: int, owner: int) -> str:
    """The tuple a decoder returns: ``f0, f1``, with ``owner`` in place of the owner's field."""
    return ", ".join("owner" if i == owner else f"f{i}" for i in range(count)) + ("," if count == 1 else "")


def _codec(xdr: str, the_plan: Plan) -> Codec:
    if xdr in XDR_FIELD_CODECS:
        return Codec(XDR_FIELD_CODECS[xdr])
    for handle in the_plan.handles:
        if xdr == handle.struct:
            return Codec("struct", xdr)
        if xdr == handle.optional:
            return Codec("optional_struct", handle.struct)
    raise ValueError(f"no Python codec for XDR type {xdr}")


def _py_names(function: Function, the_plan: Plan) -> dict[str, str]:
    """Naming rule 7, exactly as the ctypes bindings apply it: the same keyword arguments."""
    return python_parameters(function, True, the_plan.package_names)


def _py_params(procedure: Procedure, the_plan: Plan) -> tuple[PyParam, ...]:
    params = []
    names = _py_names(procedure.function, the_plan)
    for param in procedure.params[1:]:
        if param.kind == "list":
            continue
        if param.kind == "handle":
            assert param.handle is not None
            annotation = param.handle.c_class
        elif param.kind == "string":
            annotation = "str | None" if param.nullable else "str"
        else:
            annotation = _PY_TYPES.get(param.c.type.strip(), "int")
        params.append(PyParam(names[param.c.name], annotation, "0" if param.c.name == "flags" else ""))
    # a default only where every later parameter has one too
    for index in range(len(params) - 1, -1, -1):
        if params[index].default and any(not p.default for p in params[index + 1 :]):
            params[index] = PyParam(params[index].name, params[index].annotation, "")
    return tuple(params)


def _pack_steps(procedure: Procedure, the_plan: Plan) -> tuple[PackStep, ...]:
    steps = []
    names = _py_names(procedure.function, the_plan)
    for index, param in enumerate(procedure.params):
        if param.kind == "connection":
            continue
        codec = _codec(param.xdr, the_plan)
        name = names.get(param.c.name, "self")
        if param.kind == "list":
            steps.append(PackStep(Codec("i32"), "1", param.member))
        elif param.kind == "handle" and index == 0:
            steps.append(PackStep(Codec("encoded", codec.struct), "self._encoded()", name))
        elif param.kind == "handle":
            assert param.handle is not None
            steps.append(PackStep(codec, f'_wire_of({name}, {param.handle.c_class}, "{name}")', name, checked=True))
        else:
            steps.append(PackStep(codec, name, name))
    return tuple(steps)


def _procedure_doc(function: str, number: int, constant: str) -> str:
    """A method's docstring: the C function and the procedure, the constant on a line of its own when
    one line would pass the 160 columns ruff allows (the line is indented 8 and quoted 6)."""
    doc = f"{function} through remote procedure {number} ({constant})."
    return doc if len(doc) + 14 <= 160 else f"{function} through remote procedure {number}\n        ({constant})."


def _name_parts(function: str, constant: str, number: int) -> tuple[str, ...]:
    """What the client's errors call a procedure, ``virF (REMOTE_PROC_F, 9)`` (``REMOTE_PROC_F (9)``
    for a session procedure, which has no C function), as the string pieces of its entry in
    ``_PROCEDURE_NAMES``: two, written on lines of their own, when one line would pass the 160
    columns ruff allows."""
    if not function:
        return (f"{constant} ({number})",)
    whole = f"{function} ({constant}, {number})"
    if len(whole) + len(str(number)) + 9 <= 160:  # 4 spaces, the number, ": ", two quotes and a comma
        return (whole,)
    return (function, f" ({constant}, {number})")


def _proc_key(procedure: Procedure, the_plan: Plan) -> str:
    """The client's name for the procedure's number, ``_PROC_<key>``: its constant without the program's prefix."""
    return procedure.constant.removeprefix(the_plan.facts.procedure_prefix)


def _procedure_method(procedure: Procedure, the_plan: Plan, domains: dict[str, int]) -> MethodView | None:
    pyname = procedure.pyname
    if pyname is None or pyname.owner is None or procedure.generate not in ("both", "client"):
        return None
    closed_error = None
    if pyname.owner == "virConnect":
        domain = the_plan.facts.error_domain(procedure.function.module)
        closed_error = (procedure.function.name, domains.get(domain, 0), domain if domain in domains else "VIR_FROM_NONE")
    result = procedure.result
    handle_class = result.handle.c_class if result.handle else ""
    returns = {"void": "int", "string": "str", "handle": handle_class, "list": f"list[{handle_class}]"}[result.kind]
    # the caller's owner: the first parameter (self) or, where it embeds that owner, its field (rules.owner_path)
    owner = "self._wire" + "".join(f"[{i}]" for i in result.owner_path) if result.owner_field >= 0 else ""
    return MethodView(
        kind="procedure",
        name=pyname.name,
        aliases=pyname.aliases,
        params=_py_params(procedure, the_plan),
        returns=returns,
        doc=_procedure_doc(procedure.function.name, procedure.number, procedure.constant),
        steps=_pack_steps(procedure, the_plan),
        constant=_proc_key(procedure, the_plan),
        result=result.kind,
        cls=handle_class,
        struct=result.handle.struct if result.handle else "",
        list_max=result.list_max,
        owner=owner,
        closed_error=closed_error,
    )


def _getter_method(getter: LocalGetter, the_plan: Plan) -> MethodView | None:
    pyname = getter.pyname
    owner = next((h for h in the_plan.handles if h.c_class == getter.handle), None)
    if pyname is None or pyname.owner != getter.handle or owner is None:
        return None
    index = [name for _, name in owner.fields].index(getter.field) if getter.field else 0
    field_type = owner.fields[index][0] if getter.field else ""
    returns = {"connection": "virConnect", "uuid-string": "str", "handle-field": getter.returns}.get(getter.kind)
    if returns is None:
        returns = "str" if field_type == "remote_nonnull_string" else "bytes" if field_type == "remote_uuid" else "int"
    where = f"the handle's {getter.field} field" if getter.field else "the connection this handle came from"
    return MethodView(
        kind=getter.kind,
        name=pyname.name,
        aliases=pyname.aliases,
        params=(),
        returns=returns,
        doc=f"{getter.function.name}, answered locally from {where}.",
        cls=getter.returns,
        index=index,
    )


def _error_domains(api: Api) -> dict[str, int]:
    """``VIR_FROM_*`` → value, from the model's virterror.h (a tree without it: VIR_FROM_NONE, 0, for all)."""
    return {m.name: m.value for module in api.modules for m in module.members if m.name.startswith("VIR_FROM_") and m.value is not None}


def _close_name(the_plan: Plan) -> str:
    """The connection's release method, which the template writes itself (the session's CONNECT_CLOSE)."""
    close = the_plan.python_names.get("virConnectClose")
    return close.name if close else "close"


CLIENT_TEMPLATE = "rpc/libvirt_remote.py.j2"
# the client template's blocks that hold the classes methods are written into
CONNECTION_BLOCK = "connection_class"  # virConnect
HANDLE_BLOCK = "handle_classes"  # _Handle and each handle class


def template_members(close_name: str) -> tuple[dict[str, str], dict[str, str]]:
    """The names the client template itself gives the connection class, and every handle class (its
    own and its base ``_Handle``'s), each ``"method"`` or ``"attribute"``.

    Read from the template's class blocks, rendered with no method of a procedure and parsed, so
    they cannot drift from what the template writes: methods, class attributes, ``__slots__`` and
    what the methods set on ``self`` (an instance attribute hides a method of its name)."""
    template = environment().get_template(CLIENT_TEMPLATE)
    stand_in = ClassView("virStandIn", "", "remote_nonnull_stand_in")  # with a wire struct: every name a handle class can have
    context = template.new_context({"close_name": close_name, "classes": [stand_in], "class_methods": {"virConnect": [], stand_in.name: []}})
    connection = ast.parse("".join(template.blocks[CONNECTION_BLOCK](context)))
    handles = ast.parse("".join(template.blocks[HANDLE_BLOCK](context)))
    return _members(connection, "virConnect"), {**_members(handles, "_Handle"), **_members(handles, stand_in.name)}


def _members(module: ast.Module, cls: str) -> dict[str, str]:
    body = next(node for node in module.body if isinstance(node, ast.ClassDef) and node.name == cls).body
    found: dict[str, str] = {node.name: "method" for node in body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}
    for node in body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, "attribute")
                    if target.id == "__slots__" and isinstance(node.value, ast.Tuple):
                        found.update({slot.value: "attribute" for slot in node.value.elts if isinstance(slot, ast.Constant) and isinstance(slot.value, str)})
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Attribute) and isinstance(inner.ctx, ast.Store) and isinstance(inner.value, ast.Name) and inner.value.id == "self":
                    found.setdefault(inner.attr, "attribute")
    return found


def _class_methods(the_plan: Plan, domains: dict[str, int]) -> tuple[dict[str, list[MethodView]], tuple[Diagnostic, ...]]:
    """Each class's methods, and an error for each method whose name its class already has.

    A class body that defines a name twice keeps the last definition and loses the other without a
    word (QA, session 35: with libvirt-host in scope, virConnectClose's method replaced the
    transport's ``close()``), and a method named as an attribute or a base class's method breaks
    the class.  So a name is defined once: every name the template gives the class
    (:func:`template_members`: the connection's ``close()``, the session's, its ``__enter__``,
    ``_conn``, ...; a handle class's ``_pack`` and ``_Handle``'s ``__eq__``, ``_encoded``, ...)
    first, then the methods by name; a method whose name is taken is not written and is an error at
    its function (the CLI writes nothing), an alias that is taken is dropped, as
    :mod:`generator.naming` drops one."""
    # the client's connection class exists whatever the input declares (the transport is its own)
    methods: dict[str, list[MethodView]] = {"virConnect": [], **{name: [] for name in the_plan.classes}}
    found = [(_getter_method(g, the_plan), g.pyname, g.function) for g in the_plan.local_getters]
    found += [(_procedure_method(p, the_plan, domains), p.pyname, p.function) for p in the_plan.procedures]
    owned = sorted(
        ((view, pyname.owner, function) for view, pyname, function in found if view is not None and pyname is not None and pyname.owner),
        key=lambda item: (item[1], item[0].name, item[2].name),
    )
    connection, handle = template_members(_close_name(the_plan))
    taken: dict[str, dict[str, str]] = {}
    clashes: list[Diagnostic] = []
    kept: list[tuple[MethodView, str]] = []
    for view, owner, function in owned:
        names = taken.setdefault(owner, dict(connection if owner == "virConnect" else handle))
        if view.name in names:
            # a method of the name is replaced by this one; an attribute set on ``self`` hides this one instead
            if names[view.name] == "method":
                clash = f"already has a method {view.name}(), which this one would replace"
            else:
                clash = f"already has an attribute {view.name}, which would hide this method"
            message = f"{function.name}: the Python client's {owner} {clash}"
            clashes.append(Diagnostic(function.location, "error", message, "rpc-name"))
            continue
        names[view.name] = "method"
        kept.append((view, owner))
    for view, owner in kept:
        aliases = tuple(alias for alias in view.aliases if alias not in taken[owner])
        taken[owner].update(dict.fromkeys(aliases, "method"))
        methods.setdefault(owner, []).append(replace(view, aliases=aliases))
    return {name: sorted(views, key=lambda v: v.name) for name, views in methods.items()}, tuple(clashes)


def _constants(api: Api, the_plan: Plan) -> list[tuple[str, int]]:
    headers = set(the_plan.facts.scope_headers) | {"virterror"}
    return [(m.name, m.value) for module in api.modules for m in module.members if m.header in headers and m.value is not None and not m.sentinel]


def _open_functions(names: dict[str, PyName]) -> list[OpenView]:
    wanted = (("virConnectOpen", False), ("virConnectOpenReadOnly", True))
    return [OpenView(names[c].name, readonly) for c, readonly in wanted if c in names and names[c].owner is None]


def _class_doc(struct: str) -> str:
    """A class with no wire struct has no procedure in scope: it is exported for its name only."""
    if struct:
        return f"A libvirt object on a remote connection; on the wire: {struct}."
    return "A libvirt object type with no remote procedure in this client's scope (generator/rpc/procedures.toml): its name only."


# XDR's integers (RFC 4506 4.1, 4.5): the packer's name suffix and the range its values must fall in, as the
# client's error messages write them (hexadecimal, as C's limits.h does)
XDR_INT_RANGES = (
    ("i32", "-0x80000000", "0x7FFFFFFF"),
    ("u32", "0", "0xFFFFFFFF"),
    ("i64", "-0x8000000000000000", "0x7FFFFFFFFFFFFFFF"),
    ("u64", "0", "0xFFFFFFFFFFFFFFFF"),
)


def render_python(api: Api, the_plan: Plan, source: str, by_class: _Methods | None = None) -> str:
    names = the_plan.python_names
    class_methods, _clashes = by_class or _class_methods(the_plan, _error_domains(api))
    # what the client calls: a procedure generated for the server only (or for none) has no method, so
    # its number, its name in errors, its list bound and its decoders would be written unused (QA,
    # session 35: generate = "server" left every _PROC_ of the procedure behind)
    methods = [m for views in class_methods.values() for m in views if m.kind == "procedure"]
    called = {m.constant for m in methods}
    client = [p for p in the_plan.procedures if _proc_key(p, the_plan) in called]
    owned = _owned_handles(client)
    past = _read_past(the_plan, owned)
    structs = [_struct_view(h, the_plan, owned, past) for h in the_plan.handles]
    whole = _decoded_whole(structs, class_methods)
    structs = [replace(view, plain=view.name in whole) for view in structs]
    wire_of = {h.c_class: h.struct for h in the_plan.handles}
    classes = [ClassView(name, _class_doc(wire_of.get(name, "")), wire_of.get(name, "")) for name in the_plan.classes]
    open_functions = _open_functions(names)
    numbers = [(t.name, t.number, _name_parts("", t.constant, t.number)) for t in the_plan.transport]
    numbers += [(_proc_key(p, the_plan), p.number, _name_parts(p.function.name, p.constant, p.number)) for p in client]
    bounds = {m.list_max for m in methods}
    return render_template(
        CLIENT_TEMPLATE,
        source=source,
        classes=classes,
        exported=sorted(["libvirtError"] + [c.name for c in classes] + [f.name for f in open_functions]),
        open_functions=open_functions,
        close_name=_close_name(the_plan),
        constants=_constants(api, the_plan),
        program_number=f"0x{the_plan.facts.program_number:08X}",
        program_version=the_plan.facts.program_version,
        procedure_numbers=sorted(numbers, key=lambda item: item[1]),
        string_max=the_plan.facts.string_max,
        list_maxima=[(name, value) for name, value in the_plan.list_maxima if name in bounds],
        structs=structs,
        class_methods=class_methods,
        int_ranges=XDR_INT_RANGES,
        helpers=_helpers(structs, class_methods),
        reads=_reader_methods(methods),
    )
