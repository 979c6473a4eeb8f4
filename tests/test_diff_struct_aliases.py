"""One struct under several typedef names is one change.

QA (session 29): ``int type`` -> ``unsigned int type`` in ``struct _virTypedParameter``
(libvirt-common.h.in) was four ABI-breaking ``struct-changed`` lines, one per typedef
name (``virTypedParameter``, ``virBlkioParameter``, ``virMemoryParameter``,
``virSchedParameter``: apibuild.py lists each as a struct), counted as four changes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

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
