"""The output does not depend on the Python running the generator, and a rerun notices a change of it.

1. Names (``generator/naming.py`` rule 7): only hard keywords are renamed, from a fixed list.  Before,
   the running interpreter's soft keywords were renamed too, so Python 3.12 and later (where ``type``
   is one) wrote ``virGetVersion(type_=...)`` and ``getMaxVcpus(type_)``.
2. The no-op rerun (``generator/fastpath.py``): the stamp records the interpreter and the files of
   jinja2, markupsafe and pycparser.  Before, a rerun after switching Python or upgrading one of them
   said "up to date" and kept the other setup's output.
"""

from __future__ import annotations

import ast
import gc
import importlib.util
import json
import keyword
import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from python_support import extended_sample

from generator import cli, fastpath
from generator.backends import python as backend
from generator.frontend import load_tree
from generator.naming import HARD_KEYWORDS, parameter_name, parameter_names, python_names, safe_identifier

# keyword.kwlist of Python 3.11, written out: the fixed list must not lose any of them
PY311_KWLIST = (
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
)  # fmt: skip
PY312_SOFTKWLIST = ["_", "case", "match", "type"]
CHECKPOINT_PY = "libvirt_ctypes/__init__.py"
# a parameter and an alias named after Python 3.12's soft keyword, a method and parameters after 3.10's
DECLARATIONS = [
    "int virDomainCheckpointKind(virDomainCheckpointPtr checkpoint, const char *type, int match, int lambda, unsigned int flags)",
    "int virDomainCheckpointGetType(virDomainCheckpointPtr checkpoint)",
    "int virDomainCheckpointMatch(virDomainCheckpointPtr checkpoint, unsigned int flags)",
]


# --- 1: names ---------------------------------------------------------------------------------------


def test_hard_keywords_are_python_311s_and_the_running_interpreters() -> None:
    assert frozenset(PY311_KWLIST) == HARD_KEYWORDS
    # a Python that adds a hard keyword fails here: add it to naming.HARD_KEYWORDS (a reviewed output change)
    assert frozenset(keyword.kwlist) == HARD_KEYWORDS, sorted(frozenset(keyword.kwlist) ^ HARD_KEYWORDS)


def test_soft_keywords_keep_their_names_and_hard_ones_get_an_underscore() -> None:
    for soft in ("type", "match", "case", "_"):
        assert safe_identifier(soft) == soft  # match_, case_, __ before the fix (type_ on 3.12+)
    for soft in ("type", "match", "case"):
        assert parameter_name(soft) == soft
    assert parameter_name("_") == "__"  # not as a keyword: every name starting with "_" is the body's
    assert (safe_identifier("class"), safe_identifier("lambda")) == ("class_", "lambda_")
    assert parameter_names(["class", "lambda", "type", "match", "case", "from"]) == ("class_", "lambda_", "type", "match", "case", "from_")


def _render_hostile(tree: Path) -> dict[str, str]:
    return backend.render(load_tree(tree).api)


@pytest.fixture(scope="module")
def hostile_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return extended_sample(tmp_path_factory.mktemp("soft") / "tree", DECLARATIONS)


def _signature(source: str, cls: str, method: str) -> list[str]:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef) and node.name == cls:
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == method:
                    return [a.arg for a in item.args.args]
    raise AssertionError(f"no {cls}.{method} in the generated source")


def test_generated_names_keep_soft_keywords(hostile_tree: Path) -> None:
    source = _render_hostile(hostile_tree)[CHECKPOINT_PY]
    assert _signature(source, "virDomainCheckpoint", "kind") == ["self", "type", "match", "lambda_", "flags"]
    assert _signature(source, "virDomainCheckpoint", "match") == ["self", "flags"]  # was match_
    assert "\n    type = getType\n" in source  # the alias (type_ on 3.12+ before the fix)


def test_naming_ignores_the_interpreters_soft_keywords(hostile_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As if generated on Python 3.12+: same names, same bytes (type_ everywhere before the fix)."""
    api = load_tree(hostile_tree).api
    names = python_names(api)
    words = ["type", "match", "case", "_", "class", "lambda", "self", "str"]
    before = ([safe_identifier(w) for w in words], [parameter_name(w) for w in words], names, _render_hostile(hostile_tree))
    monkeypatch.setattr(keyword, "softkwlist", PY312_SOFTKWLIST)
    monkeypatch.setattr(keyword, "issoftkeyword", frozenset(PY312_SOFTKWLIST).__contains__)
    assert keyword.issoftkeyword("type")  # the patch took
    after = ([safe_identifier(w) for w in words], [parameter_name(w) for w in words], python_names(api), _render_hostile(hostile_tree))
    assert after[:3] == before[:3]
    assert after[3] == before[3]


# --- 2: the stamp records the interpreter and the dependencies ---------------------------------------


def test_environment_is_the_interpreter_and_the_dependency_files() -> None:
    facts = fastpath.environment()
    assert facts["python"] == sys.version
    packages = facts["packages"]
    assert isinstance(packages, dict) and sorted(packages) == ["jinja2", "markupsafe", "pycparser"]
    for name, recorded in packages.items():
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None
        status = os.stat(spec.origin)
        assert recorded == [spec.origin, status.st_size, status.st_mtime_ns]


def test_environment_lookup_imports_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "fake_dep").mkdir()
    (tmp_path / "fake_dep" / "__init__.py").write_text("raise RuntimeError('imported')\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(fastpath, "DEPENDENCIES", ("fake_dep", "no_such_dep_here"))
    init = tmp_path / "fake_dep" / "__init__.py"
    packages = fastpath.environment()["packages"]
    assert packages == {"fake_dep": [str(init), init.stat().st_size, init.stat().st_mtime_ns], "no_such_dep_here": None}
    assert "fake_dep" not in sys.modules


@pytest.fixture
def pipeline_runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many runs went past both stamp checks (read the inputs); in-process, without forking."""
    monkeypatch.setenv("VIRT_APIGEN_JOBS", "1")
    runs: list[int] = []
    load = cli.load_inputs

    def counting(*args: object, **kwargs: object) -> object:
        runs.append(1)
        return load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "load_inputs", counting)
    enabled = gc.isenabled()
    try:
        yield runs
    finally:
        if enabled:  # the CLI turns the collector off for its one short run
            gc.enable()


def _recorded_environment(out: Path) -> dict[str, object]:
    stamp = json.loads((out / fastpath.STAMP_NAME).read_text(encoding="utf-8"))
    environment = stamp["invocation"]["environment"]
    assert isinstance(environment, dict)
    return environment


def test_another_interpreter_regenerates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pipeline_runs: list[int]) -> None:
    out = tmp_path / "out"
    arguments = ["api", "-o", str(out)]
    assert fastpath.main(arguments) == 0 and len(pipeline_runs) == 1
    assert fastpath.fresh_messages(arguments) == []
    assert fastpath.main(arguments) == 0 and len(pipeline_runs) == 1  # nothing changed: no run

    monkeypatch.setattr(sys, "version", "3.13.0 (main, another build) [GCC 12.2.0]")
    assert fastpath.fresh_messages(arguments) is None
    assert fastpath.main(arguments) == 0 and len(pipeline_runs) == 2  # before the fix: "up to date"
    assert _recorded_environment(out)["python"] == "3.13.0 (main, another build) [GCC 12.2.0]"
    assert fastpath.main(arguments) == 0 and len(pipeline_runs) == 2

    monkeypatch.setattr(sys, "version", "3.11.2 (main, yet another build) [GCC 12.2.0]")
    other_spelling = ["api", f"--output={out}"]  # not the fast path's command line: the CLI's own check decides
    assert fastpath.main(other_spelling) == 0 and len(pipeline_runs) == 3


def test_a_changed_dependency_regenerates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pipeline_runs: list[int]) -> None:
    out = tmp_path / "out"
    arguments = ["api", "-o", str(out)]
    assert fastpath.main(arguments) == 0 and len(pipeline_runs) == 1

    stamp = out / fastpath.STAMP_NAME
    data = json.loads(stamp.read_text(encoding="utf-8"))
    data["invocation"]["environment"]["packages"]["pycparser"][2] -= 1  # as written before an upgrade
    stamp.write_text(json.dumps(data), encoding="utf-8")
    assert fastpath.main(arguments) == 0 and len(pipeline_runs) == 2
    assert fastpath.main(arguments) == 0 and len(pipeline_runs) == 2

    # a dependency file that really changes (one of our own, to leave the real ones alone)
    package = tmp_path / "site" / "fake_dep"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("VERSION = '1.0'\n", encoding="utf-8")
    os.utime(package / "__init__.py", ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setattr(fastpath, "DEPENDENCIES", (*fastpath.DEPENDENCIES, "fake_dep"))
    assert fastpath.main(arguments) == 0 and len(pipeline_runs) == 3  # a dependency more
    assert fastpath.main(arguments) == 0 and len(pipeline_runs) == 3
    (package / "__init__.py").write_text("VERSION = '1.1'\n", encoding="utf-8")  # upgraded: same size, new mtime
    assert fastpath.main(arguments) == 0 and len(pipeline_runs) == 4
    assert fastpath.main(["api", f"--output={out}"]) == 0 and len(pipeline_runs) == 4  # the CLI's check agrees now
    (package / "__init__.py").unlink()  # uninstalled
    package.rmdir()
    assert fastpath.main(["api", f"--output={out}"]) == 0 and len(pipeline_runs) == 5
    assert _recorded_environment(out)["packages"] == {**fastpath.environment()["packages"], "fake_dep": None}


# --- 3: the stamp records the preprocessor PATH leads to ------------------------------------------


def test_environment_records_the_preprocessor_path_leads_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CPP", raising=False)
    system = shutil.which("cpp")
    assert system is not None
    status = os.stat(system)
    assert fastpath.environment()["cpp"] == [os.path.realpath(system), status.st_size, status.st_mtime_ns]
    wrapper = tmp_path / "bin" / "cpp"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nexec {system} "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    assert fastpath.environment()["cpp"] == [str(wrapper), wrapper.stat().st_size, wrapper.stat().st_mtime_ns]
    monkeypatch.setenv("CPP", f"{system} -P")  # $CPP's first word, as the preprocessor step runs it
    assert fastpath.environment()["cpp"] == [os.path.realpath(system), status.st_size, status.st_mtime_ns]
    monkeypatch.setenv("CPP", "no-such-preprocessor-here")
    assert fastpath.environment()["cpp"] is None


def test_a_quoted_cpp_path_with_a_space_is_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """QA: $CPP split at the space found no program, recorded null every time, and a replaced one stayed "up to date"."""
    program = tmp_path / "my cpp" / "cpp"
    program.parent.mkdir()
    program.write_text(f'#!/bin/sh\nexec {shutil.which("cpp")} "$@"\n', encoding="utf-8")
    program.chmod(0o755)
    recorded = [str(program), program.stat().st_size, program.stat().st_mtime_ns]
    name = str(program)  # $TMPDIR may hold quotes, $ or `: each spelling escapes what it must (as shlex reads $CPP)
    in_single = "'" + name.replace("'", "'\\''") + "'"
    in_double = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '" -E'
    backslashed = re.sub(r"([^\w/.+-])", r"\\\1", name)
    for value in (in_single, in_double, backslashed):
        monkeypatch.setenv("CPP", value)
        assert fastpath.environment()["cpp"] == recorded, value
    monkeypatch.setenv("CPP", f"'{program}")  # unbalanced: the run refuses it; the stamp check just finds nothing
    assert fastpath.environment()["cpp"] is None


def test_another_preprocessor_on_path_regenerates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pipeline_runs: list[int]) -> None:
    monkeypatch.delenv("CPP", raising=False)
    out = tmp_path / "out"
    arguments = ["api", "-o", str(out)]
    assert fastpath.main(arguments) == 0 and len(pipeline_runs) == 1
    assert fastpath.main(arguments) == 0 and len(pipeline_runs) == 1
    wrapper = tmp_path / "bin" / "cpp"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nexec {shutil.which("cpp")} "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    assert fastpath.main(arguments) == 0 and len(pipeline_runs) == 2  # before: "up to date", the other cpp never ran
    assert fastpath.main(arguments) == 0 and len(pipeline_runs) == 2
    os.utime(wrapper, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))  # upgraded in place
    assert fastpath.main(arguments) == 0 and len(pipeline_runs) == 3
    assert fastpath.main(["api", f"--output={out}"]) == 0 and len(pipeline_runs) == 3  # the CLI's check agrees
