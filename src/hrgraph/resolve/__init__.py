"""Entity resolution: mentions of the same organisation, person or project become one node."""

from hrgraph.resolve.cluster import Resolution, mention_key, resolve, resolve_entities, resolved_mentions

__all__ = ["Resolution", "mention_key", "resolve", "resolve_entities", "resolved_mentions"]
