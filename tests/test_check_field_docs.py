"""``check``'s ``undocumented-field`` rule: a field named by a comment of its
struct (``@end is ...`` above its group) is documented, on a small tree and on
libvirt 9.0.0."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.cli_check import findings
from generator.diagnostics import Diagnostic
from generator.frontend import load_tree

CASES = Path(__file__).resolve().parent / "cases"


T_HEADER = Path("include") / "libvirt" / "libvirt-t.h"


def _tree(tmp_path: Path, source: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(source, tree)
    return tree


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _check(tree: Path, disabled: list[str] | None = None) -> list[Diagnostic]:
    return findings(load_tree(tree), tree, disabled or [])


def _named(found: list[Diagnostic], rule: str) -> list[str]:
    """The first quoted name of each finding of ``rule``."""
    return [d.message.split("'")[1] for d in found if d.rule == rule]


# --- undocumented-field ---------------------------------------------------


STRUCT = """struct _virTInfo {
    int state; /* the state */

    /*
     * Progress: @cur runs from 0 to @end; dataTotal counts bytes, of which
     * dataProcessed are done.  The value is not a field's name here.
     */
    unsigned long long cur;
    unsigned long long end;
    unsigned long long dataTotal;
    unsigned long long dataProcessed;
    unsigned long long value;

    /* As above, but for memory */
    unsigned long long memTotal;
    unsigned long long memProcessed;

    int *kinds; /* the kinds */
    unsigned int nkinds;
};
"""


def test_a_field_named_by_a_comment_of_its_struct_is_documented(tmp_path: Path) -> None:
    """QA: virDomainBlockJobInfo.end was reported though the comment above its group says '@end is ...'."""
    tree = _tree(tmp_path, CASES / "check-flag-undocumented" / "fail")
    _edit(tree / T_HEADER, "struct _virTInfo {\n    int state; /* the state */\n};\n", STRUCT)
    # 'value' is an English word: named only as '@value'; a comment naming no field
    # documents only the field the scanner gives it to, as a trailing one does
    assert _named(_check(tree), "undocumented-field") == ["value", "memProcessed", "nkinds"]


def test_libvirt_9_fields_named_by_a_group_comment(libvirt_tree: Path) -> None:
    reported = {(d.message.split(" of ")[1].split()[0], d.message.split("'")[1]) for d in _check(libvirt_tree) if d.rule == "undocumented-field"}
    assert not reported & {("virDomainBlockJobInfo", "end"), ("virDomainJobInfo", "dataProcessed"), ("virDomainJobInfo", "dataRemaining")}
    assert ("virDomainJobInfo", "memProcessed") in reported  # "As above, but ..." names no field
    assert len(reported) == 23
