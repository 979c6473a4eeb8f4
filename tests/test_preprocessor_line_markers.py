"""The scratch folder is cut out of the preprocessor's line markers as the
preprocessor spells it: under a long ``$TMPDIR`` (before the line is
shortened for a message) and with a quote or a backslash escaped in it."""

from __future__ import annotations

import sys
from pathlib import Path

from test_cli import run


def test_a_quoted_preprocessor_line_names_the_unit_under_a_long_tmpdir(tmp_path: Path) -> None:
    """QA: the line was cut to 60 characters before the scratch folder was cut out of it, so a long
    $TMPDIR left '#line 1 "/tmp/.../virt-apigen-...' where '#line 1 "unit.c"' belongs."""
    import shutil

    from conftest import require

    require(shutil.which("ucpp") is not None, "ucpp (Debian's ucpp package)")
    long_tmp = tmp_path / ("t" * 80)
    long_tmp.mkdir()
    done = run("api", "-o", "out", cwd=tmp_path, env={"CPP": "ucpp", "TMPDIR": str(long_tmp)})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.endswith("only the form '# N \"file\"' is read; it printed '#line 1 \"unit.c\"'\n"), done.stderr


def test_the_scratch_folder_is_cut_out_as_a_line_marker_spells_it(tmp_path: Path) -> None:
    """QA: a "quote" or a \\backslash in $TMPDIR is escaped in cpp's spelling, which was not cut out of the quoted line."""
    odd_tmp = tmp_path / 'quo"te\\back'
    odd_tmp.mkdir()
    cpp = tmp_path / "cpp.py"
    cpp.write_text(
        f"#!{sys.executable}\nimport subprocess, sys\n"
        "out = subprocess.run(['cpp', *sys.argv[1:]], capture_output=True).stdout\n"
        "spelled = sys.argv[-1].encode().replace(b'\\\\', b'\\\\\\\\').replace(b'\"', b'\\\\\"')\n"
        "sys.stdout.buffer.write(b'#pragma GCC warning \"' + spelled + b'\"\\n' + out)\n",
        encoding="utf-8",
    )
    cpp.chmod(0o755)
    done = run("api", "-o", "out", cwd=tmp_path, env={"CPP": str(cpp), "TMPDIR": str(odd_tmp)})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.endswith("it holds text no header produced: '#pragma GCC warning \"unit.c\"'\n"), done.stderr
