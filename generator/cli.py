"""The ``virt-apigen`` command line.

Only the CLI modules print and pick exit codes: this one, ``cli_check`` and
``cli_diff`` for their commands, and ``fastpath`` for the up-to-date rerun
that stops before this module loads (besides two ``os._exit`` calls: the
package's ``main`` exits 130 on a Ctrl-C during its first import, and
``background``'s forked child ends with the status its parent reads).
0 success, 1 errors in the input (or warnings with ``--werror``), 2 a usage
error; ``diff`` adds 3 and 4 for source- and ABI-breaking changes
(docs/diff.md); a run ended by Ctrl-C or SIGTERM exits 130 or 143, as a
shell reports it.  Bad input never ends in a
traceback: every problem is a ``file:line:col: severity: message`` line.

Without ``--srcdir``, files or ``--api-xml``, commands read the sample tree
shipped inside the package (the checkpoint API).

An option given an empty value (``--srcdir ""``, ``-o ""``, ``--depfile ""``:
mostly an unset shell variable) is a usage error naming the option, never
"not given" (which would quietly read the sample tree or skip the depfile) nor
the current folder: the user meant some path and did not get it.  Options
that no chosen backend reads (``--remote-protocol`` without ``rpc`` in
``--only``) are usage errors too, for the same reason.

``api --module NAME`` prints only the findings about the chosen modules,
and only those count for ``--werror``: a warning or note whose file holds
none of their symbols, docs, ``.syms`` exports or access rules but another
module's (``src/admin/libvirt-admin.c`` for ``--module libvirt-qemu``) is
left out, as ``check`` would report it when asked about that module.  A
finding in a file of no module (or of a chosen one) is kept.  Errors are
never left out, whatever their file: the whole input is read to build any
one module, and an error (a ``.syms`` file that is missing or does not
parse, a declared function it does not export) means it was not read as
meant, so no output is written.

Heavy modules (pycparser, jinja2) are imported only once the stamp check has
decided there is work to do, so an up-to-date rerun costs a few milliseconds.
"""

from __future__ import annotations

import argparse
import importlib
import os
import stat  # loaded by os already: free on the start-up path
import sys
from pathlib import Path

from . import __version__
from .fastpath import STAMP_NAME, cancelled_status, interrupted_status, invocation, out_of_memory_status, parsed, say
from .modules import MODULE_NAMES
from .output import (
    Listings,
    Record,
    delete_stale,
    depfile_data,
    depfile_prerequisites,
    folder_listings,
    folder_locked,
    fresh_stamp_messages,
    stale_outputs,
    still_written,
    unwatchable,
    write_all,
    write_stamp,
)
from .positions import openable_path

TYPE_CHECKING = False  # importing typing costs the no-op rerun 2 ms; mypy honours this spelling

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from .diagnostics import Diagnostic
    from .frontend import FrontendError, Result, WhileParsing
    from .model import Api, Module
    from .output import Identity
    from .rpc.numbers import ProtocolFile

# backend name (the folder under OUTDIR) -> module in generator.backends
GENERATE_BACKENDS = {"api": "apixml", "json": "jsondump", "python": "python", "html": "html", "rpc": "rpc"}
# the command-line settings a backend's render() (and diagnostics()) take as keyword arguments
BACKEND_SETTINGS = {"api": ("acls",), "rpc": ("remote_protocol",)}
# subcommands implemented in a module of their own: configure(parser), run(args) -> exit code
# Their modules are imported only when the command is chosen, so a no-op
# ``generate`` rerun does not pay for them; ``--help`` uses these summaries.
COMMAND_MODULES = {"check": "cli_check", "diff": "cli_diff"}
COMMAND_SUMMARIES = {
    "check": "lint the API: docs, since-versions, .syms exports, enum values",
    "diff": "compare two versions of the API; non-zero exit when something breaks",
}


def sample_tree() -> Path:
    return Path(__file__).resolve().parent / "sample"


def _terminal_columns() -> int:
    """What ``shutil.get_terminal_size()`` says, without importing shutil."""
    import os

    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ is not None else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, sized to the terminal without importing shutil.

    argparse makes a formatter for every ``add_argument`` (to check the
    metavar), and its own imports shutil (bz2, lzma, ...: ~5 ms) to ask the
    terminal's width: on every run, before the C parser can start.
    """

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _terminal_columns() - 2 if width is None else width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        """The description as argparse fills it, but never broken inside a
        word: a path (the docs file it names, ``/root/virt-apigen/docs/check.md``)
        stays whole on one line, to copy and open."""
        import textwrap

        words = " ".join(text.split())
        return textwrap.fill(words, width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False, break_long_words=False)


def _parser(argv: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="virt-apigen", description="Parse libvirt's public API into one model and render outputs from it.", formatter_class=_HelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"virt-apigen {__version__}")
    # an explicit prog spares argparse a terminal-size probe on every run
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", prog="virt-apigen")

    api = commands.add_parser("api", help="write libvirt-api.xml (or JSON) for each module", formatter_class=_HelpFormatter)
    _add_inputs(api)
    api.add_argument("-o", "--output", default=".", metavar="OUTDIR", help="folder for the files (default: current folder)")
    api.add_argument("--module", action="append", choices=MODULE_NAMES, help="only this module (repeatable)")
    api.add_argument("--format", choices=("xml", "json"), default="xml", help="xml (libvirt-api.xml schema, default) or json (the whole model)")
    _add_acls(api)
    _add_common(api)
    api.set_defaults(command_parser=api)  # a UsageError prints the command's usage

    generate = commands.add_parser("generate", help="render every output into OUTDIR/<backend>/", formatter_class=_HelpFormatter)
    _add_inputs(generate)
    generate.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="folder for the outputs, one subfolder per backend")
    generate.add_argument(
        "--only", action="append", metavar="BACKENDS",
        help="only these backends: comma-separated, repeatable, adding up (default: all of " + ", ".join(GENERATE_BACKENDS) + ")",
    )
    generate.add_argument(
        "--remote-protocol", metavar="FILE",
        help="an existing remote_protocol.x: the rpc backend keeps its procedure numbers (only with rpc in --only)",
    )
    _add_acls(generate)
    _add_common(generate)
    generate.set_defaults(command_parser=generate)
    chosen = next((arg for arg in argv if not arg.startswith("-")), None)
    for name, module in COMMAND_MODULES.items():
        if name != chosen:
            commands.add_parser(name, help=COMMAND_SUMMARIES[name], formatter_class=_HelpFormatter)
            continue
        command = importlib.import_module(f".{module}", __package__)
        description = _docs_named(command.__doc__ or "")
        chosen_parser = commands.add_parser(name, help=COMMAND_SUMMARIES[name], description=description, formatter_class=_HelpFormatter)
        command.configure(chosen_parser)
        chosen_parser.set_defaults(command_parser=chosen_parser)
    return parser


def _docs_named(text: str) -> str:
    """``text`` with its "docs/NAME.md" references as paths that exist where
    this copy of virt-apigen runs: the wheel ships the docs in the package
    (``generator/docs``), a checkout has them beside it."""
    from pathlib import Path

    package = Path(__file__).resolve().parent
    docs = package / "docs"
    if not docs.is_dir():
        docs = package.parent / "docs"
    return text.replace("docs/", f"{docs}/") if docs.is_dir() else text


def _add_acls(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--acls", choices=("auto", "yes", "no"), default="auto",
        help="write each function's <acls> (from the protocol files) into the XML; auto: as the tree's own "
        "scripts/apibuild.py does, else whenever the input has them",
    )


def _acls_wanted(args: argparse.Namespace, api: Api) -> tuple[bool, Path | None]:
    """(write <acls>?, the tree file that decided it, if any: an input)."""
    if args.acls != "auto":
        return args.acls == "yes", None
    known = any(f.acls for m in api.modules for f in m.functions)
    root = _tree_root(args)
    if root is None:
        return known, None
    from .frontend.tree import APIBUILD_SCRIPT, acls_in_schema

    decided = acls_in_schema(root)
    if decided is not None:
        return decided, root / APIBUILD_SCRIPT
    # no script says it: an apibuild.py appearing would, so the nearest existing
    # folder on its way is an input (a tree without scripts/: its root)
    watched = root / APIBUILD_SCRIPT
    while not watched.exists() and watched.parent != watched:
        watched = watched.parent
    return known, watched


def _tree_root(args: argparse.Namespace) -> Path | None:
    """The source tree the inputs come from: ``--srcdir``, the one explicit
    FILEs lie in (as the model names their paths), or the embedded sample when
    no input is named, so that ``--acls auto`` follows the same tree's
    ``scripts/apibuild.py`` (and the depfile names it) however the tree is
    named; None for XML."""
    if args.srcdir:
        return Path(args.srcdir)
    if args.files:
        from .frontend.tree import files_root

        return files_root(args.files)
    return None if args.api_xml else sample_tree()


def _add_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="explicit inputs: headers, .c files, .syms files, protocol .x files")
    parser.add_argument("--srcdir", metavar="TREE", help="a libvirt source tree (default: the embedded sample tree)")
    parser.add_argument("--api-xml", action="append", metavar="FILE", help="read an existing libvirt-api.xml instead of sources (repeatable)")


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--depfile", metavar="FILE", help="write a Make-format dependency file listing every input read")
    parser.add_argument("--werror", action="store_true", help="treat warnings as errors")


def _backend_modules(args: argparse.Namespace, only: list[str]) -> list[str]:
    if args.command == "generate":
        return [GENERATE_BACKENDS[name] for name in only]
    return ["jsondump" if args.format == "json" else "apixml"]


def _warm_up(backend_modules: list[str]) -> None:
    """Import the backends and compile their templates (run while the C parser works)."""
    from .templating import environment

    env = environment()
    for module in backend_modules:
        importlib.import_module(f".backends.{module}", __package__)
    for name in env.list_templates(extensions=["j2"]):
        if name.split("/", 1)[0] in backend_modules:
            try:
                env.get_template(name)
            except Exception:  # only a head start: rendering reports any real problem
                continue


def not_empty(option: str, value: str | None, what: str = "file") -> None:
    """A usage error for an option given as ``""`` (None: not given at all)."""
    if value is not None and not value:
        raise UsageError(f"{option}: the {what} name is empty")


def check_input_names(files: list[str] | None, srcdir: str | None, api_xml: list[str] | None) -> None:
    """No input named by an empty string: ``--srcdir ""`` would otherwise read the
    sample tree (a falsy value reads as "not given") and exit 0."""
    not_empty("--srcdir", srcdir, "folder")
    for path in api_xml or []:
        not_empty("--api-xml", path)
    if any(not path for path in files or []):
        raise UsageError("FILE: an input file name is empty")


def input_base(files: list[str] | None, srcdir: str | None, api_xml: list[str] | None) -> Path | None:
    """The folder the model's locations are relative to (None: paths as the user typed them).
    Raises UsageError for an input named by an empty string."""
    check_input_names(files, srcdir, api_xml)
    if srcdir is not None:
        return Path(srcdir)
    if files:
        from .frontend.tree import files_root

        return files_root(files)
    if api_xml:
        from .frontend.apixml_reader import xml_root

        return Path(xml_root(api_xml))
    return sample_tree()


def load_inputs(
    files: list[str],
    srcdir: str | None,
    api_xml: list[str],
    while_loading: WhileParsing | None = None,
    wanted: list[str] | None = None,
    written: bool = False,
) -> Result:
    """The input rules every command shares: FILE..., --srcdir TREE or --api-xml FILE
    (default: the sample tree).  ``while_loading`` runs while the inputs are parsed;
    ``wanted`` are ``api --module``'s modules (None: all; see ``tree.from_files``);
    ``written``: the model goes into outputs (``api``, ``generate``), so an XML
    file's name must be UTF-8 (``apixml_reader.check_written_names``).
    Raises UsageError for a bad combination, FrontendError for bad input."""
    from .frontend import load_files, load_tree

    check_input_names(files, srcdir, api_xml)
    if sum([bool(files), srcdir is not None, bool(api_xml)]) > 1:
        if api_xml and srcdir is None and all(path.endswith(".xml") for path in files):
            # `--api-xml a.xml b.xml`: the option takes one file; b.xml became a FILE
            raise UsageError(f"--api-xml takes one file: repeat it for each XML file (--api-xml {files[0]})")
        raise UsageError("give only one of: FILE..., --srcdir, --api-xml")
    if api_xml:
        return _load_api_xml(list(api_xml), while_loading, written)
    if files:
        result = load_files(list(files), while_loading, wanted)
        base = input_base(files, None, None) or Path(".")
        result.inputs = [os.path.normpath(base / path) for path in result.inputs]  # as the user reaches them
        return result
    root = Path(srcdir) if srcdir is not None else sample_tree()
    _check_tree_folder(root)
    result = load_tree(root, while_loading)
    result.inputs = [str(root / path) for path in result.inputs]
    return result


def _check_tree_folder(root: Path) -> None:
    """A usage error (exit 2) for a ``--srcdir`` that is no folder to read, saying
    why: missing (a dangling symlink, a path through a file too), no folder, or
    one that cannot be looked at (a name too long, a symlink loop, a folder on
    the way we may not enter).  ``Path.is_dir`` said "not a folder" for a
    missing one, and raised for a name too long (exit 1, unlike the rest)."""
    try:
        status = os.stat(root)
    except (FileNotFoundError, NotADirectoryError):
        raise UsageError(f"{root}: no such folder") from None
    except OSError as error:
        raise UsageError(f"{root}: cannot read: {error.strerror or error}") from None
    if not stat.S_ISDIR(status.st_mode):
        raise UsageError(f"{root}: not a folder")


def _load_api_xml(paths: list[str], while_loading: WhileParsing | None, written: bool = False) -> Result:
    """Read the XML files in a forked child while this process runs ``while_loading``
    (see generator/background.py; without fork, one after the other); ``written``:
    see :func:`load_inputs`."""
    from .frontend.apixml_reader import check_written_names, load_api_xml, xml_root

    root = xml_root(paths)  # locations relative to it: the same output whatever the working folder
    if written:
        check_written_names(paths, root)
    if while_loading is None:
        return load_api_xml(paths, root)
    from .background import Background
    from .frontend import Waiting

    pending = Background(lambda: load_api_xml(paths, root))
    while_loading(Waiting(lambda: iter(()), pending.ready))
    return pending.result()


def frontend_error_line(error: FrontendError, base: Path | None) -> str:
    """A FrontendError as one gcc-style line with a path an editor can open."""
    if not error.file:
        return f"virt-apigen: {error}"
    from .positions import position

    col = screen_column(error.file, error.line, error.col, base, None)
    message = error.message_for(lambda file: openable_path(file, base))
    return f"{position(openable_path(error.file, base), error.line, col)}: error: {message}"


def screen_column(file: str, line: int, col: int, base: Path | None, lines: Callable[[str], list[str] | None] | None) -> int:
    """Column ``col`` (characters, as the model counts) of line ``line`` of
    ``file`` as gcc prints it (:func:`generator.positions.display_column`),
    the file read through ``lines`` (else read now); ``col`` itself when the
    line cannot be read.  A BOM starting the file is no column: the scanner
    counts from the character after it, and the XML reader (expat) counts
    it as one, which its width of 0 then takes back."""
    if col <= 1 or line < 1:
        return col
    if lines is None:
        from .cli_check import SourceLines

        lines = SourceLines(base)
    text = lines(file)
    if text is None or line > len(text):
        return col
    from .positions import display_column

    written = text[line - 1]
    if line == 1 and written.startswith("\ufeff") and not written[1:].lstrip().startswith("<"):  # XML: C never starts with '<'
        written = written[1:]
    return display_column(written, col)


def relocated(diagnostics: Iterable[Diagnostic], renamed: Mapping[str, str] | None) -> list[Diagnostic]:
    """The diagnostics, each in a file the model names by its file name alone
    (``--api-xml`` files sharing no folder but ``/``) given the absolute path
    that opens it: joined to ``/``, its name was a file that does not exist,
    and check could not read it to place a finding at its word."""
    import dataclasses

    if not renamed:
        return list(diagnostics)
    return [
        dataclasses.replace(d, location=dataclasses.replace(d.location, file=renamed[d.location.file])) if d.location.file in renamed else d
        for d in diagnostics
    ]


def openable(diagnostic: Diagnostic, base: Path | None, lines: Callable[[str], list[str] | None] | None = None) -> Diagnostic:
    """The diagnostic as printed: with a path an editor can open from the
    current folder, and its column as gcc counts (:func:`screen_column`,
    the files read through ``lines``, else each read when needed)."""
    from .diagnostics import Diagnostic
    from .model import Location

    where = diagnostic.location
    col = screen_column(where.file, where.line, where.col, base, lines)
    if (base is None or where.file.startswith("/")) and col == where.col and diagnostic.other is None:
        return diagnostic
    # built directly, not with dataclasses.replace or Path: check prints hundreds of these
    location = Location(openable_path(where.file, base), where.line, col)
    message = diagnostic.message
    if diagnostic.other is not None:  # the place the message names, worded as the finding's own
        from .diagnostics import other_named

        other = diagnostic.other
        message = other_named(diagnostic, Location(openable_path(other.file, base), other.line, screen_column(other.file, other.line, other.col, base, lines)))
    return Diagnostic(location, diagnostic.severity, message, diagnostic.rule, diagnostic.promoted, diagnostic.subject, diagnostic.other)


RUNTIME_DEPENDENCIES = ("jinja2", "markupsafe", "pycparser")


class UsageError(Exception):
    """A command line that cannot work (exit code 2); check and diff raise it too."""


def _select(api: Api, modules: list[str] | None) -> Api:
    import dataclasses

    if not modules:
        return api
    absent = [name for name in modules if name not in {m.name for m in api.modules}]
    if absent:  # writing nothing and exiting 0 would look like success
        present = ", ".join(m.name for m in api.modules) or "none"
        raise UsageError(f"--module {absent[0]}: the input has no such module (it has: {present})")
    return dataclasses.replace(api, modules=tuple(m for m in api.modules if m.name in modules))


def _module_files(module: Module) -> set[str]:
    """Every file a module's model places something in: headers, doc comments,
    the ``.syms`` file and its exports, protocol files (access rules)."""
    files = {module.location.file, module.syms_file}
    files.update(header.location.file for header in module.headers)
    files.update(export.location.file for export in module.exports)
    for symbol in module.symbols():
        files.add(symbol.location.file)
    for function in module.functions:
        files.add(function.doc_location.file)
        files.update(acl.location.file for acl in function.acls)
    files.discard("")
    return files


def _about_modules(diagnostics: list[Diagnostic], api: Api, chosen: list[str]) -> list[Diagnostic]:
    """The diagnostics ``--module`` keeps (see the module docstring): every
    error, and warnings and notes unless their file is only another module's."""
    mine: set[str] = set()
    others: set[str] = set()
    for module in api.modules:
        (mine if module.name in chosen else others).update(_module_files(module))
    elsewhere = others - mine
    return [d for d in diagnostics if d.severity == "error" or d.location.file not in elsewhere]


def _render_api(api: Api, fmt: str, acls: bool) -> tuple[dict[str, str], list[Diagnostic]]:
    """The files of ``api``, and what the backend finds wrong in them (see :func:`_render_generate`)."""
    if fmt == "json":
        from .backends import jsondump

        return jsondump.render(api), []
    from .backends import apixml

    files = apixml.render(api, acls=acls)
    return files, apixml.check_output(api, files)


def _render_generate(api: Api, only: list[str], settings: dict[str, object]) -> tuple[dict[str, str], list[Diagnostic]]:
    """Every chosen backend's files, and what a backend has to say: notes and
    errors about its input (``diagnostics(api, ...)``: rpc, python) and about
    the files it rendered (``check_output(api, files)``: apixml).  Both hooks
    are optional; a backend whose two share costly work offers
    ``render_with_diagnostics(api, ...) -> (files, notes)`` instead (rpc)."""
    files: dict[str, str] = {}
    notes: list[Diagnostic] = []
    for name in only:
        backend = importlib.import_module(f".backends.{GENERATE_BACKENDS[name]}", __package__)
        extra = {key: settings[key] for key in BACKEND_SETTINGS.get(name, ())}
        rendered: dict[str, str]
        if hasattr(backend, "render_with_diagnostics"):  # both from one piece of work (rpc: its plan)
            rendered, said = backend.render_with_diagnostics(api, **extra)
            notes.extend(said)
        else:
            rendered = backend.render(api, **extra)
            if hasattr(backend, "diagnostics"):
                notes.extend(backend.diagnostics(api, **extra))
        if hasattr(backend, "check_output"):  # what its own files cannot carry (apixml: characters XML forbids)
            notes.extend(backend.check_output(api, rendered))
        for relative, text in rendered.items():
            files[f"{name}/{relative}"] = text
    return files, notes


def _tool_files() -> list[Path]:
    """Our own code and templates: a stamp is stale when any of them changed."""
    import os

    from .templating import template_root

    package = Path(__file__).resolve().parent
    files: list[Path] = []
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = [name for name in subfolders if name not in ("sample", "__pycache__")]  # not walked at all
        files += [Path(folder, name) for name in names]  # code and data (rpc/procedures.toml)
    return sorted(files + [p for p in template_root().rglob("*") if p.is_file()])


def _options(args: argparse.Namespace) -> dict[str, object]:
    # os.path.realpath, not Path.resolve: a symlink loop must reach the input
    # checks and their clear error, not raise RuntimeError here
    def absolute(values: list[str] | None) -> list[str]:
        return [os.path.realpath(v) for v in values or []]

    return {
        "version": __version__,
        "command": args.command,
        "files": absolute(args.files),
        "srcdir": os.path.realpath(args.srcdir) if args.srcdir else ("" if args.files or args.api_xml else str(sample_tree())),
        "api_xml": absolute(args.api_xml),
        "module": sorted(getattr(args, "module", None) or []),
        "format": getattr(args, "format", ""),
        "only": ",".join(_only(args)),  # however spelled: `--only html,api` and `--only api --only html` are one run
        "remote_protocol": os.path.realpath(args.remote_protocol) if getattr(args, "remote_protocol", None) else "",
        "acls": getattr(args, "acls", ""),
        "depfile": os.path.realpath(args.depfile) if args.depfile else "",
        "werror": args.werror,
        "cpp": os.environ.get("CPP", ""),  # another preprocessor may read the headers otherwise (or fail)
    }


def _main_output_first(name: str) -> tuple[bool, str]:
    """The main module's file first: the output a build rule names (see :func:`_depfile_target`)."""
    return not Path(name).name.startswith("libvirt-api."), name


def _depfile_target(outputs: list[Path]) -> list[str]:
    """The depfile's one target, as gcc writes it: ninja without ``deps = gcc``
    rejects a depfile naming an output its build edge does not declare, and a
    rule names the main module's file (``libvirt-api.xml``) first if it names
    any at all.  make and ninja then rerun the command when that file is older
    than an input; the command writes every output at once.

    The build rule sees that one file only, so it is written anew (its
    content as it was) whenever another output changes and it does not
    (``write_all``'s companion): left alone, a target whose content stays
    (``html/favicon.svg``; ``libvirt-api.xml`` after an edit of a qemu doc)
    kept make rerunning the command on every call, and kept ninja
    (``restat``) from rebuilding what depends on it.  With nothing changed at
    all it is left alone (make then runs the no-op rerun again until an
    output changes; ninja's ``restat`` settles)."""
    return [str(outputs[0])] if outputs else []


def _depfile_is_no_output(depfile: Path, outputs: list[Path]) -> None:
    """Refuse a depfile that is an output, a folder outputs go into (``-o out --depfile out``:
    the writes would race for the name, and a failed run left one of them behind), or lies
    under an output file."""
    real = os.path.realpath(depfile)
    for output in outputs:
        real_output = os.path.realpath(output)
        if real_output == real:
            raise UsageError(f"--depfile {depfile} names one of the outputs")
        if os.path.commonpath([real, real_output]) == real:
            raise UsageError(f"--depfile {depfile} names a folder the outputs are written into")
        if os.path.commonpath([real, real_output]) == real_output:
            raise UsageError(f"--depfile {depfile} lies under the output {output}")


def _depfile_is_no_input(depfile: Path, inputs: list[str], tree: Path | None) -> None:
    """Refuse, before anything is written, a depfile that would replace a file the run read
    (``--depfile src/libvirt_public.syms``): known only once the inputs are, so after the parse.
    An output may replace its input (``api --api-xml out/libvirt-api.xml -o out`` rewrites the
    file in our layout, as asked); a depfile's text is never what an input should hold.  Nor
    one that the next run on the same ``tree`` would read (``include/libvirt/libvirt-deps.h``:
    a header to the next run, which then fails on Make syntax)."""
    from .frontend.tree import is_tree_input_name

    real = os.path.realpath(depfile)
    if any(os.path.realpath(path) == real for path in inputs):
        raise UsageError(f"--depfile {depfile} names one of the inputs: writing it would replace what the run read")
    if tree is None:
        return
    root = Path(os.path.realpath(tree))
    # a folder on the way counts too: include/libvirt/libvirt-x.h/dep.d makes the header name a folder,
    # which the next run finds in its listing and cannot read
    for up, candidate in enumerate((Path(real), *Path(real).parents)):
        if candidate == root or root not in candidate.parents:
            break
        if not is_tree_input_name(tree, candidate):
            continue
        if up == 0:
            raise UsageError(f"--depfile {depfile} names a file the next run on {tree} would read as an input")
        # the folder as typed (a symlink or '..' on the way: the first typed ancestor that resolves to it)
        typed = next((p for p in depfile.parents if os.path.realpath(p) == str(candidate)), candidate)
        raise UsageError(f"--depfile {depfile} lies in {typed}, a name the next run on {tree} reads as an input file")


def _chosen_backends(args: argparse.Namespace) -> list[str]:
    """``--only``'s backends (none for ``api``), after every usage check of the
    command line: before the stamp check, whose options read an empty value
    as "not given" and could call such a run up to date."""
    check_input_names(args.files, args.srcdir, args.api_xml)
    not_empty("-o/--output", args.output, "folder")
    not_empty("--depfile", args.depfile)
    not_empty("--remote-protocol", getattr(args, "remote_protocol", None))
    only = _only(args)
    if getattr(args, "remote_protocol", None) is not None and "rpc" not in only:
        raise UsageError("--remote-protocol only applies to the rpc backend, and --only does not choose rpc")
    return only


def _only(args: argparse.Namespace) -> list[str]:
    """The backends ``generate --only`` names, in :data:`GENERATE_BACKENDS`' order,
    each once: every ``--only`` adds its comma-separated names, as ``check
    --only`` and ``api --module`` add up (the last one alone won in silence);
    all without any.  A value naming none (``--only ""``: mostly an unset
    shell variable) is a usage error, as an empty path is.  None ([]) for ``api``."""
    if args.command != "generate":
        return []
    values: list[str] | None = args.only
    if values is None:
        return list(GENERATE_BACKENDS)
    named: set[str] = set()
    for value in values:
        names = [name.strip() for name in value.split(",") if name.strip()]
        if not names:
            raise UsageError(f"--only names no backend (known: {', '.join(GENERATE_BACKENDS)})")
        unknown = [name for name in names if name not in GENERATE_BACKENDS]
        if unknown:
            raise UsageError(f"unknown backend '{unknown[0]}' (known: {', '.join(GENERATE_BACKENDS)})")
        named.update(names)
    return [name for name in GENERATE_BACKENDS if name in named]


def _run(args: argparse.Namespace, started_ns: int) -> int:
    import gc

    gc.disable()  # one short run whose model is acyclic: cyclic collections only cost time (~10%)
    only = _chosen_backends(args)
    outdir = Path(args.output)
    options = _options(args)
    replayed = fresh_stamp_messages(outdir, options, invocation(getattr(args, "arguments", [])))
    if replayed is not None:
        for line in replayed:
            say(line)
        return 0

    from .frontend import FrontendError

    listed = folder_listings(_folders_ahead(args, outdir, only))  # before any input is read: see generator.output
    base = input_base(args.files, args.srcdir, args.api_xml)
    backend_modules = _backend_modules(args, only)
    try:
        result = load_inputs(args.files, args.srcdir, args.api_xml or [], lambda _: _warm_up(backend_modules), getattr(args, "module", None), written=True)
    except FrontendError as error:
        say(frontend_error_line(error, base))
        return 1
    from .diagnostics import with_werror  # the model is loaded by now: no cost

    chosen = getattr(args, "module", None)
    api = _select(result.api, chosen)
    found = _about_modules(result.diagnostics, result.api, chosen) if chosen else result.diagnostics
    diagnostics = with_werror(sorted(found), args.werror)  # the XML reader's carry their paths already
    from .cli_check import SourceLines

    lines = SourceLines(base)  # a file read once however many findings it has
    printed = [str(openable(diagnostic, base, lines)) for diagnostic in diagnostics]
    for line in printed:
        say(line)
    if any(d.severity == "error" for d in diagnostics):
        say("virt-apigen: no output written")
        return 1
    remote_protocol = None
    if getattr(args, "remote_protocol", None):
        from .rpc.numbers import ProtocolFile  # bytes: a file that is not UTF-8 is a diagnostic, not a traceback

        remote_protocol = ProtocolFile.read(args.remote_protocol)
        result.inputs.append(str(Path(args.remote_protocol)))
    acls, decided_by = _acls_wanted(args, api)
    if decided_by is not None:
        result.inputs.append(str(decided_by))
    if args.command == "generate":
        files, notes = _render_generate(api, only, {"remote_protocol": remote_protocol, "acls": acls})
    else:
        files, notes = _render_api(api, args.format, acls)
    if any(note.rule == "xml-character" for note in notes):
        notes = _xml_characters_as_check_places(api, notes, base)
    notes = with_werror(sorted(relocated(notes, result.renamed)), args.werror)
    printed_notes = [str(_as_typed(openable(note, base, lines), remote_protocol, getattr(args, "remote_protocol", None))) for note in notes]
    for line in printed_notes:
        say(line)
    if any(note.severity == "error" for note in notes):  # rpc's errors in --remote-protocol, XML that cannot be written
        say("virt-apigen: no output written")
        return 1
    _write(args, options, files, result.inputs, started_ns, printed + printed_notes, listed)
    return 0


def _delete_stale(stale: Mapping[Path, Identity | None], outdir: Path) -> list[Path]:
    """Delete the stale outputs that are still the files their run wrote
    (``generator.output.delete_stale``); those deleted.  One that stays (the
    user's own file put in its place, a folder made read-only since, another
    user's file in a sticky folder) is a warning: the outputs are in place,
    and failing every later run on it would leave no stamp, so no early stop,
    ever (see generator.output)."""
    deleted = []
    for path, written in stale.items():
        why = delete_stale(path, written)
        if why is None:
            deleted.append(path)
            continue
        shown = outdir / os.path.relpath(path, os.path.realpath(outdir))  # below OUTDIR as typed, as the other messages name files
        say(f"virt-apigen: warning: {shown}: a stale output of an earlier run, not deleted: {why}")
    return deleted


def _folders_ahead(args: argparse.Namespace, outdir: Path, only: list[str]) -> list[Path]:
    """Every existing folder the run may write into, known before the inputs
    are read: the output folder, each chosen backend's own (with what is
    below it: the bindings' package), the depfile's."""
    folders = [outdir]
    for name in only if args.command == "generate" else []:
        for folder, subfolders, _ in os.walk(outdir / name):
            subfolders[:] = [sub for sub in subfolders if not sub.startswith(".")]
            folders.append(Path(folder))
    if args.depfile:
        folders.append(Path(args.depfile).parent)
    return folders


def _xml_characters_as_check_places(api: Api, notes: list[Diagnostic], base: Path | None) -> list[Diagnostic]:
    """The XML backend's ``xml-character`` errors replaced by those ``check``
    reports for the same input: at the character itself, in the header or
    ``.c`` file (the backend knows only the symbol whose text holds it, or
    for a header's own text the line of the XML it did not write).  A run
    stops here, so the cost (every doc text searched, the files read) is paid
    only when there is such a character.  A backend error about a symbol
    check's rule says nothing of (the character is in no doc text: a macro's
    string value) stays as the backend placed it."""
    from .cli_check import SourceLines
    from .lint.docs import xml_characters
    from .lint.locate import refine
    from .lint.texts import Context

    lines = SourceLines(base)
    placed = [refine(d, lines(d.location.file)) for d in xml_characters(Context.of(api))]
    said = {d.subject for d in placed}
    return [note for note in notes if note.rule != "xml-character" or note.subject not in said] + placed


def _as_typed(note: Diagnostic, protocol: ProtocolFile | None, typed: str | None) -> Diagnostic:
    """A finding in the ``--remote-protocol`` file with that file's path as typed
    (the rpc backend holds it absolute: its locations must not be read as tree paths)."""
    import dataclasses

    if protocol is None or typed is None or note.location.file != protocol.path:
        return note
    return dataclasses.replace(note, location=dataclasses.replace(note.location, file=typed))


def _check_output_names(files: dict[str, str]) -> None:
    """Every output a backend names stays inside OUTDIR: a relative path of
    named folders and a file, no ``..``, ``.`` or empty step, no line break.
    A backend's names come from the model (a header's or an XML ``file=``'s
    name, checked where they are read); this is the last line of defence, so
    that no name slipping past those checks writes outside OUTDIR."""
    from .frontend.tree import name_problem

    for name in files:
        steps = name.split("/")
        problem = next((p for p in map(name_problem, steps) if p is not None), None)
        if name.startswith("/") or problem is not None:
            import errno

            shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)
            why = "it is absolute" if name.startswith("/") else problem
            raise OSError(errno.EINVAL, f"an output's name is no path inside the output folder ({why}): nothing written", shown)


def _write(
    args: argparse.Namespace,
    options: dict[str, object],
    files: dict[str, str],
    inputs: list[str],
    started_ns: int,
    printed: list[str],
    listed: Listings | None = None,
) -> None:
    """The outputs and the depfile (all or none), then what the last run wrote and
    this one does not is deleted, then the stamp (best-effort: a cache), which
    records inputs changed since ``started_ns`` as unknown, each output as
    this run left it (its identity: :class:`generator.output.Record`), the
    folders it wrote into as ``listed`` at its start found them (see
    :mod:`generator.output`), the depfile's bytes and the warnings the run
    ``printed`` (a no-op rerun prints them again).  An old content a commit
    could not remove is a warning, not a failure: the outputs are all new."""
    outdir = Path(args.output)
    _check_output_names(files)
    targets: dict[Path, str | bytes] = {outdir / name: text for name, text in files.items()}
    outputs = [outdir / name for name in sorted(files, key=_main_output_first)]
    data = b""
    misread = None
    said: list[str] = []  # warnings about the depfile, said once the outputs are written
    if args.depfile:
        _depfile_is_no_output(Path(args.depfile), [*targets, outdir / STAMP_NAME])
        # an input the run writes itself (a --remote-protocol fed back) is no prerequisite: see generator.output
        prerequisites = depfile_prerequisites(inputs, [*targets, outdir / STAMP_NAME, Path(args.depfile)])
        streams = unwatchable(prerequisites)  # a pipe read (`--api-xml <(...)`): no file make or ninja can watch
        prerequisites = [path for path in prerequisites if path not in {stream for stream, _ in streams}]
        for path, what in streams:
            said.append(f"virt-apigen: warning: {args.depfile}: {_shown(path)} is {what}, no file a build tool can watch: left out of the depfile")
        data = depfile_data(_depfile_target(outputs), prerequisites)
        misread = _depfile_misread(args.depfile, _depfile_target(outputs), prerequisites)
        targets[Path(args.depfile)] = data
        outputs.append(Path(args.depfile))
        _depfile_is_no_input(Path(args.depfile), inputs, _tree_root(args))
    with folder_locked(outdir, next(iter(targets), outdir / STAMP_NAME)):  # another run writing there at once waits its turn
        stale = stale_outputs(outdir, options, outputs, inputs)
        # the depfile's target is written anew when another output changes (see _depfile_target)
        companion = (outputs[0], Path(args.depfile)) if args.depfile and outputs else None
        record = Record()
        write_all(targets, companion, others_changed=any(still_written(path, written) for path, written in stale.items()), record=record)
        deleted = _delete_stale(stale, outdir)
        if misread is not None:
            said.append(misread)
        for line in said:  # said, and recorded: the early stop prints them again, as any warning of the run
            say(line)
        printed = [*printed, *said]
        watched = [Path(os.path.realpath(p)) for p in inputs] + _tool_files()
        # each output as this run left it, not as found now: a run writing the folder at once may have replaced it
        written = {Path(os.path.realpath(p)): record.identities.get(p) for p in outputs}
        # the depfile as the outputs name it, with its bytes: the early stop writes it again once ninja deleted it
        depfile = (Path(os.path.realpath(args.depfile)), data) if args.depfile else None
        write_stamp(
            outdir, options, watched, written, started_ns, invocation(getattr(args, "arguments", [])), printed, record,
            listed=listed, stale=deleted, depfile=depfile,
        )
        for target, backup, reason in record.kept:
            say(f"virt-apigen: warning: {target}: its old content stays as {backup}, which cannot be removed ({reason}); a later run removes it")


def _parse(parser: argparse.ArgumentParser, arguments: list[str]) -> argparse.Namespace:
    """``arguments`` parsed; an argument no option of the command takes is a
    usage error under that command's usage and name (``virt-apigen api:
    error:``, as argparse's own errors in that command say it; argparse's
    unrecognized-arguments error said it under the top-level one, which lists
    no option), with a hint when the option is another command's
    (``generate --module x``: ``--module`` is ``api``'s).  One before the
    command (``--werror api``) is the top level's: under its usage, the hint
    naming the commands that take it."""
    args, unknown = parser.parse_known_args(arguments)
    if unknown:
        before = _before_command(arguments)
        # argparse lists the top level's unknown arguments first, then the command's
        if before:
            unknown, command_parser, command = unknown[: len(before)], parser, ""
        else:
            command_parser, command = getattr(args, "command_parser", parser), args.command
        command_parser.error(f"unrecognized arguments: {' '.join(unknown)}{_other_commands_hint(parser, command, unknown)}")
    return args


def _before_command(arguments: list[str]) -> list[str]:
    """The arguments before the command: options of the top level, which takes
    none with a value (``--help`` and ``--version`` end the run), so the
    command is the first argument not an option."""
    for index, argument in enumerate(arguments):
        if not argument.startswith("-"):
            return arguments[:index]
    return arguments


def _other_commands_hint(parser: argparse.ArgumentParser, command: str, unknown: list[str]) -> str:
    """`` (--module is an option of 'api')`` for the first of ``unknown`` that
    another command takes; empty when none does."""
    owners: dict[str, list[str]] = {}
    for name, other in _command_parsers(parser).items():
        if name == command:
            continue
        for action in other._actions:
            for option in action.option_strings:
                owners.setdefault(option, []).append(name)
    for argument in unknown:
        option = argument.split("=", 1)[0]
        if option.startswith("-") and option in owners:
            return f" ({option} is an option of {_listed(sorted(owners[option]))})"
    return ""


def _listed(names: list[str]) -> str:
    """``'api'``, ``'api' and 'check'``, ``'api', 'check' and 'diff'``."""
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def _command_parsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Each command's parser, with its options (``check`` and ``diff`` get
    theirs only when chosen: configured here, on this error path alone)."""
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    for name, module in COMMAND_MODULES.items():
        if name in found and not any(action.option_strings and action.dest != "help" for action in found[name]._actions):
            configured = argparse.ArgumentParser(add_help=False)
            importlib.import_module(f".{module}", __package__).configure(configured)
            found[name] = configured
    return found


def _depfile_misread(depfile: str, targets: list[str], prerequisites: list[str]) -> str | None:
    """The warning for a depfile holding a path GNU make misreads
    (:func:`generator.output.depfile_misread`), or None: written silently,
    such a depfile broke the build later with no word of its cause."""
    from .output import depfile_misread

    found = depfile_misread(targets, prerequisites)
    if found is None:
        return None
    path, why, count = found
    more = f" ({count - 1} more such path{'s' if count > 2 else ''})" if count > 1 else ""
    return f"virt-apigen: warning: {depfile}: make will misread the path {_shown(path)}: {why}{more}"


def _shown(text: str) -> str:
    """``text`` on one line: a control character (a line break in a path) escaped, as Python writes it."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def main(argv: list[str] | None = None, started_ns: int | None = None) -> int:
    """Run one command; ``started_ns``: when the process started (before any
    input was read; default: now), see :mod:`generator.fastpath`."""
    import time

    started = time.time_ns() if started_ns is None else started_ns
    arguments = sys.argv[1:] if argv is None else argv
    parser = _parser(arguments)
    args = parsed(lambda: _parse(parser, arguments))  # --help, --version, a usage error: SystemExit once argparse's text is written
    args.arguments = arguments  # the command line as given: the stamp's key for the fast path
    try:
        if args.command in COMMAND_MODULES:
            return int(importlib.import_module(f".{COMMAND_MODULES[args.command]}", __package__).run(args))
        return _run(args, started)
    except UsageError as error:
        # as argparse's error() says it, so the command's own usage errors read as argparse's in
        # the same command do ("virt-apigen api: error:", not the top level's "virt-apigen: error:")
        command_parser = getattr(args, "command_parser", parser)
        usage = command_parser.format_usage().rstrip("\n")
        say(f"{usage}\n{command_parser.prog}: error: {error}")  # say: a stderr closed or full leaves the status 2
        return 2
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        say(f"virt-apigen: error: {where}{error.strerror or error}")
        return 1
    except KeyboardInterrupt as interrupt:  # Ctrl-C, or SIGTERM (fastpath.Terminated): cleanup is done by now
        return interrupted_status(interrupt)
    except RuntimeError as error:  # the same, wrapped by Python 3.11 while a class was made (fastpath.cancel_behind)
        return cancelled_status(error)
    except MemoryError:  # anywhere in the run, a forked child's included (background.Background.result raises it here)
        return out_of_memory_status()
    except ModuleNotFoundError as error:
        if error.name not in RUNTIME_DEPENDENCIES:
            raise
        # run from a checkout (PYTHONPATH=.) with an interpreter that lacks a dependency
        say(f"virt-apigen: error: the Python package '{error.name}' is missing: install {', '.join(RUNTIME_DEPENDENCIES)}")
        return 1

