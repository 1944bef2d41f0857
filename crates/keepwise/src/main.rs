//! The `keepwise` command line.
//!
//! Minimal dispatch written on the `abuse` branch so the abuse command and its
//! tests run; the lead's full CLI replaces it when the branches are merged.

mod cmd;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "keepwise",
    version,
    about = "Keep, fix, or let go? For every customer, with the facts, the money and the words to say it."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Detect abuse, threats and harassment of staff in customer messages.
    Abuse(cmd::abuse::AbuseArgs),
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Abuse(args) => cmd::abuse::run(args),
    }
}
