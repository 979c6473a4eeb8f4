"""A directive indented on its line (``  # define``, a tab before ``#define``) is a directive.

C only asks that ``#`` be the first token of its line, and apibuild.py strips
each line before looking for it.  The scanner's tokenizer matched a directive
at a line's start only, and the white space token before it had eaten the
line break and the indentation, so an indented ``#define`` was read as a ``#``
and words: the macro was missing from the model, libvirt-api.xml and
``check`` without a word, and an indented ``#if 0`` did not hide what cpp
drops.
"""

from __future__ import annotations

from pathlib import Path

from frontend_support import ADDED_LINE, HEADER, error, module

DOC = "/**\n * {name}:\n *\n * A value.\n *\n * Since: 1.2.3\n */\n"


def test_indented_defines_are_macros_with_their_docs_and_places(tmp_path: Path) -> None:
    extra = DOC.format(name="VIR_QA_SPACED") + "  # define VIR_QA_SPACED 1\n" + DOC.format(name="VIR_QA_TABBED") + "\t#define VIR_QA_TABBED (1 << 2)\n"
    macros = {m.name: m for m in module(tmp_path, extra).macros}
    spaced, tabbed = macros["VIR_QA_SPACED"], macros["VIR_QA_TABBED"]  # was a KeyError: neither was read
    assert (spaced.raw, spaced.since, spaced.doc) == ("1", "1.2.3", "A value.")
    assert (tabbed.raw, tabbed.since, tabbed.doc) == ("(1 << 2)", "1.2.3", "A value.")
    assert (spaced.location.line, spaced.location.col) == (ADDED_LINE + 7, 12)  # at its name, as every macro
    assert (tabbed.location.line, tabbed.location.col) == (ADDED_LINE + 15, 10)


def test_an_indented_if_0_hides_what_cpp_drops(tmp_path: Path) -> None:
    extra = "  #if 0\n#  define VIR_QA_DEAD 1\n  #endif\n#define VIR_QA_LIVE 2\n"
    names = {m.name for m in module(tmp_path, extra).macros}
    assert "VIR_QA_LIVE" in names
    assert "VIR_QA_DEAD" not in names  # was there: the indented #if was no directive to the scanner


def test_a_hash_after_code_on_its_line_is_a_stray_hash_said_as_gcc_says_it(tmp_path: Path) -> None:
    # before: pycparser's "Directives not supported yet", as if the tool lacked something
    said = error(tmp_path, "typedef int virQAWord; # define VIR_QA_STRAY 1\n")
    assert said == f"{HEADER}:{ADDED_LINE}:24: error: stray '#' in program: a directive's '#' must be the first token of its line (code stands before it)"


def test_a_directive_spelled_with_the_digraph_is_refused_with_what_to_write(tmp_path: Path) -> None:
    # before: exit 0, the macro missing from the model in silence (cpp defines it), and a '%:if 0' hid nothing
    said = error(tmp_path, "%:define VIR_QA_DIGRAPH 1\n")
    assert said == f"{HEADER}:{ADDED_LINE}:1: error: a directive spelled '%:' (the digraph for '#'): write '#', the only spelling read here"
    assert "VIR_QA_KEPT" in {m.name for m in module(tmp_path / "dead", "#if 0\n  %:define VIR_QA_DEAD 1\n#endif\n#define VIR_QA_KEPT 2\n").macros}
