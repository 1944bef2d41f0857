//! `keepwise triage`: every customer's recommended action, those needing attention
//! first, by money at stake.

use std::process::ExitCode;

use keepwise_core::assessment::{assess, score_all, triage_scores};
use keepwise_core::records::Action;

use crate::context::Context;
use crate::output::{self, Format};
use crate::scoring::{Scored, parse_as_of};

#[derive(Debug, clap::Args)]
pub struct TriageArgs {
    /// Date of the assessment (default: latest timestamp in the data).
    #[arg(long, value_parser = parse_as_of, value_name = "DATE")]
    pub as_of: Option<chrono::DateTime<chrono::Utc>>,
    /// Only these actions (repeatable): keep, watch, recover, set_boundaries, offer_exit, part_ways, refuse_service.
    #[arg(long = "action", value_parser = parse_action, value_name = "A")]
    pub actions: Vec<Action>,
    /// At most this many customers.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn parse_action(text: &str) -> Result<Action, String> {
    text.parse().map_err(|()| {
        format!(
            "'{text}' is not an action; use one of {}",
            Action::expected()
        )
    })
}

pub fn run(context: &Context, args: TriageArgs) -> anyhow::Result<ExitCode> {
    let scored = Scored::load(context, args.as_of)?;
    let inputs = scored.inputs();
    let ctx = scored.context();
    let scores = score_all(&inputs, &ctx);
    let queue = triage_scores(&scores.scores, &args.actions, args.limit);
    match args.format {
        Format::Json => {
            let rows: Vec<_> = queue
                .iter()
                .map(|&i| {
                    let a = assess(&inputs[i], &scores.norms, &ctx);
                    serde_json::json!({
                        "customer_id": a.customer_id,
                        "name": a.name,
                        "segment": a.segment,
                        "action": a.decision.action,
                        "script": a.decision.script,
                        "money_at_stake": a.decision.money_at_stake.total,
                        "net_long_term_value": a.value.net_long_term_value,
                        "cost_to_serve": a.decision.money_at_stake.cost_to_serve,
                        "concessions": a.decision.money_at_stake.concessions,
                        "signals": a.signals,
                    })
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&rows)?);
        }
        Format::Csv | Format::Table => {
            let header = [
                "customer_id",
                "action",
                "money_at_stake",
                "net_long_term_value",
                "cost_to_serve",
                "script",
                "signals",
            ];
            let rows: Vec<Vec<String>> = queue
                .iter()
                .map(|&i| {
                    let s = &scores.scores[i];
                    let id = scored.index.histories[i]
                        .customer
                        .as_ref()
                        .map(|c| c.customer_id.clone())
                        .unwrap_or_default();
                    let signals: Vec<String> = s
                        .signals
                        .iter()
                        .map(|(n, st)| format!("{}({st:.2})", n.as_str()))
                        .collect();
                    vec![
                        id,
                        s.action.to_string(),
                        format!("{:.0}", s.money_at_stake),
                        format!("{:.0}", s.net_long_term_value),
                        format!("{:.0}", s.cost_to_serve),
                        s.script.map(|x| x.as_str().to_string()).unwrap_or_default(),
                        signals.join(" "),
                    ]
                })
                .collect();
            if args.format == Format::Csv {
                print!("{}", output::csv(&header, &rows)?);
            } else {
                let mut counts = std::collections::BTreeMap::new();
                for s in &scores.scores {
                    *counts.entry(s.action).or_insert(0u64) += 1;
                }
                let summary: Vec<String> = counts.iter().map(|(a, n)| format!("{a} {n}")).collect();
                println!(
                    "{} customers as of {} — {}",
                    scores.scores.len(),
                    scored.as_of.format("%Y-%m-%d"),
                    summary.join(", ")
                );
                println!(
                    "money in {} (reporting currency); `keepwise explain ID` shows the evidence\n",
                    currency(&scored)
                );
                print!("{}", output::table(&header, &rows));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn currency(scored: &Scored) -> String {
    scored
        .rates
        .as_ref()
        .map(|r| r.reporting.clone())
        .or_else(|| {
            scored
                .index
                .histories
                .iter()
                .flat_map(|h| &h.orders)
                .map(|o| o.currency.clone())
                .next()
        })
        .unwrap_or_else(|| "-".to_string())
}
