//! `keepwise status-of CUSTOMER_ID`: may we serve this customer? One primary-key look-up.

use std::process::ExitCode;

use anyhow::Result;
use keepwise_core::cases::CustomerStatus;
use keepwise_store::CaseStore;

use crate::context::Context;
use crate::output::{Format, csv};

#[derive(Debug, clap::Args)]
pub struct StatusOfArgs {
    pub customer_id: String,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// `keepwise status-of …`
pub fn run(context: &Context, args: StatusOfArgs) -> Result<ExitCode> {
    let store = context.existing_store()?;
    let status = context.block_on(store.customer_status(&args.customer_id))?;
    let id = &args.customer_id;
    match args.format {
        Format::Json => {
            let mut value = serde_json::to_value(&status)?;
            value["customer_id"] = id.clone().into();
            println!("{}", serde_json::to_string_pretty(&value)?);
        }
        Format::Csv => {
            let (since, follow_up, review) = match &status {
                CustomerStatus::Active => (String::new(), String::new(), String::new()),
                CustomerStatus::Parted {
                    since, follow_up, ..
                } => (
                    since.to_string(),
                    follow_up.map(|d| d.to_string()).unwrap_or_default(),
                    String::new(),
                ),
                CustomerStatus::DoNotServe(r) => (
                    r.approved_at.date_naive().to_string(),
                    String::new(),
                    r.review_date.to_string(),
                ),
            };
            let row = vec![
                id.clone(),
                status.name().to_string(),
                since,
                follow_up,
                review,
            ];
            print!(
                "{}",
                csv(
                    &["customer_id", "status", "since", "follow_up", "review_date"],
                    &[row]
                )?
            );
        }
        Format::Table => match &status {
            CustomerStatus::Active => println!("{id}: active"),
            CustomerStatus::Parted {
                since,
                follow_up,
                case_id,
            } => {
                let follow_up = follow_up
                    .map(|d| format!(", follow up on {d}"))
                    .unwrap_or_default();
                println!("{id}: parted since {since} (case {case_id}){follow_up}");
            }
            CustomerStatus::DoNotServe(record) => println!(
                "{id}: do_not_serve — {} ({}), approved by {} on {}, review on {} (case {})",
                record.reason,
                record.ground,
                record.approver,
                record.approved_at.date_naive(),
                record.review_date,
                record.case_id
            ),
        },
    }
    Ok(ExitCode::SUCCESS)
}
