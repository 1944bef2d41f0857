//! The append-only audit log: who did what, when, with which evidence.
//!
//! The table refuses updates and deletes (triggers), so history cannot be rewritten
//! through keepwise or through SQL.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::entity::{RowReader, timestamp};
use crate::{Store, StoreError};

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub entry_id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub details: serde_json::Value,
}

/// Capability: appending to and reading the audit log.
pub trait AuditLog {
    /// Appends an entry in its own transaction.
    fn append_audit(
        &self,
        at: DateTime<Utc>,
        actor: &str,
        action: &str,
        subject: &str,
        details: &serde_json::Value,
    ) -> impl Future<Output = Result<i64, StoreError>> + Send;
    /// Entries about a subject (or all when `None`), oldest first.
    fn audit_entries(
        &self,
        subject: Option<&str>,
    ) -> impl Future<Output = Result<Vec<AuditEntry>, StoreError>> + Send;
}

impl AuditLog for Store {
    async fn append_audit(
        &self,
        at: DateTime<Utc>,
        actor: &str,
        action: &str,
        subject: &str,
        details: &serde_json::Value,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write("an audit log entry").await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO audit_log (at, actor, action, subject, details) VALUES (?, ?, ?, ?, ?) RETURNING entry_id",
        )
        .bind(timestamp(&at))
        .bind(actor)
        .bind(action)
        .bind(subject)
        .bind(details.to_string())
        .fetch_one(&mut *tx)
        .await
        .map_err(StoreError::db("appending to the audit log"))?;
        tx.commit()
            .await
            .map_err(StoreError::db("committing the audit log entry"))?;
        Ok(id)
    }

    async fn audit_entries(&self, subject: Option<&str>) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = match subject {
            Some(s) => sqlx::query(
                "SELECT entry_id, at, actor, action, subject, details FROM audit_log WHERE subject = ? ORDER BY entry_id",
            )
            .bind(s)
            .fetch_all(self.pool())
            .await,
            None => sqlx::query("SELECT entry_id, at, actor, action, subject, details FROM audit_log ORDER BY entry_id")
                .fetch_all(self.pool())
                .await,
        }
        .map_err(StoreError::db("reading the audit log"))?;
        rows.iter()
            .map(|row| {
                let r = RowReader::new("audit_log", row);
                let details_text = r.string("details")?;
                Ok(AuditEntry {
                    entry_id: r.opt_i64("entry_id")?.unwrap_or_default(),
                    at: r.string("at")?,
                    actor: r.string("actor")?,
                    action: r.string("action")?,
                    subject: r.string("subject")?,
                    details: serde_json::from_str(&details_text).map_err(|e| {
                        StoreError::Corrupt {
                            table: "audit_log",
                            column: "details",
                            detail: e.to_string(),
                        }
                    })?,
                })
            })
            .collect()
    }
}
