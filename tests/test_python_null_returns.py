"""A method raising where C returns NULL says nothing of NULL in ``:returns:``.

A returned string (``const char *``, or a ``char *`` the binding copies and
frees) or handle is never None: NULL raises libvirtError.  So the C wording
"or NULL in case of error" goes, as the -1 clauses of integer returns do, and
a condition other than a bare failure ("NULL if no matching pool is found")
becomes a ``:raises libvirtError:`` line.  Where None is an answer (a string
whose doc gives NULL another meaning, a virterror function, a returned
struct) the wording stays, NULL said as None: the rule goes by the result
kind, not the words.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SAMPLE_TREE
from python_support import GENERATED, whole_tree_plan

from generator.backends import python as backend
from generator.backends import python_failures
from generator.frontend import load_tree

VENV_BIN = Path(__file__).resolve().parent.parent / ".venv" / "bin"
NULL = re.compile(r"\bNULL\b(?![- ]terminated)")
RAISES_ON_NULL = ("str", "ownedstr", "handle")


def _field(doc: str, name: str) -> str:
    """The text of a ``:name:`` line of a docstring ("" when there is none)."""
    return next((line.split(":", 2)[2].strip() for line in doc.splitlines() if line.startswith(f":{name}:")), "")


def _views(plan: backend.Plan) -> dict[str, backend.FunctionView]:
    return {v.c_name: v for v in (*plan.views, *(f for library in plan.libraries for f in library.functions))}


@pytest.mark.parametrize(
    ("text", "returns", "raises"),
    [
        ("a 0 terminated UTF-8 encoded XML instance, or NULL in case of error.", "a 0 terminated UTF-8 encoded XML instance.", ""),
        ("the domain or NULL.", "the domain.", ""),
        ("NULL in case of error, a pointer to the domain otherwise", "a pointer to the domain", ""),
        ("NULL in case of error or an XML string defining the capabilities.", "an XML string defining the capabilities.", ""),
        ("a newly allocated, NUL-terminated UTF-8 string; NULL signals an error.", "a newly allocated, NUL-terminated UTF-8 string.", ""),
        ("strings if success, NULL in failure.", "strings if success.", ""),
        ("a new domain object on success, NULL otherwise", "a new domain object on success", ""),
        ("a virNodeDevicePtr if found, NULL otherwise.", "a virNodeDevicePtr if found.", "if not found"),
        ("a virStoragePoolPtr object, or NULL if no matching pool is found", "a virStoragePoolPtr object", "if no matching pool is found"),
        ("a storage volume, or NULL if not found / error", "a storage volume", "if not found / error"),
        (
            "a pointer to the name or NULL, the string need not be deallocated as its lifetime will be the same as the snapshot object.",
            "a pointer to the name, the string need not be deallocated as its lifetime will be the same as the snapshot object.",
            "",
        ),
        (
            "a new domain object or NULL in case of failure. If the domain cannot be found, then VIR_ERR_NO_DOMAIN error is raised.",
            "a new domain object. If the domain cannot be found, then VIR_ERR_NO_DOMAIN error is raised.",
            "",
        ),
        ("the pool if it is active, NULL otherwise", "the pool if it is active", "unless it is active"),
        ("the pool if the migration was successful, NULL otherwise", "the pool if the migration was successful", ""),
        ("NULL if the pool or the volume is gone", "", "if the pool or the volume is gone"),
        ("a NULL-terminated list of names, sorted.", "a NULL-terminated list of names, sorted.", ""),
        ("Nothing about NULL values here.", "Nothing about NULL values here.", ""),
        # review, session 28: phrasings none of libvirt's releases has
        ("Returns NULL on error, otherwise the XML string", "the XML string", ""),
        ("Null on error, else the XML.", "the XML.", ""),
        ("the name on success, NULL on failure (see virGetLastError).", "the name on success.", ""),
    ],
)
def test_null_clauses_leave_returns_and_their_conditions_become_raises(text: str, returns: str, raises: str) -> None:
    assert python_failures.without_null_values(text) == (returns, raises)


@pytest.fixture(scope="module")
def views() -> dict[str, backend.FunctionView]:
    return _views(whole_tree_plan())


@pytest.mark.parametrize(
    ("function", "result", "returns", "raises"),
    [
        ("virDomainGetXMLDesc", "ownedstr", "an XML instance.", ""),  # nor "0 terminated UTF-8 encoded": tests/test_python_docstring_c_strings.py
        ("virDomainGetConnect", "handle", "the virConnect object.", ""),
        ("virStoragePoolLookupByName", "handle", "a virStoragePool object", "if no matching pool is found"),
        (
            "virDomainLookupByName",
            "handle",
            "a new domain object. If the domain cannot be found, then VIR_ERR_NO_DOMAIN error is raised.",
            "",
        ),
        ("virDomainDefineXML", "handle", "the domain", ""),
        ("virConnectGetDomainCapabilities", "ownedstr", "an XML string defining the capabilities.", ""),
        ("virConnectGetType", "str", "a string.", ""),
        ("virStorageVolLookupByPath", "handle", "a storage volume", "if not found / error"),
        ("virStoragePoolCreateXML", "handle", "a virStoragePool object", "if creation failed"),
        ("virDomainSnapshotGetDomain", "handle", "the domain.", ""),
        ("virNodeDeviceLookupByName", "handle", "a virNodeDevice object if found.", "if not found"),
        ("virDomainQemuAttach", "handle", "a new domain object on success", ""),
        ("virDomainQemuAgentCommand", "ownedstr", "strings if success.", ""),  # the qemu submodule
        ("virDomainGetName", "str", "the name.", ""),  # less its C memory note (test_python_docstrings_c_memory.py)
        # None is an answer: the doc keeps saying when, NULL said as None (tests/test_python_docstring_none.py)
        (
            "virNodeDeviceGetParent",
            "optstr",
            "the name of the device's parent, or None if an error occurred or when the device has no parent.",
            "",
        ),
        ("virGetLastError", "struct", "the last error or None if none occurred.", ""),
        ("virConnGetLastError", "struct", "the last error or None if none occurred.", ""),
        ("virSaveLastError", "struct", "the copied error or None if allocation failed.", ""),
    ],
)
def test_9_0_0_return_docs(views: dict[str, backend.FunctionView], function: str, result: str, returns: str, raises: str) -> None:
    view = views[function]
    assert (view.result, _field(view.doc, "returns"), _field(view.doc, "raises libvirtError")) == (result, returns, raises)


def test_no_method_of_9_0_0_raising_on_null_mentions_null_in_returns(views: dict[str, backend.FunctionView]) -> None:
    raising = [v for v in views.values() if v.result in RAISES_ON_NULL]
    assert len(raising) > 100
    assert [v.c_name for v in raising if NULL.search(_field(v.doc, "returns"))] == []
    # 122 of them said it; the None answers say None (tests/test_python_docstring_none.py)
    left = sorted(v.c_name for v in views.values() if NULL.search(_field(v.doc, "returns")))
    # virDomainGetState's "it is allowed to be NULL" (the C caller's optional @reason) went too: the method returns @reason
    assert left == []


def test_the_sample_s_return_docs() -> None:
    plan = backend.build_plan(load_tree(SAMPLE_TREE).api)
    assert plan is not None
    views = _views(plan)
    expected = {
        "virConnectOpen": "a fresh virConnect object. The caller owns the connection and must give it back with virConnect.close() when finished.",
        "virConnectGetURI": "a string.",  # nor where C allocated it (test_python_docstring_allocation_words.py)
        "virDomainLookupByName": "a new virDomain object.",  # its "; VIR_ERR_NO_DOMAIN is reported ..." goes with the failure
        "virDomainCheckpointCreateXML": "a new virDomainCheckpoint object.",
        "virDomainCheckpointGetXMLDesc": "a string.",
        "virDomainCheckpointGetName": "the name.",  # less its C memory note (test_python_docstrings_c_memory.py)
        # None answers
        "virSaveLastError": "the new copy, or None if memory ran out.",
        "virConnGetLastError": "the record, or None when nothing has failed.",
    }
    assert {name: _field(views[name].doc, "returns") for name in expected} == expected
    assert {name: views[name].result for name in ("virSaveLastError", "virConnGetLastError")} == {"virSaveLastError": "struct", "virConnGetLastError": "struct"}
    generated = (GENERATED / "libvirt_ctypes" / "__init__.py").read_text(encoding="utf-8")
    assert "NULL signals an error" not in generated and ":returns: the new copy, or None if memory ran out." in generated
    assert ":raises libvirtError: on failure; VIR_ERR_NO_DOMAIN is reported when nothing matches @name" in generated


HOSTILE = 'Quotes """ and \'\'\' and a trailing quote", a backslash \\ and \\n, bell \x07, é ü 日本 </script> {{ x }}'


def test_a_hostile_return_doc_keeps_its_text_and_valid_code(tmp_path: Path) -> None:
    tree = shutil.copytree(SAMPLE_TREE, tmp_path / "tree")
    source = tree / "src" / "libvirt-domain-checkpoint.c"
    text = source.read_text(encoding="utf-8")
    marker = " * Returns the name, or NULL on failure."
    assert marker in text
    source.write_text(text.replace(marker, f" * Returns {HOSTILE}, or NULL if the moon is full, or NULL on failure.", 1), encoding="utf-8")
    out = tmp_path / "out"
    for relative, content in backend.render(load_tree(tree).api).items():
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_text(content, encoding="utf-8")
    module = out / "libvirt_ctypes" / "__init__.py"
    lint = subprocess.run([str(VENV_BIN / "ruff"), "check", "--no-cache", str(module)], cwd=out, capture_output=True, text=True, check=False)
    assert lint.returncode == 0, lint.stdout
    tree_ast = ast.parse(module.read_text(encoding="utf-8"))
    classes = [c for c in tree_ast.body if isinstance(c, ast.ClassDef) and c.name == "virDomainCheckpoint"]
    method = next(n for n in classes[0].body if isinstance(n, ast.FunctionDef) and n.name == "getName")
    doc = ast.get_docstring(method) or ""  # its lines wrapped: the fields' continuation lines joined
    fields = dict(re.findall(r"^:(returns|raises libvirtError): (.*?)(?=\n:|\n\n|\Z)", doc, re.MULTILINE | re.DOTALL))
    assert " ".join(fields["returns"].split()) == " ".join(HOSTILE.split()) + "."  # its C memory note gone
    assert fields["raises libvirtError"] == "if the moon is full"
