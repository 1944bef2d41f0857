//! `keepwise generate`: writes a realistic sample data set in the canonical
//! format, with `labels.csv` (see docs/sample-data.md).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use chrono::{DateTime, SecondsFormat, Utc};
use keepwise_sample::{
    DEFAULT_CUSTOMERS, DEFAULT_SEED, GenerateOptions, generate_with_progress, sample_as_of,
};

/// Options of `keepwise generate`.
#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    /// Number of customers to generate.
    #[arg(long, default_value_t = DEFAULT_CUSTOMERS)]
    pub customers: u64,
    /// Seed of the random generator: the same seed gives byte-identical files.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Folder to write the CSV files into (created if missing; the data set's files are replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// End of the data's two-year span, RFC 3339 (default 2026-06-30T00:00:00Z).
    #[arg(long, value_name = "TIMESTAMP")]
    pub as_of: Option<DateTime<Utc>>,
}

/// Generates the data set and prints what was written.
pub fn run(args: GenerateArgs) -> anyhow::Result<()> {
    let options = GenerateOptions {
        customers: args.customers,
        seed: args.seed,
        as_of: args.as_of.unwrap_or_else(sample_as_of),
    };
    let started = Instant::now();
    let bar = if options.customers >= 100_000 {
        let bar = indicatif::ProgressBar::new(options.customers);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} customers ({per_sec}, {eta} left)",
            )
            .context("building the progress bar")?,
        );
        Some(bar)
    } else {
        None
    };
    let summary = generate_with_progress(&options, &args.out, &mut |done| {
        if let Some(bar) = &bar {
            bar.set_position(done);
        }
    })
    .with_context(|| format!("generating sample data into {}", args.out.display()))?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }

    println!(
        "Wrote {} customers to {} in {:.1} s (seed {}, as of {}).",
        options.customers,
        args.out.display(),
        started.elapsed().as_secs_f64(),
        options.seed,
        options.as_of.to_rfc3339_opts(SecondsFormat::Secs, true)
    );
    println!();
    println!("{:<20} {:>12}", "file", "rows");
    for file in &summary.files {
        println!("{:<20} {:>12}", file.file, file.rows);
    }
    println!();
    println!("{:<20} {:>12}", "action (labels.csv)", "customers");
    for (action, count) in &summary.labels {
        println!("{:<20} {:>12}", action.as_str(), count);
    }
    Ok(())
}
