"""The wheel and the sdist carry the ontology, data and queries, and work outside the checkout.

The slow test builds the sdist, a wheel from that sdist, installs the wheel in a
fresh venv in a temporary folder and runs the README's main commands there,
with no AIREG_HOME and nothing of the checkout on the path.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from aireg import paths

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("rdflib", "networkx", "matplotlib", "pyshacl", "oxrdflib", "pyoxigraph")


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("AIREG_HOME", "PYTHONPATH", "VIRTUAL_ENV")}
    env["MPLBACKEND"] = "Agg"
    return env


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["query", "--help"], ["export", "--help"]])
def test_version_and_help_do_not_import_rdflib(argv):
    code = (
        "import sys\nfrom aireg.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit as e:\n    assert e.code in (0, None), e.code\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_checkout_is_found_when_there_is_no_bundled_copy():
    # the editable install copies nothing: the top-level folders are the ones in use
    assert not (paths.PACKAGE / "bundled").exists()
    assert paths.ontology_file() == ROOT / "ontology" / "aireg.ttl"
    assert paths.queries_dir() == ROOT / "queries"


def run(cmd, cwd, timeout=600):
    done = subprocess.run(cmd, cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, cmd))}: exit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(folder outside the checkout, its venv's bin, the sdist, the wheel)."""
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    run([sys.executable, "-m", "build", "--sdist", "--outdir", str(dist), str(ROOT)], base)
    sdist = next(dist.glob("aireg-*.tar.gz"))
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(sdist), "-w", str(dist)], base)
    wheel = next(dist.glob("aireg-*.whl"))
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / "bin"
    run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], base)
    work = base / "work"
    work.mkdir()
    return work, bin_dir, sdist, wheel


@pytest.mark.slow
def test_sdist_and_wheel_carry_the_bundled_folders(installed):
    _, _, sdist, wheel = installed
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for rel in ("ontology/aireg.ttl", "ontology/shapes.ttl", "data/eo-14110.ttl", "queries/thresholds.rq",
                "data/sources/wto-rta-newsletter-809.txt", "setup.py", "MANIFEST.in"):
        assert rel in names, rel
    with zipfile.ZipFile(wheel) as whl:
        inside = set(whl.namelist())
    for folder in ("ontology", "data", "queries"):
        ours = {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*") if p.is_file()
                and "__pycache__" not in p.parts}
        assert {f"aireg/bundled/{r}" for r in ours} <= inside, folder


@pytest.mark.slow
def test_installed_wheel_runs_the_main_commands_outside_the_checkout(installed):
    work, bin_dir, _, _ = installed
    aireg = str(bin_dir / "aireg")
    py = str(bin_dir / "python")
    where = run([py, "-c", "import aireg.paths as p; print(p.ontology_file())"], work).strip()
    assert where.startswith(str(bin_dir.parent)) and "/aireg/bundled/ontology/aireg.ttl" in where
    assert not where.startswith(str(ROOT))

    out = run([aireg, "build", "-o", "out"], work)
    assert "wrote out/aireg.ttl" in out and (work / "out" / "aireg.nt").stat().st_size > 10_000
    assert "PASS: exit 0" in run([aireg, "validate"], work)
    thresholds = run([aireg, "query", "thresholds", "--param", "min=1e25", "--format", "csv"], work)
    assert "id/eo-14110-thr-training-1e26" in thresholds and ",1e26,operations," in thresholds
    # the build's snapshot of the installed bundle answers without rdflib (its verdicts kept by the run above)
    probe = ("import sys\nfrom aireg.cli import main\nmain(['query', 'thresholds', '--param', 'min=1e25', "
             "'--format', 'csv'])\nprint(sorted(m for m in ('rdflib', 'oxrdflib') if m in sys.modules))\n")
    assert run([py, "-c", probe], work) == thresholds + "[]\n"
    assert "名稱" in run([aireg, "query", "--list", "--lang", "zh"], work)
    run([aireg, "export", "--view", "instrument:eo-14110", "--format", "dot", "-o", "eo.dot"], work)
    assert "digraph" in (work / "eo.dot").read_text(encoding="utf-8")
    run([aireg, "docs", "-o", "ontology.html"], work)
    assert "aireg:Threshold" in (work / "ontology.html").read_text(encoding="utf-8")


def test_light_copies_of_constants_agree():
    # the commands keep copies so that registering them does not load rdflib
    from aireg import endpoint, report
    from aireg.commands import publish, validate

    assert validate.FORMATS == report.FORMATS
    assert publish.DEFAULT_TIMEOUT == endpoint.DEFAULT_TIMEOUT
