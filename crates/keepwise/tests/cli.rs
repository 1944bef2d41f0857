//! The binary as a user runs it: init, import (good and broken data), status,
//! generate, demo, and the global `--db` before or after the subcommand.

use std::path::Path;

use assert_cmd::Command;

fn keepwise(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_keepwise"));
    command
        .current_dir(dir)
        .env_remove("KEEPWISE_DB")
        .env_remove("KEEPWISE_CONFIG");
    command
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn init_creates_the_store_and_a_documented_settings_file() {
    let tmp = tempfile::tempdir().unwrap();
    keepwise(tmp.path()).arg("init").assert().success();
    assert!(tmp.path().join("keepwise.db").exists());
    let settings = std::fs::read_to_string(tmp.path().join("keepwise.toml")).unwrap();
    for key in [
        "agent_hourly",
        "executive_hourly",
        "default_margin_rate",
        "annual_discount_rate",
        "horizon_months",
    ] {
        assert!(settings.contains(key), "keepwise.toml documents {key}");
    }
    // A second init keeps the user's settings.
    std::fs::write(
        tmp.path().join("keepwise.toml"),
        "[costs]\nagent_hourly = 31\n",
    )
    .unwrap();
    keepwise(tmp.path()).arg("init").assert().success();
    assert!(
        std::fs::read_to_string(tmp.path().join("keepwise.toml"))
            .unwrap()
            .contains("31")
    );
}

#[test]
fn generated_data_imports_and_status_counts_it_with_db_before_or_after_the_command() {
    let tmp = tempfile::tempdir().unwrap();
    keepwise(tmp.path())
        .args([
            "generate",
            "--customers",
            "120",
            "--seed",
            "3",
            "--out",
            "data",
        ])
        .assert()
        .success();
    let out = keepwise(tmp.path())
        .args(["--db", "x.db", "import", "data"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout(&out).contains("customers.csv        120 new, 0 changed, 0 unchanged"),
        "{}",
        stdout(&out)
    );
    let again = keepwise(tmp.path())
        .args(["import", "data", "--db", "x.db"])
        .output()
        .unwrap();
    assert!(
        stdout(&again).contains("customers.csv        0 new, 0 changed, 120 unchanged"),
        "{}",
        stdout(&again)
    );
    let status = keepwise(tmp.path())
        .args(["status", "--format", "json", "--db", "x.db"])
        .output()
        .unwrap();
    let counts: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(counts["customers"], 120);
    for stem in [
        "orders",
        "concessions",
        "tickets",
        "messages",
        "contracts",
        "usage",
        "reviews",
        "staff_reports",
        "promotions",
        "rates",
    ] {
        assert!(counts.get(stem).is_some(), "status has {stem}");
    }
    // The environment variable names the store too.
    let via_env = keepwise(tmp.path())
        .env("KEEPWISE_DB", "x.db")
        .args(["status", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&via_env.stdout).unwrap()["customers"],
        120
    );
}

#[test]
fn a_broken_csv_exits_1_with_understandable_problems_and_stores_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("customers.csv"),
        "customer_id,created_at,language\nC1,2025-01-01,cs\nC2,01/02/2025,pl\n",
    )
    .unwrap();
    std::fs::write(
        data.join("orders.csv"),
        "order_id,customer_id,ordered_at,amount,currency,status\nO1,C1,2025-02-01,\"1,200.00\",EUR,paid\nO2,C3,2025-02-01,10,EUR,paid\n",
    )
    .unwrap();
    let out = keepwise(tmp.path())
        .args(["import", "data"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let errors = String::from_utf8_lossy(&out.stderr);
    assert!(
        errors.contains(
            "customers.csv:3: column 'created_at': value '01/02/2025' — expected a timestamp"
        ),
        "{errors}"
    );
    assert!(errors.contains("orders.csv:2: column 'amount': value '1,200.00' — expected an amount with '.' as decimal separator"), "{errors}");
    assert!(
        errors.contains("orders.csv:3: column 'customer_id': value 'C3'"),
        "{errors}"
    );
    assert!(
        errors.contains("3 problems found; nothing was imported"),
        "{errors}"
    );
    let status = keepwise(tmp.path())
        .args(["status", "--format", "json"])
        .output()
        .unwrap();
    let counts: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(counts["customers"], 0);
}

#[test]
fn status_without_a_store_says_how_to_create_one() {
    let tmp = tempfile::tempdir().unwrap();
    let out = keepwise(tmp.path()).arg("status").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("run `keepwise init`"));
    assert!(
        !tmp.path().join("keepwise.db").exists(),
        "a read command must not create a store"
    );
}

#[test]
fn demo_runs_on_a_fresh_machine_and_shows_the_imported_data() {
    let tmp = tempfile::tempdir().unwrap();
    let out = keepwise(tmp.path())
        .args(["demo", "--customers", "200"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(
        text.contains("Sample data") && text.contains("Import into the embedded store"),
        "{text}"
    );
    assert!(
        text.contains("0 new or changed"),
        "idempotent re-import shown: {text}"
    );
    assert!(tmp.path().join("keepwise-demo/keepwise.db").exists());
}

#[test]
fn triage_explain_value_and_backtest_work_on_imported_data() {
    let tmp = tempfile::tempdir().unwrap();
    keepwise(tmp.path())
        .args([
            "generate",
            "--customers",
            "300",
            "--seed",
            "5",
            "--out",
            "data",
        ])
        .assert()
        .success();
    keepwise(tmp.path())
        .args(["import", "data"])
        .assert()
        .success();

    let out = keepwise(tmp.path())
        .args(["triage", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 300, "every customer, unless filtered");
    for field in [
        "customer_id",
        "action",
        "signals",
        "net_long_term_value",
        "cost_to_serve",
        "script",
    ] {
        assert!(rows[0].get(field).is_some(), "triage JSON has {field}");
    }
    // Customers needing attention come first, by money at stake.
    let attention: Vec<f64> = rows
        .iter()
        .take_while(|r| r["action"] != "keep")
        .map(|r| r["money_at_stake"].as_f64().unwrap())
        .collect();
    assert!(
        attention.windows(2).all(|w| w[0] >= w[1]),
        "ordered by money at stake"
    );
    let first = rows[0]["customer_id"].as_str().unwrap().to_string();

    let filtered = keepwise(tmp.path())
        .args([
            "triage", "--action", "keep", "--limit", "3", "--format", "json",
        ])
        .output()
        .unwrap();
    let filtered: serde_json::Value = serde_json::from_slice(&filtered.stdout).unwrap();
    assert!(filtered.as_array().unwrap().len() <= 3);
    assert!(
        filtered
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["action"] == "keep")
    );

    let explain = keepwise(tmp.path())
        .args(["explain", &first])
        .output()
        .unwrap();
    let text = stdout(&explain);
    for part in [
        "RECOMMENDATION",
        "LEDGER",
        "LONG-TERM VALUE",
        "SIGNALS",
        "RULES THAT FIRED",
        "GUARDS",
        "ACTION:",
    ] {
        assert!(text.contains(part), "explain shows {part}:\n{text}");
    }
    let unknown = keepwise(tmp.path())
        .args(["explain", "NOPE"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no customer 'NOPE'"));

    let value = keepwise(tmp.path())
        .args(["value", "--customer", &first, "--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&value.stdout).unwrap();
    assert_eq!(value["models"]["purchases"]["converged"], true);
    assert!(value["customers"][0]["net_long_term_value"].is_number());

    let backtest = keepwise(tmp.path())
        .args(["backtest", "--labels", "data/labels.csv", "--json"])
        .output()
        .unwrap();
    assert!(backtest.status.success());
    let report: serde_json::Value = serde_json::from_slice(&backtest.stdout).unwrap();
    assert_eq!(report["compared"], 300);
    let f1 = report["macro_f1"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&f1));
    let text = stdout(
        &keepwise(tmp.path())
            .args(["backtest", "--labels", "data/labels.csv"])
            .output()
            .unwrap(),
    );
    assert!(
        text.contains("confusion matrix") && text.contains("macro-F1"),
        "{text}"
    );
}
