#!/bin/sh
# Triage throughput: scores N synthetic customers (default 1,000,000) in parallel and
# prints the seconds (wall and CPU) and the peak memory. See README.md here.
set -eu
cd "$(dirname "$0")/../.."
cargo build --release -p keepwise-core --example triage_throughput
exec ./target/release/examples/triage_throughput "${1:-1000000}" "${2:-7}"
