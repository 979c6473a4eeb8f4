"""C's literal and comment patterns are spelled once (``generator/clex.py``)
and every frontend module that cuts a line uses them, so they cut it alike."""

from __future__ import annotations

import re

import pytest
from conftest import REPO

from generator import clex
from generator.frontend import parallel, preprocess, scanner

# --- one spelling of C's literals and comments -----------------------------


def test_the_frontend_spells_literals_and_comments_once() -> None:
    patterns = {
        "scanner tokens": scanner._TOKEN_RE.pattern,
        "scanner directives": scanner._DIRECTIVE_COMMENT_RE.pattern,
        "parallel tokens": parallel._TOKEN_RE.pattern,
        "parallel brackets": parallel._BRACKET_RE.pattern,
        "cpp's columns": preprocess._C_TOKEN_RE.pattern,
    }
    for name, pattern in patterns.items():
        assert clex.STRING in pattern and clex.CHAR in pattern, name
    assert scanner._LITERAL_RE.pattern == clex.OPEN_LITERAL
    # no module of the frontend spells a literal's body: clex does (fastparse's narrower one aside, see clex)
    spelled = re.compile(r"""\(\?:\\\\\.\|\[\^["']|\[\^["']\\\\\\n\]\|\\\\\(""")
    folder = REPO / "generator" / "frontend"
    own = {path.name for path in folder.glob("*.py") if spelled.search(path.read_text(encoding="utf-8"))}
    assert own == set()


@pytest.mark.parametrize(
    ("line", "tokens"),
    [
        ('f("a\\"b", \'x\')', ["f", "(", '"a\\"b"', ",", "'x'", ")"]),
        ('f("open', ["f", "(", '"', "open"]),  # a literal the line leaves open: its quote alone, everywhere
    ],
)
def test_the_token_patterns_cut_a_line_alike(line: str, tokens: list[str]) -> None:
    assert parallel._TOKEN_RE.findall(line) == tokens
    assert preprocess._C_TOKEN_RE.findall(line) == tokens
