"""The frontend on the tricky constructs of libvirt 9.0.0 and on small inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.frontend import FrontendError, load_tree
from generator.frontend.scanner import scan
from generator.frontend.syms import read_syms
from generator.model import Api, Location, Module, Ownership


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
    assert create.flags_enums == ("virDomainCheckpointCreateFlags",)
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


@pytest.mark.parametrize(
    ("indent", "doc"),
    [
        ("\t\t\t\t", "part one part two"),  # 4 tabs: display column 33, as the spaces above
        ("\t\t\t        ", "part one part two"),
        ("\t" * 32, "part one"),  # character column 33, display column 257: not aligned on screen
        ("\t\t\t\t ", "part one"),
    ],
)
def test_a_continuing_comment_is_in_the_same_display_column(indent: str, doc: str) -> None:
    """QA (session 24): the same-column rule compared characters, so a continuation aligned with
    tabs under one aligned with spaces (libvirt-domain.h's cpumap) was dropped, the doc cut short."""
    text = f"struct _S {{\n    char *name;                 /* part one */\n{indent}/* part two */\n}};\n"
    assert text.split("\n")[1].index("/*") == 32
    info = scan("t.h", text).field_info("name", 2)
    assert info is not None and info.doc == doc
    member = scan("t.h", f"typedef enum {{\n    VIR_A = 1,                  /* part one */\n{indent}/* part two */\n}} E;\n").member_info("VIR_A", 2)
    assert member is not None and member.doc == doc


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
    # "The caller must free() the secret value": C's free(), whatever the pointer's type
    assert owned("virSecretGetValue") == (Ownership.CALLER_FREES, "")


def test_deprecations_written_in_docs(libvirt: Module) -> None:
    """libvirt's two spellings: a sentence starting "Deprecated", or "(DEPRECATED)"."""
    from generator.frontend.rules import doc_deprecated

    deprecated = sorted(s.name for s in libvirt.symbols() if getattr(s, "deprecated", False))
    assert deprecated == ["VIR_ERR_AGENT_UNSYNCED", "VIR_ERR_CALL_FAILED", "virDomainCreateLinux"]
    assert doc_deprecated("Deprecated after 0.4.6.\nRenamed to virDomainCreateXML().")
    assert doc_deprecated("not supported by the drivers (DEPRECATED)")
    assert not doc_deprecated("use the deprecated flag only with old servers")


# --- VIR_DEPRECATED on functions, locations at names, the Since: tag's place ---

DEPRECATED_HEADER = """\
VIR_DEPRECATED int virTBefore(int a);
int virTAfterBefore(int a);
int                     virTAfter       (int a,
                                         int b) VIR_DEPRECATED;
int virTAfterAfter(int a);
VIR_DEPRECATED
int
virTTwoBelow(int a);
int virTAfterTwoBelow(int a);
char *
VIR_DEPRECATED virTBetween(int a,
                           int b);
int virTAfterBetween(int a);
struct _virTInfo {
    int old VIR_DEPRECATED;
    int fresh;
};
"""


def test_vir_deprecated_marks_the_declaration_it_is_in(tmp_path: Path) -> None:
    """Before the return type, after the ')' of a declaration's last line, on a
    line of its own between: the declaration holding the token is marked, and
    never the one on the next line (a rule by lines marked that one too, and
    missed a name two lines below the attribute)."""
    scanned = scan("t.h", DEPRECATED_HEADER)
    names = {"virTBefore": 1, "virTAfterBefore": 2, "virTAfter": 3, "virTAfterAfter": 5, "virTTwoBelow": 8,
             "virTAfterTwoBelow": 9, "virTBetween": 11, "virTAfterBetween": 13}
    marked = {name for name, line in names.items() if scanned.declaration_deprecated(name, line)}
    assert marked == {"virTBefore", "virTAfter", "virTTwoBelow", "virTBetween"}
    old, fresh = scanned.field_info("old", 15), scanned.field_info("fresh", 16)
    assert old is not None and fresh is not None and (old.deprecated, fresh.deprecated) == (True, False)
    assert not scan("t.h", "int virTPlain(int a);\n").declaration_deprecated("virTPlain", 1)

    (tmp_path / "include" / "libvirt").mkdir(parents=True)
    (tmp_path / "include" / "libvirt" / "libvirt-t.h").write_text(DEPRECATED_HEADER.split("struct")[0], encoding="utf-8")
    module = load_tree(tmp_path).api.modules[0]
    assert {f.name for f in module.functions if f.deprecated} == {"virTBefore", "virTAfter", "virTTwoBelow", "virTBetween"}


ALIGNED_HEADER = """\
typedef struct _virT virT;
typedef virT           *virTPtr;
int                     virTAligned      (virTPtr        t,
                                          unsigned int   flags);
typedef int          (*virTCallback)(virTPtr   t, void *opaque);
typedef enum {
    VIR_T_A   =   1,
    VIR_T_B   =   2,
} virTFlags;
struct _virT {
    int             *count;
    char            name[8];
};
extern virTPtr       virTDefault;
int virTSame(int virTSame2, int other);
"""


def test_locations_are_at_names_as_written(tmp_path: Path) -> None:
    """cpp squeezes the spaces libvirt aligns declarations with, and the C parser
    puts a pointer declarator at its '*': every location is taken at the name
    in the raw line instead (each parameter at its own)."""
    (tmp_path / "include" / "libvirt").mkdir(parents=True)
    (tmp_path / "include" / "libvirt" / "libvirt-t.h").write_text(ALIGNED_HEADER, encoding="utf-8")
    module = load_tree(tmp_path).api.modules[0]
    lines = ALIGNED_HEADER.split("\n")

    def at(location_line: int, col: int) -> str:
        return lines[location_line - 1][col - 1:]

    aligned = module.function("virTAligned")
    callback = next(f for f in module.functypes if f.name == "virTCallback")
    struct = next(s for s in module.structs if s.name == "virT")
    assert aligned is not None and struct.fields is not None
    located = [(aligned.name, aligned.location), (callback.name, callback.location), (struct.name, struct.location)]
    located += [(p.name, p.location) for p in (*aligned.params, *callback.params)]
    located += [(m.name, m.location) for m in module.members] + [(e.name, e.location) for e in module.enums]
    located += [(t.name, t.location) for t in module.typedefs] + [(f.name, f.location) for f in struct.fields]
    located += [(v.name, v.location) for v in module.variables]
    assert len(located) == 14
    for name, location in located:
        assert at(location.line, location.col).startswith(name), (name, location)
    assert [(p.location.line, p.location.col) for p in aligned.params] == [(3, 58), (4, 58)]
    same = module.function("virTSame")
    assert same is not None and same.location.col == 5  # 'virTSame2' is another word


def test_every_location_of_the_9_0_0_model_is_at_its_name(libvirt_tree: Path) -> None:
    """Every function, parameter, function type, enum, member, typedef, struct,
    field, variable and macro of 9.0.0: 2,000 of its 4,000 locations were off.

    One justified exception: a parameter whose documented definition in the
    .c file names it differently is at the header's spelling (the model takes
    the definition's name, the location is the declaration's)."""
    import re

    texts: dict[str, list[str]] = {}

    def word_at(location: Location) -> str:
        if location.file not in texts:
            texts[location.file] = (libvirt_tree / location.file).read_text(encoding="utf-8").split("\n")
        match = re.match(r"\w+|#", texts[location.file][location.line - 1][location.col - 1:])
        return match.group() if match else ""

    wrong: list[str] = []
    renamed = 0
    for module in load_tree(libvirt_tree).api.modules:
        nodes: list[tuple[str, Location]] = [(n.name, n.location) for n in (*module.functions, *module.functypes, *module.enums, *module.members)]
        nodes += [(n.name, n.location) for n in (*module.typedefs, *module.structs, *module.variables)]
        nodes += [(f.name, f.location) for s in module.structs for f in s.fields or () for f in (f, *(f.union or ()))]
        wrong += [f"{name} at {location}" for name, location in nodes if word_at(location) != name]
        for callable_ in (*module.functions, *module.functypes):
            for param in callable_.params:
                spelled = word_at(param.location)
                renamed += spelled != param.name
                if spelled != param.name and not re.match(rf"{spelled}\s*[,)]", texts[param.location.file][param.location.line - 1][param.location.col - 1:]):
                    wrong.append(f"{callable_.name}({param.name}) at {param.location}")
        wrong += [f"macro {m.name} at {m.location}" for m in module.macros if word_at(m.location) != m.name]
    assert wrong == []
    assert renamed == 46  # e.g. virDomainAbortJob(virDomainPtr dom) documented as (domain)


def test_since_mismatch_points_at_the_tag(libvirt_tree: Path) -> None:
    """Not at the '/**' that opens the doc comment: at the 'Since:' it disagrees with."""
    found = [d for d in load_tree(libvirt_tree).diagnostics if d.rule == "since-mismatch"]
    assert len(found) == 4
    for diagnostic in found:
        where = diagnostic.location
        line = (libvirt_tree / where.file).read_text(encoding="utf-8").split("\n")[where.line - 1]
        since = diagnostic.message.split("says Since: ")[1].split()[0]
        assert line[where.col - 1:] == f"Since: {since}", diagnostic
    block_peek = next(d for d in found if "virDomainBlockPeek" in d.message)
    assert (block_peek.location.file, block_peek.location.line, block_peek.location.col) == ("src/libvirt-domain.c", 6275, 4)


def test_backslash_then_spaces_continues_a_directive() -> None:
    """gcc takes ``\\`` + spaces + newline as a continuation (with a warning): so does the scanner."""
    scanned = scan("t.h", "#define VIR_T_LEN \\  \t\n    (36 + 1)\n#define VIR_T_NEXT 2\nint x;\n")
    assert [(m.name, m.body, m.line) for m in scanned.macros] == [("VIR_T_LEN", "(36 + 1)", 1), ("VIR_T_NEXT", "2", 3)]
    assert [t.text for t in scanned.tokens if t.kind != "preproc"] == ["int", "x", ";"]


def test_vir_deprecated_on_an_enum_member() -> None:
    text = "typedef enum {\n    VIR_T_A = 0,\n    VIR_T_B VIR_DEPRECATED = 1, /* old */\n    VIR_T_C VIR_DEPRECATED,\n    VIR_T_D,\n} virT;\n"
    scanned = scan("t.h", text)
    infos = {name: scanned.member_info(name, line) for name, line in (("VIR_T_A", 2), ("VIR_T_B", 3), ("VIR_T_C", 4), ("VIR_T_D", 5))}
    assert {name: (i.expression, i.deprecated) for name, i in infos.items() if i is not None} == {
        "VIR_T_A": ("0", False), "VIR_T_B": ("1", True), "VIR_T_C": ("", True), "VIR_T_D": ("", False),
    }


def test_column_lookups_by_bisection_and_by_index_agree(libvirt_tree: Path) -> None:
    """The build asks a header's columns either way (indexed while the parser runs, else bisected)."""
    from generator.frontend.scanner import scan

    path = "include/libvirt/libvirt-domain.h"
    scanned = scan(path, (libvirt_tree / path).read_text(encoding="utf-8"))
    bisected = scanned.columns
    keys = {(token.text, token.line) for token in scanned.tokens if token.kind == "ident"}
    keys |= {("virConnectOpen", 1), ("noSuchName", 100)}
    answers = {key: bisected.get(key) for key in keys}
    scanned.prepare_columns()
    indexed = scanned.columns
    assert isinstance(indexed, dict) and not isinstance(bisected, dict)
    assert {key: indexed.get(key) for key in keys} == answers
    assert sum(1 for answer in answers.values() if answer == 0) > 0  # some names twice on a line
