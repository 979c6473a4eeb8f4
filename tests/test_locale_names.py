"""Names made from file names, and paths in messages, the same in every locale.

A header's name (``libvirt-café`` for ``include/libvirt/libvirt-café.h``) is
the text of the file name's bytes read as UTF-8, whatever encoding the locale
gives Python for file names; a name whose bytes are not UTF-8 is refused the
same way everywhere; and a diagnostic prints a path as the bytes it was typed
as.  The locales are those of :mod:`test_locale_paths`: ``C.UTF-8``, Latin-1
(only the character type, when the machine has the locale) and ASCII
(``LC_ALL=C PYTHONUTF8=0``).
"""

from __future__ import annotations

import codecs
import os
import sys
from pathlib import Path

import pytest
from test_locale_paths import ASCII, UTF8, files_of, locale_env, ok, run, sample_at

from generator import fastpath

CAFE = b"libvirt-caf\xc3\xa9"  # a header name as a user types it: UTF-8
CAFE_HEADER = b"""/*
 * Summary: a header whose name is not ASCII
 */

#ifndef LIBVIRT_CAFE_H
# define LIBVIRT_CAFE_H

/**
 * VIR_CAFE_X:
 *
 * A macro of its own.
 *
 * Since: 5.2.0
 */
# define VIR_CAFE_X 1

#endif /* LIBVIRT_CAFE_H */
"""
LOCALES = {"utf8": UTF8, "latin1": None, "ascii": ASCII}


def environment(case: str) -> dict[str, str]:
    env = LOCALES[case]
    return env if env is not None else locale_env(case)


def tree_with_header(folder: Path, name: bytes) -> Path:
    """The sample tree in ``folder/tree``, with one more public header named ``name`` (bytes, no ``.h``)."""
    tree = sample_at(folder)
    with open(os.fsencode(tree / "include" / "libvirt") + b"/" + name + b".h", "wb") as stream:
        stream.write(CAFE_HEADER)
    return tree


@pytest.mark.parametrize("case", ["latin1", "ascii"])
def test_a_non_ascii_header_name_gives_the_same_outputs_in_every_locale(tmp_path: Path, case: str) -> None:
    """Failed before: under Latin-1 the XML said ``<file name='libvirt-cafÃ©'>``
    (the name's UTF-8 bytes read as Latin-1); under ASCII the header was refused
    as "not valid UTF-8"."""
    env = environment(case)
    tree_with_header(tmp_path, CAFE)
    only = "api,python,rpc"
    ok(run("generate", "--only", only, "--srcdir", "tree", "-o", "utf8", cwd=tmp_path, env=UTF8))
    ok(run("generate", "--only", only, "--srcdir", "tree", "-o", "other", cwd=tmp_path, env=env))
    expected = files_of(tmp_path / "utf8")
    assert b"<file name='libvirt-caf\xc3\xa9'>" in expected["api/libvirt-api.xml"]
    assert files_of(tmp_path / "other") == expected


@pytest.mark.parametrize("case", ["latin1", "ascii"])
def test_json_and_html_of_a_non_ascii_header_name_are_the_same_in_every_locale(tmp_path: Path, case: str) -> None:
    # The header's path (JSON "file", HTML comments) and its page's file name came
    # from Python's locale-decoded file names: the CLI now runs in UTF-8 mode.
    env = environment(case)
    tree_with_header(tmp_path, CAFE)
    ok(run("generate", "--only", "json,html", "--srcdir", "tree", "-o", "utf8", cwd=tmp_path, env=UTF8))
    ok(run("generate", "--only", "json,html", "--srcdir", "tree", "-o", "other", cwd=tmp_path, env=env))
    assert files_of(tmp_path / "other") == files_of(tmp_path / "utf8")


REFUSED = {
    # Latin-1's é: no UTF-8; before, a Latin-1 locale read it as 'café' and took it
    "not-utf8": (b"libvirt-caf\xe9", b"tree/include/libvirt/libvirt-caf\\xe9.h:1:1: error: the file name is not valid UTF-8\n"),
    # shown as typed (UTF-8 é), the control character escaped; before, é was shown as \xe9 or its one Latin-1 byte
    "control": (CAFE + b"\x1b", b"tree/include/libvirt/" + CAFE + b"\\x1b.h:1:1: error: the file name holds the control character U+001B\n"),
}


@pytest.mark.parametrize("case", ["utf8", "latin1", "ascii"])
@pytest.mark.parametrize("refused", sorted(REFUSED))
def test_a_header_name_is_refused_and_shown_the_same_way_in_every_locale(tmp_path: Path, case: str, refused: str) -> None:
    env = environment(case)
    name, message = REFUSED[refused]
    tree_with_header(tmp_path, name)
    result = run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path, env=env)
    assert (result.returncode, result.stderr) == (1, message)
    assert not (tmp_path / "out").exists()


def test_a_diagnostic_prints_a_non_ascii_path_as_its_bytes_under_ascii(tmp_path: Path) -> None:
    """Failed before: under ``LC_ALL=C PYTHONUTF8=0`` the path printed as the
    text ``j\\udcc3\\udcbcrgen``, a folder no shell or editor opens."""
    folder = os.fsdecode(b"j\xc3\xbcrgen")
    sample_at(tmp_path / folder, "/* c */ int  virBogus(unknown_t a);")
    result = run("api", "--srcdir", f"{folder}/tree", "-o", "out", cwd=tmp_path, env=ASCII)
    expected = b"j\xc3\xbcrgen/tree/include/libvirt/libvirt-network.h:37:23: error: unknown type name 'unknown_t'\n"
    assert (result.returncode, result.stderr) == (1, expected)


def test_a_stream_sharing_the_file_system_encoding_writes_surrogates_as_bytes_and_escapes_other_text() -> None:
    """The error handler of ``print_paths_as_bytes``: a path's surrogates
    as its bytes; text the encoding cannot write (``é`` of a header under
    ASCII) escaped as ``backslashreplace`` does, not a traceback."""
    from generator.fastpath import PATH_BYTES, _path_bytes  # here: the other tests run without it

    codecs.register_error(PATH_BYTES, _path_bytes)  # as print_paths_as_bytes does, without touching pytest's streams
    text = "j\udcc3\udcbcrgen"  # jürgen, as Python names it under LC_ALL=C PYTHONUTF8=0
    assert (text + " caf\u00e9 \u2028").encode("ascii", PATH_BYTES) == b"j\xc3\xbcrgen caf\\xe9 \\u2028"
    assert ("caf\u00e9 \udcff").encode("latin-1", PATH_BYTES) == b"caf\xe9 \xff"


@pytest.mark.parametrize(
    ("encoding", "argv0", "execs"),
    [("utf-8", __file__, False), ("UTF8", __file__, False), ("ascii", __file__, True), ("iso8859-1", __file__, True),
     ("ascii", "-c", False), ("ascii", "-", False), ("ascii", "", False)],
)  # fmt: skip
def test_the_cli_runs_itself_again_in_utf8_mode_only_where_files_are_not_named_in_utf8(
    monkeypatch: pytest.MonkeyPatch, encoding: str, argv0: str, execs: bool
) -> None:
    # It ran itself again in every locale but C (UTF-8 mode is off under en_US.UTF-8
    # too): a no-op rerun took 30 ms instead of 15; and a wrapper's `python -c` ran twice.
    calls: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(fastpath.os, "execv", lambda path, argv: calls.append((path, list(argv))))
    monkeypatch.setattr(fastpath.sys, "getfilesystemencoding", lambda: encoding)
    monkeypatch.setattr(fastpath.sys, "argv", [argv0, "api"])
    monkeypatch.setattr(fastpath.sys, "orig_argv", ["python3", "-m", "generator", "api"])
    fastpath.in_utf8_mode()
    assert calls == ([(sys.executable, ["python3", "-X", "utf8", "-m", "generator", "api"])] if execs else [])
