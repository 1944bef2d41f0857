//! One module per subcommand; [`run`] dispatches.

pub mod backtest;
pub mod demo;
pub mod explain;
pub mod generate;
pub mod import;
pub mod init;
pub mod model;
pub mod status;
pub mod triage;
pub mod value;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::context::Context;

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Command::Demo(args) = cli.command {
        let db = cli.db.unwrap_or_else(|| args.dir.join("keepwise.db"));
        return demo::run(&Context::new(db, cli.config)?, args);
    }
    let context = Context::new(cli.db.unwrap_or_else(|| "keepwise.db".into()), cli.config)?;
    match cli.command {
        Command::Init(args) => init::run(&context, args),
        Command::Import(args) => import::run(&context, args),
        Command::Status(args) => status::run(&context, args),
        Command::Generate(args) => generate::run(args).map(|()| ExitCode::SUCCESS),
        Command::Model(args) => model::run(args).map(|()| ExitCode::SUCCESS),
        Command::Value(args) => value::run(&context, args),
        Command::Triage(args) => triage::run(&context, args),
        Command::Explain(args) => explain::run(&context, args),
        Command::Backtest(args) => backtest::run(&context, args),
        Command::Demo(_) => unreachable!("handled above"),
    }
}
