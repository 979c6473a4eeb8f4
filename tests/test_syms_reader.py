"""The ``.syms`` version script reader: C comments are comments (as for GNU ld),
a comment never closed is one error at its start, a byte order mark or an
invisible character is no text (shown escaped), a block whose close lacks its
``;`` still chains the next block, and statements are read wherever lines break."""

from __future__ import annotations

from frontend_support import BASE_SYMS, SYMS

from generator.frontend.syms import read_syms

# --- comments and a byte order mark in a .syms file -----


def test_syms_c_comments_are_comments_as_for_gnu_ld() -> None:
    text = "/* version script */\nLIBVIRT_1.0.0 { /* one\n  and two */\n    global:\n        virA; # not /* a comment opener\n        virB; /* b */ };\n"
    syms, diagnostics = read_syms(SYMS, text.replace(" };", "\n};"))
    assert diagnostics == []
    assert syms.versions == {"virA": "1.0.0", "virB": "1.0.0"}
    assert (syms.locations["virB"].line, syms.locations["virB"].col) == (6, 9)


def test_syms_comment_never_closed_is_one_error_at_its_start() -> None:
    _, diagnostics = read_syms(SYMS, "LIBVIRT_1.0.0 {\n    global:\n        virA; /* open\n};\n")
    placed = sorted((d.location.line, d.location.col, d.message) for d in diagnostics)
    assert placed == [(1, 1, "version block 1.0.0 is not closed"), (3, 15, "a '/*' comment that is never closed")]


def test_syms_byte_order_mark_is_not_text() -> None:
    syms, diagnostics = read_syms(SYMS, "\ufeff" + BASE_SYMS)
    assert diagnostics == []
    assert syms.versions == {"virConnectFoo": "1.0.0"}
    assert (syms.blocks[0].location.line, syms.blocks[0].location.col) == (1, 1)


def test_syms_invisible_character_is_shown_escaped() -> None:
    _, diagnostics = read_syms(SYMS, BASE_SYMS.replace("virConnectFoo;", "virConnectFoo;\u200b"))
    assert [d.message for d in diagnostics] == ["unexpected line in version script: 'virConnectFoo;\\u200b'"]


def test_a_block_left_unclosed_is_still_the_next_one_s_predecessor() -> None:
    """QA: a close missing its ';' gave, besides its two errors, a false syms-chain warning on the next block."""
    from generator.frontend.syms import read_syms

    text = (
        "LIBVIRT_0.0.3 {\n  global:\n    virA;\n};\n\n"
        "LIBVIRT_0.0.5 {\n  global:\n    virB;\n} LIBVIRT_0.0.3\n\n"
        "LIBVIRT_0.1.0 {\n  global:\n    virC;\n} LIBVIRT_0.0.5;\n"
    )
    syms, diagnostics = read_syms("s.syms", text)
    assert [str(d) for d in diagnostics] == [
        "s.syms:9:1: error: unexpected line in version script: '} LIBVIRT_0.0.3' [syms-syntax]",
        "s.syms:11:1: error: version block 0.0.5 is not closed [syms-syntax]",
    ]
    assert [(b.version, b.previous, b.symbols) for b in syms.blocks] == [("0.0.3", None, ("virA",)), ("0.0.5", None, ("virB",)), ("0.1.0", "0.0.5", ("virC",))]


def test_version_script_statements_are_read_wherever_lines_break() -> None:
    """ld links these; the reader took one statement per line and refused them (then said the symbols were not exported)."""
    forms = [
        "LIBVIRT_0.0.1 {\n global:\n  virA; virB;\n local: *;\n};\n",
        "LIBVIRT_0.0.1 { global: virA; virB; local: *; };\n",
        "LIBVIRT_0.0.1\n{\n global:\n  virA;\n  virB\n  ;\n}\n;\n",
    ]
    for text in forms:
        syms, diagnostics = read_syms("x.syms", text)
        assert (syms.versions, diagnostics) == ({"virA": "0.0.1", "virB": "0.0.1"}, []), text
    syms, diagnostics = read_syms("x.syms", "LIBVIRT_0.0.1 {\n  virA; junk here\n};\nLIBVIRT_0.0.2 { virC; } LIBVIRT_0.0.1;\n")
    assert syms.versions == {"virA": "0.0.1", "virC": "0.0.2"}
    assert [str(d) for d in diagnostics] == ["x.syms:2:3: error: unexpected line in version script: 'virA; junk here' [syms-syntax]"]
    assert (syms.locations["virC"].line, syms.locations["virC"].col) == (4, 17)
