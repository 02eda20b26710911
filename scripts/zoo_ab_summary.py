#!/usr/bin/env python3
"""Summarises scripts/zoo-ab.sh output: zoo_ab_summary.py AB.tsv LIST...

Per list: proven before (A) and after (B), wall-time median and worst, the
speed-up A/B where both prove (median, worst, best), totals that differ where
both prove (there must be none), gaps at the limit and where they grew.
"""
import sys, statistics as st
# A = before, B = after.
rows = {}
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    rows[f[0]] = dict(A=dict(w=float(f[1]), cpu=float(f[2]), st=f[3], gap=float(f[4]), tot=float(f[5])),
                      B=dict(w=float(f[6]), cpu=float(f[7]), st=f[8], gap=float(f[9]), tot=float(f[10])))
for lst in sys.argv[2:]:
    names = [l.strip() for l in open(lst) if l.strip() and l.strip() in rows]
    R = [rows[n] for n in names]
    pa = sum(r["A"]["st"] == "opt" for r in R); pb = sum(r["B"]["st"] == "opt" for r in R)
    both = [(n, r) for n, r in zip(names, R) if r["A"]["st"] == "opt" and r["B"]["st"] == "opt"]
    ratios = [(max(r["A"]["w"], 0.01) / max(r["B"]["w"], 0.01), n) for n, r in both]
    dis = [n for n, r in both if abs(r["A"]["tot"] - r["B"]["tot"]) > 1e-9 * abs(r["A"]["tot"])]
    print(f"## {lst}: {len(R)} orgs; proven before {pa}, after {pb}")
    print(f"   wall before: median {st.median(r['A']['w'] for r in R):.2f} s, worst {max(r['A']['w'] for r in R):.2f} s; after: median {st.median(r['B']['w'] for r in R):.2f} s, worst {max(r['B']['w'] for r in R):.2f} s")
    if ratios:
        ratios.sort()
        print(f"   both proven: {len(both)}; speed-up before/after median {st.median(x for x,_ in ratios):.2f}x, worst {ratios[0][0]:.2f}x ({ratios[0][1]}), best {ratios[-1][0]:.2f}x ({ratios[-1][1]}); totals differ: {dis}")
    ga = [r["A"]["gap"] for r in R]; gb = [r["B"]["gap"] for r in R]
    print(f"   gap at the limit: before median {100*st.median(ga):.3f} %, worst {100*max(ga):.3f} %; after median {100*st.median(gb):.3f} %, worst {100*max(gb):.3f} %")
    worse = [(n, r["A"]["gap"], r["B"]["gap"]) for n, r in zip(names, R) if r["B"]["gap"] > r["A"]["gap"] + 1e-6 or (r["A"]["st"]=="opt" and r["B"]["st"]!="opt")]
    print(f"   gap worse after: {[(n, f'{100*a:.3f}->{100*b:.3f}%') for n,a,b in worse]}")
    cheaper = sum(r["B"]["tot"] < r["A"]["tot"] - 1e-6 for r in R); dearer = sum(r["B"]["tot"] > r["A"]["tot"] + 1e-6 for r in R)
    print(f"   layout after cheaper on {cheaper}, dearer on {dearer}")
