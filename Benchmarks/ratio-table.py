#!/usr/bin/env python3
"""One Markdown table from the harness's OUTDIR/*.summary.json: our engine's figures, then each
peer's with the ratio ours / peer's.

  ratio-table.py OUTDIR [ENGINE]          ENGINE: ours (default sakuin)
  ratio-table.py --growth BASE_OUTDIR OUTDIR   each engine's figures in OUTDIR divided by BASE's
                                                (the same corpus repeated: how cost grows)
Ratios: for index s, RSS, size and latencies below 1 means ours is smaller (better); for MB/s and
queries with hits above 1 means ours is higher (better).
"""
import glob, json, os, sys

METRICS = [  # key, heading, decimals
    ("mb_per_s", "index MB/s", 2), ("index_s", "index s", 2), ("index_rss_mb", "index peak RSS MB", 0),
    ("index_mb", "index MB (du -sb)", 1), ("p50_us", "p50 µs", 0), ("p95_us", "p95 µs", 0),
    ("p99_us", "p99 µs", 0), ("with_hits", "queries with hits", 0),
]

def summaries(folder):
    found = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.summary.json"))):
        s = json.load(open(path, encoding="utf-8"))
        found[s["engine"]] = s
    return found

def number(x, decimals):
    if x is None: return "–"
    return f"{x:,.{decimals}f}"

def ratio(a, b):
    if a is None or b in (None, 0): return "–"
    r = a / b
    return f"{r:.2f}×" if r < 10 else f"{r:.0f}×"

def table(folder, ours):
    found = summaries(folder)
    if ours not in found: sys.exit(f"no {ours}.summary.json in {folder}")
    us = found[ours]
    loads = [float(x) for s in found.values() for x in s.get("loadavg", []) if x not in ("?", None)]
    print(f"{us['docs']:,} documents, {us['input_mb']} MB of JSONL, {us['queries']} queries; "
          f"medians of {us['runs']} run(s) each; 1-minute load average before the runs "
          f"{min(loads, default=0):.2f}–{max(loads, default=0):.2f}. Peers' cells: figure (ours / peer's).")
    print()
    print("| engine | " + " | ".join(h for _, h, _ in METRICS) + " |")
    print("|---|" + "---:|" * len(METRICS))
    cells = [number(us[k], d) if k != "with_hits" else f"{us[k]}/{us['queries']}" for k, _, d in METRICS]
    print(f"| **{ours}** | " + " | ".join(cells) + " |")
    for name, s in found.items():
        if name == ours: continue
        cells = []
        for k, _, d in METRICS:
            shown = number(s[k], d) if k != "with_hits" else f"{s[k]}/{s['queries']}"
            cells.append(f"{shown} ({ratio(us[k], s[k])})")
        print(f"| {name} | " + " | ".join(cells) + " |")

def growth(base_folder, folder):
    base, now = summaries(base_folder), summaries(folder)
    keys = [("index_s", "index s"), ("index_rss_mb", "index peak RSS"), ("index_mb", "index MB"),
            ("p50_us", "p50"), ("p95_us", "p95"), ("p99_us", "p99")]
    any_engine = next(iter(now.values()))
    first = next(iter(base.values()))
    print(f"Growth from {first['docs']:,} to {any_engine['docs']:,} documents: each figure divided by the smaller corpus's.")
    print()
    print("| engine | " + " | ".join(h for _, h in keys) + " |")
    print("|---|" + "---:|" * len(keys))
    for name, s in now.items():
        if name not in base: continue
        print(f"| {name} | " + " | ".join(ratio(s[k], base[name][k]) for k, _ in keys) + " |")

if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--growth"] and len(args) == 3: growth(args[1], args[2])
    elif 1 <= len(args) <= 2: table(args[0], args[1] if len(args) == 2 else "sakuin")
    else: sys.exit(__doc__)
