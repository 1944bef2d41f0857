"""Synthetic inputs for the CLV benchmark (fixed seeds, so every run sees the same data).

  python make_data.py summary OUT.csv N   # N customers simulated from BG/NBD + Gamma-Gamma
  python make_data.py log OUT.csv ROWS     # a customer_id,date,amount log written by DuckDB
"""
import sys

import numpy as np


def summary(path, n):
    rng = np.random.default_rng(20240601)
    # CDNOW-like parameters (weeks): BG/NBD r, alpha, a, b and Gamma-Gamma p, q, gamma.
    r, alpha, a, b = 0.25, 4.4, 0.8, 2.4
    p, q, gamma = 6.25, 3.74, 15.44
    # Ages in whole days (1..730) so that identical (x, t_x, T) triples occur, as with real dates.
    age_days = rng.integers(1, 731, n)
    lam = rng.gamma(r, 1.0 / alpha, n) / 7.0  # purchases per day
    drop = rng.beta(a, b, n)
    t = np.zeros(n)
    last = np.zeros(n)
    x = np.zeros(n, dtype=np.int64)
    active = np.ones(n, dtype=bool)
    while active.any():
        idx = np.flatnonzero(active)
        t[idx] += rng.exponential(1.0, idx.size) / lam[idx]
        bought = t[idx] <= age_days[idx]
        done = idx[~bought]
        active[done] = False
        buyers = idx[bought]
        x[buyers] += 1
        last[buyers] = t[buyers]
        active[buyers[rng.random(buyers.size) < drop[buyers]]] = False
    last_days = np.floor(last)
    nu = rng.gamma(q, 1.0 / gamma, n)
    m = np.where(x > 0, rng.gamma(p * np.maximum(x, 1), 1.0 / (nu * np.maximum(x, 1))), 0.0)
    with open(path, "w") as f:
        f.write("customer_id,frequency,recency,T,monetary_value\n")
        for i in range(n):
            f.write(f"{i},{x[i]},{last_days[i] / 7.0 if x[i] else 0.0},{age_days[i] / 7.0},{m[i]:.4f}\n")


def log(path, rows):
    import duckdb

    duckdb.sql(
        f"""COPY (SELECT 'c' || (hash(i) % 1000000)::VARCHAR AS customer_id,
                         DATE '2020-01-01' + (hash(i * 7 + 1) % 730)::INTEGER AS date,
                         round((hash(i * 13 + 5) % 20000) / 100.0, 2) AS amount
                  FROM range({rows}) t(i))
            TO '{path}' (HEADER, DELIMITER ',')"""
    )


if __name__ == "__main__":
    kind, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    {"summary": summary, "log": log}[kind](out, count)
