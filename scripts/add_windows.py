#!/usr/bin/env python3
"""Adds two support windows (SPEC §7.1) to a scenario from `rota generate`:
"evening" (18:00-22:00, share 0.25, standby share 0.3) and "night"
(22:00-06:00, share 0.75, standby share 0.7), and has a random share of the
applications trade in the evening only (seeded: the same input and seed
give the same file).

usage: add_windows.py IN.toml OUT.toml [SEED] [EVENING_ONLY_SHARE]
"""
import random
import sys

src, dst = sys.argv[1], sys.argv[2]
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
share = float(sys.argv[4]) if len(sys.argv) > 4 else 0.4
out = []
for line in open(src, encoding="utf-8"):
    out.append(line)
    if line.strip() == "[[applications]]" and rng.random() < share:
        out.append('trades_in = ["evening"]\n')
out.append(
    '\n[[windows]]\nname = "evening"\nshare = 0.25\nstandby_share = 0.3\n'
    '\n[[windows]]\nname = "night"\nshare = 0.75\nstandby_share = 0.7\n'
)
open(dst, "w", encoding="utf-8").write("".join(out))
