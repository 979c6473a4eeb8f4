"""The one-pass tokenizer in front of pycparser's parser gives pycparser's own results.

``generator.frontend.fastparse`` replaces pycparser's lexer and token stream
for the spellings libvirt's headers use.  These tests hold it to pycparser:
the same tokens, the same AST with the same coordinates, the same errors, on
every tree the tests know and on a list of spellings chosen to split
differently if the tokenizer were careless.
"""

from __future__ import annotations

import io

import pytest
from conftest import REPO, SAMPLE_TREE, require
from pycparser import c_lexer, c_parser
from pycparser.c_lexer import Token

from generator.frontend import fastparse
from generator.frontend.preprocess import preprocess
from generator.frontend.tree import discover

TREES = {
    "sample": SAMPLE_TREE,
    "tricky": REPO / "tests" / "cases" / "tricky" / "input",
    "checkpoint-2018": REPO / "tests" / "fixtures" / "checkpoint-2018",
    "9.0.0": REPO / ".cache" / "libvirt-9.0.0",
    "7.0.0": REPO / ".cache" / "libvirt-7.0.0",
    "11.3.0": REPO / ".cache" / "libvirt-11.3.0",
}


def _stock_tokens(text: str) -> list[Token]:
    lexer = c_lexer.CLexer(lambda message, line, column: None)
    lexer.input(text, "unit.c")
    tokens = []
    while (token := lexer.token()) is not None:
        tokens.append(token)
    return tokens


def _fast_tokens(text: str) -> list[Token] | None:
    keywords = c_lexer.CLexer(lambda message, line, column: None)._keyword_map
    done = fastparse.tokenize(text, "unit.c", keywords, fastparse._token_pattern())
    return None if done is None else done[0]


def _dump(text: str, parser: c_parser.CParser) -> str:
    out = io.StringIO()
    parser.parse(text, "unit.c").show(buf=out, attrnames=True, nodenames=True, showcoord=True)
    return out.getvalue()


@pytest.fixture(scope="module", params=sorted(TREES))
def preprocessed(request: pytest.FixtureRequest) -> str:
    root = TREES[request.param]
    require((root / "include" / "libvirt").is_dir(), f"the {request.param} tree ({root}; make fetch-libvirt)")
    text, _, _ = preprocess(discover(root))
    return text


def test_this_pycparser_gets_the_fast_path() -> None:
    # Written against pycparser 3.12; if an upgrade changes its token
    # plumbing, parsing still works (stock parser) but this says so.
    assert fastparse._fits()
    assert isinstance(fastparse.parser(), fastparse._ListParser)


def test_tree_tokens_are_pycparsers(preprocessed: str) -> None:
    fast = _fast_tokens(preprocessed)
    assert fast is not None, "the tree's headers fell back to pycparser's lexer"
    stock = _stock_tokens(preprocessed)
    assert len(fast) == len(stock) > 100
    assert fast == stock


def test_tree_ast_is_pycparsers(preprocessed: str) -> None:
    assert _dump(preprocessed, fastparse.parser()) == _dump(preprocessed, c_parser.CParser())


# Each either tokenizes exactly as pycparser does or falls back to its lexer.
AWKWARD = [
    'typedef int x; x y = L"wide";',
    "int a = u8'c';",
    "int a = 'c';",
    "int a = 1Lu2;",
    "int a = 1Ll;",
    "int a = 0x1fULL, b = 07, c = 08, d = 0, e = 10lu, f = 0XaBl;",
    "int a = 1'000;",
    "double a = .5, b = 1.5, c = 1e3, d = 0x1p3;",
    "int a /* comment */ = 1;",
    "int a; // comment\n",
    "[[deprecated]] int f(void);",
    "int a[ [1] ];",
    "#pragma once\nint a;",
    "# 7 \"dir/file.h\" 1 3 4\nint a;\n#line 20\nint b;",
    "#line 5 \"x.h\"\nint a;",
    "# 3 \"with\\\\backslash.h\"\nint a;",
    '# 3 ""\nint a;',
    "#define X 1\nint a;",
    "const char *s = \"a\\n\";",
    'const char *s = "plain" "joined";',
    "int $dollar = 1;",
    "int a = 1 ? 2 : 3; int b = a >>= 1; int c = a<<=2;",
    "struct s { int a : 3; } x; int y = x.a; int *p = &y; int z = p->a;",
    "int f(int, ...);",
    "int a\r\n;",
    "int a = 1\f;\v",
    "int a = @;",
    "int a = 1",
    "",
    "\n\n   \n",
    "_Bool b; _Static_assert(1, \"x\"); __int128 i; _Alignas(8) int j;",
    "int a = 0x;",
    "int a = 1u8;",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_spelling_tokens_are_pycparsers_or_fall_back(text: str) -> None:
    fast = _fast_tokens(text)
    if fast is not None:
        assert fast == _stock_tokens(text)


@pytest.mark.parametrize(
    "text",
    [
        'x = L"wide";', "a = 'c';", "a = 1Lu2;", "a = 1.5;", "a = .5;", "a /* c */;", "a // c",
        "[[d]] a;", "#pragma once", "a = 08;", "a = 1'0;", 's = "a\\n";', "a\r\n",
    ],
)
def test_what_the_tokenizer_leaves_to_pycparser(text: str) -> None:
    assert _fast_tokens(text) is None


def test_common_spellings_take_the_fast_path() -> None:
    text = '# 1 "a.h"\ntypedef unsigned long long x; enum { A = 1 << 3, B = 0x10U, C = -1, D = 0 };\nint f(const char *s, ...);\n'
    assert _fast_tokens(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "int a = ;",  # the parser's error, on the fast path
        "int f(",  # end of input: the parser names the lexer's file
        '# 4 "inc/h.h"\ntypedef int t;\nt t t;',
        "int a = @;",  # the lexer's error, after the fall-back
        "int a = 'ab",
        "int a /* c */ = 1;",
    ],
)
def test_errors_are_pycparsers(text: str) -> None:
    def message(parser: c_parser.CParser) -> str:
        with pytest.raises(c_parser.ParseError) as caught:
            parser.parse(text, "unit.c")
        return str(caught.value)

    assert message(fastparse.parser()) == message(c_parser.CParser())


def test_unfit_pycparser_gets_its_own_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastparse, "_fits", lambda: False)
    chosen = fastparse.parser()
    assert type(chosen) is c_parser.CParser


def test_pycparser_without_a_token_class_is_unfit_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    """pycparser 3.00 (Debian's python3-pycparser may be older still) has no ``c_lexer.Token``."""
    from pycparser import c_lexer

    monkeypatch.delattr(c_lexer, "Token")
    assert fastparse._fits() is False
    assert type(fastparse.parser()) is c_parser.CParser


def test_one_parser_parses_twice_like_pycparser() -> None:
    # The parser reclassifies ID/TYPEID on the token objects and keeps scopes:
    # a second parse with the same parser must not see the first one's typedefs.
    ours, theirs = fastparse.parser(), c_parser.CParser()
    for text in ("typedef int t; t a;", "int t; int b = t;", "typedef int t; t a;"):
        assert _dump(text, ours) == _dump(text, theirs)
