//! The business's records, one type per file of the canonical format (FORMAT.md).
//!
//! These are validated values: the importer builds them from CSV/JSONL rows and the
//! store reads them back. Optional columns are `Option`; unknown booleans are `None`.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Declares a closed set of values written in snake_case in files and in storage.
macro_rules! closed_set {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as written in files and storage.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The accepted values, for error messages (`a|b|c`).
            pub fn expected() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join("|")
            }
        }

        impl std::str::FromStr for $name {
            type Err = ();
            fn from_str(text: &str) -> Result<Self, ()> {
                match text { $($text => Ok($name::$variant),)+ _ => Err(()) }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

closed_set!(
    /// Order status; only `paid` counts as a purchase.
    OrderStatus { Paid => "paid", Cancelled => "cancelled", Returned => "returned" }
);
closed_set!(
    /// What a concession gave away.
    ConcessionKind {
        Refund => "refund", Discount => "discount", Credit => "credit",
        FreeService => "free_service", Bonus => "bonus", Goodwill => "goodwill",
        Chargeback => "chargeback",
    }
);
closed_set!(
    /// Channel a ticket came in through.
    Channel {
        Email => "email", Phone => "phone", Chat => "chat", Social => "social",
        InPerson => "in_person", Other => "other",
    }
);
closed_set!(
    /// Highest level of staff that handled a ticket; each has its own hourly cost.
    EscalationLevel { Agent => "agent", Lead => "lead", Manager => "manager", Executive => "executive" }
);
closed_set!(
    /// Who caused the issue behind a ticket.
    RootCause { Company => "company", Customer => "customer", ThirdParty => "third_party", Unknown => "unknown" }
);
closed_set!(
    /// How a ticket ended.
    TicketOutcome { Resolved => "resolved", Unresolved => "unresolved", Declined => "declined", Open => "open" }
);
closed_set!(
    /// Who wrote a message.
    Author { Customer => "customer", Staff => "staff" }
);
closed_set!(
    /// What a staff member reported about a customer.
    StaffReportKind { Abuse => "abuse", Threat => "threat", Harassment => "harassment", Stress => "stress", Other => "other" }
);
closed_set!(
    /// The action keepwise recommends (DESIGN.md, "The recommendation").
    Action {
        Keep => "keep", Watch => "watch", Recover => "recover", SetBoundaries => "set_boundaries",
        OfferExit => "offer_exit", PartWays => "part_ways", RefuseService => "refuse_service",
    }
);

/// `customers.csv`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub customer_id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub language: Option<String>,
    pub segment: Option<String>,
    pub target_fit: Option<bool>,
    pub created_at: DateTime<Utc>,
    pub country: Option<String>,
}

/// `orders.csv`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    pub order_id: String,
    pub customer_id: String,
    pub ordered_at: DateTime<Utc>,
    pub amount: Decimal,
    pub currency: String,
    pub margin: Option<Decimal>,
    pub contract_id: Option<String>,
    pub promotion_id: Option<String>,
    pub status: OrderStatus,
}

/// `concessions.csv`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Concession {
    pub concession_id: String,
    pub customer_id: String,
    pub granted_at: DateTime<Utc>,
    pub kind: ConcessionKind,
    pub amount: Decimal,
    pub currency: String,
    pub reason: Option<String>,
    pub ticket_id: Option<String>,
    pub order_id: Option<String>,
    pub promotion_id: Option<String>,
    pub approved_by: Option<String>,
}

/// `tickets.csv`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    pub ticket_id: String,
    pub customer_id: String,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub channel: Channel,
    pub category: String,
    pub escalation: EscalationLevel,
    pub handling_minutes: Decimal,
    pub reopened: Option<u32>,
    pub agent_id: Option<String>,
    pub team: Option<String>,
    pub csat: Option<u8>,
    pub root_cause: Option<RootCause>,
    pub out_of_scope: Option<bool>,
    pub unsupported: Option<bool>,
    pub outcome: Option<TicketOutcome>,
}

/// `messages.csv`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub message_id: String,
    pub ticket_id: String,
    pub sent_at: DateTime<Utc>,
    pub author: Author,
    pub staff_id: Option<String>,
    pub language: Option<String>,
    pub text: String,
}

/// `contracts.csv`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contract {
    pub contract_id: String,
    pub customer_id: String,
    pub start_date: NaiveDate,
    pub term_months: u32,
    pub monthly_fee: Decimal,
    pub currency: String,
    pub upfront_cost: Option<Decimal>,
    pub notice_days: Option<u32>,
    pub ended_at: Option<NaiveDate>,
}

/// `usage.csv`: one day's use. Keyed by (customer, contract, date).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Usage {
    pub customer_id: String,
    pub contract_id: Option<String>,
    pub date: NaiveDate,
    pub quantity: Decimal,
}

/// `reviews.csv`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub review_id: String,
    pub customer_id: Option<String>,
    pub source: String,
    pub posted_at: DateTime<Utc>,
    pub rating: u8,
    pub text: Option<String>,
    pub url: Option<String>,
    pub responded_at: Option<DateTime<Utc>>,
}

/// `staff_reports.csv`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffReport {
    pub report_id: String,
    pub customer_id: String,
    pub staff_id: String,
    pub reported_at: DateTime<Utc>,
    pub kind: StaffReportKind,
    pub note: Option<String>,
}

/// `promotions.csv`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Promotion {
    pub promotion_id: String,
    pub name: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub max_uses_per_customer: Option<u32>,
    pub first_order_only: Option<bool>,
}

/// `rates.csv`: value of one unit of `currency` in the reporting currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    pub currency: String,
    pub rate: Decimal,
}

/// A label of `labels.csv`: the action a business took (or should take) for a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub customer_id: String,
    pub action: Action,
}

/// Everything known about one customer, as the scoring engine sees it.
///
/// All per-customer computations (ledger, signals, policy) take this and the
/// promotions of the data set; nothing in them spans customers except norms and
/// model fits, which take aggregated statistics.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CustomerHistory {
    pub customer: Option<Customer>,
    pub orders: Vec<Order>,
    pub concessions: Vec<Concession>,
    pub tickets: Vec<Ticket>,
    pub messages: Vec<Message>,
    pub contracts: Vec<Contract>,
    pub usage: Vec<Usage>,
    pub reviews: Vec<Review>,
    pub staff_reports: Vec<StaffReport>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_sets_parse_their_own_text_and_nothing_else() {
        for kind in ConcessionKind::ALL {
            assert_eq!(kind.as_str().parse::<ConcessionKind>(), Ok(*kind));
        }
        assert!("Refund".parse::<ConcessionKind>().is_err());
        assert_eq!(
            Action::expected(),
            "keep|watch|recover|set_boundaries|offer_exit|part_ways|refuse_service"
        );
    }
}
