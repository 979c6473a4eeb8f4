"""A header doc comment whose first line holds text before its title
(``/** some text`` then `` * VIR_X_V:``), right above the declaration of
the symbol it names: no doc, as libvirt's apibuild.py reads it, but no
longer a silent one (it was prose, the symbol reported undocumented with
nothing saying why): ``doc-name-mismatch`` at the title, as in a ``.c``
file (tests/test_check_late_title.py, docs/check.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from check_support import HEADER, SOURCE, check_findings, write_tree
from conftest import REPO

from generator.diagnostics import Diagnostic

LATE = "/** some text\n * {name}:\n{entries} *\n * A text.\n *\n * Since: 1.0.0\n */\n"
DECLARATIONS = {
    "VIR_X_V": "#define VIR_X_V 3\n",
    "VIR_X_M": "#define VIR_X_M(a) (a)\n",
    "virXCb": "typedef int (*virXCb)(virX *x);\n",
    "virXKind": "typedef enum {\n    VIR_X_K1 = 1, /* k1 (Since: 1.0.0) */\n} virXKind;\n",
    "virXPtr": "typedef virX *virXPtr;\n",
    "virXStats": "typedef struct _virXStats virXStats;\nstruct _virXStats {\n    int n; /* n */\n};\n",
}
ENTRIES = {"VIR_X_M": " * @a: a\n", "virXCb": " * @x: the x\n"}


def _late(name: str) -> str:
    return LATE.format(name=name, entries=ENTRIES.get(name, ""))


def _header_findings(found: list[Diagnostic], rule: str = "doc-name-mismatch") -> list[tuple[int, int, str]]:
    return [(d.location.line, d.location.col, d.message) for d in found if d.location.file.endswith(".h") and d.rule == rule]


def test_text_before_the_title_is_reported_at_the_title_above_each_kind(tmp_path: Path) -> None:
    for name, declaration in DECLARATIONS.items():
        header = HEADER + "\n" + _late(name) + declaration
        found = check_findings(write_tree(tmp_path / name, header=header))
        line = HEADER.count("\n") + 3  # the title, on the comment's second line
        reported = _header_findings(found)
        assert [(at_line, col) for at_line, col, _ in reported] == [(line, 4)], name  # was []: silent prose
        message = reported[0][2]
        assert f"'{name}:' is not the comment's first line" in message and "'some text'" in message, name
        assert f"not read as the doc of {name}" in message and "apibuild.py drops the whole comment" in message, name


def test_above_a_prototype_of_a_function_without_a_c_doc(tmp_path: Path) -> None:
    header = HEADER.replace("int virXRun(", _late("virXRun").replace(" * A text.", " * @x: x\n * @flags: f\n *\n * A text.") + "int virXRun(")
    source = SOURCE.replace("/**\n * virXRun:", "/* virXRun -")  # no .c doc: the header's would be the function's
    found = check_findings(write_tree(tmp_path, header=header, source=source))
    title = HEADER[: HEADER.index("int virXRun(")].count("\n") + 2
    assert [(line, col) for line, col, _ in _header_findings(found)] == [(title, 4)]


def test_the_symbol_is_still_undocumented(tmp_path: Path) -> None:
    """The block stays unread: apibuild.py drops it, and the text before a title can be anything."""
    found = check_findings(write_tree(tmp_path, header=HEADER + "\n" + _late("VIR_X_V") + DECLARATIONS["VIR_X_V"]))
    assert [d.message for d in found if d.rule == "undocumented-macro"] == ["macro 'VIR_X_V' has no doc comment"]


def test_elsewhere_such_a_block_is_prose(tmp_path: Path) -> None:
    """Above another symbol, none, a documented function's prototype, or with a line between: silent."""
    other = HEADER + "\n" + _late("VIR_X_V") + "#define VIR_X_W 3\n"
    alone = HEADER + "\n" + _late("VIR_X_V") + "\n/**\n * VIR_X_V:\n *\n * A value.\n *\n * Since: 1.0.0\n */\n#define VIR_X_V 3\n"
    apart = HEADER + "\n" + _late("VIR_X_V") + "#define VIR_X_W 3\n#define VIR_X_V 3\n"
    documented = HEADER.replace("int virXRun(", _late("virXRun") + "int virXRun(")  # its doc is the .c definition's
    for index, header in enumerate((other, alone, apart, documented)):
        assert _header_findings(check_findings(write_tree(tmp_path / str(index), header=header))) == [], index


def test_a_marker_after_the_opening_tells_why_it_silences_nothing(tmp_path: Path) -> None:
    """docs/check.md: a marker after the '/**' makes the comment no doc; in a header too the finding now says so."""
    block = _late("virXKind").replace("/** some text", "/** virt-apigen: ignore undocumented-enum")
    found = check_findings(write_tree(tmp_path, header=HEADER + "\n" + block + DECLARATIONS["virXKind"]))
    assert [(line, col) for line, col, _ in _header_findings(found)] == [(HEADER.count("\n") + 3, 4)]
    assert _header_findings(found, "undocumented-enum") != []


def test_a_long_first_line_is_scanned_at_once(tmp_path: Path) -> None:
    """Headers' comments are all tried for a late title now: a first line of text
    then a long run of blanks was quadratic (300,000 took minutes), in a ``.c``
    file since the late title was first looked for; a child process, which a
    hang cannot hold, with a minute for what takes milliseconds."""
    comment = "/** a" + " \t" * 300_000 + "\n */\nint x;\n"
    (tmp_path / "x.h").write_text(comment, encoding="utf-8")
    code = (
        "import sys; from generator.frontend.scanner import scan, scan_docs_only; t = open(sys.argv[1]).read();"
        " scan('x.h', t).docs.late(); scan_docs_only('x.c', t).misformatted_titles()"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.h")], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
