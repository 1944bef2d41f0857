#!/usr/bin/env bash
# Import throughput: generate a sample data set of N customers (default 1,000,000),
# import it into a fresh SQLite store with the release binary, and print rows/s
# and peak memory. Target (issue 2): ≥ 200,000 rows/s end to end.
#
#   bench/import/run.sh [CUSTOMERS]
set -euo pipefail
cd "$(dirname "$0")/../.."
customers="${1:-1000000}"
out="bench/out/import-$customers"
cargo build --release -p keepwise --quiet
bin=target/release/keepwise
rm -rf "$out" && mkdir -p "$out"

echo "generating $customers customers into $out/data …"
/usr/bin/time -f "%e s, peak %M KiB" -o "$out/generate.time" "$bin" generate --customers "$customers" --seed 1 --out "$out/data" > /dev/null
echo "  $(cat "$out/generate.time")"
du -sh "$out/data" | awk '{print "  data set size " $1}'

echo "importing into a fresh store …"
/usr/bin/time -f "%e %M %U %S" -o "$out/import.time" "$bin" --db "$out/bench.db" import "$out/data" > "$out/import.log"
read -r seconds peak_kib user_s sys_s < "$out/import.time"
rows=$(grep -o 'imported [0-9]* rows' "$out/import.log" | grep -o '[0-9]*')
cat "$out/import.log"
echo
printf "%-28s %12s\n" "customers" "$customers"
printf "%-28s %12s\n" "rows imported" "$rows"
printf "%-28s %12s\n" "seconds (end to end)" "$seconds"
printf "%-28s %12.0f\n" "rows per second" "$(echo "$rows / $seconds" | bc -l)"
printf "%-28s %12s\n" "target rows per second" "200000"
printf "%-28s %12.0f\n" "peak memory (MiB)" "$(echo "$peak_kib / 1024" | bc -l)"
# On a shared machine the wall clock depends on the neighbours; CPU time does not.
printf "%-28s %12.1f\n" "CPU seconds (user + sys)" "$(echo "$user_s + $sys_s" | bc -l)"

echo
echo "re-importing the same files (idempotent: everything unchanged) …"
/usr/bin/time -f "%e %M %U %S" -o "$out/reimport.time" "$bin" --db "$out/bench.db" import "$out/data" > "$out/reimport.log"
read -r seconds2 peak2 user2 sys2 < "$out/reimport.time"
printf "%-28s %12s\n" "re-import seconds" "$seconds2"
printf "%-28s %12.0f\n" "re-import rows per second" "$(echo "$rows / $seconds2" | bc -l)"
printf "%-28s %12.0f\n" "re-import peak memory (MiB)" "$(echo "$peak2 / 1024" | bc -l)"
printf "%-28s %12.1f\n" "re-import CPU seconds" "$(echo "$user2 + $sys2" | bc -l)"
uptime
