"""``virt-apigen check``: placeholder, being written (see the open issue)."""

from __future__ import annotations

import argparse

HELP = "check (not yet implemented)"


def configure(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    print("virt-apigen: check is not implemented yet")
    return 2
