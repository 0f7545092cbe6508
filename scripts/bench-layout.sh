#!/usr/bin/env bash
# bench-layout.sh times our force layout against the peers (d3-force and
# graphology's ForceAtlas2, Barnes–Hut) on the same graph files, in the same
# run, and prints one line per figure:
#   layout nodes=10000 edges=49641 iterations=300 ms_per_iteration=3.565 edge_ratio=0.2271
#   d3-force nodes=10000 edges=49641 iterations=300 ms_per_iteration=108.752 edge_ratio=0.3250
#   forceatlas2-barneshut nodes=...
# The graphs come from the peer tool (`gen-communities`), which needs Node and
# npm and installs its packages into a cache outside the repository.
#   bench-layout.sh [GRAPH ...]     GRAPH is g1k or g10k (default: both)
#   COUNT=3 bench-layout.sh         our runs per graph (the median is printed)
set -euo pipefail
cd "$(dirname "$0")/.."
peer=${LAYOUT_PEER:-../shared/tools/layout-peer/run}
iterations=300 # fixed in BenchmarkForce too: the issue compares 300 iterations
count=${COUNT:-3}
graphs=("$@")
[ ${#graphs[@]} -gt 0 ] || graphs=(g1k g10k)

for tool in node npm go; do
  command -v "$tool" >/dev/null || { echo "bench-layout: $tool missing; install it (the peers run on Node)" >&2; exit 2; }
done
[ -x "$peer" ] || { echo "bench-layout: peer tool $peer not found; set LAYOUT_PEER" >&2; exit 2; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

for name in "${graphs[@]}"; do
  case $name in
    g1k) args=(1000 10 8 1 1) ;;
    g10k) args=(10000 20 8 1 1) ;;
    *) echo "bench-layout: unknown graph $name (want g1k or g10k)" >&2; exit 2 ;;
  esac
  "$peer" gen-communities "${args[@]}" >"$dir/$name.json"

  # Our benchmark reads the tool's file itself (GOVSCAPE_LAYOUT_GRAPHS), so
  # both sides lay out the very same bytes. Its metrics come out as
  # "value unit" pairs; of COUNT runs the median time is printed, since other
  # work on the machine can only slow a run down, never speed it up.
  GOVSCAPE_LAYOUT_GRAPHS=$dir go test ./ui/layout -run '^$' -bench "^BenchmarkForce/$name\$" \
      -benchtime 1x -count "$count" |
    awk '
      /^BenchmarkForce\// {
        for (i = 3; i < NF; i++) m[$(i+1)] = $i
        line[n++] = sprintf("%012.6f layout nodes=%d edges=%d iterations=%d ms_per_iteration=%.3f edge_ratio=%.4f",
          m["ms_per_iteration"], m["nodes"], m["edges"], m["iterations"], m["ms_per_iteration"], m["edge_ratio"])
      }
      END {
        if (n == 0) { print "bench-layout: no benchmark result" > "/dev/stderr"; exit 1 }
        for (i = 1; i < n; i++) for (j = i; j > 0 && line[j-1] > line[j]; j--) { t = line[j]; line[j] = line[j-1]; line[j-1] = t }
        print substr(line[int((n-1)/2)], 14)
      }'
  "$peer" time "$dir/$name.json" "$iterations"
done
