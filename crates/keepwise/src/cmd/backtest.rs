//! `keepwise backtest --labels FILE`: the recommendations against decisions a
//! business took, with every disagreement and its evidence.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use keepwise_core::assessment::assess_all;
use keepwise_core::backtest::compare;
use keepwise_core::records::{Action, Label};

use crate::context::Context;
use crate::output;
use crate::scoring::{Scored, parse_as_of};

#[derive(Debug, clap::Args)]
pub struct BacktestArgs {
    /// CSV with columns customer_id,action (FORMAT.md, labels.csv).
    #[arg(long, value_name = "FILE")]
    pub labels: PathBuf,
    /// Date of the assessment (default: latest timestamp in the data).
    #[arg(long, value_parser = parse_as_of, value_name = "DATE")]
    pub as_of: Option<chrono::DateTime<chrono::Utc>>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// How many disagreements to list in the text report (all in JSON).
    #[arg(long, default_value_t = 50)]
    pub show: usize,
}

fn read_labels(path: &PathBuf) -> anyhow::Result<Vec<Label>> {
    let name = path.display().to_string();
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("cannot read labels file {name}"))?;
    let headers = reader
        .headers()
        .with_context(|| format!("{name}:1: cannot read the header"))?
        .clone();
    let column = |wanted: &str| {
        headers.iter().position(|h| h == wanted).with_context(|| {
            format!(
                "{name}:1: column '{wanted}' is missing — expected the columns customer_id,action"
            )
        })
    };
    let (id_col, action_col) = (column("customer_id")?, column("action")?);
    let mut labels = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = record.with_context(|| format!("{name}: malformed CSV"))?;
        let line = record.position().map_or(0, |p| p.line());
        let id = record.get(id_col).unwrap_or_default().to_string();
        let action = record.get(action_col).unwrap_or_default();
        match action.parse::<Action>() {
            Ok(action) if !id.is_empty() => labels.push(Label {
                customer_id: id,
                action,
            }),
            Ok(_) => problems.push(format!(
                "{name}:{line}: column 'customer_id': a value (the column is required)"
            )),
            Err(()) => problems.push(format!(
                "{name}:{line}: column 'action': value '{action}' — expected one of {}",
                Action::expected()
            )),
        }
    }
    if !problems.is_empty() {
        anyhow::bail!(
            "{}\n{} problem(s) in the labels file",
            problems.join("\n"),
            problems.len()
        );
    }
    Ok(labels)
}

pub fn run(context: &Context, args: BacktestArgs) -> anyhow::Result<ExitCode> {
    let labels = read_labels(&args.labels)?;
    let scored = Scored::load(context, args.as_of)?;
    let inputs = scored.inputs();
    let assessments = assess_all(&inputs, &scored.context()).assessments;
    let report = compare(&assessments, &labels);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "backtest of {} labelled customers as of {}\n",
        report.compared,
        scored.as_of.format("%Y-%m-%d")
    );
    println!(
        "confusion matrix (rows: the business's decision, columns: keepwise's recommendation)"
    );
    let short = [
        "keep", "watch", "recover", "bounds", "exit", "part", "refuse",
    ];
    let mut header = vec!["label \\ recommended"];
    header.extend(short);
    let rows: Vec<Vec<String>> = Action::ALL
        .iter()
        .zip(&report.confusion)
        .map(|(a, row)| {
            std::iter::once(a.to_string())
                .chain(row.iter().map(|n| n.to_string()))
                .collect()
        })
        .collect();
    print!("{}", output::table(&header, &rows));
    println!();
    let rows: Vec<Vec<String>> = report
        .per_action
        .iter()
        .map(|s| {
            vec![
                s.action.to_string(),
                s.support.to_string(),
                s.predicted.to_string(),
                format!("{:.3}", s.precision),
                format!("{:.3}", s.recall),
                format!("{:.3}", s.f1),
            ]
        })
        .collect();
    print!(
        "{}",
        output::table(
            &[
                "action",
                "labelled",
                "recommended",
                "precision",
                "recall",
                "f1"
            ],
            &rows
        )
    );
    println!(
        "\nmacro-F1 {:.3} · accuracy {:.3} · costly errors (part_ways/refuse_service for keep/watch/recover/set_boundaries): {}",
        report.macro_f1, report.accuracy, report.costly_errors
    );
    if !report.unknown_customers.is_empty() {
        println!(
            "{} labelled customers are not in the store (first: {})",
            report.unknown_customers.len(),
            report.unknown_customers[0]
        );
    }
    if !report.disagreements.is_empty() {
        println!(
            "\ndisagreements ({} in all{}):",
            report.disagreements.len(),
            if report.disagreements.len() > args.show {
                format!(", first {} shown; --json lists all", args.show)
            } else {
                String::new()
            }
        );
        for d in report.disagreements.iter().take(args.show) {
            let signals: Vec<String> = d
                .signals
                .iter()
                .map(|s| format!("{}({:.2})", s.name.as_str(), s.strength))
                .collect();
            println!(
                "- {}: labelled {}, recommended {}{} — {}; net long-term value {:.0}; signals: {}",
                d.customer_id,
                d.label,
                d.recommended,
                if d.costly { " [COSTLY]" } else { "" },
                d.deciding_rule,
                d.net_long_term_value,
                if signals.is_empty() {
                    "none".to_string()
                } else {
                    signals.join(" ")
                }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
