#!/usr/bin/env bash
# Abuse detector throughput: messages per second on one core, on 100-byte and
# 1,000-byte messages. Builds in release mode. Usage: bench/abuse/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
exec cargo run --release -q -p keepwise-core --example abuse_throughput
