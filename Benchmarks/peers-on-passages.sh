#!/usr/bin/env bash
# Ranks the judged queries with the peer engines on exactly the passages Sakuin indexes, and
# scores every ranking, Sakuin's included, with the same code (`sakuin eval`).
#
# Usage: Benchmarks/peers-on-passages.sh PEERS_DIR EVAL_DIR OUTDIR
#   PEERS_DIR  the peer harness (a folder with fts5/, groonga/, lucene/ …, each with run.sh and
#              the contract `run.sh CORPUS.jsonl QUERIES.tsv OUTDIR` writing OUTDIR/NAME.results.tsv)
#   EVAL_DIR   a judged set: queries.tsv (qid, query) and qrels.tsv (qid, doc, anchor, grade)
#   OUTDIR     where the index, the exported passages, the peers' indexes and the table go
# Env: ENGINES (default "fts5 groonga lucene"), SAKUIN (default: the release build of this
# package, built first), CORPUS (default: seeds).
set -euo pipefail
peers=$(cd "$1" && pwd); eval_dir=$(cd "$2" && pwd); out=$3
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"; out=$(cd "$out" && pwd)
if [ -z "${SAKUIN:-}" ]; then
  (cd "$root" && swift build -c release --product sakuin >&2)
  SAKUIN="$root/.build/release/sakuin"
fi
corpus=${CORPUS:-$root/seeds}

"$SAKUIN" index "$corpus" --index "$out/index" --rebuild >&2
"$SAKUIN" export --passages --jsonl --index "$out/index" > "$out/passages.jsonl"

# The peers' corpus format: one {"id", "title", "source", "text"} a line, one line a passage.
python3 - "$out/passages.jsonl" "$out/corpus.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as dst:
    for line in src:
        p = json.loads(line)
        dst.write(json.dumps({"id": p["id"], "title": p.get("title") or "", "source": p["doc"],
                              "text": p["text"]}, ensure_ascii=False) + "\n")
PY
# The peers' query format: id, kind, query; several words are all required (kind and2).
python3 - "$eval_dir/queries.tsv" "$out/queries.tsv" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")][1:]
with open(sys.argv[2], "w", encoding="utf-8") as dst:
    dst.write("id\tkind\tquery\n")
    for r in rows:
        if len(r) >= 2 and r[0]:
            dst.write(f"{r[0]}\t{'and2' if ' ' in r[1].strip() else 'word'}\t{r[1]}\n")
PY

# One table row from `sakuin eval --json` on stdin.
row() {
  python3 -c "import json,sys; d=json.load(sys.stdin); print('| %s | %.3f | %.3f | %.3f |' % (sys.argv[1], d['ndcg_at_10'], d['recall_at_10'], d['mrr_at_10']))" "$1"
}

table="$out/ranking.md"
{
  echo "| engine | nDCG@10 | Recall@10 | MRR@10 |"
  echo "|---|---|---|---|"
  "$SAKUIN" eval "$eval_dir" --index "$out/index" --json | row sakuin
  for engine in ${ENGINES:-fts5 groonga lucene}; do
    if ! REPEAT=1 "$peers/$engine/run.sh" "$out/corpus.jsonl" "$out/queries.tsv" "$out/peers" >&2; then
      echo "| $engine | (did not run) | | |"; continue
    fi
    for results in "$out/peers"/*.results.tsv; do
      name=$(basename "$results" .results.tsv)
      case "$name" in "$engine"*) ;; *) continue ;; esac
      "$SAKUIN" eval "$eval_dir" --ranking "$results" --passages "$out/passages.jsonl" --json | row "$name"
    done
  done
} | tee "$table"
