"""From extracted pages to mentions with provenance (document, page, offsets, sentence, producer)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc, Span

from hrgraph.nlp.dates import document_date, find_dates
from hrgraph.nlp.lexicon import Lexicon, load_lexicon
from hrgraph.nlp.rules import (MARKUP, QUOTES, abbreviates, authority_kind, head_of_lowercase, is_place,
                               organisation_shaped, strip_legal_form)
from hrgraph.records import Evidence, ExtractedDocument, Mention

KEPT_TYPES = {"ORG", "PER", "PROJECT", "LOC"}
# Names found by these rules are looked for again elsewhere in the same document.
PROPAGATING_RULES = ("rule:legal_form", "rule:org_head", "rule:project_head", "rule:quoted", "rule:abbreviation",
                     "rule:alias", "rule:dotted_name", "rule:state")
PIECE_CHARS = 100_000
"""Longer texts go through the pipeline in pieces: its memory grows with the length of a text (a page of a million
characters took 3.3 GB in one piece, 1.4 GB in pieces of this size)."""
LOCATIVE_ARTICLES = {"im", "ins", "beim"}  # a preposition fused with its article
INFLECTION_ENDING = re.compile(r"(?<=\w\w)(?:e[mnrs]?|s)$")
SHORT = r"[A-ZÄÖÜ](?=[^\s()]*[A-ZÄÖÜ])[\wÄÖÜäöü./-]{1,9}"  # a short form: two capitals at least ("MA", "FwVO")
DEFINITIONS = (  # (pattern, whether the long form comes first): "Maschinisten (MA)", "DTV (Durchschnittlich …)", …
    (re.compile(rf"((?:[\w-]+[ \t]+){{0,5}}[\w-]+)[ \t]*\(({SHORT})\)"), True),
    (re.compile(rf"\(([^()\n]{{3,60}}?)\s+[–-]\s+({SHORT})\)"), True),  # "(Feuerwehrverordnung – FwVO)"
    (re.compile(rf"(?<![\w-])({SHORT})[ \t]*\(([^()\n]{{3,80}})\)"), False),
    (re.compile(rf"^({SHORT})\t([^\t\n]{{3,80}})$", re.MULTILINE), False),  # a row of a list of abbreviations
    (re.compile(rf"^({SHORT})[ \t]*/[ \t]*([^\t\n/]{{3,80}}?)(?:\t|$)", re.MULTILINE), False),  # "ETZ / Eintreffzeit\t…"
)


def blank_markup(text: str) -> str:
    """Replace inline markup (``<b>``, ``**``) by spaces so that offsets stay those of the page text."""
    return MARKUP.sub(lambda m: " " * len(m.group(0)), text)


def sentence_mentions(doc: Doc, text: str, sentences: list[Span], doc_id: str, page: int, sentence_base: int) -> list[Mention]:
    """Mentions of the entities of one analysed page; ``text`` is what the pipeline read (``doc.text``, given so
    that spaCy need not join its tokens again, nor Span.text for every entity), ``sentences`` its sentences."""
    mentions = []
    starts = [sent.start for sent in sentences]
    for ent in doc.ents:
        if ent.label_ not in KEPT_TYPES:
            continue
        index = bisect_right(starts, ent.start) - 1
        sentence = text[sentences[index].start_char : sentences[index].end_char]
        name = text[ent.start_char : ent.end_char]
        mentions.append(Mention(
            type=ent.label_,
            text=ent._.name or name,
            sentence_id=sentence_base + index,
            sentence_start=sentences[index].start_char + len(sentence) - len(sentence.lstrip()),
            evidence=Evidence(doc=doc_id, page=page, start=ent.start_char, end=ent.end_char, text=name,
                              sentence=sentence.strip(), produced_by=ent._.produced_by or "ner"),
        ))
    return mentions


def propagate_names(mentions: list[Mention], pages: dict[int, str], doc_id: str,
                    sentence_spans: dict[int, list[tuple[int, int, int]]]) -> list[Mention]:
    """Other occurrences of names that a strong rule found in the document ("MedEcon Ruhr e.V." → "MedEcon Ruhr"),
    also where the model saw something else there."""
    names: dict[str, str] = {}
    for m in mentions:
        if m.evidence.produced_by in PROPAGATING_RULES and len(m.text) >= 3:
            names.setdefault(m.text, m.type)
            core = core_name(m.text)
            if core and core != m.text:
                names.setdefault(core, m.type)
            if short := leading_short_form(m.text):
                names.setdefault(short, m.type)
    heads = bare_heads(mentions) | bare_project_heads(mentions)
    names.update({form: label for form, label in heads.items() if form not in names})
    taken = {page: bytearray(len(text)) for page, text in pages.items()}  # 1 where a rule's mention already is
    for m in mentions:
        if not m.evidence.produced_by.startswith("ner"):  # the model's may give way ("UKM" as a place in a headline)
            taken[m.evidence.page][m.evidence.start : m.evidence.end] = b"\x01" * (m.evidence.end - m.evidence.start)
    added = []
    for name, label in sorted(names.items(), key=lambda item: -len(item[0])):
        pattern = name_pattern(name)
        for page, text in pages.items():
            for match in pattern.finditer(text):
                if any(taken[page][match.start() : match.end()]) or (name in heads and not refers_back(text, match, label)):
                    continue
                taken[page][match.start() : match.end()] = b"\x01" * (match.end() - match.start())
                sentence_id, sentence, sentence_start = sentence_at(sentence_spans[page], text, match.start())
                added.append(Mention(type=label, text=name, sentence_id=sentence_id, sentence_start=sentence_start, evidence=Evidence(
                    doc=doc_id, page=page, start=match.start(), end=match.end(), text=name, sentence=sentence,
                    produced_by="rule:propagated")))
    return [m for m in mentions if not overlaps_any(m, added)] + added


def overlaps_any(m: Mention, others: list[Mention]) -> bool:
    """Whether a model's mention overlaps one of ``others`` on its page (a rule's name found there again)."""
    return m.evidence.produced_by.startswith("ner") and any(
        o.evidence.page == m.evidence.page and o.evidence.start < m.evidence.end and m.evidence.start < o.evidence.end
        for o in others)


@lru_cache(maxsize=8192)
def name_pattern(name: str) -> re.Pattern:
    """The name as a whole word (not inside a longer name, an e-mail address or a compound)."""
    return re.compile(rf"(?<![\w.-]){re.escape(name)}(?![\w-])")


def bare_heads(mentions: list[Mention]) -> dict[str, str]:
    """Head words used alone after an article ("des Klinikums", "die Metropolregion") that name the document's only
    organisation whose name holds that word ("Städtisches Klinikum Lüneburg gGmbH"): the word, its genitive forms,
    the bare head of a compound ("das Netzwerk" for "Gesundheitsnetzwerk Lüneburger Heide e.V.") and the kind of a
    local authority ("die Stadt" for "Stadt Gelsenkirchen", "des Kreises" for "Kreis Unna")."""
    lex = load_lexicon()
    names_by_form: dict[str, set[str]] = {}
    for m in mentions:
        core = strip_legal_form(m.text)
        if m.type != "ORG" or len(core.split()) < 2:
            continue
        if kind := authority_kind(core.split()[0], lex):  # "die Stadt" for "Stadt Gelsenkirchen"
            for form in head_forms(kind):
                names_by_form.setdefault(form, set()).add(word_stems(core))
        for word in core.split():
            head = head_of_lowercase(word.lower(), lex.org_heads) if word[:1].isupper() else None
            if head:
                base = word[: word.lower().rindex(head) + len(head)]
                for form in head_forms(base) | head_forms(head.capitalize()):
                    names_by_form.setdefault(form, set()).add(word_stems(core))
    return {form: "ORG" for form, names in names_by_form.items() if len(names) == 1}


def bare_project_heads(mentions: list[Mention]) -> dict[str, str]:
    """Words that alone after an article name the document's project when it names only one ("Das Projekt wird vom
    … gefördert" after „TeleCare Nord“), see ``bare_project_heads`` in projects.yml."""
    projects = {word_stems(m.text) for m in mentions if m.type == "PROJECT"}
    return {form: "PROJECT" for form in load_lexicon().bare_project_heads} if len(projects) == 1 else {}


def refers_back(text: str, match: re.Match, label: str) -> bool:
    """Whether a head word alone at ``match`` refers to a name given before: after a definite article (for the kind
    of a local authority not after a locative one: "im Kreis", "in der Stadt" name the place), and for a project not
    right before its name ("das Projekt „…“", "das Projekt Smart Hospital")."""
    if not after_article(text, match.start()):
        return False
    if label == "ORG" and authority_kind(match.group(0), load_lexicon()) and after_locative(text, match.start()):
        return False
    follows = text[match.end() : match.end() + 3].lstrip(" \t")[:1]
    return label != "PROJECT" or not (follows in QUOTES or follows.isupper())


def word_stems(name: str) -> str:
    """The name's words lower-cased without an inflection ending, so that "Städtischen Klinikum Lüneburg" and
    "Städtisches Klinikum Lüneburg" are one name."""
    return " ".join(INFLECTION_ENDING.sub("", word.lower()) for word in name.split())


def head_forms(head: str) -> set[str]:
    """A head word and, when it ends in a consonant, its genitive forms ("Verband", "Verbands", "Verbandes")."""
    return {head, head + "s", head + "es"} if head[-1] not in "aeiouäöü" else {head}


def after_article(text: str, start: int) -> bool:
    """Whether a definite article or a preposition fused with one stands right before ``start``."""
    words = text[max(0, start - 8) : start].split()
    return bool(words) and text[start - 1 : start].isspace() and words[-1].lower() in load_lexicon().definite_articles


def after_locative(text: str, start: int) -> bool:
    """Whether a locative preposition, with or without an article, stands right before ``start`` ("in der", "im")."""
    words = text[max(0, start - 16) : start].lower().split()
    lex = load_lexicon()
    return bool(words) and (words[-1] in LOCATIVE_ARTICLES or len(words) > 1 and words[-2] in lex.locative_prepositions)


def leading_short_form(name: str) -> str | None:
    """The short form a name opens with when the rest spells it: "KKRN" of "KKRN Katholisches Klinikum Ruhrgebiet
    Nord GmbH" (used alone later: "bei der KKRN").

    >>> leading_short_form("KKRN Katholisches Klinikum Ruhrgebiet Nord GmbH"), leading_short_form("AOK NordWest")
    ('KKRN', None)
    """
    first, _, rest = strip_legal_form(name).partition(" ")
    return first if len(first) >= 3 and first.isupper() and first.isalpha() and rest and abbreviates(first, rest) else None


def core_name(name: str) -> str | None:
    """A name without its legal form, kept only when it still has two words or an inner capital ("MedEcon Ruhr")."""
    core = strip_legal_form(name)
    return core if core and (len(core.split()) >= 2 or any(c.isupper() for c in core[1:])) else None


def sentence_at(spans: list[tuple[int, int, int]], text: str, offset: int) -> tuple[int, str, int]:
    """(sentence id, sentence text, offset of that text in the page) of the sentence holding ``offset``;
    ``spans`` (sentence id, start, end) are in page order, so a binary search finds it."""
    index = bisect_right(spans, offset, key=lambda span: span[1]) - 1
    if index >= 0 and offset < spans[index][2]:
        sentence_id, start, end = spans[index]
        sentence = text[start:end]
        return sentence_id, sentence.strip(), start + len(sentence) - len(sentence.lstrip())
    return -1, "", -1


def date_mentions(pages: dict[int, str], doc_id: str, doc_date: str | None,
                  sentence_spans: dict[int, list[tuple[int, int, int]]]) -> list[Mention]:
    mentions = []
    for page, text in pages.items():
        for match in find_dates(text, doc_date):
            sentence_id, sentence, sentence_start = sentence_at(sentence_spans[page], text, match.start)
            mentions.append(Mention(type="DATE", text=match.text, value=match.value, sentence_id=sentence_id,
                                    sentence_start=sentence_start,
                                    evidence=Evidence(doc=doc_id, page=page, start=match.start, end=match.end,
                                                      text=match.text, sentence=sentence, produced_by=match.rule)))
    return mentions


def pieces(text: str, limit: int) -> list[str]:
    """The text cut into consecutive pieces of at most ``limit`` characters (spaCy refuses longer texts), each
    ending after its last line break, else its last space, in the second half of the piece."""
    cut_texts = []
    while len(text) > limit:
        cut = text.rfind("\n", limit // 2, limit)
        if cut < 0:
            cut = text.rfind(" ", limit // 2, limit)
        if cut < 0:
            cut = limit - 1
        cut_texts.append(text[: cut + 1])
        text = text[cut + 1 :]
    return cut_texts + [text]


def analyse(nlp: Language, texts: list[str], batch_size: int) -> Iterator[Doc]:
    """``nlp.pipe`` of the texts, each longer than PIECE_CHARS (or ``nlp.max_length``) analysed in pieces and
    joined again (its offsets are those of the whole text)."""
    cut_texts = [pieces(text, min(PIECE_CHARS, nlp.max_length)) for text in texts]
    docs = iter(nlp.pipe((piece for parts in cut_texts for piece in parts), batch_size=batch_size))
    for parts in cut_texts:
        yield next(docs) if len(parts) == 1 else Doc.from_docs(list(islice(docs, len(parts))), ensure_whitespace=False)


def annotate(nlp: Language, documents: list[ExtractedDocument], batch_size: int = 16) -> list[tuple[list[Mention], str | None]]:
    """All mentions and the date (ISO or None) of each document, in order.

    The pages of all documents go through one ``nlp.pipe``, so that spaCy batches across documents; each
    document's pages are collected as they come out and annotated at once.
    """
    pages = [{p.number: p.text for p in extracted.pages if p.text.strip()} for extracted in documents]
    read = [[blank_markup(text) for text in doc_pages.values()] for doc_pages in pages]
    docs = analyse(nlp, [text for texts in read for text in texts], batch_size)
    return [document_mentions(extracted, doc_pages, texts, list(islice(docs, len(doc_pages))))
            for extracted, doc_pages, texts in zip(documents, pages, read)]


def long_form(short: str, words: list[str]) -> str | None:
    """The fewest last words (or a compound's last parts: "IWF-Sonderziehungsrechten") that the short form
    abbreviates, the first opening with its first letter.

    >>> long_form("SDRs", ["der", "IWF-Sonderziehungsrechten"]), long_form("MA", ["einsetzbaren", "Maschinisten"])
    ('Sonderziehungsrechten', 'Maschinisten')
    """
    for count in range(1, len(words) + 1):
        first, *rest = words[-count:]
        for start in [0] + [i + 1 for i, c in enumerate(first) if c == "-"]:
            text = " ".join([first[start:], *rest])
            if text[:1].lower() == short[:1].lower() and abbreviates(short, text):
                return text
    return None


def names_organisation(text: str, org_names: list[str], lex: Lexicon) -> bool:
    """A long form that names an organisation: :func:`~hrgraph.nlp.rules.organisation_shaped`, it ends in a place
    ("Kreishandwerkerschaft Lüneburg"), or it holds (or is part of) a name the document labels ORG."""
    words = text.split()
    return organisation_shaped(text, lex) or len(words) >= 2 and is_place(words[-1], lex) \
        or any(name in text or text in name for name in org_names)


def defined_non_organisations(pages: dict[int, str], mentions: list[Mention]) -> frozenset[str]:
    """Short forms the document defines by a long form that names no organisation ("Maschinisten (MA)",
    "DTV (Durchschnittlich tägliche Verkehrsstärke)", a row "MLF<tab>Mittleres Löschfahrzeug" or "ETZ /
    Eintreffzeit<tab>…" of a list of abbreviations): the model's ORG for them is wrong everywhere in the document.

    >>> sorted(defined_non_organisations({1: "Maschinisten (MA) der Feuerwehr-Unfallkasse (FUK)"}, []))
    ['MA']
    >>> sorted(defined_non_organisations({1: "ETZ / Eintreffzeit(en)\tZeitdifferenz zwischen Alarm und Ankunft"}, []))
    ['ETZ']
    """
    lex = load_lexicon()
    org_names = [m.evidence.text for m in mentions if m.type == "ORG" and len(m.evidence.text) > 3]  # as the page says them
    defined: dict[str, bool] = {}
    for text in pages.values():
        for pattern, long_first in DEFINITIONS:
            for match in pattern.finditer(text):
                long, short = match.groups() if long_first else reversed(match.groups())
                long = long_form(short, long.split()) if long_first else long.strip()
                if long and abbreviates(short, long) and long[:1].lower() == short[:1].lower():
                    defined[short] = defined.get(short, False) or names_organisation(long, org_names, lex)
    return frozenset(short for short, organisation in defined.items() if not organisation)


def document_mentions(extracted: ExtractedDocument, pages: dict[int, str], read: list[str],
                      docs: list[Doc]) -> tuple[list[Mention], str | None]:
    """Mentions of one document from its analysed pages (``docs`` of the texts ``read``, in the order of
    ``pages``) and its date."""
    doc_id = extracted.doc.id
    doc_date = document_date("\n".join(pages.values()), extracted.metadata.get("date") or extracted.doc.metadata.get("date"))
    mentions: list[Mention] = []
    sentence_spans: dict[int, list[tuple[int, int, int]]] = {}
    sentence_base = 0
    for page, text, doc in zip(pages, read, docs):
        sentences = list(doc.sents)
        sentence_spans[page] = [(sentence_base + i, s.start_char, s.end_char) for i, s in enumerate(sentences)]
        mentions += sentence_mentions(doc, text, sentences, doc_id, page, sentence_base)
        sentence_base += len(sentence_spans[page])
    mentions = propagate_names(mentions, pages, doc_id, sentence_spans)
    defined = defined_non_organisations(pages, mentions)
    mentions = [m for m in mentions if not (m.type == "ORG" and m.text in defined and m.evidence.produced_by.startswith("ner"))]
    mentions += date_mentions(pages, doc_id, doc_date, sentence_spans)
    mentions.sort(key=lambda m: (m.evidence.page, m.evidence.start))
    return mentions, doc_date
