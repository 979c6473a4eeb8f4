"""Helpers for the ``check`` tests: the trees they run ``check``'s findings on.

Two kinds of tree: a copy of a given tree (the sample, or one of
``tests/cases``) that a test then edits in place (:func:`copy_tree`, then
``edit_support``), and a small ``libvirt-x`` tree written from text
(:func:`write_tree`, by default :data:`HEADER`, :data:`SOURCE` and
:data:`SYMS`: one object, one flags enum and one function whose docs hold the
unknown word ``virXRunn`` and the doubled ``the the`` in several places)."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.cli_check import findings
from generator.diagnostics import Diagnostic
from generator.frontend import load_tree

CASES = Path(__file__).resolve().parent / "cases"
T_HEADER = Path("include") / "libvirt" / "libvirt-t.h"
CHECKPOINT_C = Path("src") / "libvirt-domain-checkpoint.c"

HEADER = """\
/**
 * virX:
 *
 * An object.
 *
 * Since: 1.0.0
 */
typedef struct _virX virX;
/**
 * virXFlags:
 *
 * Flags, see virXRunn; the the flags.
 *
 * Since: 1.0.0
 */
typedef enum {
    VIR_X_A = (1 << 0), /* like virXRunn, the the bit (Since: 1.0.0) */
    VIR_X_B = (1 << 1), /* b (Since: 1.0.0) */
} virXFlags;
int virXRun(virX *x, unsigned int flags);
"""

SOURCE = """\
/**
 * virXRun:
 * @x: the object, not virXRunn
 * @flags: bitwise-OR of virXFlags
 *
 * Runs like virXRunn, VIR_X_A, VIR_X_B.
 *
 * Returns 0, unlike virXRunn.
 *
 * Since: 1.0.0
 */
int virXRun(virX *x, unsigned int flags) { return 0; }
"""

SYMS = "LIBVIRT_1.0.0 {\n    global:\n        virXRun;\n};\n"


def write_tree(root: Path, header: str = HEADER, source: str = SOURCE, name: str = "libvirt-x") -> Path:
    """``include/libvirt/<name>.h`` and ``src/<name>.c`` under ``root``, and the .syms file unless one is there."""
    (root / "include" / "libvirt").mkdir(parents=True, exist_ok=True)
    (root / "src").mkdir(exist_ok=True)
    (root / "include" / "libvirt" / f"{name}.h").write_text(header, encoding="utf-8")
    (root / "src" / f"{name}.c").write_text(source, encoding="utf-8")
    if not (root / "src" / "libvirt_public.syms").exists():
        (root / "src" / "libvirt_public.syms").write_text(SYMS, encoding="utf-8")
    return root


def copy_tree(tmp_path: Path, source: Path) -> Path:
    """A copy of ``source`` at ``tmp_path/tree``, for a test to edit."""
    tree = tmp_path / "tree"
    shutil.copytree(source, tree)
    return tree


def check_findings(tree: Path, disabled: list[str] | None = None) -> list[Diagnostic]:
    """What ``check --srcdir tree`` finds, with the rules in ``disabled`` off."""
    return findings(load_tree(tree), tree, disabled or [])


def first_names(found: list[Diagnostic], rule: str) -> list[str]:
    """The first quoted name of each finding of ``rule``."""
    return [d.message.split("'")[1] for d in found if d.rule == rule]
