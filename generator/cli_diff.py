"""``virt-apigen diff``: placeholder, being written (see the open issue)."""

from __future__ import annotations

import argparse

HELP = "diff (not yet implemented)"


def configure(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    print("virt-apigen: diff is not implemented yet")
    return 2
