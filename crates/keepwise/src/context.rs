//! What every command needs: where the store and the settings are, and an async
//! runtime for the store.

use std::future::Future;
use std::path::PathBuf;

use anyhow::Context as _;
use keepwise_core::config::Settings;
use keepwise_store::Store;

pub struct Context {
    pub db: PathBuf,
    pub config: PathBuf,
    runtime: tokio::runtime::Runtime,
}

impl Context {
    pub fn new(db: PathBuf, config: PathBuf) -> anyhow::Result<Context> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .context("cannot start the async runtime")?;
        Ok(Context {
            db,
            config,
            runtime,
        })
    }

    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Opens the store (creating it when missing), applying migrations.
    pub fn store(&self) -> anyhow::Result<Store> {
        self.block_on(Store::open(&self.db))
            .with_context(|| format!("cannot open the store {}", self.db.display()))
    }

    /// Opens a store that must already exist (read commands should not create one).
    pub fn existing_store(&self) -> anyhow::Result<Store> {
        if !self.db.exists() {
            anyhow::bail!(
                "no store at {}: run `keepwise init` and `keepwise import DIR` first, or pass --db PATH",
                self.db.display()
            );
        }
        self.store()
    }

    pub fn settings(&self) -> anyhow::Result<Settings> {
        crate::settings::load(&self.config)
    }
}
