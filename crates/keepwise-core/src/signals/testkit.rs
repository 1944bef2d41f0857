//! Hand-made customers for the tests of signals, guards and the policy: a builder for
//! one customer's history and a base of ordinary peers to measure norms against.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;

use crate::assessment::{AssessContext, Assessment, CustomerInput, ValueFigures, assess_all};
use crate::config::Settings;
use crate::records::*;
use crate::signals::{AbuseLevel, AbuseSpan, MessageAbuse, Signal, SignalName};

/// Day `n` of the test calendar (day 0 is 2025-01-01 12:00 UTC).
pub fn at(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 1, 12, 0, 0).unwrap() + Duration::days(n)
}

/// The date of day `n`.
pub fn date(n: i64) -> NaiveDate {
    at(n).date_naive()
}

/// The `as_of` of every test: day 400 (the window is days 35–400).
pub fn as_of() -> DateTime<Utc> {
    at(400)
}

/// A customer under construction.
#[derive(Debug, Clone)]
pub struct Cust {
    pub history: CustomerHistory,
    pub value: Option<ValueFigures>,
    pub abuse: Option<Vec<MessageAbuse>>,
    pub declined_offers: Vec<String>,
    next: u32,
}

impl Cust {
    pub fn new(id: &str, segment: &str) -> Cust {
        Cust {
            history: CustomerHistory {
                customer: Some(Customer {
                    customer_id: id.into(),
                    name: Some(format!("Customer {id}")),
                    email: None,
                    language: Some("en".into()),
                    segment: Some(segment.into()),
                    target_fit: None,
                    created_at: at(0),
                    country: None,
                }),
                ..Default::default()
            },
            value: None,
            abuse: None,
            declined_offers: Vec::new(),
            next: 0,
        }
    }

    fn id(&self) -> String {
        self.history.customer.as_ref().unwrap().customer_id.clone()
    }

    fn next_id(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{}-{}{}", self.id(), prefix, self.next)
    }

    /// A paid order of `amount` on day `day`, default margin rate.
    pub fn order(mut self, day: i64, amount: i64) -> Cust {
        let order_id = self.next_id("o");
        self.history.orders.push(Order {
            order_id,
            customer_id: self.id(),
            ordered_at: at(day),
            amount: Decimal::from(amount),
            currency: "EUR".into(),
            margin: None,
            contract_id: None,
            promotion_id: None,
            status: OrderStatus::Paid,
        });
        self
    }

    /// Changes the last order.
    pub fn with_order(mut self, change: impl FnOnce(&mut Order)) -> Cust {
        change(self.history.orders.last_mut().unwrap());
        self
    }

    /// A ticket on day `day`: agent level, 15 minutes, category "general", then `change`.
    pub fn ticket(mut self, day: i64, change: impl FnOnce(&mut Ticket)) -> Cust {
        let ticket_id = self.next_id("t");
        let mut t = Ticket {
            ticket_id,
            customer_id: self.id(),
            opened_at: at(day),
            closed_at: Some(at(day) + Duration::hours(4)),
            channel: Channel::Email,
            category: "general".into(),
            escalation: EscalationLevel::Agent,
            handling_minutes: Decimal::from(15),
            reopened: None,
            agent_id: Some("agent-1".into()),
            team: None,
            csat: None,
            root_cause: None,
            out_of_scope: None,
            unsupported: None,
            outcome: Some(TicketOutcome::Resolved),
        };
        change(&mut t);
        self.history.tickets.push(t);
        self
    }

    /// The id of the last ticket.
    pub fn last_ticket(&self) -> String {
        self.history.tickets.last().unwrap().ticket_id.clone()
    }

    /// A concession on day `day`, optionally tied to a ticket.
    pub fn concession(
        mut self,
        day: i64,
        kind: ConcessionKind,
        amount: i64,
        ticket: Option<String>,
    ) -> Cust {
        let concession_id = self.next_id("k");
        self.history.concessions.push(Concession {
            concession_id,
            customer_id: self.id(),
            granted_at: at(day),
            kind,
            amount: Decimal::from(amount),
            currency: "EUR".into(),
            reason: None,
            ticket_id: ticket,
            order_id: None,
            promotion_id: None,
            approved_by: None,
        });
        self
    }

    /// A customer message on the last ticket; `level` is the abuse detector's finding.
    pub fn message(mut self, day: i64, text: &str, level: AbuseLevel) -> Cust {
        let message_id = self.next_id("m");
        let ticket_id = self.last_ticket();
        self.history.messages.push(Message {
            message_id: message_id.clone(),
            ticket_id,
            sent_at: at(day),
            author: Author::Customer,
            staff_id: None,
            language: Some("en".into()),
            text: text.into(),
        });
        let findings = self.abuse.get_or_insert_with(Vec::new);
        findings.push(MessageAbuse {
            message_id,
            level,
            spans: if level == AbuseLevel::None {
                Vec::new()
            } else {
                vec![AbuseSpan {
                    start: 0,
                    end: text.len(),
                    text: text.into(),
                    category: "insult".into(),
                }]
            },
        });
        self
    }

    /// A staff report on day `day`.
    pub fn report(mut self, day: i64, kind: StaffReportKind, note: &str) -> Cust {
        let report_id = self.next_id("r");
        self.history.staff_reports.push(StaffReport {
            report_id,
            customer_id: self.id(),
            staff_id: "courier-7".into(),
            reported_at: at(day),
            kind,
            note: Some(note.into()),
        });
        self
    }

    /// A public review on day `day`, answered on `responded` if given.
    pub fn review(mut self, day: i64, rating: u8, responded: Option<i64>) -> Cust {
        let review_id = self.next_id("v");
        self.history.reviews.push(Review {
            review_id,
            customer_id: Some(self.id()),
            source: "google".into(),
            posted_at: at(day),
            rating,
            text: Some("Terrible service".into()),
            url: None,
            responded_at: responded.map(at),
        });
        self
    }

    /// A term contract starting on day `start` with monthly invoices as orders.
    pub fn contract(mut self, start: i64, term_months: u32, fee: i64) -> Cust {
        let contract_id = self.next_id("c");
        self.history.contracts.push(Contract {
            contract_id: contract_id.clone(),
            customer_id: self.id(),
            start_date: date(start),
            term_months,
            monthly_fee: Decimal::from(fee),
            currency: "EUR".into(),
            upfront_cost: Some(Decimal::from(300)),
            notice_days: Some(30),
            ended_at: None,
        });
        let mut day = start;
        while day <= 400 {
            self = self
                .order(day, fee)
                .with_order(|o| o.contract_id = Some(contract_id.clone()));
            day += 30;
        }
        self
    }

    /// Usage of `quantity` units every `every` days from `from` to `to`.
    pub fn usage(mut self, from: i64, to: i64, every: i64, quantity: i64) -> Cust {
        let contract_id = self.history.contracts.last().map(|c| c.contract_id.clone());
        let mut day = from;
        while day <= to {
            self.history.usage.push(Usage {
                customer_id: self.id(),
                contract_id: contract_id.clone(),
                date: date(day),
                quantity: Decimal::from(quantity),
            });
            day += every;
        }
        self
    }

    /// Value model figures with this net long-term value.
    pub fn nltv(mut self, value: f64) -> Cust {
        self.value = Some(ValueFigures {
            net_long_term_value: Some(value),
            model: Some("test".into()),
            ..Default::default()
        });
        self
    }

    /// Marks the customer outside the target audience.
    pub fn off_target(mut self) -> Cust {
        self.history.customer.as_mut().unwrap().target_fit = Some(false);
        self
    }

    /// Messages are screened (no findings) even when none was added.
    pub fn screened(mut self) -> Cust {
        self.abuse.get_or_insert_with(Vec::new);
        self
    }
}

/// An ordinary customer of the "retail" segment, varied by `i`: a few orders, a
/// ticket or two, now and then a small refund or an out-of-scope question.
pub fn ordinary(i: i64) -> Cust {
    let mut c = Cust::new(&format!("peer{i:03}"), "retail").screened();
    for k in 0..(4 + i % 5) {
        c = c.order(40 + k * 60 + i % 7, 80 + (i * 13) % 70);
    }
    for k in 0..(i % 3) {
        c = c.ticket(60 + k * 90 + i % 11, |t| {
            t.handling_minutes = Decimal::from(10 + (i * 7) % 25);
            t.category = ["delivery", "billing", "product"][(k as usize) % 3].into();
            t.root_cause = [
                Some(RootCause::Customer),
                Some(RootCause::ThirdParty),
                None,
                Some(RootCause::Company),
            ][(i % 4) as usize];
            t.agent_id = Some(format!("agent-{}", i % 5));
            t.out_of_scope = Some(i % 9 == 0 && k == 0);
        });
    }
    if i % 6 == 0 {
        c = c.concession(150 + i % 30, ConcessionKind::Refund, 8 + i % 10, None);
    }
    if i % 4 == 0 {
        c = c
            .contract(100 + i % 20, 24, 20)
            .usage(110 + i % 20, 400, 2 + i % 3, 1 + i % 4);
    }
    c
}

/// The ordinary peers of the tests.
pub fn peers() -> Vec<Cust> {
    (0..40).map(ordinary).collect()
}

/// Assesses `targets` among the ordinary peers and returns their assessments.
pub fn assess_among_peers(targets: Vec<Cust>, settings: &Settings) -> Vec<Assessment> {
    let n = targets.len();
    let mut all = targets;
    all.extend(peers());
    let inputs: Vec<CustomerInput> = all
        .iter()
        .map(|c| CustomerInput {
            history: &c.history,
            value: c.value.as_ref(),
            abuse: c.abuse.as_deref(),
            declined_offer_cases: &c.declined_offers,
        })
        .collect();
    let ctx = AssessContext::new(&[], as_of(), settings, None);
    let mut result = assess_all(&inputs, &ctx).assessments;
    result.truncate(n);
    result
}

/// Assesses one target among the ordinary peers with default settings.
pub fn assess_one(target: Cust) -> Assessment {
    assess_among_peers(vec![target], &Settings::default()).remove(0)
}

/// The named signal of an assessment, if raised.
pub fn signal(a: &Assessment, name: SignalName) -> Option<&Signal> {
    a.signals.iter().find(|s| s.name == name)
}

/// Four orders of 100 between days 50 and 350: an ordinary amount of business.
pub fn buys(c: Cust) -> Cust {
    c.order(50, 100)
        .order(150, 100)
        .order(250, 100)
        .order(350, 100)
}
