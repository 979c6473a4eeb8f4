"""Each character's display width is the one gcc 12.2 (Debian 12) prints.

Columns are printed in gcc's unit (tests/test_columns.py): a tab to the next
multiple of 8, every other character its ``cpp_wcwidth``.  unicodedata's
rules part from gcc's table on hundreds of characters (the soft hyphen,
Hangul jamo, spacing marks, whatever Unicode added after 13.0), so the widths
come from a table measured with gcc itself (generator/wcwidth_table.py).
Every width below was read from gcc's ``stray '@'`` column on a line
``"<c>" @``; the last test asks the gcc at hand the same question.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import require

from generator.positions import character_column, display_column
from generator.wcwidth_table import WIDE, ZERO_WIDTH

LAST_CODE_POINT = 0x10FFFF


def width(char: str) -> int:
    """Our width of ``char``, read the way gcc's was: on a line ``"<c>" @``."""
    return display_column(f'"{char}" @', 5) - 4


@pytest.mark.parametrize(
    ("point", "gcc_width"),
    [
        (0x00AD, 1),  # soft hyphen: a format character (Cf) gcc counts
        (0x0600, 1),  # Arabic number sign: Cf, counted too
        (0x1160, 0),  # Hangul medial vowel filler: a letter (Lo) of no width
        (0x11A8, 0),  # a Hangul final consonant
        (0x11FF, 0),
        (0x115F, 2),  # the initial consonants before them are wide
        (0x094D, 0),  # Devanagari virama: a non-spacing mark (Mn)
        (0x1B44, 1),  # Balinese adeg adeg: a spacing virama (Mc)
        (0xA953, 1),  # Rejang virama (Mc)
        (0x111C0, 1),  # Sharada virama (Mc)
        (0x1D16D, 1),  # musical augmentation dot (Mc)
        (0x302E, 2),  # Hangul single dot tone mark: a wide spacing mark
        (0x16FF0, 2),
        (0x3248, 2),  # circled number ten on black square: wide in gcc, ambiguous in Unicode 14
        (0x4DC0, 2),  # a hexagram
        (0x0898, 1),  # an Arabic mark added in Unicode 14: unknown to gcc 12, width 1
        (0x0890, 1),
        (0x1FAE0, 1),  # melting face: an emoji of Unicode 14
        (0x1F6DD, 1),
        (0x1F979, 1),
        (0x1F600, 2),  # grinning face: an emoji gcc knows
        (0x9FFC, 2),  # the last CJK ideograph of Unicode 13 ...
        (0x9FFD, 1),  # ... and the first of Unicode 14
        (0x1AFF0, 1),
        (0x2A6DE, 1),
        (0x3134A, 2),  # the last of CJK extension G
        (0x3134B, 1),  # unassigned in plane 3: East Asian wide to unicodedata, 1 to gcc
        (0x200B, 0),  # zero width space
        (0x200D, 0),  # zero width joiner
        (0xFEFF, 0),  # byte order mark
        (0x0301, 0),  # combining acute accent
        (0xE0001, 0),  # language tag
        (0xE0100, 0),  # a variation selector
        (0x4E2D, 2),
        (0xFF21, 2),  # full-width A
        (0x00E9, 1),
        (0xFFFD, 1),
        (0x1F1E6, 1),  # a regional indicator
        (0x0000, 1),  # controls count 1, as any character
        (0x007F, 1),
        (0x0085, 1),
        (0xE000, 1),  # private use
        (LAST_CODE_POINT, 1),
    ],
)
def test_width_is_gccs(point: int, gcc_width: int) -> None:
    assert width(chr(point)) == gcc_width


@pytest.mark.parametrize(
    ("first", "last", "gcc_width"),
    [
        (0x0080, 0x02FF, 1),  # Latin-1 and the alphabets before the first combining mark
        (0x0300, 0x036F, 0),
        (0x0370, 0x0482, 1),
        (0x1100, 0x115F, 2),
        (0x1160, 0x11FF, 0),
        (0x2E80, 0x2E99, 2),
        (0x3248, 0x324F, 2),
        (0x4E00, 0x9FFC, 2),
        (0x9FFD, 0x9FFF, 1),
        (0xAC00, 0xD7A3, 2),  # Hangul syllables
        (0xE000, 0xF8FF, 1),
        (0xFE00, 0xFE0F, 0),
        (0x1F1E6, 0x1F1FF, 1),
        (0x1F300, 0x1F320, 2),
        (0x1FAD0, 0x1FAD6, 2),  # food emoji of Unicode 13 ...
        (0x1FAD7, 0x1FAD9, 1),  # ... and of 14
        (0x20000, 0x2A6DD, 2),
        (0x2A6DE, 0x2A6FF, 1),
        (0x30000, 0x3134A, 2),
        (0xE0100, 0xE01EF, 0),
        (0xF0000, LAST_CODE_POINT, 1),
    ],
)
def test_ranges_have_gccs_width(first: int, last: int, gcc_width: int) -> None:
    assert {point for point in range(first, last + 1) if width(chr(point)) != gcc_width} == set()


def test_tables_are_sorted_disjoint_ranges_of_non_ascii_characters() -> None:
    """A bisect finds a range only in a table of sorted, disjoint ranges."""
    for table in (ZERO_WIDTH, WIDE):
        assert all(0x80 <= first <= last <= LAST_CODE_POINT for first, last in table)
        assert all(before[1] < after[0] for before, after in pairwise(table))
    both = sorted(ZERO_WIDTH + WIDE)
    assert all(before[1] < after[0] for before, after in pairwise(both))


def test_a_byte_that_is_not_utf8_counts_one_as_in_gcc() -> None:
    # read with surrogateescape, a bad byte is a lone surrogate
    assert width("\udcff") == 1


def test_columns_after_a_mix_of_characters_and_tabs() -> None:
    line = "\u00ad\u1160\u1b44\t\u302e\U0001fae0x"  # 1 + 0 + 1, tab to 8, 2 + 1
    assert [display_column(line, col) for col in range(1, 9)] == [1, 2, 2, 3, 9, 11, 12, 13]
    assert [character_column(line, display) for display in (1, 2, 3, 4, 9, 10, 11, 12)] == [1, 3, 4, 4, 5, 5, 6, 7]


LINES = [
    '"\u00ad\u1160\u11a8\u1b44" @',
    '"\u302e\U0001fae0\u9ffd\u9ffc" @',
    '"\u0600\u200d\ufeff\u0301\U0003134b" @',
    '"\u4e2d\t\u1160x\tab" @',
    '\t"\u3248\u0898\U0001f600" @',
]
STRAY = re.compile(r"^w\.c:(\d+):(\d+): error: stray .@. in program$", re.MULTILINE)


def test_columns_are_what_gcc_prints(tmp_path: Path) -> None:
    require(shutil.which("gcc") is not None, "gcc")
    (tmp_path / "w.c").write_text("".join(line + "\n" for line in LINES), encoding="utf-8")
    done = subprocess.run(
        ["gcc", "-fsyntax-only", "-x", "c", "w.c"],
        cwd=tmp_path, env={**os.environ, "LC_ALL": "C"}, capture_output=True, text=True, check=False,
    )
    printed = {int(line): int(col) for line, col in STRAY.findall(done.stderr)}
    ours = {number: display_column(line, line.index("@") + 1) for number, line in enumerate(LINES, 1)}
    assert printed == ours, done.stderr
    assert all(character_column(LINES[number - 1], col) == LINES[number - 1].index("@") + 1 for number, col in printed.items())
