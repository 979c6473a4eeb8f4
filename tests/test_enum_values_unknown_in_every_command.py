"""``enum-value-unknown`` from the frontends: ``api`` and ``generate`` say it too, not only ``check``.

QA (session 24): an initializer gcc refuses (``= foo``, ``= "x"``, ``= 1.5``,
a value past 64 bits) went through ``api`` and ``generate`` with exit 0
and no word, the XML writing it as it is, the JSON ``null``, the Python
bindings dropping the constant; only ``check`` warned.  The same warning now
comes from both frontends (sources, and an API XML whose value is no
integer nor a name resolved), and ``--werror`` makes the run fail, writing
nothing.
"""

from __future__ import annotations

from pathlib import Path

from conftest import require
from frontend_support import run, sample_with

REPO = Path(__file__).resolve().parent.parent
CASE = REPO / "tests" / "cases" / "check-enum-value-unknown"



def expected_lines() -> list[str]:
    lines = (CASE / "expected.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.endswith("[enum-value-unknown]")]


def test_api_and_generate_warn_as_check_does(tmp_path: Path) -> None:
    wanted = expected_lines()
    assert len(wanted) == 3  # a name declared after it, a floating constant, an implicit value past 2**64 - 1
    for command in (["api", "--srcdir", ".", "-o", tmp_path / "xml"], ["generate", "--srcdir", ".", "--only", "python", "-o", tmp_path / "py"]):
        done = run(*command, cwd=CASE / "fail")
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        assert [line for line in done.stderr.splitlines() if "enum-value-unknown" in line] == wanted
    clean = run("api", "--srcdir", "pass", "-o", tmp_path / "pass", cwd=CASE)
    assert clean.returncode == 0 and "enum-value-unknown" not in clean.stderr, clean.stderr


def test_werror_fails_and_writes_nothing(tmp_path: Path) -> None:
    done = run("api", "--srcdir", ".", "-o", tmp_path / "out", "--werror", cwd=CASE / "fail")
    assert done.returncode != 0
    assert [line for line in done.stderr.splitlines() if "enum-value-unknown" in line] == [
        line.replace(": warning: ", ": error: ").replace("[enum-value-unknown]", "[enum-value-unknown, --werror]") for line in expected_lines()
    ]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_check_reports_each_once(tmp_path: Path) -> None:
    done = run("check", "--srcdir", ".", cwd=CASE / "fail")
    assert [line for line in done.stderr.splitlines() + done.stdout.splitlines() if "enum-value-unknown" in line] == expected_lines()


def test_an_api_xml_value_that_is_no_c_expression_is_warned_about(tmp_path: Path) -> None:
    written = run("api", "--srcdir", "pass", "-o", tmp_path / "xml", cwd=CASE)
    assert written.returncode == 0, written.stderr
    (document,) = [p for p in (tmp_path / "xml").iterdir() if p.name.endswith("-api.xml")]
    text = document.read_text(encoding="utf-8")
    member = "<enum name='VIR_T_LIMIT_NAME'"
    start = text.index(member)
    value_at = text.index(" value='", start) + len(" value='")
    broken = text[:value_at] + "a b" + text[text.index("'", value_at) :]
    bad = tmp_path / "bad-api.xml"
    bad.write_text(broken, encoding="utf-8")
    line = broken[:start].count("\n") + 1
    done = run("api", "--api-xml", bad, "-o", tmp_path / "again", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    said = f"bad-api.xml:{line}:5: warning: 'VIR_T_LIMIT_NAME' has no value: its initializer 'a b' names 'a', which none of the files read declares"
    assert said in done.stderr, done.stderr


def test_a_name_no_file_read_declares_is_named(tmp_path: Path) -> None:
    """Review (session 24): libvirt-qemu-api.xml read alone names members of libvirt-api.xml in four initializers;
    the warning says which name is missing, and reading both files together gives no warning."""
    qemu, main = Path("/usr/share/libvirt/api/libvirt-qemu-api.xml"), Path("/usr/share/libvirt/api/libvirt-api.xml")
    require(qemu.is_file() and main.is_file(), "libvirt-dev's API XML files (apt-get install libvirt-dev)")
    alone = run("api", "--api-xml", qemu, "-o", "alone", cwd=tmp_path)
    lines = [line for line in alone.stderr.splitlines() if "enum-value-unknown" in line]
    assert len(lines) == 4 and all("names 'VIR_DOMAIN_AGENT_RESPONSE_TIMEOUT_" in line and "which none of the files read declares" in line for line in lines)
    both = run("api", "--api-xml", qemu, "--api-xml", main, "-o", "both", cwd=tmp_path)
    assert both.returncode == 0 and "enum-value-unknown" not in both.stderr, both.stderr


def test_a_literal_names_nothing(tmp_path: Path) -> None:
    """QA, session 26: ``'\\xff'`` (a plain char above 127: its sign is the target's) was said to
    name ``xff``, ``u8'a'`` (C23) ``u8``; both are literals that cannot be evaluated."""
    from frontend_support import make_tree

    from generator.frontend import load_tree

    enum = "typedef enum {\n    VIR_Q_A = '\\xff', /* a */\n    VIR_Q_B = u8'a', /* b */\n    VIR_Q_C = '\\u00e9', /* c */\n} virQ;\n"
    done = run("check", "--srcdir", make_tree(tmp_path / "tree", enum), cwd=tmp_path)
    said = [line for line in done.stdout.splitlines() + done.stderr.splitlines() if "[enum-value-unknown]" in line]
    assert [line.split(": warning: ")[1].split(" cannot be evaluated")[0] for line in said] == [
        "'VIR_Q_A' has no value: its initializer ''\\xff''",
        "'VIR_Q_B' has no value: its initializer 'u8'a''",
        "'VIR_Q_C' has no value: its initializer ''\\u00e9''",
    ]
    assert [m.value for module in load_tree(tmp_path / "tree").api.modules for m in module.members if m.name.startswith("VIR_Q_")] == [None] * 3


def test_an_implicit_member_overflowing_the_type_before_it_has_no_value(tmp_path: Path) -> None:
    """Differential QA on 11.3.0 (session 27): ``A = 0x7fffffff, B`` gave B 2147483648, ``A = 0xffffffff, B``
    4294967296, where gcc refuses both ("overflow in enumeration values": the next value in the type the one
    before has while the enum is defined, int, unsigned int); a decimal 4294967295 is a long, so B is fine."""
    from generator.frontend import load_tree

    enums = (
        "typedef enum { VIR_QA_I_A = 0x7fffffff, VIR_QA_I_B, VIR_QA_I_C } virQaI;\n"
        "typedef enum { VIR_QA_U_A = 0xffffffff, VIR_QA_U_B } virQaU;\n"
        "typedef enum { VIR_QA_L_A = 4294967295, VIR_QA_L_B } virQaL;\n"
        "typedef enum { VIR_QA_UL_A = 0xffffffffUL, VIR_QA_UL_B } virQaUL;\n"  # an unsigned long: B is fine (review 3)
        "enum { VIR_QA_N_A = 2147483647, VIR_QA_N_B };\n"  # anonymous: warned too (review 3)
    )
    tree = sample_with(tmp_path / "tree", enums)
    result = load_tree(tree)
    values = {m.name: m.value for m in result.api.modules[0].members if m.name.startswith("VIR_QA_")}
    assert values == {
        "VIR_QA_I_A": 2**31 - 1, "VIR_QA_I_B": None, "VIR_QA_I_C": None,
        "VIR_QA_U_A": 2**32 - 1, "VIR_QA_U_B": None,
        "VIR_QA_L_A": 2**32 - 1, "VIR_QA_L_B": 2**32,
        "VIR_QA_UL_A": 2**32 - 1, "VIR_QA_UL_B": 2**32,
        "VIR_QA_N_A": 2**31 - 1, "VIR_QA_N_B": None,
    }
    warned = sorted(d.message.split("'")[1] for d in result.diagnostics if d.rule == "enum-value-unknown")
    assert warned == ["VIR_QA_I_B", "VIR_QA_N_B", "VIR_QA_U_B"]
    done = run("api", "--srcdir", tree, "-o", tmp_path / "xml", cwd=tmp_path)
    xml = (tmp_path / "xml" / "libvirt-api.xml").read_text(encoding="utf-8")
    assert "<enum name='VIR_QA_I_B' file='libvirt-domain-checkpoint' type='virQaI'/>" in xml, done.stderr
    # read back, the XML says nothing of types: no overflow is claimed (review 3: VIR_QA_UL_B was, by value alone)
    again = run("check", "--api-xml", tmp_path / "xml" / "libvirt-api.xml", cwd=tmp_path)
    assert "overflow" not in again.stdout + again.stderr
    assert "apixml-order" not in again.stdout  # backends QA: it said they "will be exported with one", and they were not
