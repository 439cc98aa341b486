"""Helpers for tests that work on a copy of the bundled data."""

from __future__ import annotations

import shutil
from pathlib import Path

from aireg import paths


def copy_data(tmp_path: Path) -> Path:
    """A writable copy of data/ (Turtle files only) under tmp_path."""
    target = tmp_path / "data"
    shutil.copytree(paths.data_dir(), target, ignore=shutil.ignore_patterns("sources"))
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact occurrence of ``old`` in ``path``; fail loudly if absent."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def data_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ttl"))


def drop_citations_of_consultation_duty(data: Path) -> None:
    """Remove every aireg:citation of EO 14110's consultation duty (Sec. 4.6) from a data copy."""
    eo = data / "eo-14110.ttl"
    text = eo.read_text(encoding="utf-8")
    start = text.index("id:eo-14110-obl-commerce-consultation a aireg:Obligation ;")
    block_end = text.index("# --- Conditions", start)
    block = text[start:block_end]
    cut = block[: block.index("    aireg:citation")].rstrip().rstrip(";") + " .\n\n"
    eo.write_text(text[:start] + cut + text[block_end:], encoding="utf-8")


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run ``aireg ARGV`` in this process: exit code, standard output, standard error."""
    from aireg.cli import main

    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err
