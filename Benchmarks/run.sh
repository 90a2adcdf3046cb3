#!/usr/bin/env bash
# Sakuin side by side with the peer engines on the Japanese corpus: builds the release products,
# builds the corpus if it is missing, runs Sakuin and every peer in interleaved rounds (the
# peers' run-all.sh, Sakuin added through EXTRA_RUN), then prints one table of Sakuin's figures
# next to each peer's, with the ratios (ours / peer's). See Benchmarks/README.md.
#
# Usage: Benchmarks/run.sh SHARED OUTDIR [ROUNDS]
#   SHARED  the shared folder (its corpus/ and peers/)
#   OUTDIR  where the corpus (when built here), the indexes and the reports go: keep it outside
#           the repository and outside SHARED (indexes are large)
#   ROUNDS  interleaved rounds, medians over them (default 3)
# Env: CORPUS   the corpus JSONL (default OUTDIR/corpus/ja-docs.jsonl, built when missing)
#      QUERIES  the query set (default SHARED/corpus/queries-ja.tsv)
#      SCALE    N > 1 repeats each document N times with new ids (`ID`, `ID#2`, … `ID#N`), to show
#               how cost grows with the collection; results go to OUTDIR/xN
#      ENGINES  peer folders to run (default: fts5 groonga lucene xapian bm25s; bm25s is skipped
#               when its Python package is missing)
#      SCRATCH  the build folder, relative to the repository or absolute (default .build)
#      KEEP=1   add the rounds to those already in the results folder
set -euo pipefail
shared=$(cd "${1:?usage: run.sh SHARED OUTDIR [ROUNDS]}" && pwd)
mkdir -p "${2:?usage: run.sh SHARED OUTDIR [ROUNDS]}"
out=$(cd "$2" && pwd)
rounds=${3:-3}
scale=${SCALE:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=${SCRATCH:-.build}
case "$scratch" in /*) ;; *) scratch=$root/$scratch ;; esac   # relative to the repository
case "$out/" in "$root"/*|"$shared"/*) echo "OUTDIR must be outside the repository and outside SHARED" >&2; exit 2;; esac

echo "== building the release products" >&2
(cd "$root" && swift build -c release --scratch-path "$scratch" --product sakuin-bench >&2)
export SAKUIN_BENCH="$scratch/release/sakuin-bench" PEERS="$shared/peers"

corpus=${CORPUS:-$out/corpus/ja-docs.jsonl}
if [ ! -s "$corpus" ]; then
  echo "== building the corpus into $(dirname "$corpus") (needs root and Debian's archive)" >&2
  "$shared/corpus/build-corpus.sh" "$(dirname "$corpus")" >&2
fi
queries=${QUERIES:-$shared/corpus/queries-ja.tsv}

results=$out/x$scale
mkdir -p "$results"
if [ "$scale" -gt 1 ]; then
  scaled=$out/corpus-x$scale.jsonl
  if [ ! -s "$scaled" ] || [ "$corpus" -nt "$scaled" ]; then
    echo "== writing the corpus repeated $scale times to $scaled" >&2
    python3 - "$corpus" "$scaled" "$scale" <<'PY'
import json, sys
source, target, times = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = [l for l in open(source, encoding="utf-8") if l.strip()]
with open(target, "w", encoding="utf-8") as out:
    for copy in range(1, times + 1):
        for line in lines:
            d = json.loads(line)
            if copy > 1: d["id"] = f"{d['id']}#{copy}"
            out.write(json.dumps(d, ensure_ascii=False) + "\n")
PY
  fi
  corpus=$scaled
fi

engines=${ENGINES:-fts5 groonga lucene xapian bm25s}
if [[ " $engines " == *" bm25s "* ]] && ! python3 -c 'import bm25s' 2>/dev/null; then
  echo "== bm25s is not installed (pip install bm25s): left out" >&2
  engines=${engines//bm25s/}
fi
echo "== $rounds round(s) of sakuin and: $engines (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
ENGINES="$engines" EXTRA_RUN="$root/Benchmarks/sakuin-run.sh" \
  "$shared/peers/run-all.sh" "$corpus" "$queries" "$results" "$rounds" > "$results/run-all.out"

python3 "$root/Benchmarks/ratio-table.py" "$results" sakuin | tee "$results/ratios.md"
if [ "$scale" -gt 1 ] && [ -f "$out/x1/sakuin.summary.json" ]; then
  echo
  python3 "$root/Benchmarks/ratio-table.py" --growth "$out/x1" "$results" | tee "$results/growth.md"
fi
