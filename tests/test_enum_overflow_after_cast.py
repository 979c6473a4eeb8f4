"""An implicit enum member after the largest value of its predecessor's C type has no value, whatever
spells that type: a cast, an expression, a member named.

Session 28: ``A = (unsigned int)0xffffffff, B`` gave ``B`` 4294967296 without a word, where gcc refuses it
("overflow in enumeration values"): the C reader typed only a bare integer constant, and every other
initializer whose value fits no ``int`` left the type unknown.  Each case below was checked with gcc 12
(x86_64): those listed in ``REFUSED`` are the ones it refuses.
"""

from __future__ import annotations

from pathlib import Path

from conftest import exported_from, without_source_line
from frontend_support import sample_with

from generator.backends import apixml
from generator.frontend import load_tree
from generator.frontend.apixml_reader import load_api_xml

INITIALIZERS = {
    "INT": "(int)0x7fffffff",
    "UINT": "(unsigned int)0xffffffff",
    "UNSIGNED": "(unsigned)0xffffffff",
    "CONST": "(const unsigned int)0xffffffff",
    "PARENS": "((unsigned int)0xffffffff)",
    "OF_SUM": "(unsigned int)(0xfffffffe + 1)",
    "LONG_SMALL": "(long)0x7fffffff",  # fits int: an int while the enum is defined
    "LONG_MAX": "(long)0x7fffffffffffffff",
    "SSIZE": "(ssize_t)0x7fffffffffffffff",
    "SUM": "0xfffffffe + 1",
    "CAST_SUM": "(unsigned)0xffffffff + 0",
    "CHOSEN": "1 ? 0xffffffff : 0",
    # C's value is an unsigned type's largest, the model keeps apibuild.py's -1 (review, session 28: the next got 0)
    "TILDE": "~0U",
    "MINUS_ONE_U": "(unsigned)-1",
    "SIZE_MINUS_ONE": "(size_t)-1",
    "ULL_MINUS_ONE": "(unsigned long long)-1",
    # not refused: the next value fits the type
    "LONG": "(long)0xffffffff",
    "ULONG": "(unsigned long)0x7fffffffffffffff",
    "SIZE": "(size_t)0xffffffff",
    "CHOSEN_LONG": "1 ? 0xffffffff : 0L",
    "SHORT": "(short)0x7fff",
    # the cast converts: C's value is -1, the model keeps apibuild.py's 4294967295 (and its next)
    "WRAPPED": "(int)0xffffffff",
    "UCHAR_MINUS_ONE": "(unsigned char)-1",  # 255, promoted to int: 256 fits (the model keeps -1 and 0, apibuild.py's)
    "MINUS_ONE": "-1",
}
REFUSED = {
    "INT", "UINT", "UNSIGNED", "CONST", "PARENS", "OF_SUM", "LONG_SMALL", "LONG_MAX", "SSIZE", "SUM", "CAST_SUM", "CHOSEN",
    "TILDE", "MINUS_ONE_U", "SIZE_MINUS_ONE", "ULL_MINUS_ONE",
}
NAMED = (  # a member named: its type while the enum is defined is the one it had
    "typedef enum { VIR_QN_U_A = 0xffffffff, VIR_QN_U_B = VIR_QN_U_A, VIR_QN_U_C } virQnU;\n"
    "typedef enum { VIR_QN_I_A = 0x7ffffffe, VIR_QN_I_B = VIR_QN_I_A + 1, VIR_QN_I_C } virQnI;\n"
    "typedef enum { VIR_QN_L_A = 0xffffffffL, VIR_QN_L_B = VIR_QN_L_A, VIR_QN_L_C } virQnL;\n"
)


def enums() -> str:
    written = (f"typedef enum {{ VIR_QC_{key}_A = {text}, VIR_QC_{key}_B }} virQc{key.title().replace('_', '')};" for key, text in INITIALIZERS.items())
    return "\n".join(written) + "\nenum { VIR_QC_ANON_A = (unsigned int)0xffffffff, VIR_QC_ANON_B };\n" + NAMED


def test_the_member_after_a_cast_to_its_type_s_largest_value_has_none(tmp_path: Path) -> None:
    result = load_tree(sample_with(tmp_path / "tree", enums()))
    values = {m.name: m.value for m in result.api.modules[0].members if m.name.startswith(("VIR_QC_", "VIR_QN_"))}
    assert {key: values[f"VIR_QC_{key}_B"] for key in INITIALIZERS} == {
        key: None if key in REFUSED else values[f"VIR_QC_{key}_A"] + 1 for key in INITIALIZERS
    }
    assert values["VIR_QC_WRAPPED_B"] == 2**32
    assert (values["VIR_QC_ANON_B"], values["VIR_QN_U_C"], values["VIR_QN_I_C"], values["VIR_QN_L_C"]) == (None, None, None, 2**32)
    warned = sorted(d.message.split("'")[1] for d in result.diagnostics if d.rule == "enum-value-unknown")
    assert warned == sorted([f"VIR_QC_{key}_B" for key in REFUSED] + ["VIR_QC_ANON_B", "VIR_QN_U_C", "VIR_QN_I_C"])
    said = next(d.message for d in result.diagnostics if "'VIR_QC_UINT_B'" in d.message)
    assert "it follows 4294967295, the largest value of that member's type" in said
    said = next(d.message for d in result.diagnostics if "'VIR_QC_TILDE_B'" in d.message)
    assert "it follows VIR_QC_TILDE_A = ~0U, in C the largest value of that member's type" in said


def test_the_xml_written_reads_back_the_same_values(tmp_path: Path) -> None:
    """The export writes an initializer with a cast as it is and no value after it: read back, the member
    after it has none; before, the source model's 4294967296 came back None."""
    source = load_tree(sample_with(tmp_path / "tree", enums())).api
    paths = []
    for name, text in apixml.render(source).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    read = load_api_xml(paths).api
    wanted = [f"VIR_QC_{key}_B" for key in REFUSED] + ["VIR_QC_ANON_B"]
    values = [{m.name: m.value for module in api.modules for m in module.members} for api in (source, read)]
    assert [values[1][name] for name in wanted] == [values[0][name] for name in wanted] == [None] * len(wanted)


def test_the_member_after_one_exported_as_written_reads_back_its_value(tmp_path: Path) -> None:
    """Last session's review: ``A = (long)0xffffffff, B`` gives ``B`` 4294967296 (gcc 12, x86_64: the enum is 8
    bytes), but the export wrote ``B`` without a value after ``A``'s initializer written as it is, and read back
    ``B`` had none: the reader knows neither the member before it (the XML lists members by name) nor the cast's
    type.  So for every member after one exported as written (``VIR_QN_U_B = VIR_QN_U_A``): the export writes
    the model's value, and none where the model has none."""
    source = load_tree(sample_with(tmp_path / "tree", enums())).api
    paths = []
    for name, text in apixml.render(source).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    result = load_api_xml(paths)
    assert [d for d in result.diagnostics if "VIR_Q" in d.message] == []
    values = [{m.name: m.value for module in api.modules for m in module.members if m.name.startswith(("VIR_QC_", "VIR_QN_"))} for api in (source, result.api)]
    assert values[1] == values[0]
    assert (values[1]["VIR_QC_LONG_A"], values[1]["VIR_QC_LONG_B"]) == (0xFFFFFFFF, 0x100000000)
    assert values[1]["VIR_QN_L_C"] == 2**32
    first, again = apixml.render(source), apixml.render(result.api)  # and the file written again is the same
    assert {name: exported_from(text, name) for name, text in again.items()} == {name: without_source_line(text) for name, text in first.items()}
