//! keepwise's persistence: an embedded SQLite store (one file), reached through
//! traits named by capability so that another backend can run the same tests.
//!
//! The SQLite file runs in WAL mode with `synchronous=FULL` (a committed import
//! survives a power cut), foreign keys on, and a busy timeout. Every writer starts
//! with `BEGIN IMMEDIATE`, so two writers never deadlock half-way through a
//! transaction. Migrations are embedded in the binary and applied on open.

mod audit;
mod cases;
pub mod entity;
mod import_session;
mod raw;
mod read;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub use audit::{AuditEntry, AuditLog};
pub use cases::{CaseStore, CaseSummary, FollowUpDue};
pub use entity::{Entity, IMPORT_ORDER, RowBatch, SqlValue};
pub use import_session::{ImportSession, ImportStore, ImportedBatch, TableCounts, WriteCounts};
pub use read::{CustomerStore, EntityCounts, HistoryIndex, ValuationRecords};

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the store at {path}: {source}")]
    Open { path: PathBuf, source: sqlx::Error },
    #[error("cannot bring the store at {path} up to date: {source}")]
    Migrate {
        path: PathBuf,
        source: sqlx::migrate::MigrateError,
    },
    #[error("database error while {context}: {source}")]
    Database {
        context: String,
        source: sqlx::Error,
    },
    #[error("database error while {context}: {source}")]
    Write {
        context: String,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error(
        "stored data is unreadable in table '{table}', column '{column}': {detail} \
         (was the file changed by another program?)"
    )]
    Corrupt {
        table: &'static str,
        column: &'static str,
        detail: String,
    },
    #[error(
        "value '{value}' of {table}.{column} cannot be stored exactly (more than 4 decimals or too large)"
    )]
    Unrepresentable {
        table: &'static str,
        column: &'static str,
        value: String,
    },
    #[error("{0} not found")]
    NotFound(String),
}

impl StoreError {
    pub(crate) fn db(context: impl Into<String>) -> impl FnOnce(sqlx::Error) -> StoreError {
        let context = context.into();
        move |source| StoreError::Database { context, source }
    }
}

/// The embedded SQLite store.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

impl Store {
    /// Opens (creating if missing) the store at `path` and applies pending migrations.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(parent) = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty() && !p.exists())
        {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::Open {
                path: path.to_path_buf(),
                source: sqlx::Error::Io(e),
            })?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(|source| StoreError::Open {
                path: path.to_path_buf(),
                source,
            })?
            .filename(path)
            .create_if_missing(true)
            // 16 KiB pages for a new store (an existing one keeps its size): an
            // import of tens of millions of rows splits a quarter as many pages and
            // walks shallower B-trees (about an eighth less CPU than 4 KiB pages).
            .page_size(16384)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30))
            .pragma("temp_store", "memory")
            .pragma("cache_size", "-65536");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Open {
                path: path.to_path_buf(),
                source,
            })?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|source| StoreError::Migrate {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(Store {
            pool,
            path: path.to_path_buf(),
        })
    }

    /// Where the store lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection pool, for backend-specific modules of this crate and its tests.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Runs SQLite's own consistency check; `Ok(vec!["ok"])` when the file is sound.
    pub async fn integrity_check(&self) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check")
            .fetch_all(&self.pool)
            .await
            .map_err(StoreError::db("running PRAGMA integrity_check"))?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Starts a write transaction with `BEGIN IMMEDIATE`.
    pub(crate) async fn begin_write(
        &self,
        what: &str,
    ) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, StoreError> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(StoreError::db(format!(
                "starting a write transaction for {what}"
            )))
    }

    /// Closes the pool, checkpointing the WAL.
    pub async fn close(self) {
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn opening_sets_wal_full_sync_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db")).await.unwrap();
        let mut conn = store.pool().acquire().await.unwrap();
        let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        let (sync,): (i64,) = sqlx::query_as("PRAGMA synchronous")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        let (fk,): (i64,) = sqlx::query_as("PRAGMA foreign_keys")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        let (busy,): (i64,) = sqlx::query_as("PRAGMA busy_timeout")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        let (page_size,): (i64,) = sqlx::query_as("PRAGMA page_size")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(page_size, 16384, "a new store gets 16 KiB pages");
        assert_eq!(mode, "wal");
        assert_eq!(sync, 2, "synchronous=FULL");
        assert_eq!(fk, 1);
        assert!(busy >= 1000);
        assert_eq!(
            store.integrity_check().await.unwrap(),
            vec!["ok".to_string()]
        );
    }

    #[tokio::test]
    async fn reopening_an_existing_store_applies_no_migration_twice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        Store::open(&path).await.unwrap().close().await;
        let store = Store::open(&path).await.unwrap();
        let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM _sqlx_migrations")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(n as usize, MIGRATOR.iter().count());
    }
}
