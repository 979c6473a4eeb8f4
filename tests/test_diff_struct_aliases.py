"""One struct under several typedef names is one change.

QA (session 29): ``int type`` -> ``unsigned int type`` in ``struct _virTypedParameter``
(libvirt-common.h.in) was four ABI-breaking ``struct-changed`` lines, one per typedef
name (``virTypedParameter``, ``virBlkioParameter``, ``virMemoryParameter``,
``virSchedParameter``: apibuild.py lists each as a struct), counted as four changes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_cli import SAMPLE, run

STRUCT = """struct _virQAPair {
    int key;
    int value;
};
typedef struct _virQAPair virQAPair;
typedef struct _virQAPair virQAOtherPair;
typedef struct _virQALone virQALone;
struct _virQALone {
    int key;
};

"""


def _tree(tmp_path: Path, name: str, body: str) -> Path:
    tree = Path(shutil.copytree(SAMPLE, tmp_path / name))
    header = tree / "include" / "libvirt" / "libvirt-domain.h"
    text = header.read_text(encoding="utf-8")
    end = text.rindex("#endif")
    header.write_text(text[:end] + body + text[end:], encoding="utf-8")
    return tree


def test_a_struct_of_two_names_changed_is_one_change(tmp_path: Path) -> None:
    _tree(tmp_path, "old", STRUCT)
    _tree(tmp_path, "new", STRUCT.replace("    int value;", "    unsigned int value;"))
    done = run("diff", "old", "new", cwd=tmp_path)
    lines = [line for line in done.stdout.splitlines() if "[struct-changed]" in line]
    assert len(lines) == 1, done.stdout
    assert lines[0].endswith(
        "ABI-breaking: virQAPair: value: int value -> unsigned int value (also virQAOtherPair: one struct, struct _virQAPair) [struct-changed]"
    )
    assert done.returncode == 4 and "1 change:" in done.stderr


def test_a_name_leaving_the_struct_is_its_own_change(tmp_path: Path) -> None:
    """Only names sharing the tag on both sides are one struct: one that now names another is compared alone."""
    _tree(tmp_path, "old", STRUCT)
    _tree(tmp_path, "new", STRUCT.replace("typedef struct _virQAPair virQAOtherPair;", "typedef struct _virQALone virQAOtherPair;"))
    done = run("diff", "old", "new", cwd=tmp_path)
    assert "virQAOtherPair" in done.stdout and "virQAPair:" not in done.stdout, done.stdout


NOTE = " (also virQAOtherPair: one struct, struct _virQAPair)"
DOCUMENTED = STRUCT.replace("    int value;", "    int value; /* what it holds */")


def _records(tmp_path: Path, old: str, new: str, kind: str) -> list[tuple[str, str]]:
    _tree(tmp_path, "old", old)
    _tree(tmp_path, "new", new)
    done = run("diff", "old", "new", "--format", "json", cwd=tmp_path)
    assert done.returncode in (0, 3, 4), done.stderr
    return [(c["symbol"], c["detail"]) for c in json.loads(done.stdout)["changes"] if c["kind"] == kind and c["symbol"].startswith("virQA")]


@pytest.mark.parametrize(
    ("new", "kind", "record"),
    [
        (DOCUMENTED.replace("    int value;", "    int amount;"), "field-renamed", ("virQAPair", "renamed at the same offset: value -> amount" + NOTE)),
        (DOCUMENTED.replace("what it holds", "what it stores"), "doc-changed", ("virQAPair", "field value" + NOTE)),
        (DOCUMENTED.replace("    int value;", "    int value VIR_DEPRECATED;"), "deprecated", ("virQAPair.value", "now deprecated" + NOTE)),
    ],
    ids=["field-renamed", "field-doc-changed", "field-deprecated"],
)
def test_every_finding_of_a_struct_of_two_names_names_the_other(tmp_path: Path, new: str, kind: str, record: tuple[str, str]) -> None:
    """Not only struct-changed: a reader of any finding on virQAPair learns that virQAOtherPair is
    the same struct, changed too, and that no separate line will say so."""
    assert _records(tmp_path, DOCUMENTED, new, kind) == [record]
