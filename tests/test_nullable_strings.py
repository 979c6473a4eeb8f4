"""Strings NULL may be passed for, by the code rather than the docs: the
protocol file sends them as ``remote_string`` and the entry point refuses
none of them (``Function.nullable_strings``); the bindings take ``None``
there.  libvirt's ``getDomainCapabilities`` documents none of its four
strings as optional, yet NULL is how a program asks for the host's
defaults (libvirt-python and virsh pass it), and ``virDomainRename``'s
``new_name`` is a ``remote_string`` its entry point refuses as NULL."""

from __future__ import annotations

import dataclasses
import inspect
from pathlib import Path
from types import ModuleType

import pytest
from frontend_support import BASE_SYMS, make_tree
from python_support import URI, load_reference, whole_tree_fixtures, whole_tree_plan

from generator.backends import python as backend
from generator.frontend import load_tree
from generator.frontend.protocol import read_optional_strings

package_folder, ours = whole_tree_fixtures("nullable_strings")

PROTOCOL = """\
typedef string remote_nonnull_string<4096>;
typedef remote_nonnull_string *remote_string;

struct remote_connect_bar_args {
    remote_nonnull_string conn_name; /* a remote_string in a comment is no field */
    remote_string a;
    remote_string b;
    remote_nonnull_string c;
    remote_string d<16>;
    unsigned int flags;
};
/* struct remote_connect_gone_args { remote_string x; }; */
struct remote_connect_foo_args {
    unsigned int flags;
};

enum remote_procedure {
    /**
     * @generate: both
     * @acl: connect:read
     */
    REMOTE_PROC_CONNECT_BAR = 1,
    /**
     * @generate: both
     * @acl: connect:read
     */
    REMOTE_PROC_CONNECT_FOO = 2
};
"""

HEADER = (
    "typedef struct _virConnect virConnect;\n"
    "typedef virConnect *virConnectPtr;\n"
    "int virConnectFoo(virConnectPtr conn, unsigned int flags);\n"
    "int virConnectBar(virConnectPtr conn, const char *a, const char *b, const char *c, unsigned int flags);\n"
)
SOURCE = (
    "/**\n * virConnectFoo:\n * @conn: c\n * @flags: f\n *\n * Does foo.\n *\n"
    " * Returns 0.\n *\n * Since: 1.0.0\n */\nint\nvirConnectFoo(virConnectPtr conn, unsigned int flags)\n{\n    return 0;\n}\n\n"
    "/**\n * virConnectBar:\n * @conn: c\n * @a: the first\n * @b: the second\n * @c: the third\n * @flags: f\n *\n"
    " * Does bar.\n *\n * Returns 0.\n *\n * Since: 1.0.0\n */\nint\n"
    "virConnectBar(virConnectPtr conn, const char *a, const char *b, const char *c, unsigned int flags)\n{\n"
    '    VIR_DEBUG("a=%s, b=%s, c=%s", NULLSTR(a), NULLSTR(b), NULLSTR(c));\n'
    "    virCheckNonNullArgGoto(b, error);\n    return 0;\n error:\n    return -1;\n}\n"
)
SYMS = BASE_SYMS.replace("virConnectFoo;", "virConnectFoo;\n        virConnectBar;")


def _tree(folder: Path, protocol: str = PROTOCOL, source: str = SOURCE) -> Path:
    tree = make_tree(folder, syms=SYMS, header=HEADER, source=source)
    (tree / "src" / "remote").mkdir()
    (tree / "src" / "remote" / "remote_protocol.x").write_text(protocol, encoding="utf-8")
    return tree


def test_the_protocol_names_the_strings_each_procedure_may_send_as_null() -> None:
    """Only ``remote_string`` fields, not arrays of them, not ``remote_nonnull_string``, not in comments."""
    assert read_optional_strings(PROTOCOL) == {"CONNECTBAR": frozenset({"a", "b"})}


def test_a_struct_cut_short_gives_no_optional_string_and_no_exception() -> None:
    cut = PROTOCOL[: PROTOCOL.index("remote_nonnull_string c;")]
    assert read_optional_strings(cut) == {}
    assert read_optional_strings("/* struct remote_x_args { remote_string y; };") == {}


def test_a_string_is_nullable_when_the_protocol_carries_null_and_the_entry_point_lets_it_through(tmp_path: Path) -> None:
    result = load_tree(_tree(tmp_path / "tree"))
    bar = next(f for f in result.api.modules[0].functions if f.name == "virConnectBar")
    assert bar.nullable_strings == ("a",)  # b: refused by the entry point; c: remote_nonnull_string
    foo = next(f for f in result.api.modules[0].functions if f.name == "virConnectFoo")
    assert foo.nullable_strings == ()
    assert [d for d in result.diagnostics if d.severity == "error"] == []


def test_a_string_the_entry_point_does_not_print_through_nullstr_is_not_nullable(tmp_path: Path) -> None:
    """Review, session 36: ``remote_string`` says only that the wire can carry NULL.  9.0.0's
    virDomainManagedSaveDefineXML checks nothing and does not expect NULL (no NULLSTR), and the qemu
    driver compares its ``dxml`` with STREQ: the bindings' ``dxml=None`` would crash the daemon."""
    source = SOURCE.replace("NULLSTR(a)", "a")
    bar = next(f for f in load_tree(_tree(tmp_path / "tree", source=source)).api.modules[0].functions if f.name == "virConnectBar")
    assert bar.nullable_strings == ()


def test_the_whole_body_is_read_past_a_brace_at_the_start_of_a_line(tmp_path: Path) -> None:
    """A block closed at column 0 inside the body (a style slip) must not hide a later refusal."""
    slip = "    if (flags) {\n        flags = 0;\n}\n    virCheckNonNullArgGoto(a, error);\n    /* } */\n"
    source = SOURCE.replace("    virCheckNonNullArgGoto(b, error);\n", slip)
    bar = next(f for f in load_tree(_tree(tmp_path / "tree", source=source)).api.modules[0].functions if f.name == "virConnectBar")
    assert bar.nullable_strings == ("b",)


def test_without_the_entry_point_no_string_is_nullable(tmp_path: Path) -> None:
    """The safe side: a definition the tool cannot see may refuse NULL (or crash on it)."""
    source = SOURCE.replace("virConnectBar(virConnectPtr conn, const char *a", "virConnectBarImpl(virConnectPtr conn, const char *a")
    bar = next(f for f in load_tree(_tree(tmp_path / "tree", source=source)).api.modules[0].functions if f.name == "virConnectBar")
    assert bar.nullable_strings == ()


def test_the_bindings_take_none_for_a_nullable_string_unless_its_doc_refuses_null(tmp_path: Path) -> None:
    bar = next(f for f in load_tree(_tree(tmp_path / "tree")).api.modules[0].functions if f.name == "virConnectBar")
    assert [p.name for p in bar.params if backend._is_nullable(p, bar)] == ["a"]
    refused = dataclasses.replace(bar, params=tuple(dataclasses.replace(p, doc="the first, must not be NULL") if p.name == "a" else p for p in bar.params))
    assert [p.name for p in refused.params if backend._is_nullable(p, refused)] == []


def test_real_tree_getdomaincapabilities_takes_none_and_rename_does_not() -> None:
    plan = whole_tree_plan()
    methods = {f"{c.name}.{m.name}": m for c in plan.classes for m in c.methods}
    capabilities = methods["virConnect.getDomainCapabilities"]
    assert [(a.name, a.annotation, a.default) for a in capabilities.args[:4]] == [
        (name, "str | None", "None") for name in ("emulatorbin", "arch", "machine", "virttype")
    ]
    assert [(a.name, a.annotation, a.default) for a in methods["virConnect.getMaxVcpus"].args] == [("type", "str | None", "None")]
    # the protocol sends these as remote_string, and the entry point refuses NULL: still required
    assert [(a.name, a.annotation) for a in methods["virDomain.rename"].args][:1] == [("new_name", "str")]
    assert [(a.name, a.annotation) for a in methods["virDomain.setUserPassword"].args][:2] == [("user", "str"), ("password", "str")]
    # a remote_string the entry point neither refuses nor expects (no NULLSTR): the qemu driver would crash on NULL
    assert [(a.name, a.annotation) for a in methods["virDomain.managedSaveDefineXML"].args][:1] == [("dxml", "str")]


def test_real_tree_null_reaches_libvirt_as_libvirt_python_passes_it(ours: ModuleType) -> None:
    """On the test driver: ``getMaxVcpus(None)`` answers as libvirt-python's does, and
    ``getDomainCapabilities()`` is refused by the driver (VIR_ERR_NO_SUPPORT), not by the binding."""
    reference = load_reference()
    conn, theirs = ours.open(URI), reference.open(URI)
    try:
        assert conn.getMaxVcpus(None) == conn.getMaxVcpus() == theirs.getMaxVcpus(None) == theirs.getMaxVcpus("test") > 0
        assert inspect.signature(conn.getDomainCapabilities).parameters["emulatorbin"].default is None
        with pytest.raises(ours.libvirtError) as raised:
            conn.getDomainCapabilities()
        with pytest.raises(reference.libvirtError) as raised_there:
            theirs.getDomainCapabilities(None, None, None, None)
        assert raised.value.get_error_code() == raised_there.value.get_error_code() == 3
    finally:
        conn.close()
        theirs.close()


def test_check_reports_a_string_the_code_lets_be_null_whose_docs_say_nothing(tmp_path: Path) -> None:
    """``null-undocumented``: 'a' may be NULL by the code and its doc says nothing of NULL; once the doc says
    "or NULL for the default", nothing is reported."""
    from generator.cli_check import findings

    tree = _tree(tmp_path / "tree")
    said = [(d.rule, d.message) for d in findings(load_tree(tree), tree, []) if d.rule == "null-undocumented"]
    assert said == [
        (
            "null-undocumented",
            "'a' of virConnectBar may be NULL (a remote_string in the protocol; the entry point prints it with NULLSTR and"
            " does not refuse it), but its docs do not say so: say what NULL asks for",
        )
    ]
    documented = _tree(tmp_path / "documented", source=SOURCE.replace(" * @a: the first\n", " * @a: the first, or NULL for the default\n"))
    assert [d for d in findings(load_tree(documented), documented, []) if d.rule == "null-undocumented"] == []
