//! keepwise's domain core: it takes a business's records and returns decisions.
//!
//! Everything here is pure: no database, no clock, no network. Time enters as an
//! explicit `as_of`, settings as a [`config::Settings`] value, and records as the
//! types of [`records`], which mirror the canonical import format (FORMAT.md).

pub mod assessment;
pub mod backtest;
pub mod config;
pub mod explain;
pub mod ledger;
pub mod models;
pub mod money;
pub mod norms;
pub mod policy;
pub mod records;
pub mod signals;
pub mod valuation;
