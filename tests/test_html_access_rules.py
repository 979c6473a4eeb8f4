"""Access rules on the HTML reference: an ``@acl`` condition reads as
libvirt's ``src/rpc/gendispatch.pl`` compiles it: ``!X|Y`` is "the call
passes neither X nor Y", ``X|Y`` "both X and Y", ``param:!V`` "param is not
V"; the raw condition stays visible in code font; the model keeps the ``!``.
An ``@aclfilter`` rule reads after what the call hands back (QA: every one
said "the returned list", virConnectNumOfDomains and the event registrations
included): a list, a count, the events a callback receives."""

from __future__ import annotations

import dataclasses
import shutil
from collections import Counter
from pathlib import Path

import pytest
from html_support import CHECKPOINT_PAGE

from generator.backends import html as html_backend
from generator.frontend import load_tree
from generator.frontend.protocol import read_acls
from generator.html.text import Linker
from generator.model import Acl, Api, Function, Param

DOMAIN_PAGE = "libvirt-libvirt-domain.html"


LINKER = Linker({"VIR_X": DOMAIN_PAGE, "VIR_Y": DOMAIN_PAGE, "VIR_Z": DOMAIN_PAGE}, DOMAIN_PAGE)


X, Y, Z = ('<a href="#VIR_X">VIR_X</a>', '<a href="#VIR_Y">VIR_Y</a>', '<a href="#VIR_Z">VIR_Z</a>')


NEEDED = "<code>domain:save</code>"


def _raw(expression: str) -> str:
    return f' (condition <code class="condition">{expression}</code>)'


# --- access rules --------------------------------------------------------------------


def _words(flag: str = "", condition: str = "") -> str:
    return html_backend._access_html(Acl("check", "domain", "save", flag, condition), LINKER)


@pytest.mark.parametrize(
    ("flag", "expected"),
    [
        ("VIR_X", f"{NEEDED} when the call passes {X}"),
        ("VIR_X|VIR_Y", f"{NEEDED} when the call passes both {X} and {Y}" + _raw("VIR_X|VIR_Y")),
        ("VIR_X|VIR_Y|VIR_Z", f"{NEEDED} when the call passes all of {X}, {Y} and {Z}" + _raw("VIR_X|VIR_Y|VIR_Z")),
        ("!VIR_X", f"{NEEDED} when the call does not pass {X}" + _raw("!VIR_X")),
        ("!VIR_X|VIR_Y", f"{NEEDED} when the call passes neither {X} nor {Y}" + _raw("!VIR_X|VIR_Y")),
        ("!VIR_X|VIR_Y|VIR_Z", f"{NEEDED} when the call passes none of {X}, {Y} and {Z}" + _raw("!VIR_X|VIR_Y|VIR_Z")),
    ],
)
def test_flag_conditions_read_as_gendispatch_compiles_them(flag: str, expected: str) -> None:
    """``X|Y``: ``(flags & (X|Y)) == (X|Y)``; ``!X|Y``: ``(flags & (X|Y)) == 0``."""
    assert _words(flag) == expected


def test_parameter_conditions_and_both_kinds_together() -> None:
    assert _words(condition="source:VIR_X") == f"<code>domain:save</code> when <var>source</var> is {X}"
    assert _words(condition="source:!VIR_X") == f"<code>domain:save</code> when <var>source</var> is not {X}"
    assert _words("!VIR_Y", "source:VIR_X") == (
        f'<code>domain:save</code> when the call does not pass {Y} (condition <code class="condition">!VIR_Y</code>) and <var>source</var> is {X}'
    )
    assert _words() == "<code>domain:save</code>"
    assert _words(condition="?") == "<code>domain:save</code> under a condition on a parameter"


PROTOCOL = """\
enum remote_procedure {
    /**
     * @generate: both
     * @acl: domain:checkpoint
     * @acl: domain:save:!VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE|VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE
     * @acl: domain:fs_freeze:VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE|VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE
     */
    REMOTE_PROC_DOMAIN_CHECKPOINT_CREATE_XML = 1,

    /**
     * @generate: both
     * @acl: domain:checkpoint
     * @acl: domain:write::flags:!VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN
     */
    REMOTE_PROC_DOMAIN_CHECKPOINT_DELETE = 2
};
"""


def test_the_model_keeps_the_negation() -> None:
    rules, problems = read_acls("remote_protocol.x", PROTOCOL)
    assert problems == []
    create, delete = rules["DOMAINCHECKPOINTCREATEXML"], rules["DOMAINCHECKPOINTDELETE"]
    assert [(a.permission, a.flag, a.condition) for a in create] == [
        ("checkpoint", "", ""),
        ("save", "!VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE|VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE", ""),
        ("fs_freeze", "VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE|VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE", ""),
    ]
    assert [(a.permission, a.flag, a.condition) for a in delete] == [("checkpoint", "", ""), ("write", "", "flags:!VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN")]


def test_negated_rules_on_the_page(sample_tree: Path, tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(sample_tree, tree)
    (tree / "src" / "remote").mkdir()
    (tree / "src" / "remote" / "remote_protocol.x").write_text(PROTOCOL, encoding="utf-8")
    page = html_backend.render(load_tree(tree).api)[CHECKPOINT_PAGE]
    create = page.split('id="virDomainCheckpointCreateXML"', 1)[1].split("</section>", 1)[0]
    quiesce, redefine = ('<a href="#VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE">VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE</a>',
                         '<a href="#VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE">VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE</a>')
    assert f"<li><code>domain:save</code> when the call passes neither {quiesce} nor {redefine} (condition " in create
    assert '<code class="condition">!VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE|VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE</code>' in create
    assert f"<li><code>domain:fs_freeze</code> when the call passes both {quiesce} and {redefine} (condition " in create
    assert "passes !" not in page and "passes <a" + ' href="#VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE">VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE</a>|' not in page
    delete = page.split('id="virDomainCheckpointDelete"', 1)[1].split("</section>", 1)[0]
    assert '<li><code>domain:write</code> when <var>flags</var> is not <a href="#VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN">' in delete


def test_libvirt_9_0_0_save_rules(libvirt_tree: Path) -> None:
    """On libvirt 9.0.0: virDomainSetVcpusFlags needs domain:save unless the call passes CONFIG or LIVE."""
    api = load_tree(libvirt_tree).api
    module = api.module("libvirt")
    assert module is not None
    function = next(f for f in module.functions if f.name == "virDomainSetVcpusFlags")
    linker = Linker(html_backend.page_of_symbols(api), "libvirt-libvirt-domain.html")
    words = [html_backend._access_html(acl, linker) for acl in function.acls]
    assert (
        '<code>domain:save</code> when the call passes neither <a href="#VIR_DOMAIN_AFFECT_CONFIG">VIR_DOMAIN_AFFECT_CONFIG</a>'
        ' nor <a href="#VIR_DOMAIN_AFFECT_LIVE">VIR_DOMAIN_AFFECT_LIVE</a>'
        ' (condition <code class="condition">!VIR_DOMAIN_AFFECT_CONFIG|VIR_DOMAIN_AFFECT_LIVE</code>)'
    ) in words
    assert '<code>domain:save</code> when the call passes <a href="#VIR_DOMAIN_AFFECT_CONFIG">VIR_DOMAIN_AFFECT_CONFIG</a>' in words


# --- filter rules: what the call hands back ------------------------------------------------------


FILTER = Acl("filter", "domain", "getattr")
GETATTR = "<code>domain:getattr</code>"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("list", f"the returned list keeps only the domain objects the caller has {GETATTR} on"),
        ("count", f"the count includes only the domain objects the caller has {GETATTR} on"),
        ("events", f"events are delivered only for the domain objects the caller has {GETATTR} on"),
        ("result", f"the result covers only the domain objects the caller has {GETATTR} on"),
    ],
)
def test_filter_words(target: html_backend.FilterTarget, expected: str) -> None:
    assert html_backend._access_html(FILTER, LINKER, target) == expected


def test_filter_words_default_are_true_of_any_call() -> None:
    """A caller that does not say what the call returns gets no claim about a list."""
    assert html_backend._access_html(FILTER, LINKER) == f"the result covers only the domain objects the caller has {GETATTR} on"


@pytest.fixture(scope="module")
def sample_api(sample_tree: Path) -> Api:
    return load_tree(sample_tree).api


def _like(api: Api, base: str, changes: dict[str, object]) -> Function:
    """A function of the sample tree, changed: the synthetic calls of the rule's tests."""
    module = api.module("libvirt")
    assert module is not None
    return dataclasses.replace(next(f for f in module.functions if f.name == base), **changes)  # type: ignore[arg-type]


def _params(*declared: tuple[str, str]) -> tuple[Param, ...]:
    """(type, name) pairs as parameters."""
    return tuple(Param(name, ctype, "") for ctype, name in declared)


@pytest.mark.parametrize(
    ("base", "changes", "expected"),
    [
        # an array comes back: written into T ** / T ** const, or into T * sized by a later max... parameter
        ("virDomainListAllCheckpoints", {}, "list"),
        ("virDomainGetID", {"name": "virConnectListThings", "return_type": "int",
                            "params": _params(("virConnectPtr", "conn"), ("char ** const", "names"), ("int", "maxnames"))}, "list"),
        ("virDomainGetID", {"name": "virConnectListThingIDs", "return_type": "int",
                            "params": _params(("virConnectPtr", "conn"), ("int *", "ids"), ("int", "maxids"))}, "list"),
        # one value written through a pointer is no list; nor is const input
        ("virConnectGetLibVersion", {}, "result"),
        ("virDomainGetID", {"name": "virConnectNumOfThings", "params": _params(("virConnectPtr", "conn"), ("const char *", "cap"))}, "count"),
        # a count by its return doc alone; "ID number" counts nothing
        ("virDomainGetID", {"name": "virConnectThings", "return_type": "int", "return_doc": "the number of things found, or -1"}, "count"),
        ("virDomainGetID", {"return_doc": "the domain ID number, or (unsigned int)-1 on failure."}, "result"),
        # a callback that is handed something: events; the opaque data's free function alone is not one
        ("virConnectRegisterCloseCallback", {}, "events"),
        ("virDomainGetID", {"name": "virConnectThingNumOfEventRegister", "return_type": "int",
                            "params": _params(("virConnectPtr", "conn"), ("virFreeCallback", "freecb"))}, "count"),
    ],
)
def test_what_a_filter_filters_is_read_from_the_signature(sample_api: Api, base: str, changes: dict[str, object], expected: str) -> None:
    function = _like(sample_api, base, changes)
    assert html_backend.filter_target(function, html_backend.object_callbacks(sample_api)) == expected


FILTER_PROTOCOL = """\
enum remote_procedure {
    /**
     * @acl: domain:read
     * @aclfilter: domain_checkpoint:read
     */
    REMOTE_PROC_DOMAIN_LIST_ALL_CHECKPOINTS = 1,

    /**
     * @acl: connect:getattr
     * @aclfilter: domain:getattr
     */
    REMOTE_PROC_CONNECT_REGISTER_CLOSE_CALLBACK = 2,

    /**
     * @acl: domain:read
     * @aclfilter: domain:getattr
     */
    REMOTE_PROC_DOMAIN_GET_ID = 3
};
"""


def test_filter_rules_on_the_sample_pages(sample_tree: Path, tmp_path: Path) -> None:
    """A small tree of our own: one list, one callback registration, one call that is neither."""
    tree = tmp_path / "tree"
    shutil.copytree(sample_tree, tree)
    (tree / "src" / "remote").mkdir()
    (tree / "src" / "remote" / "remote_protocol.x").write_text(FILTER_PROTOCOL, encoding="utf-8")
    pages = html_backend.render(load_tree(tree).api)

    def access(page: str, name: str) -> str:
        return pages[page].split(f'id="{name}"', 1)[1].split("</section>", 1)[0].split("<dt>Access</dt>", 1)[1]

    listing = access(CHECKPOINT_PAGE, "virDomainListAllCheckpoints")
    assert "<li>the returned list keeps only the domain_checkpoint objects the caller has <code>domain_checkpoint:read</code> on</li>" in listing
    callback = access("libvirt-libvirt-host.html", "virConnectRegisterCloseCallback")
    assert "<li>events are delivered only for the domain objects the caller has <code>domain:getattr</code> on</li>" in callback
    neither = access(DOMAIN_PAGE, "virDomainGetID")
    assert "<li>the result covers only the domain objects the caller has <code>domain:getattr</code> on</li>" in neither
    assert "returned list" not in callback + neither


@pytest.fixture(scope="module")
def libvirt_api(libvirt_tree: Path) -> Api:
    return load_tree(libvirt_tree).api


def test_libvirt_9_0_0_filter_rules(libvirt_api: Api) -> None:
    """Every @aclfilter of 9.0.0: 23 lists, 12 counts (virConnectNumOf* x10,
    virNodeNumOfDevices, virStoragePoolNumOfVolumes), 7 event registrations;
    none left to the neutral words."""
    callbacks = html_backend.object_callbacks(libvirt_api)
    filtered = {f.name: html_backend.filter_target(f, callbacks)
                for m in libvirt_api.modules for f in m.functions if any(a.kind == "filter" for a in f.acls)}
    assert Counter(filtered.values()) == {"list": 23, "count": 12, "events": 7}
    assert sorted(n for n, t in filtered.items() if t == "count") == sorted(
        [f"virConnectNumOf{kind}" for kind in ("Domains", "DefinedDomains", "Interfaces", "DefinedInterfaces", "Networks",
                                                "DefinedNetworks", "StoragePools", "DefinedStoragePools", "NWFilters", "Secrets")]
        + ["virNodeNumOfDevices", "virStoragePoolNumOfVolumes"]
    )
    assert sorted(n for n, t in filtered.items() if t == "events") == sorted(
        [f"virConnect{kind}EventRegisterAny" for kind in ("Domain", "Network", "NodeDevice", "Secret", "StoragePool")]
        + ["virConnectDomainEventRegister", "virConnectDomainQemuMonitorEventRegister"]
    )
    assert filtered["virConnectListAllDomains"] == filtered["virConnectListDomains"] == filtered["virConnectGetAllDomainStats"] == "list"
