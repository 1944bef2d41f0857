//! The output files: one buffered CSV writer per file of the canonical format,
//! with row counters, plus the value formatting they share (money, timestamps).

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Timelike};

use crate::SampleError;

/// Every file the generator writes, in the order of FORMAT.md (labels last).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFile {
    Customers,
    Orders,
    Concessions,
    Tickets,
    Messages,
    Contracts,
    Usage,
    Reviews,
    StaffReports,
    Promotions,
    Labels,
}

impl DataFile {
    /// Every file, in writing order.
    pub const ALL: [DataFile; 11] = [
        DataFile::Customers,
        DataFile::Orders,
        DataFile::Concessions,
        DataFile::Tickets,
        DataFile::Messages,
        DataFile::Contracts,
        DataFile::Usage,
        DataFile::Reviews,
        DataFile::StaffReports,
        DataFile::Promotions,
        DataFile::Labels,
    ];

    /// The file's name in the data set folder.
    pub fn file_name(self) -> &'static str {
        match self {
            DataFile::Customers => "customers.csv",
            DataFile::Orders => "orders.csv",
            DataFile::Concessions => "concessions.csv",
            DataFile::Tickets => "tickets.csv",
            DataFile::Messages => "messages.csv",
            DataFile::Contracts => "contracts.csv",
            DataFile::Usage => "usage.csv",
            DataFile::Reviews => "reviews.csv",
            DataFile::StaffReports => "staff_reports.csv",
            DataFile::Promotions => "promotions.csv",
            DataFile::Labels => "labels.csv",
        }
    }

    /// The header line, every column of FORMAT.md for the file.
    pub fn header(self) -> &'static [&'static str] {
        match self {
            DataFile::Customers => &[
                "customer_id",
                "name",
                "email",
                "language",
                "segment",
                "target_fit",
                "created_at",
                "country",
            ],
            DataFile::Orders => &[
                "order_id",
                "customer_id",
                "ordered_at",
                "amount",
                "currency",
                "margin",
                "contract_id",
                "promotion_id",
                "status",
            ],
            DataFile::Concessions => &[
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
            ],
            DataFile::Tickets => &[
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
            ],
            DataFile::Messages => &[
                "message_id",
                "ticket_id",
                "sent_at",
                "author",
                "staff_id",
                "language",
                "text",
            ],
            DataFile::Contracts => &[
                "contract_id",
                "customer_id",
                "start_date",
                "term_months",
                "monthly_fee",
                "currency",
                "upfront_cost",
                "notice_days",
                "ended_at",
            ],
            DataFile::Usage => &["customer_id", "contract_id", "date", "quantity"],
            DataFile::Reviews => &[
                "review_id",
                "customer_id",
                "source",
                "posted_at",
                "rating",
                "text",
                "url",
                "responded_at",
            ],
            DataFile::StaffReports => &[
                "report_id",
                "customer_id",
                "staff_id",
                "reported_at",
                "kind",
                "note",
            ],
            DataFile::Promotions => &[
                "promotion_id",
                "name",
                "starts_at",
                "ends_at",
                "max_uses_per_customer",
                "first_order_only",
            ],
            DataFile::Labels => &["customer_id", "action"],
        }
    }
}

/// The open writers of one data set and how many rows each received.
pub struct Output {
    writers: Vec<csv::Writer<BufWriter<File>>>,
    paths: Vec<PathBuf>,
    rows: [u64; 11],
}

impl Output {
    /// Creates (or truncates) every file in `dir` and writes the headers.
    pub fn create(dir: &Path) -> Result<Output, SampleError> {
        std::fs::create_dir_all(dir).map_err(|source| SampleError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut writers = Vec::with_capacity(DataFile::ALL.len());
        let mut paths = Vec::with_capacity(DataFile::ALL.len());
        for file in DataFile::ALL {
            let path = dir.join(file.file_name());
            let handle = File::create(&path).map_err(|source| SampleError::Io {
                path: path.clone(),
                source,
            })?;
            let mut writer =
                csv::WriterBuilder::new().from_writer(BufWriter::with_capacity(256 * 1024, handle));
            writer
                .write_record(file.header())
                .map_err(|source| SampleError::Csv {
                    path: path.clone(),
                    source,
                })?;
            writers.push(writer);
            paths.push(path);
        }
        Ok(Output {
            writers,
            paths,
            rows: [0; 11],
        })
    }

    /// Writes one row; the fields must follow [`DataFile::header`].
    pub fn row(&mut self, file: DataFile, fields: &[&str]) -> Result<(), SampleError> {
        let index = file as usize;
        debug_assert_eq!(fields.len(), file.header().len(), "{}", file.file_name());
        self.writers[index]
            .write_record(fields)
            .map_err(|source| SampleError::Csv {
                path: self.paths[index].clone(),
                source,
            })?;
        self.rows[index] += 1;
        Ok(())
    }

    /// Rows written so far to each file, in [`DataFile::ALL`] order.
    pub fn rows(&self) -> [u64; 11] {
        self.rows
    }

    /// Flushes every file to disk.
    pub fn finish(mut self) -> Result<(), SampleError> {
        for (writer, path) in self.writers.iter_mut().zip(&self.paths) {
            writer.flush().map_err(|source| SampleError::Io {
                path: path.clone(),
                source,
            })?;
        }
        Ok(())
    }
}

/// Money in cents as a decimal with two places (`-12.05`, `1234.50`).
pub fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Seconds since the Unix epoch as an RFC 3339 UTC timestamp (`2025-03-01T14:05:00Z`).
pub fn timestamp(seconds: i64) -> String {
    let t = DateTime::from_timestamp(seconds, 0).unwrap_or_default();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Seconds since the Unix epoch as a plain date (`2025-03-01`).
pub fn date(seconds: i64) -> String {
    let t = DateTime::from_timestamp(seconds, 0).unwrap_or_default();
    format!("{:04}-{:02}-{:02}", t.year(), t.month(), t.day())
}

/// `true`/`false`, or empty for unknown.
pub fn flag(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "true",
        Some(false) => "false",
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_has_two_decimals_and_a_sign_only_when_negative() {
        assert_eq!(money(0), "0.00");
        assert_eq!(money(5), "0.05");
        assert_eq!(money(123_450), "1234.50");
        assert_eq!(money(-1205), "-12.05");
    }

    #[test]
    fn timestamps_are_rfc3339_in_utc() {
        assert_eq!(timestamp(1_740_837_900), "2025-03-01T14:05:00Z");
        assert_eq!(date(1_740_837_900), "2025-03-01");
    }
}
