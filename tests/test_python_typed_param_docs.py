"""Docstrings of methods returning a C output parameter do not give the C caller's memory chores (QA).

``conn.nodeGetSEVInfo()`` said "Caller is responsible for freeing @params."
and ``:returns: where to store SEV information, as a dict``;
``port.getParameters()`` "On input, @params should be initialized to NULL.
... @params should be freed by the caller on success." and ``:returns:
pointer to pointer of interface parameter objects, as a dict``: the bindings
size, fill, read and free the typed parameters themselves and return a dict.
The rule (``without_output_advice`` in the backend, no table of functions):
a sentence advising a C caller to free, initialize to NULL or allocate a C
parameter the method does not take goes, and so do the sentences on the count
a typed getter's or struct array's C caller passes (the calling convention
the bindings follow); ``:returns:`` says what is stored
(``stored_value_doc``: "the SEV information"), not where.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from types import ModuleType

import pytest
from conftest import REPO, require
from python_support import whole_tree_package, whole_tree_plan

from generator.backends import python as backend
from generator.backends import python_docs
from generator.frontend import load_tree

SEV_INFO = """If hypervisor supports AMD's SEV feature, then @params will contain various
platform specific information like PDH and certificate chain.

:param flags: extra flags; not used yet, so callers should always pass 0
:returns: the SEV information, as a dict {field: value}

C function: virNodeGetSEVInfo
Since: 4.5.0"""

PORT_PARAMETERS = """Get all interface parameters.

:param flags: currently unused, pass 0
:returns: the interface parameters, as a dict {field: value}

C function: virNetworkPortGetParameters
Since: 5.5.0"""

# A sentence telling the caller to free or initialize something ("Caller is responsible for freeing @params.",
# "@params should be freed by the caller", "should be initialized to NULL"); "the caller must not free it" is no such advice.
CALLER_FREES = re.compile(
    r"\b(?:caller|client)\b(?:(?!\bnot\b)[^.;])*\bfree(?:s|d|ing)?\b|\bfree(?:s|d|ing)?\b[^.;]*\bby\s+the\s+(?:caller|client)\b"
    r"|\b(?:should|must)\s+(?:be\s+)?freed?\b|\bresponsib\w*\s+for\s+(?:freeing|releasing)\b|\binitiali[sz]ed\s+to\s+NULL\b",
    re.IGNORECASE,
)
# What a typed getter's :returns: said of the C caller's pointer.
C_POINTER_WORDS = re.compile(r"\bpointer\b|\bwhere\s+to\s+store\b|\blocation\s+to\s+store\b|\(return\s+value\b|\ballocated\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def ours(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return whole_tree_package(tmp_path_factory.mktemp("typed_docs"), "libvirt_ctypes_typed_param_docs")


@pytest.fixture(scope="module")
def plan() -> backend.Plan:
    return whole_tree_plan()


def _prose(doc: str) -> str:
    """The docstring less its C examples (indented lines), as one line."""
    return " ".join(" ".join(line.split()) for line in doc.splitlines() if not line.startswith((" ", "\t")))


def _other_plan(version: str) -> backend.Plan:
    tree = REPO / ".cache" / f"libvirt-{version}"
    require((tree / "include" / "libvirt" / "libvirt.h").is_file(), f"the libvirt {version} source tree (make fetch-libvirt)")
    built = backend.build_plan(load_tree(tree).api)
    assert built is not None
    return built


def test_sev_info_docstring(ours: ModuleType) -> None:
    assert inspect.getdoc(ours.virConnect.nodeGetSEVInfo) == SEV_INFO
    assert inspect.getdoc(ours.virConnect.getSEVInfo) == SEV_INFO  # libvirt-python's name, the same method


def test_network_port_parameters_docstring(ours: ModuleType) -> None:
    assert inspect.getdoc(ours.virNetworkPort.getParameters) == PORT_PARAMETERS


def test_no_docstring_of_the_package_says_the_caller_must_free(ours: ModuleType, plan: backend.Plan) -> None:
    docs = {v.c_name: v.doc for v in plan.views}
    assert len(docs) > 400  # every bound C function of 9.0.0
    for function, doc in docs.items():
        assert not CALLER_FREES.search(_prose(doc)), (function, CALLER_FREES.search(_prose(doc)))
    for name, cls in vars(ours).items():  # the imported package: what help() shows
        if inspect.isclass(cls) and cls.__module__ == ours.__name__ and not name.startswith("_"):
            for method, function in vars(cls).items():
                if inspect.isfunction(function) and function.__doc__:
                    assert not CALLER_FREES.search(_prose(inspect.getdoc(function) or "")), (name, method)


@pytest.mark.parametrize("version", ["7.0.0", "11.3.0"])
def test_no_docstring_of_the_other_releases_says_the_caller_must_free(version: str) -> None:
    for view in _other_plan(version).views:
        assert not CALLER_FREES.search(_prose(view.doc)), (view.c_name, CALLER_FREES.search(_prose(view.doc)))


def test_every_typed_getter_returns_line_says_what_is_stored(plan: backend.Plan) -> None:
    getters = [v for v in plan.views if v.typed is not None and v.typed.kind == "get" and v.typed.read is not None and v.typed.read.kind != "units"]
    assert len(getters) == 16
    for view in getters:
        returns = next(line for line in view.doc.splitlines() if line.startswith(":returns: "))
        assert not C_POINTER_WORDS.search(returns), (view.c_name, returns)
        assert returns.startswith(":returns: the ") and ", as a dict {field: value}" in returns, (view.c_name, returns)
        description = _prose(view.doc.split("\n:param", 1)[0].split("\n:returns:", 1)[0])
        assert "@nparams" not in description, view.c_name  # the count the bindings size the array with


@pytest.mark.parametrize(
    ("function", "returns"),
    [
        # "pointer to memory parameter object (return value, allocated by the caller)"
        ("virDomainGetMemoryParameters", ":returns: the memory parameters, as a dict {field: value}\n"),
        ("virDomainGetSchedulerParameters", ":returns: the scheduler parameters, as a dict {field: value}\n"),
        ("virDomainGetGuestVcpus", ":returns: the typed parameters, as a dict {field: value}\n"),  # "pointer that will be filled with an array of"
        ("virDomainGetJobStats", ":returns: the job statistics, as a dict {field: value}; its 'type' item: the job type (one of DomainJobType)\n"),
        ("virConnectListAllDomains", ":returns: domains: the domain objects (a list)\n"),  # a handle list, the same rule
        ("virConnectGetCPUModelNames", "as a list[str] (the CPU models supported for the specified architecture)\n"),
    ],
)  # fmt: skip
def test_returns_lines(plan: backend.Plan, function: str, returns: str) -> None:
    assert returns in next(v.doc for v in plan.views if v.c_name == function)


def test_what_python_users_need_stays(plan: backend.Plan) -> None:
    docs = {v.c_name: v.doc for v in plan.views}
    # no advice on the memory of a parameter the method does not take: a sentence saying what comes back
    assert "The 'model' field in the @secmodel argument may be initialized to the empty string" in _prose(docs["virNodeGetSecurityModel"])
    assert "This function may require privileged access to the hypervisor.\n\n:param flags:" in docs["virDomainGetBlkioParameters"]
    assert docs["virDomainGetSchedulerParametersFlags"].startswith("Get all scheduler parameters.\n\nThe value of @flags can be exactly")
    assert "if ((params = malloc(sizeof(*params) * nparams)) == NULL)" in docs["virDomainGetMemoryParameters"]  # C examples stay
    assert "memory statistics for the domain.\n\nOnly statistics supported by the domain" in docs["virDomainMemoryStats"]
    cpu_stats = docs["virDomainGetCPUStats"]  # units: said of total (test_python_docstring_units), the allocation goes
    assert "usage).\n\nIf total is True, the returned" in cpu_stats and "allocated by the caller" not in cpu_stats


@pytest.mark.parametrize(
    ("doc", "stored"),
    [
        ("where to store SEV information", "the SEV information"),
        ("pointer to pointer of interface parameter objects", "the interface parameters"),
        ("pointer to memory parameter object (return value, allocated by the caller)", "the memory parameters"),
        ("location to store the guest info parameters", "the guest info parameters"),
        ("Pointer to a variable to store the array containing domain objects.", "the domain objects"),
        ("pointer to an array to store the names", "the names"),
        ("array to populate on output", ""),  # no pointer named: nothing for the rule
        ("where to store a pointer the caller frees", ""),  # C left after the rule: no Python value's doc
        ("the interface name", ""),
    ],
)
def test_stored_value_doc(doc: str, stored: str) -> None:
    assert python_docs.stored_value_doc(doc) == stored


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Get it. On input, @params should be initialized\nto NULL. @params will hold the answer. Caller is\nresponsible for freeing @params.",
            "Get it. @params will hold the answer.",
        ),
        ("Get it.  On input, @nparams gives the size;\non output, @nparams gives how many.  @nparams cannot be 0.\n\nMore.", "Get it.\n\nMore."),
        ("The caller should then allocate @params array, i.e. (sizeof(x) * @size) bytes and call again. See X.", "See X."),
        ("Fill @info.\n\n  free(params);\n  params = NULL;\n\nThe caller must free @name.", "Fill @info.\n\n  free(params);\n  params = NULL;"),
        ("The caller must free @flags.", "The caller must free @flags."),  # a parameter the method takes: not the rule's
        ("@params holds the free memory of each cell.", "@params holds the free memory of each cell."),  # "free", no advice
    ],
)
def test_without_output_advice(text: str, expected: str) -> None:
    taken_over = {"params", "name", "info"}
    assert python_docs.without_output_advice(text, taken_over, {"nparams", "size"}) == expected


def test_the_bindings_doc_describes_the_rule() -> None:
    text = " ".join((Path(REPO) / "docs" / "python-bindings.md").read_text(encoding="utf-8").split())
    assert "Caller is responsible for freeing @params." in text
    assert "without_output_advice" in text and "stored_value_doc" in text
