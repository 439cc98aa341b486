"""The built graph as a snapshot: later commands load ``out/aireg.nt`` while the sources are unchanged.

Parsing the 23 bundled Turtle files costs ``aireg query`` about 45 ms (and
rdflib, which checks their dates); loading the N-Triples that ``aireg build``
wrote costs pyoxigraph about 20 ms. ``aireg build`` records in
``manifest.json`` (``snapshot``) every source it read: its path, size and the
SHA-256 of the bytes it parsed, with the versions of aireg and pyoxigraph
that wrote the file. :func:`current` gives the snapshot only if all of these
still hold:

* the sources are exactly the bundled files now (none added, none removed),
  each of the recorded size and hash (content, not mtime: a file edited and
  put back, or touched, is judged by what it holds);
* ``aireg.nt`` is the file the manifest names, of its size and hash;
* the build used no ``--base``, no two blank nodes of the sources got one
  name, aireg and pyoxigraph are the versions that wrote it, and no source is
  over the size limit a command would refuse;
* the record is sealed by this user's aireg: an HMAC of the record and of
  ``aireg.nt``'s hash under a key kept in aireg's per-user folder
  (``snapshot-key`` beside the verdict cache, made by the first build, mode
  0600). An ``out/`` folder that came from elsewhere (a cloned repository, a
  crafted manifest naming the bundled files' public hashes) is never loaded in
  place of the bundled graph.

Anything else, a missing or unreadable manifest included, gives None and the
caller parses the sources as before: a stale ``out/`` is never used, and
nothing is said about it (it is not an error to have built long ago).
Folders looked at: ``./out`` (where ``aireg build`` writes by default), then
``out/`` beside the bundled ``ontology/`` (a checkout).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path
from typing import Any

from aireg import paths

FORMAT = 1
FILE = "aireg.nt"
MANIFEST = "manifest.json"
KEY_FILE = "snapshot-key"


def source_record(path: Path, sha256: str) -> dict[str, Any]:
    """What the manifest keeps of one source: absolute path, size, hash of the bytes parsed."""
    from aireg.errors import shown_as

    resolved = Path(path).resolve()
    # standard input's spooled copy is recorded as <stdin>: its temporary path is gone after the build
    return {"path": shown_as(resolved), "bytes": resolved.stat().st_size, "sha256": sha256}


def snapshot_record(sources: list[dict[str, Any]], *, base: str | None, blank_nodes_distinct: bool) -> dict[str, Any]:
    """The manifest's ``snapshot`` entry for a build of ``sources``."""
    import pyoxigraph

    from aireg import __version__

    return {"format": FORMAT, "file": FILE, "aireg": __version__, "pyoxigraph": pyoxigraph.__version__,
            "base": base, "blank_nodes": "distinct" if blank_nodes_distinct else "merged", "sources": sources}


def _key(create: bool = False) -> bytes | None:
    """This user's key for sealing snapshot records (made on first use by a build), or None."""
    from aireg.sparql.cache import folder

    path = folder() / KEY_FILE
    try:
        key = path.read_bytes()
        return key if len(key) >= 32 else None
    except FileNotFoundError:
        if not create:
            return None
    except OSError:
        return None
    # written whole under a private name, then linked into place: a process reading meanwhile sees
    # no key or the whole key, never an empty file (link fails if another process got there first)
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".snapshot-key.", dir=path.parent)  # mode 0600
    except OSError:
        return None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(os.urandom(32))
        os.link(tmp, path)
    except FileExistsError:
        pass
    except OSError:
        return None
    finally:
        os.unlink(tmp)
    return _key(create=False)


def _seal(key: bytes, record: dict[str, Any], nt_sha256: str) -> str:
    body = json.dumps({k: v for k, v in record.items() if k != "seal"}, sort_keys=True, ensure_ascii=False)
    return hmac.new(key, (body + "\n" + nt_sha256).encode("utf-8"), hashlib.sha256).hexdigest()


def seal(record: dict[str, Any], nt_sha256: str) -> dict[str, Any]:
    """``record`` with its seal for an ``aireg.nt`` of this hash (unsealed if there is no key to be had)."""
    key = _key(create=True)
    return {**record, "seal": _seal(key, record, nt_sha256)} if key is not None else dict(record)


def folders() -> list[Path]:
    """The output folders looked at, in order (each once)."""
    found: list[Path] = []
    for folder in (Path("out"), paths.project_root() / "out"):
        try:
            resolved = folder.resolve()
        except OSError:
            continue
        if resolved not in found:
            found.append(resolved)
    return found


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sources_unchanged(recorded: list[dict[str, Any]]) -> bool:
    wanted = {str(p.resolve()) for p in paths.bundled_files()}
    if {r.get("path") for r in recorded} != wanted or len(recorded) != len(wanted):
        return False
    from aireg.sizes import default_max_bytes

    limit = default_max_bytes()
    for record in recorded:
        path = Path(record["path"])
        try:
            if path.stat().st_size != record.get("bytes") or (limit and record["bytes"] > limit):
                return False
            if _sha256(path.read_bytes()) != record.get("sha256"):
                return False
        except OSError:
            return False
    return True


def _usable(folder: Path) -> bytes | None:
    """The N-Triples of the snapshot in ``folder`` if it is current, else None."""
    import pyoxigraph

    from aireg import __version__

    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        snap = manifest["snapshot"]
        entry = manifest["files"][snap["file"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not (isinstance(snap, dict) and snap.get("format") == FORMAT and snap.get("file") == FILE
            and snap.get("aireg") == __version__ and snap.get("pyoxigraph") == pyoxigraph.__version__
            and snap.get("base") is None and manifest.get("base") is None
            and snap.get("blank_nodes") == "distinct" and isinstance(snap.get("sources"), list)):
        return None
    key = _key()
    if key is None or not isinstance(snap.get("seal"), str) or not isinstance(entry.get("sha256"), str):
        return None
    if not hmac.compare_digest(snap["seal"], _seal(key, snap, entry["sha256"])):
        return None
    if not _sources_unchanged(snap["sources"]):
        return None
    try:
        data = (folder / FILE).read_bytes()
    except OSError:
        return None
    if len(data) != entry.get("bytes") or _sha256(data) != entry.get("sha256"):
        return None
    return data


def current() -> bytes | None:
    """The N-Triples of the first current snapshot (see the module doc), or None."""
    for folder in folders():
        data = _usable(folder)
        if data is not None:
            return data
    return None


def load(data: bytes) -> tuple[Any, dict[str, Any]]:
    """A pyoxigraph store holding the snapshot in a graph of its own, and the query options that select it.

    The graph is named by a blank node, as an rdflib graph on Oxigraph's
    store is (:mod:`aireg.sparql.oxigraph_engine`).
    """
    import pyoxigraph as ox

    store = ox.Store()
    graph = ox.BlankNode()
    if data:
        # lenient: aireg build wrote these lines from files it had parsed and checked, and the hash matches
        store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph, lenient=True)
    return store, {"default_graph": graph}


__all__ = ["FILE", "current", "folders", "load", "seal", "snapshot_record", "source_record"]
