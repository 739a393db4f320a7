"""Bulk loads shard by shard, in a background thread: the same store as one transaction, and repairable."""

from __future__ import annotations

import re
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


def test_shards_not_serialized_by_pyoxigraph_are_checked(tmp_path: Path) -> None:
    # only a build's own shards skip the loader's IRI checks; a caller's N-Quads are checked
    bad = tmp_path / "bad-iri.nq"
    bad.write_text(
        '<http://example.org/s s> <http://example.org/p> "x" <https://w3id.org/newskg/article/x> .\n',
        encoding="utf-8",
    )
    with Store(tmp_path / "store") as st:
        with pytest.raises(SyntaxError, match="IRI"):
            st.bulk_add_articles([bad], ["https://w3id.org/newskg/article/x"], [])
        st.recover()
        assert not st.has_graph("https://w3id.org/newskg/article/x")


_ART = "https://w3id.org/newskg/article/"
_NKG = "https://w3id.org/newskg/ontology#"
_DCT = "http://purl.org/dc/terms/"
_A = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _odd_outlets() -> dict[str, str]:
    """Article graphs whose outlets take every branch of the store's SPARQL (kg.store._ARTICLE_RECORD_OPS)."""
    odd = {  # name: (publisher objects, source objects)
        "pub-bnode": (["_:p"], ['"https://www.example.org/x?y=1"']),
        "two-urls": ([], ['"http://a.example/1"', '"https://b.example:8080/2"']),
        "not-http": ([], ['"ftp://files.example/x"']),
        "newline": ([], ['"https://c.example/a\\nb"']),
        "iri-publisher": (["<https://outlet.example/>"], ["<https://d.example/>"]),
    }
    graphs = {}
    for name, (publishers, sources) in odd.items():
        a = _ART + "odd-" + name
        lines = [
            f"<{a}> {_A} <{_NKG}Article> .",
            f'<{a}> <{_NKG}text> "some text" .',
            f'<{a}> <{_NKG}contentHash> "h" .',
        ]
        lines += [f"<{a}> <{_DCT}publisher> {o} ." for o in publishers]
        lines += [f"<{a}> <{_DCT}source> {o} ." for o in sources]
        graphs[a] = "\n".join(lines) + "\n"
    return graphs


@pytest.mark.parametrize("background", [False, True])
def test_records_from_the_workers_equal_the_sparql_records(
    graphs: dict[str, str], tmp_path: Path, background: bool
) -> None:
    from kg.summary import article_record

    every = {**graphs, **_odd_outlets()}
    reference = Store.in_memory()
    reference.replace_articles(every)
    shards = _shards(every, tmp_path)
    records = tmp_path / "records.nq"
    recs = {arts[0]: article_record(quads) for _, arts, _, quads in shards}
    # a blank node in the record: left to the store's SPARQL (a loader would relabel it)
    assert recs[_ART + "odd-pub-bnode"] is None and all(recs[a] for a in recs if "bnode" not in a)
    records.write_bytes(b"".join(r for r in recs.values() if r))
    with Store(tmp_path / "store") as st:
        load = BulkLoad(st, background=background)
        for path, arts, ents, _ in shards:
            load.add([path], arts, ents)
        load.finish(None, (records, [a for a, r in recs.items() if r is not None]))
        assert not st.has_pending()

        def blank(quads: set[str]) -> set[str]:  # the reference's parser renames blank nodes
            return {re.sub(r"_:[0-9a-z]+", "_:b", q) for q in quads}

        assert blank(_everything(st)) == blank(_everything(reference))
        # the blank publisher: the same node in the record (default graph) as in the article graph
        pub = ox.NamedNode(_DCT + "publisher")
        odd = ox.NamedNode(_ART + "odd-pub-bnode")
        assert len({q.object for q in st.raw.quads_for_pattern(odd, pub, None, None)}) == 1
    outlets = {
        str(q.object.value)
        for q in reference.raw.quads_for_pattern(None, None, None, ox.NamedNode(INDEX_GRAPH))
        if q.predicate.value.endswith("#outlet") and "odd-" in q.subject.value
    }
    # a blank publisher is skipped; hosts without www. and port; no http(s): the article itself;
    # a line break stops the SPARQL pattern's ".*": the whole URL; an IRI publisher as its text
    assert outlets == {
        "example.org",
        "a.example",
        "b.example",
        _ART + "odd-not-http",
        "https://c.example/a\nb",
        "https://outlet.example/",
    }


def test_records_of_an_interrupted_load_are_undone(graphs: dict[str, str], tmp_path: Path) -> None:
    """Records bulk-loaded, then the process dies before finish() drops the marks: recover() removes them."""
    from kg.summary import article_record

    items = list(graphs.items())
    with Store(tmp_path / "store") as st:
        st.replace_articles(dict(items[:1]))
        before = _everything(st)
        load = BulkLoad(st)
        shards = _shards(dict(items[1:]), tmp_path)
        for path, arts, ents, _ in shards:
            load.add([path], arts, ents)
        records = b"".join(article_record(quads) or b"" for *_, quads in shards)
        st.raw.bulk_load(records, ox.RdfFormat.N_QUADS)  # what finish() does first, then the kill
    with Store(tmp_path / "store") as st:
        st.recover()
        assert _everything(st) == before
