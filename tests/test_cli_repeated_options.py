"""Options given more than once, and usage errors that name the right command.

QA (session 29): ``generate --only api --only html`` used the last value alone,
in silence, where ``check --only`` and ``api --module`` add up.  ``api --bogus``
printed the top-level usage, which lists no option; ``generate --module x``
did not say whose option ``--module`` is; ``check --list-rules --only X``
listed every rule; a missing ``--srcdir`` was "not a folder", and one whose
name is too long a traceback-free exit 1 where the others are usage errors.
Then ``api --bogus`` said ``virt-apigen: error:`` where argparse's own errors
in ``api`` say ``virt-apigen api: error:``, and ``--bogus api`` printed
``api``'s usage for an option given before the command.  And the CLI's own
usage errors in a command (``api --srcdir /nope``) still said
``virt-apigen: error:`` under that command's usage (session 30).
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
from pathlib import Path

import pytest
from test_cli import STAMP, ok, run


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != STAMP)


def test_repeated_only_adds_up(tmp_path: Path) -> None:
    ok(run("generate", "--only", "html,api", "-o", "joined", cwd=tmp_path))
    ok(run("generate", "--only", "api", "--only", "html", "-o", "repeated", cwd=tmp_path))
    assert {"api/libvirt-api.xml", "html/index.html"} <= set(_files(tmp_path / "repeated"))
    assert _files(tmp_path / "repeated") == _files(tmp_path / "joined")
    # one run however spelled: the stamp's options are the same, so the other spelling stops early
    stamp = json.loads((tmp_path / "repeated" / STAMP).read_text(encoding="utf-8"))
    assert stamp["options"]["only"] == "api,html"
    argv = stamp["invocation"]["argv"]
    ok(run("generate", "--only", "html", "--only", "api,html", "-o", "repeated", cwd=tmp_path))
    stamp = json.loads((tmp_path / "repeated" / STAMP).read_text(encoding="utf-8"))
    assert stamp["invocation"]["argv"] == argv and not stamp["earlier"]  # stopped early: the stamp not written again


def test_a_repeated_only_naming_no_backend_is_a_usage_error(tmp_path: Path) -> None:
    done = run("generate", "--only", "api", "--only", "", "-o", "out", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == "virt-apigen generate: error: --only names no backend (known: api, json, python, html, rpc)"
    done = run("generate", "--only", "api", "--only", "bogus", "-o", "out", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == "virt-apigen generate: error: unknown backend 'bogus' (known: api, json, python, html, rpc)"
    assert not (tmp_path / "out").exists()


def test_generate_help_says_only_adds_up(tmp_path: Path) -> None:
    text = " ".join(ok(run("generate", "--help", cwd=tmp_path, env={"COLUMNS": "200"})).stdout.split())
    assert "comma-separated, repeatable, adding up" in text


# --- usage errors under the right command (QA, session 29) ---------------------------------


def _usage_error(done: subprocess.CompletedProcess[str]) -> tuple[str, str]:
    """The first line of the usage and the error line of a usage error."""
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert [line for line in lines if "error:" in line] == [lines[-1]]
    return lines[0], lines[-1]


def test_an_unknown_option_prints_the_commands_usage_and_name(tmp_path: Path) -> None:
    usage, error = _usage_error(run("api", "--bogus", cwd=tmp_path))
    assert usage.startswith("usage: virt-apigen api [-h] ")
    # as argparse's own errors in that command say it ('api -o' with no value)
    assert error == "virt-apigen api: error: unrecognized arguments: --bogus"  # was 'virt-apigen: error: ...'
    assert _usage_error(run("api", "-o", cwd=tmp_path))[1].startswith("virt-apigen api: error: ")


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["--bogus", "api"], "--bogus"),
        (["--bogus", "check", "--other"], "--bogus"),  # the top level's first: the command's is said once that one is gone
        (["--werror", "check"], "--werror (--werror is an option of 'api', 'check' and 'generate')"),
    ],
)
def test_an_unknown_option_before_the_command_prints_the_top_level_usage(tmp_path: Path, argv: list[str], error: str) -> None:
    usage, said = _usage_error(run(*argv, cwd=tmp_path))
    assert usage == "usage: virt-apigen [-h] [--version] COMMAND ..."  # was the command's usage
    assert said == f"virt-apigen: error: unrecognized arguments: {error}"


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["generate", "--module", "libvirt", "-o", "out"], "--module (--module is an option of 'api')"),
        (["api", "--only=html", "-o", "out"], "--only=html (--only is an option of 'check' and 'generate')"),
        (["check", "--remote-protocol", "x.x"], "--remote-protocol (--remote-protocol is an option of 'generate')"),
        (["api", "--list-rules", "-o", "out"], "--list-rules (--list-rules is an option of 'check')"),
    ],
)
def test_an_option_of_another_command_is_named(tmp_path: Path, argv: list[str], hint: str) -> None:
    usage, error = _usage_error(run(*argv, cwd=tmp_path))
    assert usage.startswith(f"usage: virt-apigen {argv[0]} [-h] ")
    assert error == f"virt-apigen {argv[0]}: error: unrecognized arguments: {hint}"
    assert not (tmp_path / "out").exists()


def test_list_rules_lists_what_only_and_disable_leave(tmp_path: Path) -> None:
    listed = ok(run("check", "--list-rules", "--only", "since-missing,long-type", "--disable", "long-type", cwd=tmp_path)).stdout.splitlines()
    assert [line.split()[0] for line in listed] == ["since-missing"]
    assert len(ok(run("check", "--list-rules", cwd=tmp_path)).stdout.splitlines()) > 10
    assert _usage_error(run("check", "--list-rules", "--only", "bogus", cwd=tmp_path))[1] == "virt-apigen check: error: unknown rule 'bogus' (see --list-rules)"


@pytest.mark.parametrize("command", ["api", "check"])
def test_a_srcdir_that_cannot_be_read_is_a_usage_error_saying_why(tmp_path: Path, command: str) -> None:
    (tmp_path / "afile").write_text("", encoding="utf-8")
    (tmp_path / "loop").symlink_to("loop")
    long_name = "x" * 300
    cases = {
        "missing": f"virt-apigen {command}: error: missing: no such folder",
        "afile/under": f"virt-apigen {command}: error: afile/under: no such folder",
        "afile": f"virt-apigen {command}: error: afile: not a folder",
        "loop": f"virt-apigen {command}: error: loop: cannot read: {os.strerror(errno.ELOOP)}",
        long_name: f"virt-apigen {command}: error: {long_name}: cannot read: {os.strerror(errno.ENAMETOOLONG)}",
    }
    for srcdir, expected in cases.items():
        output = ["-o", "out"] if command == "api" else []
        usage, error = _usage_error(run(command, "--srcdir", srcdir, *output, cwd=tmp_path))
        assert usage.startswith(f"usage: virt-apigen {command} [-h] ")
        assert error == expected


# (the CLI's own usage error, argparse's in the same command): one per kind of command, the
# options built in (api, generate) or taken from the command's module when chosen (check, diff)
OWN_AND_ARGPARSES = {
    "api": (["api", "--srcdir", "missing", "-o", "out"], ["api", "--format", "bogus", "-o", "out"], "missing: no such folder"),
    "generate": (["generate", "--only", "bogus", "-o", "out"], ["generate", "--only", "api"], "unknown backend 'bogus' (known: api, json, python, html, rpc)"),
    "check": (["check", "--only", "bogus"], ["check", "--format", "bogus"], "unknown rule 'bogus' (see --list-rules)"),
    "diff": (["diff", "", "x"], ["diff", "--fail-on", "bogus", "a", "b"], "OLD: the name is empty"),
}


@pytest.mark.parametrize("command", sorted(OWN_AND_ARGPARSES))
def test_the_clis_own_usage_error_reads_as_argparses_in_that_command(tmp_path: Path, command: str) -> None:
    """Session 30: ``api --srcdir /nope`` said ``virt-apigen: error:`` under ``api``'s usage, where
    argparse's errors in ``api`` say ``virt-apigen api: error:``."""
    own_argv, argparse_argv, message = OWN_AND_ARGPARSES[command]
    own, argparses = run(*own_argv, cwd=tmp_path), run(*argparse_argv, cwd=tmp_path)
    assert own.returncode == argparses.returncode == 2, (own.stderr, argparses.stderr)
    *own_usage, own_error = own.stderr.splitlines()
    *argparse_usage, argparse_error = argparses.stderr.splitlines()
    assert argparse_error.startswith(f"virt-apigen {command}: error: ")  # what argparse says, for the comparison to mean anything
    assert own_error == f"virt-apigen {command}: error: {message}"
    assert own_usage == argparse_usage and own_usage[0].startswith(f"usage: virt-apigen {command} [-h] ")
    assert own.stdout == "" and list(tmp_path.iterdir()) == []
