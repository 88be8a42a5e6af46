"""Language data loaded from ``resources/de``: word lists live there, not in code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

RESOURCES = Path(__file__).resolve().parents[1] / "resources" / "de"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader in C where libyaml is there: ten times faster on the resources, same data."""


def read_yaml(name: str) -> dict:
    return yaml.load((RESOURCES / name).read_text(encoding="utf-8"), Loader=SAFE_LOADER)


def read_tsv(name: str) -> dict[str, str]:
    rows = {}
    for line in (RESOURCES / "gazetteers" / name).read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("\t")
        if key:
            rows[key] = value
    return rows


def read_lines(name: str) -> frozenset[str]:
    text = (RESOURCES / "gazetteers" / name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def compact_name(text: str) -> str:
    """A name with single spaces and none around "/" or before "," and ".": "Bündnis 90 / Die Grünen" →
    "Bündnis 90/Die Grünen"."""
    return re.sub(r"\s+([,.])", r"\1", re.sub(r"\s*/\s*", "/", " ".join(text.split())))


def party_spellings(parties: dict[str, list[str]]) -> dict[str, str]:
    """Each spelling of a party (its canonical name too) and the same in capitals ("DIE LINKEN"), compacted, →
    the canonical name."""
    return {compact_name(form): canonical for canonical, spellings in parties.items()
            for spelling in [canonical, *(spellings or [])] for form in (spelling, spelling.upper())}


@dataclass(frozen=True)
class Lexicon:
    """All German language data the rules use."""

    org_heads: tuple[str, ...]
    org_generic_heads: frozenset[str]
    appositive_kinds: tuple[str, ...]
    named_kinds: tuple[str, ...]
    unit_heads: frozenset[str]
    head_genders: dict[str, str]
    feminine_endings: tuple[str, ...]
    authority_kinds: frozenset[str]
    plural_kinds: dict[str, str]
    kreis_names: frozenset[str]
    landkreis_names: frozenset[str]
    locative_prepositions: frozenset[str]
    appositive_complement_openers: frozenset[str]
    appositive_genitive_articles: frozenset[str]
    definite_articles: frozenset[str]
    org_standalone_heads: frozenset[str]
    complement_openers: frozenset[str]
    genitive_complement_heads: tuple[str, ...]
    genitive_complement_openers: frozenset[str]
    owned_office_heads: tuple[str, ...]
    generic_office_bodies: frozenset[str]
    governing_bodies: tuple[str, ...]
    announcing_adjectives: frozenset[str]
    known_names: frozenset[str]
    national_heads: frozenset[str]
    foreign_heads: frozenset[str]
    complement_joiners: frozenset[str]
    definition_joiners: frozenset[str]
    org_compound_heads: frozenset[str]
    org_generic_compound_bodies: tuple[str, ...]
    org_enterprise_bodies: frozenset[str]
    abbreviation_heads: frozenset[str]
    stop_words: frozenset[str]
    name_breaks: frozenset[str]
    noun_endings: tuple[str, ...]
    street_endings: tuple[str, ...]
    place_abbreviations: dict[str, str]
    head_abbreviations: dict[str, str]
    district_words: frozenset[str]
    common_nouns: frozenset[str]
    legal_forms: tuple[tuple[str, ...], ...]
    titles: frozenset[str]
    roles: frozenset[str]
    government_roles: frozenset[str]
    local_government_roles: dict[str, frozenset[str]]
    local_government_role_heads: dict[str, frozenset[str]]
    possessive_relatives: frozenset[str]
    street_words: tuple[str, ...]
    adverb_endings: tuple[str, ...]
    articles: frozenset[str]
    project_heads: tuple[str, ...]
    bare_project_heads: frozenset[str]
    project_keep_heads: frozenset[str]
    compound_event_heads: frozenset[str]
    project_name_heads: frozenset[str]
    project_topic_words: frozenset[str]
    example_cues: tuple[str, ...]
    document_kinds: tuple[str, ...]
    event_words: tuple[str, ...]
    event_code: re.Pattern
    alias_cues: frozenset[str]
    max_quoted_tokens: int
    speech_verbs: frozenset[str]
    publication_kinds: tuple[str, ...]
    partner_cues: tuple[str, ...]
    membership_cues: tuple[str, ...]
    membership_copulas: frozenset[str]
    group_cues: tuple[str, ...]
    between_cues: tuple[str, ...]
    project_role_cues: tuple[str, ...]
    action_cues: tuple[str, ...]
    contact_cues: tuple[str, ...]
    participation_cues: tuple[str, ...]
    role_heads: tuple[str, ...]
    relation_patterns: dict[str, str]
    affiliation_prepositions: frozenset[str]
    affiliation_verbs: tuple[str, ...]
    signature_cues: frozenset[str]
    place_after: frozenset[str]
    parties: dict[str, str]
    party_first_words: frozenset[str]
    ambiguous_party_spellings: frozenset[str]
    fraction_ending: str
    council_prefixes: frozenset[str]
    fraction_joiners: frozenset[str]
    party_list_joiners: frozenset[str]
    group_words: frozenset[str]
    places: dict[str, str]
    laender: dict[str, str]
    land_adjectives: dict[str, str]
    public_bodies: dict[str, str]
    given_names: frozenset[str]
    surname_nouns: frozenset[str]
    english_words: frozenset[str]
    months: dict[str, int]
    year_range: tuple[int, int]
    year_blockers_before: str
    month_range_joiners: tuple[str, ...]
    numeric_month_cues: tuple[str, ...]
    year_parts: tuple[str, ...]
    identifier_cues: tuple[str, ...]
    law_abbreviations: frozenset[str]
    law_citation_before: re.Pattern
    place_prefixes: frozenset[str]
    code_characters: str
    plain_capital_words: frozenset[str]
    noun_acronyms: frozenset[str]
    document_parts: frozenset[str]
    numeric_row_share: float
    numeric_row_min_numbers: int


def kreis_register_names() -> frozenset[str]:
    """The Kreise of the municipality register (its fourth column names each municipality's Kreis), without the
    register's suffix of towns that are a Kreis of their own ("Bochum, Stadt") and bracketed qualifiers."""
    rows = (line.split("\t") for line in (RESOURCES / "gazetteers" / "municipalities.tsv").read_text(encoding="utf-8").splitlines())
    return frozenset(re.sub(r"\s*\(.*\)$", "", row[3].split(",")[0]).strip() for row in rows if len(row) > 3)


def self_named_kreise() -> frozenset[str]:
    """Kreise whose name says it is a Kreis ("Hochsauerlandkreis", "Rhein-Sieg-Kreis", "Märkischer Kreis")."""
    return frozenset(name for name in kreis_register_names() if name.lower().endswith("kreis"))


def region_places(places: dict, org_heads: list[str]) -> dict[str, str]:
    """The regions of places.yml as places without a Land: its `regions`, and the aliases of its named regions that
    are not bodies' names (no region or organisation head in them: "Rhein-Main", not "Regionalverband Ruhr")."""
    heads = tuple(head.lower() for head in places["region_heads"] + org_heads)
    aliases = [alias for region in places["named_regions"] for alias in region["aliases"]]
    return {name: "" for name in places["regions"] + aliases
            if not any(word.lower().endswith(heads) for word in re.split(r"[\s-]+", name))}


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    orgs = read_yaml("organisations.yml")
    persons = read_yaml("persons.yml")
    projects = read_yaml("projects.yml")
    relations = read_yaml("relations.yml")
    dates = read_yaml("dates.yml")
    legal = read_yaml("legal_forms.yml")
    parties = read_yaml("parties.yml")
    not_org = orgs["not_organisation"]
    spellings = party_spellings(parties["parties"])
    return Lexicon(
        org_heads=tuple(sorted(orgs["heads"], key=len, reverse=True)),
        org_generic_heads=frozenset(orgs["generic_heads"]),
        appositive_kinds=tuple(sorted(orgs["appositive_kinds"], key=len, reverse=True)),
        named_kinds=tuple(sorted(orgs["named_kinds"], key=len, reverse=True)),
        unit_heads=frozenset(orgs["unit_heads"]),
        head_genders={head: gender for gender in ("masculine", "neuter") for head in orgs[f"{gender}_heads"]},
        feminine_endings=tuple(orgs["feminine_endings"]),
        authority_kinds=frozenset(orgs["authority_kinds"]),
        plural_kinds=dict(orgs["plural_kinds"]),
        kreis_names=self_named_kreise(),
        landkreis_names=kreis_register_names(),
        locative_prepositions=frozenset(orgs["locative_prepositions"]),
        appositive_complement_openers=frozenset(orgs["appositive_complement_openers"]),
        appositive_genitive_articles=frozenset(orgs["appositive_genitive_articles"]),
        definite_articles=frozenset(orgs["definite_articles"]),
        org_standalone_heads=frozenset(orgs["standalone_heads"]),
        complement_openers=frozenset(orgs["complement_openers"]),
        genitive_complement_heads=tuple(orgs["genitive_complement_heads"]),
        genitive_complement_openers=frozenset(orgs["genitive_complement_openers"]),
        owned_office_heads=tuple(orgs["owned_office_heads"]),
        generic_office_bodies=frozenset(orgs["generic_office_bodies"]),
        governing_bodies=tuple(orgs["governing_bodies"]),
        announcing_adjectives=frozenset(orgs["announcing_adjectives"]),
        known_names=frozenset(orgs["known_names"]),
        national_heads=frozenset(orgs["national_heads"]),
        foreign_heads=frozenset(orgs["foreign_heads"]),
        complement_joiners=frozenset(orgs["complement_joiners"]),
        definition_joiners=frozenset(orgs["definition_joiners"]),
        org_compound_heads=frozenset(orgs["compound_heads"]),
        org_generic_compound_bodies=tuple(sorted(orgs["generic_compound_bodies"], key=len, reverse=True)),
        org_enterprise_bodies=frozenset(orgs["enterprise_bodies"]),
        abbreviation_heads=frozenset(orgs["abbreviation_heads"]),
        stop_words=frozenset(orgs["stop_words"]),
        name_breaks=frozenset(orgs["name_breaks"]),
        noun_endings=tuple(orgs["noun_endings"]),
        street_endings=tuple(orgs["street_endings"]),
        place_abbreviations=dict(orgs["place_abbreviations"]),
        head_abbreviations=dict(orgs["head_abbreviations"]),
        district_words=frozenset(orgs["district_words"]),
        common_nouns=read_lines("common_nouns.txt"),
        legal_forms=tuple(sorted((tuple(f.split()) for f in legal["legal_forms"]), key=len, reverse=True)),
        titles=frozenset(persons["titles"]),
        roles=frozenset(persons["roles"]),
        government_roles=frozenset(persons["government_roles"]),
        local_government_roles={role: frozenset(kinds) for role, kinds in persons["local_government_roles"].items()},
        local_government_role_heads={head: frozenset(kind for group in groups for kind in group)
                                     for head, groups in persons["local_government_role_heads"].items()},
        possessive_relatives=frozenset(persons["possessive_relatives"]),
        street_words=tuple(persons["street_words"]),
        adverb_endings=tuple(persons["adverb_endings"]),
        articles=frozenset(persons["articles"]),
        project_heads=tuple(sorted(projects["heads"], key=len, reverse=True)),
        bare_project_heads=frozenset(projects["bare_project_heads"]),
        project_keep_heads=frozenset(projects["keep_head"]),
        compound_event_heads=frozenset(projects["compound_event_heads"]),
        project_name_heads=frozenset(projects["name_heads"]),
        project_topic_words=frozenset(projects["topic_words"]),
        example_cues=tuple(projects["example_cues"]),
        document_kinds=tuple(projects["document_kinds"]),
        event_words=tuple(projects["event_words"]),
        event_code=re.compile(projects["event_code"]),
        alias_cues=frozenset(projects["alias_cues"]),
        max_quoted_tokens=int(projects["max_quoted_tokens"]),
        speech_verbs=frozenset(projects["speech_verbs"]),
        publication_kinds=tuple(projects["publication_kinds"]),
        partner_cues=tuple(relations["partner_cues"]),
        membership_cues=tuple(relations["membership_cues"]),
        membership_copulas=frozenset(relations["membership_copulas"]),
        group_cues=tuple(relations["group_cues"]),
        between_cues=tuple(relations["between_cues"]),
        project_role_cues=tuple(relations["project_role_cues"]),
        action_cues=tuple(relations["action_cues"]),
        contact_cues=tuple(relations["contact_cues"]),
        participation_cues=tuple(relations["participation_cues"]),
        role_heads=tuple(relations["role_heads"]),
        relation_patterns=dict(relations["patterns"]),
        affiliation_prepositions=frozenset(relations["affiliation_prepositions"]),
        affiliation_verbs=tuple(relations["affiliation_verbs"]),
        signature_cues=frozenset(relations["signature_cues"]),
        place_after=frozenset(relations["place_after"]),
        parties=spellings,
        party_first_words=frozenset(re.match(r"[^\s/]+", spelling).group(0) for spelling in spellings),
        ambiguous_party_spellings=frozenset(form for spelling in parties["ambiguous_spellings"]
                                            for form in (spelling, spelling.upper())),
        fraction_ending=parties["fraction_ending"],
        council_prefixes=frozenset(parties["council_prefixes"]),
        fraction_joiners=frozenset(parties["fraction_joiners"]),
        party_list_joiners=frozenset(parties["party_list_joiners"]),
        group_words=frozenset(parties["group_words"]),
        places=read_tsv("places.tsv") | region_places(read_yaml("places.yml"), orgs["heads"]),
        laender=read_tsv("laender.tsv"),
        land_adjectives=read_yaml("places.yml")["land_adjectives"],
        public_bodies=read_tsv("public_bodies.tsv"),
        given_names=read_lines("given_names.txt"),
        surname_nouns=read_lines("surname_nouns.txt"),
        english_words=frozenset(persons["english_words"]),
        months={k.lower(): int(v) for k, v in dates["months"].items()},
        year_range=tuple(dates["year_range"]),
        year_blockers_before=dates["year_blockers_before"],
        month_range_joiners=tuple(dates["month_range_joiners"]),
        numeric_month_cues=tuple(dates["numeric_month_cues"]),
        year_parts=tuple(dates["year_parts"]),
        identifier_cues=tuple(dates["identifier_cues"]),
        law_abbreviations=frozenset(not_org["law_abbreviations"]),
        law_citation_before=re.compile(read_yaml("places.yml")["law_citation_before"]),
        place_prefixes=frozenset(not_org["place_prefixes"]),
        code_characters=not_org["code_characters"],
        plain_capital_words=frozenset(not_org["plain_capital_words"]),
        noun_acronyms=frozenset(not_org["noun_acronyms"]),
        document_parts=frozenset(not_org["document_parts"]),
        numeric_row_share=float(not_org["numeric_row_share"]),
        numeric_row_min_numbers=int(not_org["numeric_row_min_numbers"]),
    )
