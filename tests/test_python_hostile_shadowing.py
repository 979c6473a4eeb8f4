"""Names from hostile C input, QA session 25: a parameter spelled like a class or constant the body uses,
a parameter ``ret`` beside the body's ``c_ret``, enum members named like int's or enum's own attributes,
members that collide once escaped, and C functions whose Python names collide.  Each tree is the sample
tree with QA's edit; the generated ctypes package and RPC client must pass ``mypy --strict`` and ruff, and
the package must import with the exact names the rules give.
"""

from __future__ import annotations

import inspect
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, SAMPLE_TREE, require
from python_support import extended_sample, import_file, libvirt_so_present

from generator.naming import ENUM_ATTRIBUTES, member_names, parameter_names

VENV_BIN = Path(sys.executable).parent
CHECKPOINT_H = "include/libvirt/libvirt-domain-checkpoint.h"
CHECKPOINT_C = "src/libvirt-domain-checkpoint.c"
LEAVES = "VIR_DOMAIN_CHECKPOINT_LIST_LEAVES      = (1 << 2),"
NO_LEAVES = "VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES   = (1 << 3),"


def _tree(dest: Path, edits: dict[str, list[tuple[str, str]]]) -> Path:
    """The sample tree at ``dest`` with each (old, new) of ``edits`` replaced once in its file."""
    shutil.copytree(SAMPLE_TREE, dest)
    for relative, pairs in edits.items():
        path = dest / relative
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, (relative, old)
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    return dest


def _renamed_parameter(dest: Path, name: str) -> Path:
    """virDomainCheckpointLookupByName's ``name`` parameter called ``name`` instead (QA's t_P_<name>)."""
    return _tree(dest, {
        CHECKPOINT_H: [("const char *name,\n                                                       unsigned int flags);",
                        f"const char *{name},\n                                                       unsigned int flags);")],
        CHECKPOINT_C: [(" * @name: the checkpoint's name", f" * @{name}: the checkpoint's name"),
                       ("const char *name,\n                                unsigned int flags)\n{\n    return NULL;",
                        f"const char *{name},\n                                unsigned int flags)\n{{\n    return NULL;")],
    })  # fmt: skip


def _members(dest: Path, leaves: str, no_leaves: str | None = None) -> Path:
    """VIR_DOMAIN_CHECKPOINT_LIST_LEAVES (and NO_LEAVES) renamed to ``..._LIST_<leaves>`` (QA's t_E_<leaves>)."""
    pairs = [(LEAVES, f"VIR_DOMAIN_CHECKPOINT_LIST_{leaves} = (1 << 2),")]
    if no_leaves is not None:
        pairs.append((NO_LEAVES, f"VIR_DOMAIN_CHECKPOINT_LIST_{no_leaves} = (1 << 3),"))
    return _tree(dest, {CHECKPOINT_H: pairs})


def _generate(tree: Path, out: Path) -> Path:
    """Every backend's output for ``tree``; the ctypes package and RPC client pass mypy --strict and ruff."""
    done = subprocess.run([sys.executable, "-m", "generator", "generate", "--srcdir", str(tree), "-o", str(out)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    for folder, target in ((out / "python", "libvirt_ctypes"), (out / "rpc", "libvirt_remote.py")):
        mypy = [str(VENV_BIN / "mypy"), "--strict", "--no-incremental", "--cache-dir", "/dev/null", target]
        checked = subprocess.run(mypy, capture_output=True, text=True, check=False, cwd=folder)
        assert checked.returncode == 0, checked.stdout
        lint = [str(VENV_BIN / "ruff"), "check", "--no-cache", "--config", str(REPO / "pyproject.toml"), target]  # the repo's rules, as make lint
        linted = subprocess.run(lint, capture_output=True, text=True, check=False, cwd=folder)
        assert linted.returncode == 0, linted.stdout
    return out


def _imported(out: Path, name: str) -> object:
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")
    return import_file(out / "python" / "libvirt_ctypes" / "__init__.py", f"libvirt_ctypes_shadowing_{name}")


def _rpc_parameters(out: Path, method: str) -> list[str]:
    text = (out / "rpc" / "libvirt_remote.py").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.strip().startswith(f"def {method}("))
    return [p.split(":")[0].strip() for p in line.split("(", 1)[1].rsplit(")", 1)[0].split(",")]


@pytest.mark.parametrize(("parameter", "renamed"), [("virDomainCheckpoint", "virDomainCheckpoint_"), ("virDomain", "virDomain_"),
                                                    ("VIR_ERR_INVALID_CONN", "VIR_ERR_INVALID_CONN_"), ("ret", "ret_")])  # fmt: skip
def test_a_parameter_never_shadows_a_name_of_the_package_or_the_body(tmp_path: Path, parameter: str, renamed: str) -> None:
    """Before the fix: ``return virDomainCheckpoint._adopt(c_ret, self)`` used the str argument (mypy: str has no
    _adopt), the RPC client called it; ``ret``'s local ``c_ret`` was redefined as the call's result (no-redef)."""
    out = _generate(_renamed_parameter(tmp_path / "tree", parameter), tmp_path / "out")
    lv = _imported(out, parameter)
    method = lv.virDomain.checkpointLookupByName  # type: ignore[attr-defined]
    assert list(inspect.signature(method).parameters) == ["self", renamed, "flags"]
    assert _rpc_parameters(out, "checkpointLookupByName") == ["self", renamed, "flags"]  # the same keywords


def test_parameter_rule_with_package_names() -> None:
    package = {"virDomain", "virDomainCheckpoint", "VIR_ERR_OK"}
    assert parameter_names(["virDomain", "virDomain_", "VIR_ERR_OK", "ret", "name"], package) == (
        "virDomain__", "virDomain_", "VIR_ERR_OK_", "ret_", "name",
    )  # fmt: skip


MEMBERS = {
    "mro": "mro_", "_ignore_": "_ignore__", "_order_": "_order__", "__init__": "__init___", "__slots__": "__slots___",
    "_value_": "_value__", "_name_": "_name__", "__new__": "__new___", "_missing_": "_missing__",
    "_generate_next_value_": "_generate_next_value__", "bit_length": "bit_length_", "real": "real_", "name": "name_",
    "value": "value_", "from_bytes": "from_bytes_", "as_integer_ratio": "as_integer_ratio_", "numerator": "numerator_",
    "class": "class_", "None": "None_", "__private": "__private___", "_": "_", "KEEP": "KEEP", "boundary": "boundary",
}  # fmt: skip


def test_member_rule() -> None:
    assert member_names(list(MEMBERS)) == tuple(MEMBERS.values())
    assert member_names(["class", "class_"]) == ("class__", "class_")  # the one needing no escape keeps its name
    assert member_names(["None", "None_", "None__"]) == ("None___", "None_", "None__")
    assert {"real", "imag", "bit_length", "to_bytes", "name", "value", "mro", "is_integer"} <= ENUM_ATTRIBUTES


@pytest.mark.parametrize("member", ["mro", "_ignore_", "__init__", "_value_", "real", "name", "bit_length", "__private"])
def test_an_enum_member_never_takes_a_name_of_int_or_enum(tmp_path: Path, member: str) -> None:
    """Before the fix: 'invalid enum member name(s) mro' at import, _ignore_/__init__ dropped or breaking the class,
    ROOTS.real was 4 (the member replaced int's attribute), mypy [assignment] errors."""
    out = _generate(_members(tmp_path / "tree", member), tmp_path / "out")
    lv = _imported(out, member.strip("_") or "under")
    flags = lv.CheckpointListFlags  # type: ignore[attr-defined]
    assert list(flags.__members__) == ["ROOTS", "DESCENDANTS", "TOPOLOGICAL", MEMBERS[member], "NO_LEAVES"]
    assert flags[MEMBERS[member]] == 4 and flags.ROOTS.real == 1 and flags.ROOTS.name == "ROOTS"
    assert getattr(lv, f"VIR_DOMAIN_CHECKPOINT_LIST_{member}") == 4  # the module constant keeps its C name


@pytest.mark.parametrize(("first", "second", "names"), [("class", "class_", ["class__", "class_"]), ("None", "None_", ["None__", "None_"])])
def test_escaped_members_stay_distinct(tmp_path: Path, first: str, second: str, names: list[str]) -> None:
    """Before the fix: TypeError: 'class_' already defined (class escaped to the other member's name)."""
    out = _generate(_members(tmp_path / "tree", first, second), tmp_path / "out")
    flags = _imported(out, first + "2").CheckpointListFlags  # type: ignore[attr-defined]
    assert list(flags.__members__) == ["ROOTS", "DESCENDANTS", "TOPOLOGICAL", *names]
    assert (flags[names[0]], flags[names[1]]) == (4, 8)



@pytest.mark.parametrize(
    ("declarations", "expected"),
    [
        (["int virDomainCheckpointFrom(virDomainCheckpointPtr checkpoint)", "int virDomainCheckpointFrom_(virDomainCheckpointPtr checkpoint)"],
         {"virDomainCheckpointFrom": "domainCheckpointFrom", "virDomainCheckpointFrom_": "from_"}),
        (["int virDomainCheckpointGETNAME(virDomainCheckpointPtr checkpoint)", "int virDomainCheckpointgetName(virDomainCheckpointPtr checkpoint)"],
         {"virDomainCheckpointGETNAME": "GETNAME", "virDomainCheckpointgetName": "domainCheckpointgetName", "virDomainCheckpointGetName": "getName"}),
    ],
)  # fmt: skip
def test_two_functions_never_get_one_python_name(tmp_path: Path, declarations: list[str], expected: dict[str, str]) -> None:
    """Before the fix: both became from_ (the later replaced the earlier: ruff F811, mypy no-redef, in the RPC client
    too), and virDomainCheckpointgetName became getName, replacing the real getName."""
    out = _generate(extended_sample(tmp_path / "tree", declarations), tmp_path / "out")
    cls = _imported(out, next(iter(expected)).lower()).virDomainCheckpoint  # type: ignore[attr-defined]
    for c_name, name in expected.items():
        assert f"C function: {c_name}\n" in (vars(cls)[name].__doc__ or ""), (c_name, name)
    rpc = (out / "rpc" / "libvirt_remote.py").read_text(encoding="utf-8").split("\nclass virDomainCheckpoint(", 1)[1].split("\nclass ", 1)[0]
    assert all(rpc.count(f"    def {name}(self") == 1 for name in expected.values())


def _body_locals_outside_the_rule(source: str, api: Any) -> list[str]:
    """Every name a bound function (or method) of ``source`` assigns that is none of: a parameter,
    ``c_`` + a Python name of one of its C parameters (rule 7: the converted arguments, counts
    included), ``c_self``/``c_ret``, or a local of the body's own spelled so that no parameter can
    take it: ``c__`` + a word, or ``_`` + a word not ending in ``_`` (a parameter starting with ``_``
    ends with ``_``).  Output buffers (``o_`` + a C name) and a handle list's ``_kept_`` + a
    parameter's name are left to the rule's own test below (a renamed parameter passes by them)."""
    import ast

    from generator.naming import package_names, python_parameters

    package = package_names(api)
    functions_by_name = {f.name: f for module in api.modules for f in module.functions}
    found = []
    tree = ast.parse(source)
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    functions += [node for cls in tree.body if isinstance(cls, ast.ClassDef) for node in cls.body if isinstance(node, ast.FunctionDef)]
    for node in functions:
        c_name = next((line[12:] for line in (ast.get_docstring(node) or "").splitlines() if line.startswith("C function: ")), "")
        if node.name.startswith("_") or c_name not in functions_by_name:
            continue  # only a bound function's body is made from rules
        function = functions_by_name[c_name]
        converted = {*python_parameters(function, True, package).values(), *python_parameters(function, False, package).values()}
        params = {a.arg for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]}
        if not params - {"self"}:
            continue  # close(), a getter: no parameter to collide with
        allowed = params | {f"c_{p}" for p in converted} | {"c_self", "c_ret"}
        for child in ast.walk(node):
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store) and child.id not in allowed:
                own = child.id.startswith("c__") or (child.id.startswith("_") and not child.id.endswith("_"))
                if not own and not child.id.startswith("o_"):
                    found.append(f"{node.name}: {child.id}")
    return found


def test_a_body_assigns_only_names_no_parameter_can_take() -> None:
    """QA (session 25) left: the bodies' own locals c_dict, c_cpus, c_count, c_known, c_typed, kept and
    name could be a parameter or its converted local (a parameter 'dict' gives c_dict); they are c__
    names now, which no converted parameter can be (a parameter starting with '_' ends with '_')."""
    from generator.backends import python as backend
    from generator.frontend import load_tree

    tree = REPO / ".cache" / "libvirt-9.0.0"
    require((tree / "include" / "libvirt" / "libvirt.h").is_file(), "the libvirt 9.0.0 source tree (make fetch-libvirt)")
    whole = load_tree(tree).api
    assert _body_locals_outside_the_rule(backend.render(whole)["libvirt_ctypes/__init__.py"], whole) == []
    sample = load_tree(SAMPLE_TREE).api
    assert _body_locals_outside_the_rule((REPO / "generated" / "python" / "libvirt_ctypes" / "__init__.py").read_text(encoding="utf-8"), sample) == []
    assert parameter_names(["_dict", "dict", "c_dict"]) == ("_dict_", "dict", "c_dict_")  # c__dict is no parameter's local


def test_a_renamed_parameter_passes_by_the_locals_other_parameters_make(tmp_path: Path) -> None:
    """Review (session 25): a parameter ``o_y`` (renamed ``o_y_``) beside an output ``y_`` met the output
    buffer ``o_y_``: the buffer was passed in the input's place (mypy: float has no attribute value); a
    parameter ``_kept_d`` beside a handle list ``d_`` met its kept objects ``_kept_d_``."""
    assert parameter_names(["o_y", "y_", "flags"]) == ("o_y__", "y_", "flags")
    assert parameter_names(["d_", "_kept_d", "flags"]) == ("d_", "_kept_d__", "flags")
    assert parameter_names(["o_y", "flags"]) == ("o_y_", "flags")  # no such output: the one "_" of rule 7
    declaration = "int virDomainCheckpointOutClash(virDomainCheckpointPtr cp, double o_y, double *y_, unsigned int flags)"
    out = _generate(extended_sample(tmp_path / "tree", [declaration]), tmp_path / "out")  # mypy --strict and ruff pass
    lv = _imported(out, "outclash")
    assert list(inspect.signature(lv.virDomainCheckpoint.outClash).parameters) == ["self", "o_y__", "flags"]  # type: ignore[attr-defined]


def test_a_binding_too_long_for_one_line_is_split_as_ruff_wants(tmp_path: Path) -> None:
    """QA (session 27): ``_bind(...)`` was split only for four argtypes or more; a long name (a long struct
    pointer type) with three made a 163-character line, and the package failed its own ruff rules; the RPC
    client's docstring naming the procedure did too."""
    name = "virDomainCheckpointWithANameLongEnoughThatItsBindingCannotStandOnOneLine"
    out = _generate(extended_sample(tmp_path / "tree", [f"int {name}(virDomainCheckpointPtr cp, const char *label, unsigned int flags)"]), tmp_path / "out")
    source = (out / "python" / "libvirt_ctypes" / "__init__.py").read_text(encoding="utf-8")
    assert f'_{name} = _bind(\n    "{name}",' in source  # and ruff passed (_generate)
