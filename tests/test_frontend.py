"""The frontend on the tricky constructs of libvirt 9.0.0 and on small inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.frontend import FrontendError, load_tree
from generator.frontend.scanner import scan
from generator.frontend.syms import read_syms
from generator.model import Api, Module, Ownership


@pytest.fixture(scope="module")
def libvirt(libvirt_tree: Path) -> Module:
    module = load_tree(libvirt_tree).api.module("libvirt")
    assert module is not None
    return module


@pytest.fixture(scope="module")
def sample_api(sample_tree: Path) -> Api:
    return load_tree(sample_tree).api


def test_counts_of_the_whole_tree(libvirt_tree: Path) -> None:
    result = load_tree(libvirt_tree)
    counts = {m.name: (len(m.functions), len(m.functypes), len(m.members), len(m.structs), len(m.macros)) for m in result.api.modules}
    assert counts == {
        "libvirt": (516, 51, 1029, 47, 268),
        "libvirt-qemu": (6, 1, 9, 0, 0),
        "libvirt-lxc": (4, 0, 0, 0, 0),
        "libvirt-admin": (32, 1, 4, 3, 20),
    }
    assert sorted(d.rule for d in result.diagnostics) == ["since-mismatch"] * 4


def test_duplicate_values_are_aliases(libvirt: Module) -> None:
    roots = libvirt.member("VIR_DOMAIN_CHECKPOINT_LIST_ROOTS")
    descendants = libvirt.member("VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS")
    assert roots is not None and descendants is not None
    assert (roots.value, descendants.value) == (1, 1)
    assert roots.alias_of is None
    assert descendants.alias_of == "VIR_DOMAIN_CHECKPOINT_LIST_ROOTS"
    assert descendants.expression == "(1 << 0)"


def test_members_defined_by_members_across_headers(libvirt_tree: Path, libvirt: Module) -> None:
    member = libvirt.member("VIR_DOMAIN_BLKIO_PARAM_INT")
    assert member is not None
    assert (member.expression, member.value, member.alias_of) == ("VIR_TYPED_PARAM_INT", 1, "VIR_TYPED_PARAM_INT")
    qemu = load_tree(libvirt_tree).api.module("libvirt-qemu")
    assert qemu is not None
    block = qemu.member("VIR_DOMAIN_QEMU_AGENT_COMMAND_BLOCK")
    assert block is not None and block.value == -2 and block.since == "0.10.0"


def test_unsigned_shift_and_negative_values(libvirt: Module) -> None:
    values = {m.name: m for m in libvirt.members}
    unsigned = [m for m in libvirt.members if "1U << 31" in m.expression]
    assert unsigned and all(m.value == 2**31 for m in unsigned)
    negative = [m for m in libvirt.members if m.value is not None and m.value < 0]
    assert negative, "9.0.0 has negative members"
    assert values["VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE"].value == 2


def test_sentinels(libvirt_tree: Path, libvirt: Module) -> None:
    sentinels = [m.name for module in load_tree(libvirt_tree).api.modules for m in module.members if m.sentinel]
    assert len(sentinels) == 72  # 71 in libvirt's headers, 1 in libvirt-admin.h
    add_last = libvirt.member("VIR_NETWORK_UPDATE_COMMAND_ADD_LAST")
    assert add_last is not None and not add_last.sentinel
    last = libvirt.member("VIR_DOMAIN_LAST")
    assert last is not None and last.sentinel and last.since == "0.9.5" and last.doc.startswith("NB: this enum value")


def test_union_array_and_deprecated_fields(libvirt: Module) -> None:
    structs = {s.name: s for s in libvirt.structs}
    typed = structs["virTypedParameter"].fields
    assert typed is not None
    field, _kind, value = typed
    assert (field.name, field.type, field.array_size) == ("field", "char", "VIR_TYPED_PARAM_FIELD_LENGTH")
    assert value.union is not None and [u.name for u in value.union] == ["i", "ui", "l", "ul", "d", "b", "s"]
    error = structs["virError"].fields
    assert error is not None
    deprecated = {f.name for f in error if f.deprecated}
    assert deprecated == {"conn", "dom", "net"}
    assert structs["virDomainCheckpoint"].fields is None  # opaque


def test_function_details(libvirt: Module) -> None:
    create = libvirt.function("virDomainCheckpointCreateXML")
    assert create is not None
    assert [(p.name, p.type) for p in create.params] == [("domain", "virDomainPtr"), ("xmlDesc", "const char *"), ("flags", "unsigned int")]
    assert (create.version, create.since, create.module, create.header) == ("5.6.0", "5.6.0", "libvirt-domain-checkpoint", "libvirt-domain-checkpoint")
    assert create.flags_enum == "virDomainCheckpointCreateFlags"
    assert create.ownership is Ownership.HANDLE
    assert create.location.file == "include/libvirt/libvirt-domain-checkpoint.h"
    assert create.doc_location.file == "src/libvirt-domain-checkpoint.c"
    xml = libvirt.function("virDomainCheckpointGetXMLDesc")
    name = libvirt.function("virDomainCheckpointGetName")
    assert xml is not None and name is not None
    assert (xml.ownership, name.ownership) == (Ownership.CALLER_FREES, Ownership.BORROWED)
    listing = libvirt.function("virDomainListAllCheckpoints")
    assert listing is not None and listing.params[1].type == "virDomainCheckpointPtr **"


def test_variable_functype_and_macros(libvirt: Module) -> None:
    assert [v.name for v in libvirt.variables] == ["virConnectAuthPtrDefault"]
    functypes = {f.name: f for f in libvirt.functypes}
    auth = functypes["virConnectAuthCallbackPtr"]
    assert [p.name for p in auth.params] == ["cred", "ncred", "cbdata"] and auth.return_type == "int"
    macros = {m.name: m for m in libvirt.macros}
    check = macros["LIBVIR_CHECK_VERSION"]
    assert check.params == ("major", "minor", "micro") and check.since == "1.2.0"
    assert macros["LIBVIR_VERSION_NUMBER"].raw == "9000000"  # configured from libvirt-common.h.in
    assert macros["VIR_CPU_MAPLEN"].raw == "(((cpu) + 7) / 8)"
    assert macros["VIR_CONNECT_IDENTITY_USER_NAME"].string == "user-name"


def test_header_summaries(libvirt: Module) -> None:
    headers = {h.name: h for h in libvirt.headers}
    assert headers["libvirt-domain-checkpoint"].summary == "APIs for management of domain checkpoints"
    assert not headers["libvirt-domain-checkpoint"].deprecated


def test_sample_tree_is_the_checkpoint_api(sample_api: Api) -> None:
    module = sample_api.module("libvirt")
    assert module is not None
    checkpoint = sorted(f.name for f in module.functions if f.header == "libvirt-domain-checkpoint")
    assert len(checkpoint) == 12
    for function in module.functions:
        assert function.version, function.name
        assert function.since == function.version, function.name
        assert all(p.doc for p in function.params), function.name
    descendants = module.member("VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS")
    assert descendants is not None and descendants.alias_of == "VIR_DOMAIN_CHECKPOINT_LIST_ROOTS"


def test_scanner_member_and_field_docs() -> None:
    text = """typedef enum {
    A = 1, /* first
            * continued (Since: 1.0.0) */
    /* a stray remark */
    B = A, /* second (Since: 1.1.0) */
} E;
struct _S {
    int x; /* the x */
    /* about y */
    int y;
    char name[SIZE_MACRO];  /* part one */
                            /* part two */
};
"""
    scanned = scan("t.h", text)
    first = scanned.member_info("A", 2)
    second = scanned.member_info("B", 5)
    assert first is not None and second is not None
    assert first.doc == "first\n continued (Since: 1.0.0)"
    assert (second.expression, second.doc) == ("A", "second (Since: 1.1.0)")
    x, y, name = (scanned.field_info(n, line) for n, line in (("x", 8), ("y", 10), ("name", 11)))
    assert x is not None and y is not None and name is not None
    assert (x.doc, y.doc) == ("the x", "about y")
    assert (name.array_size, name.doc) == ("SIZE_MACRO", "part one part two")


def test_syms_reader_reports_chain_and_order() -> None:
    text = "LIBVIRT_1.0.0 {\n global:\n  a;\n};\nLIBVIRT_0.9.0 {\n global:\n  b;\n} LIBVIRT_0.1.0;\nLIBVIRT_2.0.0 {\n  a;\n  oops here\n} LIBVIRT_0.9.0;\n"
    syms, diagnostics = read_syms("x.syms", text)
    assert syms.versions == {"a": "1.0.0", "b": "0.9.0"}
    rules = sorted(d.rule for d in diagnostics)
    assert rules == ["syms-chain", "syms-duplicate", "syms-order", "syms-syntax"]
    chain = next(d for d in diagnostics if d.rule == "syms-chain")
    assert str(chain).startswith("x.syms:8:1: warning: version block 0.9.0 should close with '} LIBVIRT_1.0.0;'")


def test_bad_trees(tmp_path: Path) -> None:
    with pytest.raises(FrontendError, match="not a libvirt tree"):
        load_tree(tmp_path)
    (tmp_path / "include" / "libvirt").mkdir(parents=True)
    (tmp_path / "include" / "libvirt" / "libvirt-broken.h").write_text("int virBroken(;\n")
    with pytest.raises(FrontendError) as error:
        load_tree(tmp_path)
    assert "include/libvirt/libvirt-broken.h:1:" in str(error.value)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_forked_and_in_process_parse_agree(tmp_path: Path, sample_tree: Path, monkeypatch: pytest.MonkeyPatch, jobs: str) -> None:
    """generator.background forks unless VIRT_APIGEN_JOBS=1: same model, same positioned errors."""
    monkeypatch.setenv("VIRT_APIGEN_JOBS", "1")
    reference = load_tree(sample_tree).api
    monkeypatch.setenv("VIRT_APIGEN_JOBS", jobs)
    assert load_tree(sample_tree).api == reference

    bad = tmp_path / "tree"
    (bad / "include" / "libvirt").mkdir(parents=True)
    (bad / "include" / "libvirt" / "libvirt-t.h").write_text("int virTRun(void);\nint virTStop(int x;\n", encoding="utf-8")
    with pytest.raises(FrontendError) as raised:
        load_tree(bad)
    assert (raised.value.file, raised.value.line) == ("include/libvirt/libvirt-t.h", 2)
    assert "syntax error" in raised.value.message


def test_acls_from_the_protocol_file(libvirt: Module) -> None:
    """REFERENCE.md §4: the checkpoint procedures' @acl annotations reach the model."""
    create = libvirt.function("virDomainCheckpointCreateXML")
    assert create is not None
    assert [(a.kind, a.object, a.permission, a.flag) for a in create.acls] == [
        ("check", "domain", "checkpoint", ""),
        ("check", "domain", "fs_freeze", "VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE"),
    ]
    listing = libvirt.function("virConnectListAllDomains")
    assert listing is not None
    assert [(a.kind, a.object, a.permission) for a in listing.acls] == [("check", "connect", "search_domains"), ("filter", "domain", "getattr")]
    local = libvirt.function("virDomainCheckpointGetName")
    assert local is not None and local.acls == ()  # a local call: no procedure, no rule
    assert sum(1 for f in libvirt.functions if f.acls) == 364


def test_protocol_reader_rules() -> None:
    from generator.frontend.protocol import function_key, procedure_key, read_acls

    text = "\n".join([
        "enum remote_procedure {",
        "    /* How to annotate:",
        "     * @acl: <object>:<permission>",
        "     */",
        "    /**",
        "     * @acl: none",
        "     */",
        "    REMOTE_PROC_CONNECT_OPEN = 1,",
        "    /**",
        "     * @acl: domain:write::source:VIR_X_SRC_AGENT",
        "     * @aclfilter: domain:getattr",
        "     */",
        "    REMOTE_PROC_DOMAIN_INTERFACE_ADDRESSES = 2,",
        "    /** @acl: none",
        "     * @acl: domain:read */",
        "    REMOTE_PROC_DOMAIN_GET_XML_DESC = 3,",
        "    REMOTE_PROC_DOMAIN_EVENT_X = 4",
        "};",
        "    /** @acl: domain:read */",
        "    REMOTE_PROC_AFTER_THE_ENUM = 5,",
    ])
    rules, problems = read_acls("remote_protocol.x", text)
    assert rules[procedure_key("CONNECT_OPEN")] == ()  # the syntax note above it belongs to nothing
    (check, only) = rules[procedure_key("DOMAIN_INTERFACE_ADDRESSES")]
    assert (check.permission, check.flag, check.condition) == ("write", "", "source:VIR_X_SRC_AGENT")
    assert (only.kind, only.object, only.permission) == ("filter", "domain", "getattr")
    assert procedure_key("AFTER_THE_ENUM") not in rules
    assert [(p.location.line, p.rule) for p in problems] == [(16, "protocol-acl"), (17, "protocol-acl")]
    assert function_key("virDomainGetXMLDesc", "libvirt") == procedure_key("DOMAIN_GET_XML_DESC")
    assert function_key("virDomainQemuMonitorCommand", "libvirt-qemu") == procedure_key("DOMAIN_MONITOR_COMMAND")
    assert function_key("virDomainAuthorizedSSHKeysGet", "libvirt") == procedure_key("DOMAIN_AUTHORIZED_SSH_KEYS_GET")


def test_ownership_names_the_releaser(libvirt: Module) -> None:
    """A handle is released with its ...Free (or ...Close); a public struct the
    Returns text says to free goes back through the function it names."""
    def owned(name: str) -> tuple[Ownership, str]:
        function = libvirt.function(name)
        assert function is not None
        return function.ownership, function.releaser

    assert owned("virSaveLastError") == (Ownership.CALLER_RELEASES, "virFreeError")
    assert owned("virGetLastError") == (Ownership.BORROWED, "")
    assert owned("virConnectOpen") == (Ownership.HANDLE, "virConnectClose")
    assert owned("virDomainCheckpointGetParent") == (Ownership.HANDLE, "virDomainCheckpointFree")
    assert owned("virDomainCheckpointGetXMLDesc") == (Ownership.CALLER_FREES, "")
    assert owned("virDomainCheckpointGetName") == (Ownership.BORROWED, "")
    # "The reference counter on the connection is not increased by this call": borrowed handles
    borrowed_handles = {
        f.name for f in libvirt.functions if f.ownership is Ownership.BORROWED and f.return_type.endswith("Ptr") and f.name != "virGetLastError"
    }
    assert borrowed_handles == {
        "virConnGetLastError", "virTypedParamsGet", "virDomainGetConnect", "virDomainCheckpointGetConnect", "virDomainCheckpointGetDomain",
        "virDomainSnapshotGetConnect", "virDomainSnapshotGetDomain", "virInterfaceGetConnect", "virNetworkGetConnect", "virNetworkPortGetNetwork",
        "virSecretGetConnect", "virStoragePoolGetConnect", "virStorageVolGetConnect",
    }
    assert owned("virDomainLookupByName") == (Ownership.HANDLE, "virDomainFree")


def test_deprecations_written_in_docs(libvirt: Module) -> None:
    """libvirt's two spellings: a sentence starting "Deprecated", or "(DEPRECATED)"."""
    from generator.frontend.rules import doc_deprecated

    deprecated = sorted(s.name for s in libvirt.symbols() if getattr(s, "deprecated", False))
    assert deprecated == ["VIR_ERR_AGENT_UNSYNCED", "VIR_ERR_CALL_FAILED", "virDomainCreateLinux"]
    assert doc_deprecated("Deprecated after 0.4.6.\nRenamed to virDomainCreateXML().")
    assert doc_deprecated("not supported by the drivers (DEPRECATED)")
    assert not doc_deprecated("use the deprecated flag only with old servers")
