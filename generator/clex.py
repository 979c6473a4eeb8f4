"""C's lexical patterns, written once: regular-expression source to compose.

The frontend reads C in several places (the raw-text scanner, the builder's
string macros, the placing of cpp's columns in the header, the bracket and
token searches behind an error), and so do the XML export's spelling of an
initializer (:mod:`generator.apixml_format`) and ``diff``'s macro tokens:
each composes these pieces into its own pattern, so that a string literal, a
character constant or a comment is one thing everywhere.  At the package's
top level, beside :mod:`generator.versions`, so that a backend or ``diff``
uses it without importing the frontend package.  Plain strings, no compiled pattern and no import: this
module costs nothing to import, and the scanner's hot tokenizer compiles to
the pattern it spelled out before (its speed is unchanged).  Where a module
spelled a piece differently, the shared one matches the same text: the
token searches over one line of cpp's output let a literal run past a
newline, which a line holds none of; a directive's block comment was a lazy
``/\\*.*?\\*/``, which ends where the unrolled one does.

How cpp reads them, and so how these match:

* A string or character literal ends at its closing quote; a backslash
  escapes the next character (a newline too when the pattern is compiled
  with ``re.DOTALL``, as the scanner's are: a backslash-newline inside a
  literal continues it).  A literal missing its closing quote does not
  match: cpp ends it with its line, and a caller takes its quote alone.
* A block comment runs to the first ``*/`` (unrolled: runs of non-``*``
  then stars, not a lazy ``.*?``, which costs a step per character); a line
  comment to the end of its line.
* :data:`OPEN_LITERAL` is what can stand before a ``/*`` and make it no
  comment: a string or character literal or a line comment, each to its end
  or, unterminated, to the end of its line, a backslash-newline (``\\r\\n``
  too) continuing it (compiled with ``re.DOTALL``).

:mod:`.fastparse` keeps its own narrower string pattern on purpose: a
string with an escape is left to pycparser's lexer there.
"""

from __future__ import annotations

STRING = r'"(?:\\.|[^"\\\n])*"'
CHAR = r"'(?:\\.|[^'\\\n])*'"
BLOCK_COMMENT = r"/\*[^*]*\*+(?:[^/*][^*]*\*+)*/"
LINE_COMMENT = r"//[^\n]*"

OPEN_LITERAL = (
    r'"(?:[^"\\\n]|\\(?:\r\n|.))*"?'
    r"|'(?:[^'\\\n]|\\(?:\r\n|.))*'?"
    r"|//(?:[^\\\n]|\\(?:\r\n|.))*"
)

# C's punctuators of two or more characters a token search must keep whole
# (``A - -1`` is not ``A--1``); one-character ones are what is left.
PUNCTUATOR = r"<<|>>|->|\+\+|--|&&|\|\||[<>=!]="

# A doc comment's title: "/**" (a "/*" or "/***" too) and the NAME: on that line or a later one,
# blank "*" lines and empty lines between; group 1 is the NAME.  Possessive and atomic: each run of
# stars or blanks is taken whole, once, so a comment of 100,000 stars or spaces fails at once (with
# backtracking, the ways to share a run between the pieces made it quadratic, minutes long).  Not a
# possessive group repeat "(?:...)*+": Python 3.11.2 matches "/* * *a:" with one
# (tests/test_doc_header_scale.py).  The frontend's scanner reads titles by it, and check's locator
# finds the block the scanner read.
DOC_TITLE = r"/\*++\s*+(?>(?:\*++[ \t]*+\r?\n\s*+)*)\**+\s*+(\w++):"
# An opening of three stars or more on a line of its own: a banner's as often as a doc's, never
# read as a doc (:func:`generator.frontend.scanner.starred_opening` has why).
STARRED_OPENING = r"/\*{3,}+[ \t]*+\r?\n"
