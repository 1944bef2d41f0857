//! `keepwise report losses [--from --to]`: parted, refused and lost customers by reason,
//! the share where the business was at fault, and training needs by team and agent.

use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use keepwise_core::cases::TrainingFor;
use keepwise_core::cases::losses::loss_report;
use keepwise_store::CaseStore;

use crate::context::Context;
use crate::output::{Format, csv, table};

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    pub report: ReportCmd,
}

#[derive(Debug, clap::Subcommand)]
pub enum ReportCmd {
    /// Parted, refused and lost customers by reason, the share at fault, training needs.
    Losses(LossesArgs),
}

#[derive(Debug, clap::Args)]
pub struct LossesArgs {
    /// First day of the period (cases closed on or after it).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<NaiveDate>,
    /// Last day of the period (cases closed on or before it).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// `keepwise report …`
pub fn run(context: &Context, args: ReportArgs) -> Result<ExitCode> {
    match args.report {
        ReportCmd::Losses(args) => losses(context, args),
    }
}

fn losses(context: &Context, args: LossesArgs) -> Result<ExitCode> {
    let store = context.existing_store()?;
    let cases = context.block_on(store.closed_cases())?;
    let report = loss_report(&cases, args.from, args.to);
    let header = [
        "case_id",
        "customer_id",
        "outcome",
        "closed_on",
        "reason",
        "root_cause",
        "business_at_fault",
    ];
    let lines: Vec<Vec<String>> = report
        .cases
        .iter()
        .map(|l| {
            vec![
                l.case_id.clone(),
                l.customer_id.clone(),
                l.outcome.to_string(),
                l.closed_on.to_string(),
                l.reason.clone(),
                l.root_cause.clone(),
                l.business_at_fault.to_string(),
            ]
        })
        .collect();
    match args.format {
        Format::Json => {
            println!("{}", serde_json::to_string_pretty(&report)?);
            return Ok(ExitCode::SUCCESS);
        }
        Format::Csv => {
            print!("{}", csv(&header, &lines)?);
            return Ok(ExitCode::SUCCESS);
        }
        Format::Table => {}
    }
    let period = match (args.from, args.to) {
        (None, None) => "all time".to_string(),
        (from, to) => format!(
            "{} to {}",
            from.map_or("the start".into(), |d| d.to_string()),
            to.map_or("today".into(), |d| d.to_string())
        ),
    };
    println!(
        "losses, {period}: {} customer(s) — {} parted, {} refused, {} lost; business at fault in {} ({:.0} %)",
        report.customers,
        report.parted,
        report.refused,
        report.lost,
        report.business_at_fault,
        report.at_fault_share * 100.0
    );
    if report.customers == 0 {
        return Ok(ExitCode::SUCCESS);
    }
    println!("\nby reason:");
    let rows: Vec<Vec<String>> = report
        .by_reason
        .iter()
        .map(|r| {
            vec![
                r.outcome.to_string(),
                r.reason.clone(),
                r.customers.to_string(),
                r.business_at_fault.to_string(),
            ]
        })
        .collect();
    print!(
        "{}",
        table(&["outcome", "reason", "customers", "our fault"], &rows)
    );
    if !report.training.is_empty() {
        println!("\ntraining needed:");
        let rows: Vec<Vec<String>> = report
            .training
            .iter()
            .map(|t| {
                let (kind, name) = match &t.who {
                    TrainingFor::Team(name) => ("team", name),
                    TrainingFor::Agent(name) => ("agent", name),
                };
                vec![
                    kind.to_string(),
                    name.clone(),
                    t.topic.clone(),
                    t.cases.to_string(),
                ]
            })
            .collect();
        print!("{}", table(&["for", "who", "topic", "cases"], &rows));
    }
    println!("\ncases:");
    print!("{}", table(&header, &lines));
    Ok(ExitCode::SUCCESS)
}
