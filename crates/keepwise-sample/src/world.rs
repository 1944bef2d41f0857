//! The fixed surroundings of every customer: the business's time span, its
//! promotions, its segments and how each segment buys and calls support.

use crate::dist::{Rand, lognormal, weighted};

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// How many days of history the data set covers, ending at `as_of`.
pub const SPAN_DAYS: i64 = 730;

/// The only currency of the sample data set.
pub const CURRENCY: &str = "EUR";

/// A customer segment: peers for norms, with its own order sizes and rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    Retail,
    Smb,
    Enterprise,
}

impl Segment {
    /// The segment as written to `customers.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Segment::Retail => "retail",
            Segment::Smb => "smb",
            Segment::Enterprise => "enterprise",
        }
    }

    /// Typical orders per month of an ordinary customer (mean of the gamma-distributed rate).
    pub fn orders_per_month(self) -> f64 {
        match self {
            Segment::Retail => 0.45,
            Segment::Smb => 1.1,
            Segment::Enterprise => 2.2,
        }
    }

    /// Median order amount in EUR.
    pub fn median_order(self) -> f64 {
        match self {
            Segment::Retail => 45.0,
            Segment::Smb => 340.0,
            Segment::Enterprise => 2400.0,
        }
    }

    /// Typical gross margin rate.
    pub fn margin_rate(self) -> f64 {
        match self {
            Segment::Retail => 0.32,
            Segment::Smb => 0.28,
            Segment::Enterprise => 0.24,
        }
    }

    /// Monthly fee range of a term contract, in EUR.
    pub fn monthly_fee(self, rng: &mut Rand) -> f64 {
        match self {
            Segment::Retail => lognormal(rng, 29.0, 0.35),
            Segment::Smb => lognormal(rng, 160.0, 0.4),
            Segment::Enterprise => lognormal(rng, 1400.0, 0.45),
        }
    }

    /// Support tickets per year of an ordinary customer.
    pub fn tickets_per_year(self) -> f64 {
        match self {
            Segment::Retail => 0.6,
            Segment::Smb => 1.4,
            Segment::Enterprise => 3.0,
        }
    }
}

/// Which segments a kind of customer comes from, as weights.
#[derive(Debug, Clone, Copy)]
pub enum SegmentMix {
    /// The base's own mix: mostly private customers.
    Base,
    /// Customers who bring a lot: more businesses.
    Valuable,
    /// Customers who bring little: mostly private customers and small firms.
    Small,
}

impl SegmentMix {
    pub fn draw(self, rng: &mut Rand) -> Segment {
        let weights: &[(Segment, u32)] = match self {
            SegmentMix::Base => &[
                (Segment::Retail, 70),
                (Segment::Smb, 22),
                (Segment::Enterprise, 8),
            ],
            SegmentMix::Valuable => &[
                (Segment::Retail, 30),
                (Segment::Smb, 42),
                (Segment::Enterprise, 28),
            ],
            SegmentMix::Small => &[
                (Segment::Retail, 74),
                (Segment::Smb, 22),
                (Segment::Enterprise, 4),
            ],
        };
        weighted(rng, weights)
    }
}

/// A promotion of the business.
#[derive(Debug, Clone)]
pub struct Promotion {
    pub id: &'static str,
    pub name: &'static str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub max_uses_per_customer: Option<u32>,
    pub first_order_only: bool,
    /// Share of the price taken off, in percent.
    pub discount_percent: i64,
}

impl Promotion {
    pub fn runs_at(&self, at: i64) -> bool {
        self.starts_at <= at && at <= self.ends_at
    }
}

/// The promotions of the data set, placed relative to `as_of`.
pub fn promotions(as_of: i64) -> Vec<Promotion> {
    let day = |offset: i64| as_of + offset * DAY;
    vec![
        Promotion {
            id: "PROMO-WELCOME10",
            name: "Welcome: 10 % off your first order",
            starts_at: day(-SPAN_DAYS - 30),
            ends_at: day(365),
            max_uses_per_customer: Some(1),
            first_order_only: true,
            discount_percent: 10,
        },
        Promotion {
            id: "PROMO-SPRING",
            name: "Spring sale",
            starts_at: day(-455),
            ends_at: day(-425),
            max_uses_per_customer: Some(1),
            first_order_only: false,
            discount_percent: 15,
        },
        Promotion {
            id: "PROMO-BLACKFRIDAY",
            name: "Black Friday week",
            starts_at: day(-218),
            ends_at: day(-211),
            max_uses_per_customer: Some(2),
            first_order_only: false,
            discount_percent: 25,
        },
        Promotion {
            id: "PROMO-LOYALTY",
            name: "Loyalty: 5 % off, three times a year",
            starts_at: day(-365),
            ends_at: day(-1),
            max_uses_per_customer: Some(3),
            first_order_only: false,
            discount_percent: 5,
        },
        Promotion {
            id: "PROMO-SUMMER",
            name: "Summer free delivery",
            starts_at: day(-75),
            ends_at: day(-45),
            max_uses_per_customer: None,
            first_order_only: false,
            discount_percent: 5,
        },
    ]
}

/// Support teams, by ticket category.
pub fn team_for(category: &str) -> &'static str {
    match category {
        "billing" | "refund" | "contract" | "promotion" => "billing",
        "delivery" | "returns" => "logistics",
        "installation" | "on_site_visit" => "field_service",
        "feature_request" | "integration" | "custom_request" => "solutions",
        _ => "technical",
    }
}
