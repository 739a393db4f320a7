"""kg.analytics on tiny inline graphs (no store, no NLP)."""

from __future__ import annotations

import networkx as nx
import pytest

from kg import analytics as A

ENT = "https://w3id.org/newskg/entity/"
ART = "https://w3id.org/newskg/article/"


def _graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(article_dates={ART + "a1": "2023-08-23", ART + "a2": "2024-02-01"})
    for qid, ar, en, t in [
        ("haftar", "خليفة حفتر", "Khalifa Haftar", "Person"),
        ("russia", "روسيا", "Russia", "Location"),
        ("wagner", "فاغنر", "Wagner Group", "Organization"),
        ("shoigu", "سيرغي شويغو", "Sergei Shoigu", "Person"),
        ("gna", "حكومة الوفاق", "Government of National Accord", "Organization"),
        ("turkey", "تركيا", "Turkey", "Location"),
    ]:
        G.add_node(ENT + qid, label=ar, label_ar=ar, label_en=en, type=t, aliases=[ar.split()[-1]])
    G.add_node(
        "claim:1",
        type="Claim",
        label="Russia supports Khalifa Haftar",
        claim_subject=ENT + "russia",
        claim_object=ENT + "haftar",
        aliases=[],
    )

    def ev(s: str, p: str, o: str, key: str, date: str = "", art: str = "a1", mod: str = "asserted") -> None:
        o_iri = o if o.startswith("claim:") else ENT + o
        G.add_edge(
            ENT + s,
            o_iri,
            key=key,
            predicate=p,
            date=date,
            modality=mod,
            article=ART + art,
            evidence=f"{s} {p} {o}",
            sentence_start=int(key[1:]),
            attributed_label="",
        )

    ev("russia", "supports", "haftar", "e1")
    ev("russia", "supports", "wagner", "e2", "2023-08-22")
    ev("wagner", "supports", "haftar", "e3", "2023-08-22")
    ev("haftar", "met", "shoigu", "e4", "2023-08-22")
    ev("gna", "opposes", "haftar", "e5")
    ev("russia", "denies", "claim:1", "e6")
    ev("turkey", "supports", "gna", "e7", "2020-01-10")
    ev("turkey", "opposes", "gna", "e8", "", art="a2")
    ev("turkey", "cooperatesWith", "gna", "e9", "2024-03-01")
    ev("gna", "met", "turkey", "e10", "2024-03-01")
    ev("russia", "supports", "gna", "e11", "2021", mod="negated")
    return G


def test_central_actors_measures_and_predicates() -> None:
    G = _graph()
    for measure in ("pagerank", "degree", "betweenness"):
        rows = A.central_actors(G, measure=measure, top=3)
        assert len(rows) == 3 and rows[0]["score"] >= rows[-1]["score"]
        assert all(r["type"] != "Claim" for r in rows)
    sup = A.central_actors(G, predicate="nkg:supports", top=1)
    assert sup[0]["label"] == "Khalifa Haftar" and sup[0]["events"] == 2
    assert A.central_actors(G, predicate="nothing") == []
    with pytest.raises(ValueError):
        A.central_actors(G, measure="eigen")  # type: ignore[arg-type]


def test_pagerank_sums_to_one() -> None:
    rows = A.central_actors(_graph(), top=100)
    assert abs(sum(r["score"] for r in rows) - 1.0) < 1e-4


def test_ego_network_by_arabic_name() -> None:
    G = _graph()
    H = A.ego_network(G, "خليفه حفتر")
    assert ENT + "shoigu" in H and ENT + "turkey" not in H
    assert H.graph["article_dates"]
    with pytest.raises(KeyError):
        A.ego_network(G, "nobody at all")


def test_support_chains_asserted_only() -> None:
    G = _graph()
    assert A.support_chains(G, "Russia", "Haftar") == [[ENT + "russia", ENT + "haftar"]]
    assert A.support_chains(G, "Wagner", "Haftar") == [[ENT + "wagner", ENT + "haftar"]]
    assert A.support_chains(G, "Russia", "Government of National Accord") == []  # negated support
    assert A.support_chains(G, "Haftar", "Russia") == []


def test_meeting_communities() -> None:
    comms = A.meeting_communities(_graph())
    assert {ENT + "haftar", ENT + "shoigu"} in comms and {ENT + "gna", ENT + "turkey"} in comms
    assert A.meeting_communities(_graph(), method="label_propagation")
    assert A.meeting_communities(nx.MultiDiGraph()) == []


def test_timeline_uses_article_dates_and_claims() -> None:
    rows = A.timeline(_graph(), "Haftar")
    assert [r["event"] for r in rows] == ["e3", "e4", "e1", "e5", "e6"]
    assert rows[0]["dated"] and not rows[2]["dated"] and rows[2]["date"] == "2023-08-23"
    assert rows[-1]["role"] == "in claim" and rows[-1]["other_label"] == "Russia"


def test_changed_relations() -> None:
    rows = A.changed_relations(_graph())
    assert [(r["before"], r["after"]) for r in rows] == [("supports", "opposes"), ("opposes", "cooperatesWith")]
    assert rows[0]["subject_label"] == "Turkey" and rows[0]["after_date"] == "2024-02-01"
    assert len(rows[0]["history"]) == 3
    assert A.changed_relations(_graph(), stances={"supports": 1}) == []


def test_events_per_period() -> None:
    G = _graph()
    weeks = A.events_per_period(G, "W")
    assert weeks["2023-08-21"] == 6  # 3 dated on the 22nd + 3 falling back to the article date (23rd)
    assert list(weeks) == sorted(weeks)
    assert A.events_per_period(G, "Y", predicate="supports") == {"2020": 1, "2021": 1, "2023": 3}
    with pytest.raises(ValueError):
        A.events_per_period(G, "Q")  # type: ignore[arg-type]
