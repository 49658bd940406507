#!/usr/bin/env python3
"""Same-run lifelines timings for issue 13. Usage: lifelines_compare.py DATA.csv [--cox]

Prints one line per measurement: what,seconds. Reading (pandas) excluded
from the fits.
"""
import sys
import time

import pandas as pd
from lifelines import CoxPHFitter, KaplanMeierFitter, NelsonAalenFitter
from lifelines.statistics import logrank_test


def timed(what, f):
    t = time.perf_counter()
    f()
    print(f"{what},{time.perf_counter() - t:.4f}", flush=True)


def main():
    path = sys.argv[1]
    t = time.perf_counter()
    d = pd.read_csv(path)
    print(f"lifelines_read_pandas,{time.perf_counter() - t:.4f}", flush=True)

    def km():
        for _, g in d.groupby("group"):
            KaplanMeierFitter().fit(g["time"], g["event"])
            NelsonAalenFitter().fit(g["time"], g["event"])

    timed("lifelines_km_na_by_group", km)
    a = d[d.group == "origin_MA"]
    b = d[d.group == "origin_SN"]
    timed("lifelines_logrank", lambda: logrank_test(a.time, b.time, a.event, b.event))
    if "--cox" in sys.argv:
        cols = ["time", "event", "x1", "x2", "x3", "x4", "x5"]
        timed("lifelines_coxph", lambda: CoxPHFitter().fit(d[cols], "time", "event"))


if __name__ == "__main__":
    main()
