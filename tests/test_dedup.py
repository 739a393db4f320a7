"""Exact duplicates are built once; near duplicates are versions of one story (kg/dedup.py)."""

from __future__ import annotations

import random

import numpy as np

from kg.dedup import Deduper, MinHasher, canonical_url, near_duplicate_groups, normalise_text, stories_ntriples

WORDS = (
    "minister president talks army border security aid council region city court election party "
    "government meeting statement visit officials delegation agreement forces capital report week"
).split()


def _text(seed: int, n: int = 250) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) + str(rng.randrange(50)) for _ in range(n))


def _edit(text: str, seed: int, edits: int = 8) -> str:
    rng = random.Random(seed)
    words = text.split()
    for _ in range(edits):
        words[rng.randrange(len(words))] = "edited" + str(rng.randrange(1000))
    return " ".join(words)


def test_canonical_url_and_normalised_text() -> None:
    assert canonical_url("https://www.x.example/a/?utm_medium=rss#c") == canonical_url("HTTPS://x.example/a")
    assert canonical_url("https://x.example/a?id=2") != canonical_url("https://x.example/a?id=3")
    assert normalise_text("أعلن الرئيسُ، اليوم!") == normalise_text("اعلن الرئيس اليوم")


def test_exact_duplicates_by_url_and_text() -> None:
    d = Deduper()
    assert not d.check("a", "Some text here.", "https://x.example/a").skip
    assert d.check("b", "Other text.", "https://www.x.example/a/").kind == "same-url"
    assert d.check("c", "some  TEXT here", None).kind == "same-text"
    assert d.check("c", "some  TEXT here", None).duplicate_of == "a"
    assert not d.check("a", "Some text here.", "https://x.example/a").skip  # the same article again
    assert [k for _s, k, _i in d.skipped] == ["same-url", "same-text", "same-text"]


def test_minhash_is_deterministic_and_estimates_jaccard() -> None:
    t = _text(1)
    assert np.array_equal(MinHasher().signature(t), MinHasher().signature(t))
    a, b = MinHasher().signature(t), MinHasher().signature(_edit(t, 2))
    assert 0.6 <= float(np.mean(a == b)) < 1.0
    assert float(np.mean(a == MinHasher().signature(_text(3)))) < 0.1


def test_three_versions_one_story_and_unrelated_articles_apart() -> None:
    d = Deduper()
    base = _text(10)
    for i, t in enumerate([base, _edit(base, 11), _edit(base, 12)]):
        d.check(f"v{i}", t)
    for i in range(20):
        d.check(f"other{i}", _text(100 + i))
    stories = d.stories()
    assert len(stories) == 1 and stories[0].versions == ("v0", "v1", "v2")
    nt = stories_ntriples(stories)
    assert nt.count("http://purl.org/dc/terms/hasVersion") == 3
    assert stories[0].iri.startswith("https://w3id.org/newskg/story/")


def test_index_round_trip(tmp_path) -> None:
    d = Deduper()
    base = _text(5)
    d.check("a", base, "https://x.example/a")
    d.save(tmp_path / "dedup.json")
    e = Deduper.load(tmp_path / "dedup.json")
    assert e.check("b", "x", "https://x.example/a").kind == "same-url"
    e.check("c", _edit(base, 6))
    assert [s.versions for s in e.stories()] == [("a", "c")]
    e.forget(["a"])
    assert e.stories() == [] and not e.check("d", "y", "https://x.example/a").skip


def test_groups_are_transitive() -> None:
    sigs = {"a": np.array([1, 2, 3, 4] * 8, dtype=np.uint64)}
    sigs["b"] = sigs["a"].copy()
    sigs["b"][:8] = 99
    sigs["c"] = sigs["b"].copy()
    sigs["c"][8:16] = 98
    assert near_duplicate_groups(sigs, threshold=0.7, bands=8) == [["a", "b", "c"]]


def test_index_of_an_earlier_version_still_loads(tmp_path) -> None:
    """Version 1 stored signatures as integer lists; version 2 as base64: both load alike."""
    import json

    import numpy as np

    d = Deduper()
    d.check("a", _text(5), "https://x.example/a")
    d.save(tmp_path / "v2.json")
    v2 = json.loads((tmp_path / "v2.json").read_text(encoding="utf-8"))
    assert v2["version"] == 2 and isinstance(v2["articles"]["a"]["sig"], str)
    v1 = dict(v2, version=1)
    v1["articles"] = {"a": dict(v2["articles"]["a"], sig=d.signatures["a"].tolist())}
    (tmp_path / "v1.json").write_text(json.dumps(v1), encoding="utf-8")
    for name in ("v1.json", "v2.json"):
        e = Deduper.load(tmp_path / name)
        assert np.array_equal(e.signatures["a"], d.signatures["a"])
        assert e.urls == d.urls and e.texts == d.texts
