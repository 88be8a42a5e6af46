"""Entity resolution: mentions of the same organisation, person or project become one node."""

from hrgraph.resolve.cluster import resolve_entities

__all__ = ["resolve_entities"]
