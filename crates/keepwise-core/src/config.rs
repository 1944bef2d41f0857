//! Settings that shape the money and the decisions: `keepwise.toml`.
//!
//! Every setting has a documented default, so an empty file is valid. The binary
//! reads the file; the core only ever sees a [`Settings`] value. Unknown keys are
//! rejected so that a typo never silently falls back to a default.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::records::EscalationLevel;

/// All of keepwise's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub costs: CostSettings,
    pub value: ValueSettings,
    pub policy: PolicySettings,
    pub scripts: ScriptSettings,
    pub process: ProcessSettings,
}

/// What staff time and goods cost the business, in the reporting currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CostSettings {
    /// Hourly cost of a front-line agent.
    pub agent_hourly: Decimal,
    /// Hourly cost of a team lead.
    pub lead_hourly: Decimal,
    /// Hourly cost of a manager.
    pub manager_hourly: Decimal,
    /// Hourly cost of an executive.
    pub executive_hourly: Decimal,
    /// Gross margin rate applied to an order that has no `margin` of its own.
    pub default_margin_rate: Decimal,
}

impl Default for CostSettings {
    fn default() -> Self {
        CostSettings {
            agent_hourly: Decimal::new(30, 0),
            lead_hourly: Decimal::new(45, 0),
            manager_hourly: Decimal::new(80, 0),
            executive_hourly: Decimal::new(200, 0),
            default_margin_rate: Decimal::new(30, 2),
        }
    }
}

impl CostSettings {
    /// Hourly cost of staff time at one escalation level.
    pub fn hourly(&self, level: EscalationLevel) -> Decimal {
        match level {
            EscalationLevel::Agent => self.agent_hourly,
            EscalationLevel::Lead => self.lead_hourly,
            EscalationLevel::Manager => self.manager_hourly,
            EscalationLevel::Executive => self.executive_hourly,
        }
    }
}

/// How the ledger window and the long-term value are measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ValueSettings {
    /// Length of the trailing window of the ledger, in days, ending at `as_of`.
    pub window_days: u32,
    /// Yearly discount rate for future money (0.10 = 10 % a year).
    pub annual_discount_rate: f64,
    /// Forecast horizon of the long-term value, in months.
    pub horizon_months: u32,
    /// Purchase model used for the long-term value: `bg-nbd`, `mbg-nbd` or `pareto-nbd`.
    pub purchase_model: String,
}

impl Default for ValueSettings {
    fn default() -> Self {
        ValueSettings {
            window_days: 365,
            annual_discount_rate: 0.10,
            horizon_months: 36,
            purchase_model: "bg-nbd".to_string(),
        }
    }
}

/// Thresholds of the recommendation policy (DESIGN.md, "The recommendation").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PolicySettings {
    /// Fewest peers in a segment for its own norms; below it the whole base is the norm.
    pub min_segment_peers: u32,
}

impl Default for PolicySettings {
    fn default() -> Self {
        PolicySettings {
            min_segment_peers: 30,
        }
    }
}

/// Where the message templates come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct ScriptSettings {
    /// A folder of Fluent files that override the built-in templates
    /// (`<folder>/<lang>/scripts.ftl`). Empty: built-in templates only.
    pub templates_dir: Option<String>,
    /// The business's name, as its messages are signed ("Acme Telecom"). Scripts need it.
    pub business_name: Option<String>,
    /// How customers reach the business (an address or phone number), quoted in scripts.
    pub contact: Option<String>,
}

/// Defaults of the case process (DESIGN.md, "The process").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProcessSettings {
    /// Months after a farewell when the keep-in-touch follow-up is proposed.
    pub follow_up_months: u32,
    /// Months after a refusal when the do-not-serve status is reviewed.
    pub refusal_review_months: u32,
    /// Days an exit offer stands.
    pub exit_offer_days: u32,
    /// Days within which a customer is promised an answer (acknowledge script).
    pub reply_within_days: u32,
}

impl Default for ProcessSettings {
    fn default() -> Self {
        ProcessSettings {
            follow_up_months: 6,
            refusal_review_months: 12,
            exit_offer_days: 30,
            reply_within_days: 3,
        }
    }
}
