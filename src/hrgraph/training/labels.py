"""Label mappings from the source corpora to hrgraph's four labels PER, ORG, LOC, MISC.

Keys are upper-cased, with ``-`` replaced by ``_``; a label missing from a
mapping becomes outside (``O``). See the model card for the reasoning.
"""

from __future__ import annotations

LABELS = ("PER", "ORG", "LOC", "MISC")

#: GermEval 2014 (NoSta-D), outer spans. ``*DERIV`` ("deutsche") and ``*PART``
#: ("EU-weit") spans are not names of entities and become O.
GERMEVAL = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "OTH": "MISC"}

#: WikiANN (PAN-X) has no MISC.
WIKIANN = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}

#: DFKI SmartData and MobIE share one type system. Streets and stops are places
#: (as in GermEval); routes ("A 7", "S1"), positions, dates, numbers etc. are O.
DFKI = {
    "PERSON": "PER",
    "ORGANIZATION": "ORG",
    "ORGANIZATION_COMPANY": "ORG",
    "LOCATION": "LOC",
    "LOCATION_CITY": "LOC",
    "LOCATION_STREET": "LOC",
    "LOCATION_STOP": "LOC",
}

#: The SmartData evaluation counts only these gold types (as agreed in issue 3);
#: predictions that overlap a gold mention of any other type are ignored.
DFKI_EVAL = {
    "PERSON": "PER",
    "ORGANIZATION": "ORG",
    "ORGANIZATION_COMPANY": "ORG",
    "LOCATION": "LOC",
    "LOCATION_CITY": "LOC",
}


def normalise(label: str) -> str:
    """``location-city`` and ``LOCATION_CITY`` both become ``LOCATION_CITY``."""
    return label.strip().upper().replace("-", "_")


def map_label(label: str, mapping: dict[str, str]) -> str | None:
    """The hrgraph label for a source label, or ``None`` for outside."""
    return mapping.get(normalise(label))
