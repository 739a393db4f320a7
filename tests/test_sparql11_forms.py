"""Every bundled query has a plain SPARQL 1.1 form (benchmarks/sparql11/) giving the same rows.

The bundled queries use Oxigraph's LATERAL, which rdflib cannot parse; ``make bench``
times rdflib on these plain forms instead. Here, on the fixture store (with its merged
events graph), the plain form parses with rdflib and, run by rdflib on the same quads
(``Dataset(default_union=True)``), returns the same rows as the bundled query on Oxigraph:
same columns, same row multiset, same order (every bundled query has an ORDER BY).
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from kg.store import Store, bind_values, iter_rq_files, split_by_graph

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
PLAIN = ROOT / "benchmarks" / "sparql11"
FIXTURE = ROOT / "tests" / "data" / "store_fixture.trig"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# GROUP_CONCAT columns: the order of the joined values is the engine's, so compared as a multiset
CONCAT_COLUMNS = {"claims", "matches", "via", "reported_by"}

NAMES = [p.stem for p in iter_rq_files(QUERIES)]
# the default VALUES, and one other parameter set as in tests/test_queries.py
CASES = [(n, {}) for n in NAMES] + [
    ("actor-timeline", {"actor_name": "روسيا"}),
    ("who-supports", {"target_name": "مجموعة فاغنر"}),
    ("find-entity", {"text": "موسكو"}),
    ("events-in-date-range", {"from": "2023-01-01", "to": "2023-12-31"}),
    ("how-many-meetings", {"actor_name": "خليفة حفتر"}),
]


@pytest.fixture(scope="module")
def store() -> Store:
    """The fixture in an in-memory store, with its merged-events graph (kg.events)."""
    from kg.events import rebuild_events

    st = Store.in_memory()
    st.replace_articles(split_by_graph(FIXTURE.read_text(encoding="utf-8")))
    rebuild_events(st)
    return st


@pytest.fixture(scope="module")
def dataset(store: Store) -> Any:
    """The same quads in rdflib, default graph = union of all graphs (as benchmarks/run.py)."""
    import rdflib

    ds = rdflib.Dataset(default_union=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds.parse(data=store.dump("nquads"), format="nquads")
    return ds


def _cell(kind: str, value: str, datatype: str | None, lang: str | None, column: str) -> tuple:
    if datatype == XSD_STRING:
        datatype = None
    if kind == "literal" and column in CONCAT_COLUMNS:
        return (kind, tuple(sorted(value.split(" | "))), datatype, lang)
    return (kind, value, datatype, lang)


def oxigraph_rows(store: Store, query: str) -> tuple[list[str], list[tuple]]:
    import pyoxigraph as ox

    result = store.query(query)
    columns = [v.value for v in result.variables]
    rows = []
    for row in result:
        cells = []
        for c in columns:
            t = row[c]
            if t is None:
                cells.append(None)
            elif isinstance(t, ox.Literal):
                dt = None if t.language else t.datatype.value
                cells.append(_cell("literal", t.value, dt, t.language, c))
            else:
                cells.append(_cell("iri" if isinstance(t, ox.NamedNode) else "bnode", t.value, None, None, c))
        rows.append(tuple(cells))
    return columns, rows


def rdflib_rows(dataset: Any, query: str) -> tuple[list[str], list[tuple]]:
    import rdflib

    result = dataset.query(query)
    columns = [str(v) for v in result.vars]
    rows = []
    for row in result:
        cells = []
        for c, t in zip(columns, row, strict=True):
            if t is None:
                cells.append(None)
            elif isinstance(t, rdflib.Literal):
                dt = str(t.datatype) if t.datatype else None
                cells.append(_cell("literal", str(t), dt, t.language, c))
            else:
                cells.append(_cell("iri" if isinstance(t, rdflib.URIRef) else "bnode", str(t), None, None, c))
        rows.append(tuple(cells))
    return columns, rows


def _values_lines(text: str) -> list[str]:
    return re.findall(r"VALUES\s*(?:\?\w+|\([^)]*\))\s*\{[^}]*\}", text)


def test_every_plain_form_has_a_bundled_query() -> None:
    assert sorted(p.stem for p in iter_rq_files(PLAIN)) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_plain_form_is_plain_sparql_11(name: str) -> None:
    path = PLAIN / f"{name}.rq"
    assert path.exists(), f"no plain SPARQL 1.1 form of queries/{name}.rq in benchmarks/sparql11/"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# Plain SPARQL 1.1 form of queries/{name}.rq"), name
    assert not re.search(r"\bLATERAL\b", re.sub(r"(?m)#.*$", "", text)), name
    # (rdflib parses it, with its own PREFIX lines only: test_plain_form_gives_the_same_rows)
    # the same parameter lines, so kg.store.bind_values sets both alike
    assert _values_lines(text) == _values_lines((QUERIES / f"{name}.rq").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_plain_form_gives_the_same_rows(store: Store, dataset: Any, name: str, params: dict) -> None:
    path = PLAIN / f"{name}.rq"
    assert path.exists(), f"no plain SPARQL 1.1 form of queries/{name}.rq in benchmarks/sparql11/"
    bundled = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    plain = path.read_text(encoding="utf-8")
    if params:
        bundled, plain = bind_values(bundled, params), bind_values(plain, params)
    columns, expected = oxigraph_rows(store, bundled)
    assert expected, f"{name} {params}: no rows on the fixture, nothing compared"
    got_columns, got = rdflib_rows(dataset, plain)
    assert got_columns == columns
    assert Counter(got) == Counter(expected)
    assert got == expected  # the order too
