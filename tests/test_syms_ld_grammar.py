"""QA: the ``.syms`` reader and GNU ld (the reference: libvirt links with
``-Wl,--version-script=``) disagreed.  Read silently though ld refuses them:
a second ``global:`` or ``local:`` in a block, names before a ``local:`` (or
a ``global:``) with no ``global:`` first, an empty ``global:``.  Refused
though ld accepts them: a close naming several versions
(``} LIBVIRT_0.0.3 LIBVIRT_0.0.4;``), globs (``vir*Error;``).  And
``global: *;`` was read as exporting nothing, without a word.

ld's grammar for a block's body (binutils ldgram.y, ``vers_tag``): names;
``global:`` names; ``local:`` names; ``global:`` names ``local:`` names."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from frontend_support import SYMS, make_tree, run

from generator.frontend.syms import read_syms

# --- (a) forms ld refuses: one syms-syntax error at the keyword that breaks the grammar -----

REFUSED = {  # form -> (script, its one diagnostic, the exports still read)
    "global twice": (
        "LIBVIRT_1.0.0 {\n  global:\n    virA;\n  global:\n    virB;\n};\n",
        "x.syms:4:3: error: second 'global:' in version block 1.0.0 (ld reads 'global:' and 'local:' once each) [syms-syntax]",
        {"virA": "1.0.0", "virB": "1.0.0"},
    ),
    "local twice": (
        "LIBVIRT_1.0.0 {\n  global:\n    virA;\n  local:\n    virB;\n  local: *;\n};\n",
        "x.syms:6:3: error: second 'local:' in version block 1.0.0 (ld reads 'global:' and 'local:' once each) [syms-syntax]",
        {"virA": "1.0.0"},
    ),
    "names before local: with no global:": (
        "LIBVIRT_1.0.0 {\n  virA;\n  local: *;\n};\n",
        "x.syms:3:3: error: 'local:' after names with no 'global:' in version block 1.0.0 "
        "(ld reads names before 'local:' only after a 'global:') [syms-syntax]",
        {"virA": "1.0.0"},
    ),
    "names before global:": (
        "LIBVIRT_1.0.0 {\n  virA;\n  global:\n    virB;\n};\n",
        "x.syms:3:3: error: 'global:' after names in version block 1.0.0 (ld reads names before 'global:' only in a block without one) [syms-syntax]",
        {"virA": "1.0.0", "virB": "1.0.0"},
    ),
    "empty global: before local:": (
        "LIBVIRT_1.0.0 {\n  global:\n  local: *;\n};\n",
        "x.syms:2:3: error: 'global:' with no names in version block 1.0.0 (ld reads no empty 'global:') [syms-syntax]",
        {},
    ),
    "empty global: at the close": (
        "LIBVIRT_1.0.0 {\n  global: virA;\n};\nLIBVIRT_1.1.0 {\n  global:\n} LIBVIRT_1.0.0;\n",
        "x.syms:5:3: error: 'global:' with no names in version block 1.1.0 (ld reads no empty 'global:') [syms-syntax]",
        {"virA": "1.0.0"},
    ),
    "empty local:": (
        "LIBVIRT_1.0.0 {\n  global: virA;\n  local:\n};\n",
        "x.syms:3:3: error: 'local:' with no names in version block 1.0.0 (ld reads no empty 'local:') [syms-syntax]",
        {"virA": "1.0.0"},
    ),
}


@pytest.mark.parametrize("form", sorted(REFUSED))
def test_a_form_ld_refuses_is_one_error_at_its_keyword(form: str) -> None:
    script, diagnostic, exports = REFUSED[form]
    syms, diagnostics = read_syms("x.syms", script)
    assert [str(d) for d in diagnostics] == [diagnostic]
    assert syms.versions == exports


def test_a_form_ld_refuses_fails_the_run_with_no_traceback(tmp_path: Path) -> None:
    syms = "LIBVIRT_1.0.0 {\n    global:\n        virConnectFoo;\n    global:\n        virConnectFoo;\n};\n"
    make_tree(tmp_path / "tree", syms=syms)
    result = run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    assert (result.returncode, "Traceback" in result.stderr) == (1, False)
    assert [line for line in result.stderr.splitlines() if "error:" in line] == [
        f"tree/{SYMS}:4:5: error: second 'global:' in version block 1.0.0 (ld reads 'global:' and 'local:' once each) [syms-syntax]",
    ]


# --- (b) forms ld accepts: several versions after '}', globs -----

SEVERAL_DEPENDENCIES = (
    "LIBVIRT_0.0.3 {\n  global: virA;\n};\n"
    "LIBVIRT_0.0.4 {\n  global: virB;\n} LIBVIRT_0.0.3;\n"
    "LIBVIRT_0.0.5 {\n  global: virC;\n} LIBVIRT_0.0.3 LIBVIRT_0.0.4;\n"
)


def test_a_close_may_name_several_versions() -> None:
    syms, diagnostics = read_syms("x.syms", SEVERAL_DEPENDENCIES)
    assert diagnostics == []
    assert syms.versions == {"virA": "0.0.3", "virB": "0.0.4", "virC": "0.0.5"}
    last = syms.blocks[-1]
    assert (last.previous, last.previous_name, last.depends) == ("0.0.4", "LIBVIRT_0.0.4", ("LIBVIRT_0.0.3", "LIBVIRT_0.0.4"))


def test_a_dependency_no_earlier_block_defines_is_syms_chain() -> None:
    """ld: "unable to find version dependency `LIBVIRT_0.0.9'"."""
    syms, diagnostics = read_syms("x.syms", SEVERAL_DEPENDENCIES.replace("LIBVIRT_0.0.3 LIBVIRT_0.0.4;", "LIBVIRT_0.0.4\n  LIBVIRT_0.0.9;"))
    assert [str(d) for d in diagnostics] == ["x.syms:9:1: warning: version block 0.0.5 depends on LIBVIRT_0.0.9, which no block before it defines [syms-chain]"]
    assert syms.blocks[-1].previous_name == "LIBVIRT_0.0.4"


def test_several_versions_after_the_close_in_a_tree(tmp_path: Path) -> None:
    syms = (
        "LIBVIRT_0.9.0 {\n    global:\n        virConnectBar;\n};\n"
        "LIBVIRT_0.9.5 {\n} LIBVIRT_0.9.0;\n"
        "LIBVIRT_1.0.0 {\n    global:\n        virConnectFoo;\n} LIBVIRT_0.9.0\n  LIBVIRT_0.9.5;\n"
    )
    make_tree(tmp_path / "tree", "int virConnectBar(void);\n", syms=syms)
    result = run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")


GLOB_WARNING = (
    "{where}: warning: '{glob}' in version block 1.0.0 is a pattern: the functions only it exports get no version here "
    "(each is syms-missing); list them by name [input]"
)


def test_globs_are_read_and_warned_about_and_exact_names_keep_their_versions() -> None:
    """Decided (module docstring): without the headers the reader cannot match a glob, so it versions nothing."""
    script = "LIBVIRT_1.0.0 {\n  global:\n    virA;\n    vir*Error;\n    virFoo?;\n    [ab]x;\n  local:\n    vir[!A]*;\n};\n"
    syms, diagnostics = read_syms("x.syms", script)
    assert [str(d) for d in diagnostics] == [
        GLOB_WARNING.format(where="x.syms:4:5", glob="vir*Error"),
        GLOB_WARNING.format(where="x.syms:5:5", glob="virFoo?"),
        GLOB_WARNING.format(where="x.syms:6:5", glob="[ab]x"),
    ]
    assert syms.versions == {"virA": "1.0.0"}
    assert (syms.blocks[0].symbols, syms.blocks[0].globs) == (("virA",), ("vir*Error", "virFoo?", "[ab]x"))


def test_a_glob_in_a_tree_warns_and_a_function_only_it_covers_is_syms_missing(tmp_path: Path) -> None:
    syms = "LIBVIRT_1.0.0 {\n    global:\n        virConnectFoo;\n        virConnect*;\n};\n"
    make_tree(tmp_path / "covers-nothing", syms=syms)
    done = run("api", "--srcdir", "covers-nothing", "-o", "out1", cwd=tmp_path)
    assert (done.returncode, done.stderr.splitlines()) == (0, [GLOB_WARNING.format(where=f"covers-nothing/{SYMS}:4:9", glob="virConnect*")])
    make_tree(tmp_path / "covers-one", "int virConnectBar(void);\n", syms=syms)
    failed = run("api", "--srcdir", "covers-one", "-o", "out2", cwd=tmp_path)
    assert (failed.returncode, "Traceback" in failed.stderr) == (1, False)
    missing = f"covers-one/include/libvirt/libvirt-host.h:4:5: error: 'virConnectBar' is declared but not exported in covers-one/{SYMS}:1:1"
    assert missing + " [syms-missing]" in failed.stderr


# --- (c) global: *; -----


def test_global_star_follows_the_glob_rule() -> None:
    syms, diagnostics = read_syms("x.syms", "LIBVIRT_1.0.0 {\n  global: *;\n};\nLIBVIRT_1.1.0 {\n  global: virA;\n  local: *;\n} LIBVIRT_1.0.0;\n")
    assert [str(d) for d in diagnostics] == [GLOB_WARNING.format(where="x.syms:2:11", glob="*")]
    assert syms.versions == {"virA": "1.1.0"}
    assert [block.globs for block in syms.blocks] == [("*",), ()]


# --- ld itself agrees -----

ACCEPTED = [SEVERAL_DEPENDENCIES, "LIBVIRT_1.0.0 {\n  global: virA; vir*Error; virFoo?; [ab]x;\n  local: *;\n};\n", "LIBVIRT_1.0.0 {\n  global: *;\n};\n"]


@pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc (and ld) not installed")
def test_ld_refuses_and_accepts_the_same_forms(tmp_path: Path) -> None:
    source = tmp_path / "a.c"
    source.write_text("".join(f"int {name}(void) {{ return 0; }}\n" for name in ("virA", "virB", "virC", "virFooError", "ax")), encoding="utf-8")
    for script, refused in [*((script, True) for script, _, _ in REFUSED.values()), *((script, False) for script in ACCEPTED)]:
        (tmp_path / "v.syms").write_text(script, encoding="utf-8")
        argv = ["gcc", "-shared", "-fPIC", "-o", str(tmp_path / "a.so"), str(source), f"-Wl,--version-script={tmp_path / 'v.syms'}"]
        linked = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=60)
        assert (linked.returncode != 0, "syntax error in VERSION script" in linked.stderr) == (refused, refused), (script, linked.stderr)
