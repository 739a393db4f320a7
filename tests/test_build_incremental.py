"""Adding to an existing folder: incremental store writes, merged events, and exports only when asked."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.events as ke
from kg.cli import app
from kg.dedup import STORIES_GRAPH
from kg.events import EVENTS_GRAPH, rebuild_events
from kg.store import INDEX_GRAPH, Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_determinism import write_corpus  # noqa: E402

kb = importlib.import_module("kg.build")  # kg.build is also the name of the function
runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    paths = write_corpus(tmp_path_factory.mktemp("corpus"))
    # a near duplicate (another version of the first story): built one by one it must join a story
    first = paths[0]
    twin = first.with_name("zz-" + first.name)
    twin.write_text(first.read_text(encoding="utf-8") + "\nMore talks are planned.", encoding="utf-8")
    return [*paths, twin]


def _computed(out: Path) -> dict[str | None, set]:
    with Store(out / "store") as st:
        graphs = (None, INDEX_GRAPH, EVENTS_GRAPH, STORIES_GRAPH, *sorted(st.articles()))
        return {g: st.graph_quads(g) for g in graphs}


def test_one_by_one_without_exports_equals_together(
    corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    together = tmp_path / "together"
    kb.build(corpus, together, view=False)
    one = tmp_path / "one"
    for i, p in enumerate(corpus):
        report = kb.build([p], one, view=False, export=i == len(corpus) - 1)
        assert report.added and (bool(report.files) == (i == len(corpus) - 1))
    got = _computed(one)
    assert got == _computed(together)
    assert got[STORIES_GRAPH], "the near duplicate should make a story"
    # the incremental merged events are what a full rebuild gives
    with Store(one / "store") as st:
        rebuild_events(st)
        assert st.graph_quads(EVENTS_GRAPH) == got[EVENTS_GRAPH]
        st.recompute_entities()
        assert st.graph_quads(None) == got[None] and st.graph_quads(INDEX_GRAPH) == got[INDEX_GRAPH]
    for f in ("graph.trig", "graph.ttl", "graph.graphml"):
        assert (one / f).read_bytes() == (together / f).read_bytes(), f
    # the bulk loader path (many new articles) gives the same store as the one-transaction path
    monkeypatch.setattr(kb, "SMALL_BUILD", 0)
    bulk = tmp_path / "bulk"
    kb.build(corpus, bulk, view=False, export=False)
    assert _computed(bulk) == got


def test_a_folder_built_again_extracts_only_what_changed(
    corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Building a folder again: its stored articles with the same text are listed unchanged and not
    extracted (kg.build._unchanged); the store is the one building only the changed and new files
    gives."""
    import shutil

    folder = tmp_path / "in"
    folder.mkdir()
    for p in corpus[:-1]:
        shutil.copy(p, folder / p.name)
    out, ref = tmp_path / "out", tmp_path / "ref"
    for target in (out, ref):
        assert len(kb.build([folder], target, view=False, export=False).added) == len(corpus) - 1
    changed, new = folder / corpus[0].name, folder / corpus[-1].name
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text + "\nThe ministers spoke again on Friday.\n", encoding="utf-8")
    shutil.copy(corpus[-1], new)  # the near duplicate of the first: it joins a story
    extracted: list[str] = []
    real = kb.extract_partition

    def spy(docs: list) -> object:
        extracted.extend(d.id for d in docs)
        return real(docs)

    monkeypatch.setattr(kb, "extract_partition", spy)
    report = kb.build([folder], out, view=False, export=False)
    assert len(extracted) == 2 and len(report.replaced) == 1 and len(report.added) == 1
    assert len(report.unchanged) == len(corpus) - 2 and report.articles == len(corpus)
    assert not report.problems
    kb.build([changed, new], ref, view=False, export=False)
    got = _computed(out)
    assert got == _computed(ref) and got[STORIES_GRAPH]
    # nothing changed: nothing extracted, nothing written
    extracted.clear()
    again = kb.build([folder, folder / corpus[1].name], out, view=False, export=False)
    assert extracted == [] and len(again.unchanged) == len(corpus) and not again.added
    assert [p.message for p in again.problems] == [f"duplicate article id {corpus[1].stem!r}; skipped"]
    assert _computed(out) == got


def test_first_build_merges_events_without_reading_reports_back(
    corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first build merges the reports its workers read (kg.events.article_reports) and bulk-loads
    the merged events: the same graph as reading every report back from the store."""
    import kg.events

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("a first build read the event reports back from the store")

    with monkeypatch.context() as m:
        m.setattr(kg.events, "event_reports", never)
        first = kb.build(corpus, tmp_path / "first", view=False, export=False)
    assert first.merged_events and first.event_reports > first.merged_events
    with Store(tmp_path / "first" / "store") as st:
        got = st.graph_quads(EVENTS_GRAPH)
        again = rebuild_events(st)  # reads them back; the graph exists: one transaction
        assert st.graph_quads(EVENTS_GRAPH) == got
        assert (again.reports, again.merged) == (first.event_reports, first.merged_events)
    # a build that replaces an article reads back only the reports of the (predicate, parties) its old
    # and new versions report, and merges those again: the graph a full rebuild gives
    changed = tmp_path / "changed" / corpus[0].name
    changed.parent.mkdir()
    changed.write_text(corpus[0].read_text(encoding="utf-8") + "\nThe talks will continue.", encoding="utf-8")
    calls: list[object] = []
    real = kg.events.event_reports

    def recorded(store: object, values: str | None = None) -> list:
        calls.append(values)
        return real(store, values)

    with monkeypatch.context() as m:
        m.setattr(kg.events, "event_reports", recorded)
        second = kb.build([changed], tmp_path / "first", view=False, export=False)
    assert second.replaced and calls and None not in calls
    with Store(tmp_path / "first" / "store") as st:
        got = st.graph_quads(EVENTS_GRAPH)
        rebuild_events(st)
        assert st.graph_quads(EVENTS_GRAPH) == got


def test_remove_redoes_merged_events_and_stories(corpus: list[Path], tmp_path: Path) -> None:
    """Removing an article takes its reports out of the merged events and its story apart; building it
    again gives the store of the first build back."""
    import kg
    from kg.dedup import Deduper

    out = tmp_path / "out"
    kb.build(corpus, out, view=False)
    before = _computed(out)
    assert before[STORIES_GRAPH], "the near duplicate makes a story"
    twin = next(p for p in corpus if p.name.startswith("zz-"))
    graph = kg.open(out)
    assert graph.remove(twin.stem)
    graph.close()
    after = _computed(out)
    iri = next(g for g in before if g and g.endswith(twin.stem))
    assert iri not in after
    assert not after[STORIES_GRAPH], "a story of one article is no story"
    assert all(iri not in str(t) for t in after[EVENTS_GRAPH])
    with Store(out / "store") as st:
        rebuild_events(st)
        assert st.graph_quads(EVENTS_GRAPH) == after[EVENTS_GRAPH], "the merged events are what a rebuild gives"
        assert not st.derived_stale()
    assert twin.stem not in Deduper.load(out / "dedup.json").signatures
    kb.build([twin], out, view=False)
    assert _computed(out) == before


def test_replacing_an_article_merges_again_only_what_it_reported(
    corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed article that meets someone else: the merged event of the old meeting goes, the new one
    comes, without a rebuild of all merged events; the store is the one a fresh build of the new
    version gives."""
    out = tmp_path / "out"
    kb.build(corpus, out, view=False, export=False)
    old = next(p for p in corpus if p.name.startswith("haftar-"))
    new = tmp_path / "v2" / old.name
    new.parent.mkdir()
    new.write_text(
        "Haftar visits Moscow\nKhalifa Haftar visited Moscow on Monday and met Russian Foreign Minister "
        "Sergei Lavrov. Russia denied that it supports Haftar.",
        encoding="utf-8",
    )
    import kg.events

    before = _computed(out)[EVENTS_GRAPH]

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("all merged events were rebuilt")

    with monkeypatch.context() as m:
        m.setattr(kg.events, "rebuild_events", never)
        report = kb.build([new], out, view=False, export=False)
    assert report.replaced and not report.added
    got = _computed(out)
    assert got[EVENTS_GRAPH] != before
    fresh = tmp_path / "fresh"
    kb.build([p for p in corpus if p != old] + [new], fresh, view=False, export=False)
    assert got == _computed(fresh)


def _listings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the builds that list the store's article graphs (Store.graph_inventory)."""
    calls: list[int] = []
    real = Store.graph_inventory

    def counted(self: Store) -> tuple[set[str], list[str]]:
        calls.append(1)
        return real(self)

    monkeypatch.setattr(Store, "graph_inventory", counted)
    return calls


def test_adding_trusts_the_recorded_dedup_index(
    corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build records (as an empty named graph) the state of the dedup index whose articles are all
    stored; the next build takes the index's ids instead of listing the article graphs, and no trace of
    the record reaches the exports or the triples."""
    from kg.dedup import Deduper
    from kg.store import DEDUP_STATE_NS

    out = tmp_path / "out"
    kb.build(corpus[:-2], out, view=False)
    listings = _listings(monkeypatch)
    kb.build([corpus[-2]], out, view=False)
    assert listings == [], "the store recorded this state of the index"
    report = kb.build([corpus[-1]], out, view=False)  # the near duplicate: the story is regrouped
    assert listings == [] and report.added and report.stories
    from kg.resolution import NAMES_FILE, names_state

    state = kb._index_state(Deduper.load(out / "dedup.json").saved_state, names_state(out / NAMES_FILE))
    with Store(out / "store") as st:
        assert st.dedup_index_matches(state)
        articles, states = st.graph_inventory()
        assert states == [state], "the records of earlier states are dropped"
        assert not any(DEDUP_STATE_NS in str(q) for q in st.raw)
    for f in ("graph.trig", "graph.ttl", "graph.graphml"):
        assert b"urn:newskg:store" not in (out / f).read_bytes(), f
    assert _computed(out) == _computed_fresh(corpus, tmp_path / "fresh")


def _computed_fresh(paths: list[Path], out: Path) -> dict[str | None, set]:
    kb.build(paths, out, view=False, export=False)
    return _computed(out)


@pytest.mark.parametrize("how", ["store-remove", "dedup-changed", "no-record", "clear"])
def test_a_build_lists_the_articles_when_the_index_may_name_absent_ones(
    corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """The dedup index may name articles the store lacks after a removal through the Store API, a
    build killed after saving the index, a store of an older version (no record, the graph dropped by
    hand) or a cleared store: the next build lists the articles, and a text of an article that is gone
    is new again, not an exact duplicate."""
    from kg.dedup import Deduper

    out = tmp_path / "out"
    kb.build(corpus[:3], out, view=False, export=False)
    gone = corpus[0]
    text = gone.read_text(encoding="utf-8")
    with Store(out / "store") as st:
        if how == "store-remove":
            assert st.remove_article(gone.stem)
        elif how == "no-record":
            articles, states = st.graph_inventory()
            assert len(states) == 1
            iri = next(a for a in articles if a.endswith(gone.stem))
            st.raw.update(f"DROP GRAPH <{iri}> ; DROP GRAPH <urn:newskg:store:dedup-index:{states[0]}>")
        elif how == "clear":
            st.clear()
            assert not st.has_articles() and st.graph_inventory() == (set(), [])
    if how == "dedup-changed":  # what a build killed after saving its index leaves: an article never written
        text += "\nMore talks are planned for next month."
        d = Deduper.load(out / "dedup.json")
        assert d.check("never-written", text).kind == "new"
        d.save(out / "dedup.json")
        with Store(out / "store") as st:
            _, states = st.graph_inventory()
            assert Deduper.load(out / "dedup.json").saved_state not in {s.split("+")[0] for s in states}
    copy = tmp_path / "again" / ("copy-of-" + gone.name)
    copy.parent.mkdir()
    copy.write_text(text, encoding="utf-8")
    listings = _listings(monkeypatch)
    report = kb.build([copy], out, view=False, export=False)
    assert listings == [1]
    assert report.added and not report.duplicates, "the text of an article that is gone is new again"
    assert "never-written" not in Deduper.load(out / "dedup.json").signatures
    kb.build([corpus[3]], out, view=False, export=False)
    assert listings == [1], "the build recorded its index again"


def test_cli_exports_only_when_asked(corpus: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "o"
    res = runner.invoke(app, ["build", str(corpus[0]), "--out", str(out), "-q", "--no-view"])
    assert res.exit_code == 0, res.output
    first = (out / "graph.trig").read_bytes()  # a new folder gets its exports
    res = runner.invoke(app, ["build", str(corpus[1]), "--out", str(out), "-q", "--no-view"])
    assert res.exit_code == 0, res.output
    assert (out / "graph.trig").read_bytes() == first  # adding leaves them alone
    res = runner.invoke(app, ["export", str(out), "--format", "all"])
    assert res.exit_code == 0, res.output
    rewritten = (out / "graph.trig").read_bytes()
    assert rewritten != first and (out / "graph.ttl").exists() and (out / "graph.graphml").exists()
    res = runner.invoke(app, ["build", str(corpus[2]), "--out", str(out), "-q", "--no-view", "--export"])
    assert res.exit_code == 0, res.output
    assert (out / "graph.trig").read_bytes() != rewritten


def test_stages_are_reported_in_order(corpus: list[Path], tmp_path: Path) -> None:
    """A long build says what it is doing: each stage with the number of articles it counts."""
    events: list[tuple[str, int | None]] = []
    report = kb.build(
        corpus,
        tmp_path / "o",
        view=False,
        stage=lambda name, total: events.append((name, total)),
        progress=lambda n: events.append(("+", n)),
    )
    names = [n for n, _ in events if n != "+"]
    assert names[0] == "extracting" and names[-3:] == ["writing the store", "stories and events", "exporting"]
    extracted = sum(n or 0 for name, n in events[: events.index(("writing the store", None))] if name == "+")
    resolving = [total for name, total in events if name == "resolving across articles"]
    # every article is counted once while extracted, the deferred ones again while resolved
    assert extracted == report.articles + sum(t or 0 for t in resolving)
    assert resolving and resolving[0], "this corpus has people no gazetteer knows: they wait for resolution"


def test_names_file_holds_the_store_names_and_spares_reading_them(
    corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """names.jsonl holds what cross-article resolution reads of the store (kg.resolution.store_name_rows)
    after a first build, an add, a change and a removal; a build it matches resolves new articles from
    it without reading the store's names, and gives the store a fresh build gives."""
    import kg
    import kg.resolution as kr

    out = tmp_path / "out"
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "mismari-2023-07-01.txt").write_text(
        "Mismari speaks\nLibyan National Army spokesman Ahmed Mismari met Youssef Hamdan in Benghazi.",
        encoding="utf-8",
    )
    (extra / "mismari-2023-07-02.txt").write_text(
        "Mismari again\nMismari said that Hamdan met Mismari in Tobruk on Sunday.", encoding="utf-8"
    )
    later = sorted(extra.iterdir())
    real = kr.store_name_rows

    def same_as_store() -> None:
        path = out / kr.NAMES_FILE
        with Store(out / "store") as st:
            rows, aliases = real(st)
            from kg.dedup import Deduper

            state = kb._index_state(Deduper.load(out / "dedup.json").saved_state, kr.names_state(path))
            assert st.dedup_index_matches(state), "the store records the names file's state"
        got = kr.load_names(path)
        assert got is not None and sorted(got[0]) == sorted(rows) and sorted(got[1]) == sorted(aliases)

    fresh = tmp_path / "fresh"
    kb.build([*corpus, *later], fresh, view=False, export=False)
    kb.build(corpus, out, view=False, export=False)
    same_as_store()
    reads: list[object] = []

    def counted(store: object) -> object:
        reads.append(store)
        return real(store)

    monkeypatch.setattr(kr, "store_name_rows", counted)
    monkeypatch.setattr(kb, "store_name_rows", counted)
    keyed: list[str] = []
    real_keys = kr.name_keys

    def counted_keys(type_: str, name: str) -> object:
        keyed.append(name)
        return real_keys(type_, name)

    monkeypatch.setattr(kr, "name_keys", counted_keys)
    for p in later:  # the second one's short names resolve to the first one's people, read from the file
        keyed.clear()
        report = kb.build([p], out, view=False, export=False)
        assert report.added
        same_as_store()
        text = p.read_text(encoding="utf-8")
        assert keyed and all(name in text for name in keyed), "the stored names' keys come from the file"
    assert reads == [], "the store's names were read although the names file matched it"
    assert _computed(out) == _computed(fresh)
    changed = tmp_path / "changed" / later[0].name
    changed.parent.mkdir()
    changed.write_text(later[0].read_text(encoding="utf-8").replace("Youssef Hamdan", "Omar Hamdan"), encoding="utf-8")
    assert kb.build([changed], out, view=False, export=False).replaced
    same_as_store()
    graph = kg.open(out)
    assert graph.remove(later[1].stem)
    graph.close()
    same_as_store()
    assert reads == []
    # a write through the Store API: the next build reads the names from the store and rewrites the file
    with Store(out / "store") as st:
        assert st.remove_article(corpus[0].stem)
    kb.build([later[1]], out, view=False, export=False)
    assert reads, "the names file was trusted after a write it does not know"
    same_as_store()


def test_names_file_keys_of_other_code_are_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Name keys kept by another version of the code (another kg.resolution.keys_stamp) are computed again."""
    import kg.resolution as kr

    path = tmp_path / kr.NAMES_FILE
    rows = [(kr._ENT + "person-ahmed-mismari", kr._NKG + "Person", kr._ART + "a", "Ahmed Mismari")]
    kr.write_names(path, (rows, []))
    got = kr.load_names_and_keys(path)
    assert got is not None and got[1] == {("Person", "Ahmed Mismari"): kr.name_keys("Person", "Ahmed Mismari")}
    monkeypatch.setattr(kr, "keys_stamp", lambda: "another")
    got = kr.load_names_and_keys(path)
    assert got is not None and got[0] == (rows, []) and got[1] == {}
    kr.append_names(path, [(kr._ENT + "person-x-y", kr._NKG + "Person", kr._ART + "b", "X Y")], [], [])
    assert b'"keys"' not in path.read_bytes().splitlines()[-1], "no keys of other code appended"


def test_name_keys_are_stamped_by_the_code_that_computes_them(tmp_path: Path) -> None:
    """Editing a module the keys do not run (extraction, the store) keeps the stamp; editing one they
    run (romanisation, text folding, resolution) changes it."""
    import shutil

    import kg.resolution as kr

    root = Path(kr.__file__).resolve().parent
    copy = tmp_path / "kg"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("__pycache__", "_resources"))
    base = kr._code_digest(copy)
    assert base == kr._code_digest(root)
    for other in ("pipeline.py", "store.py", "extract/relations.py"):
        (copy / other).write_text((copy / other).read_text() + "\n# changed\n")
    assert kr._code_digest(copy) == base
    for name in kr._KEY_MODULES:
        before = (copy / name).read_text()
        (copy / name).write_text(before + "\n# changed\n")
        assert kr._code_digest(copy) != base, name
        (copy / name).write_text(before)


def test_names_file_is_written_anew_for_other_code_keys(
    corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder whose names file keeps another version's keys gets them computed once, by the next build
    (even of nothing), and stored: not again by every later add."""
    import kg.resolution as kr
    from kg.dedup import Deduper

    out = tmp_path / "out"
    kb.build(corpus, out, view=False, export=False)
    path = out / kr.NAMES_FILE
    before = kr.load_names(path)
    assert before is not None and before[0]
    monkeypatch.setattr(kr, "keys_stamp", lambda: "another version")
    assert not kr.names_keys_current(path)
    kb.build([], out, view=False, export=False)
    assert kr.names_keys_current(path), "the keys were not written anew"
    got = kr.load_names_and_keys(path)
    assert got is not None and sorted(got[0][0]) == sorted(before[0])
    assert got[1] and all(got[1][(t.rsplit("#", 1)[-1], n)] for _, t, _, n in got[0][0])
    with Store(out / "store") as st:
        state = kb._index_state(Deduper.load(out / "dedup.json").saved_state, kr.names_state(path))
        assert st.dedup_index_matches(state), "the rewritten file's state is not the one recorded"


def test_names_file_lines_that_drop_more_than_it_holds_are_compacted(tmp_path: Path) -> None:
    """Each changed or removed article appends a line dropping its rows; once the dropped rows outnumber
    the live ones the file is written anew with the same rows, and a file dropping less is left alone."""
    import kg.resolution as kr

    path = tmp_path / kr.NAMES_FILE

    def row(article: str, n: int) -> kr.NameRow:
        return (kr._ENT + f"person-a-{n}", kr._NKG + "Person", kr._ART + article, f"Ahmed {n}")

    kr.write_names(path, ([row("a", 1), row("b", 2), row("b", 3)], [(kr._ENT + "person-a-1", kr._ART + "a", "AA")]))
    kr.append_names(path, [row("a", 4)], [], [kr._ART + "a"])  # drops 2 rows of 5
    kr.append_names(path, [row("c", 5)], [], [kr._ART + "a"])  # drops 3 rows of 6
    assert kr.compact_names(path) is None, "a file dropping fewer rows than it holds was rewritten"
    live = kr.load_names_and_keys(path)
    assert live is not None and sorted(live[0][0]) == [row("b", 2), row("b", 3), row("c", 5)] and live[0][1] == []
    kr.append_names(path, [row("a", 6)], [], [kr._ART + "b", kr._ART + "c"])  # drops 6 rows of 7
    size = path.stat().st_size
    state = kr.compact_names(path)
    assert state is not None and state == kr.names_state(path) and path.stat().st_size < size
    assert len(path.read_bytes().splitlines()) == 2
    got = kr.load_names_and_keys(path)
    assert got is not None and got[0] == ([row("a", 6)], [])
    assert set(got[1]) == {("Person", "Ahmed 6")}


def _meeting(src: Path, days: dict[str, str], filler: dict[str, str] | None = None) -> dict[str, Path]:
    """One article per key of *days* reporting Putin meeting Haftar in Moscow, dated that day, ending
    with its *filler* sentence (default "Item KEY.")."""
    src.mkdir()
    paths = {}
    for k, day in days.items():
        paths[k] = src / f"putin-haftar-{k}-{day}.txt"
        paths[k].write_text(
            "Putin and Haftar\nRussian President Vladimir Putin met Khalifa Haftar in Moscow. "
            + (filler[k] if filler else f"Item {k}."),
            encoding="utf-8",
        )
    return paths


def test_adds_write_only_the_merged_events_that_change(
    corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reports of one meeting on nearby days: adding them one by one (joining a happening, starting
    one, moving its first report) leaves the store a fresh build of all of them gives, and an add
    deletes only the merged events that change."""
    days = {
        "a": "2023-08-01",
        "b": "2023-08-03",
        "c": "2023-08-10",
        "d": "2023-08-05",
        "e": "2023-08-07",
        "f": "2023-07-31",
    }
    filler = {
        "a": "Talks covered oil exports.",
        "b": "Officials described the talks as frank.",
        "c": "Both sides praised the ceasefire.",
        "d": "A second round was held behind closed doors.",
        "e": "Reporters waited outside the ministry.",
        "f": "The visit had been announced a week before.",
    }
    paths = _meeting(tmp_path / "src", days, filler)
    fresh = tmp_path / "fresh"
    # the corpus too: a store of two articles would have all its merged events rebuilt by an add
    kb.build([*corpus, *paths.values()], fresh, view=False, export=False)
    with Store(fresh / "store") as st:
        merged = {t[0] for t in st.graph_quads(EVENTS_GRAPH)}
    assert len(merged) >= 3, "the reports do not make several happenings: the test would show nothing"
    out = tmp_path / "out"
    kb.build([*corpus, paths["a"], paths["c"]], out, view=False, export=False)
    written: list[int] = []  # merged nodes each add's _remerge deletes or inserts
    real = kb._remerge

    kept: list[set] = []  # the keys whose reports each add's _remerge had kept from before

    def counted(store: Store, triples: list, new_articles: object = None, cache: dict | None = None) -> tuple[int, int]:
        kept.append(set(cache or ()))
        updates: list[str] = []
        real_update = store._update

        def update(text: str) -> None:
            updates.append(text)
            real_update(text)

        monkeypatch.setattr(store, "_update", update)
        before = store.graph_quads(EVENTS_GRAPH)
        got = real(store, triples, new_articles, cache)
        monkeypatch.setattr(store, "_update", real_update)
        assert len(updates) <= 1
        inserted = updates[0].split("INSERT DATA", 1)[1] if updates and "INSERT DATA" in updates[0] else ""
        # the merged nodes the update inserts; the nodes that changed are among them
        nodes = {line.split(" ", 1)[0] for line in inserted.splitlines() if line.startswith("<")}
        added = store.graph_quads(EVENTS_GRAPH) - before
        assert {t[0] for t in added} <= nodes
        written.append(len(nodes))
        return got

    monkeypatch.setattr(kb, "_remerge", counted)
    monkeypatch.setattr(kb, "_KEY_REPORTS_MIN", 2)  # keep the reports of these small keys too
    batches = (["b"], ["d"], ["e", "f"])
    for batch in batches:
        report = kb.build([paths[k] for k in batch], out, view=False, export=False)
        assert len(report.added) == len(batch)
    # a rewrite of all the merged events of the keys the adds report inserts 5, 7 and 7 nodes
    assert [n <= 2 * len(b) for n, b in zip(written, batches, strict=True)] == [True] * 3, written
    assert _computed(out) == _computed(fresh)
    # the meeting's reports were read once, then kept by the process for the next adds
    assert not kept[0] and kept[1] and kept[1] <= kept[2], kept
    # a removal changes the store: what was kept is dropped
    import kg

    with kg.open(out) as graph:
        assert graph.remove(paths["d"].stem)
    kb.build([paths["d"]], out, view=False, export=False)
    assert kept[-1] == set(), "reports kept from before a removal were used"
    assert _computed(out) == _computed(fresh)


def _key_reports_as_read(out: Path) -> tuple[dict, dict]:
    """(the reports the store keeps per busy key, every key's reports read from the article graphs)."""
    import kg.events as ke

    with Store(out / "store") as st:
        by_key = ke.reports_by_key(ke.event_reports(st))
        kept = ke.KeyReports.of(st)
        assert kept is not None
        return kept.read(by_key), by_key


def _kept_of(out: Path, keys: list) -> dict:
    with Store(out / "store") as st:
        kept = ke.KeyReports.of(st)
        assert kept is not None
        return kept.read(keys)


def test_the_reports_of_busy_keys_are_kept_in_the_store_for_the_next_process(
    corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first build keeps the reports of each busy key in the store; an add in a new process (no
    reports kept in memory) reads them there instead of the article graphs, merges what a fresh
    build merges and keeps them up to date; a removal rewrites them; articles written outside a
    build make the next build drop them all."""
    days = {"a": "2023-08-01", "b": "2023-08-03", "c": "2023-08-10", "d": "2023-08-05", "e": "2023-08-04"}
    days["f"] = "2023-08-20"
    paths = _meeting(tmp_path / "src", days)
    out = tmp_path / "out"
    kb.build([*corpus, paths["a"], paths["c"]], out, view=False, export=False)
    kept, read = _key_reports_as_read(out)
    ours = next(k for k, rs in read.items() if k[0] == "met" and any("putin-haftar-a" in r.article for r in rs))
    assert len(read[ours]) == 2, "the meeting is not one key of two reports: the test would show nothing"
    # every key, exactly as the article graphs give them; a key of no report has none
    assert kept.keys() == read.keys()
    assert all(sorted(map(repr, kept[k])) == sorted(map(repr, read[k])) for k in kept)
    nobody = ("met", "https://w3id.org/newskg/entity/nobody", "https://w3id.org/newskg/entity/nothing")
    assert _kept_of(out, [nobody]) == {nobody: []}

    by_graphs: list[str] = []  # what each add read from the article graphs
    real_reports = ke.event_reports

    def spied(store: Store, values: str | None = None) -> list:
        by_graphs.append(values or "")
        return real_reports(store, values)

    monkeypatch.setattr(ke, "event_reports", spied)
    for k in ("b", "d", "e", "f"):
        kb._KEY_REPORTS = kb._KeptReports()  # a new process: nothing kept in memory
        if k == "e":  # killed after the store write, before the rows: "f" must not read them
            monkeypatch.setattr(ke.KeyReports, "commit", lambda self, *args: None)
        elif k == "f":
            monkeypatch.undo()
            monkeypatch.setattr(ke, "event_reports", spied)
        by_graphs.clear()
        assert kb.build([paths[k]], out, view=False, export=False).added
        # the keys' reports came from the store's kept copy: no lookup by (predicate, parties)
        read_by_parties = any("?p ?s ?o" in v for v in by_graphs)
        assert read_by_parties == (k == "f"), by_graphs
    monkeypatch.setattr(ke, "event_reports", real_reports)
    kept, read = _key_reports_as_read(out)
    # after the killed one, only the keys "f" merged are kept again
    assert all(sorted(map(repr, kept[k])) == sorted(map(repr, read[k])) for k in kept) and ours in kept
    assert len(kept[ours]) == 6 and kept.keys() < read.keys()
    assert _computed(out) == _computed_fresh([*corpus, *paths.values()], tmp_path / "fresh")

    import kg

    with kg.open(out) as graph:
        assert graph.remove(paths["d"].stem)
    kept, read = _key_reports_as_read(out)
    assert all(sorted(map(repr, kept[k])) == sorted(map(repr, read[k])) for k in kept) and len(kept[ours]) == 5

    # a report written outside a build (the Store API): the next build must not trust the kept copy
    import sqlite3

    key = ours
    bogus = ke.EventReport("https://w3id.org/newskg/event/bogus", "https://w3id.org/newskg/article/bogus", *key)
    db = sqlite3.connect(out / ("store" + ke.KEY_REPORTS_SUFFIX))
    with db:  # a wrong copy, as if it lagged behind the article graphs
        db.execute("UPDATE reports SET body = ? WHERE id = ?", (ke._encode_reports(key, [bogus]), ke._key_id(key)))
    db.close()
    assert _kept_of(out, [key]) == {key: [bogus]}
    with Store(out / "store") as st:
        st.mark_articles_changed()
    kb._KEY_REPORTS = kb._KeptReports()
    assert kb.build([paths["d"]], out, view=False, export=False).added
    assert _computed(out) == _computed(tmp_path / "fresh")
    kept, read = _key_reports_as_read(out)
    # the keys the add merged have their reports kept again, the others none until merged
    assert key in kept and kept.keys() < read.keys()
    assert all(sorted(map(repr, kept[k])) == sorted(map(repr, read[k])) for k in kept)
    assert _kept_of(out, [nobody]) == {}, "no longer complete: a key without a row is read from the articles"


def _random_names(seed: int, articles: range) -> tuple[list, list]:
    """Name rows and alias rows of random people and organisations in these articles (a{n})."""
    import random

    import kg.resolution as kr

    rng = random.Random(seed)
    first = ["Ahmed", "Omar", "Khalifa", "Ali"]
    family = ["Mismari", "Hamdan", "Haftar", "Ali"]
    rows, aliases = [], []
    for a in articles:
        for _ in range(rng.randint(1, 4)):
            k = rng.randrange(8)
            if k < 5:
                name = f"{rng.choice(first)} {family[k % 4]}"
                rows.append((kr._ENT + f"person-{k}-x", kr._NKG + "Person", kr._ART + f"a{a}", name))
            else:
                rows.append(
                    (kr._ENT + f"org-{k}", kr._NKG + "Organization", kr._ART + f"a{a}", f"Union {k} of {family[k % 4]}")
                )
                if rng.random() < 0.5:
                    aliases.append((kr._ENT + f"org-{k}", kr._ART + f"a{a}", rng.choice(["UOM", "UOH", "LNA"])))
    return rows, aliases


def test_resolution_index_hides_the_replaced_articles_names(tmp_path: Path) -> None:
    """Resolving a replaced article against the process's kept clusters of the names file (the
    replaced article's own names hidden) sees what clusters built without those names give."""
    import kg.resolution as kr

    rows, aliases = _random_names(5, range(12))
    path = tmp_path / kr.NAMES_FILE
    kr.write_names(path, (rows, aliases))
    content = kr.load_names_content(path)
    assert content is not None
    for skip in ({kr._ART + "a3"}, {kr._ART + "a0", kr._ART + "a7", kr._ART + "new"}, set()):
        kept = kr._Index(None, skip, content)
        fresh = kr._Base.of((rows, aliases), {}, skip)
        eids = {kr._eid(r[0]) for r in rows}
        for eid in eids:
            got, want = kept._get(eid), fresh.clusters.get(eid)
            assert (got is None) == (want is None), (skip, eid)
            if got is not None and want is not None:
                assert (got.type, got.keys, got.abbrevs, got.latin) == (want.type, want.keys, want.abbrevs, want.latin)
        for key in {*fresh.by_key, *content.base().by_key}:
            assert kept._ids(key) == fresh.by_key.get(key, set()), (skip, key)
        for abbrev in ("UOM", "UOH", "LNA"):
            assert kept._abbrev_ids(abbrev) == fresh.by_abbrev.get(abbrev, set())
        assert bool(kept.hidden) == bool(skip & {r[2] for r in rows})


def _names_read(content: object) -> tuple:
    """What resolution reads of a names file's content: its rows, keys and clusters."""
    import kg.resolution as kr

    index = kr._Index(None, set(), content)
    base = content.base()  # type: ignore[attr-defined]
    eids = sorted({kr._eid(r[0]) for rs in content.rows.values() for r in rs})  # type: ignore[attr-defined]
    clusters = [(e, *(lambda c: (c.type, c.keys, c.abbrevs, c.latin) if c else None)(index._get(e))) for e in eids]
    return (
        content.rows,  # type: ignore[attr-defined]
        content.aliases,  # type: ignore[attr-defined]
        content.keys,  # type: ignore[attr-defined]
        content.dropped,  # type: ignore[attr-defined]
        content.with_keys,  # type: ignore[attr-defined]
        {k: index._ids(k) for k in base.by_key},
        {k: index._abbrev_ids(k) for k in base.by_abbrev},
        clusters,
    )


def test_a_copied_folder_reads_the_kept_copy_of_its_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The kept copy is named after the names file's token and checked against the bytes it covers,
    not the folder's path: the first read in a copied (or moved) folder takes it too."""
    import shutil

    import kg.resolution as kr

    monkeypatch.setenv("NEWSKG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(kr, "NAMES_COPY_MIN", 0)
    rows, aliases = _random_names(3, range(10))
    first = tmp_path / "a" / kr.NAMES_FILE
    first.parent.mkdir()
    kr.write_names(first, (rows, aliases))
    kr._NAMES_CACHE.clear()
    assert kr.load_names_content(first) is not None  # keeps the copy
    moved = tmp_path / "b" / kr.NAMES_FILE
    moved.parent.mkdir()
    shutil.copy(first, moved)
    more, more_aliases = _random_names(4, range(10, 13))
    kr.append_names(moved, more, more_aliases, [])
    loaded: list[int] = []
    real = kr._load_copy
    monkeypatch.setattr(kr, "_load_copy", lambda *a: loaded.append(real(*a)[1]) or real(*a))
    kr._NAMES_CACHE.clear()
    got = kr.load_names_content(moved)
    assert got is not None and loaded and 0 < loaded[0] < moved.stat().st_size
    kr._NAMES_CACHE.clear()
    with monkeypatch.context() as m:
        m.setenv("NEWSKG_CACHE_DIR", "off")
        parsed = kr.load_names_content(moved)
    assert parsed is not None and _names_read(got) == _names_read(parsed)


def test_a_kept_copy_of_the_names_file_reads_as_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A process that reads much of a names file keeps a pickled copy in the user's cache; the next
    one reads the copy and the lines appended since: what parsing the whole file gives. A copy of
    other bytes, or a damaged one, is not used."""
    import kg.resolution as kr

    cache = tmp_path / "cache"
    monkeypatch.setenv("NEWSKG_CACHE_DIR", str(cache))
    monkeypatch.setattr(kr, "NAMES_COPY_MIN", 0)
    rows, aliases = _random_names(7, range(12))
    path = tmp_path / kr.NAMES_FILE
    kr.write_names(path, (rows, aliases))
    loaded: list[int] = []
    real = kr._load_copy

    def spy(*args: object) -> tuple:
        got = real(*args)  # type: ignore[arg-type]
        loaded.append(got[1])
        return got

    monkeypatch.setattr(kr, "_load_copy", spy)

    def read(copies: bool = True) -> tuple:
        kr._NAMES_CACHE.clear()
        with monkeypatch.context() as m:
            if not copies:
                m.setenv("NEWSKG_CACHE_DIR", "off")
            content = kr.load_names_content(path)
        assert content is not None
        return _names_read(content)

    first = read()
    assert loaded == [0] and len(list((cache / "names").glob("*.pickle"))) == 1
    more, more_aliases = _random_names(8, range(12, 16))
    kr.append_names(path, more, more_aliases, [kr._ART + "a3", kr._ART + "a5"])
    monkeypatch.setattr(kr, "NAMES_COPY_MIN", 1 << 30)  # the copy stays the first read's
    got = read()
    assert loaded[-1] > 0, "the copy was not read"
    assert got == read(copies=False) and got != first
    # the file's bytes before the copy's end changed (same length, same token): not used
    data = path.read_bytes()
    i = data.index(b"Omar")
    path.write_bytes(data[:i] + b"Amar" + data[i + 4 :])
    got = read()
    assert loaded[-1] == 0 and got == read(copies=False)
    # a damaged copy is ignored
    (copy,) = (cache / "names").glob("*.pickle")
    copy.write_bytes(copy.read_bytes()[:-100])
    path.write_bytes(data)
    got = read()
    assert loaded[-1] == 0 and got == read(copies=False)


def test_replaced_articles_join_and_leave_stories(
    corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed article in no story that becomes a version of another joins it by its links alone;
    one that was in a story (it may leave it) makes the build regroup: both as a fresh build."""
    out = tmp_path / "out"
    kb.build(corpus, out, view=False, export=False)
    changed = tmp_path / "changed"
    changed.mkdir()
    first, twin = corpus[0], corpus[-1]  # the twin is a version of the first article (a story)
    other = next(p for p in corpus[1:-1] if p.suffix == ".txt")
    steps = [
        # the other article becomes a version of the first: it joins the story
        (other.name, first.read_text(encoding="utf-8") + "\nTalks resumed on Sunday."),
        # the twin changes wholly: it leaves the story (a regroup)
        (twin.name, "A different story\nThe Egyptian parliament met in Cairo on Monday to pass the budget."),
    ]
    import kg.dedup

    regroups: list[bool] = []
    real = kg.dedup.write_stories

    def counted(store: object, stories: object) -> int:
        regroups.append(True)
        return real(store, stories)  # type: ignore[arg-type]

    monkeypatch.setattr(kg.dedup, "write_stories", counted)
    monkeypatch.setattr(kb, "_LINKS_SHARE", 1)  # a small store: links all the same

    inputs = {p.name: p for p in corpus}
    for k, (name, text) in enumerate(steps):
        (changed / name).write_text(text, encoding="utf-8")
        regroups.clear()
        report = kb.build([changed / name], out, view=False, export=False)
        assert len(report.replaced) == 1
        assert bool(regroups) is (k == 1), "a regroup where links tell, or none where they cannot"
        inputs[name] = changed / name
        fresh = tmp_path / f"fresh-{k}"
        kb.build([inputs[n] for n in sorted(inputs)], fresh, view=False, export=False)
        assert _computed(out) == _computed(fresh)
        with Store(out / "store") as st:
            versions = {t[0] for t in st.graph_quads(STORIES_GRAPH) if t[1].endswith("isVersionOf>")}
        assert (f"<{kb._article_iri(other.stem)}>" in versions) is True
        assert (f"<{kb._article_iri(twin.stem)}>" in versions) is (k == 0)


def test_a_process_keeps_its_dedup_index_between_builds(
    corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build starts from the dedup index the process's last build saved, unless its files changed
    since (another process, a removal): then it reads them again; the store is a fresh build's."""
    import kg
    from kg.dedup import Deduper

    out = tmp_path / "out"
    kb.build(corpus[:4], out, view=False, export=False)
    loads: list[Path] = []
    real = Deduper.load.__func__  # type: ignore[attr-defined]

    def counted(cls: type, path: Path, **kw: object) -> Deduper:
        loads.append(path)
        return real(cls, path, **kw)

    monkeypatch.setattr(Deduper, "load", classmethod(counted))
    kb.build(corpus[4:5], out, view=False, export=False)
    kb.build(corpus[5:6], out, view=False, export=False)
    assert loads == [], "the index was read again although this process saved it"
    # the same text again is an exact duplicate: the kept index knows the article
    report = kb.build([corpus[5]], out, view=False, export=False)
    assert report.unchanged or report.duplicates
    with kg.open(out) as graph:  # a removal saves the index anew
        assert graph.remove(corpus[0].stem)
    loads.clear()
    kb.build(corpus[6:], out, view=False, export=False)
    assert len(loads) == 1, "an index changed since it was kept was not read again"
    kb.build([corpus[0]], out, view=False, export=False)
    fresh = tmp_path / "fresh"
    monkeypatch.undo()
    kb.build(corpus, fresh, view=False, export=False)
    assert _computed(out) == _computed(fresh)


def test_adds_give_the_event_counts_kept_with_the_reports(corpus: list[Path], tmp_path: Path) -> None:
    """An add gives the store's (event reports, merged events) from the counts kept with the key
    reports plus what it changed, without counting the merged-events graph; they equal a count
    after every add and removal, and counts kept for another state of the store are not read."""
    import sqlite3

    import kg

    real, calls = kb._event_counts, []

    def counted(folder: Path) -> tuple[int, int]:
        st = Store.open_read_only(folder / "store")
        try:
            return real(st)
        finally:
            st.close()

    days = {"a": "2023-08-01", "b": "2023-08-02", "c": "2023-09-20", "d": "2023-10-30", "e": "2023-08-03"}
    paths = _meeting(tmp_path / "src", days)
    out = tmp_path / "out"
    first = kb.build([*corpus, paths["a"]], out, view=False, export=False)
    assert (first.event_reports, first.merged_events) == counted(out)
    seen = [(first.event_reports, first.merged_events)]
    with pytest.MonkeyPatch.context() as m:
        m.setattr(kb, "_event_counts", lambda st: calls.append(st) or real(st))
        for k in ("b", "c", "d"):  # joins the meeting of "a", then two new meetings
            kb._KEY_REPORTS = kb._KeptReports()  # a new process
            rep = kb.build([paths[k]], out, view=False, export=False)
            assert rep.added and not calls, "the merged-events graph was counted"
            seen.append((rep.event_reports, rep.merged_events))
            assert seen[-1] == counted(out)
    # the same reports more each time; the same happenings (b joins a), then new ones (c, d)
    per_article = seen[1][0] - seen[0][0]
    assert per_article > 0 and [r - seen[0][0] for r, _ in seen] == [0, per_article, 2 * per_article, 3 * per_article]
    new = seen[2][1] - seen[1][1]
    assert new > 0 and [n - seen[0][1] for _, n in seen] == [0, 0, new, 2 * new]

    with kg.open(out) as graph:
        assert graph.remove(paths["c"].stem)
    db = sqlite3.connect(out / ("store" + ke.KEY_REPORTS_SUFFIX))
    with db:  # counts kept for another state of the store (an older writer changed the token)
        db.execute("UPDATE meta SET v = ? WHERE k = 'counts'", ("another-token 1 1",))
    db.close()
    st = Store.open_read_only(out / "store")
    try:
        kept = ke.KeyReports.of(st)
        assert kept is not None and kept.counts() is None
        db = sqlite3.connect(kept.path)
        with db:  # damaged: not read, no error
            token = db.execute("SELECT v FROM meta WHERE k = 'token'").fetchone()[0]
            db.execute("UPDATE meta SET v = ? WHERE k = 'counts'", (f"{token} many 1",))
        db.close()
        assert kept.counts() is None
    finally:
        st.close()
    kb._KEY_REPORTS = kb._KeptReports()
    rep = kb.build([paths["e"]], out, view=False, export=False)
    assert rep.added and (rep.event_reports, rep.merged_events) == counted(out) == (seen[-1][0], seen[-1][1] - new)
