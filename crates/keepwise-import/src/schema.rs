//! The columns of every file of the canonical format (FORMAT.md) and how a row
//! becomes a record. Cross-row rules (uniqueness, references, currencies) are in
//! [`crate::validate`].

use keepwise_core::records::*;

use crate::fields::{Fields, Sign};

/// A column of a file.
#[derive(Debug)]
pub struct ColumnSpec {
    pub name: &'static str,
    pub required: bool,
}

/// A file of the format.
#[derive(Debug)]
pub struct FileSpec {
    /// File name without extension, also the table's name.
    pub stem: &'static str,
    pub columns: &'static [ColumnSpec],
}

impl FileSpec {
    pub fn column_names(&self) -> String {
        self.columns
            .iter()
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

const fn req(name: &'static str) -> ColumnSpec {
    ColumnSpec {
        name,
        required: true,
    }
}
const fn opt(name: &'static str) -> ColumnSpec {
    ColumnSpec {
        name,
        required: false,
    }
}

/// Every file, in the order an import reads them (referenced files first).
pub static FILES: &[FileSpec] = &[
    FileSpec {
        stem: "rates",
        columns: &[req("currency"), req("rate")],
    },
    FileSpec {
        stem: "customers",
        columns: &[
            req("customer_id"),
            opt("name"),
            opt("email"),
            opt("language"),
            opt("segment"),
            opt("target_fit"),
            req("created_at"),
            opt("country"),
        ],
    },
    FileSpec {
        stem: "promotions",
        columns: &[
            req("promotion_id"),
            req("name"),
            req("starts_at"),
            req("ends_at"),
            opt("max_uses_per_customer"),
            opt("first_order_only"),
        ],
    },
    FileSpec {
        stem: "contracts",
        columns: &[
            req("contract_id"),
            req("customer_id"),
            req("start_date"),
            req("term_months"),
            req("monthly_fee"),
            req("currency"),
            opt("upfront_cost"),
            opt("notice_days"),
            opt("ended_at"),
        ],
    },
    FileSpec {
        stem: "orders",
        columns: &[
            req("order_id"),
            req("customer_id"),
            req("ordered_at"),
            req("amount"),
            req("currency"),
            opt("margin"),
            opt("contract_id"),
            opt("promotion_id"),
            req("status"),
        ],
    },
    FileSpec {
        stem: "tickets",
        columns: &[
            req("ticket_id"),
            req("customer_id"),
            req("opened_at"),
            opt("closed_at"),
            req("channel"),
            req("category"),
            req("escalation"),
            req("handling_minutes"),
            opt("reopened"),
            opt("agent_id"),
            opt("team"),
            opt("csat"),
            opt("root_cause"),
            opt("out_of_scope"),
            opt("unsupported"),
            opt("outcome"),
        ],
    },
    FileSpec {
        stem: "messages",
        columns: &[
            req("message_id"),
            req("ticket_id"),
            req("sent_at"),
            req("author"),
            opt("staff_id"),
            opt("language"),
            req("text"),
        ],
    },
    FileSpec {
        stem: "concessions",
        columns: &[
            req("concession_id"),
            req("customer_id"),
            req("granted_at"),
            req("kind"),
            req("amount"),
            req("currency"),
            opt("reason"),
            opt("ticket_id"),
            opt("order_id"),
            opt("promotion_id"),
            opt("approved_by"),
        ],
    },
    FileSpec {
        stem: "usage",
        columns: &[
            req("customer_id"),
            opt("contract_id"),
            req("date"),
            req("quantity"),
        ],
    },
    FileSpec {
        stem: "reviews",
        columns: &[
            req("review_id"),
            opt("customer_id"),
            req("source"),
            req("posted_at"),
            req("rating"),
            opt("text"),
            opt("url"),
            opt("responded_at"),
        ],
    },
    FileSpec {
        stem: "staff_reports",
        columns: &[
            req("report_id"),
            req("customer_id"),
            req("staff_id"),
            req("reported_at"),
            req("kind"),
            opt("note"),
        ],
    },
];

const U32_MAX: i64 = u32::MAX as i64;

fn finish<T>(f: &Fields<'_>, record: Option<T>) -> Option<T> {
    if f.ok { record } else { None }
}

pub fn rate(f: &mut Fields<'_>) -> Option<Rate> {
    let currency = f.currency("currency");
    let rate = f.positive_decimal("rate");
    let record = (|| {
        Some(Rate {
            currency: currency?,
            rate: rate?,
        })
    })();
    finish(f, record)
}

pub fn customer(f: &mut Fields<'_>) -> Option<Customer> {
    let customer_id = f.id("customer_id");
    let name = f.opt_text("name");
    let email = f.opt_text("email");
    let language = f.opt_language("language");
    let segment = f.opt_text("segment");
    let target_fit = f.opt_bool("target_fit");
    let created_at = f.timestamp("created_at");
    let country = f.opt_country("country");
    let record = (|| {
        Some(Customer {
            customer_id: customer_id?,
            name,
            email,
            language,
            segment,
            target_fit,
            created_at: created_at?,
            country,
        })
    })();
    finish(f, record)
}

pub fn promotion(f: &mut Fields<'_>) -> Option<Promotion> {
    let promotion_id = f.id("promotion_id");
    let name = f.text("name");
    let starts_at = f.timestamp("starts_at");
    let ends_at = f.timestamp("ends_at");
    let max_uses_per_customer = f
        .opt_int("max_uses_per_customer", 1, U32_MAX)
        .map(|n| n as u32);
    let first_order_only = f.opt_bool("first_order_only");
    if let (Some(s), Some(e)) = (starts_at, ends_at)
        && e < s
    {
        let raw = f.raw("ends_at");
        f.fail(
            "ends_at",
            raw,
            format!("a time not before starts_at ({})", s.to_rfc3339()),
        );
    }
    let record = (|| {
        Some(Promotion {
            promotion_id: promotion_id?,
            name: name?,
            starts_at: starts_at?,
            ends_at: ends_at?,
            max_uses_per_customer,
            first_order_only,
        })
    })();
    finish(f, record)
}

pub fn contract(f: &mut Fields<'_>) -> Option<Contract> {
    let contract_id = f.id("contract_id");
    let customer_id = f.id("customer_id");
    let start_date = f.date("start_date");
    let term_months = f.int("term_months", 1, 1200).map(|n| n as u32);
    let monthly_fee = f.money("monthly_fee", Sign::NonNegative);
    let currency = f.currency("currency");
    let upfront_cost = f.opt_money("upfront_cost", Sign::NonNegative);
    let notice_days = f.opt_int("notice_days", 0, 36_500).map(|n| n as u32);
    let ended_at = f.opt_date("ended_at");
    if let (Some(s), Some(e)) = (start_date, ended_at)
        && e < s
    {
        let raw = f.raw("ended_at");
        f.fail(
            "ended_at",
            raw,
            format!("a date not before start_date ({s})"),
        );
    }
    let record = (|| {
        Some(Contract {
            contract_id: contract_id?,
            customer_id: customer_id?,
            start_date: start_date?,
            term_months: term_months?,
            monthly_fee: monthly_fee?,
            currency: currency?,
            upfront_cost,
            notice_days,
            ended_at,
        })
    })();
    finish(f, record)
}

pub fn order(f: &mut Fields<'_>) -> Option<Order> {
    let order_id = f.id("order_id");
    let customer_id = f.id("customer_id");
    let ordered_at = f.timestamp("ordered_at");
    let amount = f.money("amount", Sign::Positive);
    let currency = f.currency("currency");
    let margin = f.opt_money("margin", Sign::Any);
    let contract_id = f.opt_id("contract_id");
    let promotion_id = f.opt_id("promotion_id");
    let status = f.choice::<OrderStatus>("status", OrderStatus::expected);
    let record = (|| {
        Some(Order {
            order_id: order_id?,
            customer_id: customer_id?,
            ordered_at: ordered_at?,
            amount: amount?,
            currency: currency?,
            margin,
            contract_id,
            promotion_id,
            status: status?,
        })
    })();
    finish(f, record)
}

pub fn ticket(f: &mut Fields<'_>) -> Option<Ticket> {
    let ticket_id = f.id("ticket_id");
    let customer_id = f.id("customer_id");
    let opened_at = f.timestamp("opened_at");
    let closed_at = f.opt_timestamp("closed_at");
    let channel = f.choice::<Channel>("channel", Channel::expected);
    let category = f.text("category");
    let escalation = f.choice::<EscalationLevel>("escalation", EscalationLevel::expected);
    let handling_minutes = f.non_negative_decimal("handling_minutes");
    let reopened = f.opt_int("reopened", 0, U32_MAX).map(|n| n as u32);
    let agent_id = f.opt_text("agent_id");
    let team = f.opt_text("team");
    let csat = f.opt_int("csat", 1, 5).map(|n| n as u8);
    let root_cause = f.opt_choice::<RootCause>("root_cause", RootCause::expected);
    let out_of_scope = f.opt_bool("out_of_scope");
    let unsupported = f.opt_bool("unsupported");
    let outcome = f.opt_choice::<TicketOutcome>("outcome", TicketOutcome::expected);
    if let (Some(o), Some(c)) = (opened_at, closed_at)
        && c < o
    {
        let raw = f.raw("closed_at");
        f.fail(
            "closed_at",
            raw,
            format!("a time not before opened_at ({})", o.to_rfc3339()),
        );
    }
    let record = (|| {
        Some(Ticket {
            ticket_id: ticket_id?,
            customer_id: customer_id?,
            opened_at: opened_at?,
            closed_at,
            channel: channel?,
            category: category?,
            escalation: escalation?,
            handling_minutes: handling_minutes?,
            reopened,
            agent_id,
            team,
            csat,
            root_cause,
            out_of_scope,
            unsupported,
            outcome,
        })
    })();
    finish(f, record)
}

pub fn message(f: &mut Fields<'_>) -> Option<Message> {
    let message_id = f.id("message_id");
    let ticket_id = f.id("ticket_id");
    let sent_at = f.timestamp("sent_at");
    let author = f.choice::<Author>("author", Author::expected);
    let staff_id = f.opt_text("staff_id");
    let language = f.opt_language("language");
    let text = f.text("text");
    let record = (|| {
        Some(Message {
            message_id: message_id?,
            ticket_id: ticket_id?,
            sent_at: sent_at?,
            author: author?,
            staff_id,
            language,
            text: text?,
        })
    })();
    finish(f, record)
}

pub fn concession(f: &mut Fields<'_>) -> Option<Concession> {
    let concession_id = f.id("concession_id");
    let customer_id = f.id("customer_id");
    let granted_at = f.timestamp("granted_at");
    let kind = f.choice::<ConcessionKind>("kind", ConcessionKind::expected);
    let amount = f.money("amount", Sign::Positive);
    let currency = f.currency("currency");
    let reason = f.opt_text("reason");
    let ticket_id = f.opt_id("ticket_id");
    let order_id = f.opt_id("order_id");
    let promotion_id = f.opt_id("promotion_id");
    let approved_by = f.opt_text("approved_by");
    let record = (|| {
        Some(Concession {
            concession_id: concession_id?,
            customer_id: customer_id?,
            granted_at: granted_at?,
            kind: kind?,
            amount: amount?,
            currency: currency?,
            reason,
            ticket_id,
            order_id,
            promotion_id,
            approved_by,
        })
    })();
    finish(f, record)
}

pub fn usage(f: &mut Fields<'_>) -> Option<Usage> {
    let customer_id = f.id("customer_id");
    let contract_id = f.opt_id("contract_id");
    let date = f.date("date");
    let quantity = f.non_negative_decimal("quantity");
    let record = (|| {
        Some(Usage {
            customer_id: customer_id?,
            contract_id,
            date: date?,
            quantity: quantity?,
        })
    })();
    finish(f, record)
}

pub fn review(f: &mut Fields<'_>) -> Option<Review> {
    let review_id = f.id("review_id");
    let customer_id = f.opt_id("customer_id");
    let source = f.text("source");
    let posted_at = f.timestamp("posted_at");
    let rating = f.int("rating", 1, 5).map(|n| n as u8);
    let text = f.opt_text("text");
    let url = f.opt_text("url");
    let responded_at = f.opt_timestamp("responded_at");
    let record = (|| {
        Some(Review {
            review_id: review_id?,
            customer_id,
            source: source?,
            posted_at: posted_at?,
            rating: rating?,
            text,
            url,
            responded_at,
        })
    })();
    finish(f, record)
}

pub fn staff_report(f: &mut Fields<'_>) -> Option<StaffReport> {
    let report_id = f.id("report_id");
    let customer_id = f.id("customer_id");
    let staff_id = f.text("staff_id");
    let reported_at = f.timestamp("reported_at");
    let kind = f.choice::<StaffReportKind>("kind", StaffReportKind::expected);
    let note = f.opt_text("note");
    let record = (|| {
        Some(StaffReport {
            report_id: report_id?,
            customer_id: customer_id?,
            staff_id: staff_id?,
            reported_at: reported_at?,
            kind: kind?,
            note,
        })
    })();
    finish(f, record)
}
