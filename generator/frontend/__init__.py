"""Frontend: read a libvirt tree (or explicit files) into a :class:`~generator.model.Api`.

``load_tree`` and ``load_files`` are the entry points for sources (and
:func:`.apixml_reader.load_api_xml` for exported XML); they raise
:class:`FrontendError` for input that cannot give a model and return every
other problem as a diagnostic.

Order of work, chosen for a cold run on two cores: the tree's file list is
found first, then a child process runs ``cpp`` and pycparser (see
:mod:`.parallel`) while this process imports the model and builder, scans
the raw files and runs the caller's ``while_parsing`` (a backend can load its
templates there; ``check`` precomputes per-text facts from
:attr:`Waiting.doc_texts` until :attr:`Waiting.parsed` says the parser is
done).  That is why this package imports nothing heavy at the top.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import FrontendError
from .result import Result

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .tree import TreeInputs

__all__ = ["FrontendError", "Result", "Waiting", "load_files", "load_tree"]


@dataclass(frozen=True)
class Waiting:
    """What a ``while_parsing`` callback may use while the C parser runs."""

    doc_texts: Callable[[], Iterator[str]]  # the doc texts the raw-file scan expects the model to hold
    parsed: Callable[[], bool]  # True once waiting is over (the parser answered, or runs in-process)
    files: tuple[str, ...] = ()  # the raw input files, as the model's locations name them
    identifiers: Callable[[], set[str]] = set  # a guess at the model's symbol names (may hold more)
    file_text: Callable[[str], str | None] = lambda _file: None  # a raw file's text as the scan read it (None: not read)


WhileParsing = Callable[[Waiting], object]


def _load(tree_inputs: TreeInputs, while_parsing: WhileParsing | None) -> Result:
    from .parallel import start_parse

    with start_parse(tree_inputs) as pending:  # cpp + pycparser, in a child process when it can
        from .builder import build, scan_tree  # after the fork: the child never needs it

        scans = scan_tree(tree_inputs)
        scans.prepare_all()
        if while_parsing is not None:
            while_parsing(Waiting(scans.doc_texts, pending.ready, tuple(tree_inputs.all_files()), scans.identifiers, scans.texts.get))
        scans.prepare_columns(pending.ready)  # only what the wait leaves time for
        decls, path_map = pending.result()
    result = build(tree_inputs, decls, path_map, scans)
    if tree_inputs.whole:  # every module's headers read: an export declared by another module's only is wrong
        from ..diagnostics import foreign_exports

        result.diagnostics += foreign_exports(result.api.modules)
    # Every file the preprocessor opened is an input too (context headers).
    opened = {p for p in path_map.values() if not p.startswith("<") and (tree_inputs.root / p).is_file()}
    result.inputs = sorted(set(result.inputs) | opened | set(tree_inputs.searched_folders()))
    return result


def load_tree(root: Path, while_parsing: WhileParsing | None = None) -> Result:
    from .tree import discover

    return _load(discover(root), while_parsing)


def load_files(paths: list[str], while_parsing: WhileParsing | None = None, wanted: Collection[str] | None = None) -> Result:
    """``wanted``: the modules an output is made of (``api --module``; None: all), see :func:`tree.from_files`."""
    from .tree import from_files

    return _load(from_files(paths, wanted), while_parsing)
