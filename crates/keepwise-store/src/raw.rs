//! The hot loop of an import: records written through one prepared statement on
//! the SQLite connection that holds the import's sqlx transaction.
//!
//! Why not through sqlx: sqlx runs every statement on a worker thread and hands
//! results back through a channel, with owned arguments per statement; at tens of
//! millions of rows that traffic, not SQLite, was most of an import's time. Here
//! the connection is borrowed from sqlx (`SqliteConnection::lock_handle`) for one
//! chunk of records and driven with rusqlite, which links the very same
//! `libsqlite3-sys` (so the handle's type and the library are one): one prepared
//! statement, parameters bound in place, one step per record. The transaction,
//! its `BEGIN IMMEDIATE`, commit and rollback stay with sqlx, so the rules of the
//! store (one transaction per import, WAL, `synchronous=FULL`) are unchanged.
//!
//! This is the only `unsafe` of the store; see the invariants at the block.
#![allow(unsafe_code)]

use std::ops::Range;
use std::ptr::NonNull;

use rusqlite::ffi::sqlite3;

use crate::StoreError;
use crate::entity::{Entity, RowBatch, SqlValue};
use crate::import_session::WriteCounts;

/// Writes records `range` of `rows` (of table `E`) as batch `batch_id`.
///
/// `table_was_empty`: nothing was stored in the table when the import began, so
/// every record is new and a plain `INSERT` does (a repeated id is a constraint
/// error; the importer rejects repeated ids before writing). Otherwise records are
/// upserted: an identical stored row is left alone (unchanged), a different one is
/// updated (changed, its `first_batch` is older), a missing one inserted (new).
pub(crate) fn write<E: Entity>(
    handle: NonNull<sqlite3>,
    rows: &RowBatch,
    range: Range<usize>,
    batch_id: i64,
    table_was_empty: bool,
) -> Result<WriteCounts, StoreError> {
    // SAFETY: `handle` comes from `LockedSqliteHandle::as_raw_handle` of the import's
    // connection, and the caller holds that lock for this whole call, so sqlx's worker
    // does not touch the connection meanwhile and the handle stays open. The
    // connection made here does not own the handle (rusqlite never closes a handle
    // it got through `from_handle`), is used only on this thread and is dropped,
    // with its statement finalized, before this function returns. rusqlite and sqlx
    // link the same libsqlite3-sys (Cargo allows one crate per `links = "sqlite3"`),
    // so the pointer is of the library rusqlite calls.
    let connection = unsafe { rusqlite::Connection::from_handle(handle.as_ptr()) }
        .map_err(failed::<E>("borrowing the import's SQLite connection"))?;
    let sql = if table_was_empty {
        insert_statement::<E>()
    } else {
        upsert_statement::<E>()
    };
    let mut statement = connection
        .prepare(&sql)
        .map_err(failed::<E>("preparing the write"))?;
    let columns = E::COLUMNS.len();
    let mut counts = WriteCounts::default();
    for row in range {
        for (index, value) in rows.row(row).enumerate() {
            match value {
                SqlValue::Null => statement.raw_bind_parameter(index + 1, rusqlite::types::Null),
                SqlValue::Int(v) => statement.raw_bind_parameter(index + 1, v),
                SqlValue::Text(v) => statement.raw_bind_parameter(index + 1, v),
            }
            .map_err(failed::<E>("binding a value"))?;
        }
        statement
            .raw_bind_parameter(columns + 1, batch_id)
            .and_then(|()| statement.raw_bind_parameter(columns + 2, batch_id))
            .map_err(failed::<E>("binding the batch id"))?;
        if table_was_empty {
            statement
                .raw_execute()
                .map_err(failed::<E>("inserting a record"))?;
            counts.new += 1;
            continue;
        }
        let mut rows = statement.raw_query();
        match rows.next().map_err(failed::<E>("upserting a record"))? {
            None => counts.unchanged += 1,
            Some(row) => {
                let first_batch: i64 = row.get(0).map_err(failed::<E>("reading first_batch"))?;
                if first_batch == batch_id {
                    counts.new += 1;
                } else {
                    counts.changed += 1;
                }
            }
        }
    }
    Ok(counts)
}

fn failed<E: Entity>(what: &'static str) -> impl FnOnce(rusqlite::Error) -> StoreError {
    move |source| StoreError::Write {
        context: format!("{what} in table {}", E::TABLE),
        source: Box::new(source),
    }
}

fn column_list<E: Entity>() -> String {
    let mut columns: Vec<&str> = E::COLUMNS.to_vec();
    columns.extend(["first_batch", "last_batch"]);
    columns.join(",")
}

fn placeholders<E: Entity>() -> String {
    vec!["?"; E::COLUMNS.len() + 2].join(",")
}

/// Built only from the entity's constant table and column names; values are bound.
fn insert_statement<E: Entity>() -> String {
    format!(
        "INSERT INTO {table} ({columns}) VALUES ({values})",
        table = E::TABLE,
        columns = column_list::<E>(),
        values = placeholders::<E>(),
    )
}

/// Built only from the entity's constant table and column names; values are bound.
/// `RETURNING` yields a row only for an inserted or updated record.
fn upsert_statement<E: Entity>() -> String {
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
        "INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT({key}) DO UPDATE SET {set} \
         WHERE {differs} RETURNING first_batch",
        table = E::TABLE,
        columns = column_list::<E>(),
        values = placeholders::<E>(),
        key = E::KEY.join(","),
        set = set.join(", "),
    )
}
