"""The ``kg`` command.

Exit codes: 0 success; 1 a usage or data error (message names the file);
2 the build finished but some inputs failed; 3 evaluation below a threshold.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .errors import NewsKGError

app = typer.Typer(
    name="kg",
    help="newskg: build a knowledge graph from Arabic and English news, query it, view it, score it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_PARTIAL = 2
EXIT_BELOW = 3


def _fail(msg: str, code: int = 1) -> typer.Exit:
    typer.echo(f"kg: error: {msg}", err=True)
    return typer.Exit(code)


def _store_dir(directory: Path) -> Path:
    store = directory / "store"
    if not store.exists():
        raise _fail(f"{directory}: no store here (run `kg build ... --out {directory}` first)")
    return store


@app.command()
def build(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help=".txt files, folders of them, JSONL files (one article a line), saved .html pages, "
            "RSS/Atom feeds (.xml/.rss/.atom) or WARC files (.warc/.warc.gz)."
        ),
    ] = None,
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="Output folder: store/, graph.trig, graph.ttl, graph.graphml, graph.html."),
    ] = Path("out"),
    no_view: Annotated[bool, typer.Option("--no-view", help="Skip the HTML view.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    urls: Annotated[
        Path | None,
        typer.Option("--urls", help="A file of URLs (one a line) to fetch politely; cached in OUT/cache."),
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Worker processes for extraction (same result as 1).")
    ] = 1,
    export: Annotated[
        bool | None,
        typer.Option(
            "--export/--no-export",
            help="Rewrite graph.trig, graph.ttl, graph.graphml (and graph.html) from the store. "
            "Default: only when OUT has no store yet; adding to a big store is much faster without "
            "(run `kg export OUT --format all` later).",
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="Extract on Dask distributed: a scheduler address (tcp://host:8786) or 'local' for a "
            "LocalCluster of --jobs workers; needs the 'distributed' extra (dask).",
        ),
    ] = None,
) -> None:
    """Extract entities and relations from articles into OUT (added to what is already there)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .build import build as run_build

    console = Console(stderr=True)
    if not paths and urls is None:
        raise _fail("give article paths, --urls FILE, or both")
    if export is None:
        export = not (out / "store").exists()
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=quiet,
            transient=True,
        ) as bar:
            task = bar.add_task("reading", total=None)
            kwargs: dict[str, Any] = {
                "progress": lambda n: bar.advance(task, n),
                # each stage restarts the bar: its name, and its number of articles when counted
                "stage": lambda name, total: bar.reset(task, total=total, description=name),
                "view": not no_view,
                "urls": urls,
                "jobs": jobs,
            }
            if dask is not None:
                from .distributed import build_on_dask

                report = build_on_dask(paths or [], out, dask, **kwargs)  # always exports
                export = True
            else:
                report = run_build(paths or [], out, export=export, **kwargs)
    except NewsKGError as exc:
        raise _fail(str(exc)) from exc
    from rich.markup import escape

    # file names and messages are data: escaped (a "[/]" in a name is not markup), never wrapped
    for p in report.problems:
        console.print(f"[yellow]skipped[/] {escape(str(p))}", soft_wrap=True)
    if quiet and report.duplicates:
        # a news archive repeats hundreds of pages: -q says how many, the full list is without -q
        n = len(report.duplicates)
        console.print(f"[cyan]duplicates[/] {n} article{'' if n == 1 else 's'} seen again, built once", soft_wrap=True)
    else:
        for source, kind, kept in report.duplicates:
            console.print(f"[cyan]duplicate[/] {escape(f'{source}: {kind} as {kept}')}; built once", soft_wrap=True)
    if not quiet:
        _print_summary(report, out)
        if not export:
            console.print(f"exports not rewritten (use --export, or `kg export {escape(str(out))} --format all`)")
    if report.problems:
        raise typer.Exit(EXIT_PARTIAL)


def _print_summary(report: object, out: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console()
    r = report
    con.print(
        f"[bold]{r.articles}[/] article(s): {len(r.added)} added, {len(r.replaced)} replaced, "  # type: ignore[attr-defined]
        f"{len(r.unchanged)} unchanged, {len(r.problems)} skipped"  # type: ignore[attr-defined]
    )
    t = Table(title="entities by type")
    t.add_column("type")
    t.add_column("count", justify="right")
    for k, v in r.entities_by_type.items():  # type: ignore[attr-defined]
        t.add_row(k, str(v))
    con.print(t)
    t = Table(title="relations (event nodes) by predicate")
    t.add_column("predicate")
    t.add_column("count", justify="right")
    for k, v in r.relations_by_predicate.items():  # type: ignore[attr-defined]
        t.add_row(k, str(v))
    con.print(t)
    for name, path in r.files.items():  # type: ignore[attr-defined]
        con.print(f"{name:8} {path}")


@app.command()
def query(
    directory: Annotated[Path, typer.Argument(help="A folder made by `kg build`.")],
    sparql: Annotated[str | None, typer.Argument(help="The SPARQL query (or use --file).")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from a .rq file.")] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="table, csv, tsv, json, xml; turtle/ntriples for CONSTRUCT.")
    ] = "table",
    explain: Annotated[bool, typer.Option("--explain", help="Show the prepared query instead of running it.")] = False,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE: set `VALUES ?NAME {...}` in the query.")
    ] = None,
) -> None:
    """Run a SPARQL query over the built graph (default graph = union of all graphs)."""
    from .store import Store, bind_values, format_results

    if file is not None:
        try:
            sparql = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise _fail(f"{file}: cannot read ({exc.strerror})") from exc
    if not sparql:
        raise _fail("give a query or --file FILE.rq")
    if param:
        values = {}
        for p in param:
            if "=" not in p:
                raise _fail(f"--param {p!r}: expected NAME=VALUE")
            k, v = p.split("=", 1)
            values[k] = v
        sparql = bind_values(sparql, values)
    try:
        with Store.open_read_only(_store_dir(directory)) as store:
            if explain:
                typer.echo(store.explain(sparql))
                return
            result = store.query(sparql)
            typer.echo(format_results(result, fmt))
    except NewsKGError as exc:
        raise _fail(str(exc)) from exc
    except (SyntaxError, ValueError, OSError) as exc:
        raise _fail(f"query failed: {exc}") from exc


@app.command("eval")
def evaluate_cmd(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold JSON files (e.g. ../shared/gold).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    article: Annotated[
        list[str] | None, typer.Option("--article", "-a", help="Only these articles (file stems).")
    ] = None,
    details: Annotated[bool, typer.Option("--details", help="List missed and wrong relations per article.")] = False,
    min_f1: Annotated[
        float | None, typer.Option("--min-f1", help="Exit 3 if overall relation F1 is below this.")
    ] = None,
) -> None:
    """Score extraction against hand-made gold files: P/R/F1 overall, per language, per predicate."""
    from .evaluate import evaluate

    try:
        report = evaluate(gold_dir, names=article)
    except NewsKGError as exc:
        raise _fail(str(exc)) from exc
    data = report.as_dict()
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_eval(data, details)
    if min_f1 is not None and data["overall"]["relations"]["f1"] < min_f1:
        raise typer.Exit(EXIT_BELOW)


def _print_eval(data: dict, details: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console()

    def row(t: Table, name: str, e: dict | None, r: dict) -> None:
        cells = [name]
        if e is not None:
            cells += [f"{e['precision']:.2f}", f"{e['recall']:.2f}", f"{e['f1']:.2f}"]
        cells += [f"{r['precision']:.2f}", f"{r['recall']:.2f}", f"{r['f1']:.2f}", f"{r['tp']}/{r['fp']}/{r['fn']}"]
        t.add_row(*cells)

    t = Table(title="newskg evaluation")
    for col in ("scope", "ent P", "ent R", "ent F1", "rel P", "rel R", "rel F1", "rel tp/fp/fn"):
        t.add_column(col, justify="right" if col != "scope" else "left")
    for a in data["articles"]:
        row(t, f"{a['language']} {a['article']}", a["entities"], a["relations"])
    for lg, d in data["by_language"].items():
        row(t, f"[bold]{lg} (all)[/]", d["entities"], d["relations"])
    row(t, "[bold]overall[/]", data["overall"]["entities"], data["overall"]["relations"])
    con.print(t)
    t = Table(title="relations by predicate")
    for col in ("predicate", "P", "R", "F1", "tp/fp/fn"):
        t.add_column(col)
    for p, r in data["by_predicate"].items():
        row(t, p, None, r)
    con.print(t)
    d = data["details"]
    con.print(
        f"on matched relations: date right {d['dates']['tp']} / wrong {d['dates']['fp']} / missing {d['dates']['fn']}; "
        f"attribution right {d['attribution']['tp']} / wrong {d['attribution']['fp']} / missing {d['attribution']['fn']}; "
        f"modality right {d['modality']['tp']} / wrong {d['modality']['fp']}"
    )
    if details:
        for a in data["articles"]:
            con.print(f"[bold]{a['article']}[/]")
            for m in a["missed"]:
                con.print(f"  [red]missed[/] {m}")
            for w in a["wrong"]:
                con.print(f"  [yellow]wrong[/]  {w}")


@app.command()
def view(
    directory: Annotated[Path, typer.Argument(help="A folder made by `kg build`.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="HTML file to write (default DIR/view.html).")] = None,
    ego: Annotated[str | None, typer.Option("--ego", help="Only this entity's neighbourhood (a name or IRI).")] = None,
    depth: Annotated[int, typer.Option("--depth", help="Neighbourhood depth for --ego.")] = 2,
    predicate: Annotated[
        str | None, typer.Option("--predicate", help="Only these predicates, comma-separated.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only events on or after this date (YYYY[-MM[-DD]]).")
    ] = None,
    until: Annotated[str | None, typer.Option("--until", help="Only events up to this date.")] = None,
    article: Annotated[str | None, typer.Option("--article", help="Only one article (id or IRI).")] = None,
    query_file: Annotated[
        Path | None, typer.Option("--query", help="Only the entities and events a SPARQL query returns.")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Label language shown first: ar or en.")] = "ar",
) -> None:
    """Write an interactive HTML view (offline, Arabic right-to-left) of the graph or a part of it."""
    from . import viz
    from .graph import to_networkx
    from .store import Store

    with Store.open_read_only(_store_dir(directory)) as store:
        G = to_networkx(store)
        if query_file is not None:
            G = _query_subgraph(store, G, query_file)
    try:
        G = viz.filter_view(G, ego=ego, depth=depth, predicates=predicate, since=since, until=until, article=article)
    except KeyError as exc:
        raise _fail(f"no entity matches {exc}") from exc
    path = viz.write_html(G, out or directory / "view.html", lang=lang)
    typer.echo(f"{path} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)")


def _query_subgraph(store: object, G: object, query_file: Path) -> object:
    """Keep the nodes and events whose IRIs a SELECT returns (or that a CONSTRUCT mentions)."""
    sparql = query_file.read_text(encoding="utf-8")
    result = store.query(sparql)  # type: ignore[attr-defined]
    iris: set[str] = set()
    for row in result:
        terms = row if isinstance(row, tuple) or hasattr(row, "subject") else row
        try:
            values = [row.subject, row.object] if hasattr(row, "subject") else list(terms)
        except TypeError:
            values = []
        for v in values:
            if v is not None and hasattr(v, "value"):
                iris.add(v.value)
    nodes = [n for n in G.nodes if n in iris]  # type: ignore[attr-defined]
    keep = set(nodes)
    H = G.subgraph(keep).copy()  # type: ignore[attr-defined]
    for u, v, k, d in G.edges(keys=True, data=True):  # type: ignore[attr-defined]
        if k in iris:
            H.add_node(u, **G.nodes[u])  # type: ignore[attr-defined]
            H.add_node(v, **G.nodes[v])  # type: ignore[attr-defined]
            H.add_edge(u, v, key=k, **d)
    return H


@app.command()
def entities(
    directory: Annotated[Path, typer.Argument(help="A folder made by `kg build`.")],
    name: Annotated[
        str | None, typer.Option("--name", help="Only entities with this name (any language, normalised).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many rows.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """List entities with their names, types, QIDs, mention counts and where each name came from."""
    from .store import Store
    from .text import normalize

    rows = []
    with Store.open_read_only(_store_dir(directory)) as store:
        for r in store.select(
            """SELECT ?e ?t ?mc (GROUP_CONCAT(DISTINCT ?l; separator=" | ") AS ?labels)
                      (SAMPLE(?q) AS ?qid) WHERE {
                 ?e a nkg:Entity ; a ?t ; nkg:mentionCount ?mc .
                 FILTER(?t IN (nkg:Person, nkg:Organization, nkg:Location, nkg:NamedEvent))
                 { ?e rdfs:label ?l } UNION { ?e skos:altLabel ?l }
                 OPTIONAL { ?e nkg:qid ?q } } GROUP BY ?e ?t ?mc ORDER BY DESC(?mc) ?e""",
            use_default_graph_as_union=False,
        ):
            names = [n for n in str(r["labels"]).split(" | ") if n]
            if name and not any(normalize(name) in normalize(n) for n in names):
                continue
            item = {
                "iri": r["e"],
                "type": str(r["t"]).rsplit("#", 1)[-1],
                "qid": r["qid"] or "",
                "mentions": r["mc"],
                "names": names,
            }
            if name:
                item["aliases"] = _aliases(store, r["e"])
            rows.append(item)
            if len(rows) >= limit:
                break
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    t = Table()
    for col in ("type", "mentions", "qid", "names", "iri"):
        t.add_column(col)
    for item in rows:
        t.add_row(item["type"], str(item["mentions"]), item["qid"], " | ".join(item["names"][:6]), item["iri"])
    Console().print(t)
    if name:
        for item in rows:
            for a in item.get("aliases", []):
                typer.echo(f"  {a['name']}  [{a['article']}]  {a['reason']}")


def _aliases(store: object, iri: str) -> list[dict[str, str]]:
    from .store import sparql_term

    q = (
        "SELECT DISTINCT ?n ?art ?why WHERE { GRAPH ?g { "
        + sparql_term(iri)
        + " nkg:alias ?a . ?a nkg:name ?n ; nkg:article ?art ; nkg:mergeReason ?why } } ORDER BY ?art ?n"
    )
    return [
        {"name": a["n"], "article": str(a["art"]).rsplit("/", 1)[-1], "reason": a["why"]}
        for a in store.select(q)  # type: ignore[attr-defined]
    ]


@app.command()
def validate(directory: Annotated[Path, typer.Argument(help="A folder made by `kg build`.")]) -> None:
    """Check the graph against the SHACL shapes in ontologies/shapes.ttl."""
    from .store import Store

    with Store.open_read_only(_store_dir(directory)) as store:
        ok, text = store.validate()
    typer.echo(text if not ok else "conforms: the graph satisfies every shape")
    if not ok:
        raise typer.Exit(1)


@app.command()
def export(
    directory: Annotated[Path, typer.Argument(help="A folder made by `kg build`.")],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="trig, nquads, turtle, ntriples, jsonld or graphml; 'all' rewrites the files `kg build` writes "
            "(graph.trig, graph.ttl, graph.graphml, and graph.html if there is one).",
        ),
    ] = "trig",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="File to write (default DIR/graph.<ext>).")] = None,
) -> None:
    """Export the graph from the store in another format (or rewrite every export: --format all)."""
    from .graph import to_networkx, write_graphml
    from .store import Store

    ext = {"trig": "trig", "nquads": "nq", "turtle": "ttl", "ntriples": "nt", "jsonld": "jsonld", "graphml": "graphml"}
    if fmt == "all":
        from .build import export_all

        if out is not None:
            raise _fail("--format all writes DIR/graph.*; --out does not apply")
        with Store.open_read_only(_store_dir(directory)) as store:
            files = export_all(store, directory, view=(directory / "graph.html").exists())
        for path in files.values():
            typer.echo(str(path))
        return
    if fmt not in ext:
        raise _fail(f"--format {fmt!r}: choose one of all, {', '.join(ext)}")
    dest = out or directory / f"graph.{ext[fmt]}"
    with Store.open_read_only(_store_dir(directory)) as store:
        path = write_graphml(to_networkx(store), dest) if fmt == "graphml" else store.export(fmt, dest)
    typer.echo(str(path))


@app.command()
def remove(
    directory: Annotated[Path, typer.Argument(help="A folder made by `kg build`.")],
    article_id: Annotated[list[str], typer.Argument(help="Article id(s) (or IRIs) to remove.")],
) -> None:
    """Remove articles and every fact that only they supported; re-export the files."""
    from .build import export_all, remove_articles
    from .store import Store

    with Store(_store_dir(directory)) as store:
        removed = remove_articles(store, directory, article_id)
        missing = sorted(set(article_id) - {r.rsplit("/", 1)[-1] for r in removed} - set(removed))
        export_all(store, directory)
    typer.echo(f"removed {len(removed)} article(s)")
    if missing:
        raise _fail(f"not in the store: {', '.join(missing)}")


@app.command()
def serve(
    directory: Annotated[Path, typer.Argument(help="A folder made by `kg build`.")],
    host: Annotated[str, typer.Option(help="Interface to bind (loopback unless you say otherwise).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 7878,
    timeout: Annotated[float, typer.Option(help="Per-query time limit, seconds.")] = 10.0,
    max_results: Annotated[int, typer.Option(help="Rows returned at most.")] = 10000,
    workers: Annotated[int | None, typer.Option(help="Warm query workers (default max(2, CPUs)).")] = None,
    max_queue: Annotated[int, typer.Option(help="Requests that may wait for a worker before 503.")] = 64,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 Protocol endpoint."""
    from .server import serve as run

    pool: dict[str, Any] = {"max_queue": max_queue}
    if workers is not None:
        pool["workers"] = workers
    run(_store_dir(directory), host=host, port=port, timeout_s=timeout, max_results=max_results, **pool)


def main() -> None:
    """Console entry point."""
    try:
        app()
    except NewsKGError as exc:
        typer.echo(f"kg: error: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
