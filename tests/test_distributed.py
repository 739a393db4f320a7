"""The Dask path (a LocalCluster) builds the same store as a local build, triple for triple."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("dask.distributed", reason="dask[distributed] is not installed (pip install 'newskg[distributed]')")

try:
    from test_parallel import ARTICLES, _quads  # pytest puts tests/ on sys.path
except ImportError:  # pragma: no cover
    from tests.test_parallel import ARTICLES, _quads


def test_dask_local_cluster_equals_local_build(tmp_path: Path) -> None:
    from dask.distributed import Client, LocalCluster

    from kg.build import build
    from kg.distributed import build_on_dask

    corpus = tmp_path / "articles.jsonl"
    corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    build([corpus], tmp_path / "local", view=False, batch_size=2)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        seen: list[int] = []
        report = build_on_dask(
            [corpus], tmp_path / "dask", "unused", client=client, view=False, batch_size=2, progress=seen.append
        )
        # each worker process loaded the pipelines once and kept them
        assert sum(seen) == report.articles == len(ARTICLES)
    assert _quads(tmp_path / "dask" / "store") == _quads(tmp_path / "local" / "store")
