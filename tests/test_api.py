"""The analyst's Python API: ``kg.build`` / ``kg.open`` / ``KnowledgeGraph``."""

from __future__ import annotations

import inspect
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import kg
from kg import analytics, api
from kg.errors import QueryError, StoreError

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples"
SAMPLE_ID = "russia-haftar-2023-08-23"
EXTRA = """اجتماع في القاهرة
التقى وزير الخارجية الروسي سيرغي لافروف مع خليفة حفتر في موسكو يوم 12 مارس 2024.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kg-api")
    with kg.build(SAMPLE, out=out, view=False) as g:
        assert g.report is not None and g.report.added
    return out


@pytest.fixture
def g(built: Path) -> kg.KnowledgeGraph:
    graph = kg.open(built)
    yield graph
    graph.close()


# --------------------------------------------------------------------------- public surface


def test_all_is_sorted_and_resolves() -> None:
    assert kg.__all__ == sorted(kg.__all__)
    for name in kg.__all__:
        assert getattr(kg, name) is not None
    assert {"build", "open", "KnowledgeGraph"} <= set(kg.__all__)
    assert kg.build is api.build and kg.open is api.open and kg.KnowledgeGraph is api.KnowledgeGraph


def test_import_is_lazy_and_submodule_does_not_shadow_build() -> None:
    code = (
        "import sys, kg; assert 'kg.api' not in sys.modules and 'spacy' not in sys.modules; "
        "import kg.build; from kg.build import BuildReport; assert callable(kg.build), kg.build; "
        "assert kg.build.__module__ == 'kg.api'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def _public_callables() -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    modules = {"kg": kg, "kg.api": api, "kg.analytics": analytics}
    for mod_name, mod in modules.items():
        for name in mod.__all__:
            obj = getattr(mod, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                out.append((f"{mod_name}.{name}", obj))
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if attr.startswith("_") and attr != "__init__":
                        continue
                    fn = member.fget if isinstance(member, property) else member
                    if inspect.isfunction(fn):
                        out.append((f"{mod_name}.{name}.{attr}", fn))
    return out


@pytest.mark.parametrize("name,obj", _public_callables(), ids=lambda x: x if isinstance(x, str) else "")
def test_public_api_has_docstrings(name: str, obj: object) -> None:
    assert inspect.getdoc(obj), f"{name} has no docstring"


def test_analytics_functions_have_doctests() -> None:
    for name in analytics.__all__:
        obj = getattr(analytics, name)
        if inspect.isfunction(obj):
            assert ">>>" in (obj.__doc__ or ""), f"kg.analytics.{name} has no example"


# --------------------------------------------------------------------------- reading


def test_open_without_store_raises_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        kg.open(tmp_path)
    with pytest.raises(StoreError):
        kg.open(tmp_path / "missing")


def test_repr_and_counts(g: kg.KnowledgeGraph) -> None:
    n = g.counts()
    assert n["articles"] == 1 and n["entities"] > 10 and n["events"] > 10
    assert f"{n['entities']} entities" in repr(g)


def test_query_rows_frame_ask_construct_and_files(g: kg.KnowledgeGraph) -> None:
    rows = g.query(ROOT / "queries" / "who-met-whom.rq")
    assert rows and {"a", "b", "evidence"} <= set(rows[0])
    frame = g.query(ROOT / "queries" / "who-supports.rq", as_frame=True, params={"target_name": "Khalifa Haftar"})
    assert "Russia" in set(frame["supporter_en"])
    assert g.query("ASK { ?s nkg:supports ?o }") is True
    triples = g.query("CONSTRUCT { ?s nkg:supports ?o } WHERE { ?s nkg:supports ?o }")
    assert triples and set(triples[0]) == {"subject", "predicate", "object"}
    with pytest.raises(QueryError):
        g.query("SELECT WHERE {")


def test_entities(g: kg.KnowledgeGraph) -> None:
    haftar = g.entities("خليفه حفتر")
    assert len(haftar) == 1 and haftar[0]["label_en"] == "Khalifa Haftar" and haftar[0]["type"] == "Person"
    assert "حفتر" in haftar[0]["names"]
    people = g.entities(type="Person")
    assert people and all(r["type"] == "Person" for r in people)
    assert [r["mentions"] for r in people] == sorted((r["mentions"] for r in people), reverse=True)
    frame = g.entities(as_frame=True)
    assert list(frame.columns) == ["iri", "type", "label_ar", "label_en", "qid", "mentions", "names"]
    assert "Claim" not in set(frame["type"])


def test_relations(g: kg.KnowledgeGraph) -> None:
    sup = g.relations(predicate="supports")
    assert ("Russia", "Khalifa Haftar") in {(r["subject_label"], r["object_label"]) for r in sup}
    assert all(r["evidence"] and r["article"].endswith(SAMPLE_ID) for r in sup)
    both = g.relations(predicate=["supports", "denies"], modality="asserted")
    assert {r["predicate"] for r in both} == {"supports", "denies"}
    dated = g.relations(since="2023-08", until="2023-08")
    assert dated and all(r["date"].startswith("2023-08") for r in dated)
    assert not g.relations(since="2030")
    frame = g.relations(as_frame=True)
    assert len(frame) == g.counts()["events"]


def test_to_networkx_and_views(g: kg.KnowledgeGraph) -> None:
    G = g.to_networkx()
    assert isinstance(G, nx.MultiDiGraph) and G.number_of_edges() == g.counts()["events"]
    assert G.graph["article_dates"]
    G.clear()
    assert g.to_networkx().number_of_edges() > 0  # a fresh copy each call
    sub = g.subgraph(ego="Haftar", predicates="supports")
    assert sub.number_of_edges() >= 1
    pytest.importorskip("IPython")
    html = g.view(ego="حفتر", depth=1, height=300)
    assert "<iframe" in html.data


def test_validate(g: kg.KnowledgeGraph) -> None:
    conforms, report = g.validate()
    assert conforms, report


# --------------------------------------------------------------------------- writing


def test_adds_keep_one_writer_until_close(built: Path, tmp_path: Path) -> None:
    """The first add opens the store for writing and later adds and reads reuse that handle (no
    flush and reopen per add); meanwhile another build into the folder is refused, clearly; after
    close() it goes through and a new read sees everything."""
    from typer.testing import CliRunner

    from kg.cli import app

    out = tmp_path / "kg"
    shutil.copytree(built, out)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "lavrov-haftar-2024.txt").write_text(EXTRA, encoding="utf-8")
    (extra / "second.txt").write_text(
        EXTRA.replace("12 مارس", "14 مارس").replace("القاهرة", "الرباط"), encoding="utf-8"
    )
    g = kg.open(out)
    before = g.counts()["articles"]
    assert g.store.read_only
    assert g.add(extra / "lavrov-haftar-2024.txt", view=False).added
    writer = g.store
    assert not writer.read_only
    assert g.add(extra / "second.txt", view=False).added
    assert g.store is writer and g.counts()["articles"] == before + 2  # reads see the adds
    other = CliRunner().invoke(app, ["build", str(SAMPLE), "--out", str(out), "--no-view", "-q"])
    assert other.exit_code == 1 and "another process has it open for writing" in " ".join(other.output.split())
    g.close()
    other = CliRunner().invoke(app, ["build", str(extra), "--out", str(out), "--no-view", "-q"])
    assert other.exit_code == 0, other.output
    with kg.open(out) as again:
        assert again.store.read_only and again.counts()["articles"] == before + 2


def test_add_after_reads_then_remove(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "kg"
    shutil.copytree(built, out)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "lavrov-haftar-2024.txt").write_text(EXTRA, encoding="utf-8")
    with kg.open(out) as g:
        before = g.counts()
        assert g.relations()  # a read holds the read-only handle
        report = g.add(extra, view=False)
        assert report.added and g.counts()["articles"] == before["articles"] + 1
        assert "lavrov-haftar-2024" in {a["id"] for a in g.articles()}
        assert g.remove("lavrov-haftar-2024") is True
        assert g.remove("no-such-article") is False
        assert g.counts() == before
        assert g.remove(SAMPLE_ID) is True
        assert g.counts()["articles"] == 0 and not g.relations()
    assert (out / "graph.trig").exists()


def test_build_refuses_a_store_of_another_folder_or_read_only(built: Path, tmp_path: Path) -> None:
    from kg.build import build as run_build
    from kg.store import Store

    out = tmp_path / "kg"
    shutil.copytree(built, out)
    with Store.open_read_only(out / "store") as ro, pytest.raises(ValueError, match="open for writing"):
        run_build([SAMPLE], out, view=False, export=False, store=ro)
    with Store(out / "store") as rw, pytest.raises(ValueError, match="must be the store at"):
        run_build([SAMPLE], tmp_path / "elsewhere", view=False, export=False, store=rw)


def test_add_leaves_long_lived_objects_out_of_collections_while_it_runs(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """During an add the objects that existed before it are frozen (gen-2 collections over the
    process's names and lexicons took 0.3-0.5 s); after it they are not, and a caller's own
    freeze is left as it was."""
    import gc
    import importlib

    kb = importlib.import_module("kg.build")  # kg.build is also the name of the function
    out = tmp_path / "kg"
    shutil.copytree(built, out)
    seen: list[int] = []
    real = kb.build

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.get_freeze_count())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kb, "build", spy)
    extra = tmp_path / "lavrov-haftar-2024.txt"
    extra.write_text(EXTRA, encoding="utf-8")
    gc.unfreeze()
    with kg.open(out) as g:
        g.add(extra, view=False)
        assert seen[-1] > 0 and gc.get_freeze_count() == 0
        gc.freeze()
        frozen = gc.get_freeze_count()
        try:
            g.add(extra, view=False)  # unchanged: still a build
            # still frozen (the count only drops by the frozen objects freed meanwhile)
            assert seen[-1] > frozen // 2 and gc.get_freeze_count() > frozen // 2
        finally:
            gc.unfreeze()
