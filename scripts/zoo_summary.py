#!/usr/bin/env python3
"""Summarise a zoo run (scripts/zoo-bench.sh) as markdown tables.

Usage: zoo_summary.py RESULTS_DIR [LIMIT_SECONDS]

RESULTS_DIR holds, per organisation NAME, NAME.time (name, shape, apps, seed,
rota wall seconds, rota exit code), NAME.rota.json (`rota solve --format
json`) and NAME.highs.json (scripts/highs_solve.py).

Per shape: organisations, proven by each, the geometric-mean speed-up (HiGHS
seconds / rota seconds) over the organisations both prove, the worst ratio
(the smallest speed-up over the organisations either proves; an unproven
side counts its time, which stopped at the limit, so that ratio is a bound)
which side's layout is cheaper where they differ (beyond 1e-6 relative:
only possible where one side is unproven) and disagreements. Two results disagree when both prove optimality with
totals more than 1e-6 relative apart, or when one side's layout is cheaper
than the other's proven bound (a wrong proof either way).
"""
import json
import math
import os
import sys

ORDER = ["article", "flat", "chains", "deep-chains", "upgrades", "tight", "loose",
         "contracts", "cheap-domains", "no-frills", "low-demand", "random"]
TOL = 1e-6


def load(path):
    try:
        with open(path) as f:
            text = f.read().strip()
        return json.loads(text) if text else {}
    except (OSError, ValueError):
        return {}


def close(a, b):
    return abs(a - b) <= TOL * max(1.0, abs(a), abs(b))


def main():
    folder = sys.argv[1]
    limit = float(sys.argv[2]) if len(sys.argv) > 2 else float("nan")
    rows = []
    for f in sorted(os.listdir(folder)):
        if not f.endswith(".time"):
            continue
        name = f[:-5]
        parts = open(os.path.join(folder, f)).read().split("\t")
        r = load(os.path.join(folder, name + ".rota.json"))
        h = load(os.path.join(folder, name + ".highs.json"))
        row = {
            "name": name, "shape": parts[1], "apps": int(parts[2]), "seed": parts[3],
            "rota_s": float(parts[4]), "rota_exit": int(parts[5]),
            "rota_status": r.get("status", "error"),
            "rota_total": r.get("totals", {}).get("total"),
            "rota_bound": r.get("bound"), "rota_gap": r.get("gap"),
            "highs_status": h.get("status", "error"), "highs_total": h.get("total"),
            "highs_bound": h.get("bound"), "highs_s": h.get("seconds"),
        }
        row["rota_proven"] = row["rota_status"] == "optimal"
        row["highs_proven"] = row["highs_status"] == "Optimal"
        row["disagree"] = disagreement(row)
        rows.append(row)
    shapes = sorted({r["shape"] for r in rows},
                    key=lambda s: (ORDER.index(s) if s in ORDER else len(ORDER), s))
    print(f"{len(rows)} organisations, time limit {limit:g} s each side.\n")
    print("| shape | organisations | applications | rota proven | HiGHS proven "
          "| geometric-mean speed-up (both proven) | worst ratio (organisation) "
          "| rota slower | cheaper layout: rota / HiGHS | disagreements |")
    print("|---|---:|---|---:|---:|---:|---|---:|---:|---:|")
    for shape in shapes + ["all"]:
        group = [r for r in rows if shape in ("all", r["shape"])]
        print(line(shape, group))
    unproven = [r for r in rows if not r["rota_proven"]]
    if unproven:
        print("\nNot proven by rota within the limit:\n")
        print("| organisation | rota status | rota gap | rota s | HiGHS status | HiGHS s |")
        print("|---|---|---:|---:|---|---:|")
        for r in sorted(unproven, key=lambda r: (r["shape"], r["apps"], r["name"])):
            gap = f"{100 * r['rota_gap']:.3f} %" if r["rota_gap"] is not None else "-"
            hs = f"{r['highs_s']:.2f}" if r["highs_s"] is not None else "-"
            print(f"| {r['name']} | {r['rota_status']} | {gap} | {r['rota_s']:.2f} "
                  f"| {r['highs_status']} | {hs} |")
    slower = [r for r in rows if r["rota_proven"] is not None and slower_than_highs(r)]
    if slower:
        print("\nrota slower than HiGHS:\n")
        for r in sorted(slower, key=lambda r: r["name"]):
            print(f"- {r['name']}: rota {r['rota_s']:.2f} s ({r['rota_status']}), "
                  f"HiGHS {r['highs_s']:.2f} s ({r['highs_status']})")
    bad = [r for r in rows if r["disagree"]]
    if bad:
        print("\nDisagreements:\n")
        for r in bad:
            print(f"- {r['name']}: {r['disagree']}")


def slower_than_highs(r):
    if not r["highs_proven"] or r["highs_s"] is None:
        return False
    return not r["rota_proven"] or r["rota_s"] > r["highs_s"]


def disagreement(r):
    rt, rb, ht, hb = r["rota_total"], r["rota_bound"], r["highs_total"], r["highs_bound"]
    if r["rota_proven"] and r["highs_proven"] and not close(rt, ht):
        return f"both proven, rota {rt:.2f}, HiGHS {ht:.2f}"
    if rt is not None and hb is not None and r["highs_proven"] and rt < hb and not close(rt, hb):
        return f"rota's layout {rt:.2f} below HiGHS's proven bound {hb:.2f}"
    if ht is not None and rb is not None and r["rota_proven"] and ht < rb and not close(ht, rb):
        return f"HiGHS's layout {ht:.2f} below rota's proven bound {rb:.2f}"
    if r["rota_status"] == "error" or r["rota_exit"] != 0:
        return f"rota failed (exit {r['rota_exit']})"
    return None


def line(shape, group):
    n = len(group)
    apps = f"{min(r['apps'] for r in group)}–{max(r['apps'] for r in group)}"
    rp = sum(r["rota_proven"] for r in group)
    hp = sum(r["highs_proven"] for r in group)
    both = [r for r in group if r["rota_proven"] and r["highs_proven"]]
    if both:
        logs = [math.log(r["highs_s"] / max(r["rota_s"], 1e-3)) for r in both]
        gm = f"{math.exp(sum(logs) / len(logs)):.1f}× ({len(both)})"
    else:
        gm = "–"
    either = [r for r in group if (r["rota_proven"] or r["highs_proven"]) and r["highs_s"]]
    if either:
        w = min(either, key=lambda r: r["highs_s"] / max(r["rota_s"], 1e-3))
        ratio = w["highs_s"] / max(w["rota_s"], 1e-3)
        worst = f"{ratio:.2f}× ({w['name']})"
    else:
        worst = "–"
    slow = sum(slower_than_highs(r) for r in group)
    bad = sum(bool(r["disagree"]) for r in group)
    cheaper = f"{sum(cheaper_layout(r) == 'rota' for r in group)} / " \
              f"{sum(cheaper_layout(r) == 'highs' for r in group)}"
    return f"| {shape} | {n} | {apps} | {rp} | {hp} | {gm} | {worst} | {slow} | {cheaper} | {bad} |"


def cheaper_layout(r):
    """Which side's layout is cheaper (beyond 1e-6 relative), if either."""
    rt, ht = r["rota_total"], r["highs_total"]
    if rt is None or ht is None or close(rt, ht):
        return None
    return "rota" if rt < ht else "highs"


if __name__ == "__main__":
    main()
