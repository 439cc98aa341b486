"""aireg side by side with pyoxigraph (and pyrudof, pySHACL) on synthetic graphs.

    python bench/run.py --out bench-out                 # 10k, 100k and 1M triples
    python bench/run.py --out bench-out --sizes 10k     # a quick look

For each size it generates a synthetic graph (bench/generate.py; it keeps the
SHACL contract) and measures, each in its own process so that the peak memory
of one measurement does not leak into the next:

* load: ``aireg.load_graph`` (Oxigraph engine) vs ``pyoxigraph.Store.load``;
* validate: aireg's fast SHACL engine on the full ontology/shapes.ttl vs
  pyrudof (a Rust SHACL engine) and pySHACL (up to --pyshacl-max triples); and,
  since pyrudof cannot run the ``sh:sparql`` constraints, both on the shapes
  without them (core-shapes.ttl, written into the output folder);
* every query of the library (``queries/*.rq``, default parameters) as
  ``aireg query NAME DATA`` runs it (Oxigraph's answer in light terms,
  ``aireg.lightterms``; graphs through rdflib) vs the same text on a bare
  ``pyoxigraph.Store`` that counts the solutions (the target's peer): each in
  a process of its own (totals, peak memory), and both in one process with
  their runs interleaved (``queries/side-by-side``, the per-query ratios: on a
  shared machine both then see the same load). The interleaved run also times
  ``aireg.sparql.run_query`` (the library API, rdflib terms) and a bare store
  that reads every value of every solution.

On the bundled graph it measures what a person at a shell feels, each command
a fresh process, start-up included (median of ``--repeat`` runs): ``aireg
--version``, one ``aireg query NAME`` process per library query, and the
pipeline ``aireg build`` + ``aireg validate`` + ``aireg query --all``; next to
the floor they stand on (``python -c pass``; Python loading the bundled graph
into pyoxigraph and running one query).

It prints a table of seconds, the ratio aireg/peer and the peak RSS, every
target with its measured figure and ratio (measured / target), and writes
results.json, table.md and results.png into the output folder. Nothing here
is a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pipeline  # noqa: E402  (bench/pipeline.py, found through the line above)

PY = sys.executable
QUERY_REPEAT = 5  # warm runs per query after the cold one; the median is reported
REPEAT = 3  # runs of each command-line measurement; the median is reported
QUERY_RATIO_TARGET = 1.5  # each library query within this factor of pyoxigraph (warm median)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# --------------------------------------------------------------------------
# Measurements, one per process (python bench/run.py --task NAME --data FILE)


PREPARE_SECONDS: dict = {}


def _library():
    """(name, prepared query) for every library query with its default parameters.

    ``prepare_query`` (the text read once by rdflib's SPARQL parser, the front door) does not depend
    on the graph's size; its time is kept apart in the JSON as ``prepare``.
    """
    from aireg.library import list_queries
    from aireg.sparql import prepare_query

    out = []
    for q in list_queries():
        t = time.perf_counter()
        out.append((q.name, prepare_query(q.text, q.bindings())))
        PREPARE_SECONDS[q.name] = time.perf_counter() - t
    return out


def task_load_aireg(data: str) -> dict:
    """``load_graph``, its one-time imports kept off the clock as ``import pyoxigraph`` is for the peer."""
    from aireg import paths
    from aireg.load import load_graph, new_graph, triple_count

    t = time.perf_counter()
    new_graph()  # imports the Oxigraph store plugin: oxrdflib and the rdflib SPARQL modules it needs
    imports = time.perf_counter() - t
    t = time.perf_counter()
    g = load_graph([paths.ontology_file(), data])
    seconds = time.perf_counter() - t
    return {"seconds": seconds, "triples": triple_count(g), "imports": imports}


def task_load_pyoxigraph(data: str) -> dict:
    import pyoxigraph as ox

    from aireg import paths

    t = time.perf_counter()
    store = ox.Store()
    store.load(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE)
    store.load(path=data, format=ox.RdfFormat.TURTLE)
    seconds = time.perf_counter() - t
    return {"seconds": seconds, "triples": len(store)}


CORE_SHAPES = "core-shapes.ttl"  # shapes.ttl without its sh:sparql constraints, beside the data


def core_shapes_file(data: str) -> Path:
    return Path(data).with_name(CORE_SHAPES)


def write_core_shapes(path: Path) -> Path:
    """shapes.ttl without its ``sh:sparql`` constraints: the part pyrudof can run."""
    from rdflib import Graph
    from rdflib.namespace import SH

    from aireg import paths

    shapes = Graph().parse(paths.shapes_file())
    for shape, constraint in list(shapes.subject_objects(SH.sparql)):
        shapes.remove((shape, SH.sparql, constraint))
        shapes.remove((constraint, None, None))
    shapes.serialize(path, format="turtle")
    return path


def _validate(data: str, shapes: str | None, shacl_engine: str = "fast") -> dict:
    """aireg's ``validate`` on the ontology and ``data``, timed without the load."""
    from aireg import paths
    from aireg.load import load_graph
    from aireg.validate import validate

    g = load_graph([paths.ontology_file(), data])
    t = time.perf_counter()
    r = validate(g, shapes=shapes, shacl_engine=shacl_engine)
    seconds = time.perf_counter() - t
    return {"seconds": seconds, "engine": r.engine, "violations": r.count("Violation"),
            "findings": len(r.findings), "note": r.note}


def task_validate_aireg(data: str) -> dict:
    return _validate(data, None)


def task_validate_core_aireg(data: str) -> dict:
    return _validate(data, str(core_shapes_file(data)))


def task_validate_pyshacl(data: str) -> dict:
    return _validate(data, None, shacl_engine="pyshacl")


def _validate_pyrudof(data: str, shapes: str) -> dict:
    import pyrudof

    from aireg import paths

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(str(paths.ontology_file()))
    rudof.read_data(data, merge=True)
    rudof.read_shacl(shapes)
    t = time.perf_counter()
    try:
        report = rudof.validate_shacl()
    except Exception as err:  # pyrudof raises its own error types
        detail = f"{type(err).__name__}: {err}"
        reason = "SPARQL parse error" if "Parsing query" in detail else detail.splitlines()[0][:80]
        return {"error": f"cannot run our shapes ({reason})", "detail": detail}
    seconds = time.perf_counter() - t
    conforms = report.conforms() if callable(report.conforms) else report.conforms
    violations = report.violations() if callable(report.violations) else report.violations
    return {"seconds": seconds, "conforms": bool(conforms), "violations": len(list(violations))}


def task_validate_pyrudof(data: str) -> dict:
    from aireg import paths

    return _validate_pyrudof(data, str(paths.shapes_file()))


def task_validate_core_pyrudof(data: str) -> dict:
    return _validate_pyrudof(data, str(core_shapes_file(data)))


def _timed(run_one, prepared, repeat: int) -> tuple[float, float, int]:
    """Cold time (the first run), median of ``repeat`` further runs, and the answer's size.

    A query under a millisecond measured once is mostly noise; the median of
    warm runs is the figure compared, the cold run is kept next to it.
    """
    t = time.perf_counter()
    n = run_one(prepared)
    cold = time.perf_counter() - t
    warm = []
    budget = time.perf_counter() + max(2.0, 3 * cold)
    for _ in range(repeat):
        t = time.perf_counter()
        run_one(prepared)
        warm.append(time.perf_counter() - t)
        if time.perf_counter() > budget and len(warm) >= 3:
            break
    return cold, statistics.median(warm) if warm else cold, n


def _queries(library, run_one) -> dict:
    times, cold, rows = {}, {}, {}
    for name, prepared in library:
        cold[name], times[name], rows[name] = _timed(run_one, prepared, QUERY_REPEAT)
    return {"seconds": sum(times.values()), "queries": times, "cold": cold,
            "cold seconds": sum(cold.values()), "rows": rows, "repeat": QUERY_REPEAT}


def task_queries_aireg(data: str) -> dict:
    """The path ``aireg query NAME DATA`` runs (aireg.library.Runner with light terms)."""
    from aireg import paths
    from aireg.lightterms import LightTerms
    from aireg.load import load_graph
    from aireg.sparql import run_query
    from aireg.sparql.local import run_on_store
    from aireg.sparql.oxigraph_engine import store_of

    g = load_graph([paths.ontology_file(), data])
    store, options = store_of(g)

    def run_one(prepared):
        if prepared.kind in ("SELECT", "ASK"):
            return len(run_on_store(store, options, prepared, terms=LightTerms))
        return len(run_query(g, prepared))

    out = _queries(_library(), run_one)
    out["prepare"] = dict(PREPARE_SECONDS)
    return out


def task_queries_pyoxigraph(data: str, read_values: bool = False) -> dict:
    import pyoxigraph as ox

    from aireg import paths
    from aireg.sparql import bound_text

    store = ox.Store()
    store.load(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE)
    store.load(path=data, format=ox.RdfFormat.TURTLE)
    # the query text is written before the clock starts: only Oxigraph is timed
    library = [(name, bound_text(prepared, declare_prefixes=True)) for name, prepared in _library()]

    def run_one(text):
        result = store.query(text)
        if isinstance(result, ox.QueryBoolean):
            return 1
        if read_values:  # every value of every solution (triple) as a pyoxigraph term
            return len([tuple(solution) for solution in result])
        return sum(1 for _ in result)

    return _queries(library, run_one)


def task_queries_side_by_side(data: str) -> dict:
    """Every library query on aireg and on a bare store in one process, their runs interleaved.

    On a machine shared with other work the load changes from one process to
    the next; here each warm run of aireg is followed at once by the peer's,
    so both see the same load and the per-query ratios compare like with like.
    Beside them: the library API (``run_query``, rdflib terms) on the same
    graph, and a bare store that reads every value of every solution.
    """
    import pyoxigraph as ox

    from aireg import paths
    from aireg.lightterms import LightTerms
    from aireg.load import load_graph
    from aireg.sparql import bound_text, run_query
    from aireg.sparql.local import run_on_store
    from aireg.sparql.oxigraph_engine import store_of

    g = load_graph([paths.ontology_file(), data])
    store, options = store_of(g)
    peer = ox.Store()
    peer.load(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE)
    peer.load(path=data, format=ox.RdfFormat.TURTLE)

    def aireg(prepared, _text):
        if prepared.kind in ("SELECT", "ASK"):
            return len(run_on_store(store, options, prepared, terms=LightTerms))
        return len(run_query(g, prepared))

    def rdflib_terms(prepared, _text):
        return len(run_query(g, prepared))

    def counted(_prepared, text):
        result = peer.query(text)
        return 1 if isinstance(result, ox.QueryBoolean) else sum(1 for _ in result)

    def read(_prepared, text):
        result = peer.query(text)
        return 1 if isinstance(result, ox.QueryBoolean) else len([tuple(s) for s in result])

    runners = {"aireg": aireg, "pyoxigraph": counted, "aireg-rdflib": rdflib_terms, "pyoxigraph-read": read}
    out = {who: {"queries": {}, "cold": {}, "rows": {}, "repeat": QUERY_REPEAT} for who in runners}
    for name, prepared in _library():
        text = bound_text(prepared, declare_prefixes=True)  # written before the clock starts
        warm: dict[str, list[float]] = {who: [] for who in runners}
        for run in range(QUERY_REPEAT + 1):
            for who, run_one in runners.items():
                t = time.perf_counter()
                n = run_one(prepared, text)
                took = time.perf_counter() - t
                if run == 0:
                    out[who]["cold"][name], out[who]["rows"][name] = took, n
                else:
                    warm[who].append(took)
        for who in runners:
            out[who]["queries"][name] = statistics.median(warm[who])
    for figures in out.values():
        figures["seconds"] = sum(figures["queries"].values())
        figures["cold seconds"] = sum(figures["cold"].values())
    return out


# pyrudof's run at 1M triples takes gigabytes, which pushes the other measurements' files
# out of the page cache: the peers that need the most memory run last in each size.
TASKS = {
    **pipeline.TASKS,
    "load/aireg": task_load_aireg,
    "load/pyoxigraph": task_load_pyoxigraph,
    "queries/aireg": task_queries_aireg,
    "queries/pyoxigraph": task_queries_pyoxigraph,
    "queries/side-by-side": task_queries_side_by_side,
    "validate/aireg": task_validate_aireg,
    "validate-core/aireg": task_validate_core_aireg,
    "validate/pyshacl": task_validate_pyshacl,
    "validate/pyrudof": task_validate_pyrudof,
    "validate-core/pyrudof": task_validate_core_pyrudof,
}


def run_task(name: str, data: str, timeout: float) -> dict:
    """One measurement in a fresh interpreter; its result and its peak RSS."""
    cmd = [PY, str(Path(__file__).resolve()), "--task", name, "--data", data]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout:.0f} s"}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": tail[:400]}
    return json.loads(lines[-1])


# --------------------------------------------------------------------------
# The bundled graph: build + validate + all queries, start-up included


def _wall(cmd: list[str], repeat: int, cwd: Path | None = None, env: dict | None = None) -> dict:
    """Median and minimum wall clock of ``repeat`` runs of ``cmd``, the median CPU time (user +
    system) it used, and its worst exit status. On a busy machine the CPU time is the fairer figure."""
    runs, cpu, worst = [], [], 0
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd,
                              env={**os.environ, **env} if env else None)
        runs.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        worst = worst or proc.returncode
    return {"median": statistics.median(runs), "min": min(runs), "runs": runs,
            "cpu": statistics.median(cpu), "exit": worst}


# The floor of a query process: Python, pyoxigraph, the bundled graph, one query.
FLOOR = """import sys, pyoxigraph as ox
store = ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
print(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0])
"""


REFERENCE_QUERY = "aireg query thresholds, reference path (AIREG_NO_SNAPSHOT=1)"


def bundled_target(out: Path, repeat: int = REPEAT) -> dict:
    """What a person at a shell feels on the bundled graph: each command a fresh process.

    * the pipeline ``aireg build`` + ``aireg validate`` + ``aireg query --all``
      (one process that runs every library query on one loaded graph), run in
      a folder of its own as README's first command runs them;
    * one ``aireg query NAME`` process per library query (what a user typing
      them one at a time runs) in that folder, so each loads the snapshot
      ``aireg build`` left in ``out/`` (aireg.snapshot), and ``aireg --version``;
    * one query on the reference path (``AIREG_NO_SNAPSHOT=1``: the sources
      parsed, rdflib and oxrdflib imported), for comparison;
    * the floor: ``python -c pass`` and Python loading the built N-Triples
      into pyoxigraph and running one query.

    Each figure is the median of ``repeat`` runs (wall clock, start-up included).
    """
    aireg = str(Path(PY).with_name("aireg"))
    work = out / "bundled"
    work.mkdir(parents=True, exist_ok=True)
    build_dir = work / "out"
    steps = {
        "aireg build": [aireg, "build"],
        "aireg validate": [aireg, "validate"],
        "aireg query --all": [aireg, "query", "--all", "-o", "queries"],
    }
    failed = []
    timed = {label: _wall(cmd, repeat, cwd=work) for label, cmd in steps.items()}
    failed += [f"{label} (exit {m['exit']})" for label, m in timed.items() if m["exit"]]
    times = {label: m["median"] for label, m in timed.items()}
    total = sum(times.values())
    from aireg.library import query_names

    per_query, per_query_cpu = {}, {}
    for name in query_names():
        m = _wall([aireg, "query", name], repeat, cwd=work)
        per_query[name] = m["median"]
        per_query_cpu[name] = m["cpu"]
        if m["exit"]:
            failed.append(f"aireg query {name} (exit {m['exit']})")
    separate = times["aireg build"] + times["aireg validate"] + sum(per_query.values())
    latency = {
        "python -c pass": _wall([PY, "-c", "pass"], repeat),
        "python + pyoxigraph: load the bundled graph, one query": _wall(
            [PY, "-c", FLOOR, str(build_dir / "aireg.nt")], repeat),
        "aireg --version": _wall([aireg, "--version"], repeat),
        REFERENCE_QUERY: _wall([aireg, "query", "thresholds"], repeat, cwd=work, env={"AIREG_NO_SNAPSHOT": "1"}),
    }
    failed += [f"{label} (exit {m['exit']})" for label, m in latency.items() if m["exit"]]
    return {"steps": times, "total": total, "target": 1.0, "met": total < 1.0 and not failed,
            "steps cpu": {label: m["cpu"] for label, m in timed.items()},
            "aireg query each": per_query, "aireg query each cpu": per_query_cpu,
            "total with one aireg query process per query": separate,
            "latency": {k: v["median"] for k, v in latency.items()},
            "latency cpu": {k: v["cpu"] for k, v in latency.items()}, "repeat": repeat,
            "load average": os.getloadavg() if hasattr(os, "getloadavg") else None,
            "failed": failed}


def targets(results: dict) -> list[dict]:
    """Every target of the benchmark with its measured figure and measured/target (under 1: met).

    A target whose measurement did not run says so ("not measured"), never met.
    """
    rows = []

    def add(what: str, measured, target: float, unit: str = "s", note: str = "") -> None:
        rows.append({"target": what, "limit": target, "unit": unit, "measured": measured,
                     "ratio": (measured / target) if measured is not None else None,
                     "met": measured is not None and measured < target, "note": note})

    b = results.get("bundled") or {}
    lat, lat_cpu = b.get("latency", {}), b.get("latency cpu", {})
    each, each_cpu = b.get("aireg query each") or {}, b.get("aireg query each cpu") or {}

    def cpu(value) -> str:
        return f"CPU {value:.3f} s" if value is not None else ""

    add("aireg --version (one process)", lat.get("aireg --version"), 0.1, note=cpu(lat_cpu.get("aireg --version")))
    if each:
        slowest = max(each, key=each.get)
        add("aireg query NAME, one process (median over the library)", statistics.median(each.values()), 0.15,
            note=f"slowest {slowest} {each[slowest]:.3f} s"
            + (f"; {cpu(statistics.median(each_cpu.values()))}" if each_cpu else ""))
        add(f"all {len(each)} library queries as separate processes", sum(each.values()), 4.0,
            note=cpu(sum(each_cpu.values())) if each_cpu else "")
    else:
        add("aireg query NAME, one process (median over the library)", None, 0.15)
    steps_cpu = b.get("steps cpu") or {}
    add("aireg build + validate + query --all (bundled graph)", b.get("total"), 1.0,
        note=", ".join(f"{k} {v:.2f} s" for k, v in (b.get("steps") or {}).items())
        + (f"; {cpu(sum(steps_cpu.values()))}" if steps_cpu else ""))
    sizes = results.get("sizes") or {}
    big = max(sizes, key=lambda k: _triples(sizes[k]), default=None)
    if big is not None:
        r, n = sizes[big], _triples(sizes[big])
        where = f"at {big} ({n} triples)"
        build, peer = r.get("build/aireg") or {}, r.get("build/pyoxigraph") or {}
        both = "seconds" in build and "seconds" in peer
        add(f"build within 3x of pyoxigraph load + dump {where}",
            build["seconds"] / peer["seconds"] if both else None, 3.0, unit="x",
            note="the target is set at 1.84M triples" if n < 1_500_000 else "")
        add(f"build memory within 2x of pyoxigraph's {where}",
            build["peak_rss_mb"] / peer["peak_rss_mb"] if both else None, 2.0, unit="x")
        diff = r.get("diff/aireg") or {}
        add(f"diff against a changed copy {where}", diff.get("seconds"), 30.0,
            note="the target is set for two 1M-triple graphs")
        add(f"diff memory {where}", diff.get("peak_rss_mb"), 2048.0, unit="MB")
        validate = r.get("validate/aireg") or {}
        add(f"validate, every shape {where}", validate.get("seconds"), 30.0,
            note="the target is set at 1.84M triples" if n < 1_500_000 else "")
    for size, t in (results.get("query target") or {}).items():
        worst = max(t["ratios"].values()) if t.get("ratios") else None
        add(f"each library query within {QUERY_RATIO_TARGET}x of pyoxigraph at {size} (worst ratio)", worst,
            QUERY_RATIO_TARGET, unit="x",
            note=f"{t['within']} of {t['queries']} within" + (f"; over: {t['over']}" if t["over"] else ""))
    return rows


def _triples(r: dict) -> int:
    """Triples of a size's graph as measured, else 0."""
    for task in ("load/pyoxigraph", "build/pyoxigraph", "load/aireg"):
        n = (r.get(task) or {}).get("triples")
        if isinstance(n, int):
            return n
    return 0


def targets_table(rows: list[dict]) -> str:
    lines = ["| target | limit | measured | measured/limit | met |", "|---|---:|---:|---:|---|"]
    for r in rows:
        unit = r["unit"]
        measured = "not measured" if r["measured"] is None else f"{r['measured']:.3f} {unit}"
        ratio_cell = "—" if r["ratio"] is None else f"{r['ratio']:.2f}"
        met = "yes" if r["met"] else "**no**"
        note = f" ({r['note']})" if r["note"] else ""
        lines.append(f"| {r['target']}{note} | {r['limit']:g} {unit} | {measured} | {ratio_cell} | {met} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Table, JSON, plot


def fmt(x) -> str:
    if x is None:
        return "—"
    if isinstance(x, str):
        return x
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def ratio(a, b) -> str:
    if not a or not b or "seconds" not in a or "seconds" not in b or not b["seconds"]:
        return "—"
    return f"{a['seconds'] / b['seconds']:.2f}"


def seconds(m) -> str:
    if m is None:
        return "not run"
    if "error" in m:
        return "error: " + m["error"][:110].replace("|", "/")
    if "seconds" not in m:
        return "—"
    return fmt(m["seconds"])


def mem(m) -> str:
    return f"{m['peak_rss_mb']:.0f}" if m and "peak_rss_mb" in m else "—"


def table(results: dict) -> str:
    lines = [
        "| size | triples | task | aireg s | peer | peer s | aireg/peer | aireg peak MB | peer peak MB |",
        "|---|---:|---|---:|---|---:|---:|---:|---:|",
    ]
    for size, r in results["sizes"].items():
        triples = (r.get("load/pyoxigraph") or r.get("build/pyoxigraph") or {}).get("triples", "")
        pairs = [*pipeline.PAIRS,
                 ("load", "load/aireg", "pyoxigraph", "load/pyoxigraph"),
                 ("validate (full shapes.ttl)", "validate/aireg", "pyrudof", "validate/pyrudof"),
                 ("validate (full shapes.ttl)", "validate/aireg", "pySHACL", "validate/pyshacl"),
                 ("validate (shapes.ttl without sh:sparql)", "validate-core/aireg", "pyrudof",
                  "validate-core/pyrudof"),
                 ("all library queries", "queries/aireg", "pyoxigraph", "queries/pyoxigraph"),
                 ]
        for label, mine, peer_name, peer in pairs:
            a, b = r.get(mine), r.get(peer)
            if a is None and b is None:
                continue
            lines.append(f"| {size} | {triples} | {label} | {seconds(a)} | {peer_name} | {seconds(b)} | "
                         f"{ratio(a, b)} | {mem(a)} | {mem(b)} |")
        both = r.get("queries/side-by-side")
        if isinstance(both, dict) and "error" not in both:
            shared = mem(both)  # one process holds both stores
            for label, mine, peer_name, peer in (
                    ("all library queries, interleaved", "aireg", "pyoxigraph", "pyoxigraph"),
                    ("all library queries, interleaved", "aireg", "pyoxigraph reading every value",
                     "pyoxigraph-read"),
                    ("all library queries, interleaved, library API (rdflib terms)", "aireg-rdflib",
                     "pyoxigraph", "pyoxigraph")):
                a, b = both.get(mine), both.get(peer)
                lines.append(f"| {size} | {triples} | {label} | {seconds(a)} | {peer_name} | {seconds(b)} | "
                             f"{ratio(a, b)} | {shared} (both) | {shared} (both) |")
        elif both is not None:
            lines.append(f"| {size} | {triples} | all library queries, interleaved | {seconds(both)} | | | | | |")
    return "\n".join(lines)


def _figures_of(results: dict, size: str, task: str) -> dict:
    """A query task's figures; from the interleaved run (queries/side-by-side) when there is one."""
    r = results["sizes"][size]
    both = r.get("queries/side-by-side")
    if isinstance(both, dict) and "error" not in both:
        return both.get(task.split("/", 1)[1]) or {}
    return r.get(task) or {}


def _query_figures(results: dict, size: str, name: str, key: str, mine: str = "queries/aireg",
                   peer: str = "queries/pyoxigraph") -> tuple:
    a = _figures_of(results, size, mine).get(key, {}).get(name)
    b = _figures_of(results, size, peer).get(key, {}).get(name)
    return a, b, (a / b if a and b else None)


def query_names(results: dict) -> list[str]:
    names: list[str] = []
    for size in results["sizes"]:
        for n in _figures_of(results, size, "queries/aireg").get("queries", {}):
            if n not in names:
                names.append(n)
    return names


def query_table(results: dict) -> str:
    """Per query and size: warm medians in milliseconds, their ratio, the ratio of the cold runs,
    and the warm ratios against a store that reads every value and of the library API (rdflib terms)."""
    sizes = list(results["sizes"])
    head = "| query | " + " | ".join(
        f"{s} aireg ms | {s} pyoxigraph ms | {s} ratio | {s} cold ratio | {s} ratio, peer reads values "
        f"| {s} ratio, rdflib terms" for s in sizes) + " |"
    lines = [head, "|---|" + "---:|" * (6 * len(sizes))]
    for n in query_names(results):
        cells = []
        for s in sizes:
            a, b, rt = _query_figures(results, s, n, "queries")
            _, _, cold = _query_figures(results, s, n, "cold")
            _, _, read = _query_figures(results, s, n, "queries", peer="queries/pyoxigraph-read")
            _, _, heavy = _query_figures(results, s, n, "queries", mine="queries/aireg-rdflib")
            cells.append(f"{ms(a)} | {ms(b)} | {ratio_text(rt)} | {ratio_text(cold)} | {ratio_text(read)} "
                         f"| {ratio_text(heavy)}")
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def query_target(results: dict, limit: float = QUERY_RATIO_TARGET) -> dict:
    """Per size: how many queries are within ``limit`` x pyoxigraph (warm and cold), and which are not."""
    out = {}
    for s in results["sizes"]:
        names = query_names(results)
        warm = {n: _query_figures(results, s, n, "queries")[2] for n in names}
        cold = {n: _query_figures(results, s, n, "cold")[2] for n in names}
        out[s] = {
            "queries": len(names),
            "within": sum(1 for r in warm.values() if r is not None and r <= limit),
            "within cold": sum(1 for r in cold.values() if r is not None and r <= limit),
            "over": {n: round(r, 2) for n, r in warm.items() if r is None or r > limit},
            "over cold": {n: round(r, 2) for n, r in cold.items() if r is None or r > limit},
            "ratios": {n: r for n, r in warm.items() if r is not None},
        }
    return out


def ms(x) -> str:
    return "—" if x is None else f"{x * 1000:.2f}"


def ratio_text(r) -> str:
    return "—" if r is None else f"{r:.2f}"


def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = list(results["sizes"])
    groups = [("load", "load/aireg", "load/pyoxigraph", "pyoxigraph"),
              ("validate (no sh:sparql)", "validate-core/aireg", "validate-core/pyrudof", "pyrudof"),
              ("queries (sum)", "queries/aireg", "queries/pyoxigraph", "pyoxigraph")]
    fig, axes = plt.subplots(1, len(groups), figsize=(4.2 * len(groups), 3.8))
    for ax, (title, mine, peer, peer_name) in zip(axes, groups):
        xs = range(len(sizes))
        a = [(results["sizes"][s].get(mine) or {}).get("seconds", 0) or 0 for s in sizes]
        b = [(results["sizes"][s].get(peer) or {}).get("seconds", 0) or 0 for s in sizes]
        ax.bar([x - 0.2 for x in xs], a, width=0.4, label="aireg")
        ax.bar([x + 0.2 for x in xs], b, width=0.4, label=peer_name)
        ax.set_xticks(list(xs), sizes)
        ax.set_yscale("log")
        ax.set_title(title)
        ax.set_ylabel("seconds")
        ax.legend()
    fig.suptitle("aireg vs peers (lower is better)")
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="aireg side by side with pyoxigraph, pyrudof and pySHACL")
    ap.add_argument("--out", default="bench-out", help="output folder (default: bench-out)")
    ap.add_argument("--sizes", default="10k,100k,1m", help="graph sizes in triples (default: 10k,100k,1m)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pyshacl-max", default="10k", help="run pySHACL up to this size (default: 10k)")
    ap.add_argument("--pyrudof-max", default="1m",
                    help="run pyrudof up to this size (default: 1m; it takes about 8 GB at 1M triples)")
    ap.add_argument("--timeout", type=float, default=900, help="seconds allowed per measurement")
    ap.add_argument("--repeat", type=int, default=REPEAT,
                    help=f"runs of each command-line measurement, the median reported (default {REPEAT})")
    ap.add_argument("--tasks", help="only the measurements whose names start with these, comma-separated "
                    "(e.g. build,diff); the bundled-graph and latency checks are then skipped")
    ap.add_argument("--task", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.task:  # a single measurement, in its own process
        result = TASKS[args.task](args.data)
        result["peak_rss_mb"] = _peak_mb()
        print(json.dumps(result))
        return 0


    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    results = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                           "platform": platform.platform()}, "sizes": {}}
    try:
        from importlib.metadata import version

        results["versions"] = {p: version(p) for p in ("rdflib", "pyoxigraph", "oxrdflib", "pyshacl", "pyrudof")}
    except Exception:
        pass

    chosen = [t.strip() for t in (args.tasks or "").split(",") if t.strip()]
    tasks = [t for t in TASKS if not chosen or any(t.startswith(c) for c in chosen)]
    if chosen:
        return _pipeline_only(args, out, results, tasks)
    print("bundled graph: aireg build + aireg validate + all library queries, command latency ...", flush=True)
    results["bundled"] = bundled_target(out, args.repeat)
    b = results["bundled"]
    steps = ", ".join(f"{k} {v:.2f} s" for k, v in b["steps"].items() if v is not None)
    print(f"  {steps}; total {b['total']:.2f} s (target < 1 s: {'met' if b['met'] else 'NOT met'})", flush=True)
    print("  " + "; ".join(f"{k} {v:.3f} s (CPU {b['latency cpu'][k]:.3f} s)" for k, v in b["latency"].items()),
          flush=True)
    each = b["aireg query each"]
    print(f"  with one `aireg query NAME` process per query instead: {len(each)} queries "
          f"{sum(each.values()):.2f} s (slowest {max(each.values()):.2f} s); "
          f"build + validate + these {b['total with one aireg query process per query']:.2f} s", flush=True)
    if b["failed"]:
        print("  failed: " + ", ".join(b["failed"]), flush=True)

    measure_sizes(args, out, results, list(TASKS))

    results["query target"] = query_target(results)
    print()
    print(table(results))
    print()
    print(query_table(results))
    print()
    x = f"{QUERY_RATIO_TARGET:g}x"
    for size, t in results["query target"].items():
        print(f"{size}: {t['within']} of {t['queries']} queries within {x} of pyoxigraph (warm median), "
              f"{t['within cold']} of {t['queries']} on the cold first run"
              + (f"; over {x}: {t['over']}" if t["over"] else "")
              + (f"; cold over {x}: {t['over cold']}" if t["over cold"] else ""))
    results["targets"] = targets(results)
    print()
    print(targets_table(results["targets"]))
    (out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    (out / "table.md").write_text(targets_table(results["targets"]) + "\n\n" + table(results) + "\n\n"
                                  + query_table(results) + "\n", encoding="utf-8")
    try:
        plot(results, out / "results.png")
        print(f"\nwrote {out / 'results.json'}, {out / 'table.md'} and {out / 'results.png'}")
    except ImportError:
        print(f"\nwrote {out / 'results.json'} and {out / 'table.md'} (no matplotlib: no plot)")
    return 0


def measure_sizes(args, out: Path, results: dict, tasks: list[str]) -> None:
    """Each task on each synthetic graph of --sizes (made once and kept in ``out``), each in its own process."""
    from generate import generate, parse_size

    write_core_shapes(out / CORE_SHAPES)
    for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        n = parse_size(size)
        data = out / f"synthetic-{size}.ttl"
        if not data.exists():
            data.write_text(generate(n, args.seed), encoding="utf-8")
        if any(t.startswith("diff/") for t in tasks):
            pipeline.changed_copy(data)
        r = results["sizes"][size] = {"file": str(data)}
        for task in tasks:
            if not within_peer_limits(task, n, args):
                continue
            print(f"{size}: {task} ...", end=" ", flush=True)
            m = run_task(task, str(data), args.timeout)
            r[task] = m
            print(seconds(m) if "error" in m else f"{seconds(m)} s (peak {mem(m)} MB)", flush=True)
        (out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


def within_peer_limits(task: str, n: int, args) -> bool:
    """pySHACL and pyrudof run only up to their --pyshacl-max / --pyrudof-max sizes (hours or 8 GB beyond)."""
    from generate import parse_size

    if task == "validate/pyshacl":
        return n <= parse_size(args.pyshacl_max)
    if task.endswith("/pyrudof"):
        return n <= parse_size(args.pyrudof_max)
    return True


def _pipeline_only(args, out: Path, results: dict, tasks: list[str]) -> int:
    """Only the chosen measurements (``--tasks``), with the table; written to results.json and table.md."""
    measure_sizes(args, out, results, tasks)
    print()
    print(table(results))
    (out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    (out / "table.md").write_text(table(results) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
