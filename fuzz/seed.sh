#!/usr/bin/env bash
# Seeds the fuzz corpora from the shipped models and fixtures and from the
# regression inputs: the first byte picks the format (0: TOML, 1: JSON).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/scenario corpus/layout
seed() { # DIR FILE
  local byte=0
  case "$2" in *.json) byte=1 ;; esac
  local name="${2#../}"
  { printf "\\x0$byte"; cat "$2"; } > "$1/seed-${name//\//-}"
}
# Every scenario and layout file under models/ and fixtures/, at any depth
# (fixtures has folders: zoo, import, ...); CSV, YAML and the rest are not
# scenarios and are left out.
find ../models ../fixtures -type f \( -name '*.toml' -o -name '*.json' \) | sort |
while read -r f; do
  case "$f" in
    *.layout.*) seed corpus/layout "$f" ;;
    *) seed corpus/scenario "$f" ;;
  esac
done
for t in scenario layout; do
  if [ -d "regressions/$t" ]; then cp regressions/$t/* "corpus/$t/" 2>/dev/null || true; fi
done
