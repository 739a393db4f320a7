"""Bulk loads shard by shard, in a background thread: the same store as one transaction, and repairable."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.bulkload import BulkLoad
from kg.store import INDEX_GRAPH, Store, split_by_graph
from kg.summary import SummaryBuilder, article_facts

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "store_fixture.trig"
MENTIONED_IN = "https://w3id.org/newskg/ontology#mentionedIn"


@pytest.fixture(scope="module")
def graphs() -> dict[str, str]:
    return split_by_graph(FIXTURE.read_text(encoding="utf-8"))


def _quads(iri: str, text: str) -> list[ox.Quad]:
    return [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(iri)) for t in ox.parse(text, ox.RdfFormat.N_TRIPLES)
    ]


def _shards(graphs: dict[str, str], folder: Path) -> list[tuple[Path, list[str], list[str], list[ox.Quad]]]:
    """One shard per article: (path, articles, entities, quads)."""
    out = []
    for n, (iri, text) in enumerate(graphs.items()):
        quads = _quads(iri, text)
        path = folder / f"shard-{n}.nq"
        path.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
        ents = sorted({q.subject.value for q in quads if q.predicate.value == MENTIONED_IN})
        out.append((path, [iri], ents, quads))
    return out


def _everything(st: Store) -> set[str]:
    return {str(q) for q in st.raw.quads_for_pattern(None, None, None, None)}


@pytest.mark.parametrize("background", [False, True])
@pytest.mark.parametrize("with_summary", [False, True])
def test_shard_by_shard_equals_one_transaction(
    graphs: dict[str, str], tmp_path: Path, background: bool, with_summary: bool
) -> None:
    reference = Store.in_memory()
    reference.replace_articles(graphs)
    shards = _shards(graphs, tmp_path)
    summary = SummaryBuilder()
    with Store(tmp_path / "store") as st:
        load = BulkLoad(st, background=background)
        for path, arts, ents, quads in shards:
            load.add([path], arts, ents)
            summary.add(article_facts(quads))
        load.finish(summary if with_summary else None)
        assert not st.has_pending()
        assert _everything(st) == _everything(reference)
        assert st.graph_quads(INDEX_GRAPH)  # the new entities' index triples are written


def test_an_existing_entity_is_recomputed_not_summarised(graphs: dict[str, str], tmp_path: Path) -> None:
    """An entity some stored article mentions is not 'fresh': its counts add up over old and new graphs."""
    items = list(graphs.items())
    reference = Store.in_memory()
    reference.replace_articles(graphs)
    with Store(tmp_path / "store") as st:
        st.replace_articles(dict(items[:1]))
        load = BulkLoad(st, background=True)
        for path, arts, ents, _ in _shards(dict(items[1:]), tmp_path):
            load.add([path], arts, ents)
        load.finish()
        assert _everything(st) == _everything(reference)


@pytest.mark.parametrize("background", [False, True])
def test_interrupted_load_is_undone_by_recover(graphs: dict[str, str], tmp_path: Path, background: bool) -> None:
    """A build that fails (or is killed) between loading shards and finish(): the next build's
    recover() drops whatever was loaded, and the store is as before."""
    items = list(graphs.items())
    with Store(tmp_path / "store") as st:
        st.replace_articles(dict(items[:1]))
        before = _everything(st)
        load = BulkLoad(st, background=background)
        for path, arts, ents, _ in _shards(dict(items[1:]), tmp_path):
            load.add([path], arts, ents)
        load.abort()  # the build failed: stop (a background load may not have started any shard)
        if not background:  # loaded, marked as loading, never finished
            assert st.has_pending()
            assert {iri for iri, _ in items[1:]} <= set(st.articles())
    with Store(tmp_path / "store") as st:
        dropped = st.recover()
        assert set(dropped) <= {iri for iri, _ in items[1:]}
        assert _everything(st) == before
        assert not st.has_pending()


def test_a_failing_shard_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.nq"
    bad.write_text("<http://example.org/s> <http://example.org/p> this is not N-Quads .\n", encoding="utf-8")
    with Store(tmp_path / "store") as st:
        load = BulkLoad(st, background=True)
        load.add([bad], ["https://w3id.org/newskg/article/x"], [])
        with pytest.raises(SyntaxError):
            load.finish()
