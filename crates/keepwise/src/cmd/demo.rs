//! `keepwise demo`: the main job on built-in data. Generates the default sample
//! into a fresh store, imports it, and walks through what keepwise does with it.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use keepwise_import::{ImportOptions, NoProgress};
use keepwise_sample::GenerateOptions;
use keepwise_store::CustomerStore;

use crate::context::Context;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Folder for the demo's data set and store (replaced on every run).
    #[arg(long, default_value = "keepwise-demo", value_name = "DIR")]
    pub dir: PathBuf,
    /// Number of sample customers.
    #[arg(long, default_value_t = keepwise_sample::DEFAULT_CUSTOMERS)]
    pub customers: u64,
    /// Seed of the sample data.
    #[arg(long, default_value_t = keepwise_sample::DEFAULT_SEED)]
    pub seed: u64,
}

fn heading(text: &str) {
    println!("\n━━ {text} ━━\n");
}

pub fn run(context: &Context, args: DemoArgs) -> anyhow::Result<ExitCode> {
    let data = args.dir.join("data");
    // A fresh store every run: remove the old one and its WAL files.
    for suffix in ["", "-wal", "-shm"] {
        let mut path = context.db.clone().into_os_string();
        path.push(suffix);
        let path = PathBuf::from(path);
        if path.exists() {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove old demo store {}", path.display()))?;
        }
    }

    heading("1. Sample data");
    let options = GenerateOptions {
        customers: args.customers,
        seed: args.seed,
        ..GenerateOptions::default()
    };
    let summary = keepwise_sample::generate(&options, &data)
        .with_context(|| format!("cannot write the sample data into {}", data.display()))?;
    println!(
        "Generated {} customers of an imaginary business (seed {}) into {}:",
        args.customers,
        args.seed,
        data.display()
    );
    let rows: Vec<Vec<String>> = summary
        .files
        .iter()
        .map(|f| vec![f.file.to_string(), f.rows.to_string()])
        .collect();
    print!("{}", output::table(&["file", "rows"], &rows));

    heading("2. Import into the embedded store");
    let store = context.store()?;
    let report = context
        .block_on(keepwise_import::import_dir(
            &store,
            &data,
            &ImportOptions::default(),
            &NoProgress,
            &chrono::Utc::now,
        ))
        .context("the sample data did not import")?;
    println!(
        "Every rule of the canonical format checked; {} rows stored in one transaction (batch {}) in {}.",
        report.batch.rows_total,
        report.batch.batch_id,
        context.db.display()
    );
    let again = context
        .block_on(keepwise_import::import_dir(
            &store,
            &data,
            &ImportOptions::default(),
            &NoProgress,
            &chrono::Utc::now,
        ))
        .context("re-importing the sample data")?;
    let unchanged: u64 = again.batch.files.iter().map(|f| f.counts.unchanged).sum();
    let new: u64 = again
        .batch
        .files
        .iter()
        .map(|f| f.counts.new + f.counts.changed)
        .sum();
    println!(
        "Importing the same files again: {new} new or changed, {unchanged} unchanged (imports are idempotent)."
    );

    heading("3. What is stored");
    let counts = context.block_on(store.entity_counts())?;
    let rows: Vec<Vec<String>> = counts
        .iter()
        .map(|(k, v)| vec![k.clone(), v.to_string()])
        .collect();
    print!("{}", output::table(&["entity", "rows"], &rows));
    context.block_on(store.close());

    println!("\nTry it on this store:");
    println!("  keepwise --db {} status", context.db.display());
    Ok(ExitCode::SUCCESS)
}
