#!/usr/bin/env bash
# Paired, interleaved whole-process runs of issue 11's standard workload:
# scripts/c_analyze.c (OpenMP) against economics.Analyze
# (examples/timing), at 1 and 2 threads. Each round runs, for each
# thread count, the C program and the Go program once each (alternating
# which goes first), with OMP_NUM_THREADS or GOMAXPROCS set to the count;
# each program prints the time of its work excluding process start
# (time_s) and the processor time of all its threads over the same span
# (cpu_s). Prints every pair, then the medians, the median of the per-pair
# ratios Go/C (wall and processor time) and each side's 2-thread speed-up.
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
(cd "$root" && go build -o "$tmp/go_analyze" ./examples/timing)

# Each prints "wall cpu": its time_s and cpu_s.
timeof() { sed -n 's/.*time_s=\([0-9.]*\) cpu_s=\([0-9.]*\).*/\1 \2/p'; }
runc() { OMP_NUM_THREADS=$1 "$tmp/c_analyze" "$paths" "$2" | timeof; }
rungo() { GOMAXPROCS=$1 "$tmp/go_analyze" -paths "$paths" -seed "$2" | timeof; }

echo "# $(date -u +%FT%TZ) $(uname -m), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# go $(go version | cut -d' ' -f3), $(gcc --version | head -1), commit $(git -C "$root" rev-parse --short HEAD)"
printf '%-6s %-8s %-10s %-10s %-8s %-10s %-10s %-8s\n' round threads c_s go_s go/c c_cpu_s go_cpu_s go/c_cpu
out="$tmp/pairs"
for r in $(seq 1 "$rounds"); do
	for t in 1 2; do
		if (( (r + t) % 2 == 0 )); then
			c=$(runc "$t" "$r"); g=$(rungo "$t" "$r")
		else
			g=$(rungo "$t" "$r"); c=$(runc "$t" "$r")
		fi
		read -r cw cc <<<"$c"
		read -r gw gc <<<"$g"
		ratio=$(awk -v g="$gw" -v c="$cw" 'BEGIN { printf "%.3f", g / c }')
		cratio=$(awk -v g="$gc" -v c="$cc" 'BEGIN { printf "%.3f", g / c }')
		printf '%-6s %-8s %-10s %-10s %-8s %-10s %-10s %-8s\n' "$r" "$t" "$cw" "$gw" "$ratio" "$cc" "$gc" "$cratio"
		echo "$r $t $cw $gw $ratio $cc $gc $cratio" >>"$out"
	done
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for t in 1 2; do
	mc=$(awk -v t="$t" '$2 == t { print $3 }' "$out" | median)
	mg=$(awk -v t="$t" '$2 == t { print $4 }' "$out" | median)
	mr=$(awk -v t="$t" '$2 == t { print $5 }' "$out" | median)
	mcr=$(awk -v t="$t" '$2 == t { print $8 }' "$out" | median)
	echo "threads=$t: median C ${mc} s, median Go ${mg} s, median ratio Go/C ${mr} (processor time: ${mcr})"
	# On a shared machine the fastest run of each side is the least disturbed.
	awk -v t="$t" '$2 == t { if (!n++ || $3 < c) c = $3; if (n == 1 || $4 < g) g = $4 }
		END { printf "threads=%s: fastest C %.6f s, fastest Go %.6f s, ratio %.3f\n", t, c, g, g / c }' "$out"
done
# Speed-ups per round (1-thread time over 2-thread time of the same round).
sc=$(awk '{ k[$1 " " $2] = $3 } END { for (r in k) { split(r, a, " "); if (a[2] == 1 && ((a[1] " 2") in k)) print k[r] / k[a[1] " 2"] } }' "$out" | median)
sg=$(awk '{ k[$1 " " $2] = $4 } END { for (r in k) { split(r, a, " "); if (a[2] == 1 && ((a[1] " 2") in k)) print k[r] / k[a[1] " 2"] } }' "$out" | median)
echo "median 2-thread speed-up: C ${sc}, Go ${sg}"
