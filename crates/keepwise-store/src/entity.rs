//! How each record type of the canonical format maps to its table.
//!
//! One [`Entity`] impl per record: its table, key, columns, and the conversion to
//! and from SQL values. Money goes to integer ten-thousandths, exact decimals to
//! text, timestamps to RFC 3339 UTC text, so nothing is ever a float in storage.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use keepwise_core::money;
use keepwise_core::records::*;
use rust_decimal::Decimal;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use std::str::FromStr;

use crate::StoreError;

/// A value bound to a statement parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlValue {
    Text(Option<String>),
    Int(Option<i64>),
}

/// A record type stored in its own table, keyed by its source id(s).
pub trait Entity: Sized + Send + Sync {
    /// The table, named like the file stem of FORMAT.md.
    const TABLE: &'static str;
    /// Key columns (the record's source id).
    const KEY: &'static [&'static str];
    /// All stored columns, key first, in the order of [`Entity::values`].
    const COLUMNS: &'static [&'static str];
    /// The record's values, in the order of [`Entity::COLUMNS`].
    fn values(&self) -> Result<Vec<SqlValue>, StoreError>;
    /// Rebuilds the record from a row selected with [`Entity::COLUMNS`].
    fn from_row(row: &SqliteRow) -> Result<Self, StoreError>;
}

pub(crate) fn text(value: &str) -> SqlValue {
    SqlValue::Text(Some(value.to_string()))
}
pub(crate) fn opt_text(value: &Option<String>) -> SqlValue {
    SqlValue::Text(value.clone())
}
pub(crate) fn timestamp(value: &DateTime<Utc>) -> String {
    value.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}
fn ts(value: &DateTime<Utc>) -> SqlValue {
    SqlValue::Text(Some(timestamp(value)))
}
fn opt_ts(value: &Option<DateTime<Utc>>) -> SqlValue {
    SqlValue::Text(value.as_ref().map(timestamp))
}
fn date(value: &NaiveDate) -> SqlValue {
    SqlValue::Text(Some(value.format("%Y-%m-%d").to_string()))
}
fn opt_date(value: &Option<NaiveDate>) -> SqlValue {
    SqlValue::Text(value.as_ref().map(|d| d.format("%Y-%m-%d").to_string()))
}
fn money_units(
    table: &'static str,
    column: &'static str,
    value: Decimal,
) -> Result<i64, StoreError> {
    money::to_units(value).ok_or_else(|| StoreError::Unrepresentable {
        table,
        column,
        value: value.to_string(),
    })
}
fn units(
    table: &'static str,
    column: &'static str,
    value: Decimal,
) -> Result<SqlValue, StoreError> {
    Ok(SqlValue::Int(Some(money_units(table, column, value)?)))
}
fn opt_units(
    table: &'static str,
    column: &'static str,
    value: Option<Decimal>,
) -> Result<SqlValue, StoreError> {
    Ok(SqlValue::Int(match value {
        Some(v) => Some(money_units(table, column, v)?),
        None => None,
    }))
}
fn decimal_text(value: Decimal) -> SqlValue {
    SqlValue::Text(Some(value.normalize().to_string()))
}
fn opt_bool(value: Option<bool>) -> SqlValue {
    SqlValue::Int(value.map(i64::from))
}
fn opt_int<T: Into<i64> + Copy>(value: Option<T>) -> SqlValue {
    SqlValue::Int(value.map(Into::into))
}
fn int<T: Into<i64>>(value: T) -> SqlValue {
    SqlValue::Int(Some(value.into()))
}

/// Reads typed columns back, naming the table and column when stored data is unreadable.
pub(crate) struct RowReader<'r> {
    table: &'static str,
    row: &'r SqliteRow,
}

impl<'r> RowReader<'r> {
    pub(crate) fn new(table: &'static str, row: &'r SqliteRow) -> Self {
        RowReader { table, row }
    }
    fn corrupt(&self, column: &'static str, detail: impl Into<String>) -> StoreError {
        StoreError::Corrupt {
            table: self.table,
            column,
            detail: detail.into(),
        }
    }
    pub(crate) fn opt_string(&self, column: &'static str) -> Result<Option<String>, StoreError> {
        self.row
            .try_get::<Option<String>, _>(column)
            .map_err(|e| self.corrupt(column, e.to_string()))
    }
    pub(crate) fn string(&self, column: &'static str) -> Result<String, StoreError> {
        self.opt_string(column)?
            .ok_or_else(|| self.corrupt(column, "unexpected NULL"))
    }
    pub(crate) fn opt_i64(&self, column: &'static str) -> Result<Option<i64>, StoreError> {
        self.row
            .try_get::<Option<i64>, _>(column)
            .map_err(|e| self.corrupt(column, e.to_string()))
    }
    fn i64(&self, column: &'static str) -> Result<i64, StoreError> {
        self.opt_i64(column)?
            .ok_or_else(|| self.corrupt(column, "unexpected NULL"))
    }
    fn opt_u32(&self, column: &'static str) -> Result<Option<u32>, StoreError> {
        self.opt_i64(column)?
            .map(|v| {
                u32::try_from(v).map_err(|_| self.corrupt(column, format!("{v} out of range")))
            })
            .transpose()
    }
    fn opt_u8(&self, column: &'static str) -> Result<Option<u8>, StoreError> {
        self.opt_i64(column)?
            .map(|v| u8::try_from(v).map_err(|_| self.corrupt(column, format!("{v} out of range"))))
            .transpose()
    }
    fn opt_bool(&self, column: &'static str) -> Result<Option<bool>, StoreError> {
        Ok(self.opt_i64(column)?.map(|v| v != 0))
    }
    fn money(&self, column: &'static str) -> Result<Decimal, StoreError> {
        Ok(money::from_units(self.i64(column)?))
    }
    fn opt_money(&self, column: &'static str) -> Result<Option<Decimal>, StoreError> {
        Ok(self.opt_i64(column)?.map(money::from_units))
    }
    pub(crate) fn decimal(&self, column: &'static str) -> Result<Decimal, StoreError> {
        let text = self.string(column)?;
        Decimal::from_str(&text).map_err(|e| self.corrupt(column, format!("'{text}': {e}")))
    }
    pub(crate) fn opt_timestamp(
        &self,
        column: &'static str,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.opt_string(column)?
            .map(|text| {
                DateTime::parse_from_rfc3339(&text)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|e| self.corrupt(column, format!("'{text}': {e}")))
            })
            .transpose()
    }
    pub(crate) fn timestamp(&self, column: &'static str) -> Result<DateTime<Utc>, StoreError> {
        self.opt_timestamp(column)?
            .ok_or_else(|| self.corrupt(column, "unexpected NULL"))
    }
    fn opt_date(&self, column: &'static str) -> Result<Option<NaiveDate>, StoreError> {
        self.opt_string(column)?
            .map(|text| {
                NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                    .map_err(|e| self.corrupt(column, format!("'{text}': {e}")))
            })
            .transpose()
    }
    fn date(&self, column: &'static str) -> Result<NaiveDate, StoreError> {
        self.opt_date(column)?
            .ok_or_else(|| self.corrupt(column, "unexpected NULL"))
    }
    fn parsed<T: FromStr>(&self, column: &'static str) -> Result<T, StoreError> {
        let text = self.string(column)?;
        text.parse()
            .map_err(|_| self.corrupt(column, format!("unknown value '{text}'")))
    }
    fn opt_parsed<T: FromStr>(&self, column: &'static str) -> Result<Option<T>, StoreError> {
        self.opt_string(column)?
            .map(|text| {
                text.parse()
                    .map_err(|_| self.corrupt(column, format!("unknown value '{text}'")))
            })
            .transpose()
    }
}

impl Entity for Customer {
    const TABLE: &'static str = "customers";
    const KEY: &'static [&'static str] = &["customer_id"];
    const COLUMNS: &'static [&'static str] = &[
        "customer_id",
        "name",
        "email",
        "language",
        "segment",
        "target_fit",
        "created_at",
        "country",
    ];
    fn values(&self) -> Result<Vec<SqlValue>, StoreError> {
        Ok(vec![
            text(&self.customer_id),
            opt_text(&self.name),
            opt_text(&self.email),
            opt_text(&self.language),
            opt_text(&self.segment),
            opt_bool(self.target_fit),
            ts(&self.created_at),
            opt_text(&self.country),
        ])
    }
    fn from_row(row: &SqliteRow) -> Result<Self, StoreError> {
        let r = RowReader::new(Self::TABLE, row);
        Ok(Customer {
            customer_id: r.string("customer_id")?,
            name: r.opt_string("name")?,
            email: r.opt_string("email")?,
            language: r.opt_string("language")?,
            segment: r.opt_string("segment")?,
            target_fit: r.opt_bool("target_fit")?,
            created_at: r.timestamp("created_at")?,
            country: r.opt_string("country")?,
        })
    }
}

impl Entity for Promotion {
    const TABLE: &'static str = "promotions";
    const KEY: &'static [&'static str] = &["promotion_id"];
    const COLUMNS: &'static [&'static str] = &[
        "promotion_id",
        "name",
        "starts_at",
        "ends_at",
        "max_uses_per_customer",
        "first_order_only",
    ];
    fn values(&self) -> Result<Vec<SqlValue>, StoreError> {
        Ok(vec![
            text(&self.promotion_id),
            text(&self.name),
            ts(&self.starts_at),
            ts(&self.ends_at),
            opt_int(self.max_uses_per_customer),
            opt_bool(self.first_order_only),
        ])
    }
    fn from_row(row: &SqliteRow) -> Result<Self, StoreError> {
        let r = RowReader::new(Self::TABLE, row);
        Ok(Promotion {
            promotion_id: r.string("promotion_id")?,
            name: r.string("name")?,
            starts_at: r.timestamp("starts_at")?,
            ends_at: r.timestamp("ends_at")?,
            max_uses_per_customer: r.opt_u32("max_uses_per_customer")?,
            first_order_only: r.opt_bool("first_order_only")?,
        })
    }
}

impl Entity for Contract {
    const TABLE: &'static str = "contracts";
    const KEY: &'static [&'static str] = &["contract_id"];
    const COLUMNS: &'static [&'static str] = &[
        "contract_id",
        "customer_id",
        "start_date",
        "term_months",
        "monthly_fee",
        "currency",
        "upfront_cost",
        "notice_days",
        "ended_at",
    ];
    fn values(&self) -> Result<Vec<SqlValue>, StoreError> {
        Ok(vec![
            text(&self.contract_id),
            text(&self.customer_id),
            date(&self.start_date),
            int(self.term_months),
            units(Self::TABLE, "monthly_fee", self.monthly_fee)?,
            text(&self.currency),
            opt_units(Self::TABLE, "upfront_cost", self.upfront_cost)?,
            opt_int(self.notice_days),
            opt_date(&self.ended_at),
        ])
    }
    fn from_row(row: &SqliteRow) -> Result<Self, StoreError> {
        let r = RowReader::new(Self::TABLE, row);
        Ok(Contract {
            contract_id: r.string("contract_id")?,
            customer_id: r.string("customer_id")?,
            start_date: r.date("start_date")?,
            term_months: r.opt_u32("term_months")?.unwrap_or(0),
            monthly_fee: r.money("monthly_fee")?,
            currency: r.string("currency")?,
            upfront_cost: r.opt_money("upfront_cost")?,
            notice_days: r.opt_u32("notice_days")?,
            ended_at: r.opt_date("ended_at")?,
        })
    }
}

impl Entity for Order {
    const TABLE: &'static str = "orders";
    const KEY: &'static [&'static str] = &["order_id"];
    const COLUMNS: &'static [&'static str] = &[
        "order_id",
        "customer_id",
        "ordered_at",
        "amount",
        "currency",
        "margin",
        "contract_id",
        "promotion_id",
        "status",
    ];
    fn values(&self) -> Result<Vec<SqlValue>, StoreError> {
        Ok(vec![
            text(&self.order_id),
            text(&self.customer_id),
            ts(&self.ordered_at),
            units(Self::TABLE, "amount", self.amount)?,
            text(&self.currency),
            opt_units(Self::TABLE, "margin", self.margin)?,
            opt_text(&self.contract_id),
            opt_text(&self.promotion_id),
            text(self.status.as_str()),
        ])
    }
    fn from_row(row: &SqliteRow) -> Result<Self, StoreError> {
        let r = RowReader::new(Self::TABLE, row);
        Ok(Order {
            order_id: r.string("order_id")?,
            customer_id: r.string("customer_id")?,
            ordered_at: r.timestamp("ordered_at")?,
            amount: r.money("amount")?,
            currency: r.string("currency")?,
            margin: r.opt_money("margin")?,
            contract_id: r.opt_string("contract_id")?,
            promotion_id: r.opt_string("promotion_id")?,
            status: r.parsed("status")?,
        })
    }
}

impl Entity for Ticket {
    const TABLE: &'static str = "tickets";
    const KEY: &'static [&'static str] = &["ticket_id"];
    const COLUMNS: &'static [&'static str] = &[
        "ticket_id",
        "customer_id",
        "opened_at",
        "closed_at",
        "channel",
        "category",
        "escalation",
        "handling_minutes",
        "reopened",
        "agent_id",
        "team",
        "csat",
        "root_cause",
        "out_of_scope",
        "unsupported",
        "outcome",
    ];
    fn values(&self) -> Result<Vec<SqlValue>, StoreError> {
        Ok(vec![
            text(&self.ticket_id),
            text(&self.customer_id),
            ts(&self.opened_at),
            opt_ts(&self.closed_at),
            text(self.channel.as_str()),
            text(&self.category),
            text(self.escalation.as_str()),
            decimal_text(self.handling_minutes),
            opt_int(self.reopened),
            opt_text(&self.agent_id),
            opt_text(&self.team),
            opt_int(self.csat),
            SqlValue::Text(self.root_cause.map(|v| v.as_str().to_string())),
            opt_bool(self.out_of_scope),
            opt_bool(self.unsupported),
            SqlValue::Text(self.outcome.map(|v| v.as_str().to_string())),
        ])
    }
    fn from_row(row: &SqliteRow) -> Result<Self, StoreError> {
        let r = RowReader::new(Self::TABLE, row);
        Ok(Ticket {
            ticket_id: r.string("ticket_id")?,
            customer_id: r.string("customer_id")?,
            opened_at: r.timestamp("opened_at")?,
            closed_at: r.opt_timestamp("closed_at")?,
            channel: r.parsed("channel")?,
            category: r.string("category")?,
            escalation: r.parsed("escalation")?,
            handling_minutes: r.decimal("handling_minutes")?,
            reopened: r.opt_u32("reopened")?,
            agent_id: r.opt_string("agent_id")?,
            team: r.opt_string("team")?,
            csat: r.opt_u8("csat")?,
            root_cause: r.opt_parsed("root_cause")?,
            out_of_scope: r.opt_bool("out_of_scope")?,
            unsupported: r.opt_bool("unsupported")?,
            outcome: r.opt_parsed("outcome")?,
        })
    }
}

impl Entity for Message {
    const TABLE: &'static str = "messages";
    const KEY: &'static [&'static str] = &["message_id"];
    const COLUMNS: &'static [&'static str] = &[
        "message_id",
        "ticket_id",
        "sent_at",
        "author",
        "staff_id",
        "language",
        "text",
    ];
    fn values(&self) -> Result<Vec<SqlValue>, StoreError> {
        Ok(vec![
            text(&self.message_id),
            text(&self.ticket_id),
            ts(&self.sent_at),
            text(self.author.as_str()),
            opt_text(&self.staff_id),
            opt_text(&self.language),
            text(&self.text),
        ])
    }
    fn from_row(row: &SqliteRow) -> Result<Self, StoreError> {
        let r = RowReader::new(Self::TABLE, row);
        Ok(Message {
            message_id: r.string("message_id")?,
            ticket_id: r.string("ticket_id")?,
            sent_at: r.timestamp("sent_at")?,
            author: r.parsed("author")?,
            staff_id: r.opt_string("staff_id")?,
            language: r.opt_string("language")?,
            text: r.string("text")?,
        })
    }
}

impl Entity for Concession {
    const TABLE: &'static str = "concessions";
    const KEY: &'static [&'static str] = &["concession_id"];
    const COLUMNS: &'static [&'static str] = &[
        "concession_id",
        "customer_id",
        "granted_at",
        "kind",
        "amount",
        "currency",
        "reason",
        "ticket_id",
        "order_id",
        "promotion_id",
        "approved_by",
    ];
    fn values(&self) -> Result<Vec<SqlValue>, StoreError> {
        Ok(vec![
            text(&self.concession_id),
            text(&self.customer_id),
            ts(&self.granted_at),
            text(self.kind.as_str()),
            units(Self::TABLE, "amount", self.amount)?,
            text(&self.currency),
            opt_text(&self.reason),
            opt_text(&self.ticket_id),
            opt_text(&self.order_id),
            opt_text(&self.promotion_id),
            opt_text(&self.approved_by),
        ])
    }
    fn from_row(row: &SqliteRow) -> Result<Self, StoreError> {
        let r = RowReader::new(Self::TABLE, row);
        Ok(Concession {
            concession_id: r.string("concession_id")?,
            customer_id: r.string("customer_id")?,
            granted_at: r.timestamp("granted_at")?,
            kind: r.parsed("kind")?,
            amount: r.money("amount")?,
            currency: r.string("currency")?,
            reason: r.opt_string("reason")?,
            ticket_id: r.opt_string("ticket_id")?,
            order_id: r.opt_string("order_id")?,
            promotion_id: r.opt_string("promotion_id")?,
            approved_by: r.opt_string("approved_by")?,
        })
    }
}

impl Entity for Usage {
    const TABLE: &'static str = "usage";
    const KEY: &'static [&'static str] = &["customer_id", "contract_key", "date"];
    const COLUMNS: &'static [&'static str] = &[
        "customer_id",
        "contract_key",
        "date",
        "contract_id",
        "quantity",
    ];
    fn values(&self) -> Result<Vec<SqlValue>, StoreError> {
        Ok(vec![
            text(&self.customer_id),
            text(self.contract_id.as_deref().unwrap_or("")),
            date(&self.date),
            opt_text(&self.contract_id),
            decimal_text(self.quantity),
        ])
    }
    fn from_row(row: &SqliteRow) -> Result<Self, StoreError> {
        let r = RowReader::new(Self::TABLE, row);
        Ok(Usage {
            customer_id: r.string("customer_id")?,
            contract_id: r.opt_string("contract_id")?,
            date: r.date("date")?,
            quantity: r.decimal("quantity")?,
        })
    }
}

impl Entity for Review {
    const TABLE: &'static str = "reviews";
    const KEY: &'static [&'static str] = &["review_id"];
    const COLUMNS: &'static [&'static str] = &[
        "review_id",
        "customer_id",
        "source",
        "posted_at",
        "rating",
        "text",
        "url",
        "responded_at",
    ];
    fn values(&self) -> Result<Vec<SqlValue>, StoreError> {
        Ok(vec![
            text(&self.review_id),
            opt_text(&self.customer_id),
            text(&self.source),
            ts(&self.posted_at),
            int(self.rating),
            opt_text(&self.text),
            opt_text(&self.url),
            opt_ts(&self.responded_at),
        ])
    }
    fn from_row(row: &SqliteRow) -> Result<Self, StoreError> {
        let r = RowReader::new(Self::TABLE, row);
        Ok(Review {
            review_id: r.string("review_id")?,
            customer_id: r.opt_string("customer_id")?,
            source: r.string("source")?,
            posted_at: r.timestamp("posted_at")?,
            rating: r.opt_u8("rating")?.unwrap_or(0),
            text: r.opt_string("text")?,
            url: r.opt_string("url")?,
            responded_at: r.opt_timestamp("responded_at")?,
        })
    }
}

impl Entity for StaffReport {
    const TABLE: &'static str = "staff_reports";
    const KEY: &'static [&'static str] = &["report_id"];
    const COLUMNS: &'static [&'static str] = &[
        "report_id",
        "customer_id",
        "staff_id",
        "reported_at",
        "kind",
        "note",
    ];
    fn values(&self) -> Result<Vec<SqlValue>, StoreError> {
        Ok(vec![
            text(&self.report_id),
            text(&self.customer_id),
            text(&self.staff_id),
            ts(&self.reported_at),
            text(self.kind.as_str()),
            opt_text(&self.note),
        ])
    }
    fn from_row(row: &SqliteRow) -> Result<Self, StoreError> {
        let r = RowReader::new(Self::TABLE, row);
        Ok(StaffReport {
            report_id: r.string("report_id")?,
            customer_id: r.string("customer_id")?,
            staff_id: r.string("staff_id")?,
            reported_at: r.timestamp("reported_at")?,
            kind: r.parsed("kind")?,
            note: r.opt_string("note")?,
        })
    }
}

impl Entity for Rate {
    const TABLE: &'static str = "rates";
    const KEY: &'static [&'static str] = &["currency"];
    const COLUMNS: &'static [&'static str] = &["currency", "rate"];
    fn values(&self) -> Result<Vec<SqlValue>, StoreError> {
        Ok(vec![text(&self.currency), decimal_text(self.rate)])
    }
    fn from_row(row: &SqliteRow) -> Result<Self, StoreError> {
        let r = RowReader::new(Self::TABLE, row);
        Ok(Rate {
            currency: r.string("currency")?,
            rate: r.decimal("rate")?,
        })
    }
}

/// The imported tables in the order imports fill them (referenced before referencing).
pub const IMPORT_ORDER: &[&str] = &[
    "rates",
    "customers",
    "promotions",
    "contracts",
    "orders",
    "tickets",
    "messages",
    "concessions",
    "usage",
    "reviews",
    "staff_reports",
];

/// Reads a single integer column, e.g. a count.
pub(crate) fn count_of(row: &SqliteRow) -> Result<i64, StoreError> {
    row.try_get::<i64, _>(0).map_err(|e| StoreError::Corrupt {
        table: "(count)",
        column: "count",
        detail: e.to_string(),
    })
}
