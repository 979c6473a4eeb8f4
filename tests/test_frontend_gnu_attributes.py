"""GNU ``__attribute__((...))`` in a public header is read past, wherever gcc takes it.

The C parse drops an attribute's tokens (:mod:`generator.frontend.fastparse`),
on the fast tokenizer's way and on the fall-back through pycparser's own
lexer, so nothing it decorates changes (types, parameters, values) and no
other token's line or column moves; the raw-text scan leaves it out of an
enum member's value as written.  An attribute left open is an error at its
first ``(``.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import LIBVIRT_TREE, require
from frontend_support import ADDED_LINE, BASE_HEADER, HEADER, make_tree, run
from pycparser import c_parser

from generator.backends import apixml
from generator.frontend import FrontendError, fastparse, load_files, load_tree, scanner

# the attribute-free header tail each case starts from, and the same with attributes in one position
PLAIN = (
    "typedef struct _virS { int a; char name[8]; } virS;\n"
    "typedef enum { VIR_E_A = 1, VIR_E_B = (1 << 2), VIR_E_C } virE;\n"
    "int virBar(virConnectPtr conn, unsigned int flags);\n"
    "typedef int (*virCb)(virConnectPtr conn, void *opaque);\n"
)
POSITIONS = {
    "after the declarator": ("unsigned int flags);", "unsigned int flags) __attribute__((nonnull(1)));"),
    "before the declarator": ("int virBar(", "int __attribute__((warn_unused_result)) virBar("),
    "before the type": ("int virBar(", "__attribute__((cold)) int virBar("),
    "short spelling": ("int virBar(", "__attribute((deprecated(\"use virBaz\"))) int virBar("),
    "on a parameter": ("virConnectPtr conn, unsigned", "virConnectPtr conn __attribute__((unused)), unsigned"),
    "between pointer and name": ("void *opaque", "void * __attribute__((unused)) opaque"),
    "on a struct member": ("char name[8];", "char name[8] __attribute__((aligned(8)));"),
    "on a struct tag": ("struct _virS {", "struct __attribute__((packed)) _virS {"),
    "after a struct body": ("char name[8]; }", "char name[8]; } __attribute__((aligned(16), packed))"),
    "on an enum member": ("VIR_E_B = (1 << 2)", "VIR_E_B __attribute__((deprecated(\"x\"))) = (1 << 2)"),
    "on an enum member without value": ("VIR_E_C }", "VIR_E_C __attribute__((deprecated)) }"),
    "after an enum body": ("VIR_E_C } virE;", "VIR_E_C } __attribute__((packed)) virE;"),
    "on a typedef": ("} virS;", "} virS __attribute__((aligned(8)));"),
    "on a function pointer typedef": ("void *opaque);", "void *opaque) __attribute__((nonnull((1), 2)));"),
    "spaced and nested": ("unsigned int flags);", "unsigned int flags) __attribute__ ( ( format ( printf , ( 1 ) , 2 ) ) );"),
    "two attributes": ("unsigned int flags);", "unsigned int flags) __attribute__((cold)) __attribute((unused));"),
}
# the fall-back way: a character constant is a spelling the fast tokenizer leaves to pycparser's lexer
FALLBACK = "enum { VIR_CHAR = 'a' };\n"


def _api_xml(tree: Path) -> str:
    return apixml.render(load_tree(tree).api)["libvirt-api.xml"]


@pytest.mark.parametrize("fallback", [False, True], ids=["fast", "fallback"])
@pytest.mark.parametrize("position", sorted(POSITIONS))
def test_attribute_changes_nothing_in_the_api(tmp_path: Path, position: str, fallback: bool) -> None:
    old, new = POSITIONS[position]
    assert PLAIN.count(old) == 1
    prefix = FALLBACK if fallback else ""
    plain = _api_xml(make_tree(tmp_path / "plain", prefix + PLAIN))
    attributed = _api_xml(make_tree(tmp_path / "attributed", prefix + PLAIN.replace(old, new)))
    assert "virBar" in plain and "VIR_E_B" in plain and "(1 &lt;&lt; 2)" not in plain  # the cases are in the API
    assert "value='4'" in plain and "value='5'" in plain and "attribute" not in plain
    assert attributed == plain


def _blanked(text: str) -> str:
    """``text`` with each attribute replaced by as many spaces: every other token keeps its column."""
    while (start := text.find("__attribute")) >= 0:
        end, depth = text.index("(", start), 0
        while True:  # to the ')' that closes the attribute's first '('
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
            if depth == 0:
                break
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _dump(text: str, parser: c_parser.CParser) -> str:
    out = io.StringIO()
    parser.parse(text, "unit.c").show(buf=out, attrnames=True, nodenames=True, showcoord=True)
    return out.getvalue()


@pytest.mark.parametrize("position", sorted(POSITIONS))
def test_both_ways_drop_the_attribute_and_keep_every_column(position: str) -> None:
    old, new = POSITIONS[position]
    text = '# 1 "inc/h.h"\ntypedef struct _virConnect *virConnectPtr;\n' + PLAIN.replace(old, new)
    expected = _dump(_blanked(text), c_parser.CParser())  # pycparser's own AST, coordinates included
    assert "__attribute" not in _blanked(text)
    assert _dump(text, fastparse.parser()) == expected
    assert _dump(text, fastparse._PositionedParser()) == expected  # the fall-back's parser
    assert _dump(FALLBACK + text, fastparse.parser()) == _dump(FALLBACK + _blanked(text), c_parser.CParser())


@pytest.mark.parametrize(
    "declaration",
    [
        "int virBar(virConnectPtr conn) __attribute__((nonnull(1));",  # closed too early: the ';' ends it
        "int virBar(virConnectPtr conn) __attribute__  ((nonnull(1)\n;",  # placed at the '(' as written
        "int virBar(virConnectPtr conn) __attribute__((nonnull(1))",  # the end of the input
        "typedef struct _virS { int a __attribute__((aligned(8)); } virS;",  # a '}' ends it
    ],
)
@pytest.mark.parametrize("fallback", [False, True], ids=["fast", "fallback"])
def test_attribute_left_open_is_an_error_at_its_parenthesis(tmp_path: Path, declaration: str, fallback: bool) -> None:
    written = ("char virC = 'a'; " if fallback else "") + declaration
    col = written.index("(", written.index("__attribute__")) + 1
    with pytest.raises(FrontendError) as raised:
        load_tree(make_tree(tmp_path / "tree", written + "\n"))
    assert str(raised.value) == f"{HEADER}:{ADDED_LINE}:{col}: error: '(' of __attribute__ is never closed"


@pytest.mark.parametrize("spelling", ["__attribute__(nonnull)", "__attribute__", "__attribute__ (("])
def test_attribute_without_its_double_parenthesis_is_the_parsers_syntax_error(tmp_path: Path, spelling: str) -> None:
    declaration = f"int virBar(virConnectPtr conn) {spelling};"
    with pytest.raises(FrontendError) as raised:
        load_tree(make_tree(tmp_path / "tree", declaration + "\n"))
    expected = "syntax error before: __attribute__" if spelling != "__attribute__ ((" else "'(' of __attribute__ is never closed"
    col = 32 if spelling != "__attribute__ ((" else 46
    assert str(raised.value) == f"{HEADER}:{ADDED_LINE}:{col}: error: {expected}"


def test_parse_and_scan_know_the_same_spellings() -> None:
    assert fastparse.GNU_ATTRIBUTES == scanner.GNU_ATTRIBUTES == {"__attribute__", "__attribute"}


def test_cli_reads_a_header_with_attributes(tmp_path: Path) -> None:
    header = BASE_HEADER.replace("unsigned int flags);", "unsigned int flags) __attribute__((nonnull(1)));")
    assert header != BASE_HEADER
    make_tree(tmp_path / "tree", header=header)
    done = run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert "<function name='virConnectFoo'" in (tmp_path / "out" / "libvirt-api.xml").read_text(encoding="utf-8")


# every position at once in libvirt 9.0.0's libvirt-host.h (gcc -fsyntax-only takes the edited header)
LIBVIRT_EDITS = [
    ("                                                 unsigned long *hvVer);",
     "                                                 unsigned long *hvVer) __attribute__((nonnull(1)));"),
    ("int                     virConnectGetLibVersion (virConnectPtr conn,",
     "int __attribute__((warn_unused_result)) virConnectGetLibVersion (virConnectPtr conn __attribute__((unused)),"),
    ("char *                  virConnectGetHostname   (virConnectPtr conn);",
     "__attribute((deprecated(\"x\"))) char *                  virConnectGetHostname   (virConnectPtr conn);"),
    ("struct _virNodeInfo {", "struct __attribute__((packed)) _virNodeInfo {"),
    ("    char model[32];       /* string", "    char model[32] __attribute__ ( ( aligned ( 8 ) ) );       /* string"),
    ("                             unusual numa topology */\n};",
     "                             unusual numa topology */\n} __attribute__((aligned(16), packed));"),
    ("    VIR_CONNECT_RO         = (1 << 0),", "    VIR_CONNECT_RO __attribute__((deprecated)) = (1 << 0),"),
    ("    VIR_CONNECT_NO_ALIASES = (1 << 1),  /* Don't", "    VIR_CONNECT_NO_ALIASES __attribute__((unavailable((\"y\")))) = (1 << 1),  /* Don't"),
    ("} virConnectFlags;", "} __attribute__((packed)) virConnectFlags;"),
    ("typedef virNodeInfo *virNodeInfoPtr;", "typedef virNodeInfo *virNodeInfoPtr __attribute__((aligned(8)));"),
    ("typedef int (*virConnectAuthCallbackPtr)(virConnectCredentialPtr cred,",
     "typedef int (*virConnectAuthCallbackPtr)(virConnectCredentialPtr cred __attribute__((unused)),"),
    ("                                         void *cbdata);", "                                         void *cbdata) __attribute__((nonnull((1), 3)));"),
]


def _libvirt_files(folder: Path, edit: bool) -> list[str]:
    shutil.copytree(LIBVIRT_TREE / "include", folder / "include")
    (folder / "src").mkdir()
    for name in ("libvirt_public.syms", "libvirt-host.c"):
        shutil.copy(LIBVIRT_TREE / "src" / name, folder / "src" / name)
    header = folder / "include" / "libvirt" / "libvirt-host.h"
    if edit:
        text = header.read_text(encoding="utf-8")
        for old, new in LIBVIRT_EDITS:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        header.write_text(text, encoding="utf-8")
    return [str(header), str(folder / "src" / "libvirt_public.syms"), str(folder / "src" / "libvirt-host.c")]


def test_libvirt_header_with_attributes_gives_the_same_xml(tmp_path: Path) -> None:
    require((LIBVIRT_TREE / "include" / "libvirt" / "libvirt-host.h").is_file(), f"the libvirt 9.0.0 source tree ({LIBVIRT_TREE})")
    plain = apixml.render(load_files(_libvirt_files(tmp_path / "plain", edit=False)).api)
    attributed = apixml.render(load_files(_libvirt_files(tmp_path / "attributed", edit=True)).api)
    assert "<enum name='VIR_CONNECT_RO' file='libvirt-host' value='1'" in plain["libvirt-api.xml"]
    assert attributed == plain


def test_a_macro_before_an_enum_members_equals_sign_is_no_part_of_its_value(tmp_path: Path) -> None:
    """QA (session 15): ``VIR_E_B VIR_ATTR = (1 << 2)`` with ``VIR_ATTR`` expanding to an attribute gave
    ``value='VIR_ATTR(1<<2)'``; before the ``=`` C allows attributes only."""
    macro = "# define VIR_ATTR __attribute__((deprecated))\n"
    plain = _api_xml(make_tree(tmp_path / "plain", macro + PLAIN))
    attributed = _api_xml(make_tree(tmp_path / "attributed", macro + PLAIN.replace("VIR_E_B = (1 << 2)", "VIR_E_B VIR_ATTR = (1 << 2)")))
    member = [line for line in attributed.splitlines() if "name='VIR_E_B'" in line]
    assert member == [line for line in plain.splitlines() if "name='VIR_E_B'" in line]
    assert "value='4' value_hex='0x4' value_bitshift='2'" in member[0]
    assert attributed == plain
