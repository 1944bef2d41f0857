//! Tests of the whole generator: determinism, validity against FORMAT.md, and
//! that the labels follow DESIGN.md's rules and cannot be read off one column.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use keepwise_core::records::{
    Action, Author, Channel, ConcessionKind, EscalationLevel, OrderStatus, RootCause,
    StaffReportKind, TicketOutcome,
};

use super::*;

/// A file read back: header and rows as maps from column to value.
struct Table {
    rows: Vec<HashMap<String, String>>,
}

fn read(dir: &Path, file: &str) -> Table {
    let mut reader = csv::Reader::from_path(dir.join(file)).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            header
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_string))
                .collect()
        })
        .collect();
    Table { rows }
}

fn generated(customers: u64, seed: u64) -> (tempfile::TempDir, GenerateSummary) {
    let dir = tempfile::tempdir().unwrap();
    let summary = generate(
        &GenerateOptions {
            customers,
            seed,
            ..GenerateOptions::default()
        },
        dir.path(),
    )
    .unwrap();
    (dir, summary)
}

fn file_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    DataFile::ALL
        .iter()
        .map(|f| {
            (
                f.file_name().to_string(),
                std::fs::read(dir.join(f.file_name())).unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_same_seed_gives_byte_identical_files_and_another_seed_differs() {
    let (first, _) = generated(300, 7);
    let (again, _) = generated(300, 7);
    let (other, _) = generated(300, 8);
    assert_eq!(file_bytes(first.path()), file_bytes(again.path()));
    let differing = file_bytes(first.path())
        .iter()
        .zip(file_bytes(other.path()))
        .filter(|((name, a), (_, b))| name != "promotions.csv" && a != b)
        .count();
    assert_eq!(
        differing,
        DataFile::ALL.len() - 1,
        "every customer file should differ between seeds"
    );
}

#[test]
fn a_customer_does_not_depend_on_how_many_follow() {
    let (small, _) = generated(50, 3);
    let (large, _) = generated(120, 3);
    let customers = |dir: &Path| std::fs::read_to_string(dir.join("customers.csv")).unwrap();
    let small_customers = customers(small.path());
    assert!(customers(large.path()).starts_with(&small_customers));
}

#[test]
fn zero_customers_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let error = generate(
        &GenerateOptions {
            customers: 0,
            ..GenerateOptions::default()
        },
        dir.path(),
    )
    .unwrap_err();
    assert!(error.to_string().contains("at least 1"));
}

fn parse_time(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .with_timezone(&Utc)
}

fn check_money(text: &str, positive: bool) {
    let (whole, decimals) = text
        .trim_start_matches('-')
        .split_once('.')
        .unwrap_or((text, ""));
    assert!(
        decimals.len() <= 4 && whole.chars().all(|c| c.is_ascii_digit()) && !whole.is_empty(),
        "money {text}"
    );
    let value: f64 = text.parse().unwrap();
    assert!(value.abs() <= 1e12, "money {text}");
    if positive {
        assert!(value > 0.0, "money {text} must be > 0");
    }
}

fn unique_ids(table: &Table, column: &str) -> HashSet<String> {
    let ids: HashSet<String> = table.rows.iter().map(|r| r[column].clone()).collect();
    assert_eq!(ids.len(), table.rows.len(), "{column} must be unique");
    assert!(
        ids.iter().all(|id| !id.is_empty()),
        "{column} must not be empty"
    );
    ids
}

fn optional_bool(text: &str) {
    assert!(["", "true", "false"].contains(&text), "boolean {text}");
}

#[test]
fn the_data_set_is_valid_canonical_format() {
    let (dir, summary) = generated(2000, DEFAULT_SEED);
    let dir = dir.path();
    let as_of = sample_as_of();

    let customers = read(dir, "customers.csv");
    let customer_ids = unique_ids(&customers, "customer_id");
    assert_eq!(customer_ids.len(), 2000);
    for row in &customers.rows {
        assert!(parse_time(&row["created_at"]) < as_of);
        optional_bool(&row["target_fit"]);
        assert!(row["country"].len() == 2);
    }

    let promotions = read(dir, "promotions.csv");
    let promotion_ids = unique_ids(&promotions, "promotion_id");
    for row in &promotions.rows {
        assert!(parse_time(&row["starts_at"]) < parse_time(&row["ends_at"]));
        optional_bool(&row["first_order_only"]);
    }

    let orders = read(dir, "orders.csv");
    let order_ids = unique_ids(&orders, "order_id");
    let contracts = read(dir, "contracts.csv");
    let contract_ids = unique_ids(&contracts, "contract_id");
    for row in &orders.rows {
        assert!(customer_ids.contains(&row["customer_id"]));
        assert!(parse_time(&row["ordered_at"]) < as_of);
        check_money(&row["amount"], true);
        if !row["margin"].is_empty() {
            check_money(&row["margin"], false);
        }
        assert_eq!(row["currency"], "EUR");
        assert!(row["contract_id"].is_empty() || contract_ids.contains(&row["contract_id"]));
        assert!(row["promotion_id"].is_empty() || promotion_ids.contains(&row["promotion_id"]));
        assert!(
            row["status"].parse::<OrderStatus>().is_ok(),
            "status {}",
            row["status"]
        );
    }
    for row in &contracts.rows {
        assert!(customer_ids.contains(&row["customer_id"]));
        NaiveDate::parse_from_str(&row["start_date"], "%Y-%m-%d").unwrap();
        assert!(row["term_months"].parse::<u32>().unwrap() > 0);
        check_money(&row["monthly_fee"], false);
        if !row["upfront_cost"].is_empty() {
            check_money(&row["upfront_cost"], false);
        }
        if !row["ended_at"].is_empty() {
            NaiveDate::parse_from_str(&row["ended_at"], "%Y-%m-%d").unwrap();
        }
    }

    let tickets = read(dir, "tickets.csv");
    let ticket_ids = unique_ids(&tickets, "ticket_id");
    for row in &tickets.rows {
        assert!(customer_ids.contains(&row["customer_id"]));
        let opened = parse_time(&row["opened_at"]);
        assert!(opened < as_of);
        if row["closed_at"].is_empty() {
            assert_eq!(row["outcome"], "open");
        } else {
            let closed = parse_time(&row["closed_at"]);
            assert!(opened <= closed && closed < as_of);
        }
        assert!(row["channel"].parse::<Channel>().is_ok());
        assert!(!row["category"].is_empty());
        assert!(row["escalation"].parse::<EscalationLevel>().is_ok());
        assert!(row["handling_minutes"].parse::<f64>().unwrap() >= 0.0);
        assert!(row["reopened"].is_empty() || row["reopened"].parse::<u32>().is_ok());
        assert!(row["csat"].is_empty() || (1..=5).contains(&row["csat"].parse::<u8>().unwrap()));
        assert!(row["root_cause"].is_empty() || row["root_cause"].parse::<RootCause>().is_ok());
        optional_bool(&row["out_of_scope"]);
        optional_bool(&row["unsupported"]);
        assert!(row["outcome"].is_empty() || row["outcome"].parse::<TicketOutcome>().is_ok());
    }

    let messages = read(dir, "messages.csv");
    unique_ids(&messages, "message_id");
    for row in &messages.rows {
        assert!(ticket_ids.contains(&row["ticket_id"]));
        assert!(parse_time(&row["sent_at"]) < as_of);
        assert!(row["author"].parse::<Author>().is_ok());
        assert!(!row["text"].trim().is_empty());
        assert_eq!(row["author"] == "staff", !row["staff_id"].is_empty());
    }

    let concessions = read(dir, "concessions.csv");
    unique_ids(&concessions, "concession_id");
    for row in &concessions.rows {
        assert!(customer_ids.contains(&row["customer_id"]));
        assert!(parse_time(&row["granted_at"]) < as_of);
        assert!(row["kind"].parse::<ConcessionKind>().is_ok());
        check_money(&row["amount"], true);
        assert_eq!(row["currency"], "EUR");
        assert!(row["ticket_id"].is_empty() || ticket_ids.contains(&row["ticket_id"]));
        assert!(row["order_id"].is_empty() || order_ids.contains(&row["order_id"]));
        assert!(row["promotion_id"].is_empty() || promotion_ids.contains(&row["promotion_id"]));
    }

    let usage = read(dir, "usage.csv");
    let mut usage_keys = HashSet::new();
    for row in &usage.rows {
        assert!(customer_ids.contains(&row["customer_id"]));
        assert!(contract_ids.contains(&row["contract_id"]));
        let day = NaiveDate::parse_from_str(&row["date"], "%Y-%m-%d").unwrap();
        assert!(day < as_of.date_naive());
        assert!(row["quantity"].parse::<f64>().unwrap() >= 0.0);
        assert!(
            usage_keys.insert((row["contract_id"].clone(), row["date"].clone())),
            "one usage row a day"
        );
    }

    let reviews = read(dir, "reviews.csv");
    unique_ids(&reviews, "review_id");
    for row in &reviews.rows {
        assert!(row["customer_id"].is_empty() || customer_ids.contains(&row["customer_id"]));
        assert!(!row["source"].is_empty());
        let posted = parse_time(&row["posted_at"]);
        assert!(posted < as_of);
        assert!((1..=5).contains(&row["rating"].parse::<u8>().unwrap()));
        assert!(row["responded_at"].is_empty() || parse_time(&row["responded_at"]) >= posted);
    }

    let reports = read(dir, "staff_reports.csv");
    unique_ids(&reports, "report_id");
    for row in &reports.rows {
        assert!(customer_ids.contains(&row["customer_id"]));
        assert!(!row["staff_id"].is_empty());
        assert!(parse_time(&row["reported_at"]) < as_of);
        assert!(row["kind"].parse::<StaffReportKind>().is_ok());
    }

    let labels = read(dir, "labels.csv");
    assert_eq!(unique_ids(&labels, "customer_id"), customer_ids);
    for row in &labels.rows {
        assert!(row["action"].parse::<Action>().is_ok());
    }

    // The summary counts what is in the files.
    let rows: BTreeMap<&str, u64> = summary.files.iter().map(|f| (f.file, f.rows)).collect();
    assert_eq!(rows["customers.csv"], 2000);
    assert_eq!(rows["messages.csv"], messages.rows.len() as u64);
    assert_eq!(summary.labels.iter().map(|(_, n)| n).sum::<u64>(), 2000);
}

#[test]
fn every_action_and_every_language_is_present() {
    let (dir, summary) = generated(2000, 11);
    for (action, count) in &summary.labels {
        assert!(*count >= 20, "{action}: only {count} customers");
    }
    let customers = read(dir.path(), "customers.csv");
    let languages: BTreeSet<&str> = customers
        .rows
        .iter()
        .map(|r| r["language"].as_str())
        .collect();
    for book in LANGUAGES {
        assert!(
            languages.contains(book.code),
            "no customer writes {}",
            book.code
        );
    }
    let messages = read(dir.path(), "messages.csv");
    let message_languages: BTreeSet<&str> = messages
        .rows
        .iter()
        .map(|r| r["language"].as_str())
        .collect();
    for book in LANGUAGES {
        assert!(
            message_languages.contains(book.code),
            "no message in {}",
            book.code
        );
    }
}

#[test]
fn no_single_column_gives_the_label_away() {
    let (dir, _) = generated(2000, 5);
    let labels: HashMap<String, String> = read(dir.path(), "labels.csv")
        .rows
        .into_iter()
        .map(|r| (r["customer_id"].clone(), r["action"].clone()))
        .collect();
    let customers = read(dir.path(), "customers.csv");
    for column in ["language", "segment", "target_fit", "country"] {
        let mut actions: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for row in &customers.rows {
            actions
                .entry(&row[column])
                .or_default()
                .insert(&labels[&row["customer_id"]]);
            *counts.entry(&row[column]).or_default() += 1;
        }
        for (value, seen) in actions {
            if counts[value] >= 40 {
                assert!(seen.len() >= 4, "{column}={value} only with {seen:?}");
            }
        }
    }
    // Ticket-level flags appear with several actions too.
    let tickets = read(dir.path(), "tickets.csv");
    for (column, value) in [
        ("out_of_scope", "true"),
        ("unsupported", "true"),
        ("escalation", "executive"),
        ("outcome", "declined"),
    ] {
        let seen: BTreeSet<&str> = tickets
            .rows
            .iter()
            .filter(|r| r[column] == value)
            .map(|r| labels[&r["customer_id"]].as_str())
            .collect();
        assert!(seen.len() >= 3, "{column}={value} only with {seen:?}");
    }
    let concessions = read(dir.path(), "concessions.csv");
    let seen: BTreeSet<&str> = concessions
        .rows
        .iter()
        .map(|r| labels[&r["customer_id"]].as_str())
        .collect();
    assert!(seen.len() >= 5, "concessions only with {seen:?}");
}

#[test]
fn labels_follow_the_guards_of_the_design() {
    let (dir, _) = generated(2000, 9);
    let labels: HashMap<String, Action> = read(dir.path(), "labels.csv")
        .rows
        .into_iter()
        .map(|r| (r["customer_id"].clone(), r["action"].parse().unwrap()))
        .collect();
    // Per customer: company and other known root causes, declined out-of-scope demands.
    let mut causes: HashMap<String, (u32, u32, u32)> = HashMap::new();
    for row in read(dir.path(), "tickets.csv").rows {
        let entry = causes.entry(row["customer_id"].clone()).or_default();
        match row["root_cause"].as_str() {
            "company" => entry.0 += 1,
            "customer" | "third_party" => entry.1 += 1,
            _ => {}
        }
        if row["out_of_scope"] == "true" && row["outcome"] == "declined" {
            entry.2 += 1;
        }
    }
    for (customer, action) in &labels {
        let (company, other, declined) = causes.get(customer).copied().unwrap_or_default();
        let company_fault = company > other;
        if company_fault {
            assert!(
                matches!(action, Action::Recover | Action::RefuseService),
                "{customer}: company fault but {action}"
            );
        }
        if *action == Action::PartWays {
            assert!(
                !company_fault && company == 0,
                "{customer}: part_ways with company fault"
            );
            assert!(declined >= 2, "{customer}: part_ways without tried limits");
        }
    }
    // Abuse, threats and harassment reported by staff always lead to refusal.
    for row in read(dir.path(), "staff_reports.csv").rows {
        if ["abuse", "threat", "harassment"].contains(&row["kind"].as_str()) {
            assert_eq!(labels[&row["customer_id"]], Action::RefuseService);
        }
    }
}
