#!/usr/bin/env bash
# Paired, interleaved whole-process runs of issue 11's standard workload as
# one run and as N shards run one after the other and merged
# (examples/timing -shards N): the processor and wall time of the
# sharded run over the single one, per pair, and their medians.
#
# Usage: scripts/pair_shards.sh [rounds [shards [paths]]]   (default 10 8 200000)
set -euo pipefail

rounds=${1:-10}
shards=${2:-8}
paths=${3:-200000}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/go_analyze" ./examples/timing)

timeof() { sed -n 's/.*time_s=\([0-9.]*\) cpu_s=\([0-9.]*\).*/\1 \2/p'; }
run() { GOMAXPROCS=2 "$tmp/go_analyze" -paths "$paths" -seed "$2" -shards "$1" | timeof; }

echo "# $(date -u +%FT%TZ), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg), commit $(git -C "$root" rev-parse --short HEAD)"
printf '%-6s %-10s %-10s %-8s %-10s %-10s %-8s\n' round one_s sharded_s ratio one_cpu sharded_cpu ratio_cpu
out="$tmp/pairs"
for r in $(seq 1 "$rounds"); do
	if (( r % 2 == 0 )); then
		o=$(run 1 "$r"); s=$(run "$shards" "$r")
	else
		s=$(run "$shards" "$r"); o=$(run 1 "$r")
	fi
	read -r ow oc <<<"$o"
	read -r sw sc <<<"$s"
	line=$(awk -v r="$r" -v ow="$ow" -v sw="$sw" -v oc="$oc" -v sc="$sc" \
		'BEGIN { printf "%-6d %-10.4f %-10.4f %-8.3f %-10.4f %-10.4f %-8.3f", r, ow, sw, sw/ow, oc, sc, sc/oc }')
	echo "$line"
	echo "$line" >>"$out"
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2 }'; }
echo "shards=$shards: median ratio sharded/single, wall $(awk '{print $4}' "$out" | median), processor $(awk '{print $7}' "$out" | median)"
