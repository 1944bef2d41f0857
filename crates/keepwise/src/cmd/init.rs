//! `keepwise init`: create the store and a documented settings file.

use std::process::ExitCode;

use anyhow::Context as _;

use crate::context::Context;
use crate::settings::TEMPLATE;

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Overwrite an existing settings file with the documented defaults.
    #[arg(long)]
    pub force_config: bool,
}

pub fn run(context: &Context, args: InitArgs) -> anyhow::Result<ExitCode> {
    let existed = context.db.exists();
    let store = context.store()?;
    context.block_on(store.close());
    if existed {
        println!("store {} is up to date", context.db.display());
    } else {
        println!("created store {}", context.db.display());
    }
    if context.config.exists() && !args.force_config {
        println!(
            "kept settings {} (pass --force-config to replace it with the documented defaults)",
            context.config.display()
        );
    } else {
        std::fs::write(&context.config, TEMPLATE)
            .with_context(|| format!("cannot write settings file {}", context.config.display()))?;
        println!(
            "wrote settings {} with every setting and its default",
            context.config.display()
        );
    }
    println!(
        "next: keepwise import DIR   (a folder of customers.csv, orders.csv, … as in docs/format.md)"
    );
    Ok(ExitCode::SUCCESS)
}
