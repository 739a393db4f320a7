"""The endpoint under a short bounded load (scripts/load_test.py --short), and its safe defaults."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent


def test_short_load_no_failures_no_growth() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "load_test.py"), "--short", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    report = json.loads(proc.stdout)
    assert proc.returncode == 0 and report["ok"], (report, proc.stderr[-2000:])
    assert report["failed"] == 0 and report["requests"] >= 100
    assert {"update-403", "oversized-413", "runaway-503"} <= set(report["by_kind"])
    assert report["server_rss_kb"]["growth"] < 20 * 1024
    assert report["workers"] >= 2 and report["workers_rss_kb"]["growth"] < 100 * 1024
    # the runaway queries were stopped by killing their workers, which were replaced
    pool = report["pool"]
    assert pool["timed_out"] == report["by_kind"]["runaway-503"]["n"] == pool["replaced"]
    assert pool["rejected_queue_full"] == pool["rejected_wait"] == 0


def test_loopback_by_default() -> None:
    from kg import server
    from kg.cli import app

    for fn in (server.make_server, server.serve):
        assert inspect.signature(fn).parameters["host"].default == "127.0.0.1"
    res = CliRunner().invoke(app, ["serve", "--help"], terminal_width=200)
    assert "127.0.0.1" in res.stdout
    assert "--host', default='127.0.0.1'" in inspect.getsource(server.main).replace('"', "'")


def test_binds_loopback_and_limits(tmp_path: Path) -> None:
    from kg.server import make_server
    from kg.store import Store

    with Store(tmp_path / "store"):
        pass
    srv = make_server(tmp_path / "store", port=0)
    try:
        assert srv.server_address[0] == "127.0.0.1"
        assert srv.timeout_s > 0 and srv.max_results > 0 and srv.max_body > 0
    finally:
        srv.server_close()
