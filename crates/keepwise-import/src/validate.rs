//! The rules that span rows and files: unique ids, references (to this import or
//! to stored records), contracts belonging to the right customer, and currencies.

use std::collections::{HashMap, HashSet};

use keepwise_core::records::*;
use keepwise_store::{Entity, ImportSession, TableCounts, WriteCounts};
use rust_decimal::Decimal;

use crate::fields::Fields;
use crate::problems::{Problem, Problems};
use crate::schema::{self, FileSpec};
use crate::source::{ImportProgress, RowReader, SourceFile};
use crate::{ImportError, ImportOptions};

/// A reference from a record to another record: (column, referenced table, key column, id).
type Reference<'r> = (&'static str, &'static str, &'static str, &'r str);

/// What the cross-row rules need to know about a record.
trait Checked: Entity {
    /// Key column(s) shown when an id repeats.
    const KEY_COLUMN: &'static str;
    fn unique_key(&self) -> String;
    fn references(&self) -> Vec<Reference<'_>>;
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
    fn unique_key(&self) -> String {
        self.currency.clone()
    }
    fn references(&self) -> Vec<Reference<'_>> {
        Vec::new()
    }
}
impl Checked for Customer {
    const KEY_COLUMN: &'static str = "customer_id";
    fn unique_key(&self) -> String {
        self.customer_id.clone()
    }
    fn references(&self) -> Vec<Reference<'_>> {
        Vec::new()
    }
}
impl Checked for Promotion {
    const KEY_COLUMN: &'static str = "promotion_id";
    fn unique_key(&self) -> String {
        self.promotion_id.clone()
    }
    fn references(&self) -> Vec<Reference<'_>> {
        Vec::new()
    }
}
impl Checked for Contract {
    const KEY_COLUMN: &'static str = "contract_id";
    fn unique_key(&self) -> String {
        self.contract_id.clone()
    }
    fn references(&self) -> Vec<Reference<'_>> {
        vec![reference("customer_id", CUSTOMER, &self.customer_id)]
    }
    fn currency(&self) -> Option<&str> {
        Some(&self.currency)
    }
}
impl Checked for Order {
    const KEY_COLUMN: &'static str = "order_id";
    fn unique_key(&self) -> String {
        self.order_id.clone()
    }
    fn references(&self) -> Vec<Reference<'_>> {
        let mut refs = vec![reference("customer_id", CUSTOMER, &self.customer_id)];
        if let Some(id) = &self.contract_id {
            refs.push(reference("contract_id", CONTRACT, id));
        }
        if let Some(id) = &self.promotion_id {
            refs.push(reference("promotion_id", PROMOTION, id));
        }
        refs
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
    fn unique_key(&self) -> String {
        self.ticket_id.clone()
    }
    fn references(&self) -> Vec<Reference<'_>> {
        vec![reference("customer_id", CUSTOMER, &self.customer_id)]
    }
}
impl Checked for Message {
    const KEY_COLUMN: &'static str = "message_id";
    fn unique_key(&self) -> String {
        self.message_id.clone()
    }
    fn references(&self) -> Vec<Reference<'_>> {
        vec![reference("ticket_id", TICKET, &self.ticket_id)]
    }
}
impl Checked for Concession {
    const KEY_COLUMN: &'static str = "concession_id";
    fn unique_key(&self) -> String {
        self.concession_id.clone()
    }
    fn references(&self) -> Vec<Reference<'_>> {
        let mut refs = vec![reference("customer_id", CUSTOMER, &self.customer_id)];
        if let Some(id) = &self.ticket_id {
            refs.push(reference("ticket_id", TICKET, id));
        }
        if let Some(id) = &self.order_id {
            refs.push(reference("order_id", ORDER, id));
        }
        if let Some(id) = &self.promotion_id {
            refs.push(reference("promotion_id", PROMOTION, id));
        }
        refs
    }
    fn currency(&self) -> Option<&str> {
        Some(&self.currency)
    }
}
impl Checked for Usage {
    const KEY_COLUMN: &'static str = "customer_id, contract_id, date";
    fn unique_key(&self) -> String {
        format!(
            "{}\u{1f}{}\u{1f}{}",
            self.customer_id,
            self.contract_id.as_deref().unwrap_or(""),
            self.date
        )
    }
    fn references(&self) -> Vec<Reference<'_>> {
        let mut refs = vec![reference("customer_id", CUSTOMER, &self.customer_id)];
        if let Some(id) = &self.contract_id {
            refs.push(reference("contract_id", CONTRACT, id));
        }
        refs
    }
    fn contract_of_customer(&self) -> Option<(&str, &str)> {
        self.contract_id
            .as_deref()
            .map(|c| (c, self.customer_id.as_str()))
    }
}
impl Checked for Review {
    const KEY_COLUMN: &'static str = "review_id";
    fn unique_key(&self) -> String {
        self.review_id.clone()
    }
    fn references(&self) -> Vec<Reference<'_>> {
        self.customer_id
            .iter()
            .map(|id| reference("customer_id", CUSTOMER, id))
            .collect()
    }
}
impl Checked for StaffReport {
    const KEY_COLUMN: &'static str = "report_id";
    fn unique_key(&self) -> String {
        self.report_id.clone()
    }
    fn references(&self) -> Vec<Reference<'_>> {
        vec![reference("customer_id", CUSTOMER, &self.customer_id)]
    }
}

/// State shared across the files of one import.
struct ImportState {
    /// Ids seen in this import per referenced table (even on rows with other problems,
    /// so one bad field does not cascade into reference errors elsewhere).
    seen: HashMap<&'static str, HashSet<String>>,
    /// Contract → customer for contracts of this import.
    contract_owner: HashMap<String, String>,
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
    fn check(&mut self, currency: &str, place: &str) -> Option<String> {
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
                self.reporting = Some((currency.to_string(), place.to_string()));
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
    let mut state = ImportState {
        seen: HashMap::new(),
        contract_owner: HashMap::new(),
        currencies: CurrencyRule::default(),
    };
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

async fn load<E: Checked>(
    session: &mut ImportSession,
    file: &SourceFile,
    parse: fn(&mut Fields<'_>) -> Option<E>,
    options: &ImportOptions,
    progress: &dyn ImportProgress,
    problems: &mut Problems,
    state: &mut ImportState,
) -> Result<WriteCounts, ImportError> {
    let spec: &'static FileSpec = file.spec;
    let mut reader = RowReader::open(file, options.ignore_unknown_columns, progress, problems)?;
    let mut first_line: HashMap<String, u64> = HashMap::new();
    let mut pending: Vec<(u64, E)> = Vec::with_capacity(options.rows_per_write);
    let mut written = WriteCounts::default();
    let key_column = spec.columns.first().map_or("", |c| c.name);
    let referenced = matches!(
        spec.stem,
        "customers" | "promotions" | "contracts" | "orders" | "tickets"
    );
    while let Some(row) = reader.next_row(problems) {
        let mut fields = Fields::new(&file.name, spec, &row, problems);
        if referenced && let Some(id) = fields.raw(key_column) {
            state
                .seen
                .entry(spec.stem)
                .or_default()
                .insert(id.to_string());
        }
        if row.malformed {
            continue;
        }
        let record = parse(&mut fields);
        let Some(record) = record else { continue };
        let key = record.unique_key();
        if let Some(first) = first_line.get(&key) {
            let shown = key.replace('\u{1f}', ", ");
            problems.push(Problem {
                file: file.name.clone(),
                line: Some(row.line),
                column: Some(E::KEY_COLUMN.to_string()),
                value: Some(shown),
                expected: format!("a unique id: line {first} has the same"),
            });
            continue;
        }
        first_line.insert(key, row.line);
        if let Some(currency) = record.currency() {
            let place = format!("{}:{}", file.name, row.line);
            if let Some(expected) = state.currencies.check(currency, &place) {
                problems.push(Problem {
                    file: file.name.clone(),
                    line: Some(row.line),
                    column: Some("currency".into()),
                    value: Some(currency.to_string()),
                    expected,
                });
            }
        }
        if E::TABLE == "contracts"
            && let Some(customer) = record.references().first().map(|r| r.3.to_string())
        {
            state.contract_owner.insert(record.unique_key(), customer);
        }
        pending.push((row.line, record));
        if pending.len() >= options.rows_per_write {
            written_add(
                &mut written,
                flush(session, file, &mut pending, problems, state).await?,
            );
        }
    }
    written_add(
        &mut written,
        flush(session, file, &mut pending, problems, state).await?,
    );
    Ok(written)
}

fn written_add(total: &mut WriteCounts, more: WriteCounts) {
    total.new += more.new;
    total.changed += more.changed;
    total.unchanged += more.unchanged;
}

/// Checks the references of buffered records and writes them when the import is still clean.
async fn flush<E: Checked>(
    session: &mut ImportSession,
    file: &SourceFile,
    pending: &mut Vec<(u64, E)>,
    problems: &mut Problems,
    state: &ImportState,
) -> Result<WriteCounts, ImportError> {
    if pending.is_empty() {
        return Ok(WriteCounts::default());
    }
    // References not satisfied by this import are looked up among stored records.
    let mut lookups: HashMap<(&'static str, &'static str), Vec<String>> = HashMap::new();
    for (_, record) in pending.iter() {
        for (_, table, key, id) in record.references() {
            if !state.seen.get(table).is_some_and(|s| s.contains(id)) {
                lookups
                    .entry((table, key))
                    .or_default()
                    .push(id.to_string());
            }
        }
    }
    let mut stored: HashMap<&'static str, HashSet<String>> = HashMap::new();
    for ((table, key), ids) in lookups {
        stored.insert(table, session.existing_ids(table, key, &ids).await?);
    }
    // Contracts named by orders and usage must belong to the same customer.
    let mut stored_owner: HashMap<String, String> = HashMap::new();
    let foreign: Vec<String> = pending
        .iter()
        .filter_map(|(_, r)| r.contract_of_customer())
        .filter(|(c, _)| !state.contract_owner.contains_key(*c))
        .map(|(c, _)| c.to_string())
        .collect();
    if !foreign.is_empty() {
        stored_owner = session.owners("contracts", "contract_id", &foreign).await?;
    }
    let mut valid = Vec::with_capacity(pending.len());
    for (line, record) in pending.drain(..) {
        let mut ok = true;
        for (column, table, _, id) in record.references() {
            let known = state.seen.get(table).is_some_and(|s| s.contains(id))
                || stored.get(table).is_some_and(|s| s.contains(id));
            if !known {
                ok = false;
                problems.push(Problem {
                    file: file.name.clone(),
                    line: Some(line),
                    column: Some(column.to_string()),
                    value: Some(id.to_string()),
                    expected: format!("the id of a record in {table} (in this import or already stored); none has this id"),
                });
            }
        }
        if let Some((contract, customer)) = record.contract_of_customer() {
            let owner = state
                .contract_owner
                .get(contract)
                .or_else(|| stored_owner.get(contract));
            if let Some(owner) = owner
                && owner != customer
            {
                ok = false;
                problems.push(Problem {
                    file: file.name.clone(),
                    line: Some(line),
                    column: Some("contract_id".into()),
                    value: Some(contract.to_string()),
                    expected: format!(
                        "a contract of customer '{customer}'; this one belongs to '{owner}'"
                    ),
                });
            }
        }
        if ok {
            valid.push(record);
        }
    }
    if !problems.is_empty() {
        // The import will be rolled back; keep validating without writing.
        return Ok(WriteCounts::default());
    }
    Ok(session.upsert(&valid).await?)
}
