"""``virt-apigen diff``: an enum for the integer type gcc gives it, or back, keeps the ABI.

QA: ``unsigned int flags`` -> ``virDomainCheckpointXMLFlags flags`` (an enum of
no negative value, which gcc makes ``unsigned int``) was an ABI-breaking
``param-type-changed``, exit 4.  The size, signedness and register are the
same; C (gcc) takes the enum and that type for one compatible type, C++
converts only from the enum to the integer: a parameter now an enum is
source-breaking (a C++ caller passing an integer needs a cast), one no
longer an enum compatible, a return type the other way round, a pointer to
either source-breaking.  Another integer type (signedness, size) stays
ABI-breaking, and so do two enums of one integer type."""

from __future__ import annotations

import platform
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import require
from diff_support import plain_changes
from frontend_support import PLAIN_HEADER, PLAIN_SOURCE, make_tree, run, sample_with

from generator.apidiff import Classification, Facts, diff
from generator.frontend import load_tree
from generator.frontend.apixml_reader import load_api_xml

A, S, C = Classification.ABI, Classification.SOURCE, Classification.COMPATIBLE

# enums as gcc lays them out: (declaration, gcc's type)
ENUMS = {
    "unsigned": ("typedef enum { VIR_E_A = 1, VIR_E_B = 2 } virE;\n", "unsigned int"),
    "negative": ("typedef enum { VIR_E_A = -1, VIR_E_B = 2 } virE;\n", "int"),
    "above_int_max": ("typedef enum { VIR_E_A = 0, VIR_E_B = 0x80000000U } virE;\n", "unsigned int"),
    "wide": ("typedef enum { VIR_E_A = 0, VIR_E_B = 1ULL << 40 } virE;\n", "unsigned long"),
    "wide_negative": ("typedef enum { VIR_E_A = -1, VIR_E_B = 1LL << 40 } virE;\n", "long"),
}
SAME_ABI = " (same ABI: virE is an enum of type {}; {})"
CAST, CONVERTS = "C++ needs a cast", "an enum converts to it implicitly"


def _param(tmp_path: Path, enum: str, old: str, new: str) -> list[tuple[str, Classification, str]]:
    declaration = ENUMS[enum][0]
    changes = plain_changes(tmp_path, f"{declaration}int virF({old} flags);\n", f"{declaration}int virF({new} flags);\n")
    return [(kind, level, detail) for kind, symbol, level, detail in changes if symbol == "virF"]


@pytest.mark.parametrize(("enum", "integer"), [(name, type_) for name, (_, type_) in ENUMS.items()])
def test_a_parameter_becoming_the_enum_of_its_integer_type_is_source_breaking(tmp_path: Path, enum: str, integer: str) -> None:
    detail = f"parameter 1 'flags': {integer} -> virE" + SAME_ABI.format(integer, CAST)
    assert _param(tmp_path / "to", enum, integer, "virE") == [("param-type-changed", S, detail)]
    detail = f"parameter 1 'flags': virE -> {integer}" + SAME_ABI.format(integer, CONVERTS)
    assert _param(tmp_path / "from", enum, "virE", integer) == [("param-type-changed", C, detail)]


@pytest.mark.parametrize(("enum", "other", "note"), [
    ("unsigned", "int", " (only signedness changed: same size; virE is an enum of type unsigned int)"),
    ("negative", "unsigned int", " (only signedness changed: same size; virE is an enum of type int)"),
    ("above_int_max", "int", " (only signedness changed: same size; virE is an enum of type unsigned int)"),
    ("unsigned", "unsigned long", ""),
    ("wide", "unsigned int", ""),
    ("wide_negative", "int", ""),
])  # fmt: skip
def test_another_integer_type_than_the_enums_stays_abi_breaking(tmp_path: Path, enum: str, other: str, note: str) -> None:
    assert _param(tmp_path, enum, other, "virE") == [("param-type-changed", A, f"parameter 1 'flags': {other} -> virE{note}")]


def test_a_spelling_of_the_integer_type_is_that_type(tmp_path: Path) -> None:
    assert [level for _, level, _ in _param(tmp_path / "a", "unsigned", "unsigned", "virE")] == [S]
    assert [level for _, level, _ in _param(tmp_path / "b", "wide", "virE", "long unsigned int")] == [C]


def test_a_tagged_enum_named_by_its_tag(tmp_path: Path) -> None:
    tagged = "enum virT { VIR_T_A = 1 };\n"
    changes = plain_changes(tmp_path, f"{tagged}int virF(unsigned int flags);\n", f"{tagged}int virF(enum virT flags);\n")
    assert [(kind, level) for kind, _, level, _ in changes] == [("param-type-changed", S)]


def test_pointers_to_the_two_are_source_breaking_either_way(tmp_path: Path) -> None:
    for name, old, new in (("to", "unsigned int *", "virE *"), ("from", "virE *", "unsigned int *"), ("const", "const unsigned int *", "const virE *")):
        assert [level for _, level, _ in _param(tmp_path / name, "unsigned", old, new)] == [S], (old, new)
    # const added at the first pointee level alone is compatible; with the enum, the enum's rule
    assert [level for _, level, _ in _param(tmp_path / "both", "unsigned", "virE *", "const unsigned int *")] == [S]


def test_a_return_type_is_the_rule_mirrored(tmp_path: Path) -> None:
    declaration = ENUMS["unsigned"][0]

    def returned(name: str, old: str, new: str) -> list[tuple[str, Classification, str]]:
        changes = plain_changes(tmp_path / name, f"{declaration}{old} virF(void);\n", f"{declaration}{new} virF(void);\n")
        return [(kind, level, detail) for kind, symbol, level, detail in changes if symbol == "virF"]

    # `unsigned int x = virF()` still builds in C++; `virE e = virF()` no longer does
    assert returned("to", "unsigned int", "virE") == [
        ("return-type-changed", C, "returns virE instead of unsigned int" + SAME_ABI.format("unsigned int", CONVERTS)),
    ]
    assert returned("from", "virE", "unsigned int") == [
        ("return-type-changed", S, "returns unsigned int instead of virE" + SAME_ABI.format("unsigned int", CAST)),
    ]
    assert [level for _, level, _ in returned("signed", "int", "virE")] == [A]


def test_two_enums_of_one_integer_type_stay_two_types(tmp_path: Path) -> None:
    both = "typedef enum { VIR_E_A = 1 } virE;\ntypedef enum { VIR_O_A = 1 } virO;\n"
    changes = plain_changes(tmp_path, f"{both}int virF(virE flags);\n", f"{both}int virF(virO flags);\n")
    assert [(kind, level) for kind, _, level, _ in changes] == [("param-type-changed", A)]


def test_an_enum_whose_type_is_not_known_stays_abi_breaking(tmp_path: Path) -> None:
    # sizeof has no value here: the enum's type is unknown, and unknown is not assumed equal
    unknown = "typedef enum { VIR_E_A = sizeof(int) } virE;\n"
    changes = plain_changes(tmp_path, f"{unknown}int virF(unsigned int flags);\n", f"{unknown}int virF(virE flags);\n")
    assert [(kind, level) for kind, _, level, _ in changes] == [("param-type-changed", A)]


def test_against_an_exported_xml_the_models_values_give_the_type(tmp_path: Path) -> None:
    declaration = ENUMS["negative"][0]

    def side(name: str, type_: str) -> Path:
        header = PLAIN_HEADER.replace("virConnectFoo(virConnectPtr conn)", f"virConnectFoo(virConnectPtr conn, {type_} flags)")
        source = PLAIN_SOURCE.replace(" * @conn: c\n", " * @conn: c\n * @flags: f\n").replace("(virConnectPtr conn)", f"(virConnectPtr conn, {type_} flags)")
        return make_tree(tmp_path / name, header=declaration + header, source=source)

    assert run("api", "--srcdir", side("xml", "virE"), "-o", tmp_path / "out", cwd=tmp_path).returncode == 0
    xml = load_api_xml(sorted(str(p) for p in (tmp_path / "out").glob("*.xml"))).api
    tree = load_tree(side("tree", "int")).api
    for old, new, facts, level in ((tree, xml, (Facts.SOURCE, Facts.XML), S), (xml, tree, (Facts.XML, Facts.SOURCE), C)):
        assert [(c.kind, c.classification) for c in diff(old, new, *facts) if c.symbol == "virConnectFoo"] == [("param-type-changed", level)]


def test_the_qa_case_exits_3_and_0_the_other_way(tmp_path: Path) -> None:
    old = sample_with(tmp_path / "old", "")
    new = sample_with(tmp_path / "new", "")
    header = new / "include" / "libvirt" / "libvirt-domain-checkpoint.h"
    text = header.read_text(encoding="utf-8")
    declaration = "char *virDomainCheckpointGetXMLDesc(virDomainCheckpointPtr checkpoint,\n                                    unsigned int flags);"
    assert declaration in text
    header.write_text(text.replace(declaration, declaration.replace("unsigned int flags", "virDomainCheckpointXMLFlags flags")), encoding="utf-8")
    done = run("diff", old, new, cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    assert "source-breaking: virDomainCheckpointGetXMLDesc: parameter 2 'flags': unsigned int -> virDomainCheckpointXMLFlags (same ABI:" in done.stdout
    done = run("diff", new, old, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "compatible: virDomainCheckpointGetXMLDesc: parameter 2 'flags': virDomainCheckpointXMLFlags -> unsigned int (same ABI:" in done.stdout


def test_gcc_takes_each_enum_for_its_integer_type_and_no_other(tmp_path: Path) -> None:
    """The ``ENUMS`` table: gcc makes each enum compatible with the type given and with no other integer type."""
    require(shutil.which("gcc") is not None, "gcc")
    if platform.machine() != "x86_64":
        pytest.skip("the types are x86_64's (LP64)")
    integers = ("int", "unsigned int", "long", "unsigned long")
    lines = ["#include <stdio.h>"]
    for index, (declaration, _) in enumerate(ENUMS.values()):
        lines.append(declaration.replace("virE", f"virE{index}").replace("VIR_E_", f"VIR_E{index}_"))
    lines.append("int main(void) {")
    for index in range(len(ENUMS)):
        for integer in integers:
            lines.append(f'  if (__builtin_types_compatible_p(virE{index}, {integer})) printf("{index} {integer}\\n");')
    lines.append("  return 0;\n}\n")
    (tmp_path / "types.c").write_text("\n".join(lines), encoding="utf-8")
    subprocess.run(["gcc", "-w", "-o", "types", "types.c"], cwd=tmp_path, check=True, capture_output=True)
    printed = subprocess.run([str(tmp_path / "types")], check=True, capture_output=True, text=True).stdout.splitlines()
    assert printed == [f"{index} {integer}" for index, (_, integer) in enumerate(ENUMS.values())]
