#!/usr/bin/env bash
# Seeds the fuzz corpora from the shipped models and fixtures and from the
# regression inputs: the first byte picks the format (0: TOML, 1: JSON).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/scenario corpus/layout
seed() { # DIR FILE
  local byte=0
  case "$2" in *.json) byte=1 ;; esac
  { printf "\\x0$byte"; cat "$2"; } > "$1/seed-$(basename "$2")"
}
for f in ../models/*.toml ../fixtures/*; do
  case "$f" in
    *.layout.*) seed corpus/layout "$f" ;;
    *) seed corpus/scenario "$f" ;;
  esac
done
for t in scenario layout; do
  if [ -d "regressions/$t" ]; then cp regressions/$t/* "corpus/$t/" 2>/dev/null || true; fi
done
