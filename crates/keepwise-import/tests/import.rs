//! Import tests on a real SQLite file: every validation rule with bad input (and
//! nothing stored), idempotent re-import, all-or-nothing across files, references
//! to stored records, JSON Lines, and a large generated data set.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{TimeZone, Utc};
use keepwise_import::{ImportError, ImportOptions, NoProgress, import_dir};
use keepwise_store::{CustomerStore, Store};

fn clock() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap()
}

async fn open(dir: &Path) -> Store {
    Store::open(&dir.join("k.db")).await.unwrap()
}

async fn import(store: &Store, dir: &Path) -> Result<keepwise_import::ImportReport, ImportError> {
    import_dir(store, dir, &ImportOptions::default(), &NoProgress, &clock).await
}

fn write(dir: &Path, files: &[(&str, &str)]) {
    std::fs::create_dir_all(dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

const CUSTOMERS: &str = "customer_id,name,language,segment,target_fit,created_at,country\n\
C1,Jana Nováková,cs,retail,true,2025-01-05,CZ\n\
C2,Tomasz Nowak,pl,smb,,2025-02-01T09:30:00+01:00,PL\n";
const ORDERS: &str = "order_id,customer_id,ordered_at,amount,currency,margin,status\n\
O1,C1,2025-03-01T10:00:00Z,120.50,EUR,30.1250,paid\n\
O2,C2,2025-03-02,80,EUR,,returned\n";
const TICKETS: &str = "ticket_id,customer_id,opened_at,closed_at,channel,category,escalation,handling_minutes,reopened,csat,root_cause,out_of_scope,outcome\n\
T1,C1,2025-03-03T08:00:00Z,2025-03-03T09:00:00Z,email,delivery,agent,25.5,0,4,company,false,resolved\n";
const MESSAGES: &str = "message_id,ticket_id,sent_at,author,text\n\
M1,T1,2025-03-03T08:00:00Z,customer,\"Balík nedorazil, prosím o pomoc.\"\n";

fn valid_set(dir: &Path) {
    write(
        dir,
        &[
            ("customers.csv", CUSTOMERS),
            ("orders.csv", ORDERS),
            ("tickets.csv", TICKETS),
            ("messages.csv", MESSAGES),
        ],
    );
}

fn problems_of(result: Result<keepwise_import::ImportReport, ImportError>) -> String {
    match result {
        Err(ImportError::Invalid { problems, .. }) => problems.to_string(),
        Err(other) => panic!("expected validation problems, got {other}"),
        Ok(_) => panic!("expected validation problems, the import succeeded"),
    }
}

async fn counts(store: &Store) -> BTreeMap<String, u64> {
    store.entity_counts().await.unwrap()
}

#[tokio::test]
async fn a_valid_set_imports_and_reimporting_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    valid_set(&data);
    let store = open(tmp.path()).await;
    let first = import(&store, &data).await.unwrap();
    let new: u64 = first.batch.files.iter().map(|f| f.counts.new).sum();
    assert_eq!(new, 6);
    let again = import(&store, &data).await.unwrap();
    for file in &again.batch.files {
        assert_eq!((file.counts.new, file.counts.changed), (0, 0), "{file:?}");
        assert!(file.counts.unchanged > 0);
    }
    let history = store.customer_history("C1").await.unwrap();
    assert_eq!(history.orders[0].amount.to_string(), "120.5");
    assert_eq!(history.orders[0].margin.unwrap().to_string(), "30.125");
    assert_eq!(history.tickets[0].handling_minutes.to_string(), "25.5");
    assert_eq!(history.messages.len(), 1);
    assert_eq!(
        store.reporting_currency().await.unwrap().as_deref(),
        Some("EUR")
    );
}

#[tokio::test]
async fn a_changed_record_is_updated_and_counted_as_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    valid_set(&data);
    let store = open(tmp.path()).await;
    import(&store, &data).await.unwrap();
    write(
        &data,
        &[("orders.csv", &ORDERS.replace("120.50", "125.00"))],
    );
    let report = import(&store, &data).await.unwrap();
    let orders = report
        .batch
        .files
        .iter()
        .find(|f| f.table == "orders")
        .unwrap();
    assert_eq!(
        (
            orders.counts.new,
            orders.counts.changed,
            orders.counts.unchanged
        ),
        (0, 1, 1)
    );
    let history = store.customer_history("C1").await.unwrap();
    assert_eq!(history.orders[0].amount.to_string(), "125");
}

/// Each case: the file to replace, its content, and a fragment the report must contain.
fn bad_inputs() -> Vec<(&'static str, String, &'static str)> {
    vec![
        (
            "customers.csv",
            CUSTOMERS.replace("2025-01-05", "2025-13-05"),
            "customers.csv:2: column 'created_at': value '2025-13-05' — expected a timestamp",
        ),
        (
            "customers.csv",
            CUSTOMERS.replace(",cs,", ",c_z,"),
            "column 'language': value 'c_z' — expected a BCP 47 language tag",
        ),
        (
            "customers.csv",
            CUSTOMERS.replace(",CZ\n", ",XX\n"),
            "column 'country': value 'XX' — expected an ISO 3166-1 alpha-2",
        ),
        (
            "customers.csv",
            CUSTOMERS.replace("true", "yes"),
            "column 'target_fit': value 'yes' — expected true or false",
        ),
        (
            "customers.csv",
            format!("{CUSTOMERS}C1,Dup,cs,retail,true,2025-01-05,CZ\n"),
            "customers.csv:4: column 'customer_id': value 'C1' — expected a unique id: line 2 has the same",
        ),
        (
            "customers.csv",
            CUSTOMERS.replace("customer_id,name", "customer_id,nickname"),
            "customers.csv:1: column 'nickname': one of the columns of customers",
        ),
        (
            "customers.csv",
            CUSTOMERS.replace(",created_at,", ",created,"),
            "column 'created_at': required column 'created_at' is missing",
        ),
        (
            "customers.csv",
            CUSTOMERS.replace("2025-01-05,CZ", "2025-01-05,CZ,extra"),
            "customers.csv:2: 7 fields like the header, found 8",
        ),
        (
            "orders.csv",
            ORDERS.replace("120.50", "\"120,50\""),
            "orders.csv:2: column 'amount': value '120,50' — expected an amount with '.'",
        ),
        (
            "orders.csv",
            ORDERS.replace("120.50", "120.12345"),
            "column 'amount': value '120.12345' — expected an amount",
        ),
        (
            "orders.csv",
            ORDERS.replace("120.50", "-5"),
            "column 'amount': value '-5' — expected an amount",
        ),
        (
            "orders.csv",
            ORDERS.replace("120.50", "1000000000001"),
            "column 'amount': value '1000000000001'",
        ),
        (
            "orders.csv",
            ORDERS.replace("paid", "settled"),
            "column 'status': value 'settled' — expected one of paid|cancelled|returned",
        ),
        (
            "orders.csv",
            ORDERS.replace("O2,C2", "O2,C9"),
            "orders.csv:3: column 'customer_id': value 'C9' — expected the id of a record in customers",
        ),
        (
            "orders.csv",
            ORDERS.replace("80,EUR", "80,USD"),
            "orders.csv:3: column 'currency': value 'USD' — expected EUR, the data set's currency",
        ),
        (
            "orders.csv",
            ORDERS.replace("EUR,30", "eur,30"),
            "column 'currency': value 'eur' — expected an ISO 4217 currency code",
        ),
        (
            "orders.csv",
            ORDERS.replace(",2025-03-02,", ",,"),
            "orders.csv:3: column 'ordered_at': a value (the column is required)",
        ),
        (
            "tickets.csv",
            TICKETS.replace(",email,", ",fax,"),
            "column 'channel': value 'fax' — expected one of email|phone|chat|social|in_person|other",
        ),
        (
            "tickets.csv",
            TICKETS.replace(",agent,", ",ceo,"),
            "column 'escalation': value 'ceo'",
        ),
        (
            "tickets.csv",
            TICKETS.replace(",25.5,", ",-3,"),
            "column 'handling_minutes': value '-3' — expected a decimal number ≥ 0",
        ),
        (
            "tickets.csv",
            TICKETS.replace(",4,company", ",6,company"),
            "column 'csat': value '6' — expected a whole number from 1 to 5",
        ),
        (
            "tickets.csv",
            TICKETS.replace(",company,", ",vendor,"),
            "column 'root_cause': value 'vendor'",
        ),
        (
            "tickets.csv",
            TICKETS.replace(",0,4,", ",-1,4,"),
            "column 'reopened': value '-1' — expected a whole number ≥ 0",
        ),
        (
            "tickets.csv",
            TICKETS.replace("2025-03-03T09:00:00Z", "2025-03-02T09:00:00Z"),
            "column 'closed_at': value '2025-03-02T09:00:00Z' — expected a time not before opened_at",
        ),
        (
            "messages.csv",
            MESSAGES.replace(",T1,", ",T7,"),
            "messages.csv:2: column 'ticket_id': value 'T7' — expected the id of a record in tickets",
        ),
        (
            "messages.csv",
            MESSAGES.replace(",customer,", ",bot,"),
            "column 'author': value 'bot' — expected one of customer|staff",
        ),
    ]
}

#[tokio::test]
async fn every_rule_reports_its_place_and_nothing_is_stored() {
    for (file, content, expected) in bad_inputs() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        valid_set(&data);
        let store = open(tmp.path()).await;
        // Something already stored must survive a rejected import untouched.
        let earlier = tmp.path().join("earlier");
        write(
            &earlier,
            &[("customers.csv", "customer_id,created_at\nOLD1,2024-01-01\n")],
        );
        import(&store, &earlier).await.unwrap();
        let before = counts(&store).await;
        write(&data, &[(file, &content)]);
        let report = problems_of(import(&store, &data).await);
        assert!(
            report.contains(expected),
            "case {expected:?}\nreport:\n{report}"
        );
        assert!(report.contains("nothing was imported"), "{report}");
        let elsewhere = report
            .lines()
            .filter(|l| l.contains(".csv:") && !l.starts_with(file))
            .count();
        assert_eq!(
            elsewhere, 0,
            "problems cascaded into other files:\n{report}"
        );
        assert_eq!(
            counts(&store).await,
            before,
            "case {expected:?} stored something"
        );
        assert_eq!(
            store
                .customer_history("OLD1")
                .await
                .unwrap()
                .customer
                .unwrap()
                .customer_id,
            "OLD1"
        );
    }
}

#[tokio::test]
async fn all_problems_are_reported_and_the_listing_is_capped() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut orders = String::from("order_id,customer_id,ordered_at,amount,currency,status\n");
    for i in 0..150 {
        orders.push_str(&format!("O{i},C1,2025-03-01,abc,EUR,paid\n"));
    }
    write(
        &data,
        &[("customers.csv", CUSTOMERS), ("orders.csv", &orders)],
    );
    let store = open(tmp.path()).await;
    let report = problems_of(import(&store, &data).await);
    assert_eq!(
        report
            .lines()
            .filter(|l| l.starts_with("orders.csv:"))
            .count(),
        100
    );
    assert!(report.contains("… and 50 more problems"), "{report}");
    assert!(report.contains("150 problems found"), "{report}");
}

#[tokio::test]
async fn an_error_in_one_file_stores_nothing_of_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    valid_set(&data);
    write(
        &data,
        &[("messages.csv", &MESSAGES.replace(",customer,", ",robot,"))],
    );
    let store = open(tmp.path()).await;
    problems_of(import(&store, &data).await);
    assert!(counts(&store).await.values().all(|n| *n == 0));
}

#[tokio::test]
async fn references_may_point_to_records_stored_by_an_earlier_import() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(tmp.path()).await;
    let first = tmp.path().join("first");
    write(&first, &[("customers.csv", CUSTOMERS)]);
    import(&store, &first).await.unwrap();
    let second = tmp.path().join("second");
    write(&second, &[("orders.csv", ORDERS)]);
    let report = import(&store, &second).await.unwrap();
    assert_eq!(report.batch.rows_total, 2);
    let third = tmp.path().join("third");
    write(
        &third,
        &[(
            "orders.csv",
            "order_id,customer_id,ordered_at,amount,currency,status\nO9,NOPE,2025-01-01,1,EUR,paid\n",
        )],
    );
    let report = problems_of(import(&store, &third).await);
    assert!(
        report.contains("value 'NOPE' — expected the id of a record in customers"),
        "{report}"
    );
    // A later import must keep to the stored currency.
    let fourth = tmp.path().join("fourth");
    write(
        &fourth,
        &[(
            "orders.csv",
            "order_id,customer_id,ordered_at,amount,currency,status\nO10,C1,2025-01-01,1,CZK,paid\n",
        )],
    );
    let report = problems_of(import(&store, &fourth).await);
    assert!(
        report.contains("expected EUR, the data set's currency (from data already stored)"),
        "{report}"
    );
}

#[tokio::test]
async fn rates_allow_several_currencies_with_one_reporting_currency() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    valid_set(&data);
    write(
        &data,
        &[
            ("rates.csv", "currency,rate\nEUR,1\nCZK,0.04\n"),
            ("orders.csv", &ORDERS.replace("80,EUR", "2000,CZK")),
        ],
    );
    let store = open(tmp.path()).await;
    import(&store, &data).await.unwrap();
    assert_eq!(
        store.reporting_currency().await.unwrap().as_deref(),
        Some("EUR")
    );
    let bad = tmp.path().join("bad");
    valid_set(&bad);
    write(&bad, &[("rates.csv", "currency,rate\nEUR,1\nCZK,1\n")]);
    let report = problems_of(import(&open(&tmp.path().join("other")).await, &bad).await);
    assert!(
        report.contains("exactly one currency with rate 1"),
        "{report}"
    );
}

#[tokio::test]
async fn a_contract_must_belong_to_the_customer_who_is_billed() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    valid_set(&data);
    write(
        &data,
        &[
            (
                "contracts.csv",
                "contract_id,customer_id,start_date,term_months,monthly_fee,currency\nK1,C1,2025-01-01,12,20,EUR\n",
            ),
            (
                "orders.csv",
                "order_id,customer_id,ordered_at,amount,currency,contract_id,status\nO1,C2,2025-02-01,20,EUR,K1,paid\n",
            ),
        ],
    );
    let store = open(tmp.path()).await;
    let report = problems_of(import(&store, &data).await);
    assert!(report.contains("column 'contract_id': value 'K1' — expected a contract of customer 'C2'; this one belongs to 'C1'"), "{report}");
}

#[tokio::test]
async fn unknown_columns_can_be_ignored_on_request_and_unknown_files_are_warned_about() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    write(
        &data,
        &[
            (
                "customers.csv",
                &CUSTOMERS.replace("customer_id,name", "customer_id,nickname"),
            ),
            ("notes.txt", "hello"),
        ],
    );
    let store = open(tmp.path()).await;
    let options = ImportOptions {
        ignore_unknown_columns: true,
        ..ImportOptions::default()
    };
    let report = import_dir(&store, &data, &options, &NoProgress, &clock)
        .await
        .unwrap();
    assert!(
        report.warnings.iter().any(|w| w.starts_with("notes.txt")),
        "{:?}",
        report.warnings
    );
    assert_eq!(counts(&store).await["customers"], 2);
}

#[tokio::test]
async fn json_lines_are_read_like_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    write(
        &data,
        &[
            (
                "customers.jsonl",
                "{\"customer_id\":\"C1\",\"created_at\":\"2025-01-05\",\"target_fit\":true}\n{\"customer_id\":\"C2\",\"created_at\":\"2025-01-06\",\"segment\":null}\n",
            ),
            (
                "orders.jsonl",
                "{\"order_id\":\"O1\",\"customer_id\":\"C1\",\"ordered_at\":\"2025-03-01\",\"amount\":19.99,\"currency\":\"EUR\",\"status\":\"paid\"}\n{\"order_id\":\"O2\",\"customer_id\":\"C2\",\"ordered_at\":\"2025-03-01\",\"amount\":\"x\",\"currency\":\"EUR\",\"status\":\"paid\",\"colour\":\"red\"}\n",
            ),
        ],
    );
    let store = open(tmp.path()).await;
    let report = problems_of(import(&store, &data).await);
    assert!(
        report.contains("orders.jsonl:2: column 'amount': value 'x'"),
        "{report}"
    );
    assert!(
        report.contains("orders.jsonl:2: column 'colour': one of the fields of orders"),
        "{report}"
    );
    write(
        &data,
        &[(
            "orders.jsonl",
            "{\"order_id\":\"O1\",\"customer_id\":\"C1\",\"ordered_at\":\"2025-03-01\",\"amount\":19.99,\"currency\":\"EUR\",\"status\":\"paid\"}\n",
        )],
    );
    import(&store, &data).await.unwrap();
    assert_eq!(
        store.customer_history("C1").await.unwrap().orders[0]
            .amount
            .to_string(),
        "19.99"
    );
}

#[tokio::test]
async fn a_folder_without_data_files_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("empty");
    std::fs::create_dir_all(&data).unwrap();
    let store = open(tmp.path()).await;
    let error = import(&store, &data).await.unwrap_err().to_string();
    assert!(
        error.contains("holds no file of the canonical format"),
        "{error}"
    );
}

#[tokio::test]
async fn a_generated_data_set_imports_cleanly_and_idempotently() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("sample");
    let options = keepwise_sample::GenerateOptions {
        customers: 3000,
        seed: 7,
        ..Default::default()
    };
    let summary = keepwise_sample::generate(&options, &data).unwrap();
    let store = open(tmp.path()).await;
    let report = match import(&store, &data).await {
        Ok(r) => r,
        Err(e) => panic!("generated data must import cleanly:\n{e}"),
    };
    let stored = counts(&store).await;
    for file in &summary.files {
        let stem = file.file.trim_end_matches(".csv");
        if let Some(n) = stored.get(stem) {
            assert_eq!(*n, file.rows, "{stem}");
        }
    }
    assert!(
        report.batch.rows_total > 10_000,
        "a large file set: {}",
        report.batch.rows_total
    );
    let again = import(&store, &data).await.unwrap();
    assert!(
        again
            .batch
            .files
            .iter()
            .all(|f| f.counts.new == 0 && f.counts.changed == 0)
    );
    assert_eq!(
        store.integrity_check().await.unwrap(),
        vec!["ok".to_string()]
    );
}
