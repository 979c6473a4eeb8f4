"""The ``virt-apigen`` entry point, and the no-op rerun decided before the CLI loads.

A build runs ``virt-apigen`` on every build, and nearly always nothing
changed.  Each run leaves a stamp (``.virt-apigen-stamp.json``) next to its
outputs: the exact command line, folder and ``$CPP`` it ran with, where each
argument leads once symlinks are followed, and the size
and mtime of every input (our own code included) and output.  When a new run
has the very same command line in the same folder and every recorded size and
mtime still matches, it exits 0 here, having imported only :mod:`json`: no
argparse, no pathlib, nothing of the pipeline.  Anything else (another
spelling of the same options, a missing or unreadable stamp) goes through
the full CLI, which has its own, option-based stamp check.

The console script and ``python -m generator`` enter through :func:`run`,
which leaves through ``os._exit`` once the command is done (see there).
"""

from __future__ import annotations

import json
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn

STAMP_NAME = ".virt-apigen-stamp.json"
_WRITING_COMMANDS = ("api", "generate")


def invocation(arguments: list[str]) -> dict[str, object]:
    """What a stamp must match for the fast path: command line, folder, preprocessor,
    and where each argument leads once symlinks are followed (``--srcdir cur``
    with ``cur`` pointed at another tree is another input)."""
    real = [os.path.realpath(a.partition("=")[2] if a.startswith("--") and "=" in a else a) for a in arguments]
    return {"argv": list(arguments), "cwd": os.getcwd(), "cpp": os.environ.get("CPP", ""), "real": real}


def _output_dir(arguments: list[str]) -> str | None:
    for index, argument in enumerate(arguments):
        if argument in ("-o", "--output") and index + 1 < len(arguments):
            return arguments[index + 1]
        if argument.startswith("--output="):
            return argument[len("--output=") :]
    return "." if arguments[0] == "api" else None  # api's default output folder


def signatures_match(recorded: dict[str, object]) -> bool:
    """Every recorded ``[path, size, mtime_ns]`` still holds (missing files: ``-1, -1``)."""
    entries = recorded.get("inputs", []), recorded.get("outputs", [])
    if not all(isinstance(group, list) for group in entries) or not entries[1]:
        return False
    for group in entries:
        assert isinstance(group, list)
        for entry in group:
            if not isinstance(entry, list) or len(entry) != 3 or not isinstance(entry[0], str):
                return False
            try:
                status = os.stat(entry[0])
                signature = [status.st_size, status.st_mtime_ns]
            except OSError:
                signature = [-1, -1]
            if signature != entry[1:]:
                return False
    return True


def is_fresh(arguments: list[str]) -> bool:
    if not arguments or arguments[0] not in _WRITING_COMMANDS:
        return False
    outdir = _output_dir(arguments)
    if outdir is None:
        return False
    try:
        with open(os.path.join(outdir, STAMP_NAME), encoding="utf-8") as stream:
            recorded = json.load(stream)
    except (OSError, ValueError):
        return False
    return isinstance(recorded, dict) and recorded.get("invocation") == invocation(arguments) and signatures_match(recorded)


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if is_fresh(arguments):
        return 0
    from .cli import main as cli_main

    return cli_main(arguments)


def run() -> NoReturn:
    """The ``virt-apigen`` command: :func:`main`, then leave at once.

    Tearing the interpreter down (freeing the model, the texts and every
    module one object at a time) costs 10-20 ms after a run over libvirt's
    tree, and a finished command has nothing left to release: its outputs
    are written atomically and closed, its child processes waited for.  So,
    as mypy does, it flushes its streams and ends with ``os._exit``.  Usage
    errors (``SystemExit``) and crashes still leave the ordinary way.
    """
    try:
        code = main()
    except KeyboardInterrupt:  # before the CLI's own handler is in place (imports): no traceback either
        code = 130
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe (virt-apigen check | head): nothing more can be said
        code = code or 1
    os._exit(code)
