//! Backtest: keepwise's recommendations against the decisions a business actually took.
//!
//! Given `labels.csv` (customer id, action), the report holds the confusion matrix,
//! precision, recall and F1 per action, their macro average over the actions that
//! occur (in the labels or the recommendations), and every disagreement with the
//! evidence behind the recommendation — so a team can see where and why the policy
//! differs from its own past decisions.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::assessment::Assessment;
use crate::records::{Action, Label};
use crate::signals::Signal;

/// Precision, recall and F1 of one action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionScore {
    pub action: Action,
    /// Customers labelled with this action.
    pub support: u32,
    /// Customers keepwise recommended this action for.
    pub predicted: u32,
    /// Of the recommended, the share labelled so (0 when none was recommended).
    pub precision: f64,
    /// Of the labelled, the share recommended so (0 when none was labelled).
    pub recall: f64,
    pub f1: f64,
}

/// One customer where keepwise and the label disagree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disagreement {
    pub customer_id: String,
    pub label: Action,
    pub recommended: Action,
    /// Parting or refusal recommended for a customer the business kept, watched,
    /// recovered or set boundaries with: the costly kind of error.
    pub costly: bool,
    /// The rule that decided, with its reason.
    pub deciding_rule: String,
    pub guards: Vec<String>,
    pub net_long_term_value: f64,
    pub signals: Vec<Signal>,
}

/// The backtest's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacktestReport {
    /// Customers both labelled and assessed.
    pub compared: u32,
    /// `confusion[label][recommended]`, both indexed in `Action::ALL` order.
    pub confusion: Vec<Vec<u32>>,
    pub per_action: Vec<ActionScore>,
    /// Mean F1 over the actions that occur in the labels or the recommendations.
    pub macro_f1: f64,
    pub accuracy: f64,
    /// Disagreements where the label is keep/watch/recover/set_boundaries and
    /// keepwise recommended part_ways or refuse_service.
    pub costly_errors: u32,
    pub disagreements: Vec<Disagreement>,
    /// Labelled customers keepwise has no assessment for.
    pub unknown_customers: Vec<String>,
}

fn index(action: Action) -> usize {
    Action::ALL.iter().position(|a| *a == action).unwrap_or(0)
}

fn is_costly(label: Action, recommended: Action) -> bool {
    matches!(
        label,
        Action::Keep | Action::Watch | Action::Recover | Action::SetBoundaries
    ) && matches!(recommended, Action::PartWays | Action::RefuseService)
}

/// Compares assessments with labels.
pub fn compare(assessments: &[Assessment], labels: &[Label]) -> BacktestReport {
    let by_id: HashMap<&str, &Assessment> = assessments
        .iter()
        .map(|a| (a.customer_id.as_str(), a))
        .collect();
    let n = Action::ALL.len();
    let mut confusion = vec![vec![0u32; n]; n];
    let mut disagreements = Vec::new();
    let mut unknown_customers = Vec::new();
    let mut compared = 0u32;
    for label in labels {
        let Some(a) = by_id.get(label.customer_id.as_str()) else {
            unknown_customers.push(label.customer_id.clone());
            continue;
        };
        compared += 1;
        let recommended = a.decision.action;
        confusion[index(label.action)][index(recommended)] += 1;
        if recommended != label.action {
            let first = a.decision.rules_fired.first();
            disagreements.push(Disagreement {
                customer_id: label.customer_id.clone(),
                label: label.action,
                recommended,
                costly: is_costly(label.action, recommended),
                deciding_rule: first
                    .map(|r| format!("{}: {}", r.rule.as_str(), r.detail))
                    .unwrap_or_default(),
                guards: a
                    .decision
                    .guards_applied
                    .iter()
                    .map(|g| format!("{}: {}", g.guard.as_str(), g.detail))
                    .collect(),
                net_long_term_value: a.value.net_long_term_value,
                signals: a.signals.clone(),
            });
        }
    }
    disagreements.sort_by(|a, b| {
        b.costly
            .cmp(&a.costly)
            .then_with(|| a.customer_id.cmp(&b.customer_id))
    });

    let mut per_action = Vec::new();
    let mut f1_sum = 0.0;
    let mut occurring = 0u32;
    let mut correct = 0u32;
    for (i, action) in Action::ALL.iter().enumerate() {
        let tp = confusion[i][i];
        correct += tp;
        let support: u32 = confusion[i].iter().sum();
        let predicted: u32 = confusion.iter().map(|row| row[i]).sum();
        let precision = if predicted > 0 {
            f64::from(tp) / f64::from(predicted)
        } else {
            0.0
        };
        let recall = if support > 0 {
            f64::from(tp) / f64::from(support)
        } else {
            0.0
        };
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        if support > 0 || predicted > 0 {
            occurring += 1;
            f1_sum += f1;
        }
        per_action.push(ActionScore {
            action: *action,
            support,
            predicted,
            precision,
            recall,
            f1,
        });
    }
    BacktestReport {
        compared,
        macro_f1: if occurring > 0 {
            f1_sum / f64::from(occurring)
        } else {
            0.0
        },
        accuracy: if compared > 0 {
            f64::from(correct) / f64::from(compared)
        } else {
            0.0
        },
        costly_errors: disagreements.iter().filter(|d| d.costly).count() as u32,
        confusion,
        per_action,
        disagreements,
        unknown_customers,
    }
}

impl BacktestReport {
    /// The report as plain text: summary, confusion matrix, per-action scores and
    /// every disagreement with its evidence.
    pub fn render_table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Backtest: {} customers compared", self.compared);
        let _ = writeln!(
            out,
            "macro-F1 {:.3}   accuracy {:.3}   costly errors (part_ways/refuse_service for a customer labelled keep, watch, recover or set_boundaries): {}",
            self.macro_f1, self.accuracy, self.costly_errors
        );
        if !self.unknown_customers.is_empty() {
            let _ = writeln!(
                out,
                "{} labelled customers are unknown: {}",
                self.unknown_customers.len(),
                self.unknown_customers.join(", ")
            );
        }
        let _ = writeln!(out, "\nConfusion matrix (rows: label, columns: keepwise)");
        let short = [
            "keep", "watch", "recover", "bounds", "exit", "part", "refuse",
        ];
        let _ = write!(out, "{:<16}", "");
        for s in short {
            let _ = write!(out, "{s:>8}");
        }
        let _ = writeln!(out);
        for (i, action) in Action::ALL.iter().enumerate() {
            let _ = write!(out, "{:<16}", action.as_str());
            for count in &self.confusion[i] {
                let _ = write!(out, "{count:>8}");
            }
            let _ = writeln!(out);
        }
        let _ = writeln!(
            out,
            "\n{:<16}{:>9}{:>11}{:>11}{:>9}{:>8}",
            "action", "labelled", "keepwise", "precision", "recall", "F1"
        );
        for s in &self.per_action {
            let _ = writeln!(
                out,
                "{:<16}{:>9}{:>11}{:>11.3}{:>9.3}{:>8.3}",
                s.action.as_str(),
                s.support,
                s.predicted,
                s.precision,
                s.recall,
                s.f1
            );
        }
        let _ = writeln!(
            out,
            "\nDisagreements ({}), costly first:",
            self.disagreements.len()
        );
        for d in &self.disagreements {
            let _ = writeln!(
                out,
                "\n{}{}: labelled {}, keepwise {} (net long-term value {:.0})",
                if d.costly { "COSTLY " } else { "" },
                d.customer_id,
                d.label,
                d.recommended,
                d.net_long_term_value
            );
            let _ = writeln!(out, "  decided by {}", d.deciding_rule);
            for g in &d.guards {
                let _ = writeln!(out, "  guard {g}");
            }
            for s in &d.signals {
                let _ = writeln!(
                    out,
                    "  {} ({:.2}): {}",
                    s.name, s.strength, s.evidence.explanation
                );
                let ids: Vec<String> = s
                    .evidence
                    .records
                    .iter()
                    .take(8)
                    .map(|r| format!("{} {}", r.kind.as_str(), r.id))
                    .collect();
                if !ids.is_empty() {
                    let more = s.evidence.records.len().saturating_sub(8);
                    let more = if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    };
                    let _ = writeln!(out, "    records: {}{}", ids.join(", "), more);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::signals::testkit::*;

    fn label(id: &str, action: Action) -> Label {
        Label {
            customer_id: id.into(),
            action,
        }
    }

    #[test]
    fn the_backtest_counts_agreement_per_action_and_lists_every_disagreement() {
        let targets = vec![
            buys(Cust::new("k1", "retail").screened()),
            buys(Cust::new("k2", "retail").screened()),
            buys(Cust::new("x1", "retail").screened()).nltv(-3_000.0),
            buys(Cust::new("r1", "retail")).report(
                100,
                crate::records::StaffReportKind::Threat,
                "threatened the driver",
            ),
        ];
        let assessed = assess_among_peers(targets, &Settings::default());
        let labels = [
            label("k1", Action::Keep),
            label("k2", Action::Keep),
            label("x1", Action::OfferExit),
            label("r1", Action::Keep),
            label("ghost", Action::Keep),
        ];
        let report = compare(&assessed, &labels);
        assert_eq!(report.compared, 4);
        assert_eq!(report.unknown_customers, ["ghost"]);
        let keep = &report.per_action[0];
        assert_eq!((keep.support, keep.predicted), (3, 2));
        assert_eq!(keep.precision, 1.0);
        assert!((keep.recall - 2.0 / 3.0).abs() < 1e-12);
        // keep F1 0.8, offer_exit F1 1, refuse_service F1 0 (predicted once, never labelled).
        assert!((report.macro_f1 - 1.8 / 3.0).abs() < 1e-12);
        assert_eq!(report.costly_errors, 1);
        assert_eq!(report.disagreements.len(), 1);
        assert!(report.disagreements[0].costly);
        assert_eq!(report.confusion[0][6], 1);
        let table = report.render_table();
        assert!(table.contains("COSTLY r1: labelled keep, keepwise refuse_service"));
        assert!(table.contains("staff_report r1-r"));
        assert!(table.contains("macro-F1 0.600"));
    }
}
