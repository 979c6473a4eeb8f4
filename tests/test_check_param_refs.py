"""``check``'s ``param-ref-unknown``: an ``@name`` that is another function's parameter, named with
that function in one sentence, or that stands in a code example, is no slip of this doc; one naming a
field of the struct the function fills is told so (QA, session 35, on libvirt 9.0.0)."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_support import CASES, T_HEADER
from check_support import check_findings as _check
from check_support import copy_tree as _tree
from edit_support import replace_once as _edit

from generator.diagnostics import Diagnostic

RUN_TEXT = " * Runs @t under @name (mail admin@example.org); VIR_T_RUN_FAST and\n"


def _refs(tmp_path: Path, text: str, where: str = RUN_TEXT) -> list[Diagnostic]:
    tree = _tree(tmp_path, CASES / "check-param-ref-unknown" / "pass")
    _edit(tree / T_HEADER, where, text + where)
    return [d for d in _check(tree) if d.rule == "param-ref-unknown"]


def test_another_functions_parameter_named_with_it_in_one_sentence(tmp_path: Path) -> None:
    """virDomainMigrateToURI: '@duri corresponds to @dconnuri of virDomainMigrateToURI3' was told
    'did you mean @duri?'; virDomainDetachDevice: 'virDomainDetachDeviceFlags() when called with
    @flags parameter set to ...' (virDomainDetachDevice has no flags)."""
    found = _refs(tmp_path, " * Its @name is the @info of\n * virTGetInfo(), as virTGetInfo() with @info set.\n")
    assert found == []


def test_a_name_no_function_of_its_sentence_takes_is_still_reported(tmp_path: Path) -> None:
    found = _refs(tmp_path, " * Like virTGetInfo().  Fills @info.  Tells @nmae of virTGetInfo().\n")
    assert [d.message.split("'")[1] for d in found] == ["@info", "@nmae"]


@pytest.mark.parametrize(
    "text",
    [
        " * Call virTGetInfo() on @info when done.\n",  # the function in the sentence, not beside the name
        " * The @info passed to virTGetInfo() is freed.\n",
        " * Options:\n *   - @info: must be NULL;\n",  # an indented list item ending in ';' is no code
        " * Options:\n *   1. @info must be NULL;\n",
    ],
)
def test_a_function_in_the_sentence_does_not_excuse_every_name_it_takes(tmp_path: Path, text: str) -> None:
    """Review (session 35): any function of the sentence taking the name excused it, and 'conn',
    'dom', 'flags' are taken by hundreds; a stale '@domain' beside virDomainFree() was silenced."""
    assert [d.message.split("'")[1] for d in _refs(tmp_path, text)] == ["@info"]


@pytest.mark.parametrize(
    "text",
    [
        " * In other words, @t corresponds to @info\n * of virTGetInfo.\n",  # virDomainMigrateToURI's
        " * An equivalent of virTGetInfo() when called with\n * @info parameter set to NULL.\n",  # virDomainDetachDevice's
        " * The @info to virTGetInfo() is kept.\n",
    ],
)
def test_a_name_written_as_the_parameter_of_the_function_beside_it_is_excused(tmp_path: Path, text: str) -> None:
    assert _refs(tmp_path, text) == []


def test_a_reference_in_a_code_example_is_pseudo_code(tmp_path: Path) -> None:
    """virStreamSparseSendAll's example: 'if (@fd in hole) {'."""
    example = " * Example:\n *\n *     if (@ready) {\n *         virTRun(t, NULL, 0);\n *     }\n *\n"
    assert _refs(tmp_path, example) == []
    found = _refs(tmp_path / "prose", " * Waits until @ready.\n" + example)
    assert [d.message.split("'")[1] for d in found] == ["@ready"]  # the same name in prose is reported


def test_a_field_of_the_struct_the_function_fills_is_named(tmp_path: Path) -> None:
    """virNetworkGetDHCPLeases: 'Note: @mac, @iaid, @ipaddr, @clientid are in ASCII form' names fields of
    virNetworkDHCPLease, whose array the call returns: say so, as for '@virTypedParameter'."""
    found = _refs(tmp_path, " * The @state of @info is set.\n", " * Fills @info with facts about @t.\n")
    assert [d.message for d in found] == [
        "'@state' in the doc of virTGetInfo names no parameter; 'state' is a field of virTInfo, write it without '@'"
    ]


def _line_of(tmp_path: Path, found: Diagnostic) -> str:
    return (tmp_path / "tree" / T_HEADER).read_text(encoding="utf-8").splitlines()[found.location.line - 1][found.location.col - 1 :]


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        (" * Example:\n *\n *     if (@ready) {\n *         virTRun(t, NULL, 0);\n *     }\n *\n * Waits until @ready.\n", "@ready."),
        (" * Its @name is the @info of virTGetInfo().\n * Later, @info is freed.\n", "@info is freed."),
        (" * Its @name is the @info of virTGetInfo().  Later, @info is freed.\n", "@info is freed."),  # one line
    ],
)
def test_the_finding_points_at_the_reference_not_excused(tmp_path: Path, text: str, reported: str) -> None:
    """Review (session 35): the finding was placed at the doc's first '@name', the code example's or
    the other function's the rule had excused, where a marker would have silenced it."""
    [found] = _refs(tmp_path, text)
    assert _line_of(tmp_path, found) == reported


def test_the_finding_after_an_excused_reference_in_an_earlier_part(tmp_path: Path) -> None:
    """The '@flags:' entry comes first in the comment: its excused '@info' was where the finding went."""
    tree = _tree(tmp_path, CASES / "check-param-ref-unknown" / "pass")
    _edit(tree / T_HEADER, " * @flags: bitwise-OR of virTRunFlags\n", " * @flags: bitwise-OR of virTRunFlags, as the @info of virTGetInfo()\n")
    _edit(tree / T_HEADER, RUN_TEXT, " * Later, @info is freed.\n" + RUN_TEXT)
    [found] = [d for d in _check(tree) if d.rule == "param-ref-unknown"]
    assert _line_of(tmp_path, found) == "@info is freed."


def test_the_finding_in_the_returns_text_after_an_excused_reference_in_the_description(tmp_path: Path) -> None:
    tree = _tree(tmp_path, CASES / "check-param-ref-unknown" / "pass")
    header = tree / T_HEADER
    text = header.read_text(encoding="utf-8")
    header.write_text(text.replace(" * Returns 0 on success, -1 on error.\n", " * Returns 0 on success, -1 when @info is gone.\n", 1), encoding="utf-8")
    _edit(header, RUN_TEXT, " * Its @name is the @info of virTGetInfo().\n" + RUN_TEXT)
    [found] = [d for d in _check(tree) if d.rule == "param-ref-unknown"]
    assert _line_of(tmp_path, found) == "@info is gone."
