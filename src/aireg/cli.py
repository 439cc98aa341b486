"""The ``aireg`` command.

Each subcommand lives in its own module under ``aireg.commands`` and exposes
``register(subparsers)``; this module only finds them, parses the command line
and turns errors into one line on stderr and an exit code.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


def _command_names() -> list[str]:
    """The modules of ``aireg.commands`` (read from its folder: pkgutil would load inspect, a few ms)."""
    from aireg import commands

    names = set()
    for folder in commands.__path__:
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        for entry in entries:
            stem, dot, ext = entry.partition(".")
            if dot and ext in ("py", "pyc") and stem.isidentifier() and stem != "__init__" or not dot and stem.isidentifier() and os.path.isfile(os.path.join(folder, entry, "__init__.py")):
                names.add(stem)
    return sorted(names)


def _chosen_command(argv: list[str] | None, names: list[str]) -> str | None:
    """The subcommand named on the command line, if it is the first word and a known one."""
    args = sys.argv[1:] if argv is None else argv
    first = next((a for a in args if not a.startswith("-")), None)
    if first is None or first not in names or args.index(first) != 0:
        return None
    return first


def build_parser(argv: list[str] | None = None, *, only_chosen: bool = False) -> argparse.ArgumentParser:
    """The ``aireg`` parser with every subcommand.

    With ``only_chosen`` (what :func:`main` does) and a known subcommand as the
    first word of ``argv``, only that subcommand's module is imported and
    registered: each module pulls in what its own command needs (rdflib,
    networkx, matplotlib...), which need not be loaded to run another one.
    """
    import argparse
    import importlib

    parser = argparse.ArgumentParser(
        prog="aireg",
        description="A knowledge graph of AI regulatory instruments: build, validate, query, export.",
    )
    from aireg import __version__

    parser.add_argument("--version", action="version", version=f"aireg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    names = _command_names()
    chosen = _chosen_command(argv, names) if only_chosen else None
    for name in [chosen] if chosen else names:
        module = importlib.import_module(f"aireg.commands.{name}")
        module.register(sub)
    for name, command_parser in sub.choices.items():
        _one_line_usage_errors(command_parser, f"aireg {name}")
    # unknown options are found by the top parser, after the subcommand has been chosen
    _one_line_usage_errors(parser, f"aireg {chosen}" if chosen else "aireg")
    return parser


def _one_line_usage_errors(parser: argparse.ArgumentParser, prog: str) -> None:
    """A usage error (an unknown option, a bad choice) as one line on stderr and exit 2, as every input error.

    argparse prints the whole usage block before its message; a CI log then shows
    six lines where one names the problem.
    """

    def error(message: str):
        print(f"{prog}: error: {message} (see {prog} --help)", file=sys.stderr)
        sys.exit(2)

    parser.error = error  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    if (sys.argv[1:] if argv is None else argv) == ["--version"]:  # a blink: no parser, no command modules
        from aireg import __version__

        print(f"aireg {__version__}")
        return 0
    parser = build_parser(argv, only_chosen=True)
    args, extra = parser.parse_known_args(argv)
    if extra:
        # argparse gives the positional FILES their values before the first option: files after an option
        # (`aireg validate a.ttl --format json b.ttl`) are files all the same, never "unrecognized arguments"
        if isinstance(getattr(args, "files", None), list) and not any(e.startswith("-") and e != "-" for e in extra):
            args.files = [*args.files, *extra]
        else:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
    size_limit = getattr(args, "max_bytes", None)
    previous_limit = os.environ.get("AIREG_MAX_BYTES")
    if size_limit is not None:  # every file this command reads, by any path; restored after
        os.environ["AIREG_MAX_BYTES"] = str(size_limit)
    restore = _terminate_as_exit()
    try:
        return _run(args)
    finally:
        restore()
        if size_limit is not None:
            if previous_limit is None:
                os.environ.pop("AIREG_MAX_BYTES", None)
            else:
                os.environ["AIREG_MAX_BYTES"] = previous_limit


def _terminate_as_exit():
    """SIGTERM (CI cancelling a job, ``timeout``, ``kill``) unwinds like Ctrl-C instead of killing outright, so
    a half-written ``-o`` file or build folder is removed on the way out; exit status 143. Returns the undo."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    return lambda: signal.signal(signal.SIGTERM, previous)


def _run(args: argparse.Namespace) -> int:
    """Run the parsed command; errors become one line on stderr and an exit status."""
    from aireg.errors import EXIT_INPUT, AiregError

    try:
        code = args.run(args)
    except AiregError as err:
        print(f"aireg {args.command}: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print(f"aireg {args.command}: interrupted", file=sys.stderr)
        return 130
    except SystemExit as stop:
        if stop.code == 143:  # SIGTERM, see _terminate_as_exit
            print(f"aireg {args.command}: terminated", file=sys.stderr)
        raise
    except BrokenPipeError:  # the reader left (| head): what was asked for was printed up to there
        from aireg.stdout import reader_gone

        reader_gone()
        return 0
    except RecursionError:
        # a safety net: readers and writers are iterative, but no input may end in a traceback
        print(f"aireg {args.command}: error: the input is nested too deeply to process", file=sys.stderr)
        return EXIT_INPUT
    except MemoryError:
        hint = " (see --max-bytes)" if hasattr(args, "max_bytes") else ""
        print(f"aireg {args.command}: error: out of memory reading the input{hint}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as err:
        print(f"aireg {args.command}: error: {err}", file=sys.stderr)
        return EXIT_INPUT
    return int(code or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
