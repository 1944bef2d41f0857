#!/usr/bin/env bash
# CLV benchmark: keepwise vs lifetimes 0.11.3 (BG/NBD, Pareto/NBD, Gamma-Gamma fits on CDNOW and on
# 1,000,000 synthetic customers) and keepwise vs DuckDB (RFM summary of a 20,000,000-row log).
# Usage: bench/clv/run.sh [cdnow,1m,rfm]   (env: LIFETIMES_CAP_SECONDS caps each lifetimes fit, default 900)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${CLV_BENCH_WORK:-$ROOT/target/bench-clv}"
VENV="$ROOT/bench/.venv"
mkdir -p "$WORK"

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
# Versions that work together (lifetimes 0.11.3 runs on current numpy/pandas/scipy for these fits).
"$VENV/bin/pip" install -q -r "$HERE/requirements.txt"

(cd "$ROOT" && cargo build --release -p keepwise)
KW="$ROOT/target/release/keepwise"

[ -f "$WORK/summary_1m.csv" ] || "$VENV/bin/python" "$HERE/make_data.py" summary "$WORK/summary_1m.csv" 1000000
[ -f "$WORK/tx_20m.csv" ] || "$VENV/bin/python" "$HERE/make_data.py" log "$WORK/tx_20m.csv" 20000000

echo "# CLV benchmark, $(date -u +%Y-%m-%d), $(nproc) cores"
"$VENV/bin/python" "$HERE/bench.py" "$KW" "$WORK" "${1:-cdnow,1m,rfm}"
