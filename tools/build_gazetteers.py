"""Build the compact name lists in src/hrgraph/resources/de/gazetteers/ from open sources.

Run once when the sources change: ``python tools/build_gazetteers.py ../shared``.
Inputs (licences in their SOURCE.txt): municipalities with their AGS, Kreis and Land (Destatis via digineo, WTFPL), landscape and country names
(GN250 / Auswärtiges Amt via LER lists), Länder and federal ministries (government-helper-tables, dl-de/zero-2-0),
public bodies (okfn, MIT),
universities (Hipo, MIT), given names read off the PER spans of GermEval 2014 (CC BY 4.0) and WikiANN (licence not
stated; the NER model trains on it too) and off forms of address in Bundestag speeches (corpora/text, § 48 UrhG),
common nouns off
GermEval 2014 train, and which of them are surnames too (GermaNER's surname list via LER, Apache-2.0).
"""

from __future__ import annotations

import csv
import json
import lzma
import re
import sys
from collections import Counter
from pathlib import Path

# Common nouns that some gazetteers list as places; as name parts they would turn phrases into names.
NOT_PLACES = {"Stadt", "Land", "Region", "Kreis", "Gemeinde", "Amt", "Markt", "Berg", "Wald", "See", "Heide", "Mark",
              "Feld", "Dorf", "Insel", "Bahnhof", "Hafen", "Mitte", "Nord", "Süd", "Ost", "West", "Zentrum", "Gesundheit"}

OUT = Path(__file__).resolve().parents[1] / "src" / "hrgraph" / "resources" / "de" / "gazetteers"


# When municipalities share a name, the Land of the most central kind wins ("Essen": the city in NRW,
# not Essen (Oldenburg)); a name qualified in brackets ranks below an unqualified one.
KIND_RANK = {"Kreisfreie Stadt": 0, "Stadt": 1}


def municipalities(shared: Path) -> dict[str, str]:
    """Place name → Bundesland, from the 2011 municipality register (names without ', Stadt' suffixes)."""
    ranked: dict[str, tuple[int, str]] = {}
    with (shared / "gazetteers/gemeinden_digineo_2011/gemeinden_2011.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            full = row["Gemeindename"].split(",")[0].strip()
            name = re.sub(r"\s*\(.*\)$", "", full)
            rank = KIND_RANK.get(row["Gemeindetyp"], 2) + (3 if name != full else 0)
            if len(name) > 2 and rank < ranked.get(name, (99, ""))[0]:
                ranked[name] = (rank, row["Bundesland"])
    return {name: land for name, (_, land) in ranked.items()}


def municipality_register(shared: Path) -> list[tuple[str, str, str, str, str]]:
    """(name, AGS, Kreis key, Kreis, Land) of every municipality of the 2011 register, names without their
    ", Stadt" suffix but with a bracketed qualifier ("Neustadt (Hessen)"); Kreis names as the register has them."""
    rows = []
    with (shared / "gazetteers/gemeinden_digineo_2011/gemeinden_2011.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            name = row["Gemeindename"].split(",")[0].strip()
            if len(name) > 2 and row["AGS"].isdigit():
                rows.append((name, row["AGS"], row["AGS"][:5], row["Kreisname"].strip(), row["Bundesland"]))
    return sorted(set(rows))


def landscapes(shared: Path) -> dict[str, str]:
    """Landscape, river and country names (GN250, Auswärtiges Amt) of one or two words, no Land known."""
    names = {}
    for list_name in ("landschaftsbezeichnungen.list", "laendernamen.list"):
        for line in (shared / "gazetteers/ler_lists" / list_name).read_text(encoding="utf-8").splitlines():
            name = line.strip()
            if 4 <= len(name) <= 30 and len(name.split()) <= 2 and not re.search(r"[\d(),.]", name) and name[0].isupper():
                names[name] = ""
    return names


def laender(shared: Path) -> dict[str, str]:
    rows = {}
    with (shared / "gazetteers/government_helper_tables/tbl_Bundeslaender.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows[row["BL_Name_DE"]] = row["BL_Kuerzel"]
    return rows


def public_bodies(shared: Path) -> list[dict]:
    bodies = []
    with (shared / "gazetteers/okfn_publicbodies/de.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            bodies.append({"name": row["name"].strip(), "abbreviation": row["abbreviation"].strip()})
    for table in sorted((shared / "gazetteers/government_helper_tables").glob("tbl_Bundesministerien_*.csv")):
        with table.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                row = {k.strip(): v for k, v in row.items()}
                bodies.append({"name": row["Name_DE"].strip(), "abbreviation": row["Abkürzung"].strip()})
    universities = json.loads((shared / "gazetteers/universities_hipo/universities_DE.json").read_text(encoding="utf-8"))
    bodies += [{"name": u["name"].strip(), "abbreviation": ""} for u in universities]
    unique = {b["name"]: b for b in bodies if b["name"]}
    return sorted(unique.values(), key=lambda b: b["name"])


def per_spans(shared: Path):
    """Token sequences labelled PER, with the tokens outside them: GermEval 2014 (BIOES) and WikiANN (IOB2, "de:" prefix)."""
    sources = [(shared / "corpora/ner/germeval2014" / f"{part}.bioes", "") for part in ("train", "dev")]
    sources += [(shared / "corpora/ner/wikiann_de" / f"{part}.txt", "de:") for part in ("train", "dev")]
    for path, prefix in sources:
        span: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t") if prefix else line.split()
            word, tag = (parts[0].removeprefix(prefix), parts[1]) if len(parts) >= 2 else ("", "O")
            if span and (tag[:2] in ("B-", "S-") or not tag.endswith("PER")):
                yield span, None
                span = []
            if tag.endswith("PER"):
                span.append(word)
            elif word:
                yield None, word
        if span:
            yield span, None


def given_names(shared: Path, min_count: int = 1) -> list[str]:
    """First tokens of multi-token PER spans that look like given names and occur more often opening a name than
    outside one (which keeps out "König", "Papst", "Zeit" from "König Ludwig", "Papst Franziskus", "Die Zeit"); three
    letters at least, as two ("Ma", "Al") open too many other words."""
    first: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    for span, word in per_spans(shared):
        if word is not None:
            outside[word] += 1
        elif len(span) >= 2 and re.fullmatch(r"[A-ZÄÖÜ][a-zäöüßéèáàëïçñ]{2,}(-[A-ZÄÖÜ][a-zäöüß]+)?", span[0]):
            first[span[0]] += 1
    return sorted(name for name, count in first.items() if count >= min_count and outside[name] < count)


ADDRESS_WORDS = ("Herr", "Herrn", "Frau", "Kollege", "Kollegen", "Kollegin", "Ihrer", "Ihre", "Ihrem")
ADDRESSED = re.compile(rf"\b(?:{'|'.join(ADDRESS_WORDS[:6])})(?: (?:Dr\.|Prof\.))* ([A-ZÄÖÜ][a-zäöüß]{{2,}})(?=( [A-ZÄÖÜ][a-zäöüß]+)?)")
ROLE_ENDINGS = ("minister", "ministerin", "ministern", "präsident", "präsidentin", "präsidenten", "beauftragter",
                "beauftragte", "vorsitzender", "vorsitzende", "sekretär", "sekretärin", "botschafter", "botschafterin",
                "kanzler", "kanzlerin", "professor", "professorin")
NOBLE_TITLES = {"Graf", "Gräfin", "Freiherr", "Freifrau", "Baron", "Fürst", "Prinz"}


def addressed_given_names(shared: Path, min_count: int = 3) -> list[str]:
    """Words between a form of address and a surname in Bundestag speeches ("Frau Kollegin Svenja Schulze", "Herr
    Dr. Gero Storjohann") that follow the address at least three times as often with a surname after them as
    without one (which keeps out surnames: "Frau Merkel"), and are no roles ("Herr Bundesminister Heil")."""
    before_surname: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    for path in sorted((shared / "corpora/text").glob("bt_*.txt.xz")):
        with lzma.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                for match in ADDRESSED.finditer(line):
                    (before_surname if match.group(2) else alone)[match.group(1)] += 1
    from hrgraph.nlp.lexicon import load_lexicon

    lex = load_lexicon()
    not_names = set(ADDRESS_WORDS) | set(lex.titles) | set(lex.stop_words) | set(lex.places) | NOBLE_TITLES
    return sorted(name for name, count in before_surname.items() if count >= min_count and 3 * alone[name] <= count
                  and name not in not_names and name.lower() not in lex.roles and not name.lower().endswith(ROLE_ENDINGS)
                  and not name.endswith(("s", "ische", "ischer", "ischen")))


def common_nouns(shared: Path, min_count: int = 2, outside_share: float = 0.95) -> list[str]:
    """Capitalised words that GermEval 2014 train shows mid-sentence and almost never inside a name:
    German common nouns ("Namen", "Gruppenbild"), which must not be taken for name parts."""
    seen: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    position = 0
    for line in (shared / "corpora/ner/germeval2014/train.bioes").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2:
            position = 0
            continue
        word, tag = parts[0], parts[1]
        if position > 0 and word[:1].isupper() and word[1:].islower() and word.isalpha():
            seen[word] += 1
            outside[word] += tag == "O"
        position += 1
    return sorted(w for w, n in seen.items() if n >= min_count and outside[w] / n >= outside_share)


def surname_nouns(shared: Path, nouns: list[str]) -> list[str]:
    """Common nouns that are also surnames in GermaNER's list ("Winter", "Koch"): after a given name they end it."""
    surnames = set((shared / "gazetteers/ler_lists/personennamen.list").read_text(encoding="utf-8").split("\n"))
    return [noun for noun in nouns if noun in surnames]


def countries(shared: Path) -> list[str]:
    """The states of the world but Germany, short and official names (Auswärtiges Amt): an organisation named after
    one sits abroad ("AHK Brasilien")."""
    names = (shared / "gazetteers/ler_lists/laendernamen.list").read_text(encoding="utf-8").split("\n")
    return sorted({name.strip() for name in names if name.strip() and "Deutschland" not in name})


def main(shared: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    places = landscapes(shared)
    places.update(municipalities(shared))
    for land in laender(shared):
        places[land] = land
    (OUT / "places.tsv").write_text(
        "".join(f"{name}\t{land}\n" for name, land in sorted(places.items()) if name not in NOT_PLACES), encoding="utf-8"
    )
    (OUT / "municipalities.tsv").write_text(
        "".join("\t".join(row) + "\n" for row in municipality_register(shared)), encoding="utf-8"
    )
    (OUT / "laender.tsv").write_text(
        "".join(f"{name}\t{abbr}\n" for name, abbr in sorted(laender(shared).items())), encoding="utf-8"
    )
    (OUT / "public_bodies.tsv").write_text(
        "".join(f"{b['name']}\t{b['abbreviation']}\n" for b in public_bodies(shared)), encoding="utf-8"
    )
    (OUT / "countries.txt").write_text("".join(f"{name}\n" for name in countries(shared)), encoding="utf-8")
    nouns = common_nouns(shared)
    (OUT / "common_nouns.txt").write_text("".join(f"{n}\n" for n in nouns), encoding="utf-8")
    (OUT / "surname_nouns.txt").write_text("".join(f"{n}\n" for n in surname_nouns(shared, nouns)), encoding="utf-8")
    names = sorted(set(given_names(shared)) | set(addressed_given_names(shared)))
    (OUT / "given_names.txt").write_text("".join(f"{n}\n" for n in names), encoding="utf-8")
    for path in sorted(OUT.iterdir()):
        print(path.name, sum(1 for _ in path.open(encoding="utf-8")))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared"))
