//! `keepwise status`: rows per entity and the last imports.

use std::process::ExitCode;

use keepwise_store::{CustomerStore, ImportStore};

use crate::context::Context;
use crate::output::{self, Format};

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// How many recent imports to show.
    #[arg(long, default_value_t = 5)]
    pub imports: u32,
}

pub fn run(context: &Context, args: StatusArgs) -> anyhow::Result<ExitCode> {
    let store = context.existing_store()?;
    let counts = context.block_on(store.entity_counts())?;
    let imports = context.block_on(store.recent_imports(args.imports))?;
    let currency = context.block_on(store.reporting_currency())?;
    match args.format {
        Format::Json => {
            println!("{}", serde_json::to_string_pretty(&counts)?);
        }
        Format::Csv => {
            let rows: Vec<Vec<String>> = counts
                .iter()
                .map(|(k, v)| vec![k.clone(), v.to_string()])
                .collect();
            print!("{}", output::csv(&["entity", "rows"], &rows)?);
        }
        Format::Table => {
            println!("store {}", context.db.display());
            if let Some(c) = currency {
                println!("reporting currency {c}");
            }
            println!();
            let rows: Vec<Vec<String>> = counts
                .iter()
                .map(|(k, v)| vec![k.clone(), v.to_string()])
                .collect();
            print!("{}", output::table(&["entity", "rows"], &rows));
            println!();
            if imports.is_empty() {
                println!("no imports yet: run `keepwise import DIR`");
            } else {
                let rows: Vec<Vec<String>> = imports
                    .iter()
                    .map(|b| {
                        let new: u64 = b.files.iter().map(|f| f.counts.new).sum();
                        let changed: u64 = b.files.iter().map(|f| f.counts.changed).sum();
                        vec![
                            b.batch_id.to_string(),
                            b.finished_at.clone(),
                            b.operator.clone(),
                            b.rows_total.to_string(),
                            new.to_string(),
                            changed.to_string(),
                            b.source.clone(),
                        ]
                    })
                    .collect();
                println!("last imports");
                print!(
                    "{}",
                    output::table(
                        &[
                            "batch", "finished", "by", "rows", "new", "changed", "source"
                        ],
                        &rows
                    )
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
