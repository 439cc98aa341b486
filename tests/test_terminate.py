"""SIGTERM (a CI job cancelled, `timeout`) leaves no half-written file behind: it unwinds like Ctrl-C.

Before, Python's default SIGTERM killed the process outright: a report caught between its temporary
file and the rename stayed beside the target as `.report.json.XXXX.part`.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap


def test_sigterm_while_a_report_is_written_removes_the_temporary_file(tmp_path):
    data = tmp_path / "d.ttl"
    data.write_text("<http://example.org/a> <http://example.org/b> 1 .\n", encoding="utf-8")
    out = tmp_path / "reports" / "r.json"
    script = textwrap.dedent(f"""
        import sys, time
        from aireg import atomic, cli

        def slow(target, data):  # stop between the temporary file and the rename
            with atomic.atomic_path(target) as tmp:
                tmp.write_bytes(data)
                print("written", flush=True)
                time.sleep(60)
            return target

        atomic.write_bytes = slow
        sys.exit(cli.main(["validate", "--format", "json", "-o", {str(out)!r}, {str(data)!r}]))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "written"
    assert [p.name for p in out.parent.iterdir() if p.name.endswith(".part")]  # caught in the window
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert err.strip() == "aireg validate: terminated" and "Traceback" not in err
    assert list(out.parent.iterdir()) == []
