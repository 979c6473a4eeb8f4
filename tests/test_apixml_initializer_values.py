"""Initializer values through the API XML: the XML reader evaluates
initializers by the C frontend's rules (one module,
``generator/frontend/cvalues.py``), from C and from the export's spelling
alike (character constants, casts to ``size_t`` included), and a member
without a value after one that cannot be evaluated keeps its place, valueless."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from pathlib import Path

import pytest
from apixml_support import exported, run, tree
from conftest import exported_from, without_source_line
from frontend_support import module

from generator.apixml_format import exported_expression
from generator.backends import apixml
from generator.frontend import cdecl
from generator.frontend.apixml_reader import evaluate, load_api_xml
from generator.model import Api, Module


def json_members(xml_dir: Path, tmp_path: Path) -> dict[str, tuple[int | None, str]]:
    out = tmp_path / "json"
    result = run("api", "--api-xml", xml_dir / "libvirt-api.xml", "--format", "json", "-o", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    module = json.loads((out / "libvirt-api.json").read_text(encoding="utf-8"))["module"]
    return {m["name"]: (m["value"], m["expression"]) for m in module["members"]}


# --- one set of rules for C and for the XML -----------------------------------

INITIALIZERS = [
    "'a'", "'a' + 1", "'\\n'", "'\\x41'", "'\\101'", "'\\''", "'\\0'", "L'\\xff'", "u'\\u00e9'", "U'\\U0001F600'",
    "'ab'", "'\\xff'", "'\\200'", "'\\777'",
    "-7 % 3", "7 % -3", "-7 / 2", "7 / 0", "7 % 0", "-(1LL << 62) * 2",
    "1 ? 5 : 6", "0 ? 5 : 6", "1 ? 2 : 0 ? 3 : 4", "0 ? 1 : 2 ? 3 : 4", "(1 ? 2 : 3) + 1", "0 ? 1.5 : 3",
    "1 == 1", "1 != 1", "2 < 1", "2 >= 2", "3 > 2 > 1", "1 < 2 == 1",
    "0 && UNKNOWN", "1 || UNKNOWN", "1 && UNKNOWN", "UNKNOWN && 0", "2 && 3", "!5", "!0 + !5", "0 && 1 / 0", "1 || 1 / 0",
    "1 & 2 == 2", "1 | 2 ^ 3 & 4", "2 + 3 * 4 - 5 / 2", "1 << 2 + 1", "-1 >> 1", "~0U", "~0ULL >> 1",
    "0x10 + 010 + 0b10", "0xffffffffffffffff", "18446744073709551615ULL", "-9223372036854775807LL - 1",
    "0xffffffffffffffff + 1", "1ULL << 63", "1ULL << 63 << 1", "1 << 64", "1 << -1", "1 >> -2", "0x0000000000000000000000001",
    "123456789012345678901234567890", "(int) 5", "(unsigned long) -1", "(const char *) 0", "-(int)-1",
    "sizeof(int)", "sizeof(int) + 1", "0 && sizeof(int)", "sizeof VIR_B", "_Alignof(int)", "1.5", "1e5", ".5", "0x1p3",
    "VIR_B", "VIR_B * VIR_B", "(VIR_B << 2) | 1", "-(-(-VIR_B))", "- - VIR_B", "~VIR_B & 0xff",
    "VIR_B * 0xffffffffffffffff", "VIR_B ? VIR_B : 1 / 0", "((((VIR_B))))", "f(1)", "0 && f(1, 2)", "1 ? 2 : f()",
]  # fmt: skip


@pytest.mark.parametrize("initializer", INITIALIZERS)
def test_an_initializer_has_one_value_from_c_and_from_text(initializer: str) -> None:
    decls = cdecl.parse(f"enum {{ VIR_B = 3, VIR_A = {initializer} }};\n", "t.h")
    from_c = {m.name: m.value for e in decls.enums for m in e.members}["VIR_A"]
    assert evaluate(initializer, {"VIR_B": 3}) == from_c


# Two words in a row (``unsigned long``, ``sizeof VIR_B``) run together in the
# export's spelling without spaces (generator/apixml_format.py): not read back.
SPELLED_APART = re.compile(r"[A-Za-z_]\w*\s+[A-Za-z_]")


@pytest.mark.parametrize("initializer", [i for i in INITIALIZERS if not SPELLED_APART.search(i)])
def test_an_initializer_has_its_value_in_the_exports_spelling(initializer: str) -> None:
    assert evaluate(exported_expression(initializer), {"VIR_B": 3}) == evaluate(initializer, {"VIR_B": 3})


@pytest.mark.parametrize(("spelled", "expected"), [
    ("VIR_B+0x1e+1", 34),  # the export's spelling of "VIR_B + 0x1e + 1": tokens as pycparser reads them
    ("VIR_B--1", 4),  # of "VIR_B - -1": no "--" in a constant expression
    ("VIR_B|1<<4", 19), ("'a'+VIR_B", 100), ("(virH)VIR_B", 3), ("(virS*)0", 0), ("(virNope)VIR_B", None),
])  # fmt: skip
def test_the_exports_spelling_reads_as_c_does(tmp_path: Path, spelled: str, expected: int | None) -> None:
    # A cast to a type of the files read is one, as in C; an unknown name in parentheses is not a type.
    typedef = "<typedef name='virH' file='libvirt-host' type='enum'/><struct name='virS' file='libvirt-host' type='struct _virS'/>"
    members = f"<enum name='VIR_A' file='libvirt-host' value='{html.escape(spelled)}' type='virH'/>"
    members += "<enum name='VIR_B' file='libvirt-host' value='3' type='virH'/>"
    path = tmp_path / "libvirt-api.xml"
    path.write_text(f"<api name='libvirt'><files><file name='libvirt-host'/></files><symbols>{members}{typedef}</symbols></api>", encoding="utf-8")
    member = load_api_xml([str(path)]).api.modules[0].member("VIR_A")
    assert member is not None and member.value == expected


def test_hand_written_xml_initializers_get_cs_values(tmp_path: Path) -> None:
    values = {
        "VIR_H_A": "-7 / 2", "VIR_H_B": "-7 % 3", "VIR_H_C": "(1 &gt; 0) ? 5 : 7", "VIR_H_D": "&apos;a&apos;", "VIR_H_E": "1U &lt;&lt; 31",
        "VIR_H_F": "VIR_H_A + 1", "VIR_H_G": "3 == 3", "VIR_H_H": "1 &amp;&amp; 2", "VIR_H_I": "+".join(["1"] * 250),
        "VIR_H_J": "VIR_H_E * VIR_H_E * VIR_H_E", "VIR_H_K": "sizeof(int)",
    }  # fmt: skip
    members = "".join(f"<enum name='{name}' file='libvirt-host' value='{value}' type='virH'/>" for name, value in values.items())
    path = tmp_path / "libvirt-api.xml"
    path.write_text(f"<api name='libvirt'><files><file name='libvirt-host'/></files><symbols>{members}</symbols></api>", encoding="utf-8")
    result = load_api_xml([str(path)])
    assert result.diagnostics == []
    got = {m.name: m.value for m in result.api.modules[0].members}
    # VIR_H_I: a flat chain of 250 is a loop (it was "nests operators more than 100 deep");
    # VIR_H_J: 2**93 on the way has no value, as in C (it was an error refusing the file).
    assert got == {"VIR_H_A": -3, "VIR_H_B": -1, "VIR_H_C": 5, "VIR_H_D": 97, "VIR_H_E": 2**31, "VIR_H_F": -2,
                   "VIR_H_G": 1, "VIR_H_H": 1, "VIR_H_I": 250, "VIR_H_J": None, "VIR_H_K": None}  # fmt: skip


def test_a_character_constant_keeps_its_value_through_the_xml(tmp_path: Path) -> None:
    source, xml = exported(tmp_path, "o1", "typedef enum {\n    VIR_CE_A = 'a', /* a */\n    VIR_CE_B, /* b */\n} virCE;\n")
    assert "value='&apos;a&apos;'" in (xml / "libvirt-api.xml").read_text(encoding="utf-8")
    # the member after it: its value from sources (it had none: the reader cannot tell which member comes before)
    assert json_members(xml, tmp_path) == {"VIR_CE_A": (97, "'a'"), "VIR_CE_B": (98, "98")}
    changed = tree(tmp_path / "n1", "typedef enum {\n    VIR_CE_A = 'b', /* a */\n    VIR_CE_B, /* b */\n} virCE;\n")
    result = run("diff", xml, changed, cwd=tmp_path)
    assert result.returncode == 4, result.stdout + result.stderr
    assert "VIR_CE_A: 97 ('a') -> 98 ('b') [member-value-changed]" in result.stdout
    same = run("diff", source, xml, cwd=tmp_path)
    assert (same.returncode, same.stderr.strip()) == (0, "virt-apigen diff: 0 changes: 0 compatible, 0 source-breaking, 0 ABI-breaking")


# --- a member without a value after one that cannot be evaluated -------------------------------


@pytest.mark.parametrize("enum", [
    "typedef enum {\n    VIR_Z = sizeof(int), /* z */\n    VIR_B, /* b */\n} virG;\n",
    "typedef enum {\n    VIR_A = 0, /* a */\n    VIR_Z = sizeof(int), /* z */\n    VIR_B, /* b */\n} virG;\n",
], ids=["first-in-the-file", "after-a-numbered-member"])  # fmt: skip
def test_a_valueless_member_after_an_unevaluated_one_stays_valueless(tmp_path: Path, enum: str) -> None:
    # VIR_B is first in the file (or after VIR_A = 0): it was placed there and exported as value='0' (or '1').
    source, xml = exported(tmp_path, "g", enum)
    text = (xml / "libvirt-api.xml").read_text(encoding="utf-8")
    assert "<enum name='VIR_B' file='libvirt-host' type='virG' info='b'/>" in text
    result = load_api_xml([str(xml / "libvirt-api.xml")])
    # sizeof has no value in the model: the reader says so, as the C frontend does (session 24)
    assert [(d.severity, d.rule, d.message.split(":")[0]) for d in result.diagnostics] == [("warning", "enum-value-unknown", "'VIR_Z' has no value")]
    assert result.api.modules[0].enums[0].members[-2:] == ("VIR_Z", "VIR_B")
    assert exported_from(apixml.render(result.api)["libvirt-api.xml"], "libvirt-api.xml") == without_source_line(text)
    assert json_members(xml, tmp_path)["VIR_B"] == (None, "")
    assert run("diff", source, xml, cwd=tmp_path).returncode == 0


@pytest.mark.parametrize(("written", "exported_as"), [
    ("(unsigned int) 5", "(unsigned int)5"), ("' '", "' '"), ('"a b"', '"a b"'), ("( 1 << 0 )", "(1<<0)"),
    ("1U << 31", "1<<31"), ("0x10U", "0x10U"), ("1.5U", "1.5U"), ("VIR_A + 1", "VIR_A+1"), ("sizeof ( long )", "sizeof(long)"),
    ("1 - -1", "1- -1"), ("1 + +1", "1+ +1"), ("a & &b", "a& &b"), ("a && b", "a&&b"), ("0x1e + 1", "0x1e +1"), ("1 << 2", "1<<2"),
])  # fmt: skip
def test_the_exports_spelling_drops_only_the_spaces_c_does_without(written: str, exported_as: str) -> None:
    assert exported_expression(written) == exported_as


def test_an_implicit_member_of_an_anonymous_enum_after_an_unevaluated_one_has_no_value(tmp_path: Path) -> None:
    body = "enum {\n    VIR_AA = sizeof(int), /* a */\n    VIR_BB, /* b */\n};\nenum {\n    VIR_CC, /* c */\n    VIR_DD = 5, /* d */\n    VIR_EE, /* e */\n};\n"
    _, out = exported(tmp_path, "anon", body)
    text = (out / "libvirt-api.xml").read_text(encoding="utf-8")
    assert "<enum name='VIR_BB' file='libvirt-host' info='b'/>" in text  # was value='0'
    assert "<enum name='VIR_CC' file='libvirt-host' value='0' value_hex='0x0' info='c'/>" in text
    assert "<enum name='VIR_EE' file='libvirt-host' value='6' value_hex='0x6' info='e'/>" in text


def test_a_cast_to_size_t_keeps_its_value_through_the_xml(tmp_path: Path) -> None:
    """size_t comes from the frontend's own <sys/types.h>, not from the files read: the XML reader knows it too."""
    body = "#include <sys/types.h>\ntypedef enum {\n    VIR_SZ_A = (size_t)2, /* a */\n    VIR_SZ_B = (ssize_t) -1, /* b */\n} virSz;\n"
    _, out = exported(tmp_path, "cast", body)
    assert json_members(out, tmp_path)["VIR_SZ_A"][0] == 2
    assert json_members(out, tmp_path)["VIR_SZ_B"][0] == -1


def test_an_implicit_member_past_64_bits_is_exported_without_a_value(tmp_path: Path) -> None:
    """QA (session 20): after 0xFFFFFFFFFFFFFFFF the next member was written value='18446744073709551616',
    which the model holds as no value (no C type holds it) and our own reader then refused."""
    body = "typedef enum { VIR_QA_A = 0xFFFFFFFFFFFFFFFF, VIR_QA_B, VIR_QA_C } virQaE;\n"
    _, xml_dir = exported(tmp_path, "wide", body)
    text = (xml_dir / "libvirt-api.xml").read_text(encoding="utf-8")
    written = {name: rest for name, rest in re.findall(r"<enum name='(VIR_QA_\w+)'([^>]*)/>", text)}
    assert "value='18446744073709551615'" in written["VIR_QA_A"]
    assert "value=" not in written["VIR_QA_B"] and "value=" not in written["VIR_QA_C"]
    back = run("api", "--api-xml", xml_dir / "libvirt-api.xml", "-o", tmp_path / "back", cwd=tmp_path)
    # no apixml-order warning: nothing would number them; the one the C frontend gives for it, as from sources (session 24)
    assert back.returncode == 0 and [line.split(": ", 2)[1:] for line in back.stderr.splitlines()] == [
        ["warning", "'VIR_QA_B' has no value: it follows 18446744073709551615, and no 64-bit type holds the next [enum-value-unknown]"]
    ]
    assert json_members(xml_dir, tmp_path)["VIR_QA_B"] == (None, "")

def test_xml_prints_the_models_value_of_an_implicit_member(tmp_path: Path) -> None:
    """A member without an initializer whose model value is not the one before
    plus one (the C parser's value, where the raw text lost the ``= ...``): the
    XML says the model's value, and the implicit members after it count on from it."""
    mod = module(tmp_path, "typedef enum {\n    VIR_I_A = 4,\n    VIR_I_B = 8,\n    VIR_I_C,\n} virIKind;\n")
    members = tuple(dataclasses.replace(m, expression="") if m.name == "VIR_I_B" else m for m in mod.members)
    changed: Module = dataclasses.replace(mod, members=members)
    xml = apixml.render(Api((changed,)))["libvirt-api.xml"]
    lines = {m.group(1): m.group() for m in re.finditer(r"<enum name='(\w+)'[^>]*/>", xml)}
    assert "value='8' value_hex='0x8'" in lines["VIR_I_B"]  # the model's value, not 4 + 1
    assert "value='9' value_hex='0x9'" in lines["VIR_I_C"]
