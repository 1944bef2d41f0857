#!/usr/bin/env bash
# CLV benchmark: keepwise vs lifetimes 0.11.3 (BG/NBD, Pareto/NBD, Gamma-Gamma fits on CDNOW and on
# 1,000,000 synthetic customers) and keepwise vs DuckDB (RFM summary of a 20,000,000-row log).
# Usage: bench/clv/run.sh [cdnow,1m,rfm,value]   (default cdnow,1m,rfm; env: LIFETIMES_CAP_SECONDS caps
# each lifetimes fit, default 900)
#   value: `keepwise value` end to end on 1,000,000 generated customers (generate, import into a fresh
#   store, then time the command with /usr/bin/time -v); the store is kept in $CLV_VALUE_WORK
#   (default target/bench-value) and reused while it exists (the import takes an hour on 2 busy cores).
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

PARTS="${1:-cdnow,1m,rfm}"

if [[ ",$PARTS," == *",value,"* ]]; then
  VWORK="${CLV_VALUE_WORK:-$ROOT/target/bench-value}"
  mkdir -p "$VWORK"
  if [ ! -f "$VWORK/v1m.db" ] || [ ! -f "$VWORK/import.done" ]; then
    rm -rf "$VWORK/d1m" "$VWORK/v1m.db" "$VWORK/v1m.db-wal" "$VWORK/v1m.db-shm"
    /usr/bin/time -v "$KW" generate --customers 1000000 --seed 7 --out "$VWORK/d1m" >"$VWORK/gen.log" 2>"$VWORK/gen.err"
    /usr/bin/time -v "$KW" --db "$VWORK/v1m.db" import "$VWORK/d1m" >"$VWORK/import.log" 2>"$VWORK/import.err"
    touch "$VWORK/import.done"
  fi
  echo "# keepwise value, 1,000,000 customers, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -v "$KW" --db "$VWORK/v1m.db" value >"$VWORK/value.out" 2>"$VWORK/value.err"
  grep -E "Elapsed|User time|System time|Maximum resident|Percent of CPU" "$VWORK/value.err"
  echo "rows written: $(($(wc -l <"$VWORK/value.out") - 1))"
  PARTS="${PARTS//value/}"
  PARTS="$(echo "$PARTS" | sed -e 's/,,*/,/g' -e 's/^,//' -e 's/,$//')"
  [ -n "$PARTS" ] || exit 0
fi

[ -f "$WORK/summary_1m.csv" ] || "$VENV/bin/python" "$HERE/make_data.py" summary "$WORK/summary_1m.csv" 1000000
[ -f "$WORK/tx_20m.csv" ] || "$VENV/bin/python" "$HERE/make_data.py" log "$WORK/tx_20m.csv" 20000000

echo "# CLV benchmark, $(date -u +%Y-%m-%d), $(nproc) cores"
"$VENV/bin/python" "$HERE/bench.py" "$KW" "$WORK" "$PARTS"
