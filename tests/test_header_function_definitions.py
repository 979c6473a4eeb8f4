"""A function defined in a public header is part of the API as a declaration is; a ``static`` one is not.

QA (session 24): ``int virQaDef(int a) { return a; }`` in a header was left
out of the model silently, where ``int virQaDef(int a);`` is a
``syms-missing`` error: every program including the header defines that
symbol, and the library does not export it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from frontend_support import run

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "generator" / "sample"
HEADER = "include/libvirt/libvirt-domain-checkpoint.h"



def tree_with(tmp_path: Path, added: str) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE, tree)
    header = tree / HEADER
    text = header.read_text(encoding="utf-8")
    end = text.rindex("#endif")
    header.write_text(text[:end] + added + text[end:], encoding="utf-8")
    return tree


def test_a_definition_is_checked_against_the_syms_file_as_a_declaration(tmp_path: Path) -> None:
    tree = tree_with(tmp_path, "int virQaDefined(int a) { return a; }\n")
    line = (tree / HEADER).read_text(encoding="utf-8").splitlines().index("int virQaDefined(int a) { return a; }") + 1
    done = run("api", "--srcdir", ".", "-o", tmp_path / "out", cwd=tree)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"{HEADER}:{line}:5: error: 'virQaDefined' is declared but not exported in src/libvirt_public.syms:1:1 [syms-missing]" in done.stderr.splitlines()


def test_a_static_definition_is_no_symbol_of_the_library(tmp_path: Path) -> None:
    tree = tree_with(tmp_path, "static inline int virQaLocal(int a) { return a; }\n")
    done = run("api", "--srcdir", ".", "-o", tmp_path / "out", cwd=tree)
    assert done.returncode == 0, done.stderr
    assert "virQaLocal" not in (tmp_path / "out" / "libvirt-api.xml").read_text(encoding="utf-8")
