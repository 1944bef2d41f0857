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
///
/// Every threshold is documented with its meaning and default; `docs/policy.md`
/// explains how the signals and rules use them. Norm-based thresholds are robust
/// z-scores: the distance above the segment's median, in units of the segment's
/// robust spread (1.4826 × median absolute deviation, see `norms`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PolicySettings {
    /// Fewest peers in a segment for its own norms; below it the whole base is the
    /// norm, and when the whole base has fewer, no norm-based signal is raised.
    /// Default 30.
    pub min_segment_peers: u32,
    /// Robust z-score from which a figure is "far above the segment's norm". Default 3.0.
    pub norm_far_z: f64,
    /// Robust z-score at which a norm-based signal reaches full strength. Default 6.0.
    pub norm_full_z: f64,
    /// Strength from which a signal counts as "weak but notable" and earns `watch`. Default 0.3:
    /// a single occurrence (strength 0.25, e.g. one promotion claim against the terms) is
    /// shown but not watched; a second one is.
    pub watch_min_strength: f64,
    /// Strength from which a signal is strong enough to act on (recover, set boundaries,
    /// offer an exit). Default 0.5.
    pub act_min_strength: f64,
    /// Tickets handled by a manager or an executive within the window from which the
    /// customer "pulls seniors in again and again". Default 3.
    pub senior_escalation_min_tickets: u32,
    /// Tickets of the same category within the window from which an issue "repeats". Default 3.
    pub repeat_issue_min_tickets: u32,
    /// Reopenings (summed over the window's tickets) from which an issue "repeats". Default 3.
    pub repeat_issue_min_reopens: u32,
    /// Length of the recent period whose ticket count `rising_contacts` compares with
    /// the customer's earlier pace. Default 90.
    pub rising_contacts_recent_days: u32,
    /// Fewest tickets in the recent period for `rising_contacts`. Default 3.
    pub rising_contacts_min_recent: u32,
    /// How many times the customer's share of support cost must exceed their share of
    /// gross margin (both within their segment) to be disproportionate. Default 5.0.
    pub effort_share_ratio: f64,
    /// Fewest tickets in the window before effort is judged disproportionate. Default 3.
    pub effort_min_tickets: u32,
    /// Strength of `staff_abuse` from which service is refused (overrides value).
    /// A threat or a staff report of abuse, threat or harassment reaches it alone;
    /// abusive messages need `abuse_min_messages`. Default 0.7.
    pub abuse_refuse_strength: f64,
    /// Days back that abusive messages and staff reports of abuse, threats or
    /// harassment count for `staff_abuse` (at least the window). Default 730.
    pub abuse_lookback_days: u32,
    /// Abusive (insulting, harassing) customer messages that together reach the refusal
    /// strength; one alone is a heated conversation to pause. Default 2.
    pub abuse_min_messages: u32,
    /// Distinct agents on the customer's tickets in the window from which agents are
    /// "rotating off" the customer (counts only with at least as many tickets). Default 4.
    pub strain_min_agents: u32,
    /// Fewest concessions (not owed for the business's own faults) in the window before
    /// concession abuse is considered. Default 3.
    pub concession_min_count: u32,
    /// Robust z-score of the concession rate from which concession abuse is deliberate
    /// extraction (fraud-like), provided the concessions also exceed the margin the
    /// customer brought. Default 6.0.
    pub extraction_min_z: f64,
    /// Chargebacks in the window that are fraud-like extraction on their own. Default 2.
    pub extraction_min_chargebacks: u32,
    /// Share of the billed value given back in concessions (0..1) that is far above a
    /// segment where most customers get none, and fraud-like extraction when the
    /// concessions also exceed the margin the customer brought. Default 0.3.
    pub extraction_min_share: f64,
    /// Promotion claims against the terms from which promo gaming calls for boundaries
    /// (one alone is watched). Default 2.
    pub promo_min_violations: u32,
    /// Out-of-scope requests in the window before excessive demands are considered. Default 3.
    pub demands_min_out_of_scope: u32,
    /// Share of the customer's tickets with a known root cause that the business caused,
    /// above which `company_fault` holds ("most"). Default 0.5 (strictly more than half).
    pub company_fault_min_share: f64,
    /// Tickets caused by the business ("repeated failures of ours") from which the
    /// customer is recovered even when each issue was resolved. Default 2.
    pub recover_min_company_tickets: u32,
    /// Days of recent usage looked at for an unused contract. Default 90.
    pub unused_contract_lookback_days: u32,
    /// Days after a contract's start before its usage is judged. Default 30.
    pub unused_contract_grace_days: u32,
    /// Usage rate, as a share of the segment's median rate among contract holders, at or
    /// below which a contract counts as unused. Default 0.1.
    pub unused_contract_max_share: f64,
    /// Requests the business cannot fulfil (`unsupported`) from which the customer needs
    /// what the business does not offer. Default 2.
    pub capability_min_unsupported: u32,
    /// Highest review rating (1–5) that counts as negative. Default 2.
    pub negative_review_max_rating: u8,
    /// Percentile of net long-term value within the segment from which a customer is
    /// "strongly valuable" and never parted with for demands alone. Default 0.75.
    pub strong_value_percentile: f64,
    /// Loss (negative net long-term value), as a share of the segment's median positive
    /// net long-term value, at which `value_destroyed` is strong enough to act on; a
    /// quarter of it is a weak sign to watch. Default 1.0 (the customer loses as much
    /// as a typical profitable peer brings).
    pub value_destroyed_min_share: f64,
    /// Declined out-of-scope demands that, followed by further escalations, show that
    /// limits were tried (imported data). Default 1.
    pub limits_min_declined_demands: u32,
    /// Escalated tickets (lead or above) opened after the first declined demand that
    /// show the limits did not hold. Default 2.
    pub limits_min_escalations_after: u32,
    /// Out-of-scope demands granted after the first decline that still count as the
    /// business holding the line. Default 0: a limit the business bent was not tried.
    pub limits_max_granted_after: u32,
}

impl Default for PolicySettings {
    fn default() -> Self {
        PolicySettings {
            min_segment_peers: 30,
            norm_far_z: 3.0,
            norm_full_z: 6.0,
            watch_min_strength: 0.3,
            act_min_strength: 0.5,
            senior_escalation_min_tickets: 3,
            repeat_issue_min_tickets: 3,
            repeat_issue_min_reopens: 3,
            rising_contacts_recent_days: 90,
            rising_contacts_min_recent: 3,
            effort_share_ratio: 5.0,
            effort_min_tickets: 3,
            abuse_refuse_strength: 0.7,
            abuse_lookback_days: 730,
            abuse_min_messages: 2,
            strain_min_agents: 4,
            concession_min_count: 3,
            extraction_min_z: 6.0,
            extraction_min_chargebacks: 2,
            extraction_min_share: 0.3,
            promo_min_violations: 2,
            demands_min_out_of_scope: 3,
            company_fault_min_share: 0.5,
            recover_min_company_tickets: 2,
            unused_contract_lookback_days: 90,
            unused_contract_grace_days: 30,
            unused_contract_max_share: 0.1,
            capability_min_unsupported: 2,
            negative_review_max_rating: 2,
            strong_value_percentile: 0.75,
            value_destroyed_min_share: 1.0,
            limits_min_declined_demands: 1,
            limits_min_escalations_after: 2,
            limits_max_granted_after: 0,
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
