"""Regenerate generator/wcwidth_table.py by measuring the system gcc (see that module's docstring).

    .venv/bin/python tools/wcwidth_table.py [--gcc /usr/bin/gcc]

Writes one line ``"<c>" @`` per Unicode scalar value (all but the surrogates,
LF and CR) in batches, runs ``gcc -fsyntax-only`` on each batch twice (display
and byte column units), and takes a character's width from the column of gcc's
"stray '@'" error.  A line whose byte column is not 4 plus the character's UTF-8
length stops the run: the measurement would be wrong.  The module's docstring is
kept as it is; only the two tables after it are rewritten (about 10 seconds).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

TABLE = Path(__file__).resolve().parent.parent / "generator" / "wcwidth_table.py"
STRAY = re.compile(r"^w\.c:(\d+):(\d+): error: stray .@. in program$")
BATCH = 20000
QUOTED_ALONE = (0x22, 0x5C)  # a string cannot hold '"' or '\' alone: measured as /*c*/ @, both width 1


def scalar_values() -> list[int]:
    return [c for c in range(0x110000) if c not in (0x0A, 0x0D) and not 0xD800 <= c <= 0xDFFF]


def columns(gcc: str, batch: list[int], unit: str) -> dict[int, int]:
    """gcc's column of the '@' after each code point of ``batch``, by code point."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "w.c"
        source.write_bytes(b"".join(b'"' + chr(c).encode() + b'" @\n' for c in batch))
        command = [gcc, "-fsyntax-only", "-fno-diagnostics-show-caret", "-x", "c", f"-fdiagnostics-column-unit={unit}", "w.c"]
        printed = subprocess.run(command, cwd=folder, capture_output=True, check=False).stderr.decode("utf-8", "replace")
    by_line = {int(m[1]): int(m[2]) for m in map(STRAY.match, printed.splitlines()) if m}
    return {c: by_line[number] for number, c in enumerate(batch, 1) if number in by_line}


def measure(gcc: str) -> dict[int, int]:
    values = scalar_values()
    batches = [values[i : i + BATCH] for i in range(0, len(values), BATCH)]
    display: dict[int, int] = {}
    byte: dict[int, int] = {}
    with ThreadPoolExecutor(2) as pool:
        for found in pool.map(lambda b: columns(gcc, b, "display"), batches):
            display.update(found)
        for found in pool.map(lambda b: columns(gcc, b, "byte"), batches):
            byte.update(found)
    misread = [c for c in values if c not in QUOTED_ALONE and byte.get(c) != 4 + len(chr(c).encode())]
    if misread:
        sys.exit(f"gcc misread {len(misread)} lines (first: U+{misread[0]:04X}): no table written")
    widths = {c: display[c] - 4 for c in values if c not in QUOTED_ALONE}
    widths.update(dict.fromkeys(QUOTED_ALONE, 1))
    return widths


def ranges(widths: dict[int, int], width: int) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for c in sorted(widths):
        if c == 0x09 or widths[c] != width:  # a tab is a tab stop, not a width
            continue
        if found and found[-1][1] == c - 1:
            found[-1] = (found[-1][0], c)
        else:
            found.append((c, c))
    return found


def table(name: str, rows: list[tuple[int, int]], what: str) -> str:
    lines = [f"# {what}: {len(rows)} ranges, (first, last) inclusive, sorted", f"{name}: tuple[tuple[int, int], ...] = ("]
    for i in range(0, len(rows), 6):
        lines.append("    " + " ".join(f"(0x{a:04X}, 0x{b:04X})," for a, b in rows[i : i + 6]))
    return "\n".join(lines) + "\n)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gcc", default="/usr/bin/gcc")
    widths = measure(parser.parse_args().gcc)
    if any(w not in (0, 1, 2) for c, w in widths.items() if c != 0x09):
        sys.exit("a width outside 0..2: no table written")
    head = TABLE.read_text(encoding="utf-8").split("# width 0:", 1)[0]
    body = head + table("ZERO_WIDTH", ranges(widths, 0), "width 0") + "\n\n" + table("WIDE", ranges(widths, 2), "width 2") + "\n"
    TABLE.write_text(body, encoding="utf-8")


if __name__ == "__main__":
    main()
