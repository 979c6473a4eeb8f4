"""Backend: libvirt's remote protocol for the API's remote procedures.

``render(api, remote_protocol)`` writes, under ``rpc/``:

* ``remote_protocol.x``: the args/ret structs and ``REMOTE_PROC_*`` entries
  (with ``@generate``, ``@priority``, ``@acl``) in libvirt's conventions, plus
  the base types they need so that rpcgen reads the file on its own;
* ``libvirt_remote.py``: a pure-Python client (XDR codecs, the unix-socket
  transport, and the same classes and method names as the ctypes bindings,
  from :mod:`generator.naming`); it needs no ``libvirt.so``;
* ``remote_client_bodies.h`` and ``remote_dispatch_stubs.h``: C client bodies
  and server dispatch functions in the style of libvirt's build, for code
  that provides libvirt's internal helpers (``call``, ``make_nonnull_*``,
  ``get_nonnull_*``, ...).

Which procedures: every function of the headers listed in
``generator/rpc/procedures.toml`` ``[scope]`` (the checkpoint API) plus every
function with an entry there, when the model has it; local functions (Ref,
Free, GetName, GetConnect, ...) and functions the rules cannot map are left
out, the latter with a note.  The same choice is made for the sample tree and
for a real tree (``--srcdir``): the rules are proven on these procedures
only (structurally equal to libvirt 9.0.0's), so widening the scope is a
reviewed edit of the data file, not a side effect of pointing at a bigger
tree.  With ``--remote-protocol FILE`` procedure numbers come from that file,
so they stay what the deployed protocol says; a function known to neither
gets the next free number and a note in the ``.x`` (see docs/rpc.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Api
from ..rpc.rules import Plan, Procedure, WireStruct, plan
from ..templating import render as render_template


def render(api: Api, remote_protocol: str | None = None) -> dict[str, str]:
    the_plan = plan(api, remote_protocol)
    source = _source(the_plan)
    return {
        "remote_protocol.x": render_protocol(the_plan, source),
    }


def _source(the_plan: Plan) -> str:
    files = sorted({p.function.location.file for p in the_plan.procedures} | {g.function.location.file for g in the_plan.local_getters})
    return ", ".join(files + ["generator/rpc/procedures.toml"])


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
