"""``regiograph view`` and ``regiograph site``: web pages of the built graph.

``view`` writes one self-contained page and prints the iframe snippet that embeds it (stdout:
the snippet is the data); ``site`` writes a static site. Messages go to stderr."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from regiograph.cli.console import BUILD, PROJECTIONS, choose, err, open_built, progress
from regiograph.model.style import ColorBy, SizeBy

if TYPE_CHECKING:
    from regiograph.store.embedded import GraphStore

__all__ = ["register", "site", "view"]

#: :data:`regiograph.publish.viewmodel.AGGREGATE_ABOVE`, repeated so that the command line starts without
#: importing networkx and numpy (a test keeps the two equal).
AGGREGATE_ABOVE = 5000


def register(app: typer.Typer) -> None:
    """Add ``view`` and ``site`` to the ``regiograph`` command."""
    app.command("view")(view)
    app.command("site")(site)


def view(
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="The HTML file to write (one self-contained page).")],
    focus: Annotated[str | None, typer.Option(
        "--focus", help="A stakeholder (id or name): show its neighbourhood instead of the "
        "whole graph.")] = None,
    depth: Annotated[int, typer.Option(
        "--depth", min=0, help="How many links from --focus the neighbourhood reaches.")] = 1,
    projection: Annotated[str, typer.Option(
        "--projection", "-p", help=f"The graph to show: {PROJECTIONS}.")] = "stakeholders",
    color_by: Annotated[str, typer.Option(
        "--color-by", metavar="kind|sector|community", help="What the colours show.")
    ] = ColorBy.KIND.value,
    size_by: Annotated[str, typer.Option(
        "--size-by", metavar="pagerank|degree|betweenness",
        help="The centrality that sizes the nodes.")] = SizeBy.PAGERANK.value,
    title: Annotated[str | None, typer.Option(
        "--title", help="The page's title [default: the stakeholder's name, or the region's "
        "projection].")] = None,
    aggregate_above: Annotated[int | None, typer.Option(
        "--aggregate-above", min=0, show_default=False,
        help="Show a view of more nodes than this as one node per community, each opened on "
        f"demand [default: {AGGREGATE_ABOVE}].")] = None,
    build_dir: Annotated[Path, BUILD] = Path("build"),
) -> None:
    """Write an interactive view of the graph as one HTML page that needs no other file and no
    network, and print the iframe snippet that embeds it."""
    from regiograph.publish.render import view as render_view

    colours = ColorBy(choose(color_by, [c.value for c in ColorBy], "--color-by value"))
    sizes = SizeBy(choose(size_by, [s.value for s in SizeBy], "--size-by value"))
    start = time.perf_counter()
    page = render_view(_load(build_dir), projection=projection, focus=focus, depth=depth,
                       color_by=colours, size_by=sizes, title=title,
                       aggregate_above=AGGREGATE_ABOVE if aggregate_above is None else aggregate_above)
    page.save(out)
    typer.echo(page.embed(out.name))
    groups = f" in {len(page.model.groups)} communities" if page.model.groups else ""
    err.print(f"wrote {out} ({len(page.html.encode()) / 1e6:.2f} MB): {len(page.model.nodes)} "
              f"nodes{groups}, {len(page.model.edges)} links in {time.perf_counter() - start:.2f} s",
              markup=False, highlight=False)


def site(
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="The site's folder, replaced as a whole when every page is written.")
    ] = Path("site"),
    title: Annotated[str | None, typer.Option(
        "--title", show_default=False, help="The region's name, for the index [default: the "
        "name of the region's place of kind region, in its data].")] = None,
    build_dir: Annotated[Path, BUILD] = Path("build"),
    downloads: Annotated[bool, typer.Option(
        "--downloads/--no-downloads", help="Whether the site offers the graph's exports for "
        "download (leave them out when they are published elsewhere).")] = True,
) -> None:
    """Write a static site: the region's view, a page per stakeholder, collaboration and source
    document, the ontology, the query library with results, and the downloads. It works from
    file:// and from any static host."""
    from regiograph.publish.site import write_site

    start = time.perf_counter()
    with progress("writing the site") as say:
        result = write_site(_load(build_dir), out, title=title, build_dir=build_dir, progress=say,
                            downloads=downloads)
    err.print(f"wrote {out}/ in {time.perf_counter() - start:.2f} s: {len(result.pages)} pages, "
              f"{len(result.files)} files, {result.bytes / 1e6:.1f} MB; open {out / 'index.html'}",
              markup=False, highlight=False)


def _load(build_dir: Path) -> GraphStore:
    return open_built(build_dir)
