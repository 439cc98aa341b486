"""The ``aireg`` command.

Each subcommand lives in its own module under ``aireg.commands`` and exposes
``register(subparsers)``; this module only finds them, parses the command line
and turns errors into one line on stderr and an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from aireg import commands
from aireg.errors import AiregError, EXIT_INPUT


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aireg",
        description="A knowledge graph of AI regulatory instruments: build, validate, query, export.",
    )
    from aireg import __version__

    parser.add_argument("--version", action="version", version=f"aireg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"aireg.commands.{info.name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.run(args)
    except AiregError as err:
        print(f"aireg {args.command}: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print(f"aireg {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as err:
        print(f"aireg {args.command}: error: {err}", file=sys.stderr)
        return EXIT_INPUT
    return int(code or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
