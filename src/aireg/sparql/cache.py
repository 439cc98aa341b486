"""What the front door learnt about a query text, kept between runs (and, through
:func:`remembered`, what the gate learnt about a shape's SPARQL text).

Reading a query with rdflib's SPARQL parser costs a fifth of a second, more
than a library query takes to run; the verdict depends only on the text, the
names of its parameters and the code that checks it. So each verdict is kept
in a file of its own under ``$XDG_CACHE_HOME/aireg/sparql-checks/``
(``AIREG_CACHE_DIR`` to move it, ``AIREG_NO_CACHE=1`` to switch it off; at
most 2000, the oldest removed first): a query reads only its own verdicts,
never a file of all of them, under a key that hashes the text
together with the source of the checking modules and of rdflib's SPARQL
parser (read from its files, so the check of a cached verdict imports
neither rdflib nor ``importlib.metadata``): a changed check or parser never
reuses an old verdict. Only texts that passed
are kept. Each file is written whole (a temporary file renamed over it); one
that cannot be read or written is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

MAX_ENTRIES = 2000
_DIR = "sparql-checks"  # one small JSON file per verdict: a run reads only the few it needs
_OLD_FILE = "sparql-checks.json"  # the single file of earlier versions (rewritten whole on every verdict)
_memory: dict[str, Any] | None = None
_salt: str | None = None


def enabled() -> bool:
    return os.environ.get("AIREG_NO_CACHE", "") in ("", "0")


def folder() -> Path:
    explicit = os.environ.get("AIREG_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "aireg"


def _code_salt() -> str:
    """A hash of the modules whose verdicts are kept, and of the parser's own source files."""
    global _salt
    if _salt is None:
        digest = hashlib.sha256()
        here = Path(__file__).parent
        files = [here / name for name in ("check.py", "binding.py", "params.py", "cache.py")]
        files.append(here.parent / "lightterms.py")
        files += _parser_files()
        for path in files:
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(path.name.encode())
        _salt = digest.hexdigest()
    return _salt


def _parser_files() -> list[Path]:
    """rdflib's SPARQL parser and algebra, found without importing rdflib (the verdicts come from them)."""
    from importlib.util import find_spec

    try:
        spec = find_spec("rdflib")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return [Path("rdflib-not-found")]
    folder = Path(next(iter(spec.submodule_search_locations))) / "plugins" / "sparql"
    return [folder / name for name in ("parser.py", "parserutils.py", "algebra.py")]


def key(*parts: Any) -> str:
    data = json.dumps([_code_salt(), *parts], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _load() -> dict[str, Any]:
    """The verdicts read or written by this process (the files are read one by one, when asked for)."""
    global _memory
    if _memory is None:
        _memory = {}
    return _memory


def _entry(name: str) -> Path:
    return folder() / _DIR / f"{name}.json"


def get(name: str) -> Any:
    if not enabled():
        return None
    memory = _load()
    if name in memory:
        return memory[name]
    try:
        value = json.loads(_entry(name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    memory[name] = value
    return value


def put(name: str, value: Any) -> None:
    if not enabled():
        return
    _load()[name] = value
    target = _entry(name)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # only when a verdict is written: a cached run never loads it

        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(value, out, ensure_ascii=False)
        os.replace(tmp, target)
        _prune(target.parent)
    except OSError:
        pass


def _prune(entries: Path) -> None:
    """At most MAX_ENTRIES verdicts: the least recently written go first; the one-file cache of
    earlier versions goes too."""
    old = entries.parent / _OLD_FILE
    if old.exists():
        old.unlink()
    files = [e for e in os.scandir(entries) if e.name.endswith(".json")]
    if len(files) <= MAX_ENTRIES:
        return
    files.sort(key=lambda e: e.stat().st_mtime_ns)
    for e in files[: len(files) - MAX_ENTRIES]:
        try:
            os.unlink(e.path)
        except OSError:
            pass


_module_digests: dict[str, str] = {}


def _digest_of(path: str) -> str:
    if path not in _module_digests:
        try:
            _module_digests[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            _module_digests[path] = path
    return _module_digests[path]


def remembered(kind: str, modules: tuple[str, ...], parts: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()`` (a JSON value) for ``parts``, kept between runs like the verdicts above.

    For pure analyses of a SPARQL text that need rdflib's parser (a fifth of a
    second each): the key also hashes the source files of ``modules`` (the code
    that computes the answer), so a changed analysis never reuses an old answer.
    """
    name = key(kind, [_digest_of(m) for m in modules], *parts)
    found = get(name)
    if isinstance(found, dict) and "value" in found:
        return found["value"]
    value = compute()
    put(name, {"value": value})
    return value
