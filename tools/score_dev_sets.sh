#!/usr/bin/env bash
# Score both dev sets, each on a run over exactly its own files (as ../shared/eval/README.md asks).
#   tools/score_dev_sets.sh [OUTROOT]      (default /tmp/hrgraph-dev; extra env such as HRGRAPH_NER_MODEL passes through)
# Needs ../shared beside the repository. Prints the scorer's summary line for each gold file.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared="$repo/../shared"
out=${1:-/tmp/hrgraph-dev}
hrgraph=${HRGRAPH_BIN:-$repo/.venv/bin/hrgraph}
python=${HRGRAPH_PYTHON:-$repo/.venv/bin/python}
rm -rf "$out"; mkdir -p "$out/seeds/in" "$out/dev/in"
cp "$shared"/seeds/* "$out/seeds/in/"
"$python" - "$shared" "$out/dev/in" <<'PY'
import json, shutil, sys
from pathlib import Path
shared, target = Path(sys.argv[1]), Path(sys.argv[2])
names = {d["doc"] for d in json.loads((shared / "eval/dev_documents_gold.json").read_text())["documents"]}
for path in (shared / "documents").rglob("*"):
    if path.name in names:
        shutil.copy(path, target / path.name)
PY
for set in seeds dev; do
  gold=$shared/eval/seed_gold.json; [ "$set" = dev ] && gold=$shared/eval/dev_documents_gold.json
  "$hrgraph" ingest "$out/$set/in" --out "$out/$set/out" > "$out/$set/ingest.log" 2>&1 || true
  python3 "$shared/eval/score_graph.py" "$gold" "$out/$set/out" > "$out/$set/score.txt" || true
  echo "$set: $(tail -n 1 "$out/$set/score.txt")"
done
