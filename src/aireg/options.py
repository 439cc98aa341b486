"""Command-line options that several subcommands share, defined once."""

from __future__ import annotations

import argparse

from aireg.errors import InputError


def size(text: str) -> int:
    """argparse type for sizes such as 500M or 2G (0 = no limit)."""
    from aireg.load import parse_size

    try:
        return parse_size(text)
    except InputError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def add_max_bytes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-bytes", metavar="SIZE", type=size,
                        help="size limit per input file, e.g. 500M or 2G; 0 = none "
                        "(default: 128M, or AIREG_MAX_BYTES)")
