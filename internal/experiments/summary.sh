#!/bin/sh
# summary.sh OUT: one TSV line per training log in OUT (NAME.log, written
# by ablation.sh or seeds.sh): the name, the recipe line, the kept epoch,
# the validation accuracy, the test accuracy (if measured), the total
# time, and the training speed.
set -eu
OUT=$1
printf 'name\trecipe\tkept_epoch\tval_accuracy\ttest_accuracy\tseconds\timg_per_s\n'
for f in "$OUT"/*.log; do
	[ -e "$f" ] || continue
	name=$(basename "$f" .log)
	awk -v name="$name" '
		/^Recipe / { sub(/^Recipe /, ""); sub(/:.*/, ""); recipe = $0 }
		/^Stopped:/ {
			for (i = 1; i <= NF; i++) if ($i == "epoch") kept = $(i+1)
			sub(/[^0-9]*$/, "", kept)
			if (match($0, /validation accuracy [0-9.]+%/)) { v = substr($0, RSTART+20, RLENGTH-21) }
		}
		/^Time:/ {
			t = $2
			s = 0
			if (match(t, /[0-9.]+h/)) s += 3600 * substr(t, RSTART, RLENGTH-1)
			if (match(t, /[0-9.]+m/)) s += 60 * substr(t, RSTART, RLENGTH-1)
			if (match(t, /[0-9.]+s/)) s += substr(t, RSTART, RLENGTH-1)
		}
		/^Training speed:/ {
			ips = $3
			if (match($0, /Test accuracy: [0-9.]+%/)) test = substr($0, RSTART+15, RLENGTH-16)
		}
		END { if (kept != "") printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", name, recipe, kept, v, (test == "" ? "-" : test), s, ips }
	' "$f"
done
