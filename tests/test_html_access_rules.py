"""Access rules on the HTML reference: an ``@acl`` condition reads as
libvirt's ``src/rpc/gendispatch.pl`` compiles it: ``!X|Y`` is "the call
passes neither X nor Y", ``X|Y`` "both X and Y", ``param:!V`` "param is not
V"; the raw condition stays visible in code font; the model keeps the ``!``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from html_support import CHECKPOINT_PAGE

from generator.backends import html as html_backend
from generator.frontend import load_tree
from generator.frontend.protocol import read_acls
from generator.html.text import Linker
from generator.model import Acl

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
