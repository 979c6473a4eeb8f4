"""A struct a function returns a pointer to is copied through a ctypes
``Structure`` of the same layout.  Its fields' types are resolved through the
typedefs (review, session 28: any ``vir``-named field type was read as an
enum, a C ``int``, so a ``typedef unsigned long long`` field shifted every
field after it and the tuple held garbage)."""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

from frontend_support import sample_with

ADDED = """
/**
 * virQaCursor:
 *
 * A position.
 *
 * Since: 5.6.0
 */
typedef unsigned long long virQaCursor;

/**
 * virQaState:
 *
 * A state.
 *
 * Since: 5.6.0
 */
typedef struct _virQaState virQaState;

/**
 * virQaStatePtr:
 *
 * Pointer to a state.
 *
 * Since: 5.6.0
 */
typedef virQaState *virQaStatePtr;
struct _virQaState {
    int code; /* a code */
    virQaCursor cursor; /* where */
    virDomainCheckpointListFlags level; /* an enum: C's int */
    int last; /* last */
};

/**
 * virQaUnknown:
 *
 * Nothing the bindings can copy.
 *
 * Since: 5.6.0
 */
typedef struct _virQaUnknown virQaUnknown;

/**
 * virQaUnknownPtr:
 *
 * Pointer to one.
 *
 * Since: 5.6.0
 */
typedef virQaUnknown *virQaUnknownPtr;
struct _virQaUnknown {
    virQaState inner; /* a struct by value: no layout the bindings know */
};

/**
 * virQaGetState:
 *
 * Read the state.
 *
 * Returns a pointer to the state, or NULL if there is none.
 *
 * Since: 5.6.0
 */
virQaStatePtr virQaGetState(void);

/**
 * virQaGetUnknown:
 *
 * Read one.
 *
 * Returns a pointer to it, or NULL if there is none.
 *
 * Since: 5.6.0
 */
virQaUnknownPtr virQaGetUnknown(void);
"""


def _rendered(tmp_path: Path) -> tuple[str, str]:
    from generator.backends import python as python_backend
    from generator.frontend import load_tree

    tree = sample_with(tmp_path / "tree", ADDED)
    syms = tree / "src" / "libvirt_public.syms"
    exported = "        virDomainListAllCheckpoints;\n"
    syms.write_text(syms.read_text(encoding="utf-8").replace(exported, exported + "        virQaGetState;\n        virQaGetUnknown;\n"), encoding="utf-8")
    files = python_backend.render(load_tree(tree).api)
    return files["libvirt_ctypes/__init__.py"], files["COVERAGE.md"]


def test_a_returned_struct_resolves_its_field_types(tmp_path: Path) -> None:
    code, _ = _rendered(tmp_path)
    block = re.search(r"class _virQaState\(ctypes\.Structure\):\n    _fields_ = \[\n(.*?)\n    \]", code, re.DOTALL)
    assert block is not None
    fields = re.findall(r'\("(\w+)", (ctypes\.\w+)\)', block.group(1))
    assert fields == [("code", "ctypes.c_int"), ("cursor", "ctypes.c_ulonglong"), ("level", "ctypes.c_int"), ("last", "ctypes.c_int")]
    layout = type("Layout", (ctypes.Structure,), {"_fields_": [(name, getattr(ctypes, kind.removeprefix("ctypes."))) for name, kind in fields]})
    assert layout.last.offset == 20  # after 4 + 4 padding + 8 + 4: where C puts it


def test_a_returned_struct_of_unknown_layout_is_skipped(tmp_path: Path) -> None:
    code, coverage = _rendered(tmp_path)
    assert "class _virQaUnknown(" not in code
    assert "def virQaGetUnknown(" not in code
    assert re.search(r"`virQaGetUnknown`: unsupported return type \(virQaUnknownPtr\)", coverage), coverage


def test_a_virerror_of_unknown_layout_is_a_warning_at_its_field(tmp_path: Path) -> None:
    """No package without virError's layout (the runtime reads errors through
    it), and the warning says which field stopped it, where it is."""
    import shutil

    from conftest import REPO

    from generator.backends import python as python_backend
    from generator.frontend import load_tree

    tree = tmp_path / "tree"
    shutil.copytree(REPO / "generator" / "sample", tree)
    header = tree / "include" / "libvirt" / "virterror.h"
    text = header.read_text(encoding="utf-8")
    pair = "typedef struct { int a; int b; } virQaPair;\n\n"
    text = text.replace("struct _virError {", pair + "struct _virError {").replace("    int         int2;", "    virQaPair   int2;")
    header.write_text(text, encoding="utf-8")
    api = load_tree(tree).api
    assert python_backend.render(api) == {}
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "virQaPair   int2;" in row)
    assert [str(d) for d in python_backend.diagnostics(api)] == [
        f"include/libvirt/virterror.h:{line}:17: warning: no Python bindings: they read libvirt's errors through virError, "
        "whose field 'int2' is of a type of unknown layout (virQaPair) [python-no-bindings]"
    ]
