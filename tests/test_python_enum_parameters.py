"""An enum passed by value (a parameter or a return, ``virFooKind kind`` or
``enum virFooKind kind``) is the integer C passes: ``int``, or ``unsigned int``
for an enum with a member above INT_MAX and none negative.  Before (found in
session 27's QA, bound in session 28), such a function was skipped ("parameter
of a type not bound yet", "unsupported return type").  No libvirt release has
one (7.0.0 to 11.3.0): the rule is for the API to come."""

from __future__ import annotations

import re
from pathlib import Path

from frontend_support import sample_with

from generator.backends import python as python_backend
from generator.frontend import load_tree

ADDED = """
/**
 * virQaKind:
 *
 * A kind.
 *
 * Since: 5.6.0
 */
typedef enum {
    VIR_QA_KIND_A = 0, /* a */
    VIR_QA_KIND_B = -1, /* b */
} virQaKind;

/**
 * virQaTagOnly:
 *
 * Only a tag.
 *
 * Since: 5.6.0
 */
enum virQaTagOnly {
    VIR_QA_TAG_X = 1, /* x */
};

/**
 * virQaBig:
 *
 * Above INT_MAX.
 *
 * Since: 5.6.0
 */
typedef enum {
    VIR_QA_BIG_A = 0x80000000, /* a */
} virQaBig;

/**
 * virQaHuge:
 *
 * Beyond 32 bits.
 *
 * Since: 5.6.0
 */
typedef enum {
    VIR_QA_HUGE_A = 0x100000000, /* a */
} virQaHuge;

/**
 * virDomainCheckpointQaSet:
 * @checkpoint: a checkpoint
 * @kind: its kind
 * @tag: its tag
 * @flags: extra flags; not used yet, so callers should always pass 0
 *
 * Set things.
 *
 * Returns 0 on success, -1 on error.
 *
 * Since: 5.6.0
 */
int virDomainCheckpointQaSet(virDomainCheckpointPtr checkpoint, virQaKind kind, enum virQaTagOnly tag, unsigned int flags);

/**
 * virDomainCheckpointQaGet:
 * @checkpoint: a checkpoint
 *
 * Get the kind.
 *
 * Returns the kind, or -1 on error.
 *
 * Since: 5.6.0
 */
virQaKind virDomainCheckpointQaGet(virDomainCheckpointPtr checkpoint);

/**
 * virDomainCheckpointQaBig:
 * @checkpoint: a checkpoint
 * @big: a big one
 *
 * Big.
 *
 * Returns 0 on success, -1 on error.
 *
 * Since: 5.6.0
 */
int virDomainCheckpointQaBig(virDomainCheckpointPtr checkpoint, virQaBig big);

/**
 * virDomainCheckpointQaHuge:
 * @checkpoint: a checkpoint
 * @huge: a huge one
 *
 * Huge.
 *
 * Returns 0 on success, -1 on error.
 *
 * Since: 5.6.0
 */
int virDomainCheckpointQaHuge(virDomainCheckpointPtr checkpoint, virQaHuge huge);
"""
FUNCTIONS = ("Set", "Get", "Big", "Huge")


def _rendered(tmp_path: Path) -> dict[str, str]:
    tree = sample_with(tmp_path / "tree", ADDED)
    syms = tree / "src" / "libvirt_public.syms"
    exported = "        virDomainListAllCheckpoints;\n"
    added = "".join(f"        virDomainCheckpointQa{name};\n" for name in FUNCTIONS)
    syms.write_text(syms.read_text(encoding="utf-8").replace(exported, exported + added), encoding="utf-8")
    return python_backend.render(load_tree(tree).api)


def _argtypes(code: str, function: str) -> list[str]:
    bound = re.search(rf'_{function} = _bind\(\s*"{function}",\s*([\w.]+),\s*\[(.*?)\]', code, re.DOTALL)
    assert bound is not None, function
    return [bound.group(1), *re.findall(r"ctypes\.\w+", bound.group(2))]


def test_an_enum_by_value_is_the_integer_c_passes(tmp_path: Path) -> None:
    files = _rendered(tmp_path)
    code, coverage = files["libvirt_ctypes/__init__.py"], files["COVERAGE.md"]
    assert _argtypes(code, "virDomainCheckpointQaSet") == ["ctypes.c_int", "ctypes.c_void_p", "ctypes.c_int", "ctypes.c_int", "ctypes.c_uint"]
    assert _argtypes(code, "virDomainCheckpointQaGet") == ["ctypes.c_int", "ctypes.c_void_p"]
    assert _argtypes(code, "virDomainCheckpointQaBig") == ["ctypes.c_int", "ctypes.c_void_p", "ctypes.c_uint"]
    assert "def qaSet(self, kind: SupportsIndex, tag: SupportsIndex, flags: SupportsIndex = 0) -> int:" in code
    assert "def qaGet(self) -> int:" in code
    assert "- `virDomainCheckpointQaSet`: `virDomainCheckpoint.qaSet`" in coverage
    assert "- `virDomainCheckpointQaHuge`: parameter of a type not bound yet (virQaHuge huge)" in coverage


def test_an_enum_parameter_is_range_checked_as_its_integer(tmp_path: Path) -> None:
    """``unsigned int`` for virQaBig: -1 is refused before any C call, 2**31 passes the check."""
    code = _rendered(tmp_path)["libvirt_ctypes/__init__.py"]
    method = re.search(r"    def qaBig\(.*?(?=\n    def |\nclass )", code, re.DOTALL)
    assert method is not None
    assert "4294967295" in method.group() and "2147483647" not in method.group()


# --- an integer parameter whose doc names one enum (QA, session 29) ---------------------------------------

NAMED = """
/**
 * virQaSource:
 *
 * Where from.
 *
 * Since: 5.6.0
 */
typedef enum {
    VIR_QA_SOURCE_LEASE = 0, /* a lease */
    VIR_QA_SOURCE_AGENT = 1, /* the agent */
} virQaSource;

/**
 * virQaOther:
 *
 * Another.
 *
 * Since: 5.6.0
 */
typedef enum {
    VIR_QA_OTHER_A = 0, /* a */
} virQaOther;

/**
 * virDomainCheckpointQaFrom:
 * @checkpoint: a checkpoint
 * @source: one of the virQaSource constants
 * @either: a value of virQaSource or of virQaOther
 * @count: how many, from virDomainCheckpointQaFrom's own count
 * @flags: extra flags; not used yet, so callers should always pass 0
 *
 * From somewhere.
 *
 * Returns 0 on success, -1 on error.
 *
 * Since: 5.6.0
 */
int virDomainCheckpointQaFrom(virDomainCheckpointPtr checkpoint, unsigned int source, int either, unsigned int count, unsigned int flags);
"""


def test_an_integer_parameter_whose_doc_names_one_enum_is_typed_with_its_class(tmp_path: Path) -> None:
    """interfaceAddresses' ``source`` ("one of the virDomainInterfaceAddressesSource constants") was a bare
    ``SupportsIndex``; a doc naming two enums, or none, leaves the parameter as it was."""
    tree = sample_with(tmp_path / "tree", NAMED)
    syms = tree / "src" / "libvirt_public.syms"
    exported = "        virDomainListAllCheckpoints;\n"
    syms.write_text(syms.read_text(encoding="utf-8").replace(exported, exported + "        virDomainCheckpointQaFrom;\n"), encoding="utf-8")
    code = python_backend.render(load_tree(tree).api)["libvirt_ctypes/__init__.py"]
    assert (
        "def qaFrom(self, source: QaSource | SupportsIndex, either: SupportsIndex, count: SupportsIndex, flags: SupportsIndex = 0) -> int:" in code
    )


def test_the_integer_parameters_typed_with_an_enum_on_9_0_0(libvirt_tree: Path) -> None:
    plan = python_backend.build_plan(load_tree(libvirt_tree).api)
    assert plan is not None
    views = [*plan.functions, *(m for c in plan.classes for m in c.methods)]
    typed = sorted(f"{v.c_name}.{a.name}: {a.annotation}" for v in views for a in v.args if a.kind == "int" and a.annotation != "SupportsIndex")
    assert len(typed) == 17
    assert "virDomainInterfaceAddresses.source: DomainInterfaceAddressesSource | SupportsIndex" in typed
    assert "virDomainSendKey.codeset: KeycodeSet | SupportsIndex" in typed
