"""Load a pipeline output dir (documents/entities/relations.jsonl) into Neo4j, idempotently.

Every write is a batched ``UNWIND $rows AS row MERGE ...`` with the data in parameters; labels and
relationship types come from the fixed mappings below, never from the data. Nodes and relationships
are written with ``SET x = row.props``, so a reload replaces properties instead of appending, and a
newer run updates the graph in place. Every node and relationship carries ``load_id``, a hash of
the three input files; ``prune=True`` deletes what an earlier, different load left behind.

Organisations with a place get ``LOCATED_IN`` to ``Place`` nodes that form the hierarchy municipality →
Kreis → Land (bodies above the Länder: one ``Place`` per level, "Bund", "EU", "international"). Named regions
("Metropole Ruhr") are ``Place`` nodes of level ``region``: an organisation placed in one, or seated in its area,
is ``LOCATED_IN`` it, and a region inside one Land is ``LOCATED_IN`` that Land.

Symmetric relations (COLLABORATES_WITH, CO_MENTIONED) are stored once per pair, directed from the
smaller to the larger entity id; query them without direction. Evidence lists may not hold nulls in
Neo4j, so a missing page or offset is stored as -1 and a missing text as "".
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from neo4j import Driver, Result, RoutingControl

from hrgraph.places import named_regions

log = logging.getLogger(__name__)

ENTITY_LABELS = {"ORG": "Organization", "PER": "Person", "PROJECT": "Project", "LOC": "Location",
                 "DATE": "Date", "MISC": "Misc"}
RELATION_TYPES = {name: name for name in
                  ("COLLABORATES_WITH", "AFFILIATED_WITH", "PARTICIPATES_IN", "LOCATED_IN", "CO_MENTIONED")}
SYMMETRIC = frozenset({"COLLABORATES_WITH", "CO_MENTIONED"})
FILES = ("documents.jsonl", "entities.jsonl", "relations.jsonl")
DEFAULT_BATCH_SIZE = 1000

SCHEMA = (
    *(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
      for label in ("Document", "Entity", "Place", *ENTITY_LABELS.values())),
    "CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
    "CREATE INDEX entity_region IF NOT EXISTS FOR (n:Entity) ON (n.region)",
)
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"

DOCUMENTS = """
UNWIND $rows AS row
MERGE (d:Document {id: row.id})
SET d = row.props
RETURN count(d) AS written
"""
ENTITY_TEMPLATE = """
UNWIND $rows AS row
MERGE (e:Entity {{id: row.id}})
SET e = row.props, e:{label}
REMOVE {others}
RETURN count(e) AS written
"""
ENTITIES = {
    etype: ENTITY_TEMPLATE.format(label=label, others="e:" + ":".join(
        other for other in ENTITY_LABELS.values() if other != label))
    for etype, label in ENTITY_LABELS.items()
}
MENTIONS = """
UNWIND $rows AS row
MATCH (d:Document {id: row.doc})
MATCH (e:Entity {id: row.entity})
MERGE (d)-[m:MENTIONS]->(e)
SET m = row.props
RETURN count(m) AS written
"""
RELATION_TEMPLATE = """
UNWIND $rows AS row
MATCH (a:Entity {{id: row.source}})
MATCH (b:Entity {{id: row.target}})
MERGE (a)-[r:{rel_type}]->(b)
SET r = row.props
RETURN count(r) AS written
"""
RELATIONS = {rtype: RELATION_TEMPLATE.format(rel_type=cypher_type) for rtype, cypher_type in RELATION_TYPES.items()}
PLACES = """
UNWIND $rows AS row
MERGE (p:Place {id: row.id})
SET p = row.props
RETURN count(p) AS written
"""
SEATS = """
UNWIND $rows AS row
MATCH (a:Entity|Place {id: row.source})
MATCH (b:Place {id: row.target})
MERGE (a)-[r:LOCATED_IN]->(b)
SET r = row.props
RETURN count(r) AS written
"""
PRUNE_RELATIONSHIPS = """
MATCH (:Document|Entity|Place)-[r]->(:Entity|Place)
WHERE r.load_id <> $load_id
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS written
"""
PRUNE_NODES = """
MATCH (n:Document|Entity|Place)
WHERE n.load_id <> $load_id
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS written
"""
GRAPH_COUNTS = """
MATCH (n) WITH count(n) AS nodes
OPTIONAL MATCH ()-[r]->()
RETURN nodes, count(r) AS relationships
"""
# An organisation's place as properties of its node (the Place nodes hold the hierarchy).
PLACE_PROPERTIES = {"place_level": "level", "municipality": "municipality", "ags": "ags", "kreis": "kreis", "land": "land",
                    "named_region": "named_region"}
# Evidence and mention fields stored as parallel list properties; offsets and pages are integers.
COLUMNS = {"doc": "docs", "page": "pages", "start": "starts", "end": "ends", "text": "texts",
           "sentence": "sentences", "produced_by": "producers"}
NUMERIC = frozenset({"page", "start", "end"})


@dataclass
class LoadCounts:
    """What one ``load_output`` wrote, skipped and pruned, with seconds per phase."""

    load_id: str = ""
    documents: int = 0
    entities: int = 0
    mentions: int = 0
    relations: int = 0
    places: int = 0
    skipped_entities: int = 0
    skipped_mentions: int = 0
    skipped_relations: int = 0
    pruned_nodes: int = 0
    pruned_relationships: int = 0
    batch_size: int = DEFAULT_BATCH_SIZE
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def load_output(driver: Driver, outdir: Path | str, batch_size: int = DEFAULT_BATCH_SIZE,
                database: str | None = None, prune: bool = False) -> LoadCounts:
    """Create the schema, then load documents, entities, mentions and relations from ``outdir``."""
    outdir = Path(outdir)
    missing = [name for name in FILES if not (outdir / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{outdir} lacks {', '.join(missing)}; is it a pipeline output dir?")
    counts = LoadCounts(load_id=load_id_of(outdir), batch_size=batch_size)
    writer = _Writer(driver, database, batch_size, counts.seconds)

    with writer.phase("schema"):
        ensure_schema(driver, database)
    documents = list(read_jsonl(outdir / "documents.jsonl"))
    entities = list(read_jsonl(outdir / "entities.jsonl"))
    with writer.phase("documents"):
        counts.documents = writer.write(DOCUMENTS, [document_row(d, counts.load_id) for d in documents])
    with writer.phase("entities"):
        by_type: dict[str, list[dict]] = defaultdict(list)
        for entity in entities:
            if entity.get("type") in ENTITIES:
                by_type[entity["type"]].append(entity_row(entity, counts.load_id))
            else:
                counts.skipped_entities += 1
                log.warning("entity %s has unknown type %r; not loaded", entity.get("id"), entity.get("type"))
        counts.entities = sum(writer.write(ENTITIES[etype], rows) for etype, rows in by_type.items())
    with writer.phase("mentions"):
        rows = mention_rows(entities, counts.load_id)
        counts.mentions = writer.write(MENTIONS, rows)
        counts.skipped_mentions = len(rows) - counts.mentions
    with writer.phase("places"):
        places, seats = place_rows(entities, counts.load_id)
        counts.places = writer.write(PLACES, places)
        writer.write(SEATS, seats)
    with writer.phase("relations"):
        grouped, unknown = relation_rows(read_jsonl(outdir / "relations.jsonl"), counts.load_id)
        total = sum(len(rows) for rows in grouped.values())
        counts.relations = sum(writer.write(RELATIONS[rtype], rows) for rtype, rows in grouped.items())
        counts.skipped_relations = total - counts.relations + unknown
    if prune:
        with writer.phase("prune"):
            counts.pruned_relationships = writer.repeat(PRUNE_RELATIONSHIPS, load_id=counts.load_id)
            counts.pruned_nodes = writer.repeat(PRUNE_NODES, load_id=counts.load_id)
    if counts.skipped_mentions or counts.skipped_relations:
        log.warning("skipped %d mentions and %d relations whose documents or entities are missing or "
                    "whose type is unknown", counts.skipped_mentions, counts.skipped_relations)
    return counts


def ensure_schema(driver: Driver, database: str | None = None) -> None:
    """Unique ``id`` per label, indexes on entity name and region; waits until they are online."""
    for statement in (*SCHEMA, AWAIT_INDEXES):
        driver.execute_query(statement, database_=database, routing_=RoutingControl.WRITE)


def graph_counts(driver: Driver, database: str | None = None) -> dict[str, int]:
    """Total nodes and relationships in the database."""
    records = driver.execute_query(GRAPH_COUNTS, database_=database, routing_=RoutingControl.READ,
                                   result_transformer_=Result.data)
    return records[0]


def load_id_of(outdir: Path) -> str:
    """Content hash of the three export files: the same output always gets the same id."""
    digest = hashlib.sha256()
    for name in FILES:
        with (outdir / name).open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()[:16]


def read_jsonl(path: Path) -> Iterator[dict]:
    """Yield one object per non-blank line; a broken line raises with file and line number."""
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as err:
                    raise ValueError(f"{path}:{number}: not JSON: {err}") from err


def document_row(doc: dict, load_id: str) -> dict:
    metadata = doc.get("metadata") or {}
    title = metadata.get("title")
    props = {
        "id": doc["id"], "source": doc.get("source"), "paths": doc.get("paths") or [],
        "status": doc.get("status"), "reason": doc.get("reason"),
        "media_type": doc.get("media_type"), "size": doc.get("size"), "pages": doc.get("pages"),
        "date": doc.get("date"),
        "pipeline": doc.get("pipeline"), "title": title if isinstance(title, str) else None,
        "metadata": json.dumps(metadata, ensure_ascii=False, sort_keys=True), "load_id": load_id,
    }
    return {"id": doc["id"], "props": props}


def entity_row(entity: dict, load_id: str) -> dict:
    mentions = entity.get("mentions") or []
    props = {
        "id": entity["id"], "type": entity["type"], "name": entity.get("name"),
        "aliases": [alias for alias in entity.get("aliases") or [] if alias is not None],
        "region": entity.get("region"), "value": entity.get("value"),
        **{key: (entity.get("place") or {}).get(field) for key, field in PLACE_PROPERTIES.items()},
        "mention_count": len(mentions), "document_count": len({m.get("doc") for m in mentions}),
        "merges": json.dumps(entity["merges"], ensure_ascii=False, sort_keys=True) if entity.get("merges") else None,
        "load_id": load_id,
    }
    return {"id": entity["id"], "props": props}


def place_node(kind: str, key: str, name: str, code: str | None, land: str | None, aliases=()) -> dict:
    return {"id": f"place:{kind}:{key}", "props": {
        "id": f"place:{kind}:{key}", "level": kind, "name": name, "key": code, "land": land,
        "keys": sorted({name.lower(), name.split(",")[0].strip().lower(), *(alias.lower() for alias in aliases)})}}


def place_chain(place: dict) -> list[dict]:
    """The Place nodes from an organisation's place up to its Land, lowest first (``id`` and ``props``).

    >>> [row["id"] for row in place_chain({"level": "municipality", "name": "Kleve", "municipality": "Kleve", "ags": "05154036",
    ...                                    "kreis": "Kleve", "kreis_key": "05154", "land": "Nordrhein-Westfalen"})]
    ['place:municipality:05154036', 'place:kreis:05154', 'place:land:Nordrhein-Westfalen']
    >>> [row["id"] for row in place_chain({"level": "region", "name": "Metropole Ruhr", "named_region": "Metropole Ruhr",
    ...                                    "land": "Nordrhein-Westfalen"})]
    ['place:region:Metropole Ruhr', 'place:land:Nordrhein-Westfalen']
    """
    level, chain = place["level"], []
    if level == "municipality":
        chain.append(place_node("municipality", place["ags"], place["municipality"], place.get("ags"), place.get("land")))
    if level in ("municipality", "kreis") and place.get("kreis_key"):
        chain.append(place_node("kreis", place["kreis_key"], place["kreis"], place["kreis_key"], place.get("land")))
    if level == "region":
        chain.append(region_node(place["named_region"]))
    if place.get("land"):
        chain.append(place_node("land", place["land"], place["land"], None, place["land"]))
    if level in ("bund", "eu", "international"):
        chain.append(place_node(level, level, place["name"], None, None))
    return chain


def region_node(name: str) -> dict:
    """The Place node of a named region (level ``region``), found by its name and aliases; ``land`` when it lies
    in one Land."""
    region = next((r for r in named_regions() if r.name == name), None)
    aliases = [" ".join(alias) for alias in region.aliases] if region else []
    land = region.lands[0] if region and len(region.lands) == 1 else None
    return place_node("region", name, name, None, land, aliases)


def place_rows(entities: Iterable[dict], load_id: str) -> tuple[list[dict], list[dict]]:
    """Place nodes and LOCATED_IN links (organisation → place → … → Land) of the entities' places; a seat in a
    named region links the organisation to the region's Place node too (and the region to its Land, if one)."""
    places: dict[str, dict] = {}
    links: dict[tuple[str, str], dict] = {}
    for entity in entities:
        if not entity.get("place"):
            continue
        place = entity["place"]
        chain = place_chain(place)
        evidence = place.get("evidence") or {}
        links[(entity["id"], chain[0]["id"])] = {"rule": place.get("rule", ""), "cue": "place",
                                                **{f"evidence_{COLUMNS[k]}": [v] for k, v in evidence.items() if k in COLUMNS}}
        for lower, upper in zip(chain, chain[1:]):
            links[(lower["id"], upper["id"])] = {"rule": "hierarchy"}
        if place.get("named_region") and place["level"] != "region":
            region = region_node(place["named_region"])
            links[(entity["id"], region["id"])] = {"rule": "named_region", "cue": "place"}
            chain.append(region)
            if region["props"]["land"]:
                land = place_node("land", region["props"]["land"], region["props"]["land"], None, region["props"]["land"])
                links[(region["id"], land["id"])] = {"rule": "hierarchy"}
                chain.append(land)
        for row in chain:
            places[row["id"]] = {"id": row["id"], "props": {**row["props"], "load_id": load_id}}
    seats = [{"source": source, "target": target, "props": {**props, "load_id": load_id}}
             for (source, target), props in sorted(links.items())]
    return sorted(places.values(), key=lambda row: row["id"]), seats


def mention_rows(entities: Iterable[dict], load_id: str) -> list[dict]:
    """One row per (document, entity): the count, parallel lists of pages, offsets and texts, producers."""
    rows = []
    for entity in entities:
        by_doc: dict[str, list[dict]] = defaultdict(list)
        for mention in entity.get("mentions") or []:
            by_doc[mention["doc"]].append(mention)
        for doc, mentions in by_doc.items():
            props = {"count": len(mentions), **_columns(mentions, ("page", "start", "end", "text")),
                     "producers": sorted({m["produced_by"] for m in mentions if m.get("produced_by")}),
                     "load_id": load_id}
            rows.append({"doc": doc, "entity": entity["id"], "props": props})
    return rows


def relation_rows(relations: Iterable[dict], load_id: str) -> tuple[dict[str, list[dict]], int]:
    """Rows per relation type, and how many relations had a type outside the whitelist.

    Duplicates (and both directions of a symmetric type) become one row with the union of evidence.
    """
    merged: dict[tuple[str, str, str], dict] = {}
    unknown = 0
    for rel in relations:
        rtype = rel.get("type")
        if rtype not in RELATIONS:
            unknown += 1
            log.warning("relation type %r is not in the whitelist; not loaded", rtype)
            continue
        source, target = rel["source"], rel["target"]
        if rtype in SYMMETRIC and target < source:
            source, target = target, source
        slot = merged.setdefault((rtype, source, target), {"cue": "", "evidence": {}})
        slot["cue"] = slot["cue"] or rel.get("cue") or ""
        for ev in rel.get("evidence") or []:
            slot["evidence"].setdefault((ev.get("doc"), ev.get("page"), ev.get("start"), ev.get("end")), ev)
    grouped: dict[str, list[dict]] = defaultdict(list)
    for (rtype, source, target), slot in merged.items():
        evidence = list(slot["evidence"].values())
        columns = _columns(evidence, tuple(COLUMNS))
        props = {"cue": slot["cue"], "evidence_count": len(evidence),
                 "document_count": len({ev.get("doc") for ev in evidence}),
                 **{f"evidence_{name}": values for name, values in columns.items()}, "load_id": load_id}
        grouped[rtype].append({"source": source, "target": target, "props": props})
    return grouped, unknown


def _columns(items: list[dict], fields: tuple[str, ...]) -> dict[str, list]:
    """``fields`` of ``items`` as parallel lists (Neo4j lists hold no maps or nulls: -1 and "" stand in)."""
    def cell(item: dict, name: str) -> int | str:
        value = item.get(name)
        if name in NUMERIC:
            return -1 if value is None else int(value)
        return "" if value is None else str(value)

    return {COLUMNS[name]: [cell(item, name) for item in items] for name in fields}


class _Writer:
    """Runs parameterised write queries in batches, one managed transaction per batch."""

    def __init__(self, driver: Driver, database: str | None, batch_size: int, seconds: dict[str, float]):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.driver, self.database, self.batch_size, self.seconds = driver, database, batch_size, seconds

    def write(self, query: str, rows: list[dict]) -> int:
        """Write ``rows`` in batches; return how many rows the query matched and wrote."""
        return sum(self._run(query, rows=rows[i:i + self.batch_size])
                   for i in range(0, len(rows), self.batch_size))

    def repeat(self, query: str, **params) -> int:
        """Run a ``LIMIT $limit`` delete query until it deletes nothing; return the total."""
        total = 0
        while written := self._run(query, limit=self.batch_size, **params):
            total += written
        return total

    def _run(self, query: str, **params) -> int:
        return self.driver.execute_query(query, parameters_=params, database_=self.database,
                                         routing_=RoutingControl.WRITE,
                                         result_transformer_=lambda result: result.single(strict=True)["written"])

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time a phase into ``seconds[name]``."""
        started = time.perf_counter()
        yield
        self.seconds[name] = round(time.perf_counter() - started, 3)
