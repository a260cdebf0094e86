#!/usr/bin/env bash
# Paired, interleaved whole-process runs of issue 11's standard workload:
# scripts/c_analyze.c (OpenMP) against economics.Analyze
# (scripts/go_analyze), at 1 and 2 threads. Each round runs, for each
# thread count, the C program and the Go program once each (alternating
# which goes first), with OMP_NUM_THREADS or GOMAXPROCS set to the count;
# each program prints the time of its work excluding process start
# (time_s). Prints every pair, then the medians, the median of the
# per-pair ratios Go/C and each side's 2-thread speed-up.
#
# Usage: scripts/pair_analyze.sh [rounds [paths]]   (default 10 200000)
# Needs gcc with OpenMP and Go. Run it on an otherwise idle machine: other
# load on the cores shows up in both columns, but not equally.
set -euo pipefail

rounds=${1:-10}
paths=${2:-200000}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

gcc -O3 -march=native -fopenmp -o "$tmp/c_analyze" "$root/scripts/c_analyze.c" -lm
(cd "$root" && go build -o "$tmp/go_analyze" ./scripts/go_analyze)

timeof() { sed -n 's/.*time_s=\([0-9.]*\).*/\1/p'; }
runc() { OMP_NUM_THREADS=$1 "$tmp/c_analyze" "$paths" "$2" | timeof; }
rungo() { GOMAXPROCS=$1 "$tmp/go_analyze" -paths "$paths" -seed "$2" | timeof; }

echo "# $(date -u +%FT%TZ) $(uname -m), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# go $(go version | cut -d' ' -f3), $(gcc --version | head -1), commit $(git -C "$root" rev-parse --short HEAD)"
printf '%-6s %-8s %-10s %-10s %-8s\n' round threads c_s go_s go/c
out="$tmp/pairs"
for r in $(seq 1 "$rounds"); do
	for t in 1 2; do
		if (( (r + t) % 2 == 0 )); then
			c=$(runc "$t" "$r"); g=$(rungo "$t" "$r")
		else
			g=$(rungo "$t" "$r"); c=$(runc "$t" "$r")
		fi
		ratio=$(awk -v g="$g" -v c="$c" 'BEGIN { printf "%.3f", g / c }')
		printf '%-6s %-8s %-10s %-10s %-8s\n' "$r" "$t" "$c" "$g" "$ratio"
		echo "$r $t $c $g $ratio" >>"$out"
	done
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for t in 1 2; do
	mc=$(awk -v t="$t" '$2 == t { print $3 }' "$out" | median)
	mg=$(awk -v t="$t" '$2 == t { print $4 }' "$out" | median)
	mr=$(awk -v t="$t" '$2 == t { print $5 }' "$out" | median)
	echo "threads=$t: median C ${mc} s, median Go ${mg} s, median ratio Go/C ${mr}"
done
# Speed-ups per round (1-thread time over 2-thread time of the same round).
sc=$(awk '{ k[$1 " " $2] = $3 } END { for (r in k) { split(r, a, " "); if (a[2] == 1 && ((a[1] " 2") in k)) print k[r] / k[a[1] " 2"] } }' "$out" | median)
sg=$(awk '{ k[$1 " " $2] = $4 } END { for (r in k) { split(r, a, " "); if (a[2] == 1 && ((a[1] " 2") in k)) print k[r] / k[a[1] " 2"] } }' "$out" | median)
echo "median 2-thread speed-up: C ${sc}, Go ${sg}"
