//! `keepwise model`: fit a value model to a customer summary, a transaction
//! log or survivor counts, and build the RFM summary of a transaction log.
//! These commands read files only; they do not need a store.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use keepwise_core::models::rfm::{EventPartitions, day_number, summarize_partitions};
use keepwise_core::models::{
    BgBbRow, FitReport, ModelError, Period, RfmBuilder, RfmRow, fit_bg_bb, fit_bg_nbd,
    fit_gamma_gamma, fit_mbg_nbd, fit_pareto_nbd, fit_sbg,
};
use rayon::prelude::*;

/// Fit buy-till-you-die value models and build RFM summaries.
#[derive(Debug, clap::Args)]
pub struct ModelArgs {
    #[command(subcommand)]
    pub command: ModelCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum ModelCommand {
    /// Fit a model by maximum likelihood and print its parameters, log-likelihood and standard errors.
    Fit(FitArgs),
    /// Write the RFM summary (customer_id,frequency,recency,T,monetary_value) of a transaction log.
    Rfm(RfmArgs),
}

/// Which model to fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ModelName {
    BgNbd,
    MbgNbd,
    ParetoNbd,
    BgBb,
    GammaGamma,
    Sbg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Json,
    Table,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PeriodArg {
    Day,
    Week,
}

impl From<PeriodArg> for Period {
    fn from(p: PeriodArg) -> Period {
        match p {
            PeriodArg::Day => Period::Day,
            PeriodArg::Week => Period::Week,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct FitArgs {
    /// The model: bg-nbd, mbg-nbd, pareto-nbd, bg-bb, gamma-gamma or sbg.
    #[arg(value_enum)]
    pub model: ModelName,
    /// Summary CSV: customer_id,frequency,recency,T[,monetary_value]; for bg-bb
    /// frequency,recency,n_periods[,weights].
    #[arg(long, conflicts_with_all = ["transactions", "survivors"])]
    pub summary: Option<PathBuf>,
    /// Transaction log CSV: customer_id,date[,amount]; the summary is computed from it.
    #[arg(long, requires = "calibration_end", conflicts_with = "survivors")]
    pub transactions: Option<PathBuf>,
    /// Last day (YYYY-MM-DD, inclusive) of the calibration period of --transactions.
    #[arg(long)]
    pub calibration_end: Option<NaiveDate>,
    /// Time unit of the summary computed from --transactions (week = 7 days).
    #[arg(long, value_enum, default_value = "week")]
    pub period: PeriodArg,
    /// sbg only: cohort size then survivors at the start of each later period, e.g. 1000,631,468.
    #[arg(long, value_delimiter = ',')]
    pub survivors: Option<Vec<u64>>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: OutputFormat,
    /// Print on standard error how long reading the input and the fit itself
    /// took (the fit alone is what benchmarks compare with other tools).
    #[arg(long)]
    pub timing: bool,
}

#[derive(Debug, clap::Args)]
pub struct RfmArgs {
    /// Transaction log CSV: customer_id,date[,amount].
    #[arg(long)]
    pub transactions: PathBuf,
    /// Last day (YYYY-MM-DD, inclusive) of the calibration period.
    #[arg(long)]
    pub calibration_end: NaiveDate,
    /// Time unit (week = 7 days).
    #[arg(long, value_enum, default_value = "week")]
    pub period: PeriodArg,
    /// Output file (standard output when absent).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Runs `keepwise model …`.
pub fn run(args: ModelArgs) -> Result<()> {
    match args.command {
        ModelCommand::Fit(fit) => {
            let report = fit_from_args(&fit)?;
            let text = match fit.format {
                OutputFormat::Json => serde_json::to_string_pretty(&report)?,
                OutputFormat::Table => report_table(&report),
            };
            println!("{text}");
            Ok(())
        }
        ModelCommand::Rfm(rfm) => {
            let rows = summary_from_transactions(
                &rfm.transactions,
                rfm.calibration_end,
                rfm.period.into(),
            )?;
            match &rfm.out {
                Some(path) => {
                    let file = File::create(path)
                        .with_context(|| format!("creating {}", path.display()))?;
                    write_summary(BufWriter::new(file), &rows)
                        .with_context(|| format!("writing {}", path.display()))
                }
                None => write_summary(BufWriter::new(std::io::stdout().lock()), &rows),
            }
        }
    }
}

/// Fits the model the arguments ask for and returns its report.
pub fn fit_from_args(args: &FitArgs) -> Result<FitReport> {
    if args.model == ModelName::Sbg {
        let Some(survivors) = &args.survivors else {
            bail!("sbg needs --survivors, e.g. --survivors 1000,631,468,382");
        };
        return Ok(fit_sbg(survivors)?.report);
    }
    if args.survivors.is_some() {
        bail!("--survivors is for the sbg model only");
    }
    if args.model == ModelName::BgBb {
        let Some(path) = &args.summary else {
            bail!("bg-bb needs --summary FILE with columns frequency,recency,n_periods[,weights]");
        };
        let rows = read_bg_bb_summary(path)?;
        return fit_bg_bb(&rows)
            .map(|f| f.report)
            .map_err(|e| at_line(path, e, 1));
    }
    let started = std::time::Instant::now();
    let (rows, source): (Vec<RfmRow>, PathBuf) = match (&args.summary, &args.transactions) {
        (Some(path), _) => (
            read_summary(path, args.model == ModelName::GammaGamma)?,
            path.clone(),
        ),
        (None, Some(path)) => {
            let end = args
                .calibration_end
                .context("--transactions needs --calibration-end YYYY-MM-DD")?;
            let rows = summary_from_transactions(path, end, args.period.into())?
                .into_iter()
                .map(|(_, r)| r)
                .collect();
            (rows, path.clone())
        }
        (None, None) => bail!("give --summary FILE or --transactions FILE --calibration-end DATE"),
    };
    let from_summary = args.summary.is_some();
    let read_seconds = started.elapsed().as_secs_f64();
    let fit_started = std::time::Instant::now();
    let result = match args.model {
        ModelName::BgNbd => fit_bg_nbd(&rows).map(|f| f.report),
        ModelName::MbgNbd => fit_mbg_nbd(&rows).map(|f| f.report),
        ModelName::ParetoNbd => fit_pareto_nbd(&rows).map(|f| f.report),
        ModelName::GammaGamma => fit_gamma_gamma(&rows).map(|f| f.report),
        ModelName::BgBb | ModelName::Sbg => unreachable!("handled above"),
    };
    if args.timing {
        eprintln!(
            "timing: read_seconds={read_seconds:.6} fit_seconds={:.6}",
            fit_started.elapsed().as_secs_f64()
        );
    }
    // Row numbers of a summary file map to lines (after the header); a computed
    // summary has no lines of its own.
    result.map_err(|e| {
        if from_summary {
            at_line(&source, e, 1)
        } else {
            anyhow::Error::new(e)
        }
    })
}

/// Adds file and line to a row error of the core.
fn at_line(path: &Path, err: ModelError, header_lines: usize) -> anyhow::Error {
    match err {
        ModelError::InvalidRow { model, row, reason } => {
            anyhow::anyhow!(
                "{}: line {}: {reason} ({model})",
                path.display(),
                row + header_lines
            )
        }
        other => anyhow::Error::new(other),
    }
}

/// A CSV file opened with a header, and the position of the named columns.
struct Columns {
    reader: csv::Reader<File>,
    path: PathBuf,
}

impl Columns {
    fn open(path: &Path) -> Result<Columns> {
        let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
        let reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(file);
        Ok(Columns {
            reader,
            path: path.to_path_buf(),
        })
    }

    /// Index of the first header among `names` (aliases), or an error naming them all.
    fn find(&mut self, names: &[&str], required: bool) -> Result<Option<usize>> {
        let headers = self
            .reader
            .headers()
            .with_context(|| format!("reading the header of {}", self.path.display()))?;
        let found = names
            .iter()
            .find_map(|n| headers.iter().position(|h| h == *n));
        if found.is_none() && required {
            bail!(
                "{}: missing column {:?} (header has: {})",
                self.path.display(),
                names[0],
                headers.iter().collect::<Vec<_>>().join(",")
            );
        }
        Ok(found)
    }
}

/// Parses a non-negative number of column `name` on `line`.
fn number(path: &Path, line: u64, name: &str, field: Option<&str>) -> Result<f64> {
    let text = field.unwrap_or("");
    let value: f64 = text.parse().map_err(|_| {
        anyhow::anyhow!(
            "{}: line {line}: column {name:?}: {text:?} is not a number",
            path.display()
        )
    })?;
    if !value.is_finite() || value < 0.0 {
        bail!(
            "{}: line {line}: column {name:?}: {text} must be a finite number ≥ 0",
            path.display()
        );
    }
    Ok(value)
}

fn whole(path: &Path, line: u64, name: &str, value: f64) -> Result<u64> {
    if value.fract() != 0.0 {
        bail!(
            "{}: line {line}: column {name:?}: {value} must be a whole number",
            path.display()
        );
    }
    Ok(value as u64)
}

/// Reads a lifetimes-style summary: frequency (or x), recency (t_x), T, and
/// monetary_value (zbar, m_x) when `monetary` is required.
pub fn read_summary(path: &Path, monetary: bool) -> Result<Vec<RfmRow>> {
    let mut csv = Columns::open(path)?;
    let f = csv.find(&["frequency", "x"], true)?.unwrap_or_default();
    let r = csv.find(&["recency", "t_x"], true)?.unwrap_or_default();
    let t = csv.find(&["T", "age"], true)?.unwrap_or_default();
    let m = csv.find(&["monetary_value", "zbar", "m_x"], monetary)?;
    let mut rows = Vec::new();
    // Byte records, reused: a million-row summary is read without a String per field.
    let mut record = csv::ByteRecord::new();
    let mut line: u64 = 1;
    while csv
        .reader
        .read_byte_record(&mut record)
        .with_context(|| format!("{}: line {}", path.display(), line + 1))?
    {
        line += 1;
        let field = |i: usize| record.get(i).and_then(|b| std::str::from_utf8(b).ok());
        let frequency = whole(
            path,
            line,
            "frequency",
            number(path, line, "frequency", field(f))?,
        )?;
        let recency = number(path, line, "recency", field(r))?;
        let age = number(path, line, "T", field(t))?;
        let monetary_value = match m {
            Some(m) => number(path, line, "monetary_value", field(m))?,
            None => 0.0,
        };
        rows.push(RfmRow {
            frequency,
            recency,
            age,
            monetary_value,
        });
    }
    Ok(rows)
}

/// Reads a BG/BB summary: frequency, recency, n_periods (or periods), and weights (default 1).
pub fn read_bg_bb_summary(path: &Path) -> Result<Vec<BgBbRow>> {
    let mut csv = Columns::open(path)?;
    let f = csv.find(&["frequency", "x"], true)?.unwrap_or_default();
    let r = csv.find(&["recency", "t_x"], true)?.unwrap_or_default();
    let n = csv
        .find(&["n_periods", "periods", "n"], true)?
        .unwrap_or_default();
    let w = csv.find(&["weights", "weight", "count"], false)?;
    let mut rows = Vec::new();
    for (i, record) in csv.reader.records().enumerate() {
        let line = i as u64 + 2;
        let record = record.with_context(|| format!("{}: line {line}", path.display()))?;
        let as_u32 = |name: &str, idx: usize| -> Result<u32> {
            let v = whole(path, line, name, number(path, line, name, record.get(idx))?)?;
            u32::try_from(v).map_err(|_| {
                anyhow::anyhow!(
                    "{}: line {line}: column {name:?}: {v} is too large",
                    path.display()
                )
            })
        };
        let weight = match w {
            Some(w) => number(path, line, "weights", record.get(w))?,
            None => 1.0,
        };
        rows.push(BgBbRow {
            frequency: as_u32("frequency", f)?,
            recency: as_u32("recency", r)?,
            n_periods: as_u32("n_periods", n)?,
            weight,
        });
    }
    Ok(rows)
}

/// Parses YYYY-MM-DD (a longer timestamp is cut to its date) without the
/// general date parser: the RFM of tens of millions of rows spends most of its
/// time here.
fn parse_date(bytes: &[u8]) -> Option<NaiveDate> {
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let digits = |s: &[u8]| -> Option<u32> {
        s.iter().try_fold(0u32, |acc, b| {
            b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(
        digits(&bytes[..4])? as i32,
        digits(&bytes[5..7])?,
        digits(&bytes[8..10])?,
    )
}

/// Parses a plain decimal (`-12.34`: optional minus, digits, optional point and
/// digits) of at most 15 digits, or `None` for anything else (the general
/// parser then decides). Such a number and its power of ten are exact doubles,
/// so one division rounds exactly as the general parser does.
fn parse_plain_decimal(bytes: &[u8]) -> Option<f64> {
    const POWERS: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let (negative, digits) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    let (whole, fraction) = match memchr::memchr(b'.', digits) {
        Some(point) => (&digits[..point], &digits[point + 1..]),
        None => (digits, &[][..]),
    };
    if whole.is_empty()
        || (fraction.is_empty() && whole.len() < digits.len())
        || whole.len() + fraction.len() > 15
    {
        return None;
    }
    let mut mantissa: u64 = 0;
    for &b in whole.iter().chain(fraction) {
        if !b.is_ascii_digit() {
            return None;
        }
        mantissa = mantissa * 10 + u64::from(b - b'0');
    }
    let value = mantissa as f64 / POWERS[fraction.len()];
    Some(if negative { -value } else { value })
}

/// Builds the RFM summary of a `customer_id,date[,amount]` CSV log.
///
/// The file is read whole and, unless it quotes fields (then the general CSV
/// reader runs), split at line ends into a few chunks per thread; each chunk is
/// parsed on the bytes (dates read digit by digit) in parallel, and its rows go
/// into partitions chosen by a hash of the customer id, so that every
/// partition, summarised in parallel too, groups only a few thousand customers
/// in the processor's cache. Errors name the line of the first bad row, as the
/// sequential reader does.
pub fn summary_from_transactions(
    path: &Path,
    calibration_end: NaiveDate,
    period: Period,
) -> Result<Vec<(String, RfmRow)>> {
    let bytes = read_whole(path).with_context(|| format!("reading {}", path.display()))?;
    let header_end = memchr::memchr(b'\n', &bytes).map_or(bytes.len(), |i| i + 1);
    let headers = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(&bytes[..header_end])
        .byte_headers()
        .with_context(|| format!("reading the header of {}", path.display()))?
        .clone();
    let columns = LogColumns::find(path, &headers)?;
    let body = &bytes[header_end..];
    if memchr::memchr(b'"', body).is_some() {
        return summary_from_quoted_log(path, &bytes, columns, calibration_end, period);
    }
    let end_day = day_number(calibration_end);
    let pieces = (rayon::current_num_threads() * 4).max(1);
    let mut bounds = vec![0usize];
    for k in 1..pieces {
        let guess = (body.len() * k / pieces).max(*bounds.last().unwrap_or(&0));
        let cut = memchr::memchr(b'\n', &body[guess..]).map_or(body.len(), |i| guess + i + 1);
        bounds.push(cut);
    }
    bounds.push(body.len());
    bounds.dedup();
    // Rows estimated from the first lines; a partition of about 32,768 rows
    // keeps its customers' table in the cache.
    let sample = &body[..body.len().min(1 << 16)];
    let line_length = sample.len() / memchr::memchr_iter(b'\n', sample).count().max(1);
    let rows_per_byte = 1.0 / line_length.max(1) as f64;
    let partitions = ((body.len() as f64 * rows_per_byte) as usize / 32_768).clamp(1, 1024);
    let chunks: Vec<LogChunk> = bounds
        .windows(2)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|w| {
            let rows = ((w[1] - w[0]) as f64 * rows_per_byte) as usize;
            let capacity = rows / partitions + rows / partitions / 8 + 16;
            LogChunk::parse(
                &body[w[0]..w[1]],
                header_end + w[0],
                &columns,
                end_day,
                EventPartitions::new(partitions, capacity),
            )
        })
        .collect();
    if let Some((offset, message)) = chunks
        .iter()
        .filter_map(|c| c.error.as_ref())
        .min_by_key(|(offset, _)| *offset)
    {
        let line = memchr::memchr_iter(b'\n', &bytes[..*offset]).count() + 1;
        bail!("{}: line {line}: {message}", path.display());
    }
    let batches: Vec<EventPartitions> = chunks.into_iter().map(|c| c.events).collect();
    Ok(summarize_partitions(&bytes, &batches, end_day, period))
}

/// Reads a whole file, pieces in parallel (copying half a gigabyte out of the
/// page cache is a second of one core).
#[cfg(unix)]
fn read_whole(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    const PIECE: usize = 1 << 24;
    let file = File::open(path)?;
    let len = usize::try_from(file.metadata()?.len()).map_err(std::io::Error::other)?;
    let mut bytes = vec![0u8; len];
    bytes
        .par_chunks_mut(PIECE)
        .enumerate()
        .try_for_each(|(i, piece)| file.read_exact_at(piece, (i * PIECE) as u64))?;
    Ok(bytes)
}

#[cfg(not(unix))]
fn read_whole(path: &Path) -> std::io::Result<Vec<u8>> {
    std::fs::read(path)
}

/// Positions of the log's columns in its header.
#[derive(Debug, Clone, Copy)]
struct LogColumns {
    id: usize,
    date: usize,
    amount: Option<usize>,
    count: usize,
}

impl LogColumns {
    fn find(path: &Path, headers: &csv::ByteRecord) -> Result<LogColumns> {
        let position = |name: &str| headers.iter().position(|h| h == name.as_bytes());
        let missing = |name: &str| {
            anyhow::anyhow!(
                "{}: missing column \"{name}\" (header has: {})",
                path.display(),
                headers_text(headers)
            )
        };
        Ok(LogColumns {
            id: position("customer_id").ok_or_else(|| missing("customer_id"))?,
            date: position("date").ok_or_else(|| missing("date"))?,
            amount: position("amount"),
            count: headers.len(),
        })
    }

    /// Checks one row's fields; returns (customer id, day, amount) or what is wrong.
    fn row<'a>(&self, fields: &[&'a [u8]]) -> Result<(&'a [u8], NaiveDate, f64), String> {
        let customer = fields[self.id];
        if customer.is_empty() {
            return Err("column \"customer_id\" is empty".into());
        }
        if !customer.is_ascii() && std::str::from_utf8(customer).is_err() {
            return Err("column \"customer_id\" is not UTF-8".into());
        }
        let raw_date = fields[self.date];
        let Some(day) = parse_date(raw_date) else {
            return Err(format!(
                "column \"date\": {:?} is not a date (YYYY-MM-DD)",
                String::from_utf8_lossy(raw_date)
            ));
        };
        let value = match self.amount {
            Some(a) => {
                let v = match parse_plain_decimal(fields[a]) {
                    Some(v) => v,
                    None => {
                        let text = std::str::from_utf8(fields[a]).unwrap_or("");
                        text.parse()
                            .map_err(|_| format!("column \"amount\": {text:?} is not a number"))?
                    }
                };
                if !v.is_finite() {
                    let text = String::from_utf8_lossy(fields[a]);
                    return Err(format!("column \"amount\": {text} is not a finite number"));
                }
                v
            }
            None => 0.0,
        };
        Ok((customer, day, value))
    }
}

/// One chunk of a log parsed on its own: its transactions up to the
/// calibration end, or the first bad row (byte offset in the file and what is
/// wrong).
struct LogChunk {
    events: EventPartitions,
    error: Option<(usize, String)>,
}

impl LogChunk {
    /// Parses `data`, which starts at byte `offset` of the file, into `events`.
    fn parse(
        data: &[u8],
        offset: usize,
        columns: &LogColumns,
        end_day: i32,
        events: EventPartitions,
    ) -> LogChunk {
        let mut chunk = LogChunk {
            events,
            error: None,
        };
        let mut fields: Vec<&[u8]> = Vec::with_capacity(columns.count);
        let mut line_start = 0;
        let mut field_start = 0;
        // Commas and line ends found in one vectorised pass over the chunk.
        let ends = memchr::memchr2_iter(b',', b'\n', data).chain(std::iter::once(data.len()));
        for at in ends {
            fields.push(data[field_start..at].trim_ascii());
            field_start = at + 1;
            if at < data.len() && data[at] == b',' {
                continue;
            }
            let line = &data[line_start..at.min(data.len())];
            let this_line = line_start;
            line_start = at + 1;
            if line.trim_ascii().is_empty() {
                fields.clear();
                continue;
            }
            let checked = if fields.len() != columns.count {
                Err(format!(
                    "found {} fields where the header has {}",
                    fields.len(),
                    columns.count
                ))
            } else {
                columns.row(&fields)
            };
            fields.clear();
            let (customer, date, amount) = match checked {
                Ok(row) => row,
                Err(message) => {
                    chunk.error = Some((offset + this_line, message));
                    return chunk;
                }
            };
            let day = day_number(date);
            if day > end_day {
                continue;
            }
            // Where the id is in the file (read back for ids too long to keep inline).
            let at = offset + (customer.as_ptr() as usize - data.as_ptr() as usize);
            chunk.events.push(customer, at, day, amount);
        }
        chunk
    }
}

/// The sequential path for logs that quote fields, with the general CSV reader.
fn summary_from_quoted_log(
    path: &Path,
    bytes: &[u8],
    columns: LogColumns,
    calibration_end: NaiveDate,
    period: Period,
) -> Result<Vec<(String, RfmRow)>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .buffer_capacity(1 << 20)
        .from_reader(bytes);
    let mut builder = RfmBuilder::new(calibration_end, period);
    let mut record = csv::ByteRecord::new();
    let mut line: u64 = 1;
    while reader
        .read_byte_record(&mut record)
        .with_context(|| format!("{}: line {}", path.display(), line + 1))?
    {
        line += 1;
        let fields: Vec<&[u8]> = record.iter().collect();
        let (customer, date, amount) = columns
            .row(&fields)
            .map_err(|message| anyhow::anyhow!("{}: line {line}: {message}", path.display()))?;
        builder.add(&String::from_utf8_lossy(customer), date, amount);
    }
    Ok(builder.finish())
}

fn headers_text(headers: &csv::ByteRecord) -> String {
    headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect::<Vec<_>>()
        .join(",")
}

/// Writes the summary CSV with full-precision floats, blocks of rows
/// formatted in parallel.
fn write_summary(mut out: impl Write, rows: &[(String, RfmRow)]) -> Result<()> {
    writeln!(out, "customer_id,frequency,recency,T,monetary_value")?;
    let blocks: Vec<Vec<u8>> = rows
        .par_chunks(1 << 14)
        .map(|block| -> std::io::Result<Vec<u8>> {
            let mut text = Vec::with_capacity(block.len() * 64);
            for (customer, r) in block {
                if customer.contains([',', '"', '\n', '\r']) {
                    write!(text, "\"{}\"", customer.replace('"', "\"\""))?;
                } else {
                    text.extend_from_slice(customer.as_bytes());
                }
                writeln!(
                    text,
                    ",{},{},{},{}",
                    r.frequency, r.recency, r.age, r.monetary_value
                )?;
            }
            Ok(text)
        })
        .collect::<std::io::Result<_>>()?;
    for block in blocks {
        out.write_all(&block)?;
    }
    out.flush()?;
    Ok(())
}

/// A human-readable fit report.
pub fn report_table(report: &FitReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "model           {}", report.model);
    let _ = writeln!(s, "customers       {}", report.n_customers);
    let _ = writeln!(s, "log-likelihood  {:.4}", report.log_likelihood);
    let _ = writeln!(s, "converged       yes, {} iterations", report.iterations);
    let _ = writeln!(
        s,
        "{:<10} {:>14} {:>14}",
        "parameter", "estimate", "std. error"
    );
    for (name, value) in &report.params {
        let se = report.standard_error(name).unwrap_or(f64::NAN);
        let _ = writeln!(s, "{name:<10} {value:>14.6} {se:>14.6}");
    }
    s.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn a_non_number_is_reported_with_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            &dir,
            "s.csv",
            "customer_id,frequency,recency,T\n1,2,3,4\n2,1,abc,4\n",
        );
        let err = read_summary(&path, false).unwrap_err().to_string();
        assert!(
            err.contains("s.csv: line 3: column \"recency\": \"abc\" is not a number"),
            "{err}"
        );
    }

    #[test]
    fn a_missing_column_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(&dir, "s.csv", "customer_id,frequency,T\n1,2,4\n");
        let err = read_summary(&path, false).unwrap_err().to_string();
        assert!(err.contains("missing column \"recency\""), "{err}");
    }

    #[test]
    fn a_negative_value_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(&dir, "s.csv", "customer_id,frequency,recency,T\n1,2,-3,4\n");
        let err = read_summary(&path, false).unwrap_err().to_string();
        assert!(err.contains("line 2: column \"recency\""), "{err}");
    }

    #[test]
    fn plain_decimals_parse_exactly_as_the_general_parser_does() {
        let samples = [
            "0",
            "-0",
            "6.92",
            "62.37",
            "199.99",
            "0.1",
            "0.3",
            "123456789012.345",
            "-5.5",
            "999999999999999",
            "0.00000000000001",
            "007.50",
        ];
        for text in samples {
            let fast = parse_plain_decimal(text.as_bytes());
            let general: f64 = text.parse().unwrap();
            assert_eq!(fast.map(f64::to_bits), Some(general.to_bits()), "{text}");
        }
        for cents in (0..2_000_000u64).step_by(7) {
            let text = format!("{}.{:02}", cents / 100, cents % 100);
            let general: f64 = text.parse().unwrap();
            assert_eq!(
                parse_plain_decimal(text.as_bytes()),
                Some(general),
                "{text}"
            );
        }
        for other in [
            "",
            "-",
            ".",
            "1.",
            ".5",
            "+1",
            "1e3",
            "1.2.3",
            "1,5",
            "1234567890123456",
            "nan",
        ] {
            assert_eq!(parse_plain_decimal(other.as_bytes()), None, "{other}");
        }
    }

    #[test]
    fn a_log_of_many_chunks_gives_the_summary_of_the_sequential_reader() {
        // Enough rows for several chunks and partitions, a long id, CRLF line
        // ends, rows after the calibration end and a blank line.
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::from("customer_id,date,amount\r\n");
        let mut builder =
            RfmBuilder::new(NaiveDate::from_ymd_opt(2021, 6, 30).unwrap(), Period::Week);
        for i in 0..40_000u64 {
            let id = if i % 13 == 0 {
                format!("a-customer-with-a-long-id-{}", i % 97)
            } else {
                format!("c{}", (i * 7919) % 3_001)
            };
            let date = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap() + chrono::Days::new(i % 240);
            let amount = format!("{}.{:02}", i % 500, i % 100);
            text.push_str(&format!("{id},{date},{amount}\r\n"));
            builder.add(&id, date, amount.parse().unwrap());
            if i == 20_000 {
                text.push_str("\r\n");
            }
        }
        let path = write(&dir, "t.csv", &text);
        let end = NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
        let rows = summary_from_transactions(&path, end, Period::Week).unwrap();
        assert_eq!(rows, builder.finish());
        let mut out = Vec::new();
        write_summary(&mut out, &rows).unwrap();
        assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), rows.len() + 1);
    }

    #[test]
    fn a_bad_date_in_the_log_is_reported_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            &dir,
            "t.csv",
            "customer_id,date,amount\nc1,1997-01-01,3\nc1,1997-13-01,3\n",
        );
        let end = NaiveDate::from_ymd_opt(1997, 9, 30).unwrap();
        let err = summary_from_transactions(&path, end, Period::Week)
            .unwrap_err()
            .to_string();
        assert!(err.contains("t.csv: line 3: column \"date\""), "{err}");
    }

    #[test]
    fn the_summary_of_a_log_round_trips_through_the_rfm_csv() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            &dir,
            "t.csv",
            "customer_id,date,amount\nc1,1997-01-01,3\nc1,1997-01-08,4\nc1,1997-01-08,1\n",
        );
        let end = NaiveDate::from_ymd_opt(1997, 1, 15).unwrap();
        let rows = summary_from_transactions(&path, end, Period::Week).unwrap();
        let mut out = Vec::new();
        write_summary(&mut out, &rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "customer_id,frequency,recency,T,monetary_value\nc1,1,1,2,5\n"
        );
        let back = read_summary(
            &write(
                &dir,
                "s.csv",
                "customer_id,frequency,recency,T,monetary_value\nc1,1,1,2,5\n",
            ),
            true,
        )
        .unwrap();
        assert_eq!(back, vec![rows[0].1]);
    }
}
