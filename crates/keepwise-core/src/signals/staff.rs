//! Signals about the people who serve the customer: abuse of staff and strain on staff.

use std::collections::{BTreeSet, HashMap};

use crate::norms::Metric;
use crate::records::{Author, StaffReportKind, Ticket};

use super::{
    AbuseLevel, Evidence, MessageAbuse, RecordKind, Signal, SignalInput, SignalName, day,
    z_strength,
};

/// Strength of a threat (message or staff report): refusal on its own.
const THREAT: f64 = 1.0;
/// Strength of a staff report of abuse or harassment: refusal on its own.
const REPORTED_ABUSE: f64 = 0.9;
/// Strength of one abusive message: a heated conversation to pause.
const ONE_ABUSIVE_MESSAGE: f64 = 0.5;

/// `staff_abuse`: insults, obscenity, threats or harassment toward staff.
///
/// Reads the abuse detector's findings on the customer's own messages when the
/// detector ran, and the staff reports of kind `abuse`, `threat` or `harassment`,
/// over the last `abuse_lookback_days` (at least the window): a threat against a
/// technician does not stop counting after a year the way a ticket count does. A threat (1.0) or a reported abuse or harassment (0.9)
/// reaches refusal alone; abusive messages reach it (0.8) from `abuse_min_messages`
/// on, one alone is 0.5 — where a message that heaps several separate insults on
/// staff counts as two. Profanity not aimed at anyone ("this damn router") is
/// frustration, not abuse of staff: it never raises the signal on its own, and is
/// only listed beside abuse that was found. `severe` when the strength reaches
/// `abuse_refuse_strength`.
pub fn staff_abuse(input: &SignalInput<'_>, _tickets: &[&Ticket]) -> Option<Signal> {
    let policy = &input.settings.policy;
    let mut evidence = Evidence::default();
    let mut strength: f64 = 0.0;
    let mut parts = Vec::new();

    let lookback_days = policy.abuse_lookback_days.max(input.ledger.window_days);
    let since = input.as_of - chrono::Duration::days(i64::from(lookback_days));
    let remembered = |at: chrono::DateTime<chrono::Utc>| at > since && at <= input.as_of;
    let reports: Vec<_> = input
        .history
        .staff_reports
        .iter()
        .filter(|r| remembered(r.reported_at))
        .filter(|r| {
            matches!(
                r.kind,
                StaffReportKind::Abuse | StaffReportKind::Threat | StaffReportKind::Harassment
            )
        })
        .collect();
    for r in &reports {
        strength = strength.max(if r.kind == StaffReportKind::Threat {
            THREAT
        } else {
            REPORTED_ABUSE
        });
        let note = r
            .note
            .as_deref()
            .map(|n| format!(": \"{n}\""))
            .unwrap_or_default();
        evidence.record(
            RecordKind::StaffReport,
            &r.report_id,
            format!(
                "{} reported by staff {} on {}{}",
                r.kind,
                r.staff_id,
                day(r.reported_at),
                note
            ),
        );
    }
    if !reports.is_empty() {
        parts.push(format!(
            "{} staff report(s) of abuse, threats or harassment",
            reports.len()
        ));
    }

    if let Some(findings) = input.abuse {
        let by_id: HashMap<&str, &MessageAbuse> = findings
            .iter()
            .map(|f| (f.message_id.as_str(), f))
            .collect();
        let mut abusive = 0usize;
        // Abusive messages weighted by how much abuse they carry: one that heaps
        // several separate insults on staff counts as two.
        let mut abusive_weight = 0usize;
        let mut heaped = 0usize;
        let mut threats = 0usize;
        let mut profane = 0usize;
        let mut messages: Vec<_> = input
            .history
            .messages
            .iter()
            .filter(|m| m.author == Author::Customer && remembered(m.sent_at))
            .filter_map(|m| by_id.get(m.message_id.as_str()).map(|f| (m, *f)))
            .filter(|(_, f)| f.level > AbuseLevel::None)
            .collect();
        // Swearing at things is frustration: it is evidence only beside real abuse.
        if messages
            .iter()
            .all(|(_, f)| f.level == AbuseLevel::Profanity)
        {
            messages.clear();
        }
        messages.sort_by_key(|m| m.0.sent_at);
        for (message, finding) in &messages {
            match finding.level {
                AbuseLevel::Threat => threats += 1,
                AbuseLevel::Abuse => {
                    abusive += 1;
                    let insults = separate_insults(&finding.spans);
                    if insults >= 2 {
                        heaped += 1;
                    }
                    abusive_weight += insults.clamp(1, 2);
                }
                AbuseLevel::Profanity => profane += 1,
                AbuseLevel::None => {}
            }
            let spans: Vec<String> = finding
                .spans
                .iter()
                .map(|s| format!("\"{}\" ({})", s.text, s.category))
                .collect();
            evidence.record(
                RecordKind::Message,
                &message.message_id,
                format!(
                    "{} on {} in ticket {}: {}",
                    finding.level_name(),
                    day(message.sent_at),
                    message.ticket_id,
                    spans.join(", ")
                ),
            );
        }
        if threats > 0 {
            strength = strength.max(THREAT);
            parts.push(format!("{threats} threatening message(s)"));
        }
        if abusive > 0 {
            let s = if abusive_weight as u32 >= policy.abuse_min_messages.max(1) {
                policy.abuse_refuse_strength.max(0.8)
            } else {
                ONE_ABUSIVE_MESSAGE
            };
            strength = strength.max(s);
            parts.push(if heaped > 0 {
                format!(
                    "{abusive} abusive message(s) toward staff ({heaped} of them with several separate insults)"
                )
            } else {
                format!("{abusive} abusive message(s) toward staff")
            });
        }
        if profane > 0 {
            parts.push(format!(
                "{profane} further message(s) with profanity not aimed at anyone"
            ));
        }
        evidence.figure("threatening messages", threats as f64);
        evidence.figure("abusive messages", abusive as f64);
        evidence.figure("messages with profanity", profane as f64);
    }
    evidence.figure(
        "staff reports of abuse, threats or harassment",
        reports.len() as f64,
    );

    if strength == 0.0 {
        return None;
    }
    let scope = if input.abuse.is_some() {
        String::new()
    } else {
        " (message texts were not screened: the abuse detector has not run, so this reads staff reports only)".to_string()
    };
    evidence.explanation = format!(
        "Staff were mistreated in the last {} days: {}{}.",
        lookback_days,
        parts.join(", "),
        scope
    );
    let severe = strength >= policy.abuse_refuse_strength;
    Some(Signal {
        name: SignalName::StaffAbuse,
        strength,
        severe,
        evidence,
    })
}

impl MessageAbuse {
    fn level_name(&self) -> &'static str {
        match self.level {
            AbuseLevel::None => "no abuse",
            AbuseLevel::Profanity => "profanity",
            AbuseLevel::Abuse => "abuse",
            AbuseLevel::Threat => "threat",
        }
    }
}

/// `staff_strain`: stress reports, outlier handling times, agents rotating off.
///
/// The strongest of: staff reports of kind `stress` (one is 0.5, two 1.0; `other`
/// reports count half), average handling minutes per ticket far above the segment's
/// norm (robust z-score, at least two tickets), and agents rotating off the customer:
/// at least `strain_min_agents` distinct agents, with distinct agents per ticket far
/// above the segment's norm. Each further component adds 0.1.
pub fn staff_strain(input: &SignalInput<'_>, tickets: &[&Ticket]) -> Option<Signal> {
    let policy = &input.settings.policy;
    let mut evidence = Evidence::default();
    let mut components = Vec::new();
    let mut parts = Vec::new();

    let stress: Vec<_> = input
        .history
        .staff_reports
        .iter()
        .filter(|r| input.in_window(r.reported_at))
        .filter(|r| matches!(r.kind, StaffReportKind::Stress | StaffReportKind::Other))
        .collect();
    if !stress.is_empty() {
        let weight: f64 = stress
            .iter()
            .map(|r| {
                if r.kind == StaffReportKind::Stress {
                    1.0
                } else {
                    0.5
                }
            })
            .sum();
        components.push(if weight >= 2.0 {
            1.0
        } else if weight >= 1.0 {
            0.5
        } else {
            0.25
        });
        parts.push(format!(
            "{} staff report(s) of stress or other strain",
            stress.len()
        ));
        for r in &stress {
            let note = r
                .note
                .as_deref()
                .map(|n| format!(": \"{n}\""))
                .unwrap_or_default();
            evidence.record(
                RecordKind::StaffReport,
                &r.report_id,
                format!(
                    "{} reported by {} on {}{}",
                    r.kind,
                    r.staff_id,
                    day(r.reported_at),
                    note
                ),
            );
        }
    }
    evidence.figure("stress reports", stress.len() as f64);

    if tickets.len() >= 2
        && let Some(minutes) = input.metrics.minutes_per_ticket
        && let Some(norm) = input
            .norms
            .choose(input.segment(), Metric::MinutesPerTicket)
            .norm
    {
        let z = norm.z(minutes);
        let s = z_strength(z, policy.norm_far_z, policy.norm_full_z);
        if s > 0.0 {
            components.push(s);
            parts.push(format!(
                "{minutes:.0} handling minutes per ticket against a usual {:.0}",
                norm.median
            ));
            evidence.figure("handling minutes per ticket", minutes);
            evidence.figure("segment median minutes per ticket", norm.median);
            evidence.figure("robust z-score of minutes per ticket", z);
            for t in tickets {
                evidence.record(
                    RecordKind::Ticket,
                    &t.ticket_id,
                    format!("{} min, {}", t.handling_minutes, day(t.opened_at)),
                );
            }
        }
    }

    let agents: BTreeSet<&str> = tickets
        .iter()
        .filter_map(|t| t.agent_id.as_deref())
        .collect();
    evidence.figure("distinct agents", agents.len() as f64);
    // Rotation is judged against how the helpdesk usually assigns agents: where every
    // ticket goes to whoever is free, many agents per customer is normal and says nothing.
    if agents.len() >= policy.strain_min_agents as usize
        && let Some(spread) = input.metrics.agent_spread
        && let Some(norm) = input
            .norms
            .choose(input.segment(), Metric::AgentSpread)
            .norm
    {
        let z = norm.z(spread);
        let s = z_strength(z, policy.norm_far_z, policy.norm_full_z);
        if s >= 0.5 {
            components.push(s);
            evidence.figure("distinct agents per ticket", spread);
            evidence.figure("segment median agents per ticket", norm.median);
            parts.push(format!(
                "{} different agents on {} tickets, where customers usually keep {:.0} % as many agents as tickets",
                agents.len(),
                tickets.len(),
                100.0 * norm.median
            ));
        }
    }

    if components.is_empty() {
        return None;
    }
    components.sort_by(|a, b| b.total_cmp(a));
    let strength = (components[0] + 0.1 * (components.len() - 1) as f64).min(1.0);
    evidence.explanation = format!(
        "Serving this customer strains the staff: {}.",
        parts.join("; ")
    );
    Some(Signal {
        name: SignalName::StaffStrain,
        strength,
        severe: false,
        evidence,
    })
}

/// Separate insults, slurs or harassing remarks in one message: spans other than
/// obscenity that do not overlap an earlier one ("du unfähiger Idiot" and the "Idiot"
/// inside it are one insult; "lying" and "idiot" next to each other are two).
fn separate_insults(spans: &[crate::signals::AbuseSpan]) -> usize {
    let mut aimed: Vec<&crate::signals::AbuseSpan> =
        spans.iter().filter(|s| s.category != "obscenity").collect();
    aimed.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut count = 0;
    let mut covered_until = 0;
    for span in aimed {
        if count == 0 || span.start >= covered_until {
            count += 1;
            covered_until = span.end;
        } else {
            covered_until = covered_until.max(span.end);
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::AbuseSpan;

    fn span(start: usize, end: usize, category: &str) -> AbuseSpan {
        AbuseSpan {
            start,
            end,
            text: String::new(),
            category: category.into(),
        }
    }

    #[test]
    fn nested_spans_are_one_insult_and_swearing_is_none() {
        // "Du unfähiger Idiot" with the "Idiot" inside it, plus a "Scheiße".
        let nested = [
            span(0, 18, "insult"),
            span(13, 18, "insult"),
            span(20, 27, "obscenity"),
        ];
        assert_eq!(separate_insults(&nested), 1);
        // "lazy piece of shit … you useless idiot": two remarks aimed at staff.
        let two = [
            span(20, 38, "obscenity"),
            span(5, 38, "insult"),
            span(60, 77, "insult"),
        ];
        assert_eq!(separate_insults(&two), 2);
        assert_eq!(separate_insults(&[span(0, 4, "obscenity")]), 0);
    }
}
