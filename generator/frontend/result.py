"""What loading a tree gives: the model, the problems found, the files read."""

from __future__ import annotations

from dataclasses import dataclass, field

TYPE_CHECKING = False  # the model is imported only by who builds it (see parallel.py)
if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..model import Api


@dataclass
class Result:
    api: Api
    diagnostics: list[Diagnostic]
    inputs: list[str]  # every file read, relative to the tree root
    # model file name -> the path that opens it, where they differ (--api-xml files sharing no folder but /,
    # named by file name alone); the reader's own diagnostics already carry the path, later ones get it from here
    renamed: dict[str, str] = field(default_factory=dict)
