"""A header's ``/**`` block titled with another name than the declaration right
below it (libvirt 7.0.0's ``virNodeInfoPtr:`` above ``typedef struct _virNodeInfo
virNodeInfo;``), or with its name but no ``:`` (7.0.0's ``virConnectFlags``):
the block documents that declaration when no block of the header names it, and
``doc-name-mismatch`` reports the title at the name it writes."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, require
from frontend_support import ADDED_LINE, HEADER, make_tree, run

from generator.frontend import Result, load_tree
from generator.model import Module

LIBVIRT_7 = REPO / ".cache" / "libvirt-7.0.0"
LIBVIRT_9 = REPO / ".cache" / "libvirt-9.0.0"

# 7.0.0's shape: the struct's block titled after its pointer typedef, which has a block of its own too
NODE_INFO = (
    "/**\n * virNodeInfoPtr:\n *\n * a virNodeInfo is a structure.\n */\n"
    "\n"
    "typedef struct _virNodeInfo virNodeInfo;\n"
    "struct _virNodeInfo {\n    unsigned int cpus; /* the number of CPUs */\n};\n"
    "\n"
    "/**\n * virNodeInfoPtr:\n *\n * a pointer to a virNodeInfo.\n */\n"
    "typedef virNodeInfo *virNodeInfoPtr;\n"
)
# 7.0.0's virConnectFlags: its NAME line lacks the ':', and its tag its ':' too (virDomainConsoleFlags)
BARE_ENUM = (
    "/**\n * virConnectFlags\n *\n * Flags when opening a connection.\n *\n * Since 0.9.10\n */\n"
    "typedef enum {\n    VIR_CONNECT_RO = (1 << 0), /* read only (Since: 0.4.1) */\n} virConnectFlags;\n"
)


def _load(tmp_path: Path, extra: str) -> Result:
    return load_tree(make_tree(tmp_path / "tree", extra))


def _mismatches(result: Result) -> list[tuple[str, int, int, str, str]]:
    return [(d.location.file, d.location.line, d.location.col, d.severity, d.message) for d in result.diagnostics if d.rule == "doc-name-mismatch"]


def _docs(module: Module) -> dict[str, str]:
    nodes = (*module.structs, *module.typedefs, *module.enums, *module.variables, *module.macros)
    return {node.name: node.doc for node in nodes}


def test_a_block_titled_after_the_pointer_typedef_documents_the_struct_below_it(tmp_path: Path) -> None:
    result = _load(tmp_path, NODE_INFO)
    docs = _docs(result.api.modules[0])
    assert (docs["virNodeInfo"], docs["virNodeInfoPtr"]) == ("a virNodeInfo is a structure.", "a pointer to a virNodeInfo.")
    message = "the doc comment before virNodeInfo names 'virNodeInfoPtr'; read as the doc of virNodeInfo"
    assert _mismatches(result) == [(HEADER, ADDED_LINE + 1, 4, "warning", message)]


def test_a_block_titled_without_a_suffix_documents_the_struct_below_it(tmp_path: Path) -> None:
    """7.0.0's ``virDomainBlockStats:`` above ``... virDomainBlockStatsStruct;``,
    a block separated from its declaration by blank lines (``virDomainInfoPtr:``)."""
    extra = (
        "/**\n * virDomainBlockStats:\n *\n * Block device stats.\n */\n\n\n"
        "typedef struct _virDomainBlockStats virDomainBlockStatsStruct;\n"
        "struct _virDomainBlockStats {\n    long long rd_req; /* read requests */\n};\n"
    )
    result = _load(tmp_path, extra)
    assert _docs(result.api.modules[0])["virDomainBlockStatsStruct"] == "Block device stats."
    message = "the doc comment before virDomainBlockStatsStruct names 'virDomainBlockStats'; read as the doc of virDomainBlockStatsStruct"
    assert _mismatches(result) == [(HEADER, ADDED_LINE + 1, 4, "warning", message)]


def test_a_block_titled_without_its_colon_documents_the_enum_below_it(tmp_path: Path) -> None:
    result = _load(tmp_path, BARE_ENUM)
    enum = result.api.modules[0].enums[0]
    assert (enum.name, enum.doc, enum.since) == ("virConnectFlags", "Flags when opening a connection.\n\nSince 0.9.10", "")
    message = "misformatted doc comment: its NAME line 'virConnectFlags' lacks the ':' (read as the doc of virConnectFlags, whose declaration follows it)"
    assert _mismatches(result) == [(HEADER, ADDED_LINE + 1, 4, "warning", message)]


def test_check_reports_the_missing_colon_and_the_tag_it_reads_now(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree", BARE_ENUM)
    done = run("check", "--srcdir", tree, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = [line.removeprefix(f"{tree}/") for line in done.stdout.splitlines() if "virConnectFlags" in line]
    enum_line = ADDED_LINE + 9
    assert lines == [
        f"{HEADER}:{ADDED_LINE + 1}:4: warning: misformatted doc comment: its NAME line 'virConnectFlags' lacks the ':'"
        " (read as the doc of virConnectFlags, whose declaration follows it) [doc-name-mismatch]",
        f"{HEADER}:{enum_line}:3: warning: 'Since 0.9.10' in the doc of virConnectFlags is not a 'Since: X.Y.Z' tag [since-malformed]",
    ]


def test_a_block_moved_to_the_declaration_below_it_no_longer_documents_its_title(tmp_path: Path) -> None:
    """7.0.0's ``virVcpuInfo:`` above ``typedef enum {...} virVcpuState;`` (9.0.0
    retitled it ``virVcpuState:``): the struct it names has no doc left."""
    extra = (
        "/**\n * virVcpuInfo: structure for information about a virtual CPU.\n */\n\n"
        "typedef enum {\n    VIR_VCPU_OFFLINE = 0, /* offline */\n} virVcpuState;\n"
        "typedef struct _virVcpuInfo virVcpuInfo;\n"
        "struct _virVcpuInfo {\n    int state; /* value from virVcpuState */\n};\n"
    )
    result = _load(tmp_path, extra)
    docs = _docs(result.api.modules[0])
    assert (docs["virVcpuState"], docs["virVcpuInfo"]) == ("structure for information about a virtual CPU.", "")
    message = "the doc comment before virVcpuState names 'virVcpuInfo'; read as the doc of virVcpuState"
    assert _mismatches(result) == [(HEADER, ADDED_LINE + 1, 4, "warning", message)]


def test_a_block_titled_after_a_member_documents_its_enum(tmp_path: Path) -> None:
    """7.0.0's ``VIR_NODE_CPU_STATS_ALL_CPUS:`` (the macro it once was) above its enum."""
    extra = "/**\n * VIR_NODE_CPU_STATS_ALL_CPUS:\n *\n * All CPUs.\n */\ntypedef enum {\n    VIR_NODE_CPU_STATS_ALL_CPUS = -1,\n} virNodeGetCPUStatsAllCPUs;\n"
    result = _load(tmp_path, extra)
    module = result.api.modules[0]
    assert (_docs(module)["virNodeGetCPUStatsAllCPUs"], module.members[0].doc) == ("All CPUs.", "")
    message = "the doc comment before virNodeGetCPUStatsAllCPUs names 'VIR_NODE_CPU_STATS_ALL_CPUS'; read as the doc of virNodeGetCPUStatsAllCPUs"
    assert _mismatches(result) == [(HEADER, ADDED_LINE + 1, 4, "warning", message)]


def test_a_callback_type_takes_the_block_and_its_entries(tmp_path: Path) -> None:
    extra = "/**\n * virFooCallback:\n * @conn: the connection\n *\n * Called on foo.\n */\ntypedef void (*virFooFunc)(virConnectPtr conn);\n"
    result = _load(tmp_path, extra)
    functype = result.api.modules[0].functypes[0]
    assert (functype.name, functype.description, functype.params[0].doc) == ("virFooFunc", "Called on foo.", "the connection")
    assert [found[4] for found in _mismatches(result)] == ["the doc comment before virFooFunc names 'virFooCallback'; read as the doc of virFooFunc"]


def test_a_declaration_with_a_block_of_its_own_keeps_it(tmp_path: Path) -> None:
    """The block above stays with the name it writes, wherever the
    declaration's own block stands (here below it)."""
    extra = (
        "/**\n * virFooPtr:\n *\n * a pointer.\n */\ntypedef struct _virFoo virFoo;\n"
        "typedef virFoo *virFooPtr;\n/**\n * virFoo:\n *\n * a foo.\n */\n"
    )
    result = _load(tmp_path, extra)
    docs = _docs(result.api.modules[0])
    assert (docs["virFoo"], docs["virFooPtr"]) == ("a foo.", "a pointer.")
    assert _mismatches(result) == []


def test_a_block_naming_one_name_of_its_declaration_documents_only_that_one(tmp_path: Path) -> None:
    extra = "/**\n * virFoo:\n *\n * a foo.\n */\ntypedef struct _virFoo virFoo, *virFooPtr;\n"
    result = _load(tmp_path, extra)
    docs = _docs(result.api.modules[0])
    assert (docs["virFoo"], docs["virFooPtr"]) == ("a foo.", "")
    assert _mismatches(result) == []


def test_blocks_not_right_above_or_not_doc_blocks_document_nothing(tmp_path: Path) -> None:
    """A directive between (7.0.0's ``virSchedParameter:``, ``# define
    _virSchedParameter ...``, then its typedef: macros take no block by place),
    a ``/*`` comment, a one-word first line naming another name (prose, as in
    a ``.c`` file), a block trailing the previous declaration's line."""
    extra = (
        "/**\n * virSchedParameter:\n *\n * scheduler parameters.\n */\n"
        "# define _virSchedParameter _virTypedParameter\n"
        "typedef struct _virTypedParameter virSchedParameter;\n"
        "/**\n * virAlpha:\n *\n * text.\n */\n# define VIR_ALPHA_X 1\ntypedef int virBeta;\n"
        "/*\n * virGamma:\n *\n * text.\n */\ntypedef int virDelta;\n"
        "/**\n * Implementation\n */\ntypedef enum {\n    VIR_EPSILON_A = 1,\n} virEpsilon;\n"
        "typedef int virZeta; /** virEta: text. */\ntypedef int virTheta;\n"
    )
    result = _load(tmp_path, extra)
    docs = _docs(result.api.modules[0])
    assert docs["virSchedParameter"] == "scheduler parameters."
    assert [docs[name] for name in ("_virSchedParameter", "virBeta", "virDelta", "virEpsilon", "virZeta", "virTheta")] == [""] * 6
    assert _mismatches(result) == []


def test_libvirt_7_0_0_documents_its_structs_and_enums_under_other_titles() -> None:
    require((LIBVIRT_7 / "include" / "libvirt" / "libvirt.h").is_file(), f"the libvirt 7.0.0 source tree ({LIBVIRT_7}; make fetch-libvirt)")
    result = load_tree(LIBVIRT_7)
    module = result.api.module("libvirt")
    assert module is not None
    docs = _docs(module)
    for name in ("virNodeInfo", "virDomainInfo", "virDomainIOThreadInfo", "virDomainBlockStatsStruct", "virDomainInterfaceStatsStruct"):
        assert docs[name], name
    assert docs["virNodeInfo"].startswith("a virNodeInfo is a structure filled by virNodeGetInfo()")
    assert docs["virNodeInfoPtr"] == "a virNodeInfoPtr is a pointer to a virNodeInfo structure."
    assert docs["virConnectFlags"] == "Flags when opening a connection to a hypervisor"
    found = {(file.rsplit("/", 1)[1], line, message.split(";")[0].split(" (")[0]) for file, line, _, _, message in _mismatches(result) if file.endswith(".h")}
    assert found == {
        ("libvirt-host.h", 146, "the doc comment before virNodeInfo names 'virNodeInfoPtr'"),
        ("libvirt-host.h", 183, "the doc comment before virNodeGetCPUStatsAllCPUs names 'VIR_NODE_CPU_STATS_ALL_CPUS'"),
        ("libvirt-host.h", 261, "the doc comment before virNodeGetMemoryStatsAllCells names 'VIR_NODE_MEMORY_STATS_ALL_CELLS'"),
        ("libvirt-host.h", 481, "misformatted doc comment: its NAME line 'virConnectFlags' lacks the ':'"),
        ("libvirt-host.h", 778, "misformatted doc comment: its NAME line 'virConnectBaselineCPUFlags' lacks the ':'"),
        ("libvirt-domain.h", 268, "the doc comment before virDomainInfo names 'virDomainInfoPtr'"),
        ("libvirt-domain.h", 447, "the doc comment before virDomainBlockStatsStruct names 'virDomainBlockStats'"),
        ("libvirt-domain.h", 554, "the doc comment before virDomainInterfaceStatsStruct names 'virDomainInterfaceStats'"),
        ("libvirt-domain.h", 1900, "the doc comment before virVcpuState names 'virVcpuInfo'"),
        ("libvirt-domain.h", 1975, "the doc comment before virDomainIOThreadInfo names 'virIOThreadInfo'"),
        ("libvirt-domain.h", 4039, "the doc comment before virDomainEventTrayChangeReason names 'virConnectDomainEventTrayChangeReason'"),
        ("libvirt-domain.h", 4723, "misformatted doc comment: its NAME line 'virDomainConsoleFlags' lacks the ':'"),
        ("libvirt-domain.h", 4742, "misformatted doc comment: its NAME line 'virDomainChannelFlags' lacks the ':'"),
    }


def test_libvirt_9_0_0_titles_every_block_after_its_declaration() -> None:
    require((LIBVIRT_9 / "include" / "libvirt" / "libvirt.h").is_file(), f"the libvirt 9.0.0 source tree ({LIBVIRT_9}; make fetch-libvirt)")
    assert [found for found in _mismatches(load_tree(LIBVIRT_9)) if found[0].endswith(".h")] == []
