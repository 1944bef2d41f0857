//! Triage throughput: scores N synthetic customers (default 1,000,000) with
//! `score_all` (with the triage ordering) and prints the seconds and the peak memory.
//!
//! Run: `cargo run --release -p keepwise-core --example triage_throughput -- [CUSTOMERS] [SEED]`
//! (see bench/triage/README.md). The histories are simple and seeded: a few paid
//! orders, tickets with one customer message each, the odd concession, review, staff
//! report and contract with usage. Only scoring and ordering are timed (the data is already
//! loaded, as after reading the store).

use std::time::Instant;

use chrono::{DateTime, Duration, TimeZone, Utc};
use keepwise_core::assessment::{AssessContext, CustomerInput, score_all, triage_scores};
use keepwise_core::config::Settings;
use keepwise_core::records::*;
use keepwise_core::signals::{AbuseLevel, AbuseSpan, MessageAbuse};
use rust_decimal::Decimal;

/// SplitMix64: a small, well-known seeded generator (enough for synthetic data).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn day(start: DateTime<Utc>, n: u64) -> DateTime<Utc> {
    start + Duration::days(n as i64)
}

fn history(i: usize, rng: &mut Rng, start: DateTime<Utc>) -> (CustomerHistory, Vec<MessageAbuse>) {
    let id = format!("c{i}");
    let segments = ["retail", "smb", "enterprise", "public"];
    let mut h = CustomerHistory {
        customer: Some(Customer {
            customer_id: id.clone(),
            name: None,
            email: None,
            language: Some("en".into()),
            segment: Some(segments[rng.below(4) as usize].into()),
            target_fit: Some(!rng.chance(5)),
            created_at: day(start, rng.below(300)),
            country: None,
        }),
        ..Default::default()
    };
    let created = rng.below(300);
    for k in 0..(1 + rng.below(7)) {
        h.orders.push(Order {
            order_id: format!("{id}o{k}"),
            customer_id: id.clone(),
            ordered_at: day(start, created + rng.below(700 - created)),
            amount: Decimal::new(2_000 + rng.below(20_000) as i64, 2),
            currency: "EUR".into(),
            margin: None,
            contract_id: None,
            promotion_id: None,
            status: if rng.chance(5) {
                OrderStatus::Returned
            } else {
                OrderStatus::Paid
            },
        });
    }
    let mut findings = Vec::new();
    let escalations = [
        EscalationLevel::Agent,
        EscalationLevel::Agent,
        EscalationLevel::Lead,
        EscalationLevel::Manager,
    ];
    let causes = [
        Some(RootCause::Company),
        Some(RootCause::Customer),
        Some(RootCause::ThirdParty),
        None,
    ];
    for k in 0..rng.below(4) {
        let ticket_id = format!("{id}t{k}");
        let opened = day(start, created + rng.below(700 - created));
        h.tickets.push(Ticket {
            ticket_id: ticket_id.clone(),
            customer_id: id.clone(),
            opened_at: opened,
            closed_at: Some(opened + Duration::hours(6)),
            channel: Channel::Email,
            category: ["delivery", "billing", "product"][rng.below(3) as usize].into(),
            escalation: escalations[rng.below(4) as usize],
            handling_minutes: Decimal::from(5 + rng.below(60)),
            reopened: Some(u32::from(rng.chance(10))),
            agent_id: Some(format!("a{}", rng.below(50))),
            team: None,
            csat: Some(1 + rng.below(5) as u8),
            root_cause: causes[rng.below(4) as usize],
            out_of_scope: Some(rng.chance(10)),
            unsupported: Some(rng.chance(3)),
            outcome: Some(if rng.chance(20) {
                TicketOutcome::Declined
            } else {
                TicketOutcome::Resolved
            }),
        });
        let message_id = format!("{id}m{k}");
        let abusive = rng.chance(2);
        h.messages.push(Message {
            message_id: message_id.clone(),
            ticket_id,
            sent_at: opened,
            author: Author::Customer,
            staff_id: None,
            language: Some("en".into()),
            text: if abusive {
                "you are useless idiots".into()
            } else {
                "Hello, my parcel has not arrived yet.".into()
            },
        });
        if abusive {
            findings.push(MessageAbuse {
                message_id,
                level: AbuseLevel::Abuse,
                spans: vec![AbuseSpan {
                    start: 8,
                    end: 22,
                    text: "useless idiots".into(),
                    category: "insult".into(),
                }],
            });
        }
    }
    if rng.chance(15) {
        for k in 0..(1 + rng.below(4)) {
            h.concessions.push(Concession {
                concession_id: format!("{id}k{k}"),
                customer_id: id.clone(),
                granted_at: day(start, created + rng.below(700 - created)),
                kind: [
                    ConcessionKind::Refund,
                    ConcessionKind::Credit,
                    ConcessionKind::Goodwill,
                ][rng.below(3) as usize],
                amount: Decimal::from(5 + rng.below(60)),
                currency: "EUR".into(),
                reason: None,
                ticket_id: None,
                order_id: None,
                promotion_id: None,
                approved_by: None,
            });
        }
    }
    if rng.chance(5) {
        h.reviews.push(Review {
            review_id: format!("{id}v"),
            customer_id: Some(id.clone()),
            source: "google".into(),
            posted_at: day(start, 400 + rng.below(300)),
            rating: 1 + rng.below(5) as u8,
            text: None,
            url: None,
            responded_at: None,
        });
    }
    if rng.chance(1) {
        h.staff_reports.push(StaffReport {
            report_id: format!("{id}r"),
            customer_id: id.clone(),
            staff_id: "s1".into(),
            reported_at: day(start, 400 + rng.below(300)),
            kind: [StaffReportKind::Stress, StaffReportKind::Abuse][rng.below(2) as usize],
            note: None,
        });
    }
    if rng.chance(10) {
        let contract_id = format!("{id}x");
        let begin = day(start, 200 + rng.below(300)).date_naive();
        h.contracts.push(Contract {
            contract_id: contract_id.clone(),
            customer_id: id.clone(),
            start_date: begin,
            term_months: 24,
            monthly_fee: Decimal::from(30),
            currency: "EUR".into(),
            upfront_cost: Some(Decimal::from(200)),
            notice_days: Some(30),
            ended_at: None,
        });
        let every = 1 + rng.below(20);
        let mut d = begin;
        while d < day(start, 700).date_naive() {
            h.usage.push(Usage {
                customer_id: id.clone(),
                contract_id: Some(contract_id.clone()),
                date: d,
                quantity: Decimal::from(1 + rng.below(5)),
            });
            d += Duration::days(every as i64);
        }
    }
    (h, findings)
}

/// Peak resident memory of this process (VmHWM), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// CPU time used by this process so far (user + system), in seconds, from
/// /proc/self/stat (clock ticks of 1/100 s, the Linux default).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let customers: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(7);
    let start = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    let as_of = day(start, 700);

    let built = Instant::now();
    let mut rng = Rng(seed);
    let data: Vec<(CustomerHistory, Vec<MessageAbuse>)> = (0..customers)
        .map(|i| history(i, &mut rng, start))
        .collect();
    let records: usize = data
        .iter()
        .map(|(h, _)| {
            h.orders.len()
                + h.tickets.len()
                + h.messages.len()
                + h.concessions.len()
                + h.usage.len()
        })
        .sum();
    let build_seconds = built.elapsed().as_secs_f64();
    let rss_loaded = peak_rss_mib().unwrap_or(f64::NAN);

    let settings = Settings::default();
    let ctx = AssessContext::new(&[], as_of, &settings, None);
    let inputs: Vec<CustomerInput> = data
        .iter()
        .map(|(h, f)| CustomerInput {
            history: h,
            value: None,
            abuse: Some(f),
            declined_offer_cases: &[],
        })
        .collect();
    let cpu_before = cpu_seconds().unwrap_or(f64::NAN);
    let scored = Instant::now();
    let result = score_all(&inputs, &ctx);
    let queue = triage_scores(&result.scores, &[], Some(50));
    let score_seconds = scored.elapsed().as_secs_f64();
    let score_cpu = cpu_seconds().unwrap_or(f64::NAN) - cpu_before;
    let rss_peak = peak_rss_mib().unwrap_or(f64::NAN);

    let mut counts = std::collections::BTreeMap::new();
    for s in &result.scores {
        *counts.entry(s.action.as_str()).or_insert(0u32) += 1;
    }
    println!("customers            {customers}");
    println!("records              {records} (orders, tickets, messages, concessions, usage days)");
    println!("threads              {}", rayon::current_num_threads());
    println!("build data (s)       {build_seconds:.2}");
    println!("score + order (s)    {score_seconds:.2} wall, {score_cpu:.2} CPU (both threads)");
    println!(
        "customers per second {:.0}",
        customers as f64 / score_seconds
    );
    println!("peak RSS after load  {rss_loaded:.0} MiB");
    println!("peak RSS (VmHWM)     {rss_peak:.0} MiB");
    println!("actions              {counts:?}");
    if let Some(&top) = queue.first() {
        let s = &result.scores[top];
        println!(
            "top of the queue     c{top}: {} with {:.0} at stake",
            s.action, s.money_at_stake
        );
    }
}
