"""A header that declares nothing is an error at it: an empty or truncated file, or one that only includes others.

QA (session 24): named alone (``api FILE...``) an empty header gave an empty
API and exit 0; in a tree only the ``.syms`` file's ``syms-undeclared``
errors said so, at the ``.syms`` file, never at the header.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from frontend_support import run

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "generator" / "sample"
HEADER = "include/libvirt/libvirt-domain-checkpoint.h"
MESSAGE = (
    "error: the header declares nothing: an empty or truncated file (one that only includes others, as libvirt.h,"
    " is read through --srcdir, or by naming the headers it includes) [input]"
)



GUARD_ONLY = "#ifndef LIBVIRT_DOMAIN_CHECKPOINT_H\n# define LIBVIRT_DOMAIN_CHECKPOINT_H\n#endif\n"


@pytest.mark.parametrize("content", ["", "\n\n", "/* only a comment */\n", GUARD_ONLY], ids=["empty", "blank", "comment", "guard"])
@pytest.mark.parametrize("mode", ["files", "srcdir"])
def test_a_header_declaring_nothing_is_an_error_at_it(tmp_path: Path, content: str, mode: str) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE, tree)
    (tree / HEADER).write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "libvirt-api.xml").write_text("earlier run\n", encoding="utf-8")
    if mode == "files":
        done = run("api", HEADER, "src/libvirt_public.syms", "src/libvirt-domain-checkpoint.c", "-o", out, cwd=tree)
    else:
        done = run("api", "--srcdir", ".", "-o", out, cwd=tree)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"{HEADER}:1:1: {MESSAGE}" in done.stderr.splitlines(), done.stderr
    assert [p.name for p in out.iterdir()] == ["libvirt-api.xml"] and (out / "libvirt-api.xml").read_text(encoding="utf-8") == "earlier run\n"


def test_every_header_of_the_real_tree_declares_something(libvirt_tree: Path) -> None:
    # the rule must not fire on a real tree: 9.0.0's 17 headers each declare something (the umbrella is no module header)
    from generator.frontend import load_tree

    result = load_tree(libvirt_tree)
    assert [d for d in result.diagnostics if "declares nothing" in d.message] == []
    assert sum(len(m.headers) for m in result.api.modules) == 17
