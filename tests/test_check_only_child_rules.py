"""``check --only`` names each rule alone, a rule split off another included.

QA (session 29): ``--only undocumented-macro-param`` reported nothing on 9.0.0 (5
findings without ``--only``), and ``--list-rules`` with it listed the rule: ``--only``
became "disable every other rule", ``undocumented-param`` among them, and a rule split
off a disabled one is off too (its old name still disables it, as ``--disable`` wants).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from test_cli import SAMPLE, run

from generator.lint import PARENT_RULES, RULES, rules_off

MACRO = """/**
 * VIR_QA_LARGER:
 * @a: the first value
 *
 * The larger of two values.
 *
 * Since: 1.0.0
 */
# define VIR_QA_LARGER(a, b) ((a) > (b) ? (a) : (b))

"""
FINDING = "warning: 'b' of macro VIR_QA_LARGER has no '@b:' doc entry [undocumented-macro-param]"


def _tree(tmp_path: Path) -> Path:
    tree = Path(shutil.copytree(SAMPLE, tmp_path / "tree"))
    header = tree / "include" / "libvirt" / "libvirt-domain.h"
    text = header.read_text(encoding="utf-8")
    end = text.rindex("#endif")
    header.write_text(text[:end] + MACRO + text[end:], encoding="utf-8")
    return tree


def test_rules_off() -> None:
    child, parent = next(iter(PARENT_RULES.items()))
    assert child not in rules_off([], [child]) and parent in rules_off([], [child])
    assert {child, parent} <= rules_off([parent])  # --disable's old name still disables the split-off rule
    assert rules_off([], [child, parent]) == frozenset(RULES) - {child, parent}
    assert child in rules_off([child], [child])


def test_only_a_split_off_rule_reports_its_findings(tmp_path: Path) -> None:
    _tree(tmp_path)
    every = run("check", "--srcdir", "tree", cwd=tmp_path)
    alone = run("check", "--srcdir", "tree", "--only", "undocumented-macro-param", cwd=tmp_path)
    assert FINDING in every.stdout + every.stderr
    assert [line for line in (alone.stdout + alone.stderr).splitlines() if "warning:" in line] == [
        line for line in (every.stdout + every.stderr).splitlines() if line.endswith("[undocumented-macro-param]")
    ]
    assert FINDING in alone.stdout + alone.stderr
    disabled = run("check", "--srcdir", "tree", "--disable", "undocumented-param", cwd=tmp_path)
    assert "[undocumented-macro-param]" not in disabled.stdout + disabled.stderr


def test_list_rules_lists_what_the_run_applies(tmp_path: Path) -> None:
    listed = run("check", "--list-rules", "--disable", "undocumented-param", cwd=tmp_path).stdout.split("\n")
    names = {line.split()[0] for line in listed if line.strip()}
    assert "undocumented-param" not in names and "undocumented-macro-param" not in names
    only = run("check", "--list-rules", "--only", "undocumented-macro-param", cwd=tmp_path).stdout
    assert [line.split()[0] for line in only.splitlines()] == ["undocumented-macro-param"]
