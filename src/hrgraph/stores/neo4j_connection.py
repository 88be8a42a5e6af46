"""Connection to a Neo4j server from the environment: ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``.

The same variables point hrgraph at a Docker container, Neo4j Desktop or Aura. Without ``NEO4J_URI``
hrgraph connects to the bundled server if it runs (``hrgraph neo4j start``, on whatever ports), else
to ``bolt://127.0.0.1:7687``. Without ``NEO4J_PASSWORD`` the driver connects without authentication,
which only works against a server started with auth off (as the tests do).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from neo4j import Driver, GraphDatabase, NotificationDisabledCategory

from hrgraph.stores import neo4j_server

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"


@dataclass(frozen=True)
class ConnectionSettings:
    """Where and as whom to connect; ``database`` None means the server's default database."""

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = None
    database: str | None = None

    @classmethod
    def from_env(cls) -> ConnectionSettings:
        """Read ``NEO4J_URI`` (default: the running bundled server), ``NEO4J_USER``, ``NEO4J_PASSWORD``
        and ``NEO4J_DATABASE``."""
        return cls(
            uri=os.environ.get("NEO4J_URI") or neo4j_server.running_uri() or DEFAULT_URI,
            user=os.environ.get("NEO4J_USER", DEFAULT_USER),
            password=os.environ.get("NEO4J_PASSWORD") or None,
            database=os.environ.get("NEO4J_DATABASE") or None,
        )

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user, self.password) if self.password is not None else None


def connect(settings: ConnectionSettings | None = None, timeout: float = 10.0) -> Driver:
    """Open a driver and check that the server answers; raises ``neo4j.exceptions`` errors if not.

    Warnings about labels or relationship types not in the database are switched off: on a small
    graph, a query about projects when no project was found is normal.
    """
    settings = settings or ConnectionSettings.from_env()
    driver = GraphDatabase.driver(
        settings.uri, auth=settings.auth, connection_timeout=timeout,
        notifications_disabled_categories=[NotificationDisabledCategory.UNRECOGNIZED])
    try:
        driver.verify_connectivity()
    except Exception:
        driver.close()
        raise
    return driver
