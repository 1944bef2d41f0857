//! Realistic sample data in keepwise's canonical format (FORMAT.md), with the
//! action the business should take for every customer (`labels.csv`).
//!
//! The data set mixes ordinary customers with every situation of DESIGN.md's
//! action table, in six languages, with enough noise that no single column
//! gives the answer away. It is deterministic for a seed (ChaCha8, no clock)
//! and streams: every customer is generated from its own random stream and
//! written at once, so memory stays small for any number of customers.
//! `docs/sample-data.md` describes the kinds of customers and their labels.

mod archetype;
mod customer;
mod dist;
mod out;
mod phrases;
mod text;
mod world;

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use keepwise_core::records::Action;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

pub use archetype::Kind;
pub use out::DataFile;

use archetype::{BLOCK, shuffled_block};
use customer::{Cust, Ids, World, write_review};
use dist::{chance, pick, weighted};
use out::{Output, flag, timestamp};
use phrases::{LANGUAGE_WEIGHTS, LANGUAGES};
use world::{DAY, SPAN_DAYS};

/// Customers in the demo data set.
pub const DEFAULT_CUSTOMERS: u64 = 600;

/// Seed of the demo data set.
pub const DEFAULT_SEED: u64 = 42;

/// The moment the sample data ends by default: 2026-06-30T00:00:00Z.
pub fn sample_as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 30, 0, 0, 0)
        .single()
        .expect("a valid fixed date")
}

/// [`sample_as_of`] as seconds since the Unix epoch.
pub const SAMPLE_AS_OF: i64 = 1_782_777_600;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Number of customers.
    pub customers: u64,
    /// The same seed gives byte-identical files.
    pub seed: u64,
    /// End of the data's two-year span; nothing happens after it.
    pub as_of: DateTime<Utc>,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            customers: DEFAULT_CUSTOMERS,
            seed: DEFAULT_SEED,
            as_of: sample_as_of(),
        }
    }
}

/// How many rows a file received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRows {
    pub file: &'static str,
    pub rows: u64,
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateSummary {
    /// Rows per file (header not counted), in FORMAT.md order, `labels.csv` last.
    pub files: Vec<FileRows>,
    /// Customers per action of `labels.csv`, in the order of `Action::ALL`.
    pub labels: Vec<(Action, u64)>,
}

/// Why the data set could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    #[error(
        "cannot write {path}: {source}; check that the folder is writable and the disk has room"
    )]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "cannot write a row to {path}: {source}; check that the folder is writable and the disk has room"
    )]
    Csv { path: PathBuf, source: csv::Error },
    #[error("{0}")]
    Options(String),
}

/// Writes a sample data set of `options.customers` customers into `out_dir`
/// (created if missing; existing files of the data set are replaced).
pub fn generate(options: &GenerateOptions, out_dir: &Path) -> Result<GenerateSummary, SampleError> {
    generate_with_progress(options, out_dir, &mut |_| {})
}

/// Customers between two calls of the progress callback.
pub const PROGRESS_STEP: u64 = 10_000;

/// [`generate`], calling `progress` with the number of customers written so far
/// every [`PROGRESS_STEP`] customers and once at the end.
pub fn generate_with_progress(
    options: &GenerateOptions,
    out_dir: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<GenerateSummary, SampleError> {
    if options.customers == 0 {
        return Err(SampleError::Options(
            "the number of customers must be at least 1".to_string(),
        ));
    }
    if options.customers > 100_000_000 {
        return Err(SampleError::Options(format!(
            "{} customers is more than the generator's limit of 100,000,000; generate several data sets instead",
            options.customers
        )));
    }
    let as_of = options.as_of.timestamp();
    let world = World {
        as_of,
        promotions: world::promotions(as_of),
    };
    let mut out = Output::create(out_dir)?;
    for promotion in &world.promotions {
        out.row(
            DataFile::Promotions,
            &[
                promotion.id,
                promotion.name,
                &timestamp(promotion.starts_at),
                &timestamp(promotion.ends_at),
                &promotion
                    .max_uses_per_customer
                    .map(|m| m.to_string())
                    .unwrap_or_default(),
                flag(Some(promotion.first_order_only)),
            ],
        )?;
    }

    // One key for the data set; customer i draws from stream i, block b of
    // kinds from stream 2^63 + b. A customer's data does not depend on how many
    // customers are generated after it.
    let key = ChaCha8Rng::seed_from_u64(options.seed).get_seed();
    let mut ids = Ids::default();
    let mut labels = [0u64; 7];
    let mut block = Vec::new();
    for index in 0..options.customers {
        let slot = (index % BLOCK as u64) as usize;
        if slot == 0 {
            let mut block_rng = ChaCha8Rng::from_seed(key);
            block_rng.set_stream((1 << 63) | (index / BLOCK as u64));
            block = shuffled_block(&mut block_rng);
        }
        let kind = block[slot];
        let mut rng = ChaCha8Rng::from_seed(key);
        rng.set_stream(index);

        let book = LANGUAGES[weighted(&mut rng, &weights_by_index())];
        let segment = kind.segment_mix().draw(&mut rng);
        let created = as_of - dist::between(&mut rng, kind.min_tenure_days(), SPAN_DAYS) * DAY
            + dist::between(&mut rng, 0, DAY - 1);
        let target_fit = kind.target_fit(&mut rng);
        let mut customer = Cust {
            rng,
            out: &mut out,
            ids: &mut ids,
            world: &world,
            book,
            id: format!("C{:07}", index + 1),
            segment,
            created,
            orders: Vec::new(),
            company_causes: 0,
            other_causes: 0,
        };
        customer.write_customer(index, target_fit)?;
        kind.build(&mut customer)?;
        customer.write_label(kind.action())?;
        // Now and then a review nobody can tie to a customer.
        if chance(&mut customer.rng, 0.015) {
            let rating = pick(&mut customer.rng, &[1u8, 2, 3, 4, 5, 5]);
            let at = as_of - dist::between(&mut customer.rng, 1, SPAN_DAYS) * DAY;
            let answered = chance(&mut customer.rng, 0.5);
            let mut rng = customer.rng.clone();
            write_review(
                &mut out, &mut ids, &mut rng, book, None, rating, at, answered, as_of,
            )?;
        }
        let action = kind.action();
        labels[Action::ALL.iter().position(|a| *a == action).unwrap_or(0)] += 1;
        if (index + 1) % PROGRESS_STEP == 0 {
            progress(index + 1);
        }
    }
    progress(options.customers);

    let rows = out.rows();
    out.finish()?;
    Ok(GenerateSummary {
        files: DataFile::ALL
            .iter()
            .zip(rows)
            .map(|(file, rows)| FileRows {
                file: file.file_name(),
                rows,
            })
            .collect(),
        labels: Action::ALL.iter().copied().zip(labels).collect(),
    })
}

/// Language weights paired with their index in [`LANGUAGES`].
fn weights_by_index() -> [(usize, u32); LANGUAGES.len()] {
    let mut weights = [(0, 0); LANGUAGES.len()];
    for (i, weight) in LANGUAGE_WEIGHTS.iter().enumerate() {
        weights[i] = (i, *weight);
    }
    weights
}

#[cfg(test)]
mod tests;
