#!/usr/bin/env python3
"""Seeded synthetic benchmark data (SYNTHETIC: no real persons).

Usage: gen.py N OUT.csv [SEED]

Columns: time (whole days 1-3650, heavy ties), event (0/1, about 64 %
events), group (two text labels), x1..x5 (normal covariates written with
six decimals). The same N and SEED always write the same bytes.
"""
import sys

import numpy as np


def main():
    n = int(float(sys.argv[1]))
    out = sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261204
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 5))
    beta = np.array([0.3, -0.2, 0.1, 0.0, 0.05])
    group = rng.integers(0, 2, n)
    rate = np.exp(x @ beta + 0.2 * group) / 2500.0
    t_event = rng.exponential(1.0 / rate)
    t_cens = rng.uniform(1.0, 6000.0, n)
    time = np.minimum(t_event, t_cens)
    event = (t_event <= t_cens).astype(int)
    time = np.clip(np.ceil(time), 1, 3650).astype(int)
    labels = np.array(["origin_MA", "origin_SN"])[group]
    with open(out, "w") as f:
        f.write("time,event,group,x1,x2,x3,x4,x5\n")
        chunk = 200_000
        for s in range(0, n, chunk):
            e = min(n, s + chunk)
            rows = [
                f"{time[i]},{event[i]},{labels[i]},"
                + ",".join(f"{v:.6f}" for v in x[i])
                for i in range(s, e)
            ]
            f.write("\n".join(rows))
            f.write("\n")


if __name__ == "__main__":
    main()
