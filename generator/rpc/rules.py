"""Rules from the C API model to libvirt's remote protocol.

The rules (REFERENCE §4 conventions, applied to any function):

* **Scope.** A function is considered when its header is listed in the data
  file's ``[scope]`` or it has a ``[procedures.<name>]`` entry.
* **Reach.** A call travels on a connection: the first parameter is the
  connection or a handle (whose connection it is); any other function
  (``int virX(void)``, ``virGetVersion``) is left out with a note.
* **Local functions** never travel: ``Ref``/``Free`` (lifetime), a getter of
  the connection (``...GetConnect``), and a one-handle getter answered from
  the handle's wire fields (``GetName`` → ``name``, ``GetID`` → ``id``,
  ``GetUUIDString`` → ``uuid``, ``GetDomain`` → the ``dom`` field).
* **Names.** ``virDomainCheckpointGetXMLDesc`` → ``domain_checkpoint_get_xml_desc``:
  structs ``remote_<snake>_args``/``_ret``, procedure ``REMOTE_PROC_<SNAKE>``.
* **Arguments**, in C order: the connection is implicit; a handle becomes its
  wire struct under the handle's member name (``dom``, ``checkpoint``);
  ``const char *`` becomes ``remote_nonnull_string`` (``remote_string`` when
  the data file marks it nullable) named in snake case; integers keep their
  XDR type (``unsigned long long`` → ``unsigned hyper``); a ``T ***`` list
  out-parameter becomes ``int need_results``.
* **Member names** that rpcgen or C would read as a keyword (``bool``,
  ``opaque``, ``string``, ``program``, ``version``, ``hyper``, ``int``, ...;
  :data:`RESERVED_MEMBERS`) get a trailing ``_``, and so does a member
  that would repeat an earlier one of its struct (``need_results``, ``ret``
  and the handle members come first), until it is unique.
* **Results.** A handle return → its wire struct under the handle's member
  name; a ``char *`` return → ``remote_nonnull_string`` named ``xml`` (when
  the function name says XML) or after what follows ``Get``; a list →
  ``/* insert@N */ T name<MAX>; int ret;`` where N is the C parameter index;
  an ``int`` 0/-1 status → no ret struct.  A returned handle whose wire form
  embeds another handle (a checkpoint its domain, ``dom``) is made from that
  owner, as libvirt's ``get_nonnull_domain_checkpoint(domain, wire)`` is: the
  first parameter must be the owner or a handle embedding the same owner (the
  C bodies reach it as ``gendispatch.pl`` does: ``checkpoint->domain``), else
  the function is left out with a note.  The reply's copy of the owner is
  not used (libvirt.so reads only the name): :attr:`ResultWire.owner_field`
  says which field of each returned handle the caller's owner fills, and
  :attr:`ResultWire.owner_path` where in the first parameter's wire form
  that owner is, for single handles and lists alike.
* **Numbers** come from the given ``remote_protocol.x``, else the data file
  (unless the given file uses that number for another procedure: numbers are
  append-only), else the next free number (above every number known), with a
  note whenever the data file is not followed.  A next free number above
  :data:`.numbers.PROCEDURE_MAX` is an error at the function, which is left
  out (the dispatch table is dense; see :mod:`.numbers`); it takes no number, so the
  next one is told the same.  What is wrong in the given file (see :mod:`.numbers`)
  is an error in ``Plan.notes``, and so is a session procedure (CONNECT_OPEN 1,
  CONNECT_CLOSE 2, AUTH_LIST 66) the file moves or whose number it gives to another:
  those numbers are fixed for every libvirt client.
* **Session procedures.** A function whose procedure would be named as a session
  procedure of the data file (``virConnectClose`` → ``REMOTE_PROC_CONNECT_CLOSE``,
  ``virConnectOpen`` → ``REMOTE_PROC_CONNECT_OPEN``) *is* that procedure: the transport
  carries it at its fixed number (the client's ``close()`` and ``open()``), so it gets
  no procedure of its own, whatever the scope or the entries say; a note at the
  function says so (and that its entry, if any, has no effect).

Functions in scope that the rules cannot map (callbacks, typed parameters,
...) are left out with a note rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..diagnostics import Diagnostic
from ..model import Api, Function, Location, Param
from ..naming import PyName, handle_classes, is_lifetime, package_names, python_names, with_named_parameters
from . import data
from .data import Facts, HandleFacts, ProcedureFacts, load_facts
from .numbers import PROCEDURE_MAX, ProcedureTable, ProtocolFile, read_procedures, shown

SCALARS = {
    "int": "int",
    "unsigned int": "unsigned int",
    "long long": "hyper",
    "unsigned long long": "unsigned hyper",
    "long": "hyper",
    "unsigned long": "unsigned hyper",
}


# Words rpcgen's scanner reserves (rpc_scan.c) and C keywords (C23 included): never a member name.
RESERVED_MEMBERS = frozenset(
    (
        "bool", "case", "char", "const", "default", "double", "enum", "float", "hyper", "int", "long", "opaque", "program", "quadruple",
        "short", "string", "struct", "switch", "typedef", "union", "unsigned", "version", "void", "alignas", "alignof", "auto", "break",
        "constexpr", "continue", "do", "else", "extern", "false", "for", "goto", "if", "inline", "nullptr", "register", "restrict",
        "return", "signed", "sizeof", "static", "static_assert", "thread_local", "true", "typeof", "typeof_unqual", "volatile", "while",
        "_Alignas", "_Alignof", "_Atomic", "_BitInt", "_Bool", "_Complex", "_Decimal32", "_Decimal64", "_Decimal128", "_Generic",
        "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local",
    )
)


def wire_member(name: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A member name rpcgen and C accept: keywords get a trailing ``_``, then one more until not ``taken``."""
    if name in RESERVED_MEMBERS or name in taken:
        name += "_"
        while name in RESERVED_MEMBERS or name in taken:
            name += "_"
    return name


@dataclass(frozen=True, slots=True)
class WireMember:
    type: str  # XDR type as written in the .x
    name: str
    maximum: str | None = None  # bound of a variable-length array


@dataclass(frozen=True, slots=True)
class WireStruct:
    name: str
    members: tuple[WireMember, ...]
    markers: tuple[str, ...] = ()  # "insert@1"


@dataclass(frozen=True, slots=True)
class ParamWire:
    """How one C parameter travels."""

    c: Param
    kind: str  # "connection", "handle", "string", "scalar", "list"
    member: str  # wire member name in the args ("" for the connection and lists)
    handle: HandleFacts | None  # for "handle" and "list"
    xdr: str  # XDR type of the args member ("" when none)
    nullable: bool = False


@dataclass(frozen=True, slots=True)
class ResultWire:
    kind: str  # "void", "handle", "string", "list"
    member: str  # ret member holding the value ("" for void)
    handle: HandleFacts | None = None
    list_index: int = -1  # C parameter index of the list out-parameter
    list_max: str = ""
    # A returned handle that embeds its owner (a checkpoint its domain): the index of that field in
    # the handle's wire form, filled from the caller and not from the reply, as libvirt.so's
    # get_nonnull_domain_checkpoint(dom, ret.checkpoint) reads only the name (-1: no owner) ...
    owner_field: int = -1
    # ... and where the caller's owner is in the first parameter's wire form: () the parameter is
    # the owner (a domain), (1,) its field 1 (a checkpoint's dom: libvirt's checkpoint->domain)
    owner_path: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Procedure:
    function: Function
    number: int
    constant: str  # REMOTE_PROC_DOMAIN_CHECKPOINT_CREATE_XML
    snake: str  # domain_checkpoint_create_xml
    generate: str
    priority: str | None
    acl: tuple[str, ...]
    params: tuple[ParamWire, ...]
    args: WireStruct | None
    ret: WireStruct | None
    result: ResultWire
    pyname: PyName | None
    note: str  # why the number is not the reviewed one ("" normally)


@dataclass(frozen=True, slots=True)
class TransportProcedure:
    name: str  # "CONNECT_OPEN"
    constant: str
    number: int
    generate: str
    priority: str | None
    acl: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LocalGetter:
    """A function answered from a handle's wire fields, with no round trip."""

    function: Function
    handle: str  # class of the handle it is called on
    kind: str  # "connection", "field", "uuid-string", "handle-field"
    field: str  # wire field ("" for the connection)
    returns: str  # handle class returned ("" when not a handle)
    pyname: PyName | None


@dataclass(frozen=True, slots=True)
class Plan:
    facts: Facts
    handles: tuple[HandleFacts, ...]  # in dependency order, without the connection
    list_maxima: tuple[tuple[str, int], ...]
    transport: tuple[TransportProcedure, ...]
    procedures: tuple[Procedure, ...]  # sorted by number
    local_getters: tuple[LocalGetter, ...]
    classes: tuple[str, ...]  # the handle classes of the program's library (Facts.library): the Python client's
    python_names: dict[str, PyName]  # C function name → its Python name (generator.naming), computed once
    package_names: frozenset[str]  # naming rule 7: the API's names, which no Python parameter may shadow
    notes: tuple[Diagnostic, ...]


def snake(name: str) -> str:
    """``DomainCheckpointGetXMLDesc`` → ``domain_checkpoint_get_xml_desc``."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", text)
    return text.lower()


def _stem(function: Function) -> str:
    return snake(function.name[len("vir") :] if function.name.startswith("vir") else function.name)


def _handle_of(c_type: str, facts: Facts) -> HandleFacts | None:
    base = c_type.strip()
    return facts.handle(base[: -len("Ptr")]) if base.endswith("Ptr") else None


def _list_of(c_type: str, facts: Facts) -> HandleFacts | None:
    compact = c_type.replace(" ", "")
    return facts.handle(compact[: -len("Ptr**")]) if compact.endswith("Ptr**") else None


# --- local functions ----------------------------------------------------------


def _local_getter(function: Function, facts: Facts, pynames: dict[str, PyName]) -> LocalGetter | None:
    params = function.params
    if not params:
        return None
    owner = _handle_of(params[0].type, facts)
    if owner is None or owner.connection:
        return None
    extra = params[1:]
    if len(extra) > 1 or (extra and extra[0].type.replace(" ", "") not in ("char*", "unsignedchar*")):
        return None
    pyname = pynames.get(function.name)
    returned = _handle_of(function.return_type, facts)
    if returned is not None and returned.connection and not extra:
        return LocalGetter(function, owner.c_class, "connection", "", returned.c_class, pyname)
    prefix = owner.c_class + "Get"
    if not function.name.startswith(prefix):
        return None
    wanted = snake(function.name[len(prefix) :])
    fields = dict((name, xdr) for xdr, name in owner.fields)
    if returned is not None and not extra:
        field = next((name for name, xdr in fields.items() if xdr == returned.struct), None)
        return LocalGetter(function, owner.c_class, "handle-field", field, returned.c_class, pyname) if field else None
    if wanted in fields and not extra:
        return LocalGetter(function, owner.c_class, "field", wanted, "", pyname)
    if wanted.endswith("_string") and wanted[: -len("_string")] == "uuid" and "uuid" in fields and extra:
        return LocalGetter(function, owner.c_class, "uuid-string", "uuid", "", pyname)
    return None


# --- procedures ---------------------------------------------------------------


class _Unmappable(Exception):
    pass


def _param_wire(index: int, param: Param, facts: Facts, entry: ProcedureFacts | None) -> ParamWire:
    handle = _handle_of(param.type, facts)
    rename = entry.member_name if entry else (lambda _c, default: default)
    if handle is not None:
        if handle.connection:
            if index != 0:
                raise _Unmappable(f"parameter '{param.name}': a connection after the first parameter")
            return ParamWire(param, "connection", "", handle, "")
        return ParamWire(param, "handle", rename(param.name, handle.member), handle, handle.struct)
    listed = _list_of(param.type, facts)
    if listed is not None and not listed.connection:
        return ParamWire(param, "list", "need_results", listed, "int")
    compact = param.type.strip()
    if compact == "const char *":
        nullable = entry is not None and param.name in entry.nullable
        return ParamWire(param, "string", rename(param.name, snake(param.name)), None, "remote_string" if nullable else "remote_nonnull_string", nullable)
    if compact in SCALARS:
        return ParamWire(param, "scalar", rename(param.name, snake(param.name)), None, SCALARS[compact])
    raise _Unmappable(f"parameter '{param.name}' of type '{param.type}' has no wire rule")


def _unique_members(params: tuple[ParamWire, ...]) -> tuple[ParamWire, ...]:
    """The args members, keyword-free and distinct (``need_results`` keeps its name)."""
    taken = {p.member for p in params if p.kind == "list"}
    result = []
    for param in params:
        if param.kind in ("handle", "string", "scalar"):
            param = replace(param, member=wire_member(param.member, taken))
            taken.add(param.member)
        result.append(param)
    return tuple(result)


def _result_wire(function: Function, params: tuple[ParamWire, ...], facts: Facts, entry: ProcedureFacts | None) -> ResultWire:
    rename = entry.member_name if entry else (lambda _c, default: default)
    lists = [(i, p) for i, p in enumerate(params) if p.kind == "list"]
    returned = function.return_type.strip()
    if lists:
        if len(lists) > 1 or returned != "int":
            raise _Unmappable("a list out-parameter needs an int return and may appear once")
        index, listed = lists[0]
        assert listed.handle is not None
        maximum = (entry.list_max if entry and entry.list_max else None) or listed.handle.list_max
        if not maximum:
            raise _Unmappable(f"no list maximum for {listed.handle.c_class} (set list_max in the data file)")
        return ResultWire("list", wire_member(rename(listed.c.name, listed.c.name), {"ret"}), listed.handle, index, maximum)
    handle = _handle_of(returned, facts)
    if handle is not None and not handle.connection:
        return ResultWire("handle", wire_member(rename("return", handle.member)), handle)
    if returned == "char *":
        after_get = function.name.split("Get", 1)[1] if "Get" in function.name else "value"
        default = "xml" if "XML" in function.name else snake(after_get)
        return ResultWire("string", wire_member(rename("return", default)))
    if returned == "int":
        return ResultWire("void", "")
    raise _Unmappable(f"return type '{function.return_type}' has no wire rule")


def owner_field(handle: HandleFacts, facts: Facts) -> int:
    """The index of the field of ``handle``'s wire form that embeds another handle (a checkpoint's
    domain, ``dom``), its owner; -1 when it embeds none."""
    structs = {h.struct for h in facts.handles if not h.connection and h is not handle}
    return next((i for i, (xdr, _) in enumerate(handle.fields) if xdr in structs), -1)


def _owner(handle: HandleFacts, facts: Facts) -> str | None:
    """The wire struct of the handle this one's wire form embeds (a checkpoint's domain), if any."""
    index = owner_field(handle, facts)
    return handle.fields[index][0] if index >= 0 else None


def _with_owner(params: tuple[ParamWire, ...], result: ResultWire, facts: Facts) -> ResultWire:
    """A returned handle with an owner is made from the owner the first parameter leads to: the
    result, with which field that owner fills and where the first parameter holds it."""
    if result.handle is None:
        return result
    index = owner_field(result.handle, facts)
    if index < 0:
        return result
    owner = result.handle.fields[index][0]
    first = params[0].handle if params and params[0].kind == "handle" else None
    if first is not None and first.struct == owner:
        return replace(result, owner_field=index, owner_path=())
    if first is not None and _owner(first, facts) == owner:
        return replace(result, owner_field=index, owner_path=(owner_field(first, facts),))
    raise _Unmappable(f"a returned {result.handle.c_class} is made from its {owner}: the first parameter must lead to one")


def _structs(stem: str, params: tuple[ParamWire, ...], result: ResultWire) -> tuple[WireStruct | None, WireStruct | None]:
    members = tuple(WireMember(p.xdr, p.member) for p in params if p.kind != "connection")
    args = WireStruct(f"remote_{stem}_args", members) if members else None
    if result.kind == "void":
        return args, None
    assert result.kind in ("list", "handle", "string")
    if result.kind == "list":
        assert result.handle is not None
        ret_members = (WireMember(result.handle.struct, result.member, result.list_max), WireMember("int", "ret"))
        return args, WireStruct(f"remote_{stem}_ret", ret_members, (f"insert@{result.list_index}",))
    xdr = result.handle.struct if result.handle else "remote_nonnull_string"
    return args, WireStruct(f"remote_{stem}_ret", (WireMember(xdr, result.member),))


def _map_procedure(function: Function, facts: Facts, entry: ProcedureFacts | None, pynames: dict[str, PyName]) -> tuple[Procedure | None, str]:
    try:
        params = _unique_members(tuple(_param_wire(i, p, facts, entry) for i, p in enumerate(function.params)))
        if not params or params[0].kind not in ("connection", "handle"):
            # the client reaches the driver through the connection, given or the first handle's
            raise _Unmappable("its first parameter is neither a connection nor a handle: no connection to send it on")
        result = _with_owner(params, _result_wire(function, params, facts, entry), facts)
    except _Unmappable as why:
        return None, str(why)
    stem = _stem(function)
    args, ret = _structs(stem, params, result)
    procedure = Procedure(
        function=function,
        number=entry.number if entry else 0,
        constant=facts.procedure_prefix + stem.upper(),
        snake=stem,
        generate=entry.generate if entry else "both",
        priority=entry.priority if entry else None,
        acl=entry.acl if entry else (),
        params=params,
        args=args,
        ret=ret,
        result=result,
        pyname=pynames.get(function.name),
        note="",
    )
    return procedure, ""


def _numbered(
    procedures: list[Procedure], facts: Facts, given: ProcedureTable, notes: list[Diagnostic], carried: frozenset[str] = frozenset()
) -> list[Procedure]:
    """Numbers from the given protocol file, else the data file, else the next free one.

    The data file's entry of a function the session carries (``carried``: virConnectClose
    is CONNECT_CLOSE) has no effect, as its note says, so its number is taken by no one
    and moves no next free number (docs QA, session 35: ``number = 999`` made the next
    one 1000).

    A data-file number that the given file uses for another procedure is not
    kept: the file is what is deployed, and numbers are append-only, so the
    procedure goes after the highest number known (a note says so).  A
    procedure left without a number (the next free one is past the bound)
    takes none: the next one is told the same next free number and the
    same highest number known, never a number no one holds."""
    existing = given.numbers()
    used = given.by_number()
    taken = set(existing.values()) | {p.number for p in facts.procedures if p.key not in carried} | {t.number for t in facts.transport}
    highest = max(taken, default=0)
    numbered = []
    for procedure in sorted(procedures, key=lambda p: p.function.name):
        number, note = procedure.number, ""
        if procedure.constant in existing:
            number = existing[procedure.constant]
            if procedure.number and procedure.number != number:
                note = f"the data file says {procedure.number}, the given protocol file {number}: kept {number}"
        elif number in used:
            other = used[number]
            number = highest + 1
            note = (
                f"the data file says {procedure.number}, but the given protocol file uses it for {shown(other.name)} (line {other.location.line}): "
                f"given the next free number {number}"
            )
        elif not number:
            number = highest + 1
            note = f"no entry in generator/rpc/procedures.toml: given the next free number {number}; add it there"
        if number > PROCEDURE_MAX:
            notes.append(_no_number_left(procedure, number, highest, given))
            continue
        highest = max(highest, number)
        if note:
            notes.append(Diagnostic(procedure.function.location, "note", f"{procedure.function.name}: {note}", "rpc-number"))
        numbered.append(_replace_number(procedure, number, note))
    return sorted(numbered, key=lambda p: p.number)


def _no_number_left(procedure: Procedure, number: int, highest: int, given: ProcedureTable) -> Diagnostic:
    """The next free number is past the bound of the dense dispatch table (generator/rpc/numbers.py):
    an error at the function, naming the entry that holds the highest number, and the procedure is
    left out (the plan stays renderable; the CLI writes nothing)."""
    holder = next((e for e in given.entries if e.number == highest), None)
    where = f" ({shown(holder.name)}, line {holder.location.line} of the given protocol file)" if holder else ""
    message = (
        f"{procedure.function.name}: no procedure number left: the next free one, {number}, is above {PROCEDURE_MAX}, "
        f"the highest the dispatch table is written for; the highest number known is {highest}{where}"
    )
    return Diagnostic(procedure.function.location, "error", message, "rpc-number")


def _transport(facts: Facts, given: ProcedureTable, notes: list[Diagnostic]) -> tuple[TransportProcedure, ...]:
    """The session procedures, always at their own numbers (the data file's: 1, 2, 66): every
    libvirt client and daemon uses these, so they cannot move.  A given file that defines one at
    another number, or gives its number to another procedure, is an error there."""
    existing = given.by_name()
    used = given.by_number()
    found = []
    for t in facts.transport:
        constant = facts.procedure_prefix + t.key
        defined = existing.get(constant)
        if defined is not None and defined.number != t.number:
            message = f"{constant} = {defined.number} moves a session procedure: it must stay {t.number}, the number every libvirt client and daemon uses"
            notes.append(Diagnostic(defined.location, "error", message, "rpc-protocol"))
        other = used.get(t.number)
        if other is not None and other.name != constant:
            defines = f"which this file defines at {defined.number} (line {defined.location.line})" if defined else "which this file does not define"
            message = f"{shown(other.name)} = {t.number} takes the number of the session procedure {constant}, {defines}"
            notes.append(Diagnostic(other.location, "error", message, "rpc-protocol"))
        found.append(TransportProcedure(t.key, constant, t.number, t.generate, t.priority, t.acl))
    return tuple(found)


def _replace_number(procedure: Procedure, number: int, note: str) -> Procedure:
    return replace(procedure, number=number, note=note)


def _ordered_handles(facts: Facts) -> tuple[HandleFacts, ...]:
    """Wire structs before the structs that embed them."""
    remaining = [h for h in facts.handles if not h.connection]
    ordered: list[HandleFacts] = []
    while remaining:
        defined = {h.struct for h in ordered}
        ready = [h for h in remaining if all(xdr not in {r.struct for r in remaining} or xdr in defined for xdr, _ in h.fields)]
        if not ready:  # a cycle cannot be written in XDR anyway; keep file order
            ready = remaining[:1]
        ordered.append(ready[0])
        remaining.remove(ready[0])
    return tuple(ordered)


def plan(api: Api, remote_protocol: ProtocolFile | bytes | str | None = None, facts: Facts | None = None) -> Plan:
    """Everything the rpc backend renders, from the model and the reviewed facts.

    ``remote_protocol`` is the deployed protocol file; what is wrong with it
    ends in ``notes`` as errors (the plan is still complete, so rendering
    never fails, but the CLI writes nothing)."""
    facts = facts or load_facts()
    api = with_named_parameters(api)  # the procedures' parameters, which every rendered file takes from here
    classes = handle_classes(api)
    pynames = {n.function: n for n in python_names(api)}
    given = read_procedures(remote_protocol) if remote_protocol is not None else ProcedureTable("", (), ())
    notes: list[Diagnostic] = list(given.diagnostics)
    procedures: list[Procedure] = []
    getters: list[LocalGetter] = []
    sessions = {facts.procedure_prefix + t.key: t for t in facts.transport}
    carried: set[str] = set()  # the session functions: an entry of theirs numbers nothing
    for module in api.modules:
        for function in module.functions:
            entry = facts.procedure(function.name)
            if entry is not None:
                notes += _unknown_entry_names(function, entry)
            if entry is None and function.header not in facts.scope_headers:
                continue
            if entry is None and is_lifetime(function, classes):
                continue
            session = sessions.get(facts.procedure_prefix + _stem(function).upper())
            if session is not None:
                # it is that session procedure (virConnectClose is CONNECT_CLOSE, 2): the transport
                # carries it, as the client's close(); an entry of its own would repeat the constant
                # in the .x and, in the client, the _PROC_ name and the close() method (QA, session 35)
                notes.append(_session_note(function, facts.procedure_prefix + session.key, session.number, entry is not None, pynames))
                carried.add(function.name)
                continue
            getter = _local_getter(function, facts, pynames) if entry is None else None
            if getter is not None:
                getters.append(getter)
                continue
            procedure, why = _map_procedure(function, facts, entry, pynames)
            if procedure is None:
                notes.append(Diagnostic(function.location, "note", f"{function.name} is not a remote procedure: {why}", "rpc-unmapped"))
                continue
            procedures.append(procedure)
    getters += _handle_getters(api, facts, pynames, {g.function.name for g in getters})
    notes += _entries_naming_nothing(api, facts)
    transport = _transport(facts, given, notes)
    maxima = sorted({(h.list_max, h.list_max_value) for h in facts.handles if h.list_max and h.list_max_value is not None})
    return Plan(
        facts=facts,
        handles=_ordered_handles(facts),
        list_maxima=tuple(maxima),
        transport=transport,
        procedures=tuple(_numbered(procedures, facts, given, notes, frozenset(carried))),
        local_getters=tuple(sorted(getters, key=lambda g: g.function.name)),
        classes=_library_classes(api, facts),
        python_names=pynames,
        package_names=package_names(api),
        notes=tuple(sorted(notes)),
    )


def _unknown_entry_names(function: Function, entry: ProcedureFacts) -> list[Diagnostic]:
    """A ``nullable`` or ``names`` entry naming no parameter of the function (a typo, or a parameter renamed
    upstream), or ``nullable`` naming one that is no string, would be ignored in silence: the string stays
    non-nullable, the member keeps the rule's name."""
    params = {p.name: p.type for p in function.params}
    unknown = [("nullable", name, "no parameter") for name in entry.nullable if name not in params]
    unknown += [("nullable", name, "no string parameter") for name in entry.nullable if name in params and params[name] not in _STRING_TYPES]
    unknown += [("names", name, "no parameter") for name, _ in entry.names if name not in params and name != "return"]
    return [
        Diagnostic(function.location, "warning", f"[procedures.{function.name}] '{key}' names '{name}', {what} of {function.name}: it has no effect", data.RULE)
        for key, name, what in unknown
    ]


_STRING_TYPES = frozenset({"const char *", "char *"})


def _entries_naming_nothing(api: Api, facts: Facts) -> list[Diagnostic]:
    """Notes for entries of the data file that name nothing of the input, and so have no effect: a ``[scope]``
    header (a typo there dropped the header's procedures in silence; review, session 36) or a
    ``[procedures.X]`` table.  Notes, not warnings: an input may rightly lack them (explicit files, an
    older release), and notes never fail ``--werror``.  Judged only when the input holds the program's
    library (an input of libvirt-qemu alone names none of libvirt's functions).  ``[error_domains]`` is
    not judged so: the sample tree lacks most modules it names; its form is checked (data.py)."""
    if api.module(facts.library) is None:
        return []
    functions = {f.name for module in api.modules for f in module.functions}
    headers = {h.name for module in api.modules for h in module.headers}
    found: list[tuple[tuple[str, ...], str]] = []
    found += [(("scope",), f"header '{header}' is no header of the input") for header in facts.scope_headers if header not in headers]
    found += [(("procedures", entry.key), f"{entry.key} is no function of the input") for entry in facts.procedures if entry.key not in functions]
    return [
        Diagnostic(Location(str(data.DATA_FILE), facts.place(*table), 0), "note", f"[{'.'.join(table)}]: {message}: it has no effect", data.RULE)
        for table, message in found
    ]


def _session_note(function: Function, constant: str, number: int, has_entry: bool, pynames: dict[str, PyName]) -> Diagnostic:
    """Why a function in scope, or one its entry names, is no procedure: the user who wrote the entry
    (or widened the scope) would otherwise see it vanish without a word (review of session 35)."""
    pyname = pynames.get(function.name)
    where = f", which the Python client sends in {pyname.owner + '.' if pyname.owner else ''}{pyname.name}()" if pyname else ""
    entry = f"; its [procedures.{function.name}] entry in generator/rpc/procedures.toml has no effect" if has_entry else ""
    message = f"{function.name} is not a procedure of its own: it is the session procedure {constant} ({number}){where}{entry}"
    return Diagnostic(function.location, "note", message, "rpc-unmapped")


def _library_classes(api: Api, facts: Facts) -> tuple[str, ...]:
    """The handle classes the library of the program declares (none when the input lacks that library):
    another library's (libvirt-admin's virAdmConnect, ...) belong to another program, whose objects
    never come back from this one."""
    library = api.module(facts.library)
    return handle_classes(Api((library,))) if library is not None else ()


def _handle_getters(api: Api, facts: Facts, pynames: dict[str, PyName], seen: set[str]) -> list[LocalGetter]:
    """Local getters of the handles the procedures use, wherever they are declared."""
    getters = []
    for module in api.modules:
        for function in module.functions:
            if function.name in seen or facts.procedure(function.name) is not None:
                continue
            getter = _local_getter(function, facts, pynames)
            if getter is not None:
                getters.append(getter)
    return getters
