"""Types declared twice: compared however deep, and the composite kept.

Deep pointer and array types and parameter lists nested through typedefs,
declared twice, are compared (across the process boundary too, and through
the CLI) or refused at a place, never a traceback or an error with no place,
each typedef canonicalized once per level; of two compatible declarations the
composite is kept (a prototype over a declaration without one, a bound over
an array without one, each completing the other: the first).

The trees are the one-header ones of :mod:`frontend_support`; the places and
verdicts expected are gcc's (``gcc -fsyntax-only`` on the same lines)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from frontend_support import ADDED_LINE, BASE_SYMS, HEADER, make_tree, module
from pycparser import c_ast

from generator.frontend import FrontendError, cdecl, load_tree
from generator.frontend.records import MAX_NESTING, CType, Layer, completes
from generator.model import Module


def error(tmp_path: Path, extra: str) -> str:
    with pytest.raises(FrontendError) as raised:
        load_tree(make_tree(tmp_path / "tree", extra))
    return str(raised.value)


def variable_type(found: Module, name: str) -> list[str]:
    return [v.type for v in found.variables if v.name == name]


# --- deep pointer and array types declared twice --------------------------

STARS = "int " + "*" * 600 + "virV;\n"


def test_a_deep_pointer_declared_twice_crosses_the_process_boundary() -> None:
    """The child pickles the records: a CType nested once per '*' ran out of stack there."""
    decls = cdecl.parse(STARS * 2, "t.h")
    ctype = decls.variables[0].ctype
    assert ctype is not None and len(ctype.layers) == 600 and {layer.kind for layer in ctype.layers} == {"ptr"}
    assert pickle.loads(pickle.dumps(decls, protocol=pickle.HIGHEST_PROTOCOL)) == decls


def test_a_deep_pointer_declared_twice_is_read_by_the_cli(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree", STARS * 2, syms=BASE_SYMS.replace("virConnectFoo;", "virConnectFoo;\n        virV;"))  # exported, as a variable must be
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("VIRT_APIGEN_JOBS", None)  # the forked child: where the traceback came from
    done = subprocess.run(
        [sys.executable, "-m", "generator", "api", "--srcdir", str(tree), "--format", "json", "-o", str(tmp_path / "out")],
        env=env, capture_output=True, text=True, check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert '"int ' + "*" * 600 + '"' in (tmp_path / "out" / "libvirt-api.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("jobs", ["", "1"])
@pytest.mark.parametrize(
    ("extra", "spelled"),
    [
        ("int " + "*" * 980 + "virV;\n", "int " + "*" * 980),
        ("extern char virV" + "[2]" * 990 + ";\n", "char" + "[2]" * 990),
    ],
)
def test_deeper_types_declared_twice_are_compared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str, extra: str, spelled: str) -> None:
    """Past the stack the nested CType took: 'a declaration nested too deep', with no place."""
    monkeypatch.setenv("VIRT_APIGEN_JOBS", jobs)
    assert variable_type(module(tmp_path, extra * 2), "virV") == [spelled]


def test_a_deep_pointer_declared_twice_with_another_type_is_a_placed_conflict(tmp_path: Path) -> None:
    extra = STARS + "int " + "*" * 601 + "virV;\n"
    assert error(tmp_path, extra) == f"{HEADER}:{ADDED_LINE + 1}:606: error: conflicting types for 'virV'"


def _callbacks(levels: int, twice: bool = False) -> str:
    """``virT<k>``: a callback taking ``virT<k-1>`` (twice: two of them), so
    that ``virT<levels>``'s parameter lists nest ``levels + 1`` deep."""
    lines = ["typedef void (*virT0)(int);\n"]
    for level in range(1, levels + 1):
        taken = f"virT{level - 1}, virT{level - 1}" if twice else f"virT{level - 1}"
        lines.append(f"typedef void (*virT{level})({taken});\n")
    return "".join(lines)


def test_parameter_lists_nested_to_the_limit_through_typedefs_are_compared(tmp_path: Path) -> None:
    levels = MAX_NESTING - 2  # virF's own list is one more
    found = module(tmp_path, _callbacks(levels) + f"void virF(virT{levels} cb);\nvoid virF(virT{levels});\n")
    assert [(f.location.line, [p.type for p in f.params]) for f in found.functions if f.name == "virF"] == [(ADDED_LINE + levels + 1, [f"virT{levels}"])]


def test_parameter_lists_nested_past_the_limit_are_a_placed_error(tmp_path: Path) -> None:
    levels = MAX_NESTING - 1
    line = ADDED_LINE + levels + 1
    message = f"the type of 'virF' nests parameter lists more than {MAX_NESTING} deep: too deep to compare its declarations"
    assert error(tmp_path, _callbacks(levels) + f"void  virF(virT{levels});\nvoid virF(virT{levels});\n") == f"{HEADER}:{line}:7: error: {message}"


def test_a_typedef_used_twice_per_level_is_canonicalized_once_per_level(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A walk per use doubled per level: 2**30 walks for these lines."""
    walks = 0
    walk = cdecl._Canonical._walk

    def counted(self: cdecl._Canonical, node: c_ast.Node, nesting: int) -> tuple[CType, int]:
        nonlocal walks
        walks += 1
        return walk(self, node, nesting)

    monkeypatch.setattr(cdecl._Canonical, "_walk", counted)
    decls = cdecl.parse(_callbacks(30, twice=True) + "void virF(virT30);\nvoid virF(virT30);\n", "t.h")
    assert [f.ctype == decls.functions[0].ctype for f in decls.functions] == [True, True]
    assert walks < 100


# --- the composite of two compatible declarations is kept ------------------


def test_the_prototype_is_kept_over_an_earlier_declaration_without_one(tmp_path: Path) -> None:
    found = module(tmp_path, "int virBar();\nint   virBar(int a, char *b);\n")
    kept = [f for f in found.functions if f.name == "virBar"]
    assert [(f.location.line, f.location.col, [(p.name, p.type) for p in f.params]) for f in kept] == [(ADDED_LINE + 1, 7, [("a", "int"), ("b", "char *")])]
    assert [(p.location.line, p.location.col) for p in kept[0].params] == [(ADDED_LINE + 1, 18), (ADDED_LINE + 1, 27)]


def test_the_prototype_is_kept_over_a_later_declaration_without_one(tmp_path: Path) -> None:
    found = module(tmp_path, "int virBar(int a);\nint virBar();\n")
    assert [(f.location.line, [p.type for p in f.params]) for f in found.functions if f.name == "virBar"] == [(ADDED_LINE, ["int"])]


def test_a_prototype_inside_a_parameter_makes_the_declaration_kept(tmp_path: Path) -> None:
    found = module(tmp_path, "int virBar(int (*cb)());\nint virBar(int (*cb)(int));\nint virBar(int (*cb)());\n")
    assert [(f.location.line, [p.type for p in f.params]) for f in found.functions if f.name == "virBar"] == [(ADDED_LINE + 1, ["int (*)(int)"])]


def test_the_bound_is_kept_and_a_third_declaration_is_compared_with_it(tmp_path: Path) -> None:
    assert variable_type(module(tmp_path / "a", "extern int virV[];\nextern int virV[3];\nextern int virV[];\n"), "virV") == ["int[3]"]
    # gcc: "conflicting types for 'virV'; have 'int[4]'", the composite being int[3]
    extra = "extern int virV[];\nextern int virV[3];\nextern int virV[4];\n"
    assert error(tmp_path / "b", extra) == f"{HEADER}:{ADDED_LINE + 2}:12: error: conflicting types for 'virV'"


def test_of_two_declarations_each_completing_the_other_the_first_is_kept(tmp_path: Path) -> None:
    extra = "extern int (*virW[])[3];\nextern int (*virW[2])[];\n"
    assert variable_type(module(tmp_path / "a", extra), "virW") == ["int (*[])[3]"]
    # a third one completing the first is kept, and a fourth that conflicts with it is the error (as gcc says)
    extra += "extern int (*virW[2])[3];\nextern int (*virW[2])[4];\n"
    assert error(tmp_path / "b", extra) == f"{HEADER}:{ADDED_LINE + 3}:14: error: conflicting types for 'virW'"


def test_completes_is_the_composite_rule() -> None:
    int_ = CType("base", "", "int")
    unbounded, bounded = int_._replace(layers=(Layer("array"),)), int_._replace(layers=(Layer("array", bound="3"),))
    assert (completes(bounded, unbounded), completes(unbounded, bounded), completes(bounded, bounded)) == (True, False, True)
    bare, prototype = int_._replace(layers=(Layer("func"),)), int_._replace(layers=(Layer("func", params=(unbounded,)),))
    assert (completes(prototype, bare), completes(bare, prototype)) == (True, False)
    inner = int_._replace(layers=(Layer("func", params=(bounded,)),))
    assert (completes(inner, prototype), completes(prototype, inner)) == (True, False)
