"""Scale-out: extraction on a Dask distributed cluster, the store written locally.

``kg build --dask tcp://scheduler:8786 ...`` (or ``--dask local`` for a
``LocalCluster`` of ``--jobs`` single-threaded worker processes) runs the same
streaming build as :func:`kg.build.build`, with the batches of articles
("partitions") extracted on the Dask workers:

* the client reads the input (ingest, duplicate filter), cuts it into
  partitions of ``batch_size`` articles and submits each one to
  :func:`kg.build.extract_partition` (at most ``2 x workers`` in flight, so
  memory stays flat however long the input);
* each worker process loads the spaCy pipelines and lexicons once (they are
  cached per process, :func:`kg.nlp.get_pipeline`) and turns its partition
  into N-Quads per article, plus what the entity summary needs
  (:func:`kg.summary.article_facts`); an article that must wait for
  cross-article resolution comes back pickled, with the little resolution
  reads of it (:class:`kg.resolution.ResolutionInput`);
* the client writes the N-Quads to shard files, plans the resolution of the
  waiting articles in input order (:func:`kg.resolution.iter_plans`, against
  the people of *all* partitions and of the store, exactly as a local build
  does) and sends the plans back to the workers, which rewrite those articles
  (:func:`kg.build.apply_plans`);
* the client bulk-loads the shards into the Oxigraph store and writes the
  default and index graphs from the summed facts.

So the store equals a local build's, triple for triple
(``tests/test_distributed.py``). Workers need newskg installed (same version)
and its data files; they read nothing from the client's disk. See
``docs/scale-out.md``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .build import BuildReport, build
from .errors import NewsKGError

__all__ = ["build_on_dask", "dask_client"]


@contextlib.contextmanager
def dask_client(address: str, *, workers: int = 2) -> Iterator[Any]:
    """A ``dask.distributed.Client``: to *address*, or to a new ``LocalCluster`` when *address* is ``"local"``.

    A local cluster has *workers* processes of one thread each (spaCy
    pipelines are not shared between threads); it is closed on exit.
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise NewsKGError(
            "--dask needs dask.distributed: pip install 'newskg[distributed]' (or 'dask[distributed]')"
        ) from exc
    if address == "local":
        with (
            LocalCluster(
                n_workers=max(1, workers),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                memory_limit=0,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
    else:
        with Client(address) as client:
            yield client


def build_on_dask(
    paths: Iterable[str | Path],
    out: str | Path,
    address: str,
    *,
    progress: Callable[[int], None] | None = None,
    stage: Callable[[str, int | None], None] | None = None,
    view: bool = True,
    urls: str | Path | None = None,
    jobs: int = 2,
    batch_size: int = 64,
    client: Any = None,
) -> BuildReport:
    """:func:`kg.build.build` with extraction on Dask (*address*, ``"local"``, or an open *client*)."""
    if client is not None:
        return build(
            paths, out, progress=progress, stage=stage, view=view, urls=urls, executor=client, batch_size=batch_size
        )
    with dask_client(address, workers=jobs) as cl:
        n_workers = max(1, len(cl.scheduler_info().get("workers", {})))
        return build(
            paths,
            out,
            progress=progress,
            stage=stage,
            view=view,
            urls=urls,
            jobs=n_workers,  # sets how many partitions are in flight
            executor=cl,
            batch_size=batch_size,
        )
