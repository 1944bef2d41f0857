//! Reads a data set in keepwise's canonical format (FORMAT.md), CSV or JSON Lines,
//! checks every rule of the format, and stores it in one transaction.
//!
//! Rows stream from disk to the store in batches: a reader thread per file parses
//! and checks them while the calling task writes the previous batches (a bounded
//! channel between them), so memory stays bounded by the sets of ids that other
//! files may reference and the ids of the file being read (to find repeats). Every problem is collected (the
//! first [`problems::DEFAULT_LISTED_PROBLEMS`] listed, the rest counted); when
//! there is any, the transaction is rolled back and nothing of the import is
//! stored. Re-importing the same records changes nothing: records are keyed by
//! their ids and an identical stored copy is left alone.

pub mod codes;
pub mod fields;
mod ids;
pub mod problems;
pub mod schema;
pub mod source;
mod validate;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use keepwise_store::{ImportStore, ImportedBatch, Store, StoreError};

pub use problems::{Problem, Problems};
pub use source::{ImportProgress, NoProgress};

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Accept and ignore columns the format does not know.
    pub ignore_unknown_columns: bool,
    /// How many problems to list before only counting them.
    pub listed_problems: usize,
    /// Who runs the import (recorded in the batch and the audit log).
    pub operator: String,
    /// Records per write to the store.
    pub rows_per_write: usize,
    /// Fault injection for the crash test only: commit every N rows (a broken importer).
    pub fault_commit_every_rows: Option<u64>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            ignore_unknown_columns: false,
            listed_problems: problems::DEFAULT_LISTED_PROBLEMS,
            operator: "keepwise".to_string(),
            rows_per_write: 2000,
            fault_commit_every_rows: None,
        }
    }
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub batch: ImportedBatch,
    pub warnings: Vec<String>,
}

/// Why an import stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{problems}")]
    Invalid {
        problems: Problems,
        warnings: Vec<String>,
    },
    #[error(
        "{dir} holds no file of the canonical format: expected customers.csv (or .jsonl) and any of \
         orders, concessions, tickets, messages, contracts, usage, reviews, staff_reports, promotions, rates"
    )]
    NoData { dir: PathBuf },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Imports the data set in `dir` into `store` as one transaction.
///
/// `clock` gives the time recorded for the batch (the core never reads a clock).
pub async fn import_dir(
    store: &Store,
    dir: &Path,
    options: &ImportOptions,
    progress: &dyn ImportProgress,
    clock: &dyn Fn() -> DateTime<Utc>,
) -> Result<ImportReport, ImportError> {
    let mut problems = Problems::with_limit(options.listed_problems);
    let (files, warnings) = source::discover(dir, schema::FILES, &mut problems)?;
    if files.is_empty() && problems.is_empty() {
        return Err(ImportError::NoData {
            dir: dir.to_path_buf(),
        });
    }
    let mut session = store
        .begin_import(&options.operator, &dir.display().to_string(), clock())
        .await?;
    if let Some(every) = options.fault_commit_every_rows {
        session.inject_fault_commit_every(every);
    }
    let outcome =
        validate::load_files(&mut session, &files, options, progress, &mut problems).await;
    let counts = match outcome {
        Ok(counts) => counts,
        Err(e) => {
            session.rollback().await?;
            return Err(e);
        }
    };
    if !problems.is_empty() {
        session.rollback().await?;
        return Err(ImportError::Invalid { problems, warnings });
    }
    let batch = session.commit(clock(), counts).await?;
    Ok(ImportReport { batch, warnings })
}
