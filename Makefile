# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
# Both are idempotent; a second call only reruns what changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NEO4J_JARS := tools/neo4j/target/dependency/.fetched
export PREFECT_HOME := $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: run test server serve setup ocr neo4j-jars neo4j-up neo4j-down neo4j-load benchmark train-ner clean

run: setup
	$(BIN)/hrgraph ingest data/raw --out data/processed

test: setup neo4j-jars
	$(BIN)/python -m pytest

# The Prefect server with its UI on this project's run history (.prefect), at http://127.0.0.1:4200 until Ctrl-C;
# `make run` and `hrgraph ingest` report to it while it runs.
server: setup
	$(BIN)/hrgraph server

# The nightly poll as a deployment (hrgraph-poll/nightly, 03:00) of data/raw and OPARL=<url>; needs `make server`.
serve: setup
	$(BIN)/hrgraph serve data/raw --out data/processed $(if $(OPARL),--oparl $(OPARL)) --cron "0 3 * * *"

setup: $(STAMP) ocr

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Tesseract for scanned PDFs (optional: without it scans are reported as "needs_ocr").
ocr:
	@command -v tesseract >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-deu >/dev/null) ; } \
		|| echo "note: tesseract not installed; scanned PDFs will be reported as needs_ocr"

# Neo4j Community server jars from Maven Central (Java 17 and Maven needed).
neo4j-jars: $(NEO4J_JARS)

$(NEO4J_JARS): tools/neo4j/pom.xml
	cd tools/neo4j && mvn -q -B dependency:copy-dependencies
	touch $(NEO4J_JARS)

neo4j-up: setup neo4j-jars
	NEO4J_PASSWORD=$${NEO4J_PASSWORD:?export NEO4J_PASSWORD (8+ characters)} $(BIN)/hrgraph neo4j start

neo4j-load: setup
	$(BIN)/hrgraph load-neo4j data/processed

neo4j-down:
	$(BIN)/hrgraph neo4j stop

benchmark: setup neo4j-jars
	$(BIN)/python benchmarks/make_corpus.py 1000
	$(BIN)/python benchmarks/throughput.py --sizes 1000 --label make
	$(BIN)/python benchmarks/neo4j_load.py

train-ner: setup
	$(BIN)/hrgraph train-ner

clean:
	rm -rf data/processed/* .prefect tools/neo4j/run
