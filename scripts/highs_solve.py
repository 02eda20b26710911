#!/usr/bin/env python3
"""Solve a `rota solve --write-lp` file with HiGHS (highspy) and print one JSON line.

Usage: highs_solve.py MODEL.lp [TIME_LIMIT_SECONDS]

The LP file's first line states a constant (the cost of applications never
worth covering) that the program leaves out; it is added back here so that
`total` is comparable with rota's total. Used by scripts/compare-highs.sh only:
HiGHS is never a build dependency of rota.
"""
import json
import re
import sys
import time

import highspy


def main():
    path = sys.argv[1]
    limit = float(sys.argv[2]) if len(sys.argv) > 2 else 120.0
    with open(path) as f:
        header = f.readline()
    m = re.search(r"add ([-0-9.eE+]+) ", header)
    constant = float(m.group(1)) if m else 0.0
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", limit)
    h.setOptionValue("threads", 1)
    h.setOptionValue("mip_rel_gap", 1e-9)
    h.setOptionValue("mip_abs_gap", 1e-6)
    start = time.monotonic()
    status = h.readModel(path)
    if status != highspy.HighsStatus.kOk:
        print(json.dumps({"error": f"HiGHS could not read {path}"}))
        return 1
    read = time.monotonic() - start
    h.run()
    seconds = time.monotonic() - start
    info = h.getInfo()
    model_status = h.modelStatusToString(h.getModelStatus())
    objective = info.objective_function_value
    bound = info.mip_dual_bound
    print(json.dumps({
        "status": model_status,
        "total": objective + constant,
        "bound": bound + constant,
        "gap": info.mip_gap,
        "seconds": round(seconds, 3),
        "read_seconds": round(read, 3),
        "constant": constant,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
