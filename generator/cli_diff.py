"""Compare two versions of the libvirt API and classify every change.

OLD and NEW are each a libvirt source tree (a folder with include/libvirt/),
any other folder (every *.xml in it is read as exported API XML), one XML
file, or a comma-separated list of files (headers, .c and .syms files; or
XML files).  An OLD or NEW that exists as a whole is that one path, commas
and all ("v1,old"); only one that names nothing is split at its commas.
An empty OLD or NEW is a usage error, not the current folder.
Changes are grouped by module and classified compatible, source-breaking or
ABI-breaking; doc-only changes are summarised (all of them with --format json).
Exit codes: 0 nothing breaks, 3 source-breaking (but no ABI-breaking) changes,
4 ABI-breaking changes (see --fail-on), 1 unreadable input or a report that
cannot be written, 2 a usage error.  With --format json, unreadable input is
still a JSON document on stdout naming the error (as check's).

A report that cannot be written (a full disk) is "virt-apigen: error: cannot
write the report: REASON", exit 1.  A reader gone from the pipe (| head)
asked for no more: nothing more goes to stdout (the summary line still goes
to stderr), and the exit code is the diff's own, or 1 when it was 0, as for
every command whose output was cut short.
See docs/diff.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .fastpath import report, say

if TYPE_CHECKING:
    from .apidiff import Change, Facts
    from .cli_check import SourceLines
    from .diagnostics import Diagnostic
    from .frontend import FrontendError, Result

HELP = "list and classify the API/ABI changes between two versions"
EXIT_SOURCE_BREAKING = 3
EXIT_ABI_BREAKING = 4
DOC_NAMES_SHOWN = 5
JSON_LISTS_ALL = "--format json lists each"  # where the names a summary line leaves out are


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="tree, API XML file or folder, or comma-separated files")
    parser.add_argument("new", metavar="NEW", help="same forms as OLD")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text (grouped by module, default) or json (every record)")
    parser.add_argument(
        "--fail-on", choices=("source", "abi", "never"), default="source",
        help="exit non-zero for source-breaking or worse (default), only for ABI-breaking, or never",
    )


class _InputError(Exception):
    """Input that cannot be read, about a whole file or folder (``path`` as typed)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(path, message)  # args: what pickling (generator/background.py) rebuilds it from
        self.path = path
        self.message = message

    def line(self, label: str) -> str:
        from .positions import position

        return f"{position(self.path, 0, 0)}: error: {self.message} (in {label})"


# the model, what kind of input it was, the folder its locations are relative to,
# and whether it holds every module of its version (a tree or a folder: see _read_side)
Side = tuple["Result", "Facts", Path | None, bool]


def _read_sides(old: str, new: str) -> list[Side | _InputError | FrontendError]:
    """Both sides, OLD read in a forked child while this process reads NEW (when it
    may fork, see generator/background.py); an input error is returned, not raised,
    so that OLD's is reported first whichever side failed."""
    from .background import Background
    from .frontend import FrontendError

    def attempt(spec: str) -> Side | _InputError | FrontendError:
        try:
            return _read_side(spec)
        except (_InputError, FrontendError) as error:
            return error

    with Background(lambda: attempt(old)) as pending:
        newer = attempt(new)
        return [pending.result(), newer]


def _paths(spec: str) -> list[str]:
    """OLD or NEW as the paths it names: one, or a comma-separated list (empty
    entries dropped).  A path that exists is taken whole, commas and all (a
    tree in ``v1,old``): only what names nothing as a whole is split."""
    if "," not in spec or os.path.lexists(spec):
        return [spec]
    return [p for p in spec.split(",") if p]


def _check_usage(label: str, spec: str) -> None:
    """The usage errors of one side: what its text alone shows.

    Which is which, as for ``check``: what the command line alone shows to be
    wrong is a usage error, found for both sides before anything is read (only
    whether the argument exists as a whole is looked at, to know whether it is a
    list): an empty OLD or NEW, and a list mixing XML and source files (one side is one
    kind of input, as ``check`` takes FILE... or --api-xml, not both).  What
    only the files show is bad input, one ``file:1:1: error: ... (in OLD)``
    line, as ``check`` says ``FILE:1:1: error: no such file``: a path that does
    not exist, a folder that is neither a libvirt tree nor holds API XML (check's
    "not a libvirt tree"), a folder in a comma-separated list of files.
    """
    from .cli import UsageError

    if not spec.strip(","):  # "" or ",": an unset variable, not the current folder
        raise UsageError(f"{label}: the name is empty")
    paths = _paths(spec)
    xml = [p for p in paths if p.endswith(".xml")]
    if xml and len(xml) < len(paths):
        other = next(p for p in paths if not p.endswith(".xml"))
        raise UsageError(f"{label}: mix of XML and source files ({xml[0]}, {other}); give one kind per side")


def _unreadable(paths: list[str]) -> _InputError | None:
    """The first path that names no file (no folder either, when it is the only one).
    One that cannot be looked at says why, as ``check`` does (``cannot read: Too many
    levels of symbolic links``): ``Path.is_file()`` and ``exists()`` are False for a
    symlink loop, which was "no such file or folder" though ``ls`` lists it."""
    import stat

    alone = len(paths) == 1
    for path in paths:
        try:
            mode = os.stat(path).st_mode
        except (FileNotFoundError, NotADirectoryError):
            missing = "no such file or folder" if alone else "no such file"
            if os.path.islink(path):  # worded as a FILE's and a tree entry's (review, session 24)
                return _InputError(path, f"a symlink to nothing ({missing})")
            return _InputError(path, missing)
        except OSError as error:  # a symlink loop (ELOOP), a folder we may not search
            return _InputError(path, f"cannot read: {error.strerror or error}")
        if stat.S_ISREG(mode) or (alone and stat.S_ISDIR(mode)):
            continue
        if stat.S_ISDIR(mode):
            return _InputError(path, "a folder, not a file (a tree or a folder of XML files goes alone, not in a list)")
        return _InputError(path, "not a regular file or folder")  # a FIFO, a device
    return None


def _read_side(spec: str) -> Side:
    """The model of OLD or NEW, what kind of input it was, the folder its locations
    are relative to, and whether it is complete.  A tree or a folder of XML files
    holds every module of its version: a module it lacks was removed.  A list of
    files (or one XML file) holds the modules of those files only: one it lacks
    is unknown, not removed (``libvirt-api.xml`` alone against a tree is no
    removal of libvirt-qemu).  :func:`_check_usage` has passed it."""
    from .apidiff import Facts
    from .cli import load_inputs

    paths = _paths(spec)
    unreadable = _unreadable(paths)
    if unreadable is not None:
        raise unreadable
    first = Path(paths[0])
    if len(paths) == 1 and first.is_dir():
        if (first / "include" / "libvirt").is_dir():
            return load_inputs([], str(first), []), Facts.SOURCE, first, True
        xml = sorted(str(p) for p in first.glob("*.xml"))
        if not xml:
            raise _InputError(paths[0], "neither a libvirt tree (no include/libvirt/) nor a folder of API XML files")
        return load_inputs([], None, xml), Facts.XML, first, True  # locations are relative to the folder (xml_root)
    if all(p.endswith(".xml") for p in paths):
        from .frontend.apixml_reader import xml_root

        return load_inputs([], None, paths), Facts.XML, Path(xml_root(paths)), False
    from .cli import input_base

    return load_inputs(paths, None, []), Facts.SOURCE, input_base(paths, None, None), False


def _error_base(spec: str) -> Path | None:
    """The folder an input error's path is relative to: a tree's root, the root of
    a set of source files (see ``files_root``), the folder holding XML files (``xml_root``)."""
    from .cli import input_base

    if (Path(spec) / "include" / "libvirt").is_dir() or Path(spec).is_dir():
        return Path(spec)  # a tree, or a folder of XML files (read relative to it)
    paths = _paths(spec)
    if paths and all(p.endswith(".xml") for p in paths):
        return input_base([], None, paths)
    return input_base(paths, None, None) if paths else None


def _where(change: Change, base: Path | None, readers: dict[Path | None, SourceLines]) -> str:
    """A change's place as every command prints one: a path that opens from here, gcc's column
    (``readers``: each side's files, read once however many changes they hold)."""
    from .cli import screen_column
    from .cli_check import SourceLines
    from .positions import openable_path, position

    location = change.location
    lines = readers.get(base) or readers.setdefault(base, SourceLines(base))
    col = screen_column(location.file, location.line, location.col, base, lines)
    return position(openable_path(location.file, base), location.line, col)


def _base(change: Change, bases: tuple[Path | None, Path | None]) -> Path | None:
    """The folder a change's location is relative to: OLD's for a removal, a module,
    header or ``.c`` file only in OLD, and an export OLD's ``.syms`` file had
    (``Change.in_old``), NEW's for everything else."""
    return bases[0] if change.in_old else bases[1]


def _text(changes: list[Change], bases: tuple[Path | None, Path | None]) -> None:
    from .apidiff import ABSENT_KINDS

    readers: dict[Path | None, SourceLines] = {}

    module = None
    docs: list[str] = []
    tagged: list[str] = []  # Since: tags where there were none (an older libvirt wrote none at all)

    def summary(names: list[str], what: str, kind: str) -> None:
        if names:
            more = f" and {len(names) - DOC_NAMES_SHOWN} more ({JSON_LISTS_ALL})" if len(names) > DOC_NAMES_SHOWN else ""
            shown = ", ".join(names[:DOC_NAMES_SHOWN]) + more
            print(f"  {what} {len(names)} symbol{'s' if len(names) != 1 else ''}: {shown} [{kind}]")
            names.clear()

    def flush() -> None:
        summary(tagged, "Since: tags added to", "since-changed")
        summary(docs, "doc-only changes in", "doc-changed")

    for change in changes:
        if change.module != module:
            flush()
            module = change.module
            print(f"{module}:")
        if change.kind == "doc-changed":
            docs.append(change.symbol)
            continue
        if _tag_added(change):
            tagged.append(change.symbol)
            continue
        # not a change: a note that the module was not compared
        level = "note" if change.kind in ABSENT_KINDS else change.classification.value
        print(f"  {_where(change, _base(change, bases), readers)}: {level}: {change.symbol}: {change.detail} [{change.kind}]")
    flush()


def _tag_added(change: Change) -> bool:
    """A ``Since:`` tag where there was none (libvirt before 7.x wrote none at all)."""
    return change.kind == "since-changed" and change.detail.startswith("Since: (none) -> ")


def _json(changes: list[Change], bases: tuple[Path | None, Path | None], errors: list[tuple[str, Diagnostic, Path | None]] | None = None) -> None:
    """The changes; and, when a side's input had errors that still left a model (``errors``: side, error, its
    base), a ``diagnostics`` list naming them as stderr does, each with its ``side``, so that a JSON reader
    learns why the exit code is 1 (review, session 36: ``{"changes": []}`` and exit 1, the reason on stderr only)."""
    import json

    readers: dict[Path | None, SourceLines] = {}

    records = [
        {
            "module": c.module, "kind": c.kind, "symbol": c.symbol, "classification": c.classification.value, "detail": c.detail,
            "location": _where(c, _base(c, bases), readers),
            # a doc-changed's texts: the text report only names its symbol, and its detail only the parts
            **({"parts": [{"part": part, "old": old, "new": new} for part, old, new in c.texts]} if c.texts else {}),
        }
        for c in changes
    ]
    document: dict[str, object] = {"changes": records}
    if errors:
        from .cli import openable

        shown = [(side, openable(d, base)) for side, d, base in errors]
        document["diagnostics"] = [
            {"file": d.location.file, "line": d.location.line, "col": d.location.col}
            | {"severity": d.severity, "rule": d.rule, "message": d.message, "side": side}
            for side, d in shown
        ]
    json.dump(document, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


def _summary(changes: list[Change]) -> str:
    from .apidiff import ABSENT_KINDS, Classification

    absent = sum(1 for change in changes if change.kind == "module-absent")  # notes, not changes
    headers = sum(1 for change in changes if change.kind == "header-absent")
    sources = sum(1 for change in changes if change.kind == "docs-absent")
    counted = [change for change in changes if change.kind not in ABSENT_KINDS]
    counts = {c: f"{sum(1 for change in counted if change.classification is c)} {c.value}" for c in Classification}
    # what the text report folds into one line per module, all compatible: most of a release's count when
    # it first wrote Since: tags (7.0.0 -> 9.0.0: 2118 of 2323), which a gate log should not make look like news
    tagged = sum(1 for change in counted if _tag_added(change))
    docs = sum(1 for change in counted if change.kind == "doc-changed")
    folded = [f"{n} {what}" for n, what in ((tagged, "Since: tags added"), (docs, "doc-only")) if n]
    if folded:
        counts[Classification.COMPATIBLE] += f" ({', '.join(folded)})"
    line = f"virt-apigen diff: {len(counted)} change{'' if len(counted) == 1 else 's'}: " + ", ".join(counts.values())
    if absent:
        line += f"; {absent} module{'' if absent == 1 else 's'} on one side only, not compared"
    if headers:
        line += f"; {headers} header{'' if headers == 1 else 's'} on one side only, not compared"
    if sources:
        whose = "its" if sources == 1 else "their"
        line += f"; {sources} .c file{'' if sources == 1 else 's'} on one side only, {whose} function docs and parameter names not compared"
    return line


def _exit_code(changes: list[Change], fail_on: str) -> int:
    from .apidiff import Classification, worst

    level = worst(changes)
    if level is Classification.ABI and fail_on in ("source", "abi"):
        return EXIT_ABI_BREAKING
    if level is Classification.SOURCE and fail_on == "source":
        return EXIT_SOURCE_BREAKING
    return 0


def _report_input_errors(label: str, result: Result, base: Path | None) -> list[tuple[str, Diagnostic, Path | None]]:
    """Say each input error of one side that still left a model, and hand them back (side, error, base)."""
    from .cli import openable

    errors = [(label, diagnostic, base) for diagnostic in sorted(result.diagnostics) if diagnostic.severity == "error"]
    for _, diagnostic, _ in errors:
        say(f"{openable(diagnostic, base)} (in {label})")
    return errors


def _fatal(fmt: str, error: FrontendError, base: Path | None) -> int:
    """Exit 1 for input that stops the run, its line already on stderr.  With
    ``--format json`` stdout still gets a document naming the error, the one
    ``check --format json`` prints for such input: a consumer reading the
    JSON found an empty stdout, which no parser takes.  A whole file or folder
    (``/nonexist``) is at line and column 0, as check's JSON places it."""
    if fmt != "json":
        return 1
    import functools

    from .cli_check import _print_fatal_json

    return report(functools.partial(_print_fatal_json, error, base), 1)


def run(args: argparse.Namespace) -> int:
    import gc

    gc.disable()  # one short run over an acyclic model: cyclic collections only cost time
    from .apidiff import diff
    from .cli import frontend_error_line
    from .frontend import FrontendError

    for label, spec in (("OLD", args.old), ("NEW", args.new)):
        _check_usage(label, spec)
    sides = []
    errors: list[tuple[str, Diagnostic, Path | None]] = []  # input errors that still left a model
    for label, spec, outcome in zip(("OLD", "NEW"), (args.old, args.new), _read_sides(args.old, args.new), strict=True):
        if isinstance(outcome, _InputError):
            say(outcome.line(label))
            return _fatal(args.format, FrontendError(outcome.message, outcome.path), None)
        if isinstance(outcome, FrontendError):
            base = _error_base(spec)
            say(f"{frontend_error_line(outcome, base)} (in {label})")
            return _fatal(args.format, outcome, base)
        sides.append(outcome)
        errors += _report_input_errors(label, outcome[0], outcome[2])
    (old, old_facts, old_base, old_complete), (new, new_facts, new_base, new_complete) = sides
    changes = diff(old.api, new.api, old_facts, new_facts, (old_complete, new_complete))
    code = _exit_code(changes, args.fail_on)
    if code == 0 and any(label == "NEW" for label, _, _ in errors):
        # an input error of NEW that still left a model: the diff is shown, but a gate must not pass on it (a
        # NEW whose .syms is a folder compared clean and exited 0; fuzz QA, session 36); 3 and 4 fail it
        # already.  OLD's are said and pass: it is the release compared against, fixed in NEW if anywhere
        code = 1
    if args.format == "json":
        return report(lambda: _json(changes, (old_base, new_base), errors), code)
    return report(lambda: _text(changes, (old_base, new_base)), code, _summary(changes))
