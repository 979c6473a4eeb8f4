"""Python docstrings of flags and return values: a ``flags`` doc cut at a
blank line of the C comment gets its bit list back from the description and
the enum those bits belong to types it; a raising method's ``:returns:``
gives no -1 however worded (what the clause said goes to ``:raises
libvirtError:``), an unsigned return keeps the hint of when its failure value
comes back, and a value the binding frees is not said to be the caller's to free."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from conftest import require
from python_support import GENERATED, extended_sample, libvirt_so_present

from generator.backends import python as backend
from generator.backends import python_docs, python_failures
from generator.frontend import load_tree

# --- a flags doc cut by a blank line -----------------------------------------------------------------

ENUM = """
typedef enum {
    VIR_DOMAIN_CHECKPOINT_PKG7_XML_SECRETS = (1 << 0), /* with secrets */
    VIR_DOMAIN_CHECKPOINT_PKG7_XML_SIZES = (1 << 1), /* with sizes */
} virDomainCheckpointPkg7XMLFlags;
"""


DESCRIBE = "char *virDomainCheckpointPkg7Describe(virDomainCheckpointPtr checkpoint, unsigned int flags)"


WAKE = "int virDomainCheckpointPkg7Wake(virDomainCheckpointPtr checkpoint, unsigned int flags)"


QUEUE = "int virDomainCheckpointPkg7Queue(virDomainCheckpointPtr checkpoint, const char *data, size_t nbytes)"


LOOKUP = "virDomainCheckpointPtr virDomainCheckpointPkg7Lookup(virDomainCheckpointPtr checkpoint, unsigned int flags)"


DOCS = {
    "virDomainCheckpointPkg7Describe": """ * @checkpoint: a checkpoint
 * @flags: bitwise-OR of output choices. The bits:
 *
 *      VIR_DOMAIN_CHECKPOINT_PKG7_XML_SECRETS - put the secrets in,
 *                                                for a full copy
 *
 *      VIR_DOMAIN_CHECKPOINT_PKG7_XML_SIZES - put the sizes in
 *
 * Describes the checkpoint in a few words.
 *
 * Returns the words which must be freed by the caller, or NULL on error.
 * The caller must free() the words.""",
    "virDomainCheckpointPkg7Wake": """ * @checkpoint: a checkpoint
 * @flags: extra flags; not used yet, so callers should always pass 0
 *
 * Wakes the checkpoint.
 *
 * Returns 0 on success, or -1 if the checkpoint could not be woken""",
    "virDomainCheckpointPkg7Queue": """ * @checkpoint: a checkpoint
 * @data: the bytes
 * @nbytes: size of @data
 *
 * Queues bytes.
 *
 * Returns the count queued, maybe fewer than given. Returns -1 upon error,
 * at which time the queue is shut, and the caller should drop it. Returns
 * -2 if the queue is full, 1 if it was empty, -1 error""",
    "virDomainCheckpointPkg7Lookup": """ * @checkpoint: a checkpoint
 * @flags: extra flags; not used yet, so callers should always pass 0
 *
 * Finds the next checkpoint.
 *
 * Returns a new checkpoint that the caller owns and must release with
 * virDomainCheckpointFree(), or NULL on failure (caller must free).""",
}


@pytest.fixture(scope="module")
def pkg7_plan(tmp_path_factory: pytest.TempPathFactory) -> backend.Plan:
    tree = extended_sample(tmp_path_factory.mktemp("pkg7") / "tree", [DESCRIBE, WAKE, QUEUE, LOOKUP], ENUM)
    source = tree / "src" / "libvirt-domain-checkpoint.c"
    text = source.read_text(encoding="utf-8")
    for name, doc in DOCS.items():
        text, count = re.subn(rf"(/\*\*\n \* {name}:\n).*?(\n \*\n \* Since: 9\.0\.0)", lambda m, doc=doc: m.group(1) + doc + m.group(2), text, flags=re.DOTALL)
        assert count == 1, name
    source.write_text(text, encoding="utf-8")
    plan = backend.build_plan(load_tree(tree).api)
    assert plan is not None
    return plan


def _method(plan: backend.Plan, c_name: str) -> backend.FunctionView:
    return next(m for c in plan.classes for m in c.methods if m.c_name == c_name)


def _field(doc: str, name: str) -> str:
    """The text of a ``:name:`` line of a docstring ("" when there is none)."""
    return next((line.split(":", 2)[2].strip() for line in doc.splitlines() if line.startswith(f":{name}:")), "")


def test_a_flags_doc_cut_by_a_blank_line_gets_its_bits_and_their_enum(pkg7_plan: backend.Plan) -> None:
    view = _method(pkg7_plan, "virDomainCheckpointPkg7Describe")
    assert [(a.name, a.annotation, a.default) for a in view.args] == [("flags", "CheckpointPkg7XMLFlags | SupportsIndex", "0")]
    assert _field(view.doc, "param flags") == (
        "bitwise-OR of output choices. The bits: VIR_DOMAIN_CHECKPOINT_PKG7_XML_SECRETS - put the secrets in, for a full copy "
        "VIR_DOMAIN_CHECKPOINT_PKG7_XML_SIZES - put the sizes in"
    )
    assert view.doc.startswith("Describes the checkpoint in a few words.\n\n")


def test_an_unused_flags_doc_stays_untyped(pkg7_plan: backend.Plan) -> None:
    view = _method(pkg7_plan, "virDomainCheckpointPkg7Wake")
    assert [(a.name, a.annotation) for a in view.args] == [("flags", "SupportsIndex")]
    assert view.doc.startswith("Wakes the checkpoint.\n\n")


def test_interface_xml_desc_on_9_0_0_is_typed_and_keeps_its_bit_list(libvirt_tree: Path) -> None:
    plan = backend.build_plan(load_tree(libvirt_tree).api)
    assert plan is not None
    view = _method(plan, "virInterfaceGetXMLDesc")
    assert [(a.name, a.annotation) for a in view.args] == [("flags", "InterfaceXMLFlags | SupportsIndex")]
    assert "VIR_INTERFACE_XML_INACTIVE - " in _field(view.doc, "param flags")
    assert not view.doc.startswith("VIR_")
    # the rule types no other flags on 9.0.0: every other untyped flags doc says the flags are unused
    views = [*plan.functions, *(m for c in plan.classes for m in c.methods)]
    untyped = [v for v in views for a in v.args if a.kind == "flags" and a.annotation == "int" and re.search(r"\bVIR_[A-Z_]+\b", _field(v.doc, "param flags"))]
    assert untyped == []


# --- C-only return wording --------------------------------------------------------------------------


def test_minus_one_clauses_leave_returns_and_their_conditions_become_raises(pkg7_plan: backend.Plan) -> None:
    wake = _method(pkg7_plan, "virDomainCheckpointPkg7Wake")
    assert (_field(wake.doc, "returns"), _field(wake.doc, "raises libvirtError")) == ("0 on success", "if the checkpoint could not be woken")
    queue = _method(pkg7_plan, "virDomainCheckpointPkg7Queue")
    assert _field(queue.doc, "returns") == "the count queued, maybe fewer than given. Returns -2 if the queue is full, 1 if it was empty"
    assert _field(queue.doc, "raises libvirtError") == "upon error, at which time the queue is shut, and the caller should drop it"


@pytest.mark.parametrize(
    ("text", "returns", "raises"),
    [
        ("0 on success, -1 error", "0 on success", ""),
        ("-1 if the thing was not there, 0 upon success.", "0 upon success.", "if the thing was not there"),
        ("the count or -1 in case of error", "the count", ""),
        ("0 if done (i.e., soon), -1 on failure (not supported, or busy).", "0 if done (i.e., soon).", "on failure (not supported, or busy)"),
        ("1 if yes, 0 if not, and -1 when it did not work", "1 if yes, 0 if not", ""),
        ("a value; -1 otherwise.", "a value.", ""),
        ("Nothing about failure values.", "Nothing about failure values.", ""),
    ],
)
def test_failure_values_are_cut_by_clause(text: str, returns: str, raises: str) -> None:
    assert python_failures.without_failure_values(text) == (returns, raises)


def test_released_values_lose_the_advice_to_free_them(pkg7_plan: backend.Plan) -> None:
    describe = _method(pkg7_plan, "virDomainCheckpointPkg7Describe")
    assert _field(describe.doc, "returns") == "the words."  # NULL raises: tests/test_python_null_returns.py
    lookup = _method(pkg7_plan, "virDomainCheckpointPkg7Lookup")
    assert _field(lookup.doc, "returns") == "a new checkpoint."


def test_the_sample_docstrings_say_nothing_of_free(sample_tree: Path) -> None:
    plan = backend.build_plan(load_tree(sample_tree).api)
    assert plan is not None
    views = [*plan.functions, *(m for c in plan.classes for m in c.methods)]
    returns = {v.c_name: _field(v.doc, "returns") for v in views}
    assert returns["virDomainCheckpointGetXMLDesc"] == "a string."  # nor of its bytes: tests/test_python_docstring_c_strings.py
    assert returns["virConnectGetURI"] == "a string."  # nor where C allocated it: tests/test_python_docstring_allocation_words.py
    assert returns["virSaveLastError"] == "the new copy, or None if memory ran out."
    released = [v for v in views if v.result in ("ownedstr", "optownedstr", "handle") or v.struct_free]
    assert len(released) > 5 and [v.c_name for v in released if re.search(r"\bfree\b|\brelease\b", returns[v.c_name])] == []


def test_no_raising_method_of_9_0_0_gives_minus_one_or_free_advice(libvirt_tree: Path) -> None:
    plan = backend.build_plan(load_tree(libvirt_tree).api)
    assert plan is not None
    views = [*plan.functions, *(m for c in plan.classes for m in c.methods)]
    assert [v.c_name for v in views if v.error_value == "-1" and "-1" in _field(v.doc, "returns")] == []
    freed = [v for v in views if v.result in ("ownedstr", "optownedstr") or v.struct_free]
    assert [v.c_name for v in freed if re.search(r"\bfree(?:d|s)?\b", _field(v.doc, "returns"), re.IGNORECASE)] == []
    raises = {v.c_name for v in views if _field(v.doc, "raises libvirtError")}
    assert {"virStoragePoolCreate", "virStreamSend", "virNodeSuspendForDuration", "virStreamEventUpdateCallback"} <= raises
    assert _field(next(v for v in views if v.c_name == "virStreamSendHole").doc, "returns") == "0 on success"


@pytest.mark.parametrize(
    ("text", "failure", "returns"),
    [
        ("the memory size in kibibytes (blocks of 1024 bytes), or 0 in case of error.", "0", "the memory size in kibibytes (blocks of 1024 bytes)."),
        ("the available free memory in bytes or 0 in case of error", "0", "the available free memory in bytes"),
        ("the domain ID number or (unsigned int) -1 in case of error", "4294967295", "the domain ID number"),
        ("that number, or (unsigned int)-1 on failure.", "4294967295", "that number."),
        # 0 is also an answer when no error is reported: a condition other than "on error" stays
        ("the count, or 0 if there is none, or 0 on error", "0", "the count, or 0 if there is none"),
    ],
)
def test_an_unsigned_return_loses_only_its_bare_failure_clause(text: str, failure: str, returns: str) -> None:
    """QA: getMaxMemory, nodeGetFreeMemory and getID promised a failure value where the method raises."""
    pattern = python_failures.UNSIGNED_FAILURE.get(failure, python_failures.ALL_BITS_FAILURE)
    assert python_failures.without_failure_values(text, pattern, keep_conditions=True) == (returns, "")


def test_an_unsigned_return_s_docstring_says_when_its_failure_value_comes_back() -> None:
    """QA: dropping "or (unsigned int) -1 in case of error" left no hint that getID() can return -1 (an inactive domain)."""
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")  # the import loads it
    sys.path.insert(0, str(GENERATED))
    try:
        import libvirt_ctypes
    finally:
        sys.path.remove(str(GENERATED))
    doc = libvirt_ctypes.virDomain.getID.__doc__ or ""
    assert ":returns: that number; -1 when the C function returns it without reporting an error (one it reports raises)" in doc


# --- an output's notes dropped between two sentences -------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "said"),
    [
        # QA (session 29): nodeGetCPUMap's "... in cpumap Contains the number ...", two sentences run together
        ("optional number of online CPUs in cpumap (OUT)\n     Contains the number of online CPUs if the call was successful.",
         "number of online CPUs in cpumap. Contains the number of online CPUs if the call was successful."),
        ("number of CPUs (OUT). Set on success.", "number of CPUs. Set on success."),
        ("number of CPUs (OUT)", "number of CPUs"),
        ("the size (OUT) of the map", "the size of the map"),
        ("pointer to the size, may be NULL\nA count.", "the size. A count."),
        ("the count (OUT) VIR_DOMAIN_X bits set", "the count VIR_DOMAIN_X bits set"),  # a constant, no sentence
    ],
)
def test_a_dropped_output_note_between_two_sentences_leaves_a_period(doc: str, said: str) -> None:
    assert python_docs.output_doc(doc) == said


def test_a_returned_output_s_note_between_two_sentences_leaves_a_period() -> None:
    out = backend.OutView("online", "scalar")
    assert backend._out_doc(out, "number of online CPUs (OUT) Contains the number.") == "online: number of online CPUs. Contains the number."
    assert backend._out_doc(out, "number of online CPUs (OUT)") == "online: number of online CPUs"


def test_node_get_cpu_map_on_9_0_0_says_its_online_output_in_two_sentences(libvirt_tree: Path) -> None:
    plan = backend.build_plan(load_tree(libvirt_tree).api)
    assert plan is not None
    view = _method(plan, "virNodeGetCPUMap")
    assert _field(view.doc, "returns").endswith(
        "online: number of online CPUs in cpumap. Contains the number of online CPUs if the call was successful.)"
    )
