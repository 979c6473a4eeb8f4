"""A comment's opening is matched in time linear in its length (review,
session 28): the pattern that finds a doc block's ``NAME:`` after blank
`` *`` lines let its pieces share a run of stars or blanks in every way, so
a banner of 20,000 stars made ``check`` take half a minute, and ``/**``
followed by 1,000 spaces ten seconds (quadratic and cubic: a run of 100,000
took hours)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from frontend_support import SOURCE, make_tree

from generator.frontend.scanner import doc_title

RUN = 100_000
# comments no opening of a doc block can take, each with one long run; also one whose NAME does come, late
LONG_COMMENTS = (
    "/" + "*" * RUN + "/\n",
    "/**" + " " * RUN + "x */\n",
    "/**\n" + " *\n" * RUN + " * not a title\n */\n",
    "/**\n" + " ** \n" * RUN + " ! */\n",
    "/**\n" + "\n" * RUN + " x */\n",
    "/**\n" + " *\n" * RUN + " * VIR_LATE:\n */\n",
    "/***\n" + " *\n" * RUN + " * VIR_LATE_STARRED:\n */\n",
)


def test_long_runs_of_stars_or_blanks_are_scanned_at_once(tmp_path: Path) -> None:
    """The whole frontend, in a child process that a hang cannot hold: what
    takes well under a second must not take a minute, under any load."""
    extra = "".join(LONG_COMMENTS)
    tree = make_tree(tmp_path / "tree", extra, files={"src/extra.c": extra})
    (tree / SOURCE).write_text(extra + (tree / SOURCE).read_text(encoding="utf-8"), encoding="utf-8")
    code = "import sys, pathlib; from generator.frontend import load_tree; load_tree(pathlib.Path(sys.argv[1]))"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", code, str(tree)], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr


def test_the_title_found_is_the_same_as_before() -> None:
    """Only empty lines between blank `` *`` lines are new (they are none,
    as apibuild.py skips them); ``/* * *a:`` is no title (a possessive group
    repeat matches it under Python 3.11.2)."""
    assert doc_title("/**\n * virFoo:\n */") == "virFoo"
    assert doc_title("/** virFoo: x */") == "virFoo"
    assert doc_title("/**\n *\n **\n * virFoo:\n */") == "virFoo"
    assert doc_title("/***\n *\n **\n * virFoo:\n */") is None  # never a doc (see starred_opening)
    assert doc_title("/**\n\n *\n\n * virFoo:\n */") == "virFoo"
    assert doc_title("/**\r\n *\r\n * virFoo:\r\n */") == "virFoo"
    assert doc_title("/* * *a: */") is None
    assert doc_title("/**\n * *\n * virFoo:\n */") is None
    assert doc_title("/** virFoo bar: */") is None
    assert doc_title(LONG_COMMENTS[-2]) == "VIR_LATE"
