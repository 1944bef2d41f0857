"""keepwise vs lifetimes (model fits) and vs DuckDB (RFM summary), side by side.

Called by run.sh with the venv's python:  python bench.py KEEPWISE_BIN WORKDIR
"""
import json
import os
import subprocess
import sys
import time

KW = sys.argv[1]
WORK = sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))
CDNOW = os.path.join(HERE, "..", "..", "crates", "keepwise-core", "tests", "fixtures", "cdnow",
                     "cdnow_customers_summary_with_transactions.csv")
LIFETIMES_CAP = int(os.environ.get("LIFETIMES_CAP_SECONDS", "900"))
NAMES = {"bg-nbd": ["r", "alpha", "a", "b"], "pareto-nbd": ["r", "alpha", "s", "beta"],
         "gamma-gamma": ["p", "q", "gamma"]}

LIFETIMES_FIT = r"""
import json, sys, time, warnings
warnings.filterwarnings("ignore")
import pandas as pd
from lifetimes import BetaGeoFitter, ParetoNBDFitter, GammaGammaFitter
model, path = sys.argv[1], sys.argv[2]
df = pd.read_csv(path)
df = df.rename(columns={"x": "frequency", "t_x": "recency", "zbar": "monetary_value"})
t0 = time.perf_counter()
if model == "bg-nbd":
    f = BetaGeoFitter().fit(df["frequency"], df["recency"], df["T"])
    params = {k: float(f.params_[k]) for k in ["r", "alpha", "a", "b"]}
elif model == "pareto-nbd":
    f = ParetoNBDFitter().fit(df["frequency"], df["recency"], df["T"])
    params = {k: float(f.params_[k]) for k in ["r", "alpha", "s", "beta"]}
else:
    rep = df[df["frequency"] > 0]
    f = GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"])
    params = {"p": float(f.params_["p"]), "q": float(f.params_["q"]), "gamma": float(f.params_["v"])}
seconds = time.perf_counter() - t0
# lifetimes' own log-likelihood at keepwise's parameters minus at its own (after the timed fit):
# positive when keepwise's parameters are nearer the maximum by lifetimes' own measure.
import numpy as np
kw = json.loads(sys.argv[3])
if model == "bg-nbd":
    s = f._scale
    args = (df["frequency"].values, df["recency"].values * s, df["T"].values * s, np.ones(len(df)), 0.0)
    point = np.log([kw["r"], kw["alpha"] * s, kw["a"], kw["b"]])
    gain = len(df) * (f._negative_log_likelihood_ - BetaGeoFitter._negative_log_likelihood(point, *args))
elif model == "pareto-nbd":
    s = f._scale
    args = (df["frequency"].values, df["recency"].values * s, df["T"].values * s, np.ones(len(df)), 0.0)
    point = np.array([kw["r"], kw["alpha"] * s, kw["s"], kw["beta"] * s])
    gain = f._negative_log_likelihood_ - ParetoNBDFitter._negative_log_likelihood(point, *args)
else:
    args = (rep["frequency"].values.astype(float), rep["monetary_value"].values, np.ones(len(rep)), 0.0)
    point = np.log([kw["p"], kw["q"], kw["gamma"]])
    gain = len(rep) * (f._negative_log_likelihood_ - GammaGammaFitter._negative_log_likelihood(point, *args))
print(json.dumps({"seconds": seconds, "params": params, "ln_l_gain": float(gain)}))
"""


def keepwise_fit(model, path):
    """(fit seconds, whole-process seconds, params): the fit alone is timed inside
    keepwise (`--timing`, from the parsed summary to the converged report, grouping
    included), as lifetimes' fit() call is; the process time adds start-up and CSV reading."""
    t0 = time.perf_counter()
    out = subprocess.run([KW, "model", "fit", model, "--summary", path, "--timing"], check=True,
                         capture_output=True, text=True)
    process = time.perf_counter() - t0
    timing = dict(kv.split("=") for kv in out.stderr.split("timing:")[1].split())
    return float(timing["fit_seconds"]), process, json.loads(out.stdout)["params"]


def lifetimes_fit(model, path, keepwise_params):
    try:
        out = subprocess.run([sys.executable, "-c", LIFETIMES_FIT, model, path, json.dumps(keepwise_params)],
                             capture_output=True, text=True,
                             timeout=LIFETIMES_CAP)
    except subprocess.TimeoutExpired:
        return None, None, None
    if out.returncode != 0:
        print(out.stderr[-2000:], file=sys.stderr)
        return None, None, None
    res = json.loads(out.stdout.strip().splitlines()[-1])
    return res["seconds"], res["params"], res["ln_l_gain"]


def fits(label, path):
    print(f"\n## Fits on {label}")
    print("| model | keepwise fit s | keepwise process s | lifetimes fit s | fit ratio | process ratio "
          "| max rel. param diff | ln L gain at keepwise's params |")
    print("|---|---|---|---|---|---|---|---|")
    for model in ["bg-nbd", "pareto-nbd", "gamma-gamma"]:
        # Best of three keepwise runs (the fits take milliseconds; one run is noise-prone).
        runs = [keepwise_fit(model, path) for _ in range(3)]
        kt = min(r[0] for r in runs)
        kproc = min(r[1] for r in runs)
        kp = runs[0][2]
        lt, lp, gain = lifetimes_fit(model, path, kp)
        if lt is None:
            print(f"| {model} | {kt:.4f} | {kproc:.2f} | > {LIFETIMES_CAP} (capped) or failed | – | – | – | – |",
                  flush=True)
            continue
        diff = max(abs(kp[n] - lp[n]) / abs(lp[n]) for n in NAMES[model])
        print(f"| {model} | {kt:.4f} | {kproc:.2f} | {lt:.2f} | {lt / kt:.0f} | {lt / kproc:.1f} | {diff:.2e} "
              f"| {gain:+.2e} |", flush=True)


RFM_SQL = """
WITH tx AS (SELECT * FROM read_csv('{path}', header=true, columns={{'customer_id':'VARCHAR','date':'DATE','amount':'DOUBLE'}})),
daily AS (SELECT customer_id, CAST(date AS DATE) d, SUM(amount) amt FROM tx
          WHERE CAST(date AS DATE) <= DATE '{end}' GROUP BY 1,2),
w AS (SELECT *, MIN(d) OVER (PARTITION BY customer_id) first_d FROM daily)
SELECT customer_id, COUNT(*)-1 frequency,
       DATE_DIFF('day', MIN(d), MAX(d))/7.0 recency,
       DATE_DIFF('day', MIN(d), DATE '{end}')/7.0 "T",
       COALESCE(AVG(amt) FILTER (WHERE d > first_d), 0.0) monetary_value
FROM w GROUP BY customer_id
"""


def rfm(path, end):
    import duckdb
    rows = sum(1 for _ in open(path, "rb")) - 1
    print(f"\n## RFM summary of a {rows:,}-row transaction log (calibration end {end})")
    out = os.path.join(WORK, "rfm_keepwise.csv")
    t0 = time.perf_counter()
    subprocess.run([KW, "model", "rfm", "--transactions", path, "--calibration-end", end, "--out", out], check=True)
    kt = time.perf_counter() - t0
    con = duckdb.connect()
    t0 = time.perf_counter()
    con.execute(f"CREATE TABLE duck AS {RFM_SQL.format(path=path, end=end)}")
    dt = time.perf_counter() - t0
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    cmp = con.execute(f"""
        SELECT count(*), max(abs(k.frequency - d.frequency)), max(abs(k.recency - d.recency)),
               max(abs(k."T" - d."T")), max(abs(k.monetary_value - d.monetary_value))
        FROM read_csv('{out}', header=true, columns={{'customer_id':'VARCHAR','frequency':'BIGINT','recency':'DOUBLE','T':'DOUBLE','monetary_value':'DOUBLE'}}) k
        JOIN duck d USING (customer_id)""").fetchone()
    n_duck = con.execute("SELECT count(*) FROM duck").fetchone()[0]
    print("| tool | seconds |")
    print("|---|---|")
    print(f"| keepwise model rfm ({os.cpu_count()} threads, CSV read + summary + CSV write) | {kt:.2f} |")
    print(f"| DuckDB SQL ({threads} threads, into a table) | {dt:.2f} |")
    print(f"\ncustomers: keepwise {cmp[0]:,} matched of DuckDB {n_duck:,}; max |diff| frequency {cmp[1]}, "
          f"recency {cmp[2]:.2e}, T {cmp[3]:.2e}, monetary {cmp[4]:.2e}")


if __name__ == "__main__":
    parts = sys.argv[3].split(",") if len(sys.argv) > 3 else ["cdnow", "1m", "rfm"]
    print(f"load average at start: {os.getloadavg()}")
    if "cdnow" in parts:
        fits("CDNOW (2,357 customers)", CDNOW)
    if "1m" in parts:
        fits("synthetic 1,000,000 customers", os.path.join(WORK, "summary_1m.csv"))
    if "rfm" in parts:
        rfm(os.path.join(WORK, "tx_20m.csv"), "2021-06-30")
    print(f"load average at end: {os.getloadavg()}")
