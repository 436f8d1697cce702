#!/bin/sh
# prefsrace.sh [RUNS]: counts the runs of gui/internal/prefsrace
# that log Fyne's "Preferences load error" (EOF), each with a fresh home
# folder, for Fyne's own store and for the settings store the app uses.
# Needs xvfb-run.
set -e
runs=${1:-30}
bin=$(mktemp -d)/prefsrace
go build -o "$bin" ./gui/internal/prefsrace
for provider in "" 1; do
	for mode in none set setlater; do
		n=0
		for i in $(seq 1 "$runs"); do
			home=$(mktemp -d)
			PROVIDER=$provider HOME=$home xvfb-run -a "$bin" $mode >"$home/log" 2>&1 || true
			if grep -q 'Preferences load error' "$home/log"; then n=$((n + 1)); fi
			rm -rf "$home"
		done
		store=fyne
		if [ -n "$provider" ]; then store=settings.Store; fi
		echo "store=$store mode=$mode: $n of $runs runs logged 'Preferences load error'"
	done
done
