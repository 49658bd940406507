#!/usr/bin/env python3
"""Same-run lifelines timings for issue 13.

Usage: lifelines_compare.py DATA.csv [TIME EVENT GROUP X1,X2,...] [--cox]
(column names default to gen.py's bench shape).

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
    args = [a for a in sys.argv[1:] if a != "--cox"]
    path = args[0]
    time_col, event_col, group_col, covs = (
        args[1:5] if len(args) >= 5 else ["time", "event", "group", "x1,x2,x3,x4,x5"]
    )
    t = time.perf_counter()
    d = pd.read_csv(path)
    print(f"lifelines_read_pandas,{time.perf_counter() - t:.4f}", flush=True)

    def km():
        for _, g in d.groupby(group_col):
            KaplanMeierFitter().fit(g[time_col], g[event_col])
            NelsonAalenFitter().fit(g[time_col], g[event_col])

    timed("lifelines_km_na_by_group", km)
    first, second = sorted(d[group_col].unique())[:2]
    a = d[d[group_col] == first]
    b = d[d[group_col] == second]
    timed(
        "lifelines_logrank",
        lambda: logrank_test(a[time_col], b[time_col], a[event_col], b[event_col]),
    )
    if "--cox" in sys.argv:
        cols = [time_col, event_col] + covs.split(",")
        timed("lifelines_coxph", lambda: CoxPHFitter().fit(d[cols], time_col, event_col))


if __name__ == "__main__":
    main()
