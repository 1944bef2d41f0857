//! The rules that span rows and files: unique ids, references (to this import or
//! to stored records), contracts belonging to the right customer, and currencies.

use std::collections::{HashMap, HashSet};

use keepwise_core::records::*;
use keepwise_store::{Entity, ImportSession, RowBatch, TableCounts, WriteCounts};
use rust_decimal::Decimal;

use crate::fields::Fields;
use crate::ids::IdTable;
use crate::problems::{Problem, Problems};
use crate::schema::{self, FileSpec};
use crate::source::{ImportProgress, RawRow, RowReader, SourceFile};
use crate::{ImportError, ImportOptions};

/// A reference from a record to another record: (column, referenced table, key column, id).
type Reference<'r> = (&'static str, &'static str, &'static str, &'r str);

/// A record's references, at fixed places (an array, not a `Vec`: this is asked for
/// every row, and the places number the bits of [`Pending::unresolved`]).
type References<'r> = [Option<Reference<'r>>; 4];

/// Contract → customer: hashed with foldhash, several times faster than the
/// default SipHash for short ids.
type IdMap<V> = HashMap<String, V, foldhash::fast::RandomState>;

/// The value an [`IdTable`] keeps for an id seen only on a row that could not be
/// read as a record: it counts for references (so one bad field does not cascade),
/// not as the first of a repeated id.
const UNREAD: u64 = u64::MAX;

/// What the cross-row rules need to know about a record.
trait Checked: Entity {
    /// Key column(s) shown when an id repeats.
    const KEY_COLUMN: &'static str;
    /// The record's key as text; `buffer` holds it when it is composed of several ids.
    fn unique_key<'a>(&'a self, buffer: &'a mut String) -> &'a str;
    fn references(&self) -> References<'_>;
    fn currency(&self) -> Option<&str> {
        None
    }
    /// (contract column, contract id, customer id) when the record names a contract of a customer.
    fn contract_of_customer(&self) -> Option<(&str, &str)> {
        None
    }
}

const CUSTOMER: (&str, &str) = ("customers", "customer_id");
const PROMOTION: (&str, &str) = ("promotions", "promotion_id");
const CONTRACT: (&str, &str) = ("contracts", "contract_id");
const ORDER: (&str, &str) = ("orders", "order_id");
const TICKET: (&str, &str) = ("tickets", "ticket_id");

fn reference<'r>(
    column: &'static str,
    target: (&'static str, &'static str),
    id: &'r str,
) -> Reference<'r> {
    (column, target.0, target.1, id)
}

impl Checked for Rate {
    const KEY_COLUMN: &'static str = "currency";
    fn unique_key<'a>(&'a self, _: &'a mut String) -> &'a str {
        &self.currency
    }
    fn references(&self) -> References<'_> {
        [None; 4]
    }
}
impl Checked for Customer {
    const KEY_COLUMN: &'static str = "customer_id";
    fn unique_key<'a>(&'a self, _: &'a mut String) -> &'a str {
        &self.customer_id
    }
    fn references(&self) -> References<'_> {
        [None; 4]
    }
}
impl Checked for Promotion {
    const KEY_COLUMN: &'static str = "promotion_id";
    fn unique_key<'a>(&'a self, _: &'a mut String) -> &'a str {
        &self.promotion_id
    }
    fn references(&self) -> References<'_> {
        [None; 4]
    }
}
impl Checked for Contract {
    const KEY_COLUMN: &'static str = "contract_id";
    fn unique_key<'a>(&'a self, _: &'a mut String) -> &'a str {
        &self.contract_id
    }
    fn references(&self) -> References<'_> {
        [
            Some(reference("customer_id", CUSTOMER, &self.customer_id)),
            None,
            None,
            None,
        ]
    }
    fn currency(&self) -> Option<&str> {
        Some(&self.currency)
    }
}
impl Checked for Order {
    const KEY_COLUMN: &'static str = "order_id";
    fn unique_key<'a>(&'a self, _: &'a mut String) -> &'a str {
        &self.order_id
    }
    fn references(&self) -> References<'_> {
        [
            Some(reference("customer_id", CUSTOMER, &self.customer_id)),
            self.contract_id
                .as_deref()
                .map(|id| reference("contract_id", CONTRACT, id)),
            self.promotion_id
                .as_deref()
                .map(|id| reference("promotion_id", PROMOTION, id)),
            None,
        ]
    }
    fn currency(&self) -> Option<&str> {
        Some(&self.currency)
    }
    fn contract_of_customer(&self) -> Option<(&str, &str)> {
        self.contract_id
            .as_deref()
            .map(|c| (c, self.customer_id.as_str()))
    }
}
impl Checked for Ticket {
    const KEY_COLUMN: &'static str = "ticket_id";
    fn unique_key<'a>(&'a self, _: &'a mut String) -> &'a str {
        &self.ticket_id
    }
    fn references(&self) -> References<'_> {
        [
            Some(reference("customer_id", CUSTOMER, &self.customer_id)),
            None,
            None,
            None,
        ]
    }
}
impl Checked for Message {
    const KEY_COLUMN: &'static str = "message_id";
    fn unique_key<'a>(&'a self, _: &'a mut String) -> &'a str {
        &self.message_id
    }
    fn references(&self) -> References<'_> {
        [
            Some(reference("ticket_id", TICKET, &self.ticket_id)),
            None,
            None,
            None,
        ]
    }
}
impl Checked for Concession {
    const KEY_COLUMN: &'static str = "concession_id";
    fn unique_key<'a>(&'a self, _: &'a mut String) -> &'a str {
        &self.concession_id
    }
    fn references(&self) -> References<'_> {
        [
            Some(reference("customer_id", CUSTOMER, &self.customer_id)),
            self.ticket_id
                .as_deref()
                .map(|id| reference("ticket_id", TICKET, id)),
            self.order_id
                .as_deref()
                .map(|id| reference("order_id", ORDER, id)),
            self.promotion_id
                .as_deref()
                .map(|id| reference("promotion_id", PROMOTION, id)),
        ]
    }
    fn currency(&self) -> Option<&str> {
        Some(&self.currency)
    }
}
impl Checked for Usage {
    const KEY_COLUMN: &'static str = "customer_id, contract_id, date";
    fn unique_key<'a>(&'a self, buffer: &'a mut String) -> &'a str {
        use std::fmt::Write as _;
        buffer.clear();
        let _ = write!(
            buffer,
            "{}\u{1f}{}\u{1f}{}",
            self.customer_id,
            self.contract_id.as_deref().unwrap_or(""),
            self.date
        );
        buffer
    }
    fn references(&self) -> References<'_> {
        [
            Some(reference("customer_id", CUSTOMER, &self.customer_id)),
            self.contract_id
                .as_deref()
                .map(|id| reference("contract_id", CONTRACT, id)),
            None,
            None,
        ]
    }
    fn contract_of_customer(&self) -> Option<(&str, &str)> {
        self.contract_id
            .as_deref()
            .map(|c| (c, self.customer_id.as_str()))
    }
}
impl Checked for Review {
    const KEY_COLUMN: &'static str = "review_id";
    fn unique_key<'a>(&'a self, _: &'a mut String) -> &'a str {
        &self.review_id
    }
    fn references(&self) -> References<'_> {
        [
            self.customer_id
                .as_deref()
                .map(|id| reference("customer_id", CUSTOMER, id)),
            None,
            None,
            None,
        ]
    }
}
impl Checked for StaffReport {
    const KEY_COLUMN: &'static str = "report_id";
    fn unique_key<'a>(&'a self, _: &'a mut String) -> &'a str {
        &self.report_id
    }
    fn references(&self) -> References<'_> {
        [
            Some(reference("customer_id", CUSTOMER, &self.customer_id)),
            None,
            None,
            None,
        ]
    }
}

/// State shared across the files of one import.
#[derive(Default)]
struct ImportState {
    /// Ids seen in this import per referenced table (even on rows with other problems,
    /// so one bad field does not cascade into reference errors elsewhere).
    /// The value kept per id is the line it was first read on ([`UNREAD`] if only on
    /// a row that failed).
    seen: HashMap<&'static str, IdTable>,
    /// Contract → customer for contracts of this import.
    contract_owner: IdMap<String>,
    currencies: CurrencyRule,
}

/// One currency per data set, unless rates are given (FORMAT.md, money).
#[derive(Default)]
struct CurrencyRule {
    /// Currencies with a rate (stored or in this import); empty without rates.
    rated: HashSet<String>,
    /// The data set's currency: stored, or the first one seen, with where it was seen.
    reporting: Option<(String, String)>,
}

impl CurrencyRule {
    /// `place` says where the row is; asked for only by the first row of an import.
    fn check(&mut self, currency: &str, place: impl FnOnce() -> String) -> Option<String> {
        if !self.rated.is_empty() {
            if self.rated.contains(currency) {
                return None;
            }
            let mut listed: Vec<&String> = self.rated.iter().collect();
            listed.sort();
            let listed: Vec<&str> = listed.into_iter().map(String::as_str).collect();
            return Some(format!(
                "a currency with a rate in rates.csv ({})",
                listed.join(", ")
            ));
        }
        match &self.reporting {
            None => {
                self.reporting = Some((currency.to_string(), place()));
                None
            }
            Some((c, _)) if c == currency => None,
            Some((c, origin)) => Some(format!(
                "{c}, the data set's currency (from {origin}); one data set uses one currency unless \
                 rates.csv gives a rate for each"
            )),
        }
    }
}

pub(crate) async fn load_files(
    session: &mut ImportSession,
    files: &[SourceFile],
    options: &ImportOptions,
    progress: &dyn ImportProgress,
    problems: &mut Problems,
) -> Result<Vec<TableCounts>, ImportError> {
    let mut state = ImportState::default();
    // The currency rule starts from what is stored.
    let stored_rates = session.stored_rates().await?;
    state.currencies.rated.extend(stored_rates.keys().cloned());
    if let Some(currency) = session.setting("reporting_currency").await? {
        state.currencies.reporting = Some((currency, "data already stored".to_string()));
    }
    let mut counts = Vec::new();
    for file in files {
        progress.start_file(&file.name, file.bytes);
        let written = match file.spec.stem {
            "rates" => {
                let written = load::<Rate>(
                    session,
                    file,
                    schema::rate,
                    options,
                    progress,
                    problems,
                    &mut state,
                )
                .await?;
                check_rates(session, file, problems, &mut state).await?;
                written
            }
            "customers" => {
                load::<Customer>(
                    session,
                    file,
                    schema::customer,
                    options,
                    progress,
                    problems,
                    &mut state,
                )
                .await?
            }
            "promotions" => {
                load::<Promotion>(
                    session,
                    file,
                    schema::promotion,
                    options,
                    progress,
                    problems,
                    &mut state,
                )
                .await?
            }
            "contracts" => {
                load::<Contract>(
                    session,
                    file,
                    schema::contract,
                    options,
                    progress,
                    problems,
                    &mut state,
                )
                .await?
            }
            "orders" => {
                load::<Order>(
                    session,
                    file,
                    schema::order,
                    options,
                    progress,
                    problems,
                    &mut state,
                )
                .await?
            }
            "tickets" => {
                load::<Ticket>(
                    session,
                    file,
                    schema::ticket,
                    options,
                    progress,
                    problems,
                    &mut state,
                )
                .await?
            }
            "messages" => {
                load::<Message>(
                    session,
                    file,
                    schema::message,
                    options,
                    progress,
                    problems,
                    &mut state,
                )
                .await?
            }
            "concessions" => {
                load::<Concession>(
                    session,
                    file,
                    schema::concession,
                    options,
                    progress,
                    problems,
                    &mut state,
                )
                .await?
            }
            "usage" => {
                load::<Usage>(
                    session,
                    file,
                    schema::usage,
                    options,
                    progress,
                    problems,
                    &mut state,
                )
                .await?
            }
            "reviews" => {
                load::<Review>(
                    session,
                    file,
                    schema::review,
                    options,
                    progress,
                    problems,
                    &mut state,
                )
                .await?
            }
            "staff_reports" => {
                load::<StaffReport>(
                    session,
                    file,
                    schema::staff_report,
                    options,
                    progress,
                    problems,
                    &mut state,
                )
                .await?
            }
            other => unreachable!("file spec {other} has no loader"),
        };
        progress.finish_file();
        counts.push(TableCounts {
            file: file.name.clone(),
            table: file.spec.stem.to_string(),
            counts: written,
        });
    }
    if problems.is_empty()
        && let Some((currency, _)) = &state.currencies.reporting
        && state.currencies.rated.is_empty()
    {
        session.set_setting("reporting_currency", currency).await?;
    }
    Ok(counts)
}

/// Rates: exactly one currency has rate 1 (the reporting currency), matching what is stored.
async fn check_rates(
    session: &mut ImportSession,
    file: &SourceFile,
    problems: &mut Problems,
    state: &mut ImportState,
) -> Result<(), ImportError> {
    let rates = session.stored_rates().await?;
    let ones: Vec<&String> = rates
        .iter()
        .filter(|(_, r)| r.parse::<Decimal>().ok() == Some(Decimal::ONE))
        .map(|(c, _)| c)
        .collect();
    let mut file_problem = |expected: String| {
        problems.push(Problem {
            file: file.name.clone(),
            line: None,
            column: Some("rate".into()),
            value: None,
            expected,
        })
    };
    match ones.as_slice() {
        [one] => {
            let one = one.to_string();
            if let Some((stored, origin)) = &state.currencies.reporting
                && *stored != one
                && origin == "data already stored"
            {
                file_problem(format!(
                    "rate 1 for {stored}, the reporting currency of the data already stored (this file gives 1 to {one})"
                ));
            }
            let stored_currencies = session.stored_currencies().await?;
            let mut missing: Vec<&String> = stored_currencies
                .iter()
                .filter(|c| !rates.contains_key(*c))
                .collect();
            missing.sort();
            if !missing.is_empty() {
                let missing: Vec<&str> = missing.into_iter().map(String::as_str).collect();
                file_problem(format!(
                    "a rate for every currency already stored (missing: {})",
                    missing.join(", ")
                ));
            }
            state.currencies.rated = rates.keys().cloned().collect();
            state.currencies.reporting = Some((one.clone(), file.name.clone()));
            session.set_setting("reporting_currency", &one).await?;
        }
        [] => file_problem(
            "exactly one currency with rate 1 (the reporting currency); none has it".into(),
        ),
        many => {
            let mut names: Vec<&str> = many.iter().map(|s| s.as_str()).collect();
            names.sort();
            file_problem(format!(
                "exactly one currency with rate 1 (the reporting currency); several have it: {}",
                names.join(", ")
            ))
        }
    }
    Ok(())
}

/// Rows read ahead of the writer, in batches; bounds the memory of the pipeline.
const BATCHES_IN_FLIGHT: usize = 4;

/// What the reading thread hands the writer, in the order of the file.
enum Item {
    /// A problem found while reading, parsing or checking a row against this import.
    Problem(Problem),
    /// Bytes of the file read since the last report.
    Progress(u64),
    /// Records that passed every rule the reader can check, encoded for the store,
    /// and what only the store can still tell about some of them.
    Batch(RowBatch, Vec<StoreCheck>),
}

/// What a record of a batch still needs from the store.
struct StoreCheck {
    line: u64,
    /// References that name no record of this import, so must name a stored one:
    /// (column, table, key column, id).
    references: Vec<(&'static str, &'static str, &'static str, String)>,
    /// (contract, customer) when the record names a contract not in this import:
    /// its stored owner must be that customer.
    contract: Option<(String, String)>,
}

/// Reads, parses and checks one file on a thread of its own while this task writes
/// what it sends. The reader owns the import's state (ids seen, currencies) while
/// it runs and hands it back at the end; the writer owns the store and `problems`,
/// receiving problems in file order, so reports are the same as a single pass.
async fn load<E: Checked + 'static>(
    session: &mut ImportSession,
    file: &SourceFile,
    parse: fn(&mut Fields<'_>) -> Option<E>,
    options: &ImportOptions,
    progress: &dyn ImportProgress,
    problems: &mut Problems,
    state: &mut ImportState,
) -> Result<WriteCounts, ImportError> {
    let (sender, mut receiver) = tokio::sync::mpsc::channel(BATCHES_IN_FLIGHT);
    let reader = {
        let owned = file.clone();
        let ignore_unknown = options.ignore_unknown_columns;
        let rows_per_batch = options.rows_per_write.max(1);
        let state = std::mem::take(state);
        std::thread::Builder::new()
            .name(format!("read {}", file.name))
            .spawn(move || read_file(&owned, parse, ignore_unknown, rows_per_batch, state, sender))
            .map_err(|source| ImportError::Io {
                path: file.path.clone(),
                source,
            })?
    };
    let mut written = WriteCounts::default();
    let mut failure = None;
    while let Some(item) = receiver.recv().await {
        match item {
            Item::Problem(problem) => problems.push(problem),
            Item::Progress(bytes) => progress.advance(bytes),
            Item::Batch(rows, checks) => {
                match write_batch::<E>(session, file, rows, checks, problems).await {
                    Ok(counts) => written_add(&mut written, counts),
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                }
            }
        }
    }
    // Closing the channel stops a reader that is still sending.
    drop(receiver);
    let outcome = reader
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    if let Some(e) = failure {
        return Err(e);
    }
    *state = outcome?;
    Ok(written)
}

/// The reading side of [`load`]: every rule that needs no store, in file order.
fn read_file<E: Checked>(
    file: &SourceFile,
    parse: fn(&mut Fields<'_>) -> Option<E>,
    ignore_unknown_columns: bool,
    rows_per_batch: usize,
    mut state: ImportState,
    sender: tokio::sync::mpsc::Sender<Item>,
) -> Result<ImportState, ImportError> {
    let progress = ChannelProgress {
        sender: sender.clone(),
    };
    // Problems are forwarded as they are found; nothing is dropped here.
    let mut found = Problems::with_limit(usize::MAX);
    let forward = |found: &mut Problems| -> bool {
        found.total = 0;
        found
            .listed
            .drain(..)
            .all(|p| sender.blocking_send(Item::Problem(p)).is_ok())
    };
    let spec: &'static FileSpec = file.spec;
    let mut reader = RowReader::open(file, ignore_unknown_columns, &progress, &mut found)?;
    let mut rows = RowBatch::new::<E>(rows_per_batch);
    let mut checks: Vec<StoreCheck> = Vec::new();
    let key_column = spec.columns.first().map_or("", |c| c.name);
    let referenced = matches!(
        spec.stem,
        "customers" | "promotions" | "contracts" | "orders" | "tickets"
    );
    // This file's own ids with the line each was first read on: they find repeated
    // ids, and for a file other files reference they join `state.seen` at its end
    // (kept apart while it is read: no file references itself).
    let mut ids = state.seen.remove(spec.stem).unwrap_or_default();
    let mut key_buffer = String::new();
    let mut row = RawRow::default();
    let mut stopped = false;
    loop {
        let more = reader.next_row(&mut found, &mut row);
        if !found.is_empty() && !forward(&mut found) {
            stopped = true;
            break;
        }
        if !more {
            break;
        }
        let mut fields = Fields::new(&file.name, spec, &row, &mut found);
        let record = if row.malformed {
            None
        } else {
            parse(&mut fields)
        };
        match record {
            Some(record) => {
                if check_row(
                    file,
                    row.line,
                    &record,
                    &mut ids,
                    &mut key_buffer,
                    &mut state,
                    &mut found,
                    &mut checks,
                ) {
                    rows.push(&record)?;
                }
            }
            // Even a row that is not a record names its id, so that references to
            // it do not add a problem to the one already reported.
            None => {
                if referenced && let Some(id) = fields.raw(key_column) {
                    ids.insert_new(id, UNREAD);
                }
            }
        }
        if !found.is_empty() && !forward(&mut found) {
            stopped = true;
            break;
        }
        if rows.len() >= rows_per_batch {
            let batch = std::mem::replace(&mut rows, RowBatch::new::<E>(rows_per_batch));
            let batch_checks = std::mem::take(&mut checks);
            if sender
                .blocking_send(Item::Batch(batch, batch_checks))
                .is_err()
            {
                stopped = true;
                break;
            }
        }
    }
    if !stopped && !rows.is_empty() {
        // A closed channel means the writer stopped; it reports why.
        let _ = sender.blocking_send(Item::Batch(rows, checks));
    }
    if referenced {
        state.seen.insert(spec.stem, ids);
    }
    Ok(state)
}

/// The rules of one parsed record that this import alone decides: a unique id, the
/// currency, references to records of this import, and contract owners.
///
/// Returns whether the record is to be written; what only the store can tell is
/// added to `checks`.
#[allow(clippy::too_many_arguments)]
fn check_row<E: Checked>(
    file: &SourceFile,
    line: u64,
    record: &E,
    ids: &mut IdTable,
    key_buffer: &mut String,
    state: &mut ImportState,
    problems: &mut Problems,
    checks: &mut Vec<StoreCheck>,
) -> bool {
    let key = record.unique_key(key_buffer);
    // A row that failed earlier left its id as `UNREAD`: this record is the first.
    let held = ids.upsert(key, |before| (before == UNREAD).then_some(line), line);
    if let Some(first) = held.filter(|first| *first != UNREAD) {
        problems.push(Problem {
            file: file.name.clone(),
            line: Some(line),
            column: Some(E::KEY_COLUMN.to_string()),
            value: Some(key.replace('\u{1f}', ", ")),
            expected: format!("a unique id: line {first} has the same"),
        });
        return false;
    }
    if E::TABLE == "contracts"
        && let Some(customer) = record.references()[0].map(|r| r.3.to_string())
    {
        state.contract_owner.insert(key.to_string(), customer);
    }
    if let Some(currency) = record.currency() {
        let place = || format!("{}:{}", file.name, line);
        if let Some(expected) = state.currencies.check(currency, place) {
            problems.push(Problem {
                file: file.name.clone(),
                line: Some(line),
                column: Some("currency".into()),
                value: Some(currency.to_string()),
                expected,
            });
        }
    }
    let mut check = StoreCheck {
        line,
        references: Vec::new(),
        contract: None,
    };
    for (column, table, key, id) in record.references().into_iter().flatten() {
        if !state.seen.get_mut(table).is_some_and(|s| s.contains(id)) {
            check.references.push((column, table, key, id.to_string()));
        }
    }
    if let Some((contract, customer)) = record.contract_of_customer() {
        match state.contract_owner.get(contract) {
            None => check.contract = Some((contract.to_string(), customer.to_string())),
            Some(owner) if owner != customer => problems.push(Problem {
                file: file.name.clone(),
                line: Some(line),
                column: Some("contract_id".into()),
                value: Some(contract.to_string()),
                expected: format!(
                    "a contract of customer '{customer}'; this one belongs to '{owner}'"
                ),
            }),
            Some(_) => {}
        }
    }
    if !check.references.is_empty() || check.contract.is_some() {
        checks.push(check);
    }
    true
}

/// Progress of the reading thread, reported through the writer.
struct ChannelProgress {
    sender: tokio::sync::mpsc::Sender<Item>,
}

impl ImportProgress for ChannelProgress {
    fn start_file(&self, _: &str, _: u64) {}
    fn advance(&self, bytes: u64) {
        // A closed channel means the writer stopped; the next row send notices.
        let _ = self.sender.blocking_send(Item::Progress(bytes));
    }
    fn finish_file(&self) {}
}

fn written_add(total: &mut WriteCounts, more: WriteCounts) {
    total.new += more.new;
    total.changed += more.changed;
    total.unchanged += more.unchanged;
}

/// Checks what only the store can tell (references to and owners of stored records)
/// and writes the batch while the import is still clean.
async fn write_batch<E: Checked>(
    session: &mut ImportSession,
    file: &SourceFile,
    rows: RowBatch,
    checks: Vec<StoreCheck>,
    problems: &mut Problems,
) -> Result<WriteCounts, ImportError> {
    if !checks.is_empty() {
        check_stored(session, file, &checks, problems).await?;
    }
    if !problems.is_empty() {
        // The import will be rolled back; keep validating without writing.
        return Ok(WriteCounts::default());
    }
    Ok(session.upsert::<E>(&rows).await?)
}

/// References to stored records must name one, and a stored contract must belong
/// to the customer of the record naming it.
async fn check_stored(
    session: &mut ImportSession,
    file: &SourceFile,
    checks: &[StoreCheck],
    problems: &mut Problems,
) -> Result<(), ImportError> {
    let mut lookups: HashMap<(&'static str, &'static str), Vec<String>> = HashMap::new();
    let mut foreign: Vec<String> = Vec::new();
    for check in checks {
        for (_, table, key, id) in &check.references {
            lookups.entry((table, key)).or_default().push(id.clone());
        }
        if let Some((contract, _)) = &check.contract {
            foreign.push(contract.clone());
        }
    }
    let mut stored: HashMap<&'static str, HashSet<String>> = HashMap::new();
    for ((table, key), ids) in lookups {
        stored.insert(table, session.existing_ids(table, key, &ids).await?);
    }
    let stored_owner = if foreign.is_empty() {
        HashMap::new()
    } else {
        session.owners("contracts", "contract_id", &foreign).await?
    };
    for check in checks {
        for (column, table, _, id) in &check.references {
            if !stored.get(table).is_some_and(|s| s.contains(id)) {
                problems.push(Problem {
                    file: file.name.clone(),
                    line: Some(check.line),
                    column: Some(column.to_string()),
                    value: Some(id.clone()),
                    expected: format!("the id of a record in {table} (in this import or already stored); none has this id"),
                });
            }
        }
        if let Some((contract, customer)) = &check.contract
            && let Some(owner) = stored_owner.get(contract)
            && owner != customer
        {
            problems.push(Problem {
                file: file.name.clone(),
                line: Some(check.line),
                column: Some("contract_id".into()),
                value: Some(contract.clone()),
                expected: format!(
                    "a contract of customer '{customer}'; this one belongs to '{owner}'"
                ),
            });
        }
    }
    Ok(())
}
