"""Command-line options that several subcommands share, defined once."""

from __future__ import annotations

import argparse

from aireg.errors import InputError


def size(text: str) -> int:
    """argparse type for sizes such as 500M or 2G (0 = no limit)."""
    from aireg.sizes import parse_size

    try:
        return parse_size(text)
    except InputError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def add_max_bytes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-bytes", metavar="SIZE", type=size,
                        help="size limit per input file, e.g. 500M or 2G; 0 = none "
                        "(default: 128M, or AIREG_MAX_BYTES)")


def base_iri(text: str) -> str:
    """argparse type for --base: an absolute IRI (relative IRIs of the inputs resolve against it)."""
    import re

    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$", text):
        raise argparse.ArgumentTypeError(f"not an absolute IRI: {text!r} (e.g. https://example.org/data/)")
    return text


def add_base(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", metavar="IRI", type=base_iri,
                        help="base IRI for relative IRIs in the inputs (default: "
                        "https://w3id.org/aireg/input/FILENAME, the same on every machine; never the local path)")


def add_credentials(parser: argparse.ArgumentParser) -> None:
    """``--user``: the password comes from AIREG_PASSWORD or a prompt, never from the command line."""
    parser.add_argument("--user", metavar="NAME",
                        help="log in to the server as NAME (HTTP Basic or Digest, as the server asks); "
                        "the password is read from AIREG_PASSWORD or asked for on the terminal. "
                        "A bearer token is read from AIREG_TOKEN")


def add_graph_selection(parser: argparse.ArgumentParser) -> None:
    """``--default-graph`` / ``--named-graph``: the SPARQL protocol's dataset parameters."""
    parser.add_argument("--default-graph", action="append", default=[], metavar="IRI",
                        help="with --endpoint: query this graph as the default graph "
                        "(the protocol's default-graph-uri; repeatable)")
    parser.add_argument("--named-graph", action="append", default=[], metavar="IRI",
                        help="with --endpoint: make this graph available to GRAPH (named-graph-uri; repeatable)")


def endpoint_credentials(args, url: str | None):
    """The credentials for ``url`` from ``--user`` and the environment (None without any)."""
    if not url:
        return None
    from aireg.http import credentials_for

    return credentials_for(url, getattr(args, "user", None))[1]
