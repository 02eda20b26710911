#!/usr/bin/env bash
# Times `rota solve` (dedicated solver) against HiGHS on the same model, on
# generated organisations, in one run, and prints a markdown table.
#
#   scripts/compare-highs.sh [SIZES...]          default: 30 100 300
#
# Environment: SEED (default 1), LIMIT seconds per solve for both (default 120),
# ROTA (the binary; default target/release/rota, built if missing),
# OUT (folder for the generated files; default a temporary one).
#
# HiGHS comes from PyPI for this comparison only (`pip install highspy`); it is
# never a build dependency of rota. HiGHS solves the plain formulation that
# `rota solve --write-lp` writes (SPEC §3 with rota copies, symmetry broken);
# the LP file's header names a constant (applications never worth covering)
# that scripts/highs_solve.py adds back so the totals compare. Both run on one
# thread; times are wall-clock seconds including reading the model.
set -euo pipefail
cd "$(dirname "$0")/.."
SEED="${SEED:-1}"
LIMIT="${LIMIT:-120}"
ROTA="${ROTA:-target/release/rota}"
OUT="${OUT:-$(mktemp -d)}"
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(30 100 300)
if [ ! -x "$ROTA" ]; then
  cargo build --release --quiet
fi
python3 -c "import highspy" 2>/dev/null || {
  echo "error: highspy is missing; install it with: pip install highspy" >&2
  exit 1
}
mkdir -p "$OUT"
echo "| applications | rota status | rota total | rota gap | rota s | HiGHS status | HiGHS total | HiGHS gap | HiGHS s | same total |"
echo "|---:|---|---:|---:|---:|---|---:|---:|---:|---|"
for n in "${SIZES[@]}"; do
  model="$OUT/org-$n.toml"
  "$ROTA" generate --apps "$n" --seed "$SEED" --output "$model"
  # The LP file, written by a separate short run so it is not in the timing.
  "$ROTA" solve "$model" --time-limit 0.01 --write-lp "$OUT/org-$n.lp" --format json > /dev/null
  start=$(date +%s.%N)
  "$ROTA" solve "$model" --time-limit "$LIMIT" --format json > "$OUT/rota-$n.json"
  end=$(date +%s.%N)
  python3 scripts/highs_solve.py "$OUT/org-$n.lp" "$LIMIT" 2>/dev/null | tail -n 1 > "$OUT/highs-$n.json"
  python3 - "$OUT/rota-$n.json" "$OUT/highs-$n.json" "$n" "$start" "$end" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); h = json.load(open(sys.argv[2]))
n, start, end = sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
rt = r["totals"]["total"]
same = "-"
if r["status"] == "optimal" and h.get("status") == "Optimal":
    same = "yes" if abs(rt - h["total"]) <= 1e-6 * max(1.0, abs(rt)) else f"NO ({h['total'] - rt:+.2f})"
hgap = (h["total"] - h["bound"]) / h["total"] if h.get("total") else float("nan")
print(f"| {n} | {r['status']} | {rt:,.2f} | {100*r['gap']:.3f}% | {end-start:.2f} | "
      f"{h.get('status','error')} | {h.get('total', float('nan')):,.2f} | {100*hgap:.3f}% | {h.get('seconds', float('nan')):.2f} | {same} |")
PY
done
