"""Docstrings of C doc comments written oddly: an empty ``Since:`` tag, an "Otherwise" sentence after the success value.

An empty ``Since:`` line is no tag the frontend reads (it wants a version, as
libvirt's apibuild.py does), so it stayed in the text, and the one-paragraph
``:returns:`` line joined it to the sentence before: "0 on success. Since:".
A return doc's "Otherwise" went wherever it opened the first clause a sentence
kept, as though a -1 clause had gone before it: "Returns 0 on success. Otherwise
1." was "0 on success. 1.".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from python_support import extended_sample

from generator.backends import python as backend
from generator.backends import python_failures
from generator.frontend import load_tree

DECLARATIONS = {
    "virDomainCheckpointOdd1Wake": "int virDomainCheckpointOdd1Wake(virDomainCheckpointPtr checkpoint, unsigned int flags)",
    "virDomainCheckpointOdd1Poke": "int virDomainCheckpointOdd1Poke(virDomainCheckpointPtr checkpoint, unsigned int flags)",
    "virDomainCheckpointOdd1Ping": "int virDomainCheckpointOdd1Ping(virDomainCheckpointPtr checkpoint, unsigned int flags)",
    "virDomainCheckpointOdd1Tick": "int virDomainCheckpointOdd1Tick(virDomainCheckpointPtr checkpoint, unsigned int flags)",
}
# each function's comment after its description, in place of "Returns 0 on success, -1 on failure.\n *\n * Since: 9.0.0"
TAILS = {
    "virDomainCheckpointOdd1Wake": " * Returns 0 on success.\n *\n * Since:",
    "virDomainCheckpointOdd1Poke": " * Pokes it.\n *\n * Since:   ",
    "virDomainCheckpointOdd1Ping": " * Returns 0 on success. Otherwise 1.\n *\n * Since: 9.0.0",
    "virDomainCheckpointOdd1Tick": " * Returns 0 on success, -1 on failure. Otherwise 1.\n *\n * Since: 9.0.0",
}


def _docs_ending(folder: Path, declarations: list[str], tails: dict[str, str]) -> dict[str, str]:
    """The docstrings of the functions ``declarations`` add to a sample tree in ``folder``, each
    function's comment ending with its text of ``tails`` in place of its Returns and Since lines."""
    tree = extended_sample(folder / "tree", declarations)
    source = tree / "src" / "libvirt-domain-checkpoint.c"
    text = source.read_text(encoding="utf-8")
    for name, tail in tails.items():
        pattern = rf"( \* {name}:\n(?:.*\n)*? \* Does something with its arguments\.\n \*\n) \* Returns 0 on success, -1 on failure\.\n \*\n \* Since: 9\.0\.0"
        text, count = re.subn(pattern, lambda m, tail=tail: m.group(1) + tail, text)
        assert count == 1, name
    source.write_text(text, encoding="utf-8")
    plan = backend.build_plan(load_tree(Path(tree)).api)
    assert plan is not None
    return {v.c_name: v.doc for v in plan.views if v.c_name in tails}


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _docs_ending(tmp_path_factory.mktemp("odd1"), list(DECLARATIONS.values()), TAILS)


def test_an_empty_since_tag_is_no_text(docs: dict[str, str]) -> None:
    wake = docs["virDomainCheckpointOdd1Wake"]
    assert ":returns: 0 on success.\n\nC function: virDomainCheckpointOdd1Wake" in wake
    assert "Since" not in wake
    poke = docs["virDomainCheckpointOdd1Poke"]
    assert poke.startswith("Does something with its arguments.\n\nPokes it.\n\n:param flags:")
    assert "Since" not in poke


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("0 on success.\n\nSince:", "0 on success."),
        ("Pokes it.\n\nSince:   \n", "Pokes it."),
        ("Since:", ""),
        # a tag with a version is the frontend's (it never reaches here); a Since in a sentence is text
        ("Pokes it. Since: 9.0.0", "Pokes it. Since: 9.0.0"),
        ("Since: the caller asked", "Since: the caller asked"),
        ("Since the caller asked, it pokes.", "Since the caller asked, it pokes."),
    ],
)  # fmt: skip
def test_only_an_empty_since_line_goes(text: str, kept: str) -> None:
    assert backend._without_empty_since(text) == kept


def test_an_otherwise_after_the_success_value_stays(docs: dict[str, str]) -> None:
    assert ":returns: 0 on success. Otherwise 1.\n" in docs["virDomainCheckpointOdd1Ping"]
    assert ":returns: 0 on success. Otherwise 1.\n" in docs["virDomainCheckpointOdd1Tick"]


@pytest.mark.parametrize(
    ("text", "returns"),
    [
        ("0 on success. Otherwise 1.", "0 on success. Otherwise 1."),
        ("0 on success, -1 on failure. Otherwise 1.", "0 on success. Otherwise 1."),
        ("0 on success. -1 on error, otherwise 1.", "0 on success. Otherwise 1."),
        ("0 on success; -1 on error; otherwise 1.", "0 on success; otherwise 1."),
        # set against the failure alone, it goes with it
        ("-1 on error, otherwise 0.", "0."),
        ("-1 on error. Otherwise 0.", "0."),
        ("0 on success, otherwise 1.", "0 on success, otherwise 1."),
    ],
)  # fmt: skip
def test_otherwise_goes_only_with_the_failure_it_was_set_against(text: str, returns: str) -> None:
    assert python_failures.without_failure_values(text)[0] == returns


MALFORMED = {
    "virDomainCheckpointOdd2Wake": " * Returns 0 on success.\n *\n * Since: 9.0",
    "virDomainCheckpointOdd2Poke": " * Returns 0 on success.\n *\n * Since: soon",
    "virDomainCheckpointOdd2Nap": " * Naps.\n *\n * Since: soon",
    "virDomainCheckpointOdd2Hum": " * Returns 0 on success.\n * Since 9.0.0\n *\n * Then hums.",
}


@pytest.fixture(scope="module")
def malformed_docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    declarations = [f"int {name}(virDomainCheckpointPtr checkpoint, unsigned int flags)" for name in MALFORMED]
    return _docs_ending(tmp_path_factory.mktemp("odd2"), declarations, MALFORMED)


def test_a_malformed_since_tag_is_no_returns_text(malformed_docs: dict[str, str]) -> None:
    for name, tag in (("virDomainCheckpointOdd2Wake", "Since: 9.0"), ("virDomainCheckpointOdd2Poke", "Since: soon")):
        doc = malformed_docs[name]
        # the tag as written, a paragraph closing the description; not the tail's line, which is a version read
        assert doc == f"Does something with its arguments.\n\n{tag}\n\n:param flags: the flags value\n:returns: 0 on success.\n\nC function: {name}"
    # a comment with no Returns text keeps the tag in its description (the frontend's doing): the same docstring
    nap = malformed_docs["virDomainCheckpointOdd2Nap"]
    assert nap == "Does something with its arguments.\n\nNaps.\n\nSince: soon\n\n:param flags: the flags value\n\nC function: virDomainCheckpointOdd2Nap"
    hum = malformed_docs["virDomainCheckpointOdd2Hum"]
    assert hum.startswith("Does something with its arguments.\n\nSince 9.0.0\n\n:param flags:")
    assert ":returns: 0 on success. Then hums.\n" in hum


@pytest.mark.parametrize(
    ("description", "returns", "moved"),
    [
        ("Pokes it.", "0 on success.\n\nSince: 9.0", ("Pokes it.\n\nSince: 9.0", "0 on success.")),
        ("Pokes it.", "0 on success.\nSince: v9.0.0\n\n-1 on error.", ("Pokes it.\n\nSince: v9.0.0", "0 on success.\n\n-1 on error.")),
        ("Pokes it.", "0 on success.\n\nSince: when it\nlands.", ("Pokes it.\n\nSince: when it\nlands.", "0 on success.")),
        ("", "0 on success.\n\nSince: soon", ("Since: soon", "0 on success.")),
        # prose, no tag: "Since" with no colon before more words, inside a sentence
        ("Pokes it.", "0 on success.\n\nSince 0.6.0, all errors are reported.", None),
        ("Pokes it.", "0 on success. Since: 9.0", None),
        ("Pokes it.", "0 since it returned.", None),
    ],
)  # fmt: skip
def test_only_a_since_tag_line_moves(description: str, returns: str, moved: tuple[str, str] | None) -> None:
    assert backend._stray_since_moved(description, returns) == (moved or (description, returns))
