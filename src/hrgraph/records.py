"""Typed records passed between the stages: sources → extract → nlp → resolve → relations → graph.

Every fact carries its provenance: document id, page, character offsets into that page's text,
the sentence, and the rule or model that produced it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_serializer

from hrgraph.names import readable

EntityType = Literal["ORG", "PER", "PROJECT", "LOC", "DATE", "MISC"]
RelationType = Literal[
    "COLLABORATES_WITH", "AFFILIATED_WITH", "PARTICIPATES_IN", "LOCATED_IN", "CO_MENTIONED"
]


class SourceDocument(BaseModel):
    """A document found by a source, before extraction."""

    id: str = Field(description="sha256 of the file content, first 16 hex digits")
    source: str = Field(description="path or URL the document came from (the first of ``paths``)")
    path: str = Field(description="local file path that holds the bytes, as the operating system names it")
    media_type: Literal["pdf", "html", "text", "unknown"]
    size: int
    metadata: dict = Field(default_factory=dict, description="source metadata, e.g. OParl paper reference")
    paths: list[str] = Field(default_factory=list, description="every path or URL the same content was found at, sorted")

    @field_serializer("path", when_used="json")
    def readable_path(self, path: str) -> str:
        """In JSON the path of a file name that is not UTF-8 is written :func:`~hrgraph.names.readable`."""
        return readable(path)


class Page(BaseModel):
    """Text of one page (1-based); plain and HTML documents are a single page."""

    number: int
    text: str
    method: str = Field(description="how the text was obtained, e.g. pdfplumber, ocr, trafilatura")


class ExtractedDocument(BaseModel):
    doc: SourceDocument
    pages: list[Page]
    metadata: dict = Field(default_factory=dict, description="title, date line, byline, ...")


class Evidence(BaseModel):
    """Where a fact was read: offsets are into the text of `page` of `doc`."""

    doc: str
    page: int
    start: int
    end: int
    text: str = Field(description="the mention itself, or the sentence for a relation")
    sentence: str = ""
    produced_by: str = Field(description="rule or model name, e.g. 'ner:de_hrgraph', 'rule:legal_form'")


class Mention(BaseModel):
    """One occurrence of an entity in a document."""

    type: EntityType
    text: str
    evidence: Evidence
    value: str | None = Field(default=None, description="ISO value for DATE mentions")
    sentence_id: int = Field(default=-1, description="index of the sentence within the document")
    sentence_start: int = Field(default=-1, description="offset of the sentence in the page text")


class Place(BaseModel):
    """Where an organisation sits: a municipality (with its AGS) in a Kreis in a Land, a Kreis, a Land, a named
    region (``region``: a metropolitan region or regional name, with its Land when it lies in one), or a level above
    the Länder (``bund``, ``eu``, ``international``); with the rule and evidence that said so. A seat can lie in a
    named region too (``named_region``)."""

    level: Literal["municipality", "kreis", "land", "region", "bund", "eu", "international"]
    name: str
    ags: str | None = Field(default=None, description="official municipality key (Amtlicher Gemeindeschlüssel)")
    municipality: str | None = None
    kreis: str | None = None
    kreis_key: str | None = None
    land: str | None = None
    named_region: str | None = Field(default=None, description="the metropolitan region or regional name it lies in")
    rule: str = ""
    evidence: Evidence | None = None


class Entity(BaseModel):
    """A resolved, canonical entity: one node of the graph."""

    id: str
    type: EntityType
    name: str
    aliases: list[str] = Field(default_factory=list)
    value: str | None = None
    region: str | None = Field(default=None, description="the Land of `place`, or its level above the Länder")
    place: Place | None = None
    mentions: list[Mention] = Field(default_factory=list)
    merges: list[dict] = Field(default_factory=list, description="why names were merged: rule and score")


class Relation(BaseModel):
    type: RelationType
    source: str
    target: str
    evidence: list[Evidence] = Field(default_factory=list)
    cue: str = ""


class Failure(BaseModel):
    source: str
    stage: str
    status: str = "failed"
    reason: str


class DocumentResult(BaseModel):
    """Everything the per-document stages produce; the input of resolution."""

    doc: SourceDocument
    status: Literal["ok", "failed", "needs_ocr", "skipped"]
    reason: str = ""
    pages: int = 0
    date: str | None = Field(default=None, description="document date (ISO), if the text states one")
    metadata: dict = Field(default_factory=dict)
    mentions: list[Mention] = Field(default_factory=list)
