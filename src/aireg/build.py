"""Merge the ontology and the data into one graph, written as one set of files.

``aireg build`` streams: each input is parsed by Oxigraph straight to
N-Triples (terms exactly as written: ``"12"^^xsd:int`` stays an ``xsd:int``),
blank nodes are named by structure (:mod:`aireg.bnodes`), the lines are sorted
and written; Turtle is serialised by Oxigraph from those lines. No graph
store and no rdflib terms are built, so a 200 MB input takes seconds.

Outputs, in ``out/``:

* ``aireg.nt`` (sorted, stable blank-node names: unchanged data rebuilds
  byte-identical) and ``aireg.ttl``: every triple of every graph, merged (the
  graph ``aireg validate`` checks);
* when the inputs have named graphs (TriG, N-Quads, JSON-LD) and
  ``merge_graphs`` is False: also ``aireg.nq`` and ``aireg.trig``, which keep
  each triple in its graph;
* ``manifest.json``: the files of this build with their sizes and SHA-256,
  and the ``snapshot`` record that lets later commands load ``aireg.nt``
  instead of parsing the sources, while they are unchanged
  (:mod:`aireg.snapshot`): each source's path, size and the SHA-256 of the
  bytes that were parsed.

The set is all or nothing (:mod:`aireg.outdir`): it is written to a new
folder beside ``out/`` and swapped in whole, so a build killed at any point,
a full disk or two builds at once never leave files of different builds.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from aireg import paths
from aireg.bnodes import canonical, no_gc, rename
from aireg.errors import InputError
from aireg.load import FOLDER_SUFFIXES, bundled_files, expand_inputs, read_input
from aireg.no_triples import empty_files
from aireg.outdir import replace_folder
from aireg.prefixes import PREFIX_IRIS as PREFIXES
from aireg.progress import Progress
from aireg.snapshot import seal, snapshot_record, source_record

AIREG = "https://w3id.org/aireg/ont#"

# What `aireg build` reports, in this order: (label, class local name).
COUNTED_CLASSES = [
    ("instruments", "Instrument"),
    ("versions", "InstrumentVersion"),
    ("provisions", "Provision"),
    ("norms", "Norm"),
    ("thresholds", "Threshold"),
    ("definitions", "Definition"),
    ("risk categories", "RiskCategory"),
    ("penalties", "Penalty"),
    ("delegations", "Delegation"),
    ("actors", "Actor"),
    ("roles", "Role"),
    ("events", "Event"),
    ("sources", "SourceDocument"),
    ("citations", "Citation"),
]


@dataclass(frozen=True)
class BuildResult:
    triples: int
    counts: dict[str, int]
    outputs: list[Path]
    named_graphs: list[str] = field(default_factory=list)
    graphs_kept: bool = False
    empty_inputs: list[Path] = field(default_factory=list)  # files that hold no triple (aireg.no_triples)


def _step(name: str) -> None:
    """A named point of the build (a seam for fault-injection tests; does nothing)."""


_TYPE_TEXT = b" <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
_SUBCLASS_TEXT = b" <http://www.w3.org/2000/01/rdf-schema#subClassOf> "
_TYPE_END = re.compile(rb" <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type> (<[^>\n]*>) \.\n")
_SUBCLASS_END = re.compile(rb" <http://www\.w3\.org/2000/01/rdf-schema#subClassOf> (<[^>\n]*>) \.\n")


def _subjects(pattern: re.Pattern, ntriples: bytes) -> dict[bytes, set]:
    """{object: subjects} of the lines a predicate pattern ends (found by its text, then the line start)."""
    found: dict[bytes, set] = {}
    for m in pattern.finditer(ntriples):
        start = ntriples.rfind(b"\n", 0, m.start()) + 1
        found.setdefault(m.group(1), set()).add(ntriples[start:m.start()])
    return found


def count_instances(ntriples: bytes) -> dict[str, int]:
    """Instances of each reported class, following rdfs:subClassOf, from N-Triples bytes."""
    types = _subjects(_TYPE_END, ntriples)
    parents = _subjects(_SUBCLASS_END, ntriples)
    counts = {}
    for label, local in COUNTED_CLASSES:
        top = b"<" + (AIREG + local).encode() + b">"
        classes, frontier = {top}, [top]
        while frontier:
            for sub in parents.get(frontier.pop(), ()):
                if sub not in classes:
                    classes.add(sub)
                    frontier.append(sub)
        members = set()
        for cls in classes:
            members |= types.get(cls, set())
        counts[label] = len(members)
    return counts


def build(out_dir: str | Path = "out", files=None, engine: str | None = None, max_bytes: int | None = None,
          base: str | None = None, merge_graphs: bool = False,
          progress: Progress | None = None) -> BuildResult:
    """Load the bundled files (or ``files``) and write the output set into ``out_dir`` all or nothing.

    ``engine`` is accepted for the command line's sake: build uses no store.
    """
    progress = progress or Progress()
    file_list = expand_inputs(files, FOLDER_SUFFIXES) if files else bundled_files()
    folders = [Path(f) for f in files if Path(f).is_dir()] if files else [paths.data_dir()]
    _refuse_output_over_inputs(Path(out_dir), file_list, folders)
    try:
        with no_gc():
            return _build(Path(out_dir), file_list, max_bytes, base, merge_graphs, progress)
    finally:
        progress.done()


def _refuse_output_over_inputs(out_dir: Path, file_list: list[Path], folders: list[Path]) -> None:
    """The output folder must not be where the inputs are read from: ``aireg build -o data`` wrote aireg.ttl and
    aireg.nt into data/, where every later command read them back as data (a folder of the inputs, or one
    inside a folder that is read whole)."""
    try:
        out = out_dir.resolve()
        beside = next((f for f in file_list if Path(f).resolve().parent == out), None)
        within = next((d for d in folders if d.resolve() == out or d.resolve() in out.parents), None)
    except OSError:
        return
    if beside is not None or within is not None:
        what = f"the input {beside}" if beside is not None else f"inside {within}, which is read whole"
        raise InputError(f"-o {out_dir} is where the inputs are read from ({what}): build would write its files "
                         "among the data it reads; choose another folder (default: out/)")


def _build(out_dir: Path, file_list: list[Path], max_bytes, base, merge_graphs, progress) -> BuildResult:
    per_graph: dict[str | None, list[bytes]] = {}
    sources, held = [], {}
    for n, path in enumerate(file_list, 1):
        progress.say(f"reading {path} ({n}/{len(file_list)})")
        parsed = read_input(path, max_bytes=max_bytes, base=base, digest=True)
        sources.append(source_record(path, parsed.sha256))
        held[str(path)] = held.get(str(path), 0) + parsed.triples
        for name, nt in parsed.graphs.items():
            if nt:
                per_graph.setdefault(name, []).append(nt)
    empty = empty_files(file_list, held, "build")  # no triple in any file: refused before anything is written
    _step("read")
    progress.say("naming blank nodes and sorting")
    named = sorted(g for g in per_graph if g is not None)
    keep = bool(named) and not merge_graphs
    everything: set[bytes] = set()
    for chunks in per_graph.values():
        for chunk in chunks:
            everything.update(chunk.split(b"\n"))
    everything.discard(b"")
    if not keep:
        per_graph.clear()  # the lines are all in the set now
    lines, names, _ = canonical(everything)
    del everything
    # the graph in aireg.nt is the sources' graph only if no two blank nodes got one name
    distinct = len(set(names.values())) == len(names)
    lines.sort()
    triples = len(lines)
    counts = count_instances(b"\n".join(line for line in lines if _TYPE_TEXT in line or _SUBCLASS_TEXT in line)
                             + b"\n")
    quads = _quads(per_graph, names) if keep else None
    del per_graph, names
    _step("sorted")

    def write(folder: Path) -> list[Path]:
        written = [_write(folder, "aireg.nt", lambda fh: _write_lines(fh, lines))]
        _step("wrote aireg.nt")
        progress.say("writing Turtle")
        written.append(_write(folder, "aireg.ttl", lambda fh: _serialise(written[0], "N_TRIPLES", "TURTLE", fh)))
        _step("wrote aireg.ttl")
        if quads is not None:
            written.append(_write(folder, "aireg.nq", lambda fh: _write_lines(fh, quads)))
            written.append(_write(folder, "aireg.trig", lambda fh: _serialise(written[-1], "N_QUADS", "TRIG", fh)))
            _step("wrote aireg.trig")
        _write_manifest(folder, written, triples, named, keep, base,
                        snapshot_record(sources, base=base, blank_nodes_distinct=distinct))
        _step("wrote manifest")
        return written

    names = replace_folder(out_dir, write, on_wait=progress.note, step=_step)
    return BuildResult(triples=triples, counts=counts, outputs=[out_dir / n for n in names],
                       named_graphs=named, graphs_kept=keep, empty_inputs=empty)


def _quads(per_graph: dict[str | None, list[bytes]], names: dict[bytes, bytes]) -> list[bytes]:
    """N-Quads lines: each triple in its graph, blank nodes named as in aireg.nt."""
    out = set()
    for graph, chunks in per_graph.items():
        lines = sorted({rename(line, names) for chunk in chunks for line in chunk.split(b"\n") if line})
        if graph is None:
            suffix = b" ."
        elif graph.startswith("_:"):
            # a graph named by a blank node: named after its content, like any other blank node
            suffix = b" _:g" + hashlib.blake2b(b"\n".join(lines), digest_size=12).hexdigest().encode() + b" ."
        else:
            suffix = b" " + graph.encode("utf-8") + b" ."
        out.update(line[:-2] + suffix for line in lines)
    return sorted(out)


def _write_lines(fh, lines: list[bytes], chunk: int = 65536) -> None:
    """Lines to a file, a chunk at a time (no second copy of the whole output in memory)."""
    for start in range(0, len(lines), chunk):
        fh.write(b"\n".join(lines[start:start + chunk]) + b"\n")


def _serialise(source: Path, source_format: str, target_format: str, fh) -> None:
    """Oxigraph re-serialises a file we wrote, streaming from file to file, with the project's prefixes."""
    import pyoxigraph as ox

    if source.stat().st_size == 0:
        return
    ox.serialize(ox.parse(path=str(source), format=getattr(ox.RdfFormat, source_format)), fh,
                 format=getattr(ox.RdfFormat, target_format), prefixes={k: str(v) for k, v in PREFIXES.items()})


def _write(folder: Path, name: str, fill) -> Path:
    """Write ``folder/name`` from bytes or ``fill(file)``, flushed to disk."""
    target = folder / name
    with open(target, "wb") as fh:
        if callable(fill):
            fill(fh)
        else:
            fh.write(fill)
        fh.flush()
        os.fsync(fh.fileno())
    return target


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_manifest(folder: Path, written: list[Path], triples: int, named: list[str], kept: bool,
                    base: str | None, snapshot: dict) -> None:
    files = {path.name: {"bytes": path.stat().st_size, "sha256": _sha256(path)} for path in written}
    if "aireg.nt" in files:
        snapshot = seal(snapshot, files["aireg.nt"]["sha256"])
    doc = {"triples": triples, "named_graphs": named, "graphs": "kept" if kept else "merged",
           "base": base, "files": files, "snapshot": snapshot}
    _write(folder, "manifest.json", (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
