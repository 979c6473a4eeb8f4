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
  tree's version), and its positions are mapped back to the template.
* The scratch folder (``$TMPDIR/virt-apigen-*``) is a ``with`` block's: a
  run cancelled with Ctrl-C or SIGTERM unwinds through it and removes it, in
  the forked child too (:mod:`generator.background`); ``subprocess.run``
  kills the preprocessor on the way out.
* The preprocessor is ``$CPP`` when set (split into words as a shell
  would, quotes allowed), else ``cpp`` (else ``gcc -E``, ``cc -E``).
* A ``$CPP`` that fails or is no C preprocessor is said so, naming the
  command: one that exits non-zero with no ``file:line: error:`` line of
  cpp's gives its exit status and the first line of its stderr; one whose
  output holds text no header produced (``echo``, ``cat``: text before the
  first ``#line`` marker, or under a marker of our scratch unit, whose own
  lines are ``#include``s and leave nothing) or names none of the headers
  (``true``) is "not C from the headers".  Output with text but no
  ``#line`` marker at all (``cpp -P``, ``echo``) says that first: "no #line
  markers: the preprocessor must keep them (no -P)", then its first line;
  the header text ``cpp -P`` prints would otherwise be called text no header
  produced, pointing away from the cause.  Left to the C parser,
  such output fails at a line of the scratch unit, a file the user never saw
  (and gone by then), or parses into an empty API.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import FrontendError
from .tree import TreeInputs, configure

_FAKE_TYPES = "typedef unsigned long size_t;\ntypedef long ssize_t;\n"
_MARKER_RE = re.compile(r'^# (\d+) "([^"]*)"', re.MULTILINE)


def preprocess(tree: TreeInputs, scratch: str | None = None) -> tuple[str, dict[str, str]]:
    """Preprocessed text of all headers, and a map from marker paths to our paths.
    ``scratch``: a folder for the configured headers and the unit, owned (made and
    removed) by the caller; else a temporary one of our own."""
    command = _cpp_command()
    if scratch is not None:
        return _preprocess_in(tree, Path(scratch), command)
    with tempfile.TemporaryDirectory(prefix="virt-apigen-") as made:
        return _preprocess_in(tree, Path(made), command)


def _preprocess_in(tree: TreeInputs, scratch_path: Path, command: list[str]) -> tuple[str, dict[str, str]]:
    (scratch_path / "sys").mkdir(exist_ok=True)  # a redo in the parent finds the child's
    (scratch_path / "sys" / "types.h").write_text(_FAKE_TYPES, encoding="utf-8")
    path_map: dict[str, str] = {}
    generated = scratch_path / "gen"
    include_args = ["-I", str(scratch_path)]
    templates = [h for m in tree.modules for h in m.headers if h.endswith(".h.in")] + list(tree.context_templates)
    for header in templates:
        target = generated / "libvirt" / Path(header).name[:-3]
        target.parent.mkdir(parents=True, exist_ok=True)
        text = (tree.root / header).read_text(encoding="utf-8", errors="replace")
        target.write_text(configure(text, tree.version), encoding="utf-8")
        path_map[str(target)] = header
    if templates:
        include_args = ["-I", str(generated), *include_args]
    if tree.include_root is not None:
        include_args += ["-I", str((tree.root / tree.include_root).resolve())]
    unit = _translation_unit(tree, generated)
    source = scratch_path / "unit.c"
    source.write_text(unit, encoding="utf-8")
    argv = command + ["-nostdinc", "-DVIR_DEPRECATED=", "-DVIR_ENUM_SENTINELS", "-D__VIR_ADMIN_H_INCLUDES__"] + include_args + [str(source)]
    try:
        # errors="replace": the raw-file scan reports a byte that is not UTF-8 with its position
        done = subprocess.run(argv, capture_output=True, encoding="utf-8", errors="replace", check=False)
    except OSError as error:
        raise FrontendError(f"cannot run the C preprocessor '{argv[0]}': {error.strerror}") from None
    if done.returncode != 0:
        raise _cpp_error(done.stderr, tree, scratch_path, command, done.returncode)
    known = _known_headers(tree)
    markers = {found[1] for found in _MARKER_RE.findall(done.stdout)}
    for marker in markers - path_map.keys():
        path_map[marker] = _relative(marker, tree, scratch_path, known)
    not_c = _not_from_headers(done.stdout, str(source), {path_map[m] for m in markers}, set(known.values()))
    if not_c:
        raise FrontendError(f"the output of the C preprocessor '{shlex.join(command)}' is not C from the headers: {_shorten(not_c, tree, scratch_path)}")
    return done.stdout, path_map


def _cpp_command() -> list[str]:
    try:
        return shlex.split(os.environ.get("CPP", "")) or _find_cpp()
    except ValueError as error:  # an unclosed quote
        raise FrontendError(f"$CPP cannot be split into words: {error}") from None


def _not_from_headers(text: str, unit: str, named: set[str], headers: set[str]) -> str | None:
    """Why preprocessed ``text`` cannot be the headers (None: it can): text
    before the first ``#line`` marker or under one of our ``unit``, or no
    marker naming any of the ``headers`` (``named``: what the markers name).
    Output with no marker at all is said so first: the likeliest cause is a
    preprocessor told to drop them (``-P``)."""
    stray = _stray_line(text, unit)
    if stray is not None:
        shown = stray if len(stray) <= 60 else stray[:57] + "..."
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
    needle = f' "{unit}"'
    found = text.find(needle)
    while found >= 0:
        line_start = text.rfind("\n", 0, found) + 1
        marker = _MARKER_RE.match(text, line_start)
        if marker is not None and marker.group(2) == unit:
            end = text.find("\n", found)
            starts.append(end if end >= 0 else len(text))
        found = text.find(needle, found + 1)
    for start in starts:
        following = _MARKER_RE.search(text, start)
        segment = text[start : following.start() if following else len(text)].strip()
        if segment:
            return segment.splitlines()[0].strip()
    return None


def _find_cpp() -> list[str]:
    found = shutil.which("cpp")
    if found:
        return [found]
    for compiler in ("gcc", "cc"):
        found = shutil.which(compiler)
        if found:
            return [found, "-E"]
    raise FrontendError("no C preprocessor found: install cpp (Debian package 'cpp') or set $CPP")


def _translation_unit(tree: TreeInputs, generated: Path) -> str:
    lines = []
    if tree.umbrella:
        lines.append(f'#include "{(tree.root / tree.umbrella).resolve()}"')
    lines.append("#ifndef __VIR_LIBVIRT_H_INCLUDES__\n# define __VIR_LIBVIRT_H_INCLUDES__\n#endif")
    for module in tree.modules:
        for header in module.headers:
            if header.endswith(".h.in"):
                lines.append(f'#include "{generated / "libvirt" / Path(header).name[:-3]}"')
            else:
                lines.append(f'#include "{(tree.root / header).resolve()}"')
    return "\n".join(lines) + "\n"


_CPP_ERROR_RE = re.compile(r"^(.+?):(\d+):(?:(\d+):)? (?:fatal )?error: (.*)$")


def _cpp_error(stderr: str, tree: TreeInputs, scratch: Path, command: list[str], status: int) -> FrontendError:
    """cpp's first error, positioned in the header as the tree names it when cpp gave a place;
    else which command failed, how, and the first line it printed (its line saying
    "error", if any)."""
    lines = stderr.splitlines()
    for line in lines:
        match = _CPP_ERROR_RE.match(line)
        if match is None:
            continue
        file = _relative(match.group(1), tree, scratch, _known_headers(tree))
        message = f"the C preprocessor failed: {_shorten(match.group(4), tree, scratch)}"
        if file.startswith("<"):  # our own scratch unit: no place worth opening
            return FrontendError(message)
        return FrontendError(message, file, int(match.group(2)), int(match.group(3) or 1))
    how = f"exited with status {status}" if status > 0 else f"was killed by signal {-status}"
    failed = f"the C preprocessor '{shlex.join(command)}' {how}"
    said = [line.strip() for line in lines if line.strip()]
    first = next((line for line in said if "error" in line), said[0] if said else "")
    return FrontendError(f"{failed}: {_shorten(first, tree, scratch)}" if first else failed)


def _shorten(message: str, tree: TreeInputs, scratch: Path) -> str:
    """A preprocessor message with our temporary and root folders cut out."""
    message = message.replace(str(scratch.resolve()) + "/", "").replace(str(scratch) + "/", "")
    return message.replace(str(tree.root.resolve()) + "/", "")


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
        return "<built-in>"
    return path
