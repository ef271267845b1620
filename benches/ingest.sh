#!/usr/bin/env bash
# Whole-corpus ingestion benchmark (see benches/ingest.rs): thidua ingest with 1 and 2 threads
# against a bare tantivy baseline, on ../shared/corpus/news/baomoi-2017.tar.gz by default.
#   bash benches/ingest.sh [ARCHIVE]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then export THIDUA_BENCH_INPUT="$(realpath "$1")"; fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/root/.cache/thidua-target}"
exec cargo bench --bench ingest
