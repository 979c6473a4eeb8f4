"""Writing outputs: atomically, only when changed, with a Make depfile.

Decisions:

* Everything is rendered in memory before the first byte is written, so an
  error in any backend leaves every previous output untouched.
* Each file is written to a temporary name in its own folder; only when every
  output (and the depfile) is written are they renamed over the old ones, so
  a failure to write any of them changes none (:func:`write_all`).  An
  error while staging or renaming names the target, not the temporary file
  (a name the user never gave, gone by the time the message is read).  A file whose content did not change is
  not written at all, so its mtime stays: build tools that support it (ninja's
  ``restat``, meson) then skip everything downstream.
* ``--depfile`` writes ``outputs: inputs`` in Make syntax (spaces escaped),
  listing every file the frontend read.
* A file the last run with the same options wrote and this one does not (a
  header's page after the header is gone) is deleted once the new outputs
  are in place (:func:`stale_outputs`).
* A stamp file (``.virt-apigen-stamp.json``) next to the outputs records the
  inputs' sizes and mtimes, the outputs' sizes and mtimes, and the command's
  options.  When nothing differs a rerun stops before parsing anything; the
  stamp is a cache only (deleting it is always safe) and is not an output.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

from .fastpath import STAMP_NAME, signatures_match


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as error:  # a file where a folder must be: say so, not "File exists"
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), error.filename) from None


def _about(target: Path, error: OSError) -> OSError:
    """``error`` naming ``target`` instead of the temporary file beside it."""
    if error.errno is None:
        return error
    return OSError(error.errno, error.strerror, str(target))  # OSError picks the subclass (PermissionError, ...)


def _stage(path: Path, data: bytes) -> str:
    """``data`` in a new temporary file beside ``path``: its name."""
    import tempfile  # not needed by the no-op rerun, which must start fast

    handle, temporary = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def write_all(targets: dict[Path, str]) -> list[Path]:
    """Write every file of ``targets`` or none; return the paths written.

    Every new content is first written to a temporary file beside its target,
    and only when all of them are written are they renamed over the targets:
    a full disk, a folder standing where a file must go or an unwritable
    folder fails the run before any target changes.  A target that already
    holds its content is left alone (its mtime stays).
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path in sorted(targets):
            data = targets[path].encode("utf-8")
            if _holds(path, data):
                continue
            if path.is_dir():
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
            _make_folder(path.parent)
            try:
                staged.append((_stage(path, data), path))
            except OSError as error:
                raise _about(path, error) from None
        for temporary, path in staged:
            try:
                os.replace(temporary, path)
            except OSError as error:
                raise _about(path, error) from None
    except BaseException:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        raise
    return [path for _, path in staged]


def write_atomic(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` unless it already holds it; True if written."""
    return bool(write_all({path: text}))


def _escape_make(path: str) -> str:
    return path.replace("\\", "\\\\").replace(" ", "\\ ").replace("#", "\\#").replace("$", "$$")


def depfile_text(targets: list[str], inputs: list[str]) -> str:
    head = " ".join(_escape_make(t) for t in targets) + ":"
    lines = [head] + [" " + _escape_make(i) for i in inputs]
    text = " \\\n".join(lines) + "\n"
    # A phony rule per input keeps make working when an input is deleted.
    return text + "".join(f"{_escape_make(i)}:\n" for i in inputs)


def _signature(path: Path) -> list[int]:
    try:
        status = path.stat()
    except OSError:
        return [-1, -1]
    return [status.st_size, status.st_mtime_ns]


def stamp_payload(options: dict[str, object], inputs: list[Path], outputs: list[Path], invocation: dict[str, object] | None = None) -> dict[str, object]:
    watched = sorted(set(inputs) | {p.parent for p in inputs})
    return {
        "invocation": invocation or {},
        "options": options,
        "inputs": [[str(p), *_signature(p)] for p in watched],
        "outputs": [[str(p), *_signature(p)] for p in sorted(outputs)],
    }


def _recorded(outdir: Path) -> dict[str, object] | None:
    try:
        recorded = json.loads((outdir / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return recorded if isinstance(recorded, dict) else None


def stale_outputs(outdir: Path, options: dict[str, object], outputs: list[Path]) -> list[Path]:
    """Files the last run with these very options wrote in ``outdir`` that this
    run no longer writes (the page of a header since removed).  Only with the
    same options: two commands writing other files into one folder (one
    ``--module`` each) never delete each other's."""
    recorded = _recorded(outdir)
    entries = recorded.get("outputs") if recorded is not None and recorded.get("options") == options else None
    if not isinstance(entries, list):
        return []
    folder = os.path.realpath(outdir) + os.sep
    current = {os.path.realpath(p) for p in outputs}
    stale = []
    for entry in entries:
        if isinstance(entry, list) and entry and isinstance(entry[0], str):
            path = entry[0]
            if path.startswith(folder) and path not in current and os.path.isfile(path) and not os.path.islink(path):
                stale.append(Path(path))
    return sorted(stale)


def stamp_is_fresh(outdir: Path, options: dict[str, object]) -> bool:
    """True when the stamp says the last run had these options and inputs,
    and its outputs are still exactly as it left them."""
    recorded = _recorded(outdir)
    if recorded is None or recorded.get("options") != options:
        return False
    return signatures_match(recorded)


def write_stamp(outdir: Path, options: dict[str, object], inputs: list[Path], outputs: list[Path], invocation: dict[str, object] | None = None) -> None:
    payload = stamp_payload(options, inputs, outputs, invocation)
    write_atomic(outdir / STAMP_NAME, json.dumps(payload, indent=1, sort_keys=True) + "\n")
