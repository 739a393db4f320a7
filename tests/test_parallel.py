"""Parallel and streaming builds give the same store as a one-process build, triple for triple."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

# Articles written for these tests (not from any corpus).
ARTICLES = [
    {
        "id": "par-ar-cairo",
        "lang": "ar",
        "title": "لقاء في القاهرة",
        "published": "2024-03-03",
        "text": "لقاء في القاهرة\nالتقى الرئيس المصري عبد الفتاح السيسي وزير الخارجية الروسي سيرغي لافروف "
        "في القاهرة يوم الأحد. وقال السيسي إن مصر تدعم الحل السياسي في ليبيا.",
    },
    {
        "id": "par-ar-moscow",
        "lang": "ar",
        "title": "زيارة إلى موسكو",
        "published": "2024-03-05",
        "text": "زيارة إلى موسكو\nزار وزير الخارجية المصري سامح شكري موسكو، والتقى لافروف. "
        "ونفت روسيا أنها تدعم خليفة حفتر.",
    },
    {
        "id": "par-en-cairo",
        "lang": "en",
        "title": "Talks in Cairo",
        "published": "2024-03-03",
        "text": "Talks in Cairo\nCAIRO (Reuters) - Egyptian President Abdel Fattah al-Sisi met Russian Foreign "
        "Minister Sergei Lavrov in Cairo on Sunday. Senator Harold Whitcombe said the United States supports the talks.",
    },
    {
        "id": "par-en-whitcombe",
        "lang": "en",
        "title": "Senator in Moscow",
        "published": "2024-03-06",
        "text": "Senator in Moscow\nMOSCOW (Reuters) - Senator Whitcombe said on Monday that Russia supports the talks. "
        "Russia denied that it supports Khalifa Haftar.",
    },
    {
        "id": "par-ar-tripoli",
        "lang": "ar",
        "title": "طرابلس",
        "text": "طرابلس\nاستقبل رئيس المجلس الرئاسي الليبي وفدا تركيا في طرابلس، وأعلنت تركيا دعمها للحكومة.",
    },
]


def _quads(store_dir: Path) -> set[str]:
    import pyoxigraph as ox

    st = ox.Store.read_only(str(store_dir))
    try:
        return {str(q) for q in st}
    finally:
        del st


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("par") / "articles.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def one_process(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.build import build

    out = tmp_path_factory.mktemp("j1")
    report = build([corpus], out, view=False, jobs=1, batch_size=2)
    assert report.articles == len(ARTICLES)
    return out


def test_jobs_2_equals_jobs_1(corpus: Path, one_process: Path, tmp_path: Path) -> None:
    from kg.build import build

    seen: list[int] = []
    report = build([corpus], tmp_path, view=False, jobs=2, batch_size=2, progress=seen.append)
    assert sum(seen) == report.articles == len(ARTICLES)
    expected = _quads(one_process / "store")
    assert expected, "the one-process build wrote nothing"
    assert _quads(tmp_path / "store") == expected


def test_rebuild_is_unchanged(corpus: Path, one_process: Path, tmp_path: Path) -> None:
    """Building the same articles into a built store changes nothing (hashes match)."""
    import shutil

    from kg.build import build

    shutil.copytree(one_process, tmp_path / "copy")
    report = build([corpus], tmp_path / "copy", view=False, jobs=2, batch_size=2)
    assert len(report.unchanged) == len(ARTICLES) and not report.added
    assert _quads(tmp_path / "copy" / "store") == _quads(one_process / "store")


def test_deferred_articles_are_those_resolution_can_change(corpus: Path, one_process: Path) -> None:
    """Articles with a person or organisation no gazetteer knows wait for cross-article resolution."""
    from kg.build import extract_partition
    from kg.ingest import iter_documents
    from kg.resolution import needs_resolution

    docs = [d for d in iter_documents([corpus]) if hasattr(d, "lang")]
    part = extract_partition(docs)
    assert len(part.iris) == len(docs)
    assert len(part.nquads) + len(part.deferred) == len(docs)
    assert set(part.nquads) == set(part.meta)
    assert all(needs_resolution(pickle.loads(data)) for _, data in part.deferred)
    stored = _quads(one_process / "store")
    for iri, data in part.nquads.items():  # written as extracted
        assert {
            str(q) for q in __import__("pyoxigraph").parse(data, __import__("pyoxigraph").RdfFormat.N_QUADS)
        } <= stored, iri


def test_what_workers_send_pickles_to_equal_values(corpus: Path) -> None:
    """Articles, their results, inputs and plans cross process boundaries pickled field by field."""
    from kg.ingest import iter_documents
    from kg.pipeline import extract_documents
    from kg.resolution import ResolutionInput, iter_plans

    docs = [d for d in iter_documents([corpus]) if hasattr(d, "lang")]
    results = list(extract_documents(docs))
    inputs = [ResolutionInput.of(r) for r in results]
    plans = list(iter_plans(inputs, None, None))
    values = [*docs, *inputs, *plans]
    values += [x for r in results for x in (*r.mentions, *r.entities, *r.aliases, *r.relations)]
    values += [rel.claim for res in results for rel in res.relations if rel.claim is not None]
    assert {type(v).__name__ for v in values} >= {"Document", "Entity", "Alias", "Relation", "ResolutionPlan"}
    for v in values:
        back = pickle.loads(pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL))
        assert type(back) is type(v) and back == v
        assert [getattr(back, f) for f in v.__slots__] == [getattr(v, f) for f in v.__slots__]


def test_article_quads_equal_article_graph() -> None:
    import pyoxigraph as ox

    from kg.model import Document
    from kg.pipeline import extract_documents
    from kg.rdf import article_graph, article_quads

    docs = [
        Document(id=a["id"], text=a["text"], lang=a["lang"], title=a["title"], published=a.get("published"))
        for a in ARTICLES
    ]
    for r in extract_documents(docs):
        g = article_graph(r)
        expected = {q.triple for q in ox.parse(g.serialize(format="nt"), ox.RdfFormat.N_TRIPLES)}
        quads = article_quads(r)
        assert {q.triple for q in quads} == expected
        assert {q.graph_name.value for q in quads} == {str(g.identifier)}


def test_add_articles_equals_replace_articles() -> None:
    """The bulk store path gives the same store as the SPARQL-update path, default graph included."""
    from kg.model import Document
    from kg.pipeline import extract_documents
    from kg.rdf import article_quads
    from kg.store import Store

    docs = [Document(id=a["id"], text=a["text"], lang=a["lang"], title=a["title"]) for a in ARTICLES]
    results = list(extract_documents(docs))
    graphs = {article_quads(r)[0].graph_name.value: article_quads(r) for r in results}
    with Store.in_memory() as a, Store.in_memory() as b:
        a.replace_articles(
            {iri: "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads) for iri, quads in graphs.items()}
        )
        first, rest = dict(list(graphs.items())[:2]), dict(list(graphs.items())[2:])
        b.add_articles(first, finish=False)
        assert b.has_pending()
        b.add_articles(rest)  # finishes what the first call left pending
        assert not b.has_pending()
        assert {str(q) for q in a.raw} == {str(q) for q in b.raw}


def test_interrupted_bulk_load_is_undone(tmp_path: Path) -> None:
    """A build killed during the (non-transactional) bulk load leaves the store as before, after recover()."""
    import pyoxigraph as ox

    from kg.build import _meta
    from kg.model import Document
    from kg.pipeline import extract_documents
    from kg.rdf import article_quads
    from kg.store import DIRTY_ARTICLE, DIRTY_GRAPH, LOADING_ARTICLE, Store

    docs = [Document(id=a["id"], text=a["text"], lang=a["lang"], title=a["title"]) for a in ARTICLES[:2]]
    first, second = (article_quads(r) for r in extract_documents(docs))
    shard = tmp_path / "first.nq"
    shard.write_bytes(ox.serialize(first, format=ox.RdfFormat.N_QUADS))
    with Store(tmp_path / "store") as st:
        st.bulk_add_articles([shard], [first[0].graph_name.value], _meta(first)[1])
        assert not st.has_pending()
        before = {str(q) for q in st.raw}
        # simulate a kill in the middle of loading the second article: marks written, half its quads loaded
        g = second[0].graph_name
        is_a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        dg = ox.NamedNode(DIRTY_GRAPH)
        st.raw.extend(
            [ox.Quad(g, is_a, ox.NamedNode(LOADING_ARTICLE), dg), ox.Quad(g, is_a, ox.NamedNode(DIRTY_ARTICLE), dg)]
        )
        st.raw.bulk_extend(second[: len(second) // 2])
        assert st.has_pending()
        assert st.recover() == [g.value]
        assert not st.has_pending()
        assert {str(q) for q in st.raw} == before
