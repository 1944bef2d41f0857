//! `keepwise import DIR`: validate a data set and store it in one transaction.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};
use keepwise_import::{ImportError, ImportOptions, ImportProgress, NoProgress};

use crate::context::Context;

/// Environment variable for the crash test only: make the importer commit every N
/// rows, i.e. break it on purpose, to prove the test detects partial imports.
const FAULT_COMMIT_EVERY: &str = "KEEPWISE_FAULT_INJECT_COMMIT_EVERY_ROWS";

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Folder with customers.csv, orders.csv, … (or .jsonl files).
    pub dir: PathBuf,
    /// Accept columns the format does not know, and ignore them.
    #[arg(long)]
    pub ignore_unknown_columns: bool,
    /// How many problems to list before only counting the rest.
    #[arg(long, default_value_t = keepwise_import::problems::DEFAULT_LISTED_PROBLEMS)]
    pub max_problems: usize,
}

/// A progress bar on a terminal, nothing otherwise.
struct TerminalProgress {
    bar: ProgressBar,
}

impl ImportProgress for TerminalProgress {
    fn start_file(&self, name: &str, bytes: u64) {
        self.bar.reset();
        self.bar.set_length(bytes);
        self.bar.set_position(0);
        self.bar.set_message(name.to_string());
    }
    fn advance(&self, bytes: u64) {
        self.bar.inc(bytes);
    }
    fn finish_file(&self) {
        if let Some(len) = self.bar.length() {
            self.bar.set_position(len);
        }
    }
}

pub fn run(context: &Context, args: ImportArgs) -> anyhow::Result<ExitCode> {
    if !args.dir.is_dir() {
        anyhow::bail!(
            "{} is not a folder: give the folder that holds customers.csv, orders.csv, …",
            args.dir.display()
        );
    }
    let store = context.store()?;
    let options = ImportOptions {
        ignore_unknown_columns: args.ignore_unknown_columns,
        listed_problems: args.max_problems,
        operator: std::env::var("USER").unwrap_or_else(|_| "keepwise".to_string()),
        fault_commit_every_rows: std::env::var(FAULT_COMMIT_EVERY)
            .ok()
            .and_then(|v| v.parse().ok()),
        ..ImportOptions::default()
    };
    let terminal = std::io::stderr().is_terminal();
    let bar = if terminal {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{msg:>18} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        Some(TerminalProgress { bar })
    } else {
        None
    };
    let progress: &dyn ImportProgress = match &bar {
        Some(p) => p,
        None => &NoProgress,
    };
    let started = std::time::Instant::now();
    let result = context.block_on(keepwise_import::import_dir(
        &store,
        &args.dir,
        &options,
        progress,
        &chrono::Utc::now,
    ));
    if let Some(p) = &bar {
        p.bar.finish_and_clear();
    }
    context.block_on(store.close());
    match result {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            for file in &report.batch.files {
                println!(
                    "{:<20} {} new, {} changed, {} unchanged",
                    file.file, file.counts.new, file.counts.changed, file.counts.unchanged
                );
            }
            let seconds = started.elapsed().as_secs_f64();
            println!(
                "imported {} rows as batch {} into {} in {seconds:.1} s",
                report.batch.rows_total,
                report.batch.batch_id,
                context.db.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportError::Invalid { problems, warnings }) => {
            for warning in &warnings {
                eprintln!("warning: {warning}");
            }
            eprintln!("{problems}");
            Ok(ExitCode::from(1))
        }
        Err(other) => Err(other.into()),
    }
}
