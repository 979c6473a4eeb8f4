"""A ``.c`` file whose last declaration no ``;`` or ``}`` ends is an error at its last token.

With every bracket closed a cut can still leave a declaration unended: a
function's head cut after its ``)`` (``unsigned int flags)``) or a
file-scope name cut short (``VIR_LO`` of ``VIR_LOG_INIT``).  A compiler
stops there ("expected ... at end of input"), and every definition and doc
after the cut is gone: the run stops, at the file's last token, as on the
other cuts (``test_c_file_cut_definitions.py``).  A ``}`` or ``;`` last (a
definition or declaration ended), a body closed by a file-scope macro
call's ``)`` (``esx_vi_methods.c``'s ``})``) and an ``#endif`` last (its
alternatives are the bracket pass's) are whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LIBVIRT_TREE, require
from frontend_support import BASE_SOURCE, SOURCE, libvirt_mini_tree, make_tree, run

from generator.frontend import FrontendError
from generator.frontend.scanner import _code_end, scan_docs_only

UNENDED = "with no ';' or '}' ending its last declaration (cut short?)"


def _error(text: str) -> str:
    with pytest.raises(FrontendError) as caught:
        scan_docs_only("src/libvirt-x.c", text)
    return str(caught.value)


def _real(name: str) -> str:
    """9.0.0's ``src/<name>``."""
    path = LIBVIRT_TREE / "src" / name
    require(path.is_file(), f"the libvirt 9.0.0 source tree ({LIBVIRT_TREE})")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("tail", "place", "token"),
    [
        ("int\nvirConnectBar(virConnectPtr conn,\n              unsigned int flags)\n", (20, 33), ")"),  # a head cut after its ')'
        ("VIR_LO", (18, 1), "VIR_LO"),  # a file-scope name cut short
        ("int x = 1", (18, 9), "1"),
        ("static int a[2]", (18, 15), "]"),
        ('static const char *s = "abc"', (18, 28), '"'),
        ("int\nvirConnectBar(void) /* done */\n// really\n#define X 1\n", (19, 19), ")"),  # past comments and directives
    ],
)
def test_a_declaration_never_ended_is_an_error_at_the_last_token(tail: str, place: tuple[int, int], token: str) -> None:
    text = BASE_SOURCE + "\n" + tail
    expected = f"src/libvirt-x.c:{place[0]}:{place[1]}: error: the file ends in '{token}', " + UNENDED
    assert _error(text) == expected


@pytest.mark.parametrize(
    "tail",
    [
        "",  # the last definition's '}'
        "int virConnectBar(void);\n",  # a declaration's ';'
        "ESX_METHOD(Bar, {\n    x;\n})\n",  # a body closed by a file-scope macro call (esx_vi_methods.c)
        "#ifdef __APPLE__\nVIR_WARNINGS_RESET\n#endif\n",  # an #endif last (virnetsaslcontext.c)
        "/**\n * virConnectBar:\n *\n * Does bar.\n */\n",  # a doc block last: whole C
    ],
)
def test_an_ended_last_declaration_is_read(tail: str) -> None:
    assert scan_docs_only("src/libvirt-x.c", BASE_SOURCE + tail).get("virConnectFoo") is not None


def test_cli_reports_a_head_cut_after_its_parenthesis_and_writes_nothing(tmp_path: Path) -> None:
    cut = BASE_SOURCE[: BASE_SOURCE.index("unsigned int flags)") + len("unsigned int flags)")]
    make_tree(tmp_path / "tree", source=cut)
    done = run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    line, col = cut.count("\n") + 1, len(cut) - cut.rfind("\n") - 1
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [f"tree/{SOURCE}:{line}:{col}: error: the file ends in ')', " + UNENDED]
    assert not (tmp_path / "out").exists()


def test_libvirt_qemu_c_cut_after_the_head_of_virDomainQemuAttach(tmp_path: Path) -> None:
    """The QA report's first case: cut after ``unsigned int flags)``; the three functions after it lost their docs in silence."""
    whole = _real("libvirt-qemu.c")
    flags = whole.index("unsigned int flags)", whole.index("\nvirDomainQemuAttach(")) + len("unsigned int flags)")
    cut = whole[: flags + 1]  # the awk of the report: every line up to the head's last
    libvirt_mini_tree(tmp_path / "tree", "libvirt-qemu.c", cut)
    done = run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == ["tree/src/libvirt-qemu.c:228:39: error: the file ends in ')', " + UNENDED]
    assert not (tmp_path / "out").exists()
    (tmp_path / "tree" / "src" / "libvirt-qemu.c").write_text(whole, encoding="utf-8")  # and whole, it is read
    assert run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path).returncode == 0


def test_libvirt_domain_checkpoint_c_cut_in_VIR_LOG_INIT(tmp_path: Path) -> None:
    """The QA report's second case: ``head -c 875`` ends in ``VIR_LO``, the name of ``VIR_LOG_INIT`` cut short."""
    cut = _real("libvirt-domain-checkpoint.c")[:875]
    assert cut.endswith("\n\nVIR_LO")
    libvirt_mini_tree(tmp_path / "tree", "libvirt-domain-checkpoint.c", cut)
    done = run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == ["tree/src/libvirt-domain-checkpoint.c:26:1: error: the file ends in 'VIR_LO', " + UNENDED]


def test_every_line_end_cut_of_libvirt_qemu_c_is_refused_or_ends_a_declaration() -> None:
    """A cut at each of the 443 line ends of 9.0.0's libvirt-qemu.c: the 34 accepted end right after a ``}`` or
    ``;`` or in the licence comment (whole C); the 6 cuts after a head's ``)`` accepted before are refused."""
    text = _real("libvirt-qemu.c")
    ends = [index + 1 for index, char in enumerate(text) if char == "\n"]
    accepted = []
    for end in ends:
        try:
            scan_docs_only("src/libvirt-qemu.c", text[:end])
        except FrontendError:
            continue
        accepted.append(end)
    assert (len(ends), len(accepted)) == (443, 34)
    for end in accepted:
        code_end = _code_end(text[:end])[0]
        assert text[:code_end].rstrip()[-1:] in ("", "}", ";"), repr(text[end - 40 : end])
