#!/usr/bin/env bash
# bench.sh runs every benchmark of the project and prints one line per figure,
# `NAME key=value ...`, medians over COUNT runs (default 5), then the layout
# against its peers (d3-force, graphology ForceAtlas2) on the same graphs when
# Node is installed. The raw `go test` output is kept in bench.out.
set -uo pipefail
cd "$(dirname "$0")/.."
count=${COUNT:-5}
tags=migrated_fynedo

echo "# $(uname -sm), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(go version | cut -d' ' -f3)"
grep -m1 'model name' /proc/cpuinfo | sed 's/^.*: /# cpu: /'
go test -tags "$tags" -run '^$' -bench . -skip 'Memory1GiB' -benchmem -count "$count" ./model ./ui/render ./app/... 2>&1 | tee bench.out | go run ./scripts/benchlines
status=${PIPESTATUS[0]}
# Backing up and restoring a 1 GiB store takes minutes: once is enough for a
# memory peak.
go test -tags "$tags" -run '^$' -bench 'Memory1GiB' -count 1 ./app/store 2>&1 | tee -a bench.out | go run ./scripts/benchlines
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
if command -v node >/dev/null && command -v npm >/dev/null && [ -f scripts/bench-layout.sh ]; then
  COUNT=3 bash scripts/bench-layout.sh || status=1
else
  echo "# layout vs peers skipped: Node and npm are needed for the peer layouts"
  go test -run '^$' -bench 'BenchmarkForce' -count 3 ./ui/layout 2>&1 | tee -a bench.out | go run ./scripts/benchlines
fi
exit "$status"
