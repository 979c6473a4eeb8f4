"""What loading a tree gives: the model, the problems found, the files read."""

from __future__ import annotations

from dataclasses import dataclass

TYPE_CHECKING = False  # the model is imported only by who builds it (see parallel.py)
if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..model import Api


@dataclass
class Result:
    api: Api
    diagnostics: list[Diagnostic]
    inputs: list[str]  # every file read, relative to the tree root
