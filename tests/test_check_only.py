"""``check --only``: the rules named run alone; the README's set keeps libvirt
apibuild.py's build gate (meson QA, session 27: a drop-in ``api`` only warns
where apibuild.py failed the build, and ``--werror`` failed 9.0.0 itself on
rules apibuild.py never had)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import REPO
from frontend_support import run

GATE = re.search(r"--werror \\\n\s+--only (\S+)\n", (REPO / "README.md").read_text(encoding="utf-8")).group(1)  # type: ignore[union-attr]
CASE = REPO / "tests" / "cases" / "check-undocumented-param" / "fail"


def test_only_runs_the_rules_it_names() -> None:
    done = run("check", "--srcdir", ".", "--only", "undocumented-param", cwd=CASE)
    assert [line.rsplit("[", 1)[1] for line in done.stdout.splitlines()] == ["undocumented-param]"]
    both = run("check", "--srcdir", ".", "--only", "undocumented-param", "--only", "undocumented-macro-param", cwd=CASE)
    assert len(both.stdout.splitlines()) == 2
    assert run("check", "--srcdir", ".", "--only", "undocumented-param", "--disable", "undocumented-param", cwd=CASE).stdout == ""


def test_only_with_no_rule_or_an_unknown_one_is_a_usage_error() -> None:
    assert run("check", "--only", "", cwd=CASE).returncode == 2
    unknown = run("check", "--only", "undocumented-params", cwd=CASE)
    assert unknown.returncode == 2 and "unknown rule 'undocumented-params'" in unknown.stderr


def test_the_readmes_gate_passes_libvirt_9_and_fails_where_apibuild_does(libvirt_tree: Path, tmp_path: Path) -> None:
    assert run("check", "--srcdir", libvirt_tree, "--werror", "--only", GATE, cwd=tmp_path).returncode == 0
    tree = tmp_path / "tree"
    for part in ("include", "src", "scripts"):
        shutil.copytree(libvirt_tree / part, tree / part, symlinks=True)
    (tree / "meson.build").write_bytes((libvirt_tree / "meson.build").read_bytes())
    source = tree / "src" / "libvirt-host.c"
    source.write_text(source.read_text(encoding="utf-8").replace(" * @hvVer: ", " * hvVer: ", 1), encoding="utf-8")
    domain = tree / "src" / "libvirt-domain.c"  # review 4: a doc without its description passed the gate
    domain.write_text(domain.read_text(encoding="utf-8").replace(" * Get the type of domain operation system.\n", "", 1), encoding="utf-8")
    failed = run("check", "--srcdir", tree, "--werror", "--only", GATE, cwd=tmp_path)
    assert failed.returncode == 1
    assert "'hvVer' of virConnectGetVersion has no '@hvVer:' doc entry [undocumented-param, --werror]" in failed.stdout
    assert "the doc of virDomainGetOSType says nothing of what it does" in failed.stdout


def test_the_split_rule_still_answers_to_the_name_it_had(tmp_path: Path) -> None:
    """Review 4: a marker or --disable naming undocumented-param silenced a macro's parameter before the split."""
    macro_case = REPO / "tests" / "cases" / "check-undocumented-macro-param" / "fail"
    tree = tmp_path / "tree"
    shutil.copytree(macro_case, tree)
    assert "of macro" not in run("check", "--srcdir", "tree", "--disable", "undocumented-param", cwd=tmp_path).stdout
    header = tree / "include" / "libvirt" / "libvirt-t.h"
    lines = header.read_text(encoding="utf-8").splitlines(keepends=True)
    # the finding points at the macro's '/**' line: the marker goes in a comment of its own above it
    at = next(i for i, line in enumerate(lines) if "VIR_T_NAME_FITS:" in line) - 1
    lines[at:at] = ["/* virt-apigen: ignore undocumented-param */\n"]
    header.write_text("".join(lines), encoding="utf-8")
    assert "of macro" not in run("check", "--srcdir", "tree", cwd=tmp_path).stdout


def test_the_rule_list_is_in_columns() -> None:
    """Review 4: undocumented-macro-param is longer than the 22 characters the names were padded to."""
    listing = run("check", "--list-rules", cwd=REPO).stdout.splitlines()
    assert len(listing) > 30 and len({len(re.match(r"\S+ +", line).group()) for line in listing}) == 1  # type: ignore[union-attr]
