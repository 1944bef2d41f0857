//! One module per subcommand; [`run`] dispatches.

pub mod import;
pub mod init;
pub mod status;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::context::Context;

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let context = Context::new(cli.db, cli.config)?;
    match cli.command {
        Command::Init(args) => init::run(&context, args),
        Command::Import(args) => import::run(&context, args),
        Command::Status(args) => status::run(&context, args),
    }
}
