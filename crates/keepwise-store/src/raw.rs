//! The hot loop of an import: records written through prepared multi-row
//! statements on the SQLite connection that holds the import's sqlx transaction.
//!
//! Why not through sqlx: sqlx runs every statement on a worker thread and hands
//! results back through a channel, with owned arguments per statement; at tens of
//! millions of rows that traffic, not SQLite, was most of an import's time. Here
//! the connection is borrowed from sqlx (`SqliteConnection::lock_handle`) for one
//! chunk of records and driven through SQLite's C API (`rusqlite::ffi`, the very
//! `libsqlite3-sys` that sqlx links, so the handle's type and the library are one):
//! a few prepared statements, values bound in place. Text is bound as
//! `SQLITE_STATIC`, pointing into the row batch, where rusqlite's binding copies
//! every value into memory SQLite allocates and frees again (a tenth of an
//! import's time). The transaction, its `BEGIN IMMEDIATE`, commit and rollback
//! stay with sqlx, so the rules of the store (one transaction per import, WAL,
//! `synchronous=FULL`, foreign keys) are unchanged.
//!
//! This is the only `unsafe` of the store; see the invariants at each block.
#![allow(unsafe_code)]

use std::ffi::{CStr, c_int};
use std::ops::Range;
use std::ptr::NonNull;

use rusqlite::ffi;

use crate::StoreError;
use crate::entity::{Entity, RowBatch, SqlValue};
use crate::import_session::WriteCounts;

/// Records per statement: one multi-row `INSERT` opens its cursors and checks its
/// plan once for this many records, where a single-row statement did that per
/// record. (A multi-row statement needs a statement journal, as a foreign key may
/// abort it half-way; its pages are copied once per statement. On 100,000
/// customers 100–500 records per statement cost the same CPU, 1,000 more, and
/// one per statement a quarter more.) 250 records of the widest
/// table (16 columns) bind 4,000 parameters, far below SQLite's limit of 32,766.
const ROWS_PER_STATEMENT: usize = 250;

/// Writes records `range` of `rows` (of table `E`) as batch `batch_id`.
///
/// `table_was_empty`: nothing was stored in the table when the import began, so
/// every record is new and a plain `INSERT` does (a repeated id is a constraint
/// error; the importer rejects repeated ids before writing). Otherwise records are
/// upserted: an identical stored row is left alone (unchanged), a different one is
/// updated (changed, its `first_batch` is older), a missing one inserted (new).
///
/// The caller holds the lock of the connection whose handle `handle` is for the
/// whole call (`LockedSqliteHandle`), so nothing else uses it meanwhile.
pub(crate) fn write<'r, E: Entity>(
    handle: NonNull<ffi::sqlite3>,
    rows: &'r RowBatch,
    range: Range<usize>,
    batch_id: i64,
    table_was_empty: bool,
) -> Result<WriteCounts, StoreError> {
    let mut counts = WriteCounts::default();
    let mut statement: Option<(usize, Statement<'r>)> = None;
    let mut first = range.start;
    while first < range.end {
        let records = ROWS_PER_STATEMENT.min(range.end - first);
        // A batch needs at most two shapes: full statements and the rest.
        let prepared = match statement.take() {
            Some((size, prepared)) if size == records => prepared,
            _ => Statement::prepare::<E>(
                handle,
                &statement_sql::<E>(records, batch_id, table_was_empty),
            )?,
        };
        let current = statement.insert((records, prepared));
        let statement = &mut current.1;
        let mut index: c_int = 0;
        for row in first..first + records {
            for value in rows.row(row) {
                index += 1;
                statement.bind::<E>(index, value)?;
            }
        }
        first += records;
        if table_was_empty {
            if statement.step::<E>("inserting records")? {
                return Err(sqlite_error::<E>(
                    handle,
                    ffi::SQLITE_MISUSE,
                    "inserting records (a row came back)",
                ));
            }
            statement.reset();
            counts.new += records as u64;
            continue;
        }
        // `RETURNING` yields a row per inserted or updated record; the others
        // were identical to their stored copy.
        let mut written = 0;
        while statement.step::<E>("upserting records")? {
            written += 1;
            if statement.column_i64(0) == batch_id {
                counts.new += 1;
            } else {
                counts.changed += 1;
            }
        }
        statement.reset();
        counts.unchanged += (records - written) as u64;
    }
    Ok(counts)
}

/// A prepared statement on the import's connection, finalized when dropped.
struct Statement<'r> {
    db: NonNull<ffi::sqlite3>,
    raw: NonNull<ffi::sqlite3_stmt>,
    /// Bound text points into the row batch, which outlives the statement.
    rows: std::marker::PhantomData<&'r RowBatch>,
}

impl<'r> Statement<'r> {
    fn prepare<E: Entity>(db: NonNull<ffi::sqlite3>, sql: &str) -> Result<Self, StoreError> {
        let length = c_int::try_from(sql.len()).map_err(|_| {
            sqlite_error::<E>(
                db,
                ffi::SQLITE_TOOBIG,
                "preparing the write (statement too long)",
            )
        })?;
        let mut raw = std::ptr::null_mut();
        // SAFETY: `db` is the open connection the caller holds locked; `sql` is valid
        // for `length` bytes; `raw` receives the statement or stays null.
        let code = unsafe {
            ffi::sqlite3_prepare_v2(
                db.as_ptr(),
                sql.as_ptr().cast(),
                length,
                &mut raw,
                std::ptr::null_mut(),
            )
        };
        match NonNull::new(raw) {
            Some(raw) if code == ffi::SQLITE_OK => Ok(Statement {
                db,
                raw,
                rows: std::marker::PhantomData,
            }),
            Some(raw) => {
                // SAFETY: a statement prepared on `db`, finalized once, here.
                unsafe { ffi::sqlite3_finalize(raw.as_ptr()) };
                Err(sqlite_error::<E>(db, code, "preparing the write"))
            }
            None => Err(sqlite_error::<E>(db, code, "preparing the write")),
        }
    }

    /// Binds parameter `index` (from 1); text is not copied: it must stay put until
    /// the statement is reset and rebound or finalized, which the lifetime `'r`
    /// of the row batch guarantees.
    fn bind<E: Entity>(&mut self, index: c_int, value: SqlValue<'r>) -> Result<(), StoreError> {
        let raw = self.raw.as_ptr();
        // SAFETY: `raw` is a live statement of this struct; text points into the
        // row batch borrowed for `'r`, longer than the statement lives
        // (`SQLITE_STATIC` tells SQLite not to copy or free it).
        let code = unsafe {
            match value {
                SqlValue::Null => ffi::sqlite3_bind_null(raw, index),
                SqlValue::Int(v) => ffi::sqlite3_bind_int64(raw, index, v),
                SqlValue::Text(v) => ffi::sqlite3_bind_text64(
                    raw,
                    index,
                    v.as_ptr().cast(),
                    v.len() as u64,
                    ffi::SQLITE_STATIC(),
                    ffi::SQLITE_UTF8 as u8,
                ),
            }
        };
        if code == ffi::SQLITE_OK {
            Ok(())
        } else {
            Err(sqlite_error::<E>(self.db, code, "binding a value"))
        }
    }

    /// Runs the statement one step: `true` when a row came back, `false` when done.
    fn step<E: Entity>(&mut self, what: &'static str) -> Result<bool, StoreError> {
        // SAFETY: `raw` is a live statement with every parameter bound.
        match unsafe { ffi::sqlite3_step(self.raw.as_ptr()) } {
            ffi::SQLITE_ROW => Ok(true),
            ffi::SQLITE_DONE => Ok(false),
            code => Err(sqlite_error::<E>(self.db, code, what)),
        }
    }

    /// Column `column` of the current row, as an integer.
    fn column_i64(&self, column: c_int) -> i64 {
        // SAFETY: called only after `step` returned a row.
        unsafe { ffi::sqlite3_column_int64(self.raw.as_ptr(), column) }
    }

    /// Makes the statement ready to be bound and run again (its error, if any,
    /// was reported by `step`).
    fn reset(&mut self) {
        // SAFETY: `raw` is a live statement.
        unsafe { ffi::sqlite3_reset(self.raw.as_ptr()) };
    }
}

impl Drop for Statement<'_> {
    fn drop(&mut self) {
        // SAFETY: the statement was prepared on the connection still open and
        // locked by the caller of `write`, and is finalized exactly once, here.
        unsafe { ffi::sqlite3_finalize(self.raw.as_ptr()) };
    }
}

/// The connection's error message for `code`, as the store's error.
fn sqlite_error<E: Entity>(db: NonNull<ffi::sqlite3>, code: c_int, what: &str) -> StoreError {
    // SAFETY: `db` is the open connection; the message is copied before anything
    // else runs on it.
    let message = unsafe {
        let text = ffi::sqlite3_errmsg(db.as_ptr());
        (!text.is_null()).then(|| CStr::from_ptr(text).to_string_lossy().into_owned())
    };
    StoreError::Write {
        context: format!("{what} in table {}", E::TABLE),
        source: Box::new(rusqlite::Error::SqliteFailure(
            ffi::Error::new(code),
            message,
        )),
    }
}

fn column_list<E: Entity>() -> String {
    let mut columns: Vec<&str> = E::COLUMNS.to_vec();
    columns.extend(["first_batch", "last_batch"]);
    columns.join(",")
}

/// `records` rows of placeholders for the entity's columns, each followed by the
/// batch id (an integer of the store's own, written as a literal) twice.
fn values<E: Entity>(records: usize, batch_id: i64) -> String {
    let row = format!("({}{batch_id},{batch_id})", "?,".repeat(E::COLUMNS.len()));
    vec![row; records].join(",")
}

/// Built only from the entity's constant table and column names and the integer
/// batch id; values are bound. Into an empty table a plain insert; otherwise an
/// upsert whose `RETURNING` yields a row only for an inserted or updated record.
fn statement_sql<E: Entity>(records: usize, batch_id: i64, table_was_empty: bool) -> String {
    let insert = format!(
        "INSERT INTO {table} ({columns}) VALUES {values}",
        table = E::TABLE,
        columns = column_list::<E>(),
        values = values::<E>(records, batch_id),
    );
    if table_was_empty {
        return insert;
    }
    let non_key: Vec<&str> = E::COLUMNS
        .iter()
        .copied()
        .filter(|c| !E::KEY.contains(c))
        .collect();
    let mut set: Vec<String> = non_key
        .iter()
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    set.push("last_batch = excluded.last_batch".to_string());
    let differs: Vec<String> = non_key
        .iter()
        .map(|c| format!("{t}.{c} IS NOT excluded.{c}", t = E::TABLE))
        .collect();
    let differs = if differs.is_empty() {
        "0".to_string()
    } else {
        differs.join(" OR ")
    };
    format!(
        "{insert} ON CONFLICT({key}) DO UPDATE SET {set} WHERE {differs} RETURNING first_batch",
        key = E::KEY.join(","),
        set = set.join(", "),
    )
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};
    use keepwise_core::records::Customer;

    use crate::{CustomerStore, ImportSession, ImportStore, RowBatch, Store, WriteCounts};

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
    }

    fn customer(n: usize, name: &str) -> Customer {
        Customer {
            customer_id: format!("C{n:05}"),
            name: Some(name.to_string()),
            email: None,
            language: None,
            segment: None,
            target_fit: None,
            created_at: at(),
            country: None,
        }
    }

    async fn write(session: &mut ImportSession, customers: &[Customer]) -> WriteCounts {
        let mut rows = RowBatch::new::<Customer>(customers.len());
        for c in customers {
            rows.push(c).unwrap();
        }
        session.upsert::<Customer>(&rows).await.unwrap()
    }

    #[tokio::test]
    async fn whole_and_partial_statements_count_new_changed_and_unchanged_records() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db")).await.unwrap();
        // 620 records: two statements of 250 and one of 120.
        let first: Vec<Customer> = (0..620).map(|n| customer(n, "Ann")).collect();
        let mut session = store.begin_import("test", "first", at()).await.unwrap();
        let counts = write(&mut session, &first).await;
        assert_eq!((counts.new, counts.changed, counts.unchanged), (620, 0, 0));
        session.commit(at(), Vec::new()).await.unwrap();

        // Every seventh record renamed, 80 new ones after the stored 620.
        let second: Vec<Customer> = (0..700)
            .map(|n| customer(n, if n % 7 == 0 && n < 620 { "Bea" } else { "Ann" }))
            .collect();
        let renamed = (0..620).filter(|n| n % 7 == 0).count() as u64;
        let mut session = store.begin_import("test", "second", at()).await.unwrap();
        let counts = write(&mut session, &second).await;
        assert_eq!(
            (counts.new, counts.changed, counts.unchanged),
            (80, renamed, 620 - renamed)
        );
        session.commit(at(), Vec::new()).await.unwrap();

        let stored = store.customer_history("C00014").await.unwrap();
        assert_eq!(stored.customer.unwrap().name.as_deref(), Some("Bea"));
        let stored = store.customer_history("C00699").await.unwrap();
        assert_eq!(stored.customer.unwrap().name.as_deref(), Some("Ann"));
    }

    #[tokio::test]
    async fn a_record_breaking_a_constraint_fails_the_write_with_the_table_named() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db")).await.unwrap();
        let mut session = store.begin_import("test", "dup", at()).await.unwrap();
        // The importer rejects repeated ids before writing; the store still refuses them.
        let twice = [customer(1, "Ann"), customer(1, "Ann")];
        let mut rows = RowBatch::new::<Customer>(2);
        for c in &twice {
            rows.push(c).unwrap();
        }
        let error = session.upsert::<Customer>(&rows).await.unwrap_err();
        let text = error.to_string();
        assert!(text.contains("customers"), "{text}");
        assert!(text.contains("UNIQUE"), "{text}");
        session.rollback().await.unwrap();
    }
}
