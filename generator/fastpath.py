"""The ``virt-apigen`` entry point, and the no-op rerun decided before the CLI loads.

A build runs ``virt-apigen`` on every build, and nearly always nothing
changed.  Each run leaves an entry in a stamp (``.virt-apigen-stamp.json``)
next to its outputs: the exact command line, folder and ``$CPP`` it ran
with, where each argument leads once symlinks are followed, the interpreter
and dependencies it ran on (:func:`environment`), and the size
and mtime of every input (our own code included) and output (an output's
inode and ctime too, as the run that wrote the entry left it: :func:`files_match`),
and the output folder's real path (:func:`written_into`).  An input's
folder that the run writes into is recorded by its entry names instead of
its mtime, which every run moves (:func:`listings_hold`), and the depfile by
its bytes too, so that one ninja deleted once read (``deps = gcc``) is
written again here, atomically, rather than costing a full run
(:func:`restore_depfile`; why both: :mod:`generator.output`).  When a new run
has the very same command line in the same folder and every size and mtime
one entry recorded still matches, it exits 0 here, having imported only
:mod:`json`: no argparse, no pathlib, nothing of the pipeline.  Anything else
(another spelling of the same options, a missing or unreadable stamp, one
that is no regular file or is too large: :func:`read_stamp`) goes
through the full CLI, which has its own, option-based stamp check.  A
change of an input's mode alone (``chmod``, which moves its ctime, not its
mtime) is not a change: the outputs depend on the content, which make and
ninja also judge by mtime, and an input made unreadable after a good run
still has the outputs that run wrote from it.

A run that stops early prints the warnings the run it stands for printed,
the same lines (an entry records them under ``printed``), as ccache does:
the same inputs give the same output and the same messages, and a header's
warning does not vanish from a second ``make`` or a terminal just because
nothing changed.  They are replayed only for the very command line that
worded them (a path in a message is as the command typed it): the CLI's
check, which accepts another spelling of the same options, runs in full
instead when the entry it found printed anything, or wrote a depfile (its
paths are relative to the folder the command ran in, as the command typed
them; one kept from another folder sent make looking for other files).
With ``--werror`` no warning outlives its run: it failed, and wrote no
stamp.  Messages go through :func:`say`: a reader gone from stderr
(``make 2>&1 | head``) silences them without stopping the run.

One stamp serves every command writing into its folder (one ``--module``
per command, ``generate --only X`` per backend): it holds one entry per set
of options (:func:`stamp_entries`), so such commands, run in turn, each keep
their early stop; with one entry, each one's stamp replaced the other's and
every run parsed everything again.  The newest entry is the stamp's top
level, the layout a stamp had when it held one entry (an old stamp is read
as its one entry, which records no interpreter: it matches nothing and
costs one full run, which writes the new layout; a tool reading the last
run's invocation finds it where it was), and the others follow under
``earlier``, newest first.  How many
are kept, and why commands writing at once may lose an entry but never get
a wrong "up to date": :mod:`generator.output`.  A rerun found up to date
sweeps the temporary files a killed run left beside its outputs
(:func:`sweep`), as a full run does.

The console script and ``python -m generator`` enter through :func:`run`,
which leaves through ``os._exit`` once the command is done (see there).

The interpreter and the dependencies are part of the stamp because the
output may differ with them (a Python whose :mod:`keyword` module or
standard library changed, a Jinja2 or pycparser release that renders or
parses differently): after switching interpreters or upgrading one, a rerun
regenerates instead of keeping the other setup's files.  Recorded
(:func:`environment`):

* ``sys.version``: version, build date and compiler (and the implementation,
  PyPy's says so).  Not ``sys.version_info`` alone: a rebuilt 3.11.2 with a
  patched standard library keeps it.  Not the executable's path: a venv's
  ``python`` and the ``/usr/bin/python3.11`` it links to are one build and
  write the same bytes; what differs between two venvs of one build, their
  packages, is recorded apart.
* The folder of the ``generator`` package that runs.  The stamp lists our
  code's files, but those of the copy that wrote it: another checkout or
  worktree run on the same outputs (``PYTHONPATH``, another venv of the same
  Python) found them unchanged and called its own, different outputs and
  warnings up to date.
* The C preprocessor a run would start (:func:`preprocessor`): its file,
  size and mtime.  Another ``cpp`` first on ``PATH``, or an upgraded one,
  may read the headers otherwise.
* For jinja2, markupsafe (Jinja2's escaping, used by the HTML pages) and
  pycparser, the file their import would load (``__init__.py``, found
  through ``sys.meta_path`` as :func:`importlib.util.find_spec` does, so an
  editable install's finder counts) with its size and mtime, or ``null``
  when none is installed.  An upgrade replaces that file (pip and uv write
  it anew, dpkg with the new package's time), so it stands for the version.
  Not imported: importing Jinja2 takes ~30 ms and :mod:`importlib.metadata`
  (for a version string) ~23 ms, against ~13 ms for the whole no-op rerun;
  this lookup costs ~0.1 ms.  A dependency edited in place without its
  ``__init__.py`` changing is not seen (size and mtime, as for every input).

The CLI's option-based check compares them too (:func:`signatures_match`),
or a rerun with the command line spelled otherwise would still call the
other interpreter's output current.

Four things are settled here because they must come first:

* File names are their bytes read as UTF-8 in every locale
  (:func:`in_utf8_mode`): under a locale whose encoding is not UTF-8
  (Latin-1, or ``C`` with ``PYTHONUTF8=0``) the process runs itself again in
  Python's UTF-8 mode (``-X utf8``), before anything is read.  File names then are their bytes read as UTF-8 in every
  locale (a byte that is not UTF-8 kept as a surrogate), so a header named
  ``libvirt-café.h`` gives the same XML names, JSON paths, HTML page names
  and depfiles whatever the locale; with Python's locale encoding the same
  bytes were ``cafÃ©`` under Latin-1 and surrogates that no UTF-8 output
  can hold under ASCII.  It costs an ``exec`` (~15 ms) only in such
  locales; under a UTF-8 locale Python names files that way already.  Text
  that is not a path (a doc quoted in a message) is then written in UTF-8
  to a terminal of the locale's encoding.

* The run's start time (:func:`time.time_ns`, before any input is read) is
  passed to the CLI: an input whose mtime is not older than it may have been
  edited while the run read it, and the stamp records it as unknown
  (:mod:`generator.output`).
* Paths print as their bytes, on stdout and stderr, in any locale whose
  encoding the streams share with the file system (:func:`print_paths_as_bytes`),
  as gcc prints them.
* SIGTERM (what make, ninja and a CI runner send to cancel a build) is taken
  as Ctrl-C is: :class:`Terminated` is a ``KeyboardInterrupt``, so the same
  cleanup runs (staged files removed, the child process cancelled, its
  scratch folder deleted) and the command exits 143 (128 + 15, as a shell
  reports a process killed by SIGTERM) instead of dying mid-write.
"""

from __future__ import annotations

import codecs  # loaded by the interpreter already: free
import errno  # built in: free
import json
import os
import sys
import time  # built in and loaded by the interpreter already: free

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, NoReturn, TypeVar

    Parsed = TypeVar("Parsed")

STAMP_NAME = ".virt-apigen-stamp.json"
EARLIER = "earlier"  # the stamp's key for the entries older than its top level (see stamp_entries)
PRINTED = "printed"  # an entry's key for the warnings its run printed, which a no-op rerun prints again
_WRITING_COMMANDS = ("api", "generate")


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: unwind as for Ctrl-C, then exit with :attr:`status`."""

    status = 128 + 15


def interrupted_status(interrupt: KeyboardInterrupt) -> int:
    """The exit status for an interrupted run: 143 after SIGTERM, 130 after Ctrl-C."""
    return interrupt.status if isinstance(interrupt, Terminated) else 128 + 2


def cancel_behind(error: BaseException) -> KeyboardInterrupt | None:
    """The Ctrl-C or SIGTERM that ``error`` was made from, if any.

    Python 3.11 turns an exception raised while a class is made (a dataclass
    field's ``__set_name__``, run as a module of the run is imported) into a
    ``RuntimeError`` whose ``__cause__`` it is (3.12 no longer does): a
    cancel landing there was a traceback and exit 1, not 130/143.  Only
    ``__cause__`` is followed: an error raised while an interrupt was being
    handled (``__context__``) is a fault of its own, and shown as one."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return cause
        seen.add(id(cause))
        cause = cause.__cause__
    return None


OUT_OF_MEMORY = "virt-apigen: error: out of memory; no output written"


def out_of_memory_status() -> int:
    """Say that the run ran out of memory, in one line (never a traceback); its exit status.

    Outputs are only ever written whole (a temporary renamed into place), so
    a run stopped by a MemoryError anywhere has written nothing.  By the
    time this runs, what the failed work held is mostly unreachable; the
    line is short, so saying it needs next to no memory."""
    say(OUT_OF_MEMORY)
    return 1


def cancelled_status(error: RuntimeError) -> int:
    """:func:`interrupted_status` of the cancel behind ``error``; ``error`` again when there is none."""
    interrupt = cancel_behind(error)
    if interrupt is None:
        raise error
    return interrupted_status(interrupt)


def _raise_terminated(signum: int, frame: object) -> None:
    import _signal  # type: ignore[import-not-found]

    # Once: a second SIGTERM (a build cancelling the group, then our parent
    # cancelling its child) must not break off the cleanup the first began.
    # A process stuck in it is still ended by SIGKILL (Background.cancel's).
    _signal.signal(_signal.SIGTERM, _signal.SIG_IGN)
    raise Terminated


def stop_on_sigterm() -> None:
    """Make the next SIGTERM raise :class:`Terminated` in this process's main thread."""
    import _signal  # the C module, loaded at start-up: ``signal`` builds enums (~0.4 ms)

    _signal.signal(_signal.SIGTERM, _raise_terminated)
    if not isinstance(sys.unraisablehook, _Redeliver):
        sys.unraisablehook = _Redeliver(sys.unraisablehook)


class _Redeliver:
    """``sys.unraisablehook`` that sends a swallowed :class:`Terminated` or Ctrl-C again.

    A signal handler runs wherever the main thread is, a weakref callback, a
    ``__del__`` or an unfinished generator being closed by its deallocation
    included; an exception raised there cannot propagate: Python prints
    "Exception ignored ... Terminated" (or ``KeyboardInterrupt``) with a
    traceback and carries on, as if no signal had come.  Instead, it is
    raised again a millisecond later (SIGALRM), once that callback has
    returned: a signal sent at once would be handled inside this hook, as
    unraisable again.  Anything else goes to the hook there was before.
    Ctrl-C too (session 28: a full test run under load once saw a run
    stopped by SIGINT go on to its end, ~30 s with a slow ``$CPP``, its
    ``KeyboardInterrupt`` lost in such a callback)."""

    def __init__(self, previous: Callable[[Any], object]) -> None:
        self.previous = previous

    def __call__(self, unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, KeyboardInterrupt):
            self.previous(unraisable)
            return
        import _signal

        again = _raise_terminated_again if isinstance(unraisable.exc_value, Terminated) else _raise_interrupt_again
        _signal.signal(_signal.SIGALRM, again)
        _signal.setitimer(_signal.ITIMER_REAL, 0.001)


def _raise_terminated_again(signum: int, frame: object) -> None:
    raise Terminated


def _raise_interrupt_again(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def invocation(arguments: list[str]) -> dict[str, object]:
    """What a stamp must match for the fast path: command line, folder, preprocessor,
    where each argument leads once symlinks are followed (``--srcdir cur``
    with ``cur`` pointed at another tree is another input), and the
    interpreter and dependencies (:func:`environment`)."""
    real = [os.path.realpath(a.partition("=")[2] if a.startswith("--") and "=" in a else a) for a in arguments]
    return {"argv": list(arguments), "cwd": os.getcwd(), "cpp": os.environ.get("CPP", ""), "real": real, "environment": environment()}


# What the output depends on besides our own code (see the module docstring).
DEPENDENCIES = ("jinja2", "markupsafe", "pycparser")


def environment() -> dict[str, object]:
    """The interpreter's ``sys.version``, the folder of the ``generator``
    package running, per dependency ``[file, size, mtime_ns]`` of the file
    its import would load (``null`` when it is not installed), and the same
    for the preprocessor a run would start (:func:`preprocessor`)."""
    return {
        "python": sys.version,
        "tool": os.path.realpath(os.path.dirname(__file__)),
        "packages": {name: _package_file(name) for name in DEPENDENCIES},
        "cpp": preprocessor(),
    }


# the C preprocessor a run starts without $CPP: the first of these on PATH, with its arguments
# (the frontend starts it, the stamp records it: one list for both)
PREPROCESSORS: tuple[tuple[str, tuple[str, ...]], ...] = (("cpp", ()), ("gcc", ("-E",)), ("cc", ("-E",)))


def preprocessor() -> list[object] | None:
    """``[file, size, mtime_ns]`` of the program a run would start as its C
    preprocessor, found as :mod:`generator.frontend.preprocess` finds it
    (``$CPP``'s first word, else ``cpp``, ``gcc`` or ``cc`` on ``PATH``),
    symlinks followed (Debian's ``cpp`` is one to ``cpp-12``); ``null`` when
    there is none.  ``$CPP`` itself is in the invocation; this catches a
    ``PATH`` leading to another preprocessor, or one upgraded in place.
    ``$CPP`` is split as the preprocessor splits it (:func:`shlex.split`),
    but ``shlex`` is imported only when the value holds a quote or a
    backslash (~1 ms the no-op rerun need not pay otherwise): a quoted path
    with a space split at the space found nothing, recorded ``null`` every
    time and so matched, and an upgraded or replaced program went unseen."""
    words = _cpp_words(os.environ.get("CPP", ""))
    for program in words[:1] or [name for name, _ in PREPROCESSORS]:
        found = _on_path(program)
        if found is not None:
            try:
                status = os.stat(found)
            except OSError:
                return None
            return [os.path.realpath(found), status.st_size, status.st_mtime_ns]
    return None


def _cpp_words(value: str) -> list[str]:
    if not any(mark in value for mark in "'\"\\"):
        return value.split()
    import shlex

    try:
        return shlex.split(value)
    except ValueError:  # unbalanced quotes: the run fails on it before any stamp is written
        return value.split()


def _on_path(program: str) -> str | None:
    """Where ``shutil.which`` would find ``program`` (not imported: ~1 ms the no-op rerun need not pay)."""
    if os.sep in program:
        return program if os.access(program, os.X_OK) and not os.path.isdir(program) else None
    for folder in os.environ.get("PATH", os.defpath).split(os.pathsep):
        candidate = os.path.join(folder or os.curdir, program)
        if os.access(candidate, os.X_OK) and not os.path.isdir(candidate):
            return candidate
    return None


def _package_file(name: str) -> list[object] | None:
    """Where ``import name`` would load from, found as the import system finds
    it but without running it (see the module docstring), with its size and mtime."""
    for finder in sys.meta_path:
        find_spec = getattr(finder, "find_spec", None)
        try:
            spec = find_spec(name, None) if find_spec is not None else None
        except (ImportError, OSError, ValueError):  # a broken finder or path entry: as the import would find nothing
            spec = None
        if spec is None:
            continue
        origin = spec.origin if isinstance(spec.origin, str) else ""
        try:
            status = os.stat(origin)
        except (OSError, ValueError):  # a namespace package, a module in a zip file: the name is all there is
            return [origin, -1, -1]
        return [origin, status.st_size, status.st_mtime_ns]
    return None


def _output_dir(arguments: list[str]) -> str | None:
    for index, argument in enumerate(arguments):
        if argument in ("-o", "--output") and index + 1 < len(arguments):
            return arguments[index + 1]
        if argument.startswith("--output="):
            return argument[len("--output=") :]
    return "." if arguments[0] == "api" else None  # api's default output folder


def signatures_match(recorded: dict[str, object]) -> bool:
    """The stamp's interpreter and dependencies are this process's, and its files are unchanged
    (:func:`files_match`): the CLI's check, which compares the options itself."""
    facts = recorded.get("invocation")
    return isinstance(facts, dict) and facts.get("environment") == environment() and files_match(recorded)


def files_match(recorded: dict[str, object]) -> bool:
    """Every recorded input's ``[path, size, mtime_ns]`` and output's ``[path,
    size, mtime_ns, inode, ctime_ns]`` still holds (missing files: ``-1``; ``null`` is
    an input that changed during the run or an output its run did not write
    or find in place, and never holds).  An output is its file's identity as
    the run that wrote the entry renamed it into place (or found it holding
    its content), never as found when the stamp was written: another run
    replacing it meanwhile gives another inode (see :mod:`generator.output`).
    A folder the run wrote into is judged by its listing instead
    (:func:`listings_hold`), and the depfile by :func:`_depfile_holds`: one
    gone may be written again (:func:`restore_depfile`)."""
    inputs, outputs = recorded.get("inputs", []), recorded.get("outputs", [])
    if not isinstance(inputs, list) or not isinstance(outputs, list) or not outputs:
        return False
    depfile = recorded_depfile(recorded)
    others = [item for item in outputs if depfile is None or not (isinstance(item, list) and item and item[0] == depfile[0])]
    if not (_all_hold(inputs, 2) and _all_hold(others, 4) and listings_hold(recorded)):
        return False
    return depfile is None or _depfile_holds(depfile, outputs)


def _all_hold(group: list[object], facts: int) -> bool:
    """Each item of ``group`` is ``[path, *facts]`` that still holds: size, mtime
    and, with 4 facts, inode and ctime (a stamp without them, an older layout, never holds)."""
    for entry in group:
        if not isinstance(entry, list) or len(entry) != 1 + facts or not isinstance(entry[0], str):
            return False
        if _signature(entry[0])[:facts] != entry[1:]:
            return False
    return True


def _signature(path: str) -> list[int]:
    """``path``'s size, mtime, inode and ctime; ``-1`` each when it cannot be looked at."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):  # ValueError: a NUL in a damaged stamp's path, which names no file
        return [-1, -1, -1, -1]
    return [status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns]


LISTINGS = "listings"  # an entry's key: [folder, names] per input folder the run wrote into (see generator.output)


def listings_hold(entry: dict[str, object]) -> bool:
    """Each folder the entry records by listing still holds the same entries
    but the run's own (:func:`foreign_names`); ``null``, a listing its run
    could not vouch for, never holds.  One ``listdir`` each (~20 µs for a
    tree's root): a folder the run writes into changes its mtime on every
    run, so its mtime could not say whether anything else appeared in it."""
    listed = entry.get(LISTINGS, [])
    if not isinstance(listed, list):
        return False
    own = output_paths(entry)
    for item in listed:
        if not isinstance(item, list) or len(item) != 2 or not isinstance(item[0], str) or not isinstance(item[1], list):
            return False
        try:
            found = os.listdir(item[0])
        except (OSError, ValueError):  # gone, or no longer ours to read: not what the run saw
            return False
        if foreign_names(item[0], found, own) != item[1]:
            return False
    return True


def foreign_names(folder: str, names: list[str], outputs: list[str]) -> list[str]:
    """``names`` (entries of ``folder``, a real path), sorted, without what runs
    of ours put there: an entry holding one of ``outputs`` (the file itself, or
    the folder made for it: ``api/`` in a tree's root), the stamp, and
    temporary files of any run (:func:`is_temporary_name`: runs writing at
    once leave each other's for a moment)."""
    own = _own_entries(folder, outputs)
    return sorted(name for name in names if name not in own and name != STAMP_NAME and not is_temporary_name(name))


def _own_entries(folder: str, outputs: list[str]) -> set[str]:
    """The entries of ``folder`` on the way to each of ``outputs`` (all real paths)."""
    prefix = folder.rstrip(os.sep) + os.sep
    return {path[len(prefix) :].split(os.sep, 1)[0] for path in outputs if path.startswith(prefix)}


DEPFILE = "depfile"  # an entry's key: [path, its bytes as Latin-1 text], to write it again (see restore_depfile)


def recorded_depfile(entry: dict[str, object]) -> tuple[str, bytes] | None:
    """The depfile an entry records, its path and bytes (stored as Latin-1
    text: every byte one character, whatever the locale); None without one."""
    item = entry.get(DEPFILE)
    if not isinstance(item, list) or len(item) != 2 or not all(isinstance(part, str) for part in item):
        return None
    try:
        return item[0], item[1].encode("latin-1")
    except UnicodeEncodeError:  # a damaged stamp: no byte has that character
        return None


def _depfile_holds(depfile: tuple[str, bytes], outputs: list[object]) -> bool:
    """The depfile is gone (ninja's ``deps = gcc`` deletes it once read:
    :func:`restore_depfile` writes it again), or is the file its run left
    (size, mtime, inode, ctime), or a regular file holding its bytes (one the early
    stop wrote again).  Only its bytes matter: the entry holds them whole."""
    path, data = depfile
    try:
        os.lstat(path)
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False
    if any(isinstance(item, list) and item and item[0] == path and item[1:] == _signature(path) for item in outputs):
        return True
    return _holds_bytes(path, data)


def _holds_bytes(path: str, data: bytes) -> bool:
    """Whether ``path`` is a regular file holding exactly ``data`` (a FIFO is
    never opened: reading one would wait for a writer)."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        status = os.fstat(handle)
        if not (status.st_mode & 0o170000 == 0o100000 and status.st_size == len(data)):  # S_ISREG without importing stat
            return False
        return os.read(handle, len(data) + 1) == data  # a regular file gives what is asked, to its end
    except OSError:
        return False
    finally:
        os.close(handle)


def restore_depfile(entry: dict[str, object]) -> bool:
    """Write the entry's depfile again when it is gone, atomically (a
    temporary file beside it, renamed into place, as a full run writes it);
    False when it cannot be (the full run then says why).  A run found up to
    date under ninja's ``deps = gcc``, which deletes the depfile once read,
    would otherwise run in full every time: the depfile is an output."""
    depfile = recorded_depfile(entry)
    if depfile is None:
        return True
    path, data = depfile
    try:
        os.lstat(path)
        return True  # there, and files_match found it right
    except FileNotFoundError:
        pass
    except (OSError, ValueError):
        return False
    return _write_new(path, data)


def _write_new(path: str, data: bytes) -> bool:
    """``data`` as ``path``: written to ``.NAME.<pid>.<random>.tmp`` beside it (the
    name :func:`sweep` knows), with a new file's mode (``0666`` less the
    umask), then renamed into place; False, and nothing left, on any error."""
    folder, name = os.path.split(path)
    temporary = os.path.join(folder, f".{name}.{os.getpid()}.{random_part()}.tmp")
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    except OSError:
        return False
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
        finally:
            os.close(handle)
        os.rename(temporary, path)
    except BaseException as error:  # a cancel too: nothing of ours stays behind
        _unlink_quietly(temporary)
        if isinstance(error, OSError):
            return False
        raise
    return True


def _unlink_quietly(path: str) -> None:
    """Remove ``path`` if it can be (not ``contextlib.suppress``: an import the no-op rerun need not pay)."""
    try:
        os.unlink(path)
    except OSError:  # gone already, or the folder went away: nothing of ours is left
        return


KEPT = ".old.tmp"  # the suffix of a target's old content, kept while a commit runs (generator.output._keep_old)
_PID_LIMIT = 1 << 22  # Linux's PID_MAX_LIMIT: no pid reaches it (pid_max is at most this)


def _writer_is_gone(pid: int) -> bool:
    """Whether ``pid`` names a process that no longer exists.  A number no pid
    can be (0, beyond the limit) is no writer of ours: its file is left alone."""
    if not 0 < pid < _PID_LIMIT:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):  # EPERM: alive, another user's; OverflowError: never a pid (kept as a guard)
        return False
    return False


def _is_pid(text: str) -> bool:
    """A pid as ``str(os.getpid())`` writes it: decimal digits, no leading zero,
    short enough (``int()`` of thousands of digits is an error)."""
    return 0 < len(text) <= len(str(_PID_LIMIT)) and text.isascii() and text.isdigit() and text[0] != "0"


_RANDOM_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_"  # tempfile's names: 8 of these
_RANDOM_LETTERS = frozenset(_RANDOM_ALPHABET)


def is_random_part(text: str) -> bool:
    """The part ``tempfile.mkstemp`` makes up: only a name of ours has it
    (an ``.old.tmp`` backup's is followed by ``.old``, so never this alone)."""
    return len(text) == 8 and _RANDOM_LETTERS.issuperset(text)


def random_part() -> str:
    """8 characters as ``tempfile.mkstemp`` makes them up (not imported: ~2 ms the no-op rerun need not pay)."""
    return "".join(_RANDOM_ALPHABET[byte % len(_RANDOM_ALPHABET)] for byte in os.urandom(8))


def temporary_parts(entry: str) -> tuple[str, int, bool] | None:
    """For ``.NAME.<pid>.<random>.tmp`` (a staged file) or ``...old.tmp`` (an old
    content set aside), NAME, the pid and whether it is the latter; None for
    any other name."""
    if not (entry.startswith(".") and entry.endswith(".tmp")):
        return None
    kept = entry.endswith(KEPT)
    owner, _, random = entry[1 : -len(KEPT if kept else ".tmp")].rpartition(".")
    name, _, pid = owner.rpartition(".")
    if not (name and is_random_part(random) and _is_pid(pid)):
        return None
    return name, int(pid), kept


def is_temporary_name(entry: str) -> bool:
    """Whether ``entry`` is named as a run of ours names its temporary files."""
    return temporary_parts(entry) is not None


def sweep(targets: list[str]) -> None:
    """Delete the temporary files of ``targets`` (paths) whose writer no longer
    exists (a run killed with SIGKILL); never one of a live run.  A target's
    old content a killed commit moved aside (``.NAME.<pid>.<random>.old.tmp``)
    is put back when the target is missing.  Run by every full run for the
    files it writes, and by a rerun found up to date for the outputs of its
    entry (:func:`fresh_messages`, :func:`generator.output.fresh_stamp_messages`):
    otherwise a killed run's files stayed for as long as nothing changed.
    Plain ``os`` and strings: the no-op rerun imports no pathlib."""
    folders: dict[str, set[str]] = {}
    for path in targets:
        folder, name = os.path.split(path)
        folders.setdefault(folder, set()).add(name)
    own = os.getpid()
    for folder, names in folders.items():
        try:
            entries = os.listdir(folder or os.curdir)
        except OSError:  # not there yet, or not ours to list: nothing to sweep
            continue
        for entry in entries:
            if entry.startswith(".") and entry.endswith(".tmp"):
                _sweep_one(folder, entry, names, own)


def _sweep_one(folder: str, entry: str, names: set[str], own: int) -> None:
    """Delete (or put back) ``entry`` of ``folder`` when it is a temporary file of
    one of ``names`` whose writer is gone (see :func:`sweep`)."""
    parts = temporary_parts(entry)
    if parts is None:
        return
    name, pid, kept = parts
    if not (name in names and pid != own and _writer_is_gone(pid)):
        return
    try:
        if kept and not os.path.lexists(os.path.join(folder, name)):  # killed with its target moved aside: put it back
            os.rename(os.path.join(folder, entry), os.path.join(folder, name))
        else:
            os.unlink(os.path.join(folder, entry))
    except OSError:  # gone already (another run swept it), or not ours to delete
        return


FOLDER = "folder"  # an entry's key: the output folder its run wrote into, as a real path


def written_into(entry: dict[str, object], outdir: str) -> bool:
    """Whether ``entry`` was written by a run into ``outdir``, the stamp's
    folder.  A stamp copied with its folder (``cp -a out copy``) lists the
    outputs of ``out`` (absolute paths): they would vouch for ``copy``'s
    files, missing or edited, so such an entry is no match (nor one of a
    stamp without the key, which costs one full run)."""
    return entry.get(FOLDER) == os.path.realpath(outdir)


def sweep_after_match(entry: dict[str, object], outdir: str) -> None:
    """:func:`sweep` for a rerun found up to date: the entry's outputs and the
    stamp itself, whose set-aside old content a killed run can leave too."""
    sweep([*output_paths(entry), os.path.join(os.path.realpath(outdir), STAMP_NAME)])


def output_paths(entry: dict[str, object]) -> list[str]:
    """The paths an entry lists as its outputs (skipping what is no ``[path, ...]``)."""
    return _listed_paths(entry, "outputs")


def input_paths(entry: dict[str, object]) -> list[str]:
    """The paths an entry lists as its inputs (skipping what is no ``[path, ...]``)."""
    return _listed_paths(entry, "inputs")


def _listed_paths(entry: dict[str, object], key: str) -> list[str]:
    listed = entry.get(key)
    if not isinstance(listed, list):
        return []
    return [item[0] for item in listed if isinstance(item, list) and item and isinstance(item[0], str)]


def stamp_entries(recorded: object) -> list[dict[str, object]]:
    """The entries of a stamp as read (``json.load``), newest first: its top
    level, then those under :data:`EARLIER`; none from what is no stamp.  An
    old stamp (one entry, no ``earlier``) is that one entry; anything under
    ``earlier`` that is no object is skipped (a damaged entry never matches,
    it is not an error)."""
    if not isinstance(recorded, dict):
        return []
    earlier = recorded.get(EARLIER)
    found = [recorded, *(earlier if isinstance(earlier, list) else [])]
    return [{key: value for key, value in entry.items() if key != EARLIER} for entry in found if isinstance(entry, dict)]


def printed_lines(entry: dict[str, object]) -> list[str] | None:
    """The warnings an entry's run printed, as it printed them; None when the
    entry holds no list of texts (a damaged stamp: it must not match)."""
    printed = entry.get(PRINTED)
    if not isinstance(printed, list) or not all(isinstance(line, str) for line in printed):
        return None
    return printed


# A stamp keeps 16 entries (generator.output.STAMP_ENTRIES); one of a full
# `generate --depfile` on libvirt 9.0.0 is 26 KB, so a stamp is about 0.4 MB
# at most.  A file 40 times that is no stamp a run wrote (or holds warnings
# by the hundred thousand): parsing 16 MiB takes ~0.1 s, where a 200 MB one
# took 428 MB of memory, and it costs only one full run.
STAMP_MAX_BYTES = 16 << 20


def read_stamp(outdir: str) -> object:
    """The stamp in ``outdir`` as :func:`json.loads` reads it, or None when
    there is none to read: missing, unreadable, not JSON, larger than
    :data:`STAMP_MAX_BYTES`, or no regular file (a FIFO, a device, a
    symlink to one).  Each is as good as no stamp: a full run.  Reading
    a FIFO waited for a writer for ever, and ``/dev/zero`` never ends; so
    the file is looked at before it is opened (a device is never opened:
    opening one may do something), opened without blocking (a FIFO put
    there meanwhile does not wait) and looked at again through the open
    file, which is what is read.  The early stop and the CLI's option-based
    check both read it here."""
    data = _regular_file_bytes(os.path.join(outdir, STAMP_NAME), STAMP_MAX_BYTES)
    if data is None:
        return None
    try:
        return json.loads(data)
    except (ValueError, RecursionError):  # RecursionError: a damaged stamp nested too deep to read
        return None


def _is_regular(status: os.stat_result, limit: int) -> bool:
    return status.st_mode & 0o170000 == 0o100000 and status.st_size <= limit  # S_ISREG without importing stat


def _regular_file_bytes(path: str, limit: int) -> bytes | None:
    """``path``'s bytes when it is a regular file (symlinks followed) of at most
    ``limit`` bytes, else None (see :func:`read_stamp`)."""
    try:
        if not _is_regular(os.stat(path), limit):
            return None
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except (OSError, ValueError):  # ValueError: a NUL in the path, which names no file
        return None
    try:
        status = os.fstat(handle)
        if not _is_regular(status, limit):  # replaced between the look and the open
            return None
        # a regular file gives what is asked, to its end: one byte more than it held
        # is a file that grew since (being rewritten in place: not JSON, as good as none)
        return os.read(handle, status.st_size + 1)
    except OSError:
        return None
    finally:
        os.close(handle)


def fresh_messages(arguments: list[str]) -> list[str] | None:
    """The warnings to print again when this very command line is up to date
    (see the module docstring); None when it must run."""
    if not arguments or arguments[0] not in _WRITING_COMMANDS:
        return None
    outdir = _output_dir(arguments)
    if outdir is None:
        return None
    recorded = read_stamp(outdir)
    if recorded is None:
        return None
    # invocation() holds the environment: files_match, not signatures_match, which would look it up again
    mine = invocation(arguments)
    for entry in stamp_entries(recorded):
        if entry.get("invocation") == mine and written_into(entry, outdir) and files_match(entry):
            sweep_after_match(entry, outdir)  # a killed run's temporary files: see sweep
            return printed_lines(entry) if restore_depfile(entry) else None
    return None


def say(line: str) -> None:
    """Print a message on stderr.  When its reader is gone (``make 2>&1 |
    head`` closed the pipe, a terminal hung up) the rest of the messages go
    nowhere and the command carries on: the outputs are its work, the
    messages about them are not, so a warning no one reads neither stops the
    run half-way nor changes its exit status (an error has one already)."""
    try:
        # one write of the line and its newline (print writes them apart with
        # PYTHONUNBUFFERED=1): make -j interleaves whole lines only
        sys.stderr.write(line + "\n")
    except OSError:  # EPIPE, EIO: keep quiet from now on; the failed stream keeps its unwritten text, never flushed
        sys.stderr = _nowhere("w")


def write_report(write: Callable[[], object]) -> OSError | None:
    """Run ``write``, which prints a command's report on stdout, and flush it
    (a short report is still in the buffer: its write error belongs here, not
    to the run's last flush); the error that stopped it, else None.  After an
    error stdout is ``/dev/null``: the text left in the failed stream's
    buffer would fail again at the end.  :func:`report` decides what the
    error means: a ``BrokenPipeError`` (the reader gone, ``| head``) asked
    for no more and is said nowhere, as :func:`run` ends a run whose stdout
    closed; another error (a full disk) is said."""
    stream = sys.stdout
    try:
        number = stream.fileno()
    except (AttributeError, OSError, ValueError):  # no file behind it (a test's capture): write it as it is
        number = None
    try:
        if number is None:
            write()
        else:
            _write_all(number, _printed(write, stream), stream)
        stream.flush()
    except OSError as error:
        sys.stdout = _nowhere("w")
        return error
    return None


def report(write: Callable[[], object], code: int, summary: str | None = None) -> int:
    """Write a command's report (:func:`write_report`), then its ``summary``, if
    any, on stderr; the exit code: the work's own ``code``; when the reader
    went away (``| head``), that code or 1 when it was 0, nothing said and the
    summary still printed (its counts are still true); when the report could
    not be written (a full disk), 1, said on stderr instead of the summary."""
    failed = write_report(write)
    if failed is not None and not isinstance(failed, BrokenPipeError):
        say(f"virt-apigen: error: cannot write the report: {failed.strerror or failed}")
        return 1
    if summary is not None:
        say(summary)
    return code if failed is None else code or 1


def parsed(parse: Callable[[], Parsed]) -> Parsed:
    """What ``parse`` (argparse's ``parse_args``) returns; when argparse ends
    the command line itself (``--help``, ``--version``, a usage error), its
    ``SystemExit`` again, raised once what it printed is written
    (:func:`run` exits with its status: 0, or 2 for a usage error).

    What argparse prints is kept while it runs and written after it, as the
    rest of a run writes: its text on stdout as a report (:func:`report`: a
    full disk is said and the status is 1, a reader gone turns 0 into 1),
    its messages on stderr through :func:`say`, so a stderr closed, full or
    without a reader leaves a usage error its status 2.  Written by
    argparse itself, a failed write was a traceback and exit 1 (Python
    3.11), or went unseen (later argparse drops its write errors)."""
    printed, said = _Collected(), _Collected()
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = printed, said
    stopped: SystemExit | None = None
    try:
        outcome = parse()
    except SystemExit as stop:
        stopped = stop
    finally:
        sys.stdout, sys.stderr = streams
    if said.parts:
        say(said.text().rstrip("\n"))  # one write: a usage and its error stay together under make -j
    if stopped is None:
        return outcome
    status, text = exit_status(stopped), printed.text()
    raise SystemExit(report(lambda: sys.stdout.write(text), status) if text else status) from None


def exit_status(stop: SystemExit) -> int:
    """The status Python gives ``stop`` when it ends the interpreter: its
    number, 0 for none; a text is said, and the status is 1."""
    if stop.code is None:
        return 0
    if isinstance(stop.code, int):
        return stop.code
    say(str(stop.code))
    return 1


class _Collected:
    """A stdout that keeps what is written to it (see :func:`_printed`).

    Not a ``list`` itself: a stream is true even before anything is written
    to it, and later argparses rely on that (``file = file or sys.stderr``
    in ``_print_message``, Python 3.11.7 has it, 3.11.2 does not): an empty
    list, false, sent ``--help`` to stderr there."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def text(self) -> str:
        return "".join(self.parts)

    def flush(self) -> None:
        return None


def _printed(write: Callable[[], object], stream: Any) -> bytes:
    """What ``write`` prints, as ``stream`` would encode it."""
    collected = _Collected()
    sys.stdout = collected
    try:
        write()
    finally:
        sys.stdout = stream
    return collected.text().encode(stream.encoding, stream.errors or "strict")


def _write_all(number: int, data: bytes, stream: Any) -> None:
    """``data`` on file descriptor ``number``, after what ``stream`` holds, by
    ``os.write`` until all is written.  Not ``stream.write``: CPython's
    buffered writer takes a write the kernel cut short (the reader of a pipe
    gone while it waited: 64 KiB of 87 written, then SIGPIPE, ignored) for
    the whole, and the rest was lost with exit status 0 (``check | head``
    ended 0 or 1 by timing)."""
    stream.flush()
    view = memoryview(data)
    while view:
        view = view[os.write(number, view) :]


def _nowhere(mode: str) -> Any:
    """A stream on ``/dev/null``.  ``errors="replace"``: a message naming a file
    by bytes that are not UTF-8 (a surrogate) must not stop the run there."""
    return open(os.devnull, mode, encoding="utf-8", errors="replace")


class _ClosedStdout:
    """``sys.stdout`` of a process started without one (``check >&-``): a
    report written to it fails as one whose reader is gone (``| head``), so a
    command whose stdout is its work ends with status 1 (see
    :func:`write_report`), not 0 with the report lost."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(errno.EPIPE, "stdout is closed")

    def flush(self) -> None:
        return None


def standard_streams() -> None:
    """Give a closed file descriptor 0, 1 or 2 ``/dev/null``, and Python's
    missing ``sys.stdin``/``stderr`` (``None`` when it started without them:
    ``virt-apigen api 2>&-``) a stream on it; a missing ``sys.stdout`` is a
    :class:`_ClosedStdout`.  Without it a message printed to a missing
    stderr went to stdout, the final flush failed with an unseen traceback
    and exit status 1, and the first file a run opened could take number 1
    or 2, where a child's output would land."""
    for number in (0, 1, 2):
        try:
            os.fstat(number)
        except OSError:
            os.set_inheritable(os.open(os.devnull, os.O_RDWR), True)  # the lowest free number: this one; a standard stream for children too
    if sys.stdin is None:
        sys.stdin = _nowhere("r")
    if sys.stdout is None:
        sys.stdout = _ClosedStdout()
    if sys.stderr is None:
        sys.stderr = _nowhere("w")


def main(argv: list[str] | None = None, started_ns: int | None = None) -> int:
    started = time.time_ns() if started_ns is None else started_ns  # before any input (the stamp) is read
    arguments = sys.argv[1:] if argv is None else list(argv)
    replayed = fresh_messages(arguments)
    if replayed is not None:
        for line in replayed:
            say(line)
        return 0
    from .cli import main as cli_main

    return cli_main(arguments, started)


# Where each hash hashlib offers comes from when OpenSSL's ``_hashlib`` is
# not there: the interpreter's own modules (CPython 3.11 names; 3.12 merged
# the sha2 ones into ``_sha2``).
_BUILTIN_HASHES = (("_md5",), ("_sha1",), ("_sha256", "_sha2"), ("_sha512", "_sha2"), ("_sha3",), ("_blake2",))


def builtin_hashes() -> None:
    """Make ``hashlib`` use the interpreter's built-in hashes for this run.

    Jinja (its bytecode cache) and our template cache's key import hashlib
    for one short digest each, and hashlib then loads OpenSSL's libcrypto:
    ~3 ms and ~3.4 MiB resident, a sixth of what a cold ``api`` run holds
    above the bare interpreter (issue 2 bounds its peak at twice
    apibuild.py's).  A ``None`` in ``sys.modules`` makes ``import _hashlib``
    fail, and hashlib falls back to the built-in modules, as it does on a
    Python built without OpenSSL; the digests are the same bytes.  Only
    here, in the command's own process (never when the package is imported
    as a library), only before anything imported hashlib, and only when
    every built-in hashlib would then reach for is there (a missing one
    makes hashlib log an error at import).  Built-in modules only: checking
    costs microseconds, and nothing is imported."""
    if "hashlib" in sys.modules or "_hashlib" in sys.modules:
        return
    built_in = sys.builtin_module_names
    if all(any(name in built_in for name in choices) for choices in _BUILTIN_HASHES):
        sys.modules["_hashlib"] = None  # type: ignore[assignment]  # hashlib's ImportError path


PATH_BYTES = "virt-apigen-path-bytes"  # the error handler print_paths_as_bytes registers


def print_paths_as_bytes() -> None:
    """Let stdout and stderr write every path as its own bytes.

    Python decodes a file name with its file system's encoding, each byte
    that encoding cannot read as a surrogate (``tr\\udcffee``; under
    ``LC_ALL=C`` with ``PYTHONUTF8=0`` every non-ASCII byte:
    ``j\\udcc3\\udcbcrgen``); stderr
    then printed the surrogates as the text ``\\udcff`` (its
    ``backslashreplace``), which no shell or editor opens, and stdout, under a
    UTF-8 locale other than C.UTF-8, failed with a traceback.  gcc prints the
    bytes, so do we: whenever the stream's encoding is the file system's
    (UTF-8, ASCII, Latin-1: a stream and the file system follow the same
    locale), a surrogate is written as the byte it stands for, and a name is
    written as exactly the bytes Python decoded it from.  A character such a
    stream cannot encode that is no surrogate (text of the headers, ``é``
    under ``LC_ALL=C``) is escaped (``\\xe9``), as before, rather than a
    traceback: the error handler :data:`PATH_BYTES` does both.  A stream in
    another encoding than the file system's (``PYTHONIOENCODING=latin-1``
    under a UTF-8 locale) would write a surrogate as another byte than the
    name's, so it escapes everything it cannot encode
    (``backslashreplace``).  Once, at the entry, so every message of every
    command is covered; built-in modules only (the no-op rerun must stay
    fast)."""
    import codecs  # loaded by the interpreter for its streams: free

    codecs.register_error(PATH_BYTES, _path_bytes)
    names = codecs.lookup(sys.getfilesystemencoding()).name
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        try:
            if reconfigure is None:
                continue
            reconfigure(errors=PATH_BYTES if codecs.lookup(stream.encoding).name == names else "backslashreplace")
        except (LookupError, OSError, ValueError):  # an odd encoding name, a closed stream: leave it as it is
            continue


def _path_bytes(error: UnicodeError) -> tuple[bytes, int]:
    """``surrogateescape`` for the surrogates of a file name (U+DC80..U+DCFF: the
    byte each stands for), ``backslashreplace`` for any other character the
    stream's encoding cannot write (see :func:`print_paths_as_bytes`)."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    written = bytearray()
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            written.append(code - 0xDC00)
        else:
            written += ascii(char)[1:-1].encode("ascii")  # \xe9, \u2028, \U0001f600: as backslashreplace writes them
    return bytes(written), error.end


def in_utf8_mode() -> None:
    """Run this command again under Python's UTF-8 mode when the file system
    encoding is not UTF-8 (see the module docstring); the same process
    (``exec``), the same arguments.  Under a UTF-8 locale Python already names
    files by their UTF-8 bytes (with ``surrogateescape``), UTF-8 mode or not,
    so nothing is done there (an ``exec`` costs ~15 ms, as much as a no-op
    rerun).  Nor where the interpreter cannot be run again, nor from code
    that would not run the same way twice (``python -c``, a script read from
    standard input: ``run()`` called by a wrapper of someone's)."""
    if codecs.lookup(sys.getfilesystemencoding()).name == "utf-8" or not sys.executable or not hasattr(os, "execv"):
        return
    if sys.argv[0] in ("", "-", "-c") or not os.path.isfile(sys.argv[0]):
        return
    try:
        os.execv(sys.executable, [sys.orig_argv[0], "-X", "utf8", *sys.orig_argv[1:]])
    except OSError:  # the interpreter's file is gone or not executable: carry on in the locale's encoding
        return


def run() -> NoReturn:
    """The ``virt-apigen`` command: :func:`main`, then leave at once.

    Tearing the interpreter down (freeing the model, the texts and every
    module one object at a time) costs 10-20 ms after a run over libvirt's
    tree, and a finished command has nothing left to release: its outputs
    are written atomically and closed, its child processes waited for.  So,
    as mypy does, it flushes its streams and ends with ``os._exit``.  A
    ``SystemExit`` (argparse's, after :func:`parsed` wrote what it printed)
    ends here too, with its status, even when the streams cannot be flushed
    (a usage error is 2 whatever stderr does); crashes still leave the
    ordinary way.
    """
    standard_streams()
    in_utf8_mode()
    started = time.time_ns()
    stop_on_sigterm()
    print_paths_as_bytes()
    builtin_hashes()
    try:
        try:
            code = main(None, started)
        except KeyboardInterrupt as interrupt:  # before the CLI's own handler is in place (imports): no traceback either
            code = interrupted_status(interrupt)
        except RuntimeError as error:  # a cancel Python 3.11 wrapped (see cancel_behind)
            code = cancelled_status(error)
        except MemoryError:  # before the CLI's own handler is in place, or raised by it
            code = out_of_memory_status()
        except SystemExit as stop:  # --help, --version, a usage error (see parsed)
            code = exit_status(stop)
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe (virt-apigen check | head): nothing more can be said
            code = code or 1
    except KeyboardInterrupt as interrupt:  # a cancel landing after the work (the outputs are whole): its status, no traceback
        code = interrupted_status(interrupt)
    except RuntimeError as error:
        code = cancelled_status(error)
    os._exit(code)
