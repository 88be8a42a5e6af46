"""A self-contained HTML report of a run: summary tables, top organisations, regions, pictures."""

from __future__ import annotations

import base64
import html
import io
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd

from hrgraph.analysis.centrality import centrality_table
from hrgraph.analysis.communities import collaboration_communities, community_membership
from hrgraph.analysis.plots import (network_html, plot_collaboration_network, plot_region_matrix, plot_timeline,
                                    plot_top_organisations)
from hrgraph.analysis.projection import collaboration_graph
from hrgraph.analysis.regions import bridge_organisations, region_matrix, unplaced_organisations
from hrgraph.analysis.timeline import collaboration_timeline
from hrgraph.graph import CONTRACT_FILES, load_graph
from hrgraph.outputs import run_folder, temporary_path

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .6em}
th{background:#f3f3f3;text-align:left}td{text-align:right}td:first-child,th:first-child{text-align:left}
img{max-width:100%;height:auto}.cols{display:flex;gap:2em;flex-wrap:wrap}.muted{color:#777}
iframe{width:100%;height:720px;border:1px solid #ccc}
"""


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return f'<img alt="" src="data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}">'


def _table(frame: pd.DataFrame, index=True) -> str:
    """``frame`` as HTML; tables of organisations pass ``index=False``: their index holds internal ids."""
    return frame.to_html(index=index, border=0, float_format=lambda x: f"{x:.3g}", na_rep="–")


def _counts(counter: Counter, label: str) -> str:
    frame = pd.DataFrame(sorted(counter.items()), columns=[label, "Anzahl"])
    return _table(frame, index=False)


def _sections(G: nx.MultiDiGraph, interactive: bool) -> list[tuple[str, str]]:
    C = collaboration_graph(G)
    node_types = Counter(t for _n, t in G.nodes(data="type") if t != "DOCUMENT")
    statuses = Counter(s or "unbekannt" for _n, t, s in
                       ((n, d.get("type"), d.get("status")) for n, d in G.nodes(data=True)) if t == "DOCUMENT")
    relations = Counter(k for _u, _v, k in G.edges(keys=True) if k != "MENTIONS")
    summary = (f'<div class="cols"><div><h3>Dokumente</h3>{_counts(statuses, "Status")}</div>'
               f'<div><h3>Entitäten</h3>{_counts(node_types, "Typ")}</div>'
               f'<div><h3>Beziehungen</h3>{_counts(relations, "Typ")}</div></div>'
               f"<p>Kooperationsnetz: {C.number_of_nodes()} Organisationen, {C.number_of_edges()} Kooperationen "
               f"(COLLABORATES_WITH), {len({r for _n, r in C.nodes(data='region') if r})} Regionen.</p>")
    if C.number_of_edges() == 0:
        return [("Überblick", summary), ("Kooperationen", '<p class="muted">Keine Kooperationen gefunden.</p>')]
    table = centrality_table(C)
    top = table.head(15).rename(columns={"name": "Organisation", "region": "Region", "partners": "Partner",
                                         "evidence": "Belege", "degree_centrality": "Grad-Zentralität",
                                         "betweenness": "Betweenness"})
    matrix = region_matrix(C)
    unplaced = unplaced_organisations(C)
    by_kreis = region_matrix(C, level="kreis")
    by_named_region = region_matrix(C, level="region")
    bridges = bridge_organisations(C).head(15)
    bridges = bridges.assign(partner_regions=bridges["partner_regions"].map(", ".join)).rename(columns={
        "name": "Organisation", "region": "Region", "partner_regions": "Partnerregionen",
        "n_partner_regions": "Partnerregionen (Anzahl)", "partners": "Partner",
        "cross_region_partners": "Partner anderer Regionen"})
    communities = collaboration_communities(C)
    nx.set_node_attributes(C, community_membership(communities), "community")
    community_rows = pd.DataFrame(
        [{"Gemeinschaft": i, "Organisationen": len(c),
          "Mitglieder": ", ".join(sorted(C.nodes[n]["name"] for n in c)[:12]) + (" …" if len(c) > 12 else "")}
         for i, c in enumerate(communities[:15])])
    timeline = collaboration_timeline(C)
    sections = [
        ("Überblick", summary),
        ("Kooperationsnetz", _png(plot_collaboration_network(C, title="Kooperationsnetz nach Region"))),
        ("Top-Organisationen", _table(top, index=False) + _png(plot_top_organisations(table))),
        ("Regionen", "<p>Anzahl kooperierender Organisationspaare je Paar von Ländern (Ebene Land; Einrichtungen "
                     "des Bundes, der EU und internationale als eigene Zeile; Diagonale: innerhalb einer Region). "
                     f"{len(unplaced)} von {C.number_of_nodes()} kooperierenden Organisationen haben keinen Ort "
                     "und fehlen in der Matrix.</p>"
                     + (_table(matrix) + _png(plot_region_matrix(matrix)) if len(matrix) else '<p class="muted">Keine.</p>')
                     + "<h3>Kreise</h3>" + (_table(by_kreis) if len(by_kreis) else '<p class="muted">Keine.</p>')
                     + "<h3>Benannte Regionen</h3><p>Metropolregionen und Regionsnamen (Metropole Ruhr, "
                     "Ostwestfalen-Lippe, …), in denen Organisationen liegen.</p>"
                     + (_table(by_named_region) if len(by_named_region) else '<p class="muted">Keine.</p>')),
        ("Brücken zwischen Regionen", "<p>Organisationen, deren Partner in mindestens zwei Regionen liegen.</p>"
         + (_table(bridges, index=False) if len(bridges) else '<p class="muted">Keine.</p>')),
        ("Gemeinschaften (Louvain)", _table(community_rows, index=False)
         + _png(plot_collaboration_network(C, color_by="community", title="Gemeinschaften"))),
        ("Zeitverlauf", _png(plot_timeline(timeline)) if len(timeline)
         else '<p class="muted">Keine datierten Kooperationen.</p>'),
    ]
    if interactive:
        sections.append(("Interaktives Netz", f'<iframe srcdoc="{html.escape(network_html(G))}"></iframe>'))
    return sections


def write_report(outdir, interactive=False) -> Path:
    """Write ``outdir/report.html`` for the run in `outdir` and return its path.

    The page needs no other file: pictures are embedded as base64 PNGs, and with `interactive`
    the pyvis network (vis.js inlined) is embedded too, which adds about 0.7 MB. Raises
    ``FileNotFoundError`` if `outdir` holds none of the output-contract files.

    Examples
    --------
    >>> import shutil, tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> _ = shutil.copytree(Path("tests/data/sample_output"), out, dirs_exist_ok=True)
    >>> write_report(out).name
    'report.html'
    """
    outdir = run_folder(outdir)  # the report belongs to the run it describes: OUT/report.html links there
    if not any((outdir / name).exists() for name in CONTRACT_FILES):
        raise FileNotFoundError(f"{outdir} holds no run: none of {', '.join(CONTRACT_FILES)}")
    G = load_graph(outdir)
    body = "\n".join(f"<h2>{html.escape(title)}</h2>\n{content}" for title, content in _sections(G, interactive))
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    page = (f'<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8"><title>hrgraph-Bericht</title>'
            f"<style>{STYLE}</style></head><body>\n<h1>hrgraph-Bericht</h1>\n"
            f'<p class="muted">Ausgabe: {html.escape(str(outdir))} · erstellt {stamp}</p>\n{body}\n</body></html>\n')
    path, tmp = outdir / "report.html", temporary_path(outdir / "report.html")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(path)
    return path
