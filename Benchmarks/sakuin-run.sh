#!/usr/bin/env bash
# Sakuin under the peer benchmark contract, in the style of the peers' run.sh.
# Usage: sakuin-run.sh CORPUS.jsonl QUERIES.tsv OUTDIR   (env REPEAT, APPEND as the peers' scripts)
# Env: PEERS      the peer harness folder (shared/peers: its lib/bench.py times the two commands)
#      SAKUIN_BENCH  the sakuin-bench executable (default: this package's release build in .build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
peers=${PEERS:?set PEERS to the peer harness folder (shared/peers)}
bench=${SAKUIN_BENCH:-$here/../.build/release/sakuin-bench}
[ -x "$bench" ] || { echo "no sakuin-bench at $bench: swift build -c release --product sakuin-bench" >&2; exit 1; }
python3 "$peers/lib/bench.py" --engine sakuin --index-cmd "$bench index" --query-cmd "$bench query" "$@"
