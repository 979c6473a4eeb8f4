"""Run the system C preprocessor over a tree's public headers.

One translation unit includes every public header of every module, so the
tree is preprocessed and parsed once.  ``#line`` markers are kept so that
pycparser reports positions in the real headers; paths in them are mapped
back to paths relative to the tree root.

Decisions:

* ``-nostdinc`` plus a one-line ``sys/types.h`` of our own: libvirt's public
  headers need only ``size_t`` from the C library, and a fake keeps the result
  independent of the machine's libc headers.
* ``VIR_DEPRECATED`` is defined empty (pycparser cannot read attributes; the
  scanner records deprecations from the raw text) and ``VIR_ENUM_SENTINELS``
  is defined so that the ``*_LAST`` members are part of the model.
* In a raw tree ``libvirt-common.h.in`` is configured into a temporary folder
  placed first on the include path (``@LIBVIRT_VERSION_NUMBER@`` from the
  tree's version), and its positions are mapped back to the template.  A
  configured ``libvirt-common.h`` named from a build tree is not configured:
  its ``include/`` is searched before the source tree's
  (:attr:`~.tree.TreeInputs.extra_include_roots`).
* The scratch folder (``$TMPDIR/virt-apigen-*``) is a ``with`` block's: a
  run cancelled with Ctrl-C or SIGTERM unwinds through it and removes it, in
  the forked child too (:mod:`generator.background`).
* The preprocessor runs in a session (so a process group) of its own, and
  whatever ends our wait for it (Ctrl-C, SIGTERM's ``Terminated``, the forked
  child cancelled by the parent) stops the whole group: ``gcc -E`` is a
  driver whose ``cc1`` (or ``-wrapper``, or a script's children) does the
  work, and killing the driver alone, as ``subprocess.run`` did, left them
  running, forever on a ``$CPP`` that hangs.  SIGTERM first (a wrapper such
  as ccache, or a script's trap, removes its temporary files), SIGKILL to
  what is left once the preprocessor has ended or after :data:`_GRACE`
  (0.5 s, well inside the 2 s a cancelled child has before the parent's
  SIGKILL, :data:`generator.background.CANCEL_GRACE`, which would leave the
  group running); the preprocessor is reaped last, so the group's id stays
  ours.  A session rather than a group: the preprocessor has no controlling
  terminal, so neither the terminal's Ctrl-C, Ctrl-Z or hang-up nor a
  build's SIGTERM to our group reaches it but through us, and its stdin is
  ``/dev/null`` (in a background group of the terminal, a read would stop it
  and hang the run).  Ctrl-C raises ``KeyboardInterrupt`` in the process
  that waits; in the forked child, which ignores SIGINT, the parent's
  ``cancel`` sends SIGTERM, which stops the group the same way; a child
  that cannot answer it (stopped, starved) is SIGKILLed after the grace,
  and the parent stops the group then, from the scratch folder's file
  naming it (:func:`stop_left_group`).  The price:
  a signal that ends us without unwinding (SIGKILL, or SIGHUP and SIGQUIT,
  which we leave to their default action) does not reach the preprocessor
  either.  One that is working still ends on its own (it finishes, or dies
  writing to the pipe we no longer read); only a ``$CPP`` that blocks
  without writing (never the system cpp on a tree's headers) keeps running.
  With Python 3.13 a signal can be raised as ``_fork_exec`` returns inside
  ``Popen``, before ``Popen`` stores the pid (``self.pid = _fork_exec(...)``):
  the preprocessor just started is then found as our child that leads a
  session (:func:`_new_session_child`, Linux's ``/proc``); without it, cpp
  was left running (under CPU load, one cancel in six to eight landing
  while cpp starts).
* cpp's environment is ours but for ``LC_ALL=C`` and no ``LANGUAGE``: its
  messages are read (``file:line:col: error:``), and a translated one
  ("schwerwiegender Fehler") lost its place and named our scratch unit.
  The whole locale, not only ``LC_MESSAGES``: tried with gcc, the character
  type changed nothing it read or wrote but the quotes of its messages
  (``'-q'``, not ``‘-q’`` as under UTF-8; an ``#error``'s non-ASCII text is
  ``\\U000000e9`` under every locale), so a message reads the same on every
  machine; cpp reads the headers as bytes, which C is (we decode its output).
  Nor does it get ``CPATH``, ``C_INCLUDE_PATH`` (include folders
  that gcc, clang and tcc add despite ``-nostdinc``: a header missing from
  the tree was read from ``/usr/include``), ``CPLUS_INCLUDE_PATH``,
  ``OBJC_INCLUDE_PATH``, ``OBJCPLUS_INCLUDE_PATH`` (the same, for a
  ``$CPP`` set to another language) or ``DEPENDENCIES_OUTPUT``,
  ``SUNPRO_DEPENDENCIES`` (gcc wrote a dependency file into the current
  folder, from ``check`` too): a tree's
  headers come only from the tree (and ``-I`` options of ``$CPP``), and the
  rerun stamp, which records ``$CPP`` but no such variable, stays right.
* Each ``-D`` is spelled as the headers' own ``#define`` of the name, so a
  header's definition repeats ours: ``__VIR_ADMIN_H_INCLUDES__`` empty, as
  libvirt-admin.h defines it (value 1 made every run warn "redefined", and
  ``cpp -Werror`` or ucpp fail on libvirt-admin.h); ``VIR_DEPRECATED``
  empty (libvirt-common.h defines it only ``#ifndef``);
  ``VIR_ENUM_SENTINELS`` no header defines.
* The preprocessor is ``$CPP`` when set (split into words as a shell
  would, quotes allowed), else ``cpp`` (else ``gcc -E``, ``cc -E``).
* A ``$CPP`` that writes more than :data:`MAX_CPP_OUTPUT` (256 MiB,
  stdout and stderr together) is stopped there and said so ("wrote more
  than 256 MiB"): read whole, ``CPP='sh -c yes'`` filled the machine's
  memory before anything could judge it; a real tree's output is ~0.6 MB.
* The preprocessor may map at most :data:`CPP_ADDRESS_SPACE` (4 GiB,
  ``RLIMIT_AS``; a lower limit of the user's stays): a header including
  ``/dev/zero`` made cc1 take the machine's memory until the OOM killer
  came; now cc1 says "out of memory" within a second, reported as any
  failing preprocessor is (below).
* A ``$CPP`` that fails or is no C preprocessor is said so, naming the
  command: one that exits non-zero with no ``file:line: error:`` line of
  cpp's gives its exit status and the first line of its stderr that says
  ``error:`` (``cpp: error: ...``, ``cc1: fatal error: ...``), else its
  first line (gcc's first line can be "In file included from", mcpp's last
  is "1 error in preprocessor."; neither is the cause); one whose
  output holds text no header produced (``echo``, ``cat``: text before the
  first ``#line`` marker, or under a marker of our scratch unit, whose own
  lines are ``#include``s and leave nothing) or names none of the headers
  (``true``) is "not C from the headers".  Output with text but no
  ``#line`` marker at all (``cpp -P``, ``echo``) says that first: "no #line
  markers: the preprocessor must keep them (no -P)", then its first line;
  the header text ``cpp -P`` prints would otherwise be called text no header
  produced, pointing away from the cause.  Left to the C parser,
  such output fails at a line of the scratch unit, a file the user never saw
  (and gone by then), or parses into an empty API.  ucpp's markers
  (``#line N "file"``) are named as such.  Output that keeps comments
  (``cpp -C``) is said so, where pycparser said "Comments are not supported"
  at line 1 of the first header.
* The fake ``sys/types.h`` has an include guard, as a libc's has: every
  header includes it, and without one ``size_t`` was declared once per
  header, the only name a real tree declares twice (a redeclaration costs
  the parse the work of comparing its types, see :mod:`.records`).
* A macro a header defines again with another body is an error at the
  second definition's name, naming the first (``'X' redefined with another
  value (first defined at FILE:LINE:COL)``, that column printed as gcc
  prints columns, FILE from the current folder as the error's own path is:
  :attr:`.errors.FrontendError.first_at`): cpp only warns (``"X" redefined``, then a note at the
  previous definition), keeps the later body while the scanner keeps the
  earlier, and libvirt builds with ``-Werror``.  Read from gcc's wording and
  clang's (``'X' macro redefined``, ``previous definition is here``); any
  other, or a ``$CPP`` told to be silent (``-w``), leaves the run as it was.
  An identical redefinition is legal C, and a definition in a branch cpp
  skips is none: cpp says nothing of either.  Both places are files of the
  tree: a name our ``-D`` defined first (``<command-line>``) is no mistake
  of the headers (libvirt's build has no such ``-D``), nor is a builtin's.
  gcc places both at the directive's first line without a column; the name
  is looked up from there (past ``define``, across a line continuation), so
  gcc and clang (which place the name) give one place.
* ``path_map`` lists the files in the order cpp first entered them: nothing
  in it may depend on the hash seed (an error about two declarations names
  one of them, and which must not change from run to run).
* Any file name works but one with a line break (an ``#include`` line
  cannot hold it; :mod:`.tree` refuses such an input's name): cpp writes ``"``, ``\\`` and a line break in a ``#line``
  marker escaped (``\\"``, ``\\\\``, ``\\n``), and the markers are read back
  that way (the map's keys are the markers as written, as pycparser keeps
  them; its values are the names unescaped).  A name holding ``"`` is
  included with ``#include <...>``: cpp's ``#include "..."`` ends at the
  first ``"`` and knows no escapes.
* cpp reads and writes file names as bytes, the header text is UTF-8: its
  output is decoded as UTF-8 with ``surrogateescape`` (text that is not
  UTF-8 is the raw-file scan's error, with its position), and a file name
  crosses between that text and Python's names as its real bytes
  (:func:`cpp_text`, :func:`file_name`: ``os.fsencode``/``os.fsdecode``).
  Writing Python's names as UTF-8 instead broke every run of a tree at a
  non-ASCII path under a Latin-1 locale (``jürgen`` was written as other
  bytes than the folder's: cpp found no header) or an ASCII one with
  ``PYTHONUTF8=0`` (no marker mapped back to its header: "no header
  declares it" for every function).  cpp's stderr (messages in the C
  locale, names as bytes) is decoded as Python decodes names.
* :class:`UnitLines` places a column of cpp's output in the header line it
  came from (cpp collapses spaces, drops comments and expands macros, so the
  two differ): the tokens of both lines are aligned, and a token that a
  macro produced is placed at the macro's name where it is used.  Errors,
  and the few records whose place the scanner cannot find by name, use it;
  it costs a pass over the whole text, so nothing else does.  Its first
  line asked for indexes every line's offset, and a line aligned once is
  not aligned again, so placing many repeats of one declaration costs one
  lookup each, not a walk of its run (quadratic: 4,000 repeats took 0.8 s).
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from .. import clex
from ..fastpath import PREPROCESSORS
from ..positions import character_column, display_column
from .cvalues import LIBRARY_TYPES
from .errors import FrontendError
from .parallel import GROUP_FILE
from .tree import TreeInputs, configure

_FAKE_TYPES = "".join(
    ["#ifndef VIRT_APIGEN_SYS_TYPES_H\n#define VIRT_APIGEN_SYS_TYPES_H\n"]
    + [f"typedef {spelled} {name};\n" for name, spelled in LIBRARY_TYPES.items()]
    + ["#endif\n"]
)
# the header-defined macros exactly as the headers define them (libvirt-admin.h: empty), so that
# a header's own #define repeats ours and no preprocessor warns "redefined" (see the module docstring)
_DEFINES = ("-DVIR_DEPRECATED=", "-DVIR_ENUM_SENTINELS", "-D__VIR_ADMIN_H_INCLUDES__=")
# what cpp must not see of our environment: include folders (CPATH & co.: gcc's, clang's, tcc's), a
# dependency file written beside the run (gcc's DEPENDENCIES_OUTPUT, SUNPRO_DEPENDENCIES), LANGUAGE
# (gettext's choice of message catalogue).  See the module docstring.
_UNSET = frozenset({
    "CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH", "OBJCPLUS_INCLUDE_PATH",
    "DEPENDENCIES_OUTPUT", "SUNPRO_DEPENDENCIES", "LANGUAGE",
})
_GRACE = 0.5  # seconds a stopped preprocessor's group has after SIGTERM before SIGKILL
# group 2: the file, escaped as cpp escapes it (the loop unrolled: half the time of (?:[^"\\]|\\.)*)
MARKER_RE = re.compile(r'^# (\d+) "([^"\\\n]*(?:\\.[^"\\\n]*)*)"', re.MULTILINE)


CppWarning = tuple[str, int, int, str]  # (file as the tree names it, line, character column, message)


def preprocess(tree: TreeInputs, scratch: str | None = None) -> tuple[str, dict[str, str], tuple[CppWarning, ...]]:
    """Preprocessed text of all headers, a map from marker paths to our paths, and cpp's
    warnings at places in the headers (:func:`_cpp_warnings`).  ``scratch``: a folder for
    the configured headers and the unit, owned (made and removed) by the caller; else a
    temporary one of our own."""
    command = _cpp_command()
    if scratch is not None:
        return _preprocess_in(tree, Path(scratch), command)
    with tempfile.TemporaryDirectory(prefix="virt-apigen-") as made:
        return _preprocess_in(tree, Path(made), command)


def _write_scratch(path: Path, text: str) -> None:
    """A file of the scratch folder; a full or read-only ``$TMPDIR`` is an error naming it
    (a write that fails for lack of space carries no file name of its own)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", errors="surrogateescape")
    except OSError as error:
        raise FrontendError(f"cannot write the preprocessor's scratch file {path} (in $TMPDIR): {error.strerror}") from None


def cpp_text(name: str) -> str:
    """A Python file name as it reads in cpp's input and output (decoded as UTF-8,
    see the module docstring): its real bytes.  Under a UTF-8 file system the name itself."""
    return os.fsencode(name).decode("utf-8", "surrogateescape")


def file_name(text: str) -> str:
    """The Python file name of a name as it reads in cpp's output (the inverse of :func:`cpp_text`)."""
    return os.fsdecode(text.encode("utf-8", "surrogateescape"))


def _preprocess_in(tree: TreeInputs, scratch_path: Path, command: list[str]) -> tuple[str, dict[str, str], tuple[CppWarning, ...]]:
    _write_scratch(scratch_path / "sys" / "types.h", _FAKE_TYPES)  # a redo in the parent finds the child's folder
    path_map: dict[str, str] = {}
    generated = scratch_path / "gen"
    include_args = _include_args(tree, scratch_path, generated, path_map)
    unit = _translation_unit(tree, generated)
    source = scratch_path / "unit.c"
    _write_scratch(source, unit)  # its #include lines hold the headers' names as their bytes (cpp_text)
    argv = command + ["-nostdinc", *_DEFINES] + include_args + [str(source)]
    status, output, errors = _run(argv, command, scratch_path / GROUP_FILE)
    _check_cpp_messages(status, errors, tree, scratch_path, command)
    # surrogateescape: text that is not UTF-8 is the raw-file scan's error; markers hold names' bytes (file_name)
    stdout = output.decode("utf-8", "surrogateescape")
    known = _known_headers(tree)
    markers = dict.fromkeys(found[1] for found in MARKER_RE.findall(stdout))  # in cpp's order: see the module docstring
    for marker in markers:
        if marker not in path_map:
            path_map[marker] = _relative(file_name(unescaped(marker)), tree, scratch_path, known)
    _check_output(stdout, source, {path_map[m] for m in markers}, set(known.values()), path_map, tree, scratch_path, command)
    if "\n#ident" in stdout or "\n#sccs" in stdout:  # the cheap test first: no libvirt header has one
        stdout = _IDENT_RE.sub("", stdout)
    return stdout, path_map, _cpp_warnings(os.fsdecode(errors), tree, scratch_path)


def _include_args(tree: TreeInputs, scratch_path: Path, generated: Path, path_map: dict[str, str]) -> list[str]:
    """cpp's ``-I`` options, after writing the configured ``.h.in`` headers into
    ``generated`` (each mapped in ``path_map``, from its name in cpp's markers, to the template)."""
    include_args = ["-I", str(scratch_path)]
    templates = [h for m in tree.modules for h in m.headers if h.endswith(".h.in")] + list(tree.context_templates)
    for header in templates:
        target = generated / "libvirt" / Path(header).name[:-3]
        text = (tree.root / header).read_text(encoding="utf-8", errors="replace")
        _write_scratch(target, configure(text, tree.version))
        path_map[escaped(cpp_text(str(target)))] = header
    if templates:
        include_args = ["-I", str(generated), *include_args]
    for extra in tree.extra_include_roots:  # a named build-tree libvirt-common.h before the source's folder
        include_args += ["-I", str((tree.root / extra).resolve())]
    if tree.include_root is not None:
        include_args += ["-I", str((tree.root / tree.include_root).resolve())]
    return include_args


def _check_cpp_messages(status: int, errors: bytes, tree: TreeInputs, scratch_path: Path, command: list[str]) -> None:
    """Raise when cpp failed (``status``), or warned (``errors``) of what
    leaves its output other than what a compiler reads."""
    if status != 0:
        raise _cpp_error(os.fsdecode(errors), tree, scratch_path, command, status)
    unterminated = _unterminated_literal(os.fsdecode(errors), tree, scratch_path)
    if unterminated is not None:  # cpp only warns; what follows it (a comment too) became the literal's text
        raise unterminated
    redefined = _redefinition(os.fsdecode(errors), tree, scratch_path)
    if redefined is not None:  # cpp only warns and keeps the later body; the scanner, the earlier one
        raise redefined


def _check_output(
    stdout: str, source: Path, read: set[str], headers: set[str], path_map: dict[str, str], tree: TreeInputs, scratch_path: Path, command: list[str],
) -> None:
    """Raise when cpp's output (from the unit ``source``, reading the files
    ``read``) holds what is not C from the ``headers``, keeps comments, or
    gives declarations only on a header's second read."""
    not_c = _not_from_headers(stdout, cpp_text(str(source)), read, headers, lambda line: _shorten(line, tree, scratch_path))
    if not_c:
        raise FrontendError(f"the output of the C preprocessor '{shlex.join(command)}' is not C from the headers: {_shorten(not_c, tree, scratch_path)}")
    if _keeps_comments(stdout):
        raise FrontendError(f"the output of the C preprocessor '{shlex.join(command)}' keeps comments: the preprocessor must drop them (no -C or -CC)")
    reread = _read_again(stdout, path_map)
    if reread is not None:
        raise reread


# gcc's cpp passes "#ident" and "#sccs" (version strings for the object file) through, which
# C compilers take and pycparser does not ("Directives not supported yet"): the line is emptied
_IDENT_RE = re.compile(r"(?<=\n)#(?:ident|sccs)\b[^\n]*")


# a line marker with its flags: 1 entering a file, 2 returning to it
_FLAGGED_MARKER_RE = re.compile(r'^# (\d+) "((?:[^"\\\n]|\\.)*)"((?: \d+)*)$', re.MULTILINE)


def _read_again(stdout: str, path_map: dict[str, str]) -> FrontendError | None:
    """An error at the first line a header gives only when the unit reads it a second time.

    The unit includes ``libvirt.h`` and then every header again, which its
    include guard makes a no-op, and then every header with a guard once
    more (:func:`_translation_unit`): those ``libvirt.h`` does not include
    (``libvirt-qemu.h``, ``libvirt-lxc.h``, ``libvirt-admin.h``) are read
    twice too.  A guard that does not hold because of a
    stray ``#else`` or ``#endif`` at its level lets that second read
    through to what the first one skipped: declarations that a program
    including the header once never sees, which the model would list.
    Only the unit's own includes count: a helper that a header includes
    twice on purpose (with other macros defined) gives what every program
    sees.  Lines both reads give (outside the guard; a header with no
    guard that ``libvirt.h`` includes) are left to the parse: the builder's redeclaration error names
    the guard."""
    markers = list(_FLAGGED_MARKER_RE.finditer(stdout))
    entered = _times_entered(markers)
    unit = markers[0].group(2) if markers else ""
    seen: set[str] = set()
    stack: list[tuple[str, bool]] = []  # (file, entered by the unit after an earlier read of it)
    first_read: dict[str, set[int]] = {}  # file entered twice -> the lines its earlier reads gave
    for index, marker in enumerate(markers):
        file, flags = marker.group(2), marker.group(3).split()
        if "1" in flags:
            by_unit = (stack[-1][0] if stack else unit) == unit
            stack.append((file, by_unit and file in seen))
            seen.add(file)
        elif "2" in flags:
            while stack and stack[-1][0] != file:
                stack.pop()
        if not stack or stack[-1][0] != file or entered.get(file, 0) < 2 or path_map.get(file, "<").startswith("<"):
            continue
        end = markers[index + 1].start() if index + 1 < len(markers) else len(stdout)
        number = int(marker.group(1)) - 1
        for text in stdout[marker.end() + 1 : end].split("\n"):
            number += 1
            if not text.strip():
                continue
            if not stack[-1][1]:
                first_read.setdefault(file, set()).add(number)
            elif number not in first_read.get(file, set()):
                col = UnitLines(stdout).source_column(file, number, len(text) - len(text.lstrip()) + 1)
                return FrontendError(
                    "this header gives declarations only when it is read a second time: its include guard does not hold"
                    " (a stray '#else' or '#endif' at its level?), so a program including it once never sees them",
                    path_map[file], number, col,
                )
    return None


def _times_entered(markers: list[re.Match[str]]) -> dict[str, int]:
    """How many times cpp's line ``markers`` (flag 1) enter each file."""
    entered: dict[str, int] = {}
    for marker in markers:
        if "1" in marker.group(3).split():
            entered[marker.group(2)] = entered.get(marker.group(2), 0) + 1
    return entered


def _run(argv: list[str], command: list[str], group_file: Path | None = None) -> tuple[int, bytes, bytes]:
    """Run the preprocessor: its exit status (-N: killed by signal N), stdout and stderr.
    In a session of its own, stopped with all its processes when we are (see the
    module docstring); its environment is :func:`_cpp_environment`.

    While it runs, ``group_file`` names its process group: a parse child that
    is killed before it could stop the group (SIGKILL after the parent's grace,
    :data:`generator.background.CANCEL_GRACE`: a stopped or starved child) leaves
    the group running, and the parent, which removes the scratch folder, stops
    it from this file (:func:`stop_left_group`).  Removed once the group is
    stopped or has ended on its own."""
    try:
        process = _Preprocessor(argv)
    except OSError as error:
        raise FrontendError(f"cannot run the C preprocessor '{argv[0]}': {error.strerror}") from None
    try:
        _name_group(group_file, process.pid)
        output, errors = _bounded_communicate(process, command)
    except BaseException:  # Ctrl-C, SIGTERM (fastpath.Terminated), a cancelled child, too much output: cpp goes with us
        _stop(process)
        raise
    finally:
        if group_file is not None:
            with contextlib.suppress(OSError):
                group_file.unlink()
    return process.returncode, output, errors


def _name_group(group_file: Path | None, group: int) -> None:
    """Write ``group`` into ``group_file`` (a temporary renamed: the parent reads it whole or not at all); quietly,
    as the file is only a fallback's."""
    if group_file is None:
        return
    written = group_file.with_name(group_file.name + ".tmp")
    with contextlib.suppress(OSError):
        written.write_text(str(group), encoding="ascii")
        os.replace(written, group_file)


def stop_left_group(scratch: str) -> None:
    """SIGKILL the preprocessor's process group a killed parse child left running
    (its :data:`GROUP_FILE` is still there: a child that stopped the group, or saw
    it end, removed it).  Called by the parent once the child is reaped, before
    it removes the scratch folder."""
    try:
        group = int(Path(scratch, GROUP_FILE).read_text(encoding="ascii"))
    except (OSError, ValueError):
        return
    if group > 1:
        import signal

        _signal_group(group, signal.SIGKILL)  # the child's SIGTERM and grace were its to give


# cpp's output for libvirt 9.0.0's headers is ~0.6 MB; a preprocessor writing
# without end (CPP='yes') filled 24 GB of memory before the OOM killer came
MAX_CPP_OUTPUT = 256 * 1024 * 1024


def _bounded_communicate(process: subprocess.Popen[bytes], command: list[str]) -> tuple[bytes, bytes]:
    """``process.communicate()`` with stdout and stderr together held to
    :data:`MAX_CPP_OUTPUT` bytes: more is an error naming ``command`` (the
    preprocessor as the user gave it; the caller stops the process)."""
    import selectors

    assert process.stdout is not None and process.stderr is not None
    out_fd, err_fd = process.stdout.fileno(), process.stderr.fileno()
    chunks: dict[int, list[bytes]] = {out_fd: [], err_fd: []}
    total = 0
    with selectors.DefaultSelector() as selector:
        selector.register(out_fd, selectors.EVENT_READ)
        selector.register(err_fd, selectors.EVENT_READ)
        while selector.get_map():
            for key, _ in selector.select():
                data = os.read(key.fd, 1 << 20)
                if not data:
                    selector.unregister(key.fd)
                    continue
                chunks[key.fd].append(data)
                total += len(data)
                if total > MAX_CPP_OUTPUT:
                    raise FrontendError(f"the C preprocessor '{shlex.join(command)}' wrote more than {MAX_CPP_OUTPUT >> 20} MiB: not the output of the headers")
    process.stdout.close()
    process.stderr.close()
    process.wait()
    return b"".join(chunks[out_fd]), b"".join(chunks[err_fd])


class _Preprocessor(subprocess.Popen[bytes]):
    """cpp started in a session (and process group) of its own, no stdin.  A signal
    landing while ``Popen`` waits for the exec leaves a started process that no
    caller ever sees: it is stopped here."""

    def __init__(self, argv: list[str]) -> None:
        try:
            with _address_space_limit():
                super().__init__(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_cpp_environment(), start_new_session=True)
        except BaseException:
            if not getattr(self, "pid", None):  # Python 3.13 can raise before Popen stores the pid
                self.pid = _new_session_child() or 0
            if self.pid and self.returncode is None:  # forked, not reaped: it runs
                _stop(self)
            raise


# What the preprocessor may map: cpp on libvirt 9.0.0's headers maps ~0.1 GiB;
# `#include "/dev/zero"` made cc1 take memory until the OOM killer came
CPP_ADDRESS_SPACE = 4 << 30


@contextlib.contextmanager
def _address_space_limit() -> Iterator[None]:
    """Lower our soft RLIMIT_AS to :data:`CPP_ADDRESS_SPACE` while ``Popen`` forks,
    so that the preprocessor inherits it, then restore it.  A ``preexec_fn``
    would set it in the child alone, but costs ~2 ms a run (Popen then forks
    instead of vfork).  Our own mappings in that window must fit: the limit
    is at least 1 GiB above what this process maps now (Linux's
    ``/proc/self/statm``; elsewhere no limit).  A lower limit already set is
    kept."""
    try:
        mapped = int(Path("/proc/self/statm").read_bytes().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (OSError, ValueError, IndexError):
        yield
        return
    wanted = max(CPP_ADDRESS_SPACE, mapped + (1 << 30))
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft <= wanted:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _new_session_child() -> int | None:
    """Our child that leads a session of its own: the preprocessor a signal cut
    ``Popen`` short of recording (Python 3.13 checks for signals as
    ``_fork_exec`` returns, before ``self.pid = ...``).  We start no other
    process in a session of its own.  Linux (``/proc``); elsewhere None."""
    import threading

    try:
        children = Path(f"/proc/self/task/{threading.get_native_id()}/children").read_text(encoding="ascii").split()
        for child in children:
            fields = Path(f"/proc/{child}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
            if fields[3] == child:  # state, ppid, pgrp, session
                return int(child)
    except (OSError, ValueError, IndexError):
        return None
    return None


def _cpp_environment() -> dict[str, str]:
    """Ours, less what would make cpp read headers from outside the tree or write
    files (:data:`_UNSET`), in the C locale (see the module docstring)."""
    environment = {name: value for name, value in os.environ.items() if name not in _UNSET}
    environment["LC_ALL"] = "C"
    return environment


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End the preprocessor's process group and reap the preprocessor: SIGTERM to the
    group, then, once the preprocessor has ended or after :data:`_GRACE` seconds,
    SIGKILL to whatever is left of it.  The preprocessor is reaped last: until
    then its pid, the group's id, cannot name another process's group."""
    import signal

    try:
        _signal_group(process.pid, signal.SIGTERM)
        _wait_ended(process, _GRACE)
    finally:  # even if a second Ctrl-C cuts the grace short
        _signal_group(process.pid, signal.SIGKILL)
        process.wait()


def _signal_group(group: int, number: int) -> None:
    import contextlib

    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group has ended (or is a setuid program's)
        os.killpg(group, number)


def _wait_ended(process: subprocess.Popen[bytes], grace: float) -> None:
    """Wait up to ``grace`` seconds for ``process`` to end, leaving it unreaped."""
    import time

    deadline = time.monotonic() + grace
    pause = 0.001
    while process.returncode is None and not _ended(process):
        if time.monotonic() >= deadline:
            return
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def _ended(process: subprocess.Popen[bytes]) -> bool:
    if not hasattr(os, "waitid"):  # macOS: reaped here, the group's id is the group's while it has members
        return process.poll() is not None
    return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def _keeps_comments(text: str) -> bool:
    """Whether preprocessed ``text`` holds a comment (``cpp -C``); pycparser would
    call it unsupported at a place of no use.  str.find first: no output of a
    preprocessor that drops comments holds ``/*`` or ``//`` outside a string."""
    for opening in ("/*", "//"):
        found = text.find(opening)
        while found >= 0:
            start = text.rfind("\n", 0, found) + 1
            end = text.find("\n", found)
            line = text[start : end if end >= 0 else len(text)]
            if any(token.group()[:2] in ("/*", "//") for token in _C_TOKEN_RE.finditer(line)):
                return True
            found = text.find(opening, end if end >= 0 else len(text))
    return False


def _cpp_command() -> list[str]:
    try:
        return shlex.split(os.environ.get("CPP", "")) or _find_cpp()
    except ValueError as error:  # an unclosed quote
        raise FrontendError(f"$CPP cannot be split into words: {error}") from None


def _not_from_headers(text: str, unit: str, named: set[str], headers: set[str], shorten: Callable[[str], str]) -> str | None:
    """Why preprocessed ``text`` cannot be the headers (None: it can): text
    before the first ``#line`` marker or under one of our ``unit``, or no
    marker naming any of the ``headers`` (``named``: what the markers name).
    Output with no marker at all is said so first: the likeliest cause is a
    preprocessor told to drop them (``-P``).  The line quoted is ``shorten``-ed
    (our scratch folder cut out) before it is cut to 60 characters: the other
    way round, a long ``$TMPDIR`` left a piece of its path where the file name was."""
    stray = _stray_line(text, unit)
    if stray is not None:
        stray = shorten(stray)
        shown = stray if len(stray) <= 60 else stray[:57] + "..."
        if not named and stray.startswith("#line "):  # ucpp's markers
            return f"its line markers are '#line N \"file\"' directives, only the form '# N \"file\"' is read; it printed '{shown}'"
        if not named:
            return f"no #line markers: the preprocessor must keep them (no -P); it printed '{shown}'"
        return f"it holds text no header produced: '{shown}'"
    if headers and not named & headers:
        return "no #line marker names any of them"
    return None


def _stray_line(text: str, unit: str) -> str | None:
    """The first non-blank line of ``text`` before its first ``#line`` marker or
    under a marker of ``unit`` (whose ``#include``s and ``#define``s leave only
    blank lines).  str.find, not a regex: a regex over 180 KB of text costs 1 ms."""
    starts = [0]
    unit = escaped(unit)
    needle = f' "{unit}"'
    found = text.find(needle)
    while found >= 0:
        line_start = text.rfind("\n", 0, found) + 1
        marker = MARKER_RE.match(text, line_start)
        if marker is not None and marker.group(2) == unit:
            end = text.find("\n", found)
            starts.append(end if end >= 0 else len(text))
        found = text.find(needle, found + 1)
    for start in starts:
        following = MARKER_RE.search(text, start)
        segment = text[start : following.start() if following else len(text)].strip()
        if segment:
            return segment.splitlines()[0].strip()
    return None


def _find_cpp() -> list[str]:
    for program, arguments in PREPROCESSORS:
        found = shutil.which(program)
        if found:
            return [found, *arguments]
    raise FrontendError("no C preprocessor found: install cpp (Debian package 'cpp') or set $CPP")


def _translation_unit(tree: TreeInputs, generated: Path) -> str:
    """The unit cpp reads: the umbrella, every header, then every header
    with an include guard again (see :func:`_read_again`)."""
    lines = []
    if tree.umbrella:
        lines.append(_include(tree.root / tree.umbrella, tree.umbrella))
    lines.append("#ifndef __VIR_LIBVIRT_H_INCLUDES__\n# define __VIR_LIBVIRT_H_INCLUDES__\n#endif")
    paths = [
        (generated / "libvirt" / Path(header).name[:-3], header, False) if header.endswith(".h.in") else (tree.root / header, header, True)
        for module in tree.modules for header in module.headers
    ]
    lines += [_include(path, header, resolve) for path, header, resolve in paths]
    lines += [_include(path, header, resolve) for path, header, resolve in paths if _has_guard(path)]
    return "\n".join(lines) + "\n"


_SPACE_OR_COMMENTS = r"(?:\s|/\*(?:[^*]|\*(?!/))*\*/|//[^\n]*)*"
# an include guard, as cpp's multiple-include optimization knows one: the first directive is
# '#ifndef NAME', the next one '#define NAME' (whether one '#endif' closes it is the second read's to tell)
_GUARD_RE = re.compile(rf"\ufeff?{_SPACE_OR_COMMENTS}#[ \t]*ifndef[ \t]+(\w+)\b[^\n]*\n{_SPACE_OR_COMMENTS}#[ \t]*define[ \t]+\1\b")


def _has_guard(path: Path) -> bool:
    """Whether the header at ``path`` starts with an include guard, so that
    a second read of it must give nothing.  One with none is read once: a
    second read repeated its ``#define``s, ``#warning``s and declarations
    (libvirt's apibuild.py reads a header with no guard, as we do); an
    unreadable one is cpp's to report."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return _GUARD_RE.match(text) is not None


def _include(path: Path, header: str, resolve: bool = True) -> str:
    """The ``#include`` line of ``path`` (``header`` as the tree names it): in
    quotes, else, the name holding a ``"``, in angle brackets (an absolute
    path is opened as it is either way); a name holding both or a line break
    cannot be written in one.  The name is its bytes (:func:`cpp_text`)."""
    name = cpp_text(str(path.resolve() if resolve else path))
    if "\n" not in name and '"' not in name:
        return f'#include "{name}"'
    if "\n" not in name and ">" not in name:
        return f"#include <{name}>"
    raise FrontendError("this file's path cannot be named in an #include line (it holds both '\"' and '>', or a line break)", header, 1, 1)


def escaped(path: str) -> str:
    """A file name as cpp writes it in a ``#line`` marker."""
    return path.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def unescaped(marker: str) -> str:
    """The file name a ``#line`` marker names (see :func:`escaped`)."""
    if "\\" not in marker:
        return marker
    return re.sub(r"\\(.)", lambda found: "\n" if found.group(1) == "n" else found.group(1), marker)


class UnitLines:
    """The preprocessed unit by where its lines come from (see the module
    docstring): the stretches of lines between ``#line`` markers, in the
    unit's order, each line of cpp's output by its file and line, and a
    column of it placed in the header's own line.  Built on first use."""

    def __init__(self, text: str, first_file: str = "", originals: Mapping[str, str] | None = None) -> None:
        self.text = text
        self.first_file = first_file  # the file of the lines before the first marker
        # marker -> the file to read its lines from instead: a configured copy's .h.in (line for line the
        # same, one word replaced), since the copy went with the scratch folder before the parse
        self.originals = originals or {}
        self._runs: list[tuple[str, int, int, int]] | None = None
        self._starts: dict[tuple[str, int], int] | None = None  # (marker file, line) -> its offset in the text
        self._sources: dict[str, list[str] | None] = {}
        self._placed: dict[tuple[str, str, int], int] = {}  # see source_column

    def runs(self) -> list[tuple[str, int, int, int]]:
        """(marker file, first line, last line, offset of the first line in the text), in the unit's order."""
        if self._runs is None:
            self._runs = _runs(self.text, self.first_file)
        return self._runs

    def line(self, marker: str, number: int) -> str | None:
        """cpp's output line ``number`` of the file ``marker`` (the first, for a file entered twice)."""
        if self._starts is None:  # one pass for every line: a repeat placed costs a lookup, not a walk of its run
            self._starts = _line_starts(self.text, self.runs())
        start = self._starts.get((marker, number))
        if start is None:
            return None
        end = self.text.find("\n", start)
        return self.text[start : end if end >= 0 else len(self.text)]

    def source_column(self, marker: str, number: int, col: int) -> int:
        """Column ``col`` of cpp's output line ``number`` of ``marker``, as a
        column of that line in the file itself (``col`` when either is not at hand)."""
        produced = self.line(marker, number)
        written = self.source_line(marker, number)
        if produced is None or written is None:
            return col
        key = (produced, written, col)  # a declaration repeated line after line is aligned once
        placed = self._placed.get(key)
        if placed is None:
            placed = self._placed[key] = source_column(produced, written, col)
        return placed

    def source_line(self, marker: str, number: int) -> str | None:
        """The line ``number`` of the file ``marker`` as written (None when it cannot be read)."""
        if marker not in self._sources:
            self._sources[marker] = _cpp_lines(self.originals.get(marker) or file_name(unescaped(marker)))
        lines = self._sources[marker]
        return lines[number - 1].rstrip("\r") if lines is not None and 0 < number <= len(lines) else None


def _line_starts(text: str, runs: list[tuple[str, int, int, int]]) -> dict[tuple[str, int], int]:
    """Where each line of the runs starts in ``text``, by (marker file, line);
    of a line a file has twice (entered twice), the first."""
    starts: dict[tuple[str, int], int] = {}
    for file, first, last, offset in runs:
        for number in range(first, last + 1):
            starts.setdefault((file, number), offset)
            offset = text.find("\n", offset) + 1
    return starts


def _runs(text: str, first_file: str) -> list[tuple[str, int, int, int]]:
    runs: list[tuple[str, int, int, int]] = []
    file, first, offset = first_file, 1, 0
    for marker in MARKER_RE.finditer(text):
        count = text.count("\n", offset, marker.start())
        if count:
            runs.append((file, first, first + count - 1, offset))
        end = text.find("\n", marker.end())
        file, first, offset = marker.group(2), int(marker.group(1)), end + 1 if end >= 0 else len(text)
    count = text.count("\n", offset) + (not text.endswith("\n") and offset < len(text))
    if count:
        runs.append((file, first, first + count - 1, offset))
    return runs


# C tokens of one line, coarsely (both lines are cut the same way): strings,
# characters, comments (to be left out; one the line leaves open runs to its
# end), words and numbers, single punctuators
_C_TOKEN_RE = re.compile(f"{clex.STRING}|{clex.CHAR}|{clex.BLOCK_COMMENT}|/\\*.*|{clex.LINE_COMMENT}|\\w+|\\S")


_LINE_END_RE = re.compile("\r\n|\r|\n")
_ALIGN_MAX_TOKENS = 400  # tokens per line above which source_column stops aligning (libvirt's longest line has ~40)


def source_column(produced: str, written: str, col: int) -> int:
    """Column ``col`` of cpp's output line ``produced`` as a column of the
    source line ``written`` it came from: the tokens of the two lines are
    aligned; a token that has its like in the source is at it, one a macro
    produced is at the macro's name (the last word of the source before the
    end of the stretch that differs that cpp's output does not have)."""
    import difflib

    made = [(found.group(), found.start() + 1) for found in _C_TOKEN_RE.finditer(produced)]
    close, opening = written.find("*/"), written.find("/*")
    start = close + 2 if close >= 0 and (opening < 0 or close < opening) else 0  # past the end of a comment begun above
    source = [(found.group(), found.start() + 1) for found in _C_TOKEN_RE.finditer(written, start) if found.group()[:2] not in ("/*", "//")]
    if not made or not source:
        return col
    index = next((i for i, (text, at) in enumerate(made) if col < at + len(text)), len(made) - 1)
    if len(made) > _ALIGN_MAX_TOKENS or len(source) > _ALIGN_MAX_TOKENS:
        # difflib's alignment is quadratic: a 50 KB line of '@' took minutes to place an
        # error.  No declaration of libvirt's comes near; such a line gets the first place
        # its token has in the source (the column itself when the line is cpp's unchanged).
        if produced == written:
            return col
        if len(made) == len(source) and all(text == other for (text, _), (other, _) in zip(made, source, strict=True)):
            return source[index][1]  # the same tokens, cpp only respaced them (a comment, a tab): linear
        found = written.find(made[index][0])
        return found + 1 if found >= 0 else _macro_name(made, source)
    matcher = difflib.SequenceMatcher(None, [text for text, _ in made], [text for text, _ in source], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if not i1 <= index < i2:
            continue
        if tag == "equal":
            return source[j1 + index - i1][1]
        words = {text for text, _ in made}
        for text, at in reversed(source[: max(j2, 1)]):
            if text not in words and (text[0].isalpha() or text[0] == "_"):
                return at
        return source[min(j1, len(source) - 1)][1]
    return min(col, len(written) + 1)  # never past the source line: a column of the expansion is no place in it


def _macro_name(made: list[tuple[str, int]], source: list[tuple[str, int]]) -> int:
    """The column of the last word of the source line that cpp's output line
    does not have (the macro whose expansion holds the place), else of its first token."""
    words = {text for text, _ in made}
    for text, at in reversed(source):
        if text not in words and (text[0].isalpha() or text[0] == "_"):
            return at
    return source[0][1]


_CPP_ERROR_RE = re.compile(r"^(.+?):(\d+):(?:(\d+):)? (?:fatal )?error: (.*)$")
# a line that says an error without a place: "cpp: error: ...", "cc1: fatal error: ...", "error: ..."
_DIAGNOSTIC_RE = re.compile(r"(?:^|: )(?:fatal )?error: ")
_WARNING_RE = re.compile(r"(?:^|: )warning: ")


def _cpp_error(stderr: str, tree: TreeInputs, scratch: Path, command: list[str], status: int) -> FrontendError:
    """cpp's first error, positioned in the header as the tree names it when cpp gave a place;
    else which command failed, how, and the first line it printed that says ``error:``
    (else its first line that is no warning, else its first line: mcpp's first line names
    the bad option, its "1 error in preprocessor." at the end says nothing; gcc's "In file
    included from" is no error; ucpp warns of ``-nostdinc`` before it says which file it
    did not find)."""
    lines = stderr.splitlines()
    for line in lines:
        match = _CPP_ERROR_RE.match(line)
        if match is None:
            continue
        file = _relative(match.group(1), tree, scratch, _known_headers(tree))
        message = f"the C preprocessor failed: {_shorten(match.group(4), tree, scratch)}"
        if file.startswith("<"):  # our own scratch unit: no place worth opening
            return FrontendError(message)
        number = int(match.group(2))
        return FrontendError(message, file, number, _character_column(tree, file, number, int(match.group(3) or 1)))
    how = f"exited with status {status}" if status > 0 else f"was killed by signal {-status}"
    failed = f"the C preprocessor '{shlex.join(command)}' {how}"
    said = [line.strip() for line in lines if line.strip()]
    first = next((line for line in said if _DIAGNOSTIC_RE.search(line)), next((line for line in said if not _WARNING_RE.search(line)), said[0] if said else ""))
    return FrontendError(f"{failed}: {_shorten(first, tree, scratch)}" if first else failed)


_CPP_WARNING_RE = re.compile(r"^(.+?):(\d+):(?:(\d+):)? warning: (.*?)(?: \[(-W[^\]]*)\])?$")


def _cpp_warnings(stderr: str, tree: TreeInputs, scratch: Path) -> tuple[CppWarning, ...]:
    """cpp's warnings at places in the headers, passed on as the frontend's warnings (QA, session 24: a
    ``#warning``, extra tokens after ``#endif``, a backslash and a space before a newline, ``#undef __STDC__``
    were dropped without a word, where gcc prints each).  Those made errors before get here only from a run
    that went on (none), and one about our own scratch unit or a built-in place is left out; gcc's option
    name is kept in the words (``-Wcpp``)."""
    found: list[CppWarning] = []
    known = _known_headers(tree)
    for line in stderr.splitlines():
        match = _CPP_WARNING_RE.match(line)
        if match is None:
            continue
        file = _relative(match.group(1), tree, scratch, known)
        if file.startswith("<") or match.group(2) == "0":
            continue
        number = int(match.group(2))
        text = _shorten(match.group(4), tree, scratch)
        option = f" (the C preprocessor, {match.group(5)})" if match.group(5) else " (the C preprocessor)"
        found.append((file, number, _character_column(tree, file, number, int(match.group(3) or 1)), text + option))
    return tuple(dict.fromkeys(found))  # once each: the unit reads a header a second time (see _read_again)


_UNTERMINATED_RE = re.compile(r"^(.+?):(\d+):(?:(\d+):)? warning: (missing terminating . character)$", re.MULTILINE)


def _unterminated_literal(stderr: str, tree: TreeInputs, scratch: Path) -> FrontendError | None:
    """cpp's warning about a string or character constant never closed, as an error at its
    place: gcc stops there, and the line's rest (a comment, a brace) became the literal's
    text, which would be blamed on something else (a preprocessor keeping comments)."""
    match = _UNTERMINATED_RE.search(stderr)
    if match is None:
        return None
    file = _relative(match.group(1), tree, scratch, _known_headers(tree))
    if file.startswith("<"):
        return None
    line = int(match.group(2))
    return FrontendError(match.group(4), file, line, _character_column(tree, file, line, int(match.group(3) or 1)))


# gcc: 'FILE:LINE: warning: "NAME" redefined' (a column too, or a [-W...] after it, as other
# versions may print), then, after the include stack of its own place, 'FILE:LINE: note: this is
# the location of the previous definition' ('<command-line>:' alone for a -D, no note at all for a
# builtin such as __FILE__); clang: "FILE:LINE:COL: warning: 'NAME' macro redefined [-Wmacro-redefined]"
# and "FILE:LINE:COL: note: previous definition is here".  Other wordings are not read.
_REDEFINED_RE = re.compile(r"""^(.+?):(\d+):(?:(\d+):)? warning: (?:"([^"]+)"|'([^']+)' macro) redefined(?: \[[^\]]*\])?$""")
_PREVIOUS_RE = re.compile(r"^(.+?)(?::(\d+))?(?::(\d+))?: note: (?:this is the location of the previous definition|previous definition is here)$")
# a line that starts another diagnostic (the note of a redefinition comes before any)
_DIAGNOSTIC_START_RE = re.compile(r"^.+?:\d+:(?:\d+:)? (?:fatal )?(?:warning|error): ")
_QUOTED_SOURCE_RE = re.compile(r"^ *\d* \|")  # gcc's quote of a source line ("  4192 | # define ..."), its caret line
_DEFINE_RE = re.compile(r"#\s*define\b")


def _redefinition(stderr: str, tree: TreeInputs, scratch: Path) -> FrontendError | None:
    """cpp's first warning that a header redefines a macro with another body (an identical
    redefinition is legal C, and cpp says nothing; nor of a definition in an #if branch it
    skipped), as an error at the second definition naming the first: cpp keeps the later
    body, our scanner the earlier, and libvirt builds with -Werror.  Both places must be
    files of the tree (a header, a configured template as its ``.h.in``); a macro first
    defined by our own ``-D`` (``<command-line>``), a builtin or a file outside the tree is
    left as cpp leaves it, as is a warning worded as neither gcc nor clang word it."""
    lines = stderr.splitlines()
    known: dict[Path, str] | None = None
    for index, line in enumerate(lines):
        found = _REDEFINED_RE.match(line)
        if found is None:
            continue
        previous = _previous_definition(lines, index + 1)
        if previous is None or previous.group(2) is None:
            continue
        if known is None:
            known = _known_headers(tree)
        file = _tree_file(found.group(1), tree, scratch, known)
        first_file = _tree_file(previous.group(1), tree, scratch, known)
        if file is None or first_file is None:
            continue
        name = found.group(4) or found.group(5)
        number, col = _macro_name_place(tree, file, int(found.group(2)), name, int(found.group(3) or 0))
        first_number, first_col = _macro_name_place(tree, first_file, int(previous.group(2)), name, int(previous.group(3) or 0))
        first_line = _cpp_lines(str(tree.root / first_file)) or []
        if 0 < first_number <= len(first_line):  # printed as gcc prints columns, as the error's own place is
            first_col = display_column(first_line[first_number - 1], first_col)
        return FrontendError(f"'{name}' redefined with another value", file, number, col, (first_file, first_number, first_col))
    return None


def _previous_definition(lines: list[str], start: int) -> re.Match[str] | None:
    """The note after a "redefined" warning that says where the macro was defined before
    (gcc may print an ``In file included from`` stack first); None when another diagnostic
    comes first (gcc gives a builtin no note)."""
    for line in lines[start:]:
        if _QUOTED_SOURCE_RE.match(line):
            continue
        note = _PREVIOUS_RE.match(line)
        if note is not None:
            return note
        if _DIAGNOSTIC_START_RE.match(line):
            return None
    return None


def _tree_file(path: str, tree: TreeInputs, scratch: Path, known: dict[Path, str]) -> str | None:
    """A place of cpp's message as the tree names its file (:func:`_relative`), None when it is no
    file of the tree: ``<command-line>``, ``<built-in>``, our scratch unit and fake ``sys/types.h``,
    a file outside the tree."""
    if path.startswith("<"):  # gcc's <command-line>, clang's <command line>: no file, even below the current folder
        return None
    try:
        absolute = Path(path).resolve()
    except (OSError, ValueError, RuntimeError):
        return None
    if absolute not in known and not absolute.is_relative_to(tree.root.resolve()) and not absolute.is_relative_to(scratch.resolve()):
        return None
    file = _relative(path, tree, scratch, known)
    return None if file.startswith("<") else file


def _macro_name_place(tree: TreeInputs, file: str, line: int, name: str, col: int) -> tuple[int, int]:
    """Where a ``#define`` of ``name`` that cpp places at ``line`` (gcc: the directive's line, no
    column; clang: the name's line and column) names it, in characters: the name's first token
    after ``define``, on that line or a line continuing it (``#define \\`` then the name); else
    the line and cpp's column (1 when it gave none), the same whichever preprocessor placed it."""
    lines = _cpp_lines(str(tree.root / file))
    number = line
    while lines is not None and 0 < number <= len(lines):
        text = lines[number - 1]
        directive = _DEFINE_RE.search(text) if number == line else None
        for token in _C_TOKEN_RE.finditer(text, directive.end() if directive else 0):
            if token.group() == name:
                return number, token.start() + 1
        if not text.endswith("\\"):
            break
        number += 1
    return line, _character_column(tree, file, line, col) if col > 0 else 1


def _character_column(tree: TreeInputs, file: str, line: int, col: int) -> int:
    """cpp's column (gcc's display column: a tab to the next multiple of 8, a wide
    character 2) as the model counts columns, in characters; ``col`` when the
    line cannot be read.  Errors only: the file is read again here."""
    if col <= 1:
        return col
    lines = _cpp_lines(str(tree.root / file))
    return character_column(lines[line - 1], col) if lines is not None and 0 < line <= len(lines) else col


def _cpp_lines(path: str) -> list[str] | None:
    """A file's lines as cpp counts them (CRLF, CR or LF) and its columns (a UTF-8
    BOM, which it drops and editors hide, is none); None when it cannot be read."""
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as stream:
            return _LINE_END_RE.split(stream.read().removeprefix("\ufeff"))
    except (OSError, ValueError):
        return None


def _shorten(message: str, tree: TreeInputs, scratch: Path) -> str:
    """A preprocessor message with our temporary and root folders cut out: named
    as Python names them (stderr), as their bytes read as UTF-8 (stdout, :func:`cpp_text`),
    or as a ``#line`` marker spells them (:func:`escaped`: a ``"`` or ``\\`` in ``$TMPDIR``)."""
    for folder in (str(scratch.resolve()), str(scratch), str(tree.root.resolve())):
        for spelled in dict.fromkeys((folder, cpp_text(folder), escaped(cpp_text(folder)))):
            message = message.replace(spelled + "/", "")
    return message


def _known_headers(tree: TreeInputs) -> dict[Path, str]:
    """Each input header by its real path (symlinks followed), as the tree names it."""
    known: dict[Path, str] = {}
    for module in tree.modules:
        for header in module.headers:
            try:
                known.setdefault((tree.root / header).resolve(), header)
            except (OSError, RuntimeError):
                continue
    return known


def _relative(path: str, tree: TreeInputs, scratch: Path, known: dict[Path, str]) -> str:
    """A marker path as the tree names it: an input header as given (however
    cpp spelled it: absolute, through a symlink), else relative to the tree
    root, else as typed."""
    try:
        absolute = Path(path).resolve()
    except (OSError, ValueError, RuntimeError):
        return path
    if absolute in known:
        return known[absolute]
    root = tree.root.resolve()
    if absolute.is_relative_to(root):
        return absolute.relative_to(root).as_posix()
    if absolute.is_relative_to(scratch.resolve()):
        return _template_of(absolute, tree, scratch) or "<built-in>"
    return path


def _template_of(configured: Path, tree: TreeInputs, scratch: Path) -> str | None:
    """The ``.h.in`` of the tree a configured copy in ``scratch`` was made from (line for line:
    :func:`configure` replaces one word), as the tree names it; None for our own scratch files."""
    if configured.parent != (scratch / "gen" / "libvirt").resolve():
        return None
    templates = [h for m in tree.modules for h in m.headers if h.endswith(".h.in")] + list(tree.context_templates)
    return next((h for h in templates if Path(h).name[:-3] == configured.name), None)
