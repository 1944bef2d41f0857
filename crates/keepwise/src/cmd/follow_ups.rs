//! `keepwise follow-ups [--due DATE]`: parted customers to get back in touch with (principle 7).

use std::process::ExitCode;

use anyhow::Result;
use chrono::{NaiveDate, Utc};
use keepwise_store::CaseStore;

use crate::context::Context;
use crate::output::{Format, csv, table};

#[derive(Debug, clap::Args)]
pub struct FollowUpsArgs {
    /// List follow-ups due on or before this day; default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub due: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// `keepwise follow-ups …`
pub fn run(context: &Context, args: FollowUpsArgs) -> Result<ExitCode> {
    let store = context.existing_store()?;
    let due = args.due.unwrap_or_else(|| Utc::now().date_naive());
    let list = context.block_on(store.follow_ups_due(due))?;
    let header = ["follow_up", "customer_id", "parted_since", "case_id"];
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|f| {
            vec![
                f.follow_up.to_string(),
                f.customer_id.clone(),
                f.since.to_string(),
                f.case_id.clone(),
            ]
        })
        .collect();
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&list)?),
        Format::Csv => print!("{}", csv(&header, &rows)?),
        Format::Table if list.is_empty() => println!("no follow-up due by {due}"),
        Format::Table => {
            print!("{}", table(&header, &rows));
            println!(
                "\nwrite to them with: keepwise script follow_up --customer CUSTOMER_ID --as STAFF_ID"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
