//! How each record type of the canonical format maps to its table.
//!
//! One [`Entity`] impl per record: its table, key, columns, and the conversion to
//! and from SQL values. Money goes to integer ten-thousandths, exact decimals to
//! text, timestamps to RFC 3339 UTC text, so nothing is ever a float in storage.

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Timelike, Utc};
use keepwise_core::money;
use keepwise_core::records::*;
use rust_decimal::Decimal;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use std::fmt::Write as _;
use std::str::FromStr;

use crate::StoreError;

/// A record type stored in its own table, keyed by its source id(s).
pub trait Entity: Sized + Send + Sync {
    /// The table, named like the file stem of FORMAT.md.
    const TABLE: &'static str;
    /// Key columns (the record's source id).
    const KEY: &'static [&'static str];
    /// All stored columns, key first, in the order [`Entity::encode`] appends them.
    const COLUMNS: &'static [&'static str];
    /// Appends the record's values to `rows`, in the order of [`Entity::COLUMNS`].
    fn encode(&self, rows: &mut RowBatch) -> Result<(), StoreError>;
    /// Rebuilds the record from a row selected with [`Entity::COLUMNS`].
    fn from_row(row: &SqliteRow) -> Result<Self, StoreError>;
}

/// A stored value, borrowed from a [`RowBatch`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SqlValue<'a> {
    Null,
    Int(i64),
    Text(&'a str),
}

#[derive(Debug, Clone, Copy)]
enum Cell {
    Null,
    Int(i64),
    Text { start: usize, end: usize },
}

/// Records of one table as stored values, row after row: what an import writes.
///
/// All text of a batch lives in one buffer, so encoding a record allocates nothing
/// (an import encodes tens of millions), and a batch moves between threads as a
/// few buffers rather than millions of small strings.
#[derive(Debug)]
pub struct RowBatch {
    table: &'static str,
    columns: usize,
    cells: Vec<Cell>,
    text: String,
}

impl RowBatch {
    /// An empty batch for records of `E`, with room for about `rows` of them.
    pub fn new<E: Entity>(rows: usize) -> RowBatch {
        RowBatch {
            table: E::TABLE,
            columns: E::COLUMNS.len(),
            cells: Vec::with_capacity(rows * E::COLUMNS.len()),
            text: String::with_capacity(rows * 64),
        }
    }

    /// Appends one record; on an error nothing of it is kept.
    pub fn push<E: Entity>(&mut self, record: &E) -> Result<(), StoreError> {
        assert_eq!(E::TABLE, self.table, "a row batch holds one table");
        let (cells, text) = (self.cells.len(), self.text.len());
        let encoded = record.encode(self);
        if encoded.is_err() || self.cells.len() != cells + self.columns {
            self.cells.truncate(cells);
            self.text.truncate(text);
        }
        encoded?;
        assert_eq!(
            self.cells.len(),
            cells + self.columns,
            "{}: encode must append one value per column",
            self.table
        );
        Ok(())
    }

    /// The table these rows belong to.
    pub fn table(&self) -> &'static str {
        self.table
    }

    /// How many records the batch holds.
    pub fn len(&self) -> usize {
        self.cells.len() / self.columns.max(1)
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The values of record `row`, in the order of the entity's columns.
    pub fn row(&self, row: usize) -> impl Iterator<Item = SqlValue<'_>> {
        self.cells[row * self.columns..(row + 1) * self.columns]
            .iter()
            .map(|cell| match *cell {
                Cell::Null => SqlValue::Null,
                Cell::Int(v) => SqlValue::Int(v),
                Cell::Text { start, end } => SqlValue::Text(&self.text[start..end]),
            })
    }

    fn push_text(&mut self, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        let end = self.text.len();
        self.cells.push(Cell::Text { start, end });
    }
    fn null(&mut self) {
        self.cells.push(Cell::Null);
    }
    fn text(&mut self, value: &str) {
        self.push_text(|t| t.push_str(value));
    }
    fn opt_text(&mut self, value: Option<&str>) {
        match value {
            Some(v) => self.text(v),
            None => self.null(),
        }
    }
    fn int(&mut self, value: impl Into<i64>) {
        self.cells.push(Cell::Int(value.into()));
    }
    fn opt_int<T: Into<i64>>(&mut self, value: Option<T>) {
        match value {
            Some(v) => self.int(v),
            None => self.null(),
        }
    }
    fn opt_bool(&mut self, value: Option<bool>) {
        self.opt_int(value.map(i64::from));
    }
    fn timestamp(&mut self, value: &DateTime<Utc>) {
        self.push_text(|t| write_timestamp(t, value));
    }
    fn opt_timestamp(&mut self, value: Option<&DateTime<Utc>>) {
        match value {
            Some(v) => self.timestamp(v),
            None => self.null(),
        }
    }
    fn date(&mut self, value: &NaiveDate) {
        self.push_text(|t| write_date(t, value));
    }
    fn opt_date(&mut self, value: Option<&NaiveDate>) {
        match value {
            Some(v) => self.date(v),
            None => self.null(),
        }
    }
    fn decimal(&mut self, value: Decimal) {
        self.push_text(|t| {
            let _ = write!(t, "{}", value.normalize());
        });
    }
    fn money(
        &mut self,
        table: &'static str,
        column: &'static str,
        value: Decimal,
    ) -> Result<(), StoreError> {
        self.int(money_units(table, column, value)?);
        Ok(())
    }
    fn opt_money(
        &mut self,
        table: &'static str,
        column: &'static str,
        value: Option<Decimal>,
    ) -> Result<(), StoreError> {
        match value {
            Some(v) => self.money(table, column, v),
            None => {
                self.null();
                Ok(())
            }
        }
    }
}

pub(crate) fn timestamp(value: &DateTime<Utc>) -> String {
    value.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Writes [`timestamp`]'s text without allocating in the common case (whole
/// seconds, years 0–9999); other times take chrono's own formatting. The digits
/// are written by hand: `write!` cost more than the rest of encoding a record.
fn write_timestamp(out: &mut String, value: &DateTime<Utc>) {
    let year = value.year();
    if value.nanosecond() == 0 && (0..=9999).contains(&year) {
        let mut text = *b"0000-00-00T00:00:00Z";
        put_date(&mut text, year as u32, value.month(), value.day());
        put_two(&mut text[11..13], value.hour());
        put_two(&mut text[14..16], value.minute());
        put_two(&mut text[17..19], value.second());
        out.push_str(ascii(&text));
    } else {
        out.push_str(&timestamp(value));
    }
}

/// Writes a date as `YYYY-MM-DD`, like chrono's `%Y-%m-%d`.
fn write_date(out: &mut String, value: &NaiveDate) {
    let year = value.year();
    if (0..=9999).contains(&year) {
        let mut text = *b"0000-00-00";
        put_date(&mut text, year as u32, value.month(), value.day());
        out.push_str(ascii(&text));
    } else {
        let _ = write!(out, "{}", value.format("%Y-%m-%d"));
    }
}

/// `YYYY-MM-DD` into the first ten bytes of `text` (year below 10000).
fn put_date(text: &mut [u8], year: u32, month: u32, day: u32) {
    put_two(&mut text[0..2], year / 100);
    put_two(&mut text[2..4], year % 100);
    put_two(&mut text[5..7], month);
    put_two(&mut text[8..10], day);
}

/// Two decimal digits of `value` (below 100).
fn put_two(text: &mut [u8], value: u32) {
    text[0] = b'0' + (value / 10 % 10) as u8;
    text[1] = b'0' + (value % 10) as u8;
}

/// Text made only of ASCII digits and separators.
fn ascii(text: &[u8]) -> &str {
    std::str::from_utf8(text).expect("digits and separators are ASCII")
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
    fn encode(&self, rows: &mut RowBatch) -> Result<(), StoreError> {
        rows.text(&self.customer_id);
        rows.opt_text(self.name.as_deref());
        rows.opt_text(self.email.as_deref());
        rows.opt_text(self.language.as_deref());
        rows.opt_text(self.segment.as_deref());
        rows.opt_bool(self.target_fit);
        rows.timestamp(&self.created_at);
        rows.opt_text(self.country.as_deref());
        Ok(())
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
    fn encode(&self, rows: &mut RowBatch) -> Result<(), StoreError> {
        rows.text(&self.promotion_id);
        rows.text(&self.name);
        rows.timestamp(&self.starts_at);
        rows.timestamp(&self.ends_at);
        rows.opt_int(self.max_uses_per_customer);
        rows.opt_bool(self.first_order_only);
        Ok(())
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
    fn encode(&self, rows: &mut RowBatch) -> Result<(), StoreError> {
        rows.text(&self.contract_id);
        rows.text(&self.customer_id);
        rows.date(&self.start_date);
        rows.int(self.term_months);
        rows.money(Self::TABLE, "monthly_fee", self.monthly_fee)?;
        rows.text(&self.currency);
        rows.opt_money(Self::TABLE, "upfront_cost", self.upfront_cost)?;
        rows.opt_int(self.notice_days);
        rows.opt_date(self.ended_at.as_ref());
        Ok(())
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
    fn encode(&self, rows: &mut RowBatch) -> Result<(), StoreError> {
        rows.text(&self.order_id);
        rows.text(&self.customer_id);
        rows.timestamp(&self.ordered_at);
        rows.money(Self::TABLE, "amount", self.amount)?;
        rows.text(&self.currency);
        rows.opt_money(Self::TABLE, "margin", self.margin)?;
        rows.opt_text(self.contract_id.as_deref());
        rows.opt_text(self.promotion_id.as_deref());
        rows.text(self.status.as_str());
        Ok(())
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
    fn encode(&self, rows: &mut RowBatch) -> Result<(), StoreError> {
        rows.text(&self.ticket_id);
        rows.text(&self.customer_id);
        rows.timestamp(&self.opened_at);
        rows.opt_timestamp(self.closed_at.as_ref());
        rows.text(self.channel.as_str());
        rows.text(&self.category);
        rows.text(self.escalation.as_str());
        rows.decimal(self.handling_minutes);
        rows.opt_int(self.reopened);
        rows.opt_text(self.agent_id.as_deref());
        rows.opt_text(self.team.as_deref());
        rows.opt_int(self.csat);
        rows.opt_text(self.root_cause.map(|v| v.as_str()));
        rows.opt_bool(self.out_of_scope);
        rows.opt_bool(self.unsupported);
        rows.opt_text(self.outcome.map(|v| v.as_str()));
        Ok(())
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
    fn encode(&self, rows: &mut RowBatch) -> Result<(), StoreError> {
        rows.text(&self.message_id);
        rows.text(&self.ticket_id);
        rows.timestamp(&self.sent_at);
        rows.text(self.author.as_str());
        rows.opt_text(self.staff_id.as_deref());
        rows.opt_text(self.language.as_deref());
        rows.text(&self.text);
        Ok(())
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
    fn encode(&self, rows: &mut RowBatch) -> Result<(), StoreError> {
        rows.text(&self.concession_id);
        rows.text(&self.customer_id);
        rows.timestamp(&self.granted_at);
        rows.text(self.kind.as_str());
        rows.money(Self::TABLE, "amount", self.amount)?;
        rows.text(&self.currency);
        rows.opt_text(self.reason.as_deref());
        rows.opt_text(self.ticket_id.as_deref());
        rows.opt_text(self.order_id.as_deref());
        rows.opt_text(self.promotion_id.as_deref());
        rows.opt_text(self.approved_by.as_deref());
        Ok(())
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
    fn encode(&self, rows: &mut RowBatch) -> Result<(), StoreError> {
        rows.text(&self.customer_id);
        rows.text(self.contract_id.as_deref().unwrap_or(""));
        rows.date(&self.date);
        rows.opt_text(self.contract_id.as_deref());
        rows.decimal(self.quantity);
        Ok(())
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
    fn encode(&self, rows: &mut RowBatch) -> Result<(), StoreError> {
        rows.text(&self.review_id);
        rows.opt_text(self.customer_id.as_deref());
        rows.text(&self.source);
        rows.timestamp(&self.posted_at);
        rows.int(self.rating);
        rows.opt_text(self.text.as_deref());
        rows.opt_text(self.url.as_deref());
        rows.opt_timestamp(self.responded_at.as_ref());
        Ok(())
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
    fn encode(&self, rows: &mut RowBatch) -> Result<(), StoreError> {
        rows.text(&self.report_id);
        rows.text(&self.customer_id);
        rows.text(&self.staff_id);
        rows.timestamp(&self.reported_at);
        rows.text(self.kind.as_str());
        rows.opt_text(self.note.as_deref());
        Ok(())
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
    fn encode(&self, rows: &mut RowBatch) -> Result<(), StoreError> {
        rows.text(&self.currency);
        rows.decimal(self.rate);
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_times_match_chronos_own_text() {
        let times = [
            "2025-03-01T14:05:00Z",
            "0999-01-02T03:04:05Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2026-10-09T19:48:30Z",
            "2025-03-01T14:05:00.250Z",
            "2025-12-31T23:59:59.123456789Z",
        ];
        for text in times {
            let t = DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc);
            let mut out = String::new();
            write_timestamp(&mut out, &t);
            assert_eq!(out, timestamp(&t), "{text}");
        }
        for date in [
            "2025-03-01",
            "0042-11-09",
            "0000-01-01",
            "9999-12-31",
            "1970-10-20",
        ] {
            let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
            let mut out = String::new();
            write_date(&mut out, &d);
            assert_eq!(out, d.format("%Y-%m-%d").to_string());
        }
    }

    #[test]
    fn a_row_batch_gives_back_each_records_values_in_column_order() {
        let rate = |currency: &str, rate: &str| Rate {
            currency: currency.to_string(),
            rate: rate.parse().unwrap(),
        };
        let mut rows = RowBatch::new::<Rate>(2);
        rows.push(&rate("EUR", "1.000")).unwrap();
        rows.push(&rate("CZK", "0.04")).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows.table(), "rates");
        let second: Vec<SqlValue<'_>> = rows.row(1).collect();
        assert_eq!(second, vec![SqlValue::Text("CZK"), SqlValue::Text("0.04")]);
        let first: Vec<SqlValue<'_>> = rows.row(0).collect();
        assert_eq!(first, vec![SqlValue::Text("EUR"), SqlValue::Text("1")]);
    }

    #[test]
    fn a_record_that_cannot_be_stored_leaves_the_batch_as_it_was() {
        let order = Order {
            order_id: "O1".into(),
            customer_id: "C1".into(),
            ordered_at: DateTime::parse_from_rfc3339("2025-03-01T00:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            amount: "0.00001".parse().unwrap(),
            currency: "EUR".into(),
            margin: None,
            contract_id: None,
            promotion_id: None,
            status: OrderStatus::Paid,
        };
        let mut rows = RowBatch::new::<Order>(1);
        assert!(matches!(
            rows.push(&order),
            Err(StoreError::Unrepresentable { .. })
        ));
        assert!(rows.is_empty());
    }
}
