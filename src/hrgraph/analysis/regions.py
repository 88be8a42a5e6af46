"""Collaboration across regions."""

from __future__ import annotations

import networkx as nx  # noqa: F401  (used by the doctest examples)
import pandas as pd

UNKNOWN_REGION = "(unbekannt)"


def bridge_organisations(C, min_regions=2):
    """Organisations whose collaboration partners lie in at least `min_regions` regions.

    `C` is an undirected collaboration graph whose nodes carry ``region`` (partners without a
    region are not counted). One row per bridge, indexed by node id, widest reach first, with
    ``partner_regions`` (sorted list), ``n_partner_regions``, ``partners`` and
    ``cross_region_partners`` (partners in a region other than the organisation's own).

    Examples
    --------
    >>> C = nx.star_graph(3)
    >>> nx.set_node_attributes(C, {0: "Ruhr", 1: "Ruhr", 2: "OWL", 3: None}, "region")
    >>> bridge_organisations(C)[["partner_regions", "cross_region_partners"]]
      partner_regions  cross_region_partners
    0     [OWL, Ruhr]                      1
    """
    rows = {}
    for n in C:
        own = C.nodes[n].get("region")
        regions = [C.nodes[m].get("region") for m in C[n]]
        known = sorted({r for r in regions if r})
        if len(known) >= min_regions:
            rows[n] = {"name": C.nodes[n].get("name", n), "region": own, "partner_regions": known,
                       "n_partner_regions": len(known), "partners": len(regions),
                       "cross_region_partners": sum(1 for r in regions if r and r != own)}
    columns = ["name", "region", "partner_regions", "n_partner_regions", "partners", "cross_region_partners"]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    return table.sort_values(["n_partner_regions", "cross_region_partners"], ascending=False, kind="stable")


def region_matrix(C, weight=None, unknown=UNKNOWN_REGION):
    """Region × region matrix of collaborations.

    Cell ``(a, b)`` counts the edges of `C` between an organisation in region ``a`` and one in
    region ``b`` (or sums their `weight` attribute if given); the matrix is symmetric and the
    diagonal holds collaborations within a region. Organisations without a region are put under
    `unknown`. Rows and columns are sorted by name.

    Examples
    --------
    >>> C = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> nx.set_node_attributes(C, {"a": "Ruhr", "b": "Ruhr", "c": "OWL", "d": "OWL"}, "region")
    >>> region_matrix(C)
          OWL  Ruhr
    OWL     1     1
    Ruhr    1     1
    """
    def region(n):
        return C.nodes[n].get("region") or unknown

    regions = sorted({region(n) for n in C})
    matrix = pd.DataFrame(0, index=regions, columns=regions, dtype=float if weight else int)
    for u, v, w in C.edges(data=weight, default=1):
        a, b = region(u), region(v)
        matrix.loc[a, b] += w if weight else 1
        if a != b:
            matrix.loc[b, a] += w if weight else 1
    return matrix
