//! Subcommands of the `keepwise` binary.

pub mod abuse;
