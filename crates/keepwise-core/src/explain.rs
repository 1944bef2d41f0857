//! The whole reasoning behind one customer's recommendation, as text a manager can
//! act on without opening the code: the recommendation and what to do, the money,
//! every signal with its evidence, the rules that fired and the guards that applied.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::assessment::{Assessment, ValueSource};
use crate::policy::ScriptSituation;
use crate::records::Action;
use crate::signals::Signal;

/// What the team does for each action (DESIGN.md, "The recommendation").
pub fn what_to_do(action: Action) -> &'static str {
    match action {
        Action::Keep => "Nothing to do: the relationship is healthy.",
        Action::Watch => "Keep an eye on this customer; no contact is needed yet.",
        Action::Recover => {
            "Fix the problem and the customer: apologise, repair, refund the customer's costs or give credit for the future, and pass the root cause to the team responsible."
        }
        Action::SetBoundaries => {
            "Explain calmly why the demand exceeds the terms, do not bend the rules, and pause heated conversations. Parting may follow only if the limits do not hold."
        }
        Action::OfferExit => {
            "Propose fair exit terms (only the unamortised upfront costs, computed openly) and stay in touch."
        }
        Action::PartWays => {
            "Open a case: polite farewell with an apology, what cannot be done, alternatives and a referral. A second person (a manager) must approve."
        }
        Action::RefuseService => {
            "Open a case: do-not-serve status and a courteous refusal message, no follow-up. A manager other than the case owner must approve."
        }
    }
}

fn script_text(script: Option<ScriptSituation>) -> String {
    match script {
        None => "none needed".to_string(),
        Some(s) => format!("\"{}\" ({})", s.as_str(), s.purpose()),
    }
}

fn money(amount: Decimal) -> String {
    format!("{:.2}", amount.round_dp(2))
}

fn strength_word(strength: f64) -> &'static str {
    if strength >= 0.75 {
        "strong"
    } else if strength >= 0.5 {
        "clear"
    } else if strength >= 0.25 {
        "weak"
    } else {
        "context"
    }
}

fn figure_value(value: f64) -> String {
    if value == f64::MAX {
        "unbounded".to_string()
    } else if value.fract() == 0.0 && value.abs() < 1e12 {
        format!("{value:.0}")
    } else if value.abs() < 1.0 {
        format!("{value:.3}")
    } else {
        format!("{value:.2}")
    }
}

fn render_signal(out: &mut String, number: usize, signal: &Signal) {
    let _ = writeln!(
        out,
        "  {}. {} — strength {:.2} ({}{})",
        number,
        signal.name,
        signal.strength,
        strength_word(signal.strength),
        if signal.severe { ", gravest form" } else { "" }
    );
    let _ = writeln!(out, "     {}", signal.evidence.explanation);
    if !signal.evidence.figures.is_empty() {
        let figures: Vec<String> = signal
            .evidence
            .figures
            .iter()
            .map(|f| format!("{} {}", f.label, figure_value(f.value)))
            .collect();
        let _ = writeln!(out, "     Figures: {}.", figures.join("; "));
    }
    for r in &signal.evidence.records {
        let _ = writeln!(out, "     - {} {}: {}", r.kind.as_str(), r.id, r.detail);
    }
}

/// Renders an assessment as the text of `keepwise explain`.
pub fn render(a: &Assessment) -> String {
    let mut out = String::new();
    let ledger = &a.ledger;
    let currency = ledger
        .currency
        .clone()
        .map(|c| format!(" {c}"))
        .unwrap_or_default();
    let name = a
        .name
        .as_deref()
        .map(|n| format!(" — {n}"))
        .unwrap_or_default();
    let _ = writeln!(out, "Customer {}{}", a.customer_id, name);
    let mut facts = Vec::new();
    if let Some(s) = &a.segment {
        facts.push(format!("segment {s}"));
    }
    if let Some(l) = &a.language {
        facts.push(format!("language {l}"));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "{}", facts.join(", "));
    }
    let _ = writeln!(
        out,
        "As of {}. Compared with: {}.",
        a.as_of.format("%Y-%m-%d %H:%M UTC"),
        a.peers.describe()
    );

    let d = &a.decision;
    let _ = writeln!(
        out,
        "\nRECOMMENDATION: {}",
        d.action.as_str().replace('_', " ").to_uppercase()
    );
    let _ = writeln!(out, "  What to do: {}", what_to_do(d.action));
    let _ = writeln!(out, "  Script: {}", script_text(d.script));
    if let Some(first) = d.rules_fired.first() {
        let _ = writeln!(out, "  Why: {}.", first.detail.trim_end_matches('.'));
    }
    for g in d.guards_applied.iter().filter(|g| g.changed_action) {
        let _ = writeln!(out, "  Guard: {}.", g.detail.trim_end_matches('.'));
    }
    let m = &d.money_at_stake;
    let _ = writeln!(
        out,
        "  Money at stake: {:.2}{} = |net long-term value {:.2}| + cost to serve {:.2} (staff time {:.2}, concessions {:.2}).",
        m.total, currency, m.net_long_term_value, m.cost_to_serve, m.handling_cost, m.concessions
    );

    let _ = writeln!(
        out,
        "\nLEDGER, last {} days ({} to {}){}",
        ledger.window_days,
        ledger.window_start.format("%Y-%m-%d"),
        ledger.as_of.format("%Y-%m-%d"),
        if currency.is_empty() {
            String::new()
        } else {
            format!(", in{currency}")
        }
    );
    let from_rate = ledger.orders.iter().filter(|o| o.margin_from_rate).count();
    let _ = writeln!(
        out,
        "  Revenue            {:>14}   ({} paid orders)",
        money(ledger.revenue),
        ledger.orders.len()
    );
    let _ = writeln!(
        out,
        "  Gross margin       {:>14}   ({} with their own margin, {} at the configured margin rate)",
        money(ledger.gross_margin),
        ledger.orders.len() - from_rate,
        from_rate
    );
    let _ = writeln!(
        out,
        "  Cost to serve      {:>14}",
        money(ledger.cost_to_serve)
    );
    let _ = writeln!(
        out,
        "    staff time       {:>14}   ({} tickets, {} minutes, each priced at its escalation level's hourly cost)",
        money(ledger.handling_cost),
        ledger.handling.len(),
        ledger.handling_minutes.normalize()
    );
    for h in &ledger.handling {
        let _ = writeln!(
            out,
            "      ticket {}: {} min at {} ({}/h) = {}",
            h.ticket_id,
            h.minutes.normalize(),
            h.escalation,
            h.hourly.normalize(),
            money(h.cost)
        );
    }
    let _ = writeln!(
        out,
        "    concessions      {:>14}",
        money(ledger.concessions)
    );
    for (kind, amount) in &ledger.concessions_by_kind {
        let ids: Vec<&str> = ledger
            .concession_lines
            .iter()
            .filter(|c| c.kind == *kind)
            .map(|c| c.concession_id.as_str())
            .collect();
        let _ = writeln!(
            out,
            "      {:<15}{:>12}   ({})",
            kind.as_str(),
            money(*amount),
            ids.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "  Net contribution   {:>14}   (gross margin − cost to serve)",
        money(ledger.net_contribution)
    );
    if !ledger.orders.is_empty() {
        let orders: Vec<String> = ledger
            .orders
            .iter()
            .map(|o| {
                format!(
                    "{} ({}, {})",
                    o.order_id,
                    o.ordered_at.format("%Y-%m-%d"),
                    money(o.revenue)
                )
            })
            .collect();
        let _ = writeln!(out, "  Orders counted: {}.", orders.join(", "));
    }
    for l in &ledger.left_out {
        let _ = writeln!(out, "  Left out: {} — {}.", l.record, l.reason);
    }

    let v = &a.value;
    let _ = writeln!(out, "\nLONG-TERM VALUE");
    match v.source {
        ValueSource::Model => {
            let _ = writeln!(
                out,
                "  Net long-term value {:.2}{} from the value model{}.",
                v.net_long_term_value,
                currency,
                v.model
                    .as_deref()
                    .map(|m| format!(" ({m})"))
                    .unwrap_or_default()
            );
        }
        ValueSource::TrailingNetContribution => {
            let _ = writeln!(
                out,
                "  Net long-term value {:.2}{}: no value model was available, so this is another year like the last one (net contribution × 365 / {} days).",
                v.net_long_term_value, currency, ledger.window_days
            );
        }
    }
    let mut parts = Vec::new();
    if let Some(x) = v.expected_margin {
        parts.push(format!("expected future margin {x:.2}"));
    }
    if let Some(x) = v.expected_cost_to_serve {
        parts.push(format!("expected future cost to serve {x:.2}"));
    }
    if let Some(x) = v.p_alive {
        parts.push(format!("probability still active {:.0} %", 100.0 * x));
    }
    if !parts.is_empty() {
        let _ = writeln!(out, "  {}.", parts.join(", "));
    }
    let _ = writeln!(
        out,
        "  Strongly valuable: {} (from {:.2} among its peers).",
        if v.strong_value { "yes" } else { "no" },
        v.strong_value_threshold
    );

    let _ = writeln!(out, "\nSIGNALS ({})", a.signals.len());
    if a.signals.is_empty() {
        let _ = writeln!(out, "  None: nothing in the records stands out.");
    }
    let mut signals: Vec<&Signal> = a.signals.iter().collect();
    signals.sort_by(|x, y| {
        y.strength
            .total_cmp(&x.strength)
            .then_with(|| x.name.cmp(&y.name))
    });
    for (i, s) in signals.iter().enumerate() {
        render_signal(&mut out, i + 1, s);
    }
    if !a
        .signals
        .iter()
        .any(|s| s.name == crate::signals::SignalName::StaffAbuse)
    {
        // Say what was looked at, so "no abuse" is not read as "messages were screened" when they were not.
        let _ = writeln!(
            out,
            "  No abuse of staff found ({}).",
            if a.messages_screened {
                "the customer's messages were screened by the abuse detector and staff reports were read"
            } else {
                "staff reports were read; message texts were not screened because the abuse detector has not run"
            }
        );
    }

    let _ = writeln!(
        out,
        "\nRULES THAT FIRED (in order of precedence; the first decides)"
    );
    for (i, r) in d.rules_fired.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {} {} → {}: {}",
            if i == 0 { "*" } else { " " },
            r.rule.as_str(),
            r.proposes,
            r.detail.trim_end_matches('.')
        );
    }
    let _ = writeln!(out, "\nGUARDS");
    if d.guards_applied.is_empty() {
        let _ = writeln!(out, "  None applied.");
    }
    for g in &d.guards_applied {
        let _ = writeln!(
            out,
            "  {} ({}): {}.",
            g.guard.as_str(),
            if g.changed_action {
                "changed the action"
            } else {
                "noted"
            },
            g.detail.trim_end_matches('.')
        );
    }
    if let Some(l) = &d.limits_tried {
        let _ = writeln!(out, "\nLIMITS ALREADY TRIED\n  {}", l.explanation);
        for r in &l.records {
            let _ = writeln!(out, "     - {} {}: {}", r.kind.as_str(), r.id, r.detail);
        }
    }
    let _ = writeln!(out, "\nACTION: {}", d.action);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::testkit::*;

    #[test]
    fn the_explanation_gives_the_action_the_money_the_evidence_rules_and_guards() {
        let mut c = buys(Cust::new("demanding", "retail"));
        for day in [60, 90, 120, 150] {
            c = c.ticket(day, |t| {
                t.out_of_scope = Some(true);
                t.category = "custom work".into();
            });
        }
        let a = assess_one(c.nltv(-2_000.0));
        let text = render(&a);
        for expected in [
            "Customer demanding — Customer demanding",
            "RECOMMENDATION: SET BOUNDARIES",
            "What to do: Explain calmly",
            "Money at stake:",
            "LEDGER, last 365 days",
            "Revenue",
            "LONG-TERM VALUE",
            "from the value model (test)",
            "excessive_demands — strength",
            "- ticket demanding-t5: custom work",
            "RULES THAT FIRED",
            "* value_destroyed_by_demands → set_boundaries: net long-term value is below zero and the customer shows excessive demands",
            "limits_before_parting (changed the action)",
            "parting may follow",
            "message texts were not screened",
            "ACTION: set_boundaries",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
    }
}
