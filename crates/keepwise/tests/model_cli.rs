//! `keepwise model`: the real binary fits the CDNOW fixture and prints the
//! published parameters as JSON; bad input names file, line and column.

use std::path::PathBuf;

use assert_cmd::Command;

fn cdnow(name: &str) -> PathBuf {
    [
        env!("CARGO_MANIFEST_DIR"),
        "..",
        "keepwise-core",
        "tests",
        "fixtures",
        "cdnow",
        name,
    ]
    .iter()
    .collect()
}

fn fit_json(args: &[&str]) -> serde_json::Value {
    let output = Command::cargo_bin("keepwise")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn close(json: &serde_json::Value, name: &str, want: f64, tol: f64) {
    let got = json["params"][name]
        .as_f64()
        .unwrap_or_else(|| panic!("no param {name} in {json}"));
    assert!((got - want).abs() <= tol, "{name}: {got} vs {want}");
}

#[test]
fn bg_nbd_fit_of_the_cdnow_summary_prints_the_published_parameters() {
    let summary = cdnow("cdnow_customers_summary.csv");
    let json = fit_json(&[
        "model",
        "fit",
        "bg-nbd",
        "--summary",
        summary.to_str().unwrap(),
    ]);
    assert_eq!(json["model"], "bg-nbd");
    assert_eq!(json["n_customers"], 2357);
    assert_eq!(json["converged"], true);
    close(&json, "r", 0.243, 1e-3);
    close(&json, "alpha", 4.414, 1e-3);
    close(&json, "a", 0.793, 1e-3);
    close(&json, "b", 2.426, 1e-3);
    assert!((json["log_likelihood"].as_f64().unwrap() + 9582.4256).abs() < 1e-3);
    assert!(json["standard_errors"]["r"].as_f64().unwrap() > 0.0);
}

#[test]
fn gamma_gamma_and_bg_bb_and_sbg_fits_print_their_paper_parameters() {
    let spend = cdnow("cdnow_customers_summary_with_transactions.csv");
    let json = fit_json(&[
        "model",
        "fit",
        "gamma-gamma",
        "--summary",
        spend.to_str().unwrap(),
    ]);
    close(&json, "p", 6.25, 1e-2);
    close(&json, "q", 3.74, 1e-2);
    close(&json, "gamma", 15.44, 1e-2);
    let donations = cdnow("donations.csv");
    let json = fit_json(&[
        "model",
        "fit",
        "bg-bb",
        "--summary",
        donations.to_str().unwrap(),
    ]);
    close(&json, "alpha", 1.204, 1e-3);
    close(&json, "delta", 2.783, 1e-3);
    let json = fit_json(&[
        "model",
        "fit",
        "sbg",
        "--survivors",
        "1000,631,468,382,326,289,262,241",
    ]);
    close(&json, "alpha", 0.704, 1e-3);
    close(&json, "beta", 1.182, 1e-3);
}

#[test]
fn a_fit_from_a_transaction_log_equals_the_fit_of_its_summary() {
    // CDNOW_sample.txt rewritten as customer_id,date,amount.
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("tx.csv");
    let raw = std::fs::read_to_string(cdnow("CDNOW_sample.txt")).unwrap();
    let mut csv = String::from("customer_id,date,amount\n");
    for line in raw.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split_whitespace().collect();
        csv.push_str(&format!(
            "{},{}-{}-{},{}\n",
            f[1],
            &f[2][..4],
            &f[2][4..6],
            &f[2][6..],
            f[4]
        ));
    }
    std::fs::write(&log, csv).unwrap();
    let json = fit_json(&[
        "model",
        "fit",
        "bg-nbd",
        "--transactions",
        log.to_str().unwrap(),
        "--calibration-end",
        "1997-09-30",
        "--period",
        "week",
    ]);
    // The full-precision summary's fit (clv-tables.md §4).
    close(&json, "r", 0.2425945, 1e-5);
    close(&json, "alpha", 4.4136022, 1e-3);
    let out = dir.path().join("rfm.csv");
    Command::cargo_bin("keepwise")
        .unwrap()
        .args([
            "model",
            "rfm",
            "--transactions",
            log.to_str().unwrap(),
            "--calibration-end",
            "1997-09-30",
        ])
        .args(["--out", out.to_str().unwrap()])
        .assert()
        .success();
    let summary = std::fs::read_to_string(&out).unwrap();
    assert_eq!(summary.lines().count(), 2358);
    assert!(
        summary.starts_with(
            "customer_id,frequency,recency,T,monetary_value\n0001,2,30.428571428571427,"
        ),
        "{}",
        &summary[..120]
    );
}

#[test]
fn a_bad_summary_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, "customer_id,frequency,recency,T\n1,2,3,4\n2,x,1,4\n").unwrap();
    let output = Command::cargo_bin("keepwise")
        .unwrap()
        .args([
            "model",
            "fit",
            "bg-nbd",
            "--summary",
            path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.csv: line 3: column \"frequency\""),
        "{stderr}"
    );
}

#[test]
fn a_pareto_nbd_fit_without_a_finite_optimum_is_refused_with_the_limit_named() {
    // Every customer bought right up to the end of the period: nothing tells
    // a dropout rate apart from zero.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nobody_lapses.csv");
    let mut csv = String::from("customer_id,frequency,recency,T\n");
    for i in 0..60 {
        let age = 20 + (i % 7) * 3;
        csv.push_str(&format!("c{i},{},{age},{age}\n", 1 + i % 5));
    }
    std::fs::write(&path, csv).unwrap();
    let output = Command::cargo_bin("keepwise")
        .unwrap()
        .args([
            "model",
            "fit",
            "pareto-nbd",
            "--summary",
            path.to_str().unwrap(),
        ])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no maximum-likelihood fit to report") && stderr.contains("BG/NBD"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "no parameters may be printed");
}
