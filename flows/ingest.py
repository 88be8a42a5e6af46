"""Run the ingestion flow: ``python flows/ingest.py data/raw --out data/processed`` (same as ``hrgraph ingest``)."""

from hrgraph.cli import app

if __name__ == "__main__":
    app(["ingest", *__import__("sys").argv[1:]])
