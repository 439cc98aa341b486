"""A folder that cannot be searched, on an input's or an output's path, is one line naming the path, exit 2.

Before (Python 3.11, whose Path.exists raises PermissionError there): validate, diff, query, build,
export and query --all printed "[Errno 13] Permission denied: '...'" (the OSError of a stat), or, for
validate -o, failed in the symbolic-link check. Run as another user when the tests run as root.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def runner(tmp_path_factory):
    folder = tmp_path_factory.mktemp("unsearchable")
    locked = folder / "locked"
    locked.mkdir()
    (locked / "d.ttl").write_text("<http://example.org/a> <http://example.org/b> 1 .\n", encoding="utf-8")
    (locked / "q.rq").write_text("ASK {}\n", encoding="utf-8")
    locked.chmod(0)
    prefix = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: every folder can be searched")
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = subprocess.run([*prefix, sys.executable, "-c", "import aireg.cli"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("the other user cannot run this Python or import aireg from here")

    def run(*argv):
        env = {**os.environ, "AIREG_NO_CACHE": "1"}
        proc = subprocess.run([*prefix, sys.executable, "-m", "aireg.cli", *map(str, argv)], capture_output=True,
                              text=True, timeout=120, env=env)
        return proc.returncode, proc.stderr

    yield locked, run
    locked.chmod(0o755)


@pytest.mark.parametrize("argv,needle", [
    (("validate", "{L}/d.ttl"), "{L}/d.ttl: cannot read: permission denied"),
    (("diff", "{L}/d.ttl", "{L}/d.ttl"), "{L}/d.ttl: cannot read: permission denied"),
    (("query", "{L}/q.rq"), "{L}/q.rq: cannot read: permission denied"),
    (("build", "-o", "{L}/out"), "{L}/out: "),
    (("export", "--format", "dot", "-o", "{L}/x.dot"), "{L}/x.dot: cannot write here: permission denied"),
    (("query", "--all", "-o", "{L}/t"), "cannot write {L}/t: permission denied"),
    (("cite", "eo-14110", "-o", "{L}/c.bib"), "cannot write {L}/c.bib: Permission denied"),
])
def test_one_line_naming_the_path(runner, argv, needle):
    locked, run = runner
    code, err = run(*(a.replace("{L}", str(locked)) for a in argv))
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Errno" not in err and needle.replace("{L}", str(locked)) in lines[0], err
    assert "ermission denied" in lines[0], err
