//! `keepwise exit-terms CONTRACT_ID [--as-of DATE] --format table|json`: the fair exit
//! fee next to enforcing the contract, with the arithmetic.

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use chrono::{NaiveDate, Utc};
use keepwise_core::exit_terms::exit_terms;
use keepwise_store::{CustomerStore, StoreError};

use crate::context::Context;
use crate::output::{Format, csv, table};

#[derive(Debug, clap::Args)]
pub struct ExitTermsArgs {
    pub contract_id: String,
    /// The day the terms are computed for; default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// `keepwise exit-terms …`
pub fn run(context: &Context, args: ExitTermsArgs) -> Result<ExitCode> {
    let store = context.existing_store()?;
    let as_of = args.as_of.unwrap_or_else(|| Utc::now().date_naive());
    let (contract, history) = context.block_on(async {
        let contract = store
            .contract(&args.contract_id)
            .await
            .map_err(|error| match error {
                StoreError::NotFound(what) => {
                    anyhow!("{what} not found: check the id in contracts.csv")
                }
                other => other.into(),
            })?;
        let history = store.customer_history(&contract.customer_id).await?;
        anyhow::Ok((contract, history))
    })?;
    let terms = exit_terms(&contract, &history.usage, as_of);
    let rows: Vec<Vec<String>> = terms
        .rows()
        .into_iter()
        .map(|(k, v)| vec![k.to_string(), v])
        .collect();
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&terms)?),
        Format::Csv => print!("{}", csv(&["item", "value"], &rows)?),
        Format::Table => {
            print!("{}", table(&["exit terms", ""], &rows));
            println!("\narithmetic:");
            for line in &terms.arithmetic {
                println!("  {line}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
