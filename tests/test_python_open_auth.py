"""``openAuth``: credentials asked through a Python callback, side by side with libvirt-python (session 21).

The test driver asks for credentials when its XML file has an ``<auth>``
section (a user name, then a password): libvirt calls the callback given to
``virConnectOpenAuth`` for real, as a remote driver's SASL would.  The
bindings are the whole 9.0.0 tree's (the sample declares no openAuth).
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from python_support import load_reference, malloc_growth, whole_tree_package

NODE = """<node>
  <auth>
    <user password="s3cret">alice</user>
    <user>bob</user>
  </auth>
</node>
"""
VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE = 2, 5
VIR_ERR_AUTH_FAILED = 45


@pytest.fixture(scope="module")
def ours(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return whole_tree_package(tmp_path_factory.mktemp("auth"), "libvirt_ctypes_auth")


@pytest.fixture(scope="module")
def theirs() -> ModuleType:
    return load_reference()


@pytest.fixture(scope="module")
def uri(tmp_path_factory: pytest.TempPathFactory) -> str:
    node = tmp_path_factory.mktemp("node") / "node.xml"
    node.write_text(NODE, encoding="utf-8")
    return f"test://{node}"


def answering(user: str, password: str | bytes, seen: list[Any]) -> Any:
    def callback(creds: Any, opaque: object) -> int:
        seen.append((type(creds).__name__, [list(c) for c in creds], opaque))
        for cred in creds:
            cred[4] = user if cred[0] == VIR_CRED_AUTHNAME else password
        return 0

    return callback


def outcome(lib: ModuleType, uri: str, auth: Any) -> tuple[object, ...]:
    try:
        conn = lib.openAuth(uri, auth, 0)
    except lib.libvirtError as error:
        return ("error", error.get_error_code(), error.get_error_message())
    try:
        return ("ok", conn.getURI())
    finally:
        conn.close()


def test_the_callback_is_asked_and_answered_as_in_libvirt_python(ours: ModuleType, theirs: ModuleType, uri: str) -> None:
    seen: dict[str, list[Any]] = {"ours": [], "theirs": []}
    for side, lib in (("ours", ours), ("theirs", theirs)):
        answered = outcome(lib, uri, [[VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE], answering("alice", "s3cret", seen[side]), "opaque"])
        assert answered == ("ok", uri)
    assert seen["ours"] == seen["theirs"] == [
        ("tuple", [[VIR_CRED_AUTHNAME, "Enter username for localhost", "localhost", None, None]], "opaque"),
        ("tuple", [[VIR_CRED_PASSPHRASE, "Enter alice's password for localhost", "localhost", None, None]], "opaque"),
    ]


@pytest.mark.parametrize(
    ("label", "types", "answer", "code"),
    [
        ("wrong password", [VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE], lambda creds, _: [c.__setitem__(4, "nope") for c in creds] and 0, VIR_ERR_AUTH_FAILED),
        ("refused", [VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE], lambda _creds, _opaque: -1, VIR_ERR_AUTH_FAILED),
        ("no passphrase type", [VIR_CRED_AUTHNAME], lambda creds, _: [c.__setitem__(4, "alice") for c in creds] and 0, VIR_ERR_AUTH_FAILED),
        ("answers left out", [VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE], lambda _creds, _opaque: 0, 1),  # VIR_ERR_INTERNAL_ERROR
    ],
)
def test_a_failed_authentication_raises_the_same_error(
    ours: ModuleType, theirs: ModuleType, uri: str, label: str, types: list[int], answer: Any, code: int,
) -> None:
    mine, reference = outcome(ours, uri, [types, answer, None]), outcome(theirs, uri, [types, answer, None])
    assert mine == reference, label
    assert mine[:2] == ("error", code)


def test_what_libvirt_python_gets_wrong(ours: ModuleType, uri: str, tmp_path: Path) -> None:
    """A tuple crashed libvirt-python (PyList_GetItem); the callback's exception and a forgotten ``return 0``
    were libvirt's "Username request failed" and SystemError; a NUL cut the answer short."""
    assert outcome(ours, uri, ((VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE), answering("alice", b"s3cret", []), None)) == ("ok", uri)

    def raises(_creds: Any, _opaque: object) -> int:
        raise KeyError("no keyring")

    with pytest.raises(KeyError, match="no keyring"):
        ours.openAuth(uri, [[VIR_CRED_AUTHNAME], raises, None])
    with pytest.raises(TypeError, match=r"returned NoneType, not an int \(0: answered, -1: refused\)$"):
        ours.openAuth(uri, [[VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE], lambda creds, _: None, None])
    with pytest.raises(ValueError, match=r"^the answer of credential 0 holds a NUL character$"):
        ours.openAuth(uri, [[VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE], answering("ali\0ce", "s3cret", []), None])
    with pytest.raises(TypeError, match=r"^the answer of credential 0 must be a str, bytes or None, not int$"):
        ours.openAuth(uri, [[VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE], answering(7, "s3cret", []), None])


def test_the_callback_and_opaque_are_read_at_each_question_as_libvirt_python_reads_them(ours: ModuleType, theirs: ModuleType, uri: str) -> None:
    """Review (session 21): ours read them once; libvirt-python reads auth[1] and auth[2] for every call (and ignores a 4th item)."""

    def run(lib: ModuleType) -> tuple[object, list[object]]:
        seen: list[object] = []
        auth: list[Any] = [[VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE], None, "first", "ignored"]

        def second(creds: Any, opaque: object) -> int:
            seen.append(("second", opaque))
            creds[0][4] = "s3cret"
            return 0

        def first(creds: Any, opaque: object) -> int:
            seen.append(("first", opaque))
            creds[0][4] = "alice"
            auth[1], auth[2] = second, "changed"
            return 0

        auth[1] = first
        return outcome(lib, uri, auth), seen

    assert run(ours) == run(theirs) == (("ok", uri), [("first", "first"), ("second", "changed")])


def test_an_exception_escaping_the_thunk_is_raised_not_lost(
    ours: ModuleType, uri: str, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str],
) -> None:
    """Review (session 21): a Ctrl-C pressed while libvirt works runs its handler at the thunk's first line,
    outside any try of ours: ctypes printed "Exception ignored" and told libvirt "answered"; now the call raises it."""

    def interrupted(*_args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(ours, "_credentials_asked", interrupted)  # the thunk calls it first: as a signal handler would raise
    with pytest.raises(KeyboardInterrupt):
        ours.openAuth(uri, [[VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE], answering("alice", "s3cret", []), None])
    assert capfd.readouterr().err == ""


def test_a_raising_callback_leaks_nothing(ours: ModuleType, uri: str) -> None:
    """Review (session 21): the exception kept in the struct's list, its traceback holding the caller's frame and
    so the struct, made a cycle through a byref object (not tracked by the collector): every failed call leaked."""
    import gc
    import weakref

    class Opaque:
        pass

    def raises(_creds: Any, _opaque: object) -> int:
        raise KeyError("no keyring")

    alive = []
    for _ in range(50):
        opaque = Opaque()
        alive.append(weakref.ref(opaque))
        with pytest.raises(KeyError):
            ours.openAuth(uri, [[VIR_CRED_AUTHNAME], raises, opaque])
        del opaque
    gc.collect()
    assert sum(ref() is not None for ref in alive) == 0


def test_auth_is_checked_before_the_call(ours: ModuleType, uri: str) -> None:
    asked: list[object] = []

    def callback(creds: Any, _opaque: object) -> int:
        asked.append(creds)
        return 0

    with pytest.raises(TypeError, match=r"^auth must be a list of three items \[credential types, callback, opaque\], not of 2$"):
        ours.openAuth(uri, [[VIR_CRED_AUTHNAME], callback])
    with pytest.raises(TypeError, match=r"^auth must be a list \[credential types, callback, opaque\] or None, not str$"):
        ours.openAuth(uri, "alice")
    with pytest.raises(TypeError, match=r"^auth\[1\] must be a callable or None, not str$"):
        ours.openAuth(uri, [[VIR_CRED_AUTHNAME], "alice", None])
    with pytest.raises(TypeError, match=r"^auth\[0\]\[0\] must be int, not str$"):
        ours.openAuth(uri, [["authname"], callback, None])
    with pytest.raises(OverflowError, match=r"^auth\[0\]\[0\]=1099511627776 is outside"):
        ours.openAuth(uri, [[2**40], callback, None])
    assert asked == []


def test_no_callback_or_no_auth_is_libvirts_own_error(ours: ModuleType, uri: str) -> None:
    assert outcome(ours, uri, [[VIR_CRED_AUTHNAME], None, None])[:2] == ("error", 8)  # VIR_ERR_INVALID_ARG: missing callback
    assert outcome(ours, uri, None)[:2] == ("error", 8)
    assert outcome(ours, "test:///default", None) == ("ok", "test:///default")  # a driver asking nothing


def test_answers_are_freed_by_libvirt(ours: ModuleType, uri: str) -> None:
    """Each answer is strdup'd for libvirt, which frees it: 300 opens leave malloc where it was."""
    callback = answering("alice", "s3cret" * 100, [])
    outcome(ours, uri, [[VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE], callback, None])  # warm-up: libvirt's one-time allocations

    def open_once() -> None:
        outcome(ours, uri, [[VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE], callback, None])

    assert malloc_growth(open_once, 300) < 64 * 1024
