"""The ``sgtui`` command line.

Each sub-command lives in its own ``cmd_<name>.py`` module in this package, found at
start-up, so adding a command never means editing this file. A command module exposes
``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int`` and imports
heavy libraries (openpyxl, calamine, Textual) inside ``run``, keeping start-up fast.

Errors a user can cause are printed as one line (``sgtui: error: ...``) with exit code 2;
tracebacks are never shown to users (set ``SGTUI_DEBUG=1`` to see them).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from types import ModuleType
from typing import NoReturn

from sgtui import __version__

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def command_modules() -> list[ModuleType]:
    """The ``cmd_*`` modules of this package, in name order."""
    import sgtui.cli as package

    names = sorted(
        m.name for m in pkgutil.iter_modules(package.__path__) if m.name.startswith("cmd_")
    )
    return [importlib.import_module(f"sgtui.cli.{name}") for name in names]


class _Parser(argparse.ArgumentParser):
    """argparse, except that with ``--json`` on the command line a usage error is one JSON
    document on stdout too (argparse itself prints only to stderr)."""

    json_wanted = False

    def error(self, message: str) -> NoReturn:
        """Report a command-line mistake and exit 2, as JSON when ``--json`` was given."""
        if self.json_wanted:
            from sgtui.cli.common import print_json

            print_json({"committed": False, "fatal": f"{self.prog}: {message}"})
            sys.exit(EXIT_USAGE)
        super().error(message)


def build_parser(
    *, json_wanted: bool = False
) -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    """The top-level parser with every sub-command registered."""
    # A class made per call: argparse builds each sub-command's parser from the type of its
    # parent, so they all share the setting, and no other call's setting leaks in.
    parser_class = type("_CommandParser", (_Parser,), {"json_wanted": json_wanted})
    parser = parser_class(
        prog="sgtui",
        description="Safeguarding business support: meetings, statutory reviews, GP LES and training.",
    )
    parser.add_argument("--version", action="version", version=f"sgtui {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help="SQLite file or SQLAlchemy URL (default: $SGTUI_DB, else the user data folder)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules: dict[str, ModuleType] = {}
    for module in command_modules():
        sub = subparsers.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        sub.add_argument(
            "--db",
            metavar="PATH_OR_URL",
            default=argparse.SUPPRESS,
            help="SQLite file or SQLAlchemy URL",
        )
        module.add_arguments(sub)
        modules[module.NAME] = module
    return parser, modules


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    if argv is None:
        argv = sys.argv[1:]
    parser, modules = build_parser(json_wanted="--json" in argv)
    args = parser.parse_args(argv)
    command = args.command or "app"
    try:
        return int(modules[command].run(args) or 0)
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("sgtui: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: one line, never a traceback
        if os.environ.get("SGTUI_DEBUG"):
            raise
        report_failure(args, user_message(exc))
        return EXIT_USAGE


def report_failure(args: argparse.Namespace, message: str) -> None:
    """Say why a command failed: one JSON document under ``--json`` (scripts parse stdout
    and must never get plain text), else one ``sgtui: error:`` line on stderr."""
    if getattr(args, "json", False):
        from sgtui.cli.common import print_json

        print_json({"committed": False, "fatal": message})
    else:
        print(f"sgtui: error: {message}", file=sys.stderr)


def user_message(exc: BaseException) -> str:
    """A one-line description of an error for the user."""
    from sgtui.filecheck import DISK_ERRORS, FileRefused, os_error_reason
    from sgtui.services.errors import ServiceError
    from sgtui.services.ukdates import DateParseError
    from sgtui.store.errors import DatabaseError

    if isinstance(exc, DatabaseError | ServiceError | DateParseError | FileRefused):
        return str(exc)
    if isinstance(exc, FileNotFoundError):
        return f"no such file: {exc.filename}"
    if isinstance(exc, PermissionError):
        return f"permission denied: {exc.filename}"
    if isinstance(exc, IsADirectoryError):
        return f"{exc.filename} is a directory"
    if isinstance(exc, OSError) and exc.errno in DISK_ERRORS:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{os_error_reason(exc)}{where}"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
