//! Crash test: the real binary is killed with SIGKILL at random moments during 100
//! imports. Afterwards every import is wholly present or wholly absent, SQLite's
//! integrity check passes, and re-running the import completes it. A deliberately
//! broken importer (one that commits in chunks) is caught by the same check.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};

const TABLES: &[(&str, &str)] = &[
    ("customers", "customer_id"),
    ("orders", "order_id"),
    ("tickets", "ticket_id"),
    ("messages", "message_id"),
    ("concessions", "concession_id"),
    ("contracts", "contract_id"),
    ("usage", "customer_id"),
    ("reviews", "review_id"),
    ("staff_reports", "report_id"),
    ("promotions", "promotion_id"),
];

/// Writes a copy of the sample data set with every id prefixed, so each import is distinct.
fn prefixed_copy(template: &Path, out: &Path, prefix: &str) {
    std::fs::create_dir_all(out).unwrap();
    for entry in std::fs::read_dir(template).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".csv") || name == "labels.csv" {
            continue;
        }
        let mut reader = csv::Reader::from_path(&path).unwrap();
        let headers = reader.headers().unwrap().clone();
        let id_columns: Vec<bool> = headers
            .iter()
            .map(|h| h.ends_with("_id") && h != "staff_id" && h != "agent_id")
            .collect();
        let mut writer = csv::Writer::from_path(out.join(&name)).unwrap();
        writer.write_record(&headers).unwrap();
        for record in reader.records() {
            let record = record.unwrap();
            let row: Vec<String> = record
                .iter()
                .zip(&id_columns)
                .map(|(v, is_id)| {
                    if *is_id && !v.is_empty() {
                        format!("{prefix}{v}")
                    } else {
                        v.to_string()
                    }
                })
                .collect();
            writer.write_record(&row).unwrap();
        }
        writer.flush().unwrap();
    }
}

/// Rows per table whose key starts with `prefix`.
fn counts_with_prefix(db: &Path, prefix: &str) -> Vec<i64> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = keepwise_store::Store::open(db).await.unwrap();
        let mut counts = Vec::new();
        for (table, key) in TABLES {
            let sql = format!("SELECT count(*) FROM {table} WHERE {key} LIKE ? || '%'");
            let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(prefix)
                .fetch_one(store.pool())
                .await
                .unwrap();
            counts.push(n);
        }
        store.close().await;
        counts
    })
}

fn integrity(db: &Path) -> Vec<String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = keepwise_store::Store::open(db).await.unwrap();
        let result = store.integrity_check().await.unwrap();
        store.close().await;
        result
    })
}

fn import_command(db: &Path, dir: &Path, fault_commit_every: Option<u64>) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_keepwise"));
    command
        .arg("--db")
        .arg(db)
        .arg("import")
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(rows) = fault_commit_every {
        command.env("KEEPWISE_FAULT_INJECT_COMMIT_EVERY_ROWS", rows.to_string());
    }
    command
}

struct Setup {
    _tmp: tempfile::TempDir,
    db: PathBuf,
    sets: Vec<PathBuf>,
    /// Rows per table of one whole import.
    whole: Vec<i64>,
    /// Time one import takes, to aim the kills.
    duration: Duration,
}

fn setup(imports: usize) -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let template = tmp.path().join("template");
    let options = keepwise_sample::GenerateOptions {
        customers: 150,
        seed: 11,
        ..Default::default()
    };
    keepwise_sample::generate(&options, &template).unwrap();
    let sets: Vec<PathBuf> = (0..imports)
        .map(|i| {
            let dir = tmp.path().join(format!("set{i:03}"));
            prefixed_copy(&template, &dir, &format!("i{i:03}-"));
            dir
        })
        .collect();
    // One whole import into a scratch store tells the expected counts and the duration.
    let scratch = tmp.path().join("scratch.db");
    let started = Instant::now();
    let status = import_command(&scratch, &sets[0], None).status().unwrap();
    assert!(status.success());
    let duration = started.elapsed();
    let whole = counts_with_prefix(&scratch, "i000-");
    assert!(
        whole.iter().all(|n| *n > 0),
        "every table has rows: {whole:?}"
    );
    Setup {
        db: tmp.path().join("crash.db"),
        _tmp: tmp,
        sets,
        whole,
        duration,
    }
}

/// Runs an import and kills it after `after`; returns whether it was killed before finishing.
fn run_and_kill(db: &Path, dir: &Path, after: Duration, fault: Option<u64>) -> bool {
    let mut child = import_command(db, dir, fault).spawn().unwrap();
    let deadline = Instant::now() + after;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(
                status.success(),
                "import of {} failed on its own",
                dir.display()
            );
            return false;
        }
        if Instant::now() >= deadline {
            child.kill().unwrap(); // SIGKILL on Unix
            child.wait().unwrap();
            return true;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Whether the import with this prefix is wholly present, wholly absent, or partial.
fn state_of(db: &Path, prefix: &str, whole: &[i64]) -> &'static str {
    let counts = counts_with_prefix(db, prefix);
    if counts == whole {
        "present"
    } else if counts.iter().all(|n| *n == 0) {
        "absent"
    } else {
        "partial"
    }
}

#[test]
fn killed_imports_are_all_or_nothing_and_rerunning_completes_them() {
    let setup = setup(100);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2026);
    let mut killed = 0;
    for (i, dir) in setup.sets.iter().enumerate() {
        let prefix = format!("i{i:03}-");
        let after = setup.duration.mul_f64(rng.random_range(0.0..1.3));
        if run_and_kill(&setup.db, dir, after, None) {
            killed += 1;
        }
        let state = state_of(&setup.db, &prefix, &setup.whole);
        assert_ne!(
            state, "partial",
            "import {i} is partially stored after SIGKILL at {after:?}"
        );
        if state == "absent" {
            let status = import_command(&setup.db, dir, None).status().unwrap();
            assert!(status.success(), "re-running import {i} failed");
            assert_eq!(
                state_of(&setup.db, &prefix, &setup.whole),
                "present",
                "re-run of import {i}"
            );
        }
    }
    assert!(
        killed >= 30,
        "the test must actually kill imports mid-way (killed {killed})"
    );
    assert_eq!(integrity(&setup.db), vec!["ok".to_string()]);
    for i in 0..setup.sets.len() {
        assert_eq!(
            state_of(&setup.db, &format!("i{i:03}-"), &setup.whole),
            "present"
        );
    }
}

#[test]
fn the_check_catches_an_importer_that_commits_in_chunks() {
    let setup = setup(30);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut partial = 0;
    for (i, dir) in setup.sets.iter().enumerate() {
        let after = setup.duration.mul_f64(rng.random_range(0.2..0.8));
        run_and_kill(&setup.db, dir, after, Some(300));
        if state_of(&setup.db, &format!("i{i:03}-"), &setup.whole) == "partial" {
            partial += 1;
        }
    }
    assert!(
        partial > 0,
        "a chunk-committing importer must leave partial imports that the check detects"
    );
}
