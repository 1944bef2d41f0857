//! Writing one import: a single `BEGIN IMMEDIATE` transaction holding every file of
//! a data set, so that an import is stored wholly or not at all.
//!
//! Records arrive as [`RowBatch`]es and are written by their source ids through one
//! prepared statement on the transaction's own connection (see `raw.rs`).
//! Into a table that was empty when the import began, every record is new: a plain
//! insert. Otherwise a record whose stored copy is identical is left alone and
//! counted as unchanged, and the `RETURNING first_batch` of the upsert tells a new
//! record (created by this batch) from a changed one.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Row, Sqlite, Transaction};

use crate::entity::{Entity, RowBatch, timestamp};
use crate::{Store, StoreError, raw};

/// SQLite's default limit on bound parameters per statement is 32766; stay well below.
const MAX_PARAMS_PER_STATEMENT: usize = 8000;

/// New, changed and unchanged records written for one table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WriteCounts {
    pub new: u64,
    pub changed: u64,
    pub unchanged: u64,
}

impl WriteCounts {
    pub fn total(&self) -> u64 {
        self.new + self.changed + self.unchanged
    }
    fn add(&mut self, other: WriteCounts) {
        self.new += other.new;
        self.changed += other.changed;
        self.unchanged += other.unchanged;
    }
}

/// Counts for one file of an import, as recorded in its batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableCounts {
    pub file: String,
    pub table: String,
    #[serde(flatten)]
    pub counts: WriteCounts,
}

/// A committed import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedBatch {
    pub batch_id: i64,
    pub started_at: String,
    pub finished_at: String,
    pub operator: String,
    pub source: String,
    pub files: Vec<TableCounts>,
    pub rows_total: u64,
}

/// Capability: importing data sets.
pub trait ImportStore {
    /// Starts an import transaction; nothing is visible to others until commit.
    fn begin_import(
        &self,
        operator: &str,
        source: &str,
        started_at: DateTime<Utc>,
    ) -> impl Future<Output = Result<ImportSession, StoreError>> + Send;

    /// The most recent imports, newest first.
    fn recent_imports(
        &self,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<ImportedBatch>, StoreError>> + Send;
}

/// An import in progress: one open write transaction.
pub struct ImportSession {
    tx: Option<Transaction<'static, Sqlite>>,
    store: Store,
    batch_id: i64,
    started_at: String,
    operator: String,
    source: String,
    /// Per table written: whether it was empty when this import began.
    empty_at_start: HashMap<&'static str, bool>,
    /// Fault injection for the crash test only: commit every N rows (a broken importer).
    commit_every_rows: Option<u64>,
    rows_since_commit: u64,
}

impl ImportStore for Store {
    async fn begin_import(
        &self,
        operator: &str,
        source: &str,
        started_at: DateTime<Utc>,
    ) -> Result<ImportSession, StoreError> {
        let mut tx = self.begin_write("an import").await?;
        let started = timestamp(&started_at);
        let row = sqlx::query(
            "INSERT INTO import_batches (started_at, finished_at, operator, source, files, rows_total) \
             VALUES (?, ?, ?, ?, '[]', 0) RETURNING batch_id",
        )
        .bind(&started)
        .bind(&started)
        .bind(operator)
        .bind(source)
        .fetch_one(&mut *tx)
        .await
        .map_err(StoreError::db("recording the import batch"))?;
        let batch_id: i64 = row
            .try_get(0)
            .map_err(StoreError::db("reading the new batch id"))?;
        Ok(ImportSession {
            tx: Some(tx),
            store: self.clone(),
            batch_id,
            started_at: started,
            operator: operator.to_string(),
            source: source.to_string(),
            empty_at_start: HashMap::new(),
            commit_every_rows: None,
            rows_since_commit: 0,
        })
    }

    async fn recent_imports(&self, limit: u32) -> Result<Vec<ImportedBatch>, StoreError> {
        let rows = sqlx::query(
            "SELECT batch_id, started_at, finished_at, operator, source, files, rows_total \
             FROM import_batches ORDER BY batch_id DESC LIMIT ?",
        )
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await
        .map_err(StoreError::db("listing imports"))?;
        rows.iter()
            .map(|row| {
                let r = crate::entity::RowReader::new("import_batches", row);
                let files_json = r.string("files")?;
                let files = serde_json::from_str(&files_json).map_err(|e| StoreError::Corrupt {
                    table: "import_batches",
                    column: "files",
                    detail: e.to_string(),
                })?;
                Ok(ImportedBatch {
                    batch_id: r.opt_i64("batch_id")?.unwrap_or_default(),
                    started_at: r.string("started_at")?,
                    finished_at: r.string("finished_at")?,
                    operator: r.string("operator")?,
                    source: r.string("source")?,
                    files,
                    rows_total: r.opt_i64("rows_total")?.unwrap_or_default().max(0) as u64,
                })
            })
            .collect()
    }
}

impl ImportSession {
    /// The id of the batch this import records.
    pub fn batch_id(&self) -> i64 {
        self.batch_id
    }

    /// Makes this session a *broken* importer that commits every `rows` rows.
    ///
    /// Exists only so the crash test can prove it detects partial imports; the
    /// binary enables it solely through a fault-injection environment variable.
    pub fn inject_fault_commit_every(&mut self, rows: u64) {
        self.commit_every_rows = Some(rows.max(1));
    }

    fn tx(&mut self) -> &mut Transaction<'static, Sqlite> {
        self.tx
            .as_mut()
            .expect("an import session always holds its transaction until commit")
    }

    /// Writes the records of `rows` (of table `E`), keyed by their ids, and counts
    /// new, changed and unchanged ones.
    ///
    /// Into a table that was empty when this import began every record is new, so
    /// it is a plain insert; otherwise an upsert that leaves identical rows alone.
    pub async fn upsert<E: Entity>(&mut self, rows: &RowBatch) -> Result<WriteCounts, StoreError> {
        assert_eq!(rows.table(), E::TABLE, "rows of another table");
        let mut counts = WriteCounts::default();
        if rows.is_empty() {
            return Ok(counts);
        }
        let was_empty = self.table_was_empty(E::TABLE).await?;
        let mut start = 0;
        while start < rows.len() {
            let take = match self.commit_every_rows {
                Some(every) => every.saturating_sub(self.rows_since_commit).max(1),
                None => u64::MAX,
            };
            let end = start
                + usize::try_from(take)
                    .unwrap_or(usize::MAX)
                    .min(rows.len() - start);
            let batch_id = self.batch_id;
            let mut handle = self.tx().lock_handle().await.map_err(StoreError::db(
                "reaching the SQLite connection of the import",
            ))?;
            counts.add(raw::write::<E>(
                handle.as_raw_handle(),
                rows,
                start..end,
                batch_id,
                was_empty,
            )?);
            drop(handle);
            self.rows_since_commit += (end - start) as u64;
            start = end;
            if let Some(every) = self.commit_every_rows
                && self.rows_since_commit >= every
            {
                self.rows_since_commit = 0;
                let tx = self.tx.take().expect("transaction present");
                tx.commit()
                    .await
                    .map_err(StoreError::db("committing a chunk (fault injection)"))?;
                self.tx = Some(self.store.begin_write("an import chunk").await?);
            }
        }
        Ok(counts)
    }

    /// Whether `table` held no row when this import began (asked before its first write).
    async fn table_was_empty(&mut self, table: &'static str) -> Result<bool, StoreError> {
        if let Some(empty) = self.empty_at_start.get(table) {
            return Ok(*empty);
        }
        // Built only from the entity's constant table name.
        let sql = format!("SELECT NOT EXISTS (SELECT 1 FROM {table})");
        let empty: bool = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&mut **self.tx())
            .await
            .map_err(StoreError::db(format!("checking whether {table} is empty")))?;
        self.empty_at_start.insert(table, empty);
        Ok(empty)
    }

    /// Which of `ids` exist in `table` (stored before, or written earlier in this import).
    pub async fn existing_ids(
        &mut self,
        table: &'static str,
        key_column: &'static str,
        ids: &[String],
    ) -> Result<HashSet<String>, StoreError> {
        let mut found = HashSet::new();
        for chunk in ids.chunks(MAX_PARAMS_PER_STATEMENT) {
            let placeholders = vec!["?"; chunk.len()].join(",");
            let sql =
                format!("SELECT {key_column} FROM {table} WHERE {key_column} IN ({placeholders})");
            let mut query = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql));
            for id in chunk {
                query = query.bind(id);
            }
            let rows = query
                .fetch_all(&mut **self.tx())
                .await
                .map_err(StoreError::db(format!("looking up ids in {table}")))?;
            found.extend(rows);
        }
        Ok(found)
    }

    /// Reads `(id, customer_id)` pairs of stored records, e.g. to check that an
    /// order's contract belongs to the same customer.
    pub async fn owners(
        &mut self,
        table: &'static str,
        key_column: &'static str,
        ids: &[String],
    ) -> Result<HashMap<String, String>, StoreError> {
        let mut found = HashMap::new();
        for chunk in ids.chunks(MAX_PARAMS_PER_STATEMENT) {
            let placeholders = vec!["?"; chunk.len()].join(",");
            let sql = format!(
                "SELECT {key_column}, customer_id FROM {table} WHERE {key_column} IN ({placeholders})"
            );
            let mut query = sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(sql));
            for id in chunk {
                query = query.bind(id);
            }
            let rows = query
                .fetch_all(&mut **self.tx())
                .await
                .map_err(StoreError::db(format!("looking up owners in {table}")))?;
            found.extend(rows);
        }
        Ok(found)
    }

    /// A data set setting (e.g. the reporting currency), as stored before this import.
    pub async fn setting(&mut self, key: &str) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar::<_, String>("SELECT value FROM dataset_settings WHERE key = ?")
            .bind(key)
            .fetch_optional(&mut **self.tx())
            .await
            .map_err(StoreError::db(format!("reading setting {key}")))
    }

    /// Sets a data set setting as part of this import.
    pub async fn set_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO dataset_settings (key, value) VALUES (?, ?) \
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&mut **self.tx())
        .await
        .map_err(StoreError::db(format!("writing setting {key}")))?;
        Ok(())
    }

    /// All stored rates (currency → exact decimal text).
    pub async fn stored_rates(&mut self) -> Result<HashMap<String, String>, StoreError> {
        let rows = sqlx::query_as::<_, (String, String)>("SELECT currency, rate FROM rates")
            .fetch_all(&mut **self.tx())
            .await
            .map_err(StoreError::db("reading stored rates"))?;
        Ok(rows.into_iter().collect())
    }

    /// Currencies used by stored money records.
    pub async fn stored_currencies(&mut self) -> Result<HashSet<String>, StoreError> {
        let rows = sqlx::query_scalar::<_, String>(
            "SELECT currency FROM orders UNION SELECT currency FROM concessions \
             UNION SELECT currency FROM contracts",
        )
        .fetch_all(&mut **self.tx())
        .await
        .map_err(StoreError::db("reading stored currencies"))?;
        Ok(rows.into_iter().collect())
    }

    /// Commits the import, recording its counts in the batch and the audit log.
    pub async fn commit(
        mut self,
        finished_at: DateTime<Utc>,
        files: Vec<TableCounts>,
    ) -> Result<ImportedBatch, StoreError> {
        let finished = timestamp(&finished_at);
        let rows_total: u64 = files.iter().map(|f| f.counts.total()).sum();
        let files_json = serde_json::to_string(&files).map_err(|e| StoreError::Corrupt {
            table: "import_batches",
            column: "files",
            detail: e.to_string(),
        })?;
        let batch_id = self.batch_id;
        sqlx::query("UPDATE import_batches SET finished_at = ?, files = ?, rows_total = ? WHERE batch_id = ?")
            .bind(&finished)
            .bind(&files_json)
            .bind(rows_total as i64)
            .bind(batch_id)
            .execute(&mut **self.tx())
            .await
            .map_err(StoreError::db("finishing the import batch"))?;
        let details =
            serde_json::json!({ "batch_id": batch_id, "source": self.source, "files": files });
        sqlx::query("INSERT INTO audit_log (at, actor, action, subject, details) VALUES (?, ?, 'import', ?, ?)")
            .bind(&finished)
            .bind(&self.operator)
            .bind(format!("batch {batch_id}"))
            .bind(details.to_string())
            .execute(&mut **self.tx())
            .await
            .map_err(StoreError::db("writing the audit log entry of the import"))?;
        let tx = self.tx.take().expect("transaction present");
        tx.commit()
            .await
            .map_err(StoreError::db("committing the import"))?;
        Ok(ImportedBatch {
            batch_id,
            started_at: self.started_at.clone(),
            finished_at: finished,
            operator: self.operator.clone(),
            source: self.source.clone(),
            files,
            rows_total,
        })
    }

    /// Abandons the import: nothing of it is stored.
    pub async fn rollback(mut self) -> Result<(), StoreError> {
        if let Some(tx) = self.tx.take() {
            tx.rollback()
                .await
                .map_err(StoreError::db("rolling back the import"))?;
        }
        Ok(())
    }
}
