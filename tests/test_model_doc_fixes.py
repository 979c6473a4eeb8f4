"""Three doc texts QA found wrong in the model of libvirt 9.0.0.

* A struct documented above its ``struct _virFoo {`` body (a block titled
  ``_virFoo:`` or ``virFoo:``) while its typedef's block holds only a
  ``Since:`` tag had no doc (``virDomainEventGraphicsAddress``,
  ``...SubjectIdentity``, ``...Subject``).
* A ``Since:`` tag inside a sentence left its spaces behind:
  ``Not in POSIX (SIGSTKFLT on Linux  )``.
* A ``@flags:`` entry ending with ``:`` and followed, after a blank line,
  by an indented list (``virInterfaceGetXMLDesc``) ended at the blank line:
  the list opened the description instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LIBVIRT_TREE, require
from frontend_support import make_tree, module, run

from generator.frontend import load_tree
from generator.frontend.scanner import parse_doc_block, split_since
from generator.model import Api, Module

# --- 1. struct docs above the body ------------------------------------------

BODY_TAGGED = (
    "/**\n * _virQaAddress:\n *\n * The address details\n *\n * Since: 1.0.0\n */\n"
    "struct _virQaAddress {\n    int family; /* family */\n};\n\n"
    "/**\n * virQaAddress:\n *\n * Since: 0.8.0\n */\n"
    "typedef struct _virQaAddress virQaAddress;\n"
)
BODY_NAMED_TWICE = (
    "/**\n * virQaSubject:\n *\n * An authenticated subject\n *\n * Since: 0.8.0\n */\n"
    "struct _virQaSubject {\n    int nidentity; /* count */\n};\n\n"
    "/**\n * virQaSubject:\n *\n * Since: 0.8.0\n */\n"
    "typedef struct _virQaSubject virQaSubject;\n"
)


def _struct_docs(found: Module) -> dict[str, tuple[str, str]]:
    return {struct.name: (struct.doc, struct.since) for struct in found.structs}


def test_a_block_titled_after_the_tag_above_the_body_documents_the_struct(tmp_path: Path) -> None:
    """The version stays the typedef block's (what libvirt-api.xml says)."""
    assert _struct_docs(module(tmp_path, BODY_TAGGED))["virQaAddress"] == ("The address details", "0.8.0")


def test_a_block_titled_after_the_typedef_above_the_body_documents_the_struct(tmp_path: Path) -> None:
    assert _struct_docs(module(tmp_path, BODY_NAMED_TWICE))["virQaSubject"] == ("An authenticated subject", "0.8.0")


def test_the_typedef_blocks_own_text_wins(tmp_path: Path) -> None:
    extra = BODY_TAGGED.replace(" * virQaAddress:\n *\n", " * virQaAddress:\n *\n * The typedef's words\n *\n")
    assert _struct_docs(module(tmp_path, extra))["virQaAddress"] == ("The typedef's words", "0.8.0")


def test_a_block_of_another_title_above_the_body_documents_nothing_here(tmp_path: Path) -> None:
    extra = "/**\n * VIR_QA_OTHER:\n *\n * About a macro\n */\n#define VIR_QA_OTHER 1\n\n" + BODY_TAGGED.replace("_virQaAddress:", "virQaElse:")
    assert _struct_docs(module(tmp_path, extra))["virQaAddress"] == ("", "0.8.0")


def test_check_reads_the_body_doc(tmp_path: Path) -> None:
    """A field the body's doc names (``@node``) is documented by it: check reads that doc too."""
    extra = BODY_TAGGED.replace("The address details", "The address details; @node is the host").replace(
        "    int family; /* family */\n", "    int family; /* family */\n    char *node;\n"
    )
    tree = make_tree(tmp_path / "tree", extra)
    done = run("check", "--srcdir", tree, "--disable", "since-missing", cwd=tmp_path)
    assert "virQaAddress" not in done.stdout, done.stdout
    assert done.returncode == 0, done.stderr


# --- 2. a Since tag inside a sentence ----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Not in POSIX (SIGSTKFLT on Linux (Since: 1.0.1) )", ("1.0.1", "Not in POSIX (SIGSTKFLT on Linux)")),
        ("one (Since: 1.2.3) two", ("1.2.3", "one two")),
        ("one (Since: 1.2.3).", ("1.2.3", "one.")),
        ("one (Since: 1.2.3) , two", ("1.2.3", "one, two")),
        ("a (b (Since: 1.2.3)) c", ("1.2.3", "a (b) c")),
        # at the end or on a line of its own: the text as it always was
        ("Text.\n\nSince: 1.0.0", ("1.0.0", "Text.")),
        ("Text (Since: 1.0.0)", ("1.0.0", "Text")),
        ("Since: 1.0.0\n\nText", ("1.0.0", "Text")),
        ("line\nSince: 1.0.0\nline2", ("1.0.0", "line\n\nline2")),
        ("no tag  here ", ("", "no tag  here")),
    ],
)
def test_a_tag_taken_out_closes_up_the_text(text: str, expected: tuple[str, str]) -> None:
    assert split_since(text) == expected


def test_a_members_tag_inside_its_parenthesis(tmp_path: Path) -> None:
    extra = (
        "/**\n * virQaSignal:\n *\n * Signals.\n *\n * Since: 1.0.1\n */\ntypedef enum {\n"
        "    VIR_QA_SIGNAL_STKFLT = 16, /* Not in POSIX (SIGSTKFLT on Linux (Since: 1.0.1) )*/\n} virQaSignal;\n"
    )
    member = next(m for m in module(tmp_path, extra).members if m.name == "VIR_QA_SIGNAL_STKFLT")
    assert (member.doc, member.since) == ("Not in POSIX (SIGSTKFLT on Linux)", "1.0.1")


# --- 3. an entry announcing an indented list --------------------------------

LIST_BLOCK = (
    "/**\n * virQaGet:\n * @iface: an interface\n * @flags: bitwise-OR of extraction flags. Current valid bits:\n *\n"
    " *      VIR_QA_XML_INACTIVE - return the static configuration,\n"
    " *                            suitable for redefining\n *\n"
    " * Provide an XML description.\n *\n * Returns a string.\n */"
)


def _params(text: str) -> tuple[dict[str, str], tuple[str, ...]]:
    block = parse_doc_block(text, 1, 1)
    assert block is not None
    return dict(block.params), block.lines


def test_an_entry_ending_with_a_colon_takes_the_indented_block_after_one_blank_line() -> None:
    params, lines = _params(LIST_BLOCK)
    assert params["flags"] == (
        "bitwise-OR of extraction flags. Current valid bits: VIR_QA_XML_INACTIVE - return the static configuration, suitable for redefining"
    )
    assert lines == ("Provide an XML description.", "", "Returns a string.")


def test_blank_lines_between_indented_items_stay_in_the_block() -> None:
    text = LIST_BLOCK.replace(" *                            suitable for redefining\n", " *\n *      VIR_QA_XML_SECURE - with secrets\n")
    params, lines = _params(text)
    assert params["flags"].endswith("Current valid bits: VIR_QA_XML_INACTIVE - return the static configuration, VIR_QA_XML_SECURE - with secrets")
    assert lines[0] == "Provide an XML description."


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (("Current valid bits:", "Current valid bits."), "the entry does not end with ':'"),
        ((" *\n *      VIR_QA", " *\n *\n *      VIR_QA"), "two blank lines"),
        (("*      VIR_QA", "* VIR_QA"), "the list is at the ordinary margin"),
    ],
)
def test_any_other_entry_ends_at_the_blank_line(change: tuple[str, str], why: str) -> None:
    params, lines = _params(LIST_BLOCK.replace(*change))
    assert params["flags"].startswith("bitwise-OR of extraction flags. Current valid bits"), why
    assert "VIR_QA_XML_INACTIVE" not in params["flags"], why
    assert "VIR_QA_XML_INACTIVE" in lines[0], why


def test_the_block_can_name_the_flags_enum(tmp_path: Path) -> None:
    extra = "/**\n * virConnectFooFlags:\n *\n * Flags.\n *\n * Since: 1.0.0\n */\ntypedef enum {\n    VIR_CONNECT_FOO_A = 1, /* a */\n} virConnectFooFlags;\n"
    source = (
        "/**\n * virConnectFoo:\n * @conn: c\n * @flags: the flags, as follows:\n *\n *     bitwise-OR of virConnectFooFlags\n *\n"
        " * Does foo.\n *\n * Returns 0.\n *\n * Since: 1.0.0\n */\nint\nvirConnectFoo(virConnectPtr conn, unsigned int flags)\n{\n    return 0;\n}\n"
    )
    function = load_tree(make_tree(tmp_path / "tree", extra, source=source)).api.modules[0].function("virConnectFoo")
    assert function is not None
    assert (function.params[1].doc, function.description, function.flags_enums) == (
        "the flags, as follows: bitwise-OR of virConnectFooFlags", "Does foo.", ("virConnectFooFlags",),
    )


# --- the real 9.0.0 tree -------------------------------------------------------


@pytest.fixture(scope="module")
def api_9() -> Api:
    require((LIBVIRT_TREE / "include" / "libvirt" / "libvirt.h").is_file(), f"the libvirt 9.0.0 source tree ({LIBVIRT_TREE}; make fetch-libvirt)")
    return load_tree(LIBVIRT_TREE).api


def _main(api: Api) -> Module:
    return next(m for m in api.modules if m.name == "libvirt")


def test_9_0_0_graphics_structs_have_their_docs(api_9: Api) -> None:
    docs = {s.name: (s.doc, s.since) for s in _main(api_9).structs if s.name.startswith("virDomainEventGraphics")}
    assert docs == {
        "virDomainEventGraphicsAddress": ("The data structure containing connection address details", "0.8.0"),
        "virDomainEventGraphicsSubject": (
            "The data structure representing an authenticated subject\n\n"
            "A subject will have zero or more identities. The types of\nidentity differ according to the authentication scheme",
            "0.8.0",
        ),
        "virDomainEventGraphicsSubjectIdentity": (
            "The data structure representing a single identity\n\n"
            "The types of identity differ according to the authentication scheme,\nsome examples are 'x509dname' and 'saslUsername'.",
            "0.8.0",
        ),
    }


def test_9_0_0_stkflt_doc_closes_up(api_9: Api) -> None:
    member = next(m for m in _main(api_9).members if m.name == "VIR_DOMAIN_PROCESS_SIGNAL_STKFLT")
    assert (member.doc, member.since) == ("Not in POSIX (SIGSTKFLT on Linux)", "1.0.1")


def test_9_0_0_interface_xml_flags_entry_holds_its_list(api_9: Api) -> None:
    function = _main(api_9).function("virInterfaceGetXMLDesc")
    assert function is not None
    assert function.params[1].doc == (
        "bitwise-OR of extraction flags. Current valid bits: VIR_INTERFACE_XML_INACTIVE - return the static configuration,"
        " suitable for use redefining the interface via virInterfaceDefineXML()"
    )
    assert function.description == (
        "Provide an XML description of the interface. If\nVIR_INTERFACE_XML_INACTIVE is set, the description may be reused\n"
        "later to redefine the interface with virInterfaceDefineXML(). If it\nis not set, the ip address and netmask will be the current live\n"
        "setting of the interface, not the settings from the config files."
    )
