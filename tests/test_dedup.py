"""Exact duplicates are built once; near duplicates are versions of one story (kg/dedup.py)."""

from __future__ import annotations

import hashlib
import random

import numpy as np
import pytest

from kg.dedup import (
    _PRIME,
    Deduper,
    MinHasher,
    canonical_url,
    near_duplicate_groups,
    normalise_text,
    shingles,
    stories_ntriples,
)

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


def _shingles_by_definition(text: str, k: int) -> set[int]:
    """blake2b (4 bytes, big-endian) of each space-joined word k-gram of the folded text."""
    words = normalise_text(text).split()
    grams = [" ".join(words[i : i + k]) for i in range(len(words) - k + 1)] if len(words) >= k else [" ".join(words)]
    return {int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "big") for g in grams if g}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "one",
        "a b c d",
        "a b c d e",
        " a\u00a0 b\tc\n d, e f! ",
        "أعلن الرئيسُ، اليوم في طرابلس أمس",
        _text(7, 40),
    ],
)
@pytest.mark.parametrize("k", [1, 2, 5])
def test_shingles_are_the_hashes_of_the_word_grams(text: str, k: int) -> None:
    # the signatures saved in dedup.json are compared across builds: the shingles must not drift
    assert shingles(text, k) == _shingles_by_definition(text, k)
    assert shingles(normalise_text(text), k, normalised=True) == _shingles_by_definition(text, k)


def test_minhash_is_the_minimum_of_the_universal_hashes() -> None:
    mh = MinHasher()
    for text in (_text(4, 30), "x", "a b c d e f g h"):
        x = np.array(sorted(shingles(text)), dtype=object)
        expected = [min((int(a) * int(v) + int(b)) % _PRIME for v in x) for a, b in zip(mh._a, mh._b, strict=True)]
        assert [int(v) for v in mh.signature(text)] == expected
    assert (mh.signature("") == _PRIME).all()
    # a hash whose high and low bits sum past the prime (2**62 - 1 = 2**61 + prime: 1 modulo it)
    (s,) = shingles("one")
    mh._a, mh._b = np.array([1], dtype=np.uint64), np.array([2**62 - 1 - s], dtype=np.uint64)
    assert [int(v) for v in mh.signature("one")] == [1]


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


def _v2(d: Deduper) -> dict:
    """What version 2 of Deduper.save wrote: one record per article, its signature in base64."""
    import base64

    by_id: dict[str, dict] = {
        i: {"sig": base64.b64encode(s.astype("<u8").tobytes()).decode("ascii")} for i, s in d.signatures.items()
    }
    for u, i in d.urls.items():
        by_id.setdefault(i, {})["url"] = u
    for h, i in d.texts.items():
        by_id.setdefault(i, {})["text"] = h
    return {"version": 2, "num_perm": d.hasher.num_perm, "articles": by_id}


def _state(d: Deduper) -> tuple[dict, dict, dict]:
    return {i: s.tolist() for i, s in d.signatures.items()}, dict(d.urls), dict(d.texts)


def _saved(d: Deduper, tmp_path) -> tuple[dict, dict, dict]:
    """The state a load gives after a full save in version 2 (a save keeps one URL and one text per article)."""
    import json

    (tmp_path / "ref-v2.json").write_text(json.dumps(_v2(d)), encoding="utf-8")
    return _state(Deduper.load(tmp_path / "ref-v2.json"))


def test_index_of_an_earlier_version_still_loads(tmp_path) -> None:
    """Version 1 stored signatures as integer lists, version 2 as base64 per article, version 3 as one block."""
    import json

    d = Deduper()
    d.check("a", _text(5), "https://x.example/a")
    d.check("b", _text(6))
    v2 = _v2(d)
    (tmp_path / "v2.json").write_text(json.dumps(v2), encoding="utf-8")
    v1 = dict(v2, version=1)
    v1["articles"] = {i: dict(r, sig=d.signatures[i].tolist()) for i, r in v2["articles"].items()}
    (tmp_path / "v1.json").write_text(json.dumps(v1), encoding="utf-8")
    d.save(tmp_path / "v3.json")
    assert json.loads((tmp_path / "v3.json").read_text(encoding="utf-8"))["version"] == 3
    for name in ("v1.json", "v2.json", "v3.json"):
        e = Deduper.load(tmp_path / name)
        assert _state(e) == _state(d), name
    # an old index is rewritten in the current version by the next save, the journal follows
    e = Deduper.load(tmp_path / "v2.json")
    e.check("c", _text(7))
    e.save(tmp_path / "v2.json")
    assert json.loads((tmp_path / "v2.json").read_text(encoding="utf-8"))["version"] == 3
    assert _state(Deduper.load(tmp_path / "v2.json")) == _state(e)


def test_small_changes_go_to_the_journal(tmp_path, monkeypatch) -> None:
    """A save after a few changes appends them to dedup.json.journal; a load gives what a full save would."""
    import kg.dedup

    path, journal = tmp_path / "dedup.json", tmp_path / "dedup.json.journal"
    d = Deduper()
    for i in range(30):
        d.check(f"a{i}", _text(200 + i), f"https://x.example/{i}")
    d.save(path)
    base = path.read_bytes()
    assert not journal.exists()
    e = Deduper.load(path)
    e.check("new", _text(300), "https://x.example/new")
    e.check("a3", _text(301), "https://x.example/3b")  # the same article with a new text and URL
    e.forget(["a7"])
    e.save(path)
    assert path.read_bytes() == base and journal.exists()
    assert _state(Deduper.load(path)) == _saved(e, tmp_path)
    e.save(path)  # nothing changed: nothing written
    size = journal.stat().st_size
    # a later process appends to the same journal
    f = Deduper.load(path)
    f.check("newer", _text(302))
    f.save(path)
    assert journal.stat().st_size > size and path.read_bytes() == base
    assert _state(Deduper.load(path)) == _saved(f, tmp_path)
    # a line cut short by a crash is skipped, and the next append still lands on a line of its own
    with journal.open("ab") as fh:
        fh.write(b'{"journal":"x","set":{"cut')
    assert _state(Deduper.load(path)) == _saved(f, tmp_path)
    g = Deduper.load(path)
    g.check("after-crash", _text(303))
    g.save(path)
    assert _state(Deduper.load(path)) == _saved(g, tmp_path)
    # past its share of the index the journal is folded into a full save (with a new token)
    monkeypatch.setattr(kg.dedup, "_JOURNAL_MIN", 0)
    h = Deduper.load(path)
    h.check("fold", _text(304))
    h.save(path)
    assert not journal.exists() and path.read_bytes() != base
    assert len(list(tmp_path.glob("dedup.json.*.sigs"))) == 1  # the signatures the old file named are gone
    assert _state(Deduper.load(path)) == _saved(h, tmp_path)


def test_journal_of_an_older_file_is_ignored(tmp_path) -> None:
    path, journal = tmp_path / "dedup.json", tmp_path / "dedup.json.journal"
    d = Deduper()
    d.check("a", _text(1))
    d.save(path)
    e = Deduper.load(path)
    e.check("b", _text(2))
    e.save(path)
    stale = journal.read_bytes()
    d.save(tmp_path / "other.json")  # another file: a full save
    fresh = Deduper()
    fresh.check("c", _text(3))
    fresh.save(path)  # not loaded from path: a full save with a new token, the journal removed
    assert not journal.exists()
    journal.write_bytes(stale)  # as if the removal had not happened (a crash)
    assert _state(Deduper.load(path)) == _state(fresh)


def test_missing_signatures_file_is_no_index(tmp_path) -> None:
    d = Deduper()
    d.check("a", _text(1), "https://x.example/a")
    d.save(tmp_path / "dedup.json")
    for f in tmp_path.glob("dedup.json.*.sigs"):
        f.unlink()
    e = Deduper.load(tmp_path / "dedup.json")
    assert not e.signatures and not e.urls


def test_signature_matrix_takes_current_rows_from_the_loaded_matrix(tmp_path) -> None:
    """Rows of the loaded matrix count only while the index still holds them: an id checked again,
    dropped or added since the load gives its current signature, or none."""
    d = Deduper()
    texts = {f"a{i}": f"story number {i} about talks in city {i} with the minister of region {i}" for i in range(6)}
    for i, t in texts.items():
        d.check(i, t)
    d.save(tmp_path / "dedup.json")
    loaded = Deduper.load(tmp_path / "dedup.json")
    assert loaded._loaded is not None
    loaded.forget(["a1"])
    loaded.check("a2", texts["a2"] + " and a new paragraph about the next round of talks")  # a new signature
    loaded.check("b", "an unrelated report on the harvest in the south of the country this year")
    loaded.save(tmp_path / "dedup.json")  # a journal line: the loaded rows stay in use
    again = Deduper.load(tmp_path / "dedup.json")  # rows from the matrix and from the journal
    for index in (loaded, again):
        keep = {"a0", "a1", "a2", "a4", "b", "nowhere"}
        ids, matrix = index.signature_matrix(keep)
        assert sorted(ids) == ["a0", "a2", "a4", "b"]
        for i, row in zip(ids, matrix, strict=True):
            assert np.array_equal(row, index.signatures[i]), i
        assert not np.array_equal(index.signatures["a2"], d.signatures["a2"])
    assert Deduper().signature_matrix({"x"})[1].shape == (0, 128)


def _sig(rng: random.Random, base: np.ndarray | None = None, keep: slice | None = None) -> np.ndarray:
    """A signature: random, or *base* with the values outside *keep* drawn anew."""
    out = np.array([rng.getrandbits(63) for _ in range(128)], dtype=np.uint64)
    if base is not None and keep is not None:
        out[keep] = base[keep]
    return out


def test_story_links_update_the_stories_as_regrouping_does(tmp_path) -> None:
    """Adding articles: the stories graph kg.build._story_links and _update_stories leave is the one
    regrouping every stored article gives (a new one joins a singleton, a story, two stories at
    once, or nothing), and a bucket grown past 500 members asks for regrouping."""
    import importlib

    from kg.dedup import STORIES_GRAPH, write_stories
    from kg.store import Store

    kb = importlib.import_module("kg.build")
    rng = random.Random(7)
    bridge = _sig(rng)
    stored = {f"s{i}": _sig(rng) for i in range(30)}
    stored["t1"] = _sig(rng, bridge, slice(0, 64))  # shares bands 0-15 with the bridge
    stored["t1b"] = _sig(rng, stored["t1"], slice(0, 100))
    stored["t2"] = _sig(rng, bridge, slice(64, 128))  # bands 16-31
    stored["t2b"] = _sig(rng, stored["t2"], slice(20, 128))
    cases = {
        "unrelated": {"n": _sig(rng)},
        "joins a singleton": {"n": _sig(rng, stored["s3"], slice(0, 90))},
        "joins a story": {"n": _sig(rng, stored["t1b"], slice(10, 128))},
        "joins two stories": {"n": bridge},
        "two new, one story": {
            "n": _sig(rng, stored["s5"], slice(0, 90)),
            "m": _sig(rng, stored["s5"], slice(30, 128)),
        },
        "two new together": {"n": (x := _sig(rng)), "m": _sig(rng, x, slice(0, 100))},
    }
    d = Deduper()
    d.signatures.update(stored)
    d.save(tmp_path / "dedup.json")
    for name, new in cases.items():
        index = Deduper.load(tmp_path / "dedup.json")
        index.signatures.update(new)
        every = set(stored) | set(new)
        links = kb._story_links(index, sorted(new), every)
        assert links is not None, name
        assert (links == {}) is (name == "unrelated"), name
        with Store(tmp_path / name / "a") as inc, Store(tmp_path / name / "b") as full:
            write_stories(inc, index.stories(sorted(stored)))
            kb._update_stories(inc, links) if links else None
            write_stories(full, index.stories(sorted(every)))
            assert inc.graph_quads(STORIES_GRAPH) == full.graph_quads(STORIES_GRAPH), name
            assert kb._story_count(inc) == len(index.stories(sorted(every))), name
    # replacing an article in no story by another text: its new links, as regrouping finds them
    for name, (rid, new_sig, linked) in {
        "a singleton becomes a version of s7": ("s3", _sig(rng, stored["s7"], slice(0, 90)), True),
        "a singleton changes a little": ("s4", _sig(rng, stored["s4"], slice(0, 120)), False),
        "a singleton joins a story": ("s6", _sig(rng, stored["t2b"], slice(30, 128)), True),
    }.items():
        index = Deduper.load(tmp_path / "dedup.json")
        index.previous[rid], index.signatures[rid] = index.signatures[rid], new_sig
        every = set(stored)
        links = kb._story_links(index, [rid], every, {rid: index.previous[rid]})
        assert links is not None and bool(links) is linked, name
        with Store(tmp_path / name / "a") as inc, Store(tmp_path / name / "b") as full:
            write_stories(inc, Deduper(signatures=dict(stored)).stories(sorted(stored)))
            kb._update_stories(inc, links) if links else None
            write_stories(full, index.stories(sorted(every)))
            assert inc.graph_quads(STORIES_GRAPH) == full.graph_quads(STORIES_GRAPH), name
    # 500 stored articles in one bucket: a new one in it makes near_duplicate_groups drop the bucket
    crowd = {f"c{i}": _sig(rng, bridge, slice(0, 4)) for i in range(500)}
    index = Deduper()
    index.signatures.update({**crowd, "n": _sig(rng, bridge, slice(0, 4))})
    assert kb._story_links(index, ["n"], {*crowd, "n"}) is None
    # a bucket past 500 already links nothing: a new article 3/4 the same as c0 but sharing no other
    # band with it stays alone
    index.signatures["m"] = close = index.signatures["c0"].copy()
    close[4::4] += np.uint64(1)
    assert kb._story_links(index, ["m"], {*crowd, "n", "m"}) == {}
    assert near_duplicate_groups({i: index.signatures[i] for i in {*crowd, "n", "m"}}) == []
    assert kb._story_links(index, [], set(crowd)) == {}
    # an article leaving a bucket of 501 makes it count: the other 500 may link
    index.signatures["r"] = _sig(rng)
    old_r = _sig(rng, bridge, slice(0, 4))
    assert kb._story_links(index, ["r"], {*crowd, "r"}, {"r": old_r}) is None
    assert kb._story_links(index, ["r"], {*list(crowd)[:400], "r"}, {"r": old_r}) == {}
    assert kb._story_links(index, ["x"], set(crowd)) is None  # no signature


def test_a_new_version_drops_the_old_text_and_url(tmp_path) -> None:
    """An article back with a new text and URL: its old ones stop naming it, in this process as
    after a save and a load, so an article with the old text is new (kg.dedup.Deduper._rekey)."""
    from kg.dedup import keep, load_kept

    path = tmp_path / "dedup.json"
    old, new = "one two three four five six seven", "eight nine ten eleven twelve thirteen"
    d = Deduper()
    assert not d.check("a", old, "https://x.example/old").skip
    assert not d.check("z", "fourteen fifteen sixteen seventeen eighteen").skip
    d.save(path)
    keep(path, d)
    d2 = load_kept(path)
    assert d2 is d and not d2.skipped
    assert not d2.check("a", new, "https://x.example/new").skip
    assert not d2.check("a", new).skip  # again, without a URL: the new URL stays its URL
    assert (d2.texts, d2.urls) == (
        {**{h: i for h, i in d2.texts.items() if i != "a"}, d2._keys_of[0]["a"]: "a"},
        {"https://x.example/new": "a"},
    )
    d2.save(path)
    loaded = Deduper.load(path)
    assert (d2.texts, d2.urls) == (loaded.texts, loaded.urls)
    keep(path, d2)
    d3 = load_kept(path)
    assert d3 is d2  # kept: the same index as the saved files
    for index in (d3, loaded):
        assert not index.check("b", old).skip
        assert not index.check("b2", "x", "https://x.example/old").skip
        assert index.check("c", new).kind == "same-text"
        assert index.check("c2", "y", "https://x.example/new").kind == "same-url"
    # within one build, without a save: the old text is new too
    d4 = Deduper()
    d4.check("a", old)
    d4.check("a", new)
    assert not d4.check("b", old).skip and d4.check("c", new).duplicate_of == "a"
    # a text back again (A, B, A) names the article once
    d5 = Deduper()
    for text in (old, new, old):
        assert not d5.check("a", text).skip
    assert list(d5.texts.values()) == ["a"] and d5.check("d", new).kind == "new"


@pytest.mark.parametrize(("bands", "rows", "width"), [(32, 4, 128), (2, 4, 10), (4, 3, 12), (5, 2, 11)])
def test_band_members_is_each_band_all_equal(bands: int, rows: int, width: int) -> None:
    """The per-band test the story links use equals the plain definition (every value of the band
    equal), for the uint32 shortcut of 4-value bands and the general form."""
    import importlib

    import numpy as np

    kb = importlib.import_module("kg.build")
    rng = np.random.default_rng(bands * 100 + rows)
    sigs = rng.integers(0, 3, size=(300, width), dtype=np.uint64)  # few values: many equal bands
    same = sigs == sigs[7]
    want = np.array([[same[n, b * rows : (b + 1) * rows].all() for b in range(bands)] for n in range(len(sigs))])
    assert want.any() and not want.all()
    assert (kb._band_members(same, bands, rows) == want).all()
    assert (kb._band_members(np.asfortranarray(same), bands, rows) == want).all()  # not C-contiguous
