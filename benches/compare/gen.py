#!/usr/bin/env python3
"""Seeded synthetic benchmark data (SYNTHETIC: no real persons).

Usage: gen.py N OUT.csv [SEED] [--shape bench|register|narrow|continuous|narrow_continuous]

Shape `bench` (default): time (whole days 1-3650, heavy ties), event
(0/1, about 64 % events), group (two text labels), x1..x5 (normal
covariates written with six decimals).

Shape `register`: eleven columns, the used ones not first: id, country
(five text labels), year, age (whole years), female (0/1), z1 (three
decimals), z2 (eight decimals), income (two decimals), note, days
(continuous, two decimals: few ties, about one table row per person),
status (0/1). Used as time = days, event = status, group = country,
covariates age, female, z1, z2, income.

Shape `narrow`: four short columns, about 15 bytes a row (the shape on
which memory is largest relative to the file): time (whole days 1-3650),
event (0/1), group (one-letter labels a, b), x (normal, three decimals).
Used as time, event, group = group, covariate x.

Shapes `continuous` and `narrow_continuous`: `bench` and `narrow` with
the time not rounded to whole days (six decimals: nearly every time
distinct, one table row per person; the case on which per-time tables
and the survival table are largest).

The same N, SEED and shape always write the same bytes.
"""
import sys

import numpy as np


def bench(n, rng, f, continuous=False):
    x = rng.standard_normal((n, 5))
    beta = np.array([0.3, -0.2, 0.1, 0.0, 0.05])
    group = rng.integers(0, 2, n)
    rate = np.exp(x @ beta + 0.2 * group) / 2500.0
    t_event = rng.exponential(1.0 / rate)
    t_cens = rng.uniform(1.0, 6000.0, n)
    time = np.minimum(t_event, t_cens)
    event = (t_event <= t_cens).astype(int)
    time = np.clip(time, 1e-6, 3650) if continuous else np.clip(np.ceil(time), 1, 3650).astype(int)
    labels = np.array(["origin_MA", "origin_SN"])[group]
    f.write("time,event,group,x1,x2,x3,x4,x5\n")
    for s in range(0, n, 200_000):
        rows = [
            (f"{time[i]:.6f}" if continuous else f"{time[i]}")
            + f",{event[i]},{labels[i]},"
            + ",".join(f"{v:.6f}" for v in x[i])
            for i in range(s, min(n, s + 200_000))
        ]
        f.write("\n".join(rows))
        f.write("\n")


def register(n, rng, f):
    age = rng.integers(18, 80, n)
    female = rng.integers(0, 2, n)
    z1 = rng.standard_normal(n)
    z2 = rng.standard_normal(n) * 3
    income = rng.lognormal(7, 1, n)
    country = rng.integers(0, 5, n)
    lin = 0.01 * (age - 45) + 0.3 * female - 0.2 * z1 + 0.05 * z2 - 0.0001 * income
    t_event = rng.exponential(1000 * np.exp(-lin))
    t_cens = rng.uniform(10, 3000, n)
    days = np.maximum(np.round(np.minimum(t_event, t_cens), 2), 0.01)
    status = (t_event <= t_cens).astype(int)
    names = np.array(["Senegal", "Guinea", "Mali", "Cote d'Ivoire", "Cameroon"])
    ids = rng.permutation(n)
    f.write("id,country,year,age,female,z1,z2,income,note,days,status\n")
    for s in range(0, n, 100_000):
        rows = [
            f"P{ids[i]:07d},{names[country[i]]},{2015 + i % 8},{age[i]},{female[i]},"
            f"{z1[i]:.3f},{z2[i]:.8f},{income[i]:.2f},x,{days[i]:.2f},{status[i]}"
            for i in range(s, min(n, s + 100_000))
        ]
        f.write("\n".join(rows))
        f.write("\n")


def narrow(n, rng, f, continuous=False):
    x = rng.standard_normal(n)
    group = rng.integers(0, 2, n)
    rate = np.exp(0.3 * x + 0.2 * group) / 2500.0
    t_event = rng.exponential(1.0 / rate)
    t_cens = rng.uniform(1.0, 6000.0, n)
    time = np.minimum(t_event, t_cens)
    time = np.clip(time, 1e-6, 3650) if continuous else np.clip(np.ceil(time), 1, 3650).astype(int)
    event = (t_event <= t_cens).astype(int)
    labels = np.array(["a", "b"])[group]
    f.write("time,event,group,x\n")
    for s in range(0, n, 200_000):
        rows = [
            (f"{time[i]:.6f}" if continuous else f"{time[i]}")
            + f",{event[i]},{labels[i]},{x[i]:.3f}"
            for i in range(s, min(n, s + 200_000))
        ]
        f.write("\n".join(rows))
        f.write("\n")


def main():
    args = sys.argv[1:]
    shape = "bench"
    if "--shape" in args:
        k = args.index("--shape")
        shape = args[k + 1]
        del args[k : k + 2]
    n = int(float(args[0]))
    out = args[1]
    seed = int(args[2]) if len(args) > 2 else 20261204
    rng = np.random.default_rng(seed)
    with open(out, "w") as f:
        shapes = {
            "bench": bench,
            "register": register,
            "narrow": narrow,
            "continuous": lambda n, rng, f: bench(n, rng, f, continuous=True),
            "narrow_continuous": lambda n, rng, f: narrow(n, rng, f, continuous=True),
        }
        shapes[shape](n, rng, f)


if __name__ == "__main__":
    main()
