//! The pipeline behind `value`, `triage`, `explain` and `backtest`: load every
//! customer's records, fit the value models on the whole base, screen messages for
//! abuse of staff, and hand it all to the core's assessment.

use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, Utc};
use keepwise_core::assessment::{AssessContext, CustomerInput, ValueFigures};
use keepwise_core::config::Settings;
use keepwise_core::ledger::CurrencyTable;
use keepwise_core::models::value::LongTermValue;
use keepwise_core::signals::MessageAbuse;
use keepwise_core::valuation::{self, CustomerStatistics, FittedValueModels};
use keepwise_store::{CustomerStore, HistoryIndex};
use rayon::prelude::*;

use crate::context::Context;

/// Everything the assessment needs, for the whole customer base.
pub struct Scored {
    pub index: HistoryIndex,
    pub as_of: DateTime<Utc>,
    pub settings: Settings,
    pub rates: Option<CurrencyTable>,
    pub statistics: Vec<CustomerStatistics>,
    /// The fitted models, or why they could not be fitted.
    pub fitted: Result<FittedValueModels, String>,
    pub values: Vec<Option<LongTermValue>>,
    pub figures: Vec<Option<ValueFigures>>,
    pub abuse: Vec<Vec<MessageAbuse>>,
}

/// Parses `--as-of`: a date (end of that day) or an RFC 3339 timestamp.
pub fn parse_as_of(text: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map(|t| t.and_utc())
        .ok_or_else(|| format!("'{text}' is not a date (2025-06-30) or an RFC 3339 timestamp"))
}

impl Scored {
    /// Loads, fits and values the whole base and screens messages for abuse.
    pub fn load(context: &Context, as_of: Option<DateTime<Utc>>) -> anyhow::Result<Scored> {
        Scored::load_with(context, as_of, true)
    }

    /// Loads, fits and values the whole base; `screen_abuse` false leaves
    /// `abuse` empty for every customer and loads only the customers' orders,
    /// concessions, tickets (without messages) and contracts (`value` uses nothing
    /// else).
    pub fn load_with(
        context: &Context,
        as_of: Option<DateTime<Utc>>,
        screen_abuse: bool,
    ) -> anyhow::Result<Scored> {
        let settings = context.settings()?;
        let store = context.existing_store()?;
        // Without the abuse screening only the money records are needed (valuing
        // a million customers reads a third of the rows); the default `as_of` still
        // counts the records left unread.
        let (index, latest_unloaded) = if screen_abuse {
            let index = context
                .block_on(store.all_histories(true))
                .context("cannot read the stored records")?;
            (index, None)
        } else {
            let records = context
                .block_on(store.valuation_records())
                .context("cannot read the stored records")?;
            (records.index, records.latest_unloaded)
        };
        context.block_on(store.close());
        if index.histories.is_empty() {
            anyhow::bail!(
                "the store {} holds no customers: run `keepwise import DIR` first",
                context.db.display()
            );
        }
        let as_of = match as_of {
            Some(t) => t,
            None => keepwise_core::assessment::latest_timestamp(&index.histories)
                .max(latest_unloaded)
                .context("the stored records have no timestamps; pass --as-of")?,
        };
        let rates = if index.rates.is_empty() {
            None
        } else {
            Some(
                CurrencyTable::new(&index.rates)
                    .map_err(|e| anyhow::anyhow!("stored rates are unusable: {e}"))?,
            )
        };
        let statistics: Vec<CustomerStatistics> = index
            .histories
            .par_iter()
            .map(|h| valuation::customer_statistics(h, as_of, &settings, rates.as_ref()))
            .collect();
        let fitted = valuation::fit_value_models(&index.histories, &statistics, as_of, &settings)
            .map_err(|e| e.to_string());
        let values: Vec<Option<LongTermValue>> = match &fitted {
            Ok(models) => valuation::customer_values(models, &statistics, &settings)
                .into_iter()
                .map(Result::ok)
                .collect(),
            Err(_) => vec![None; statistics.len()],
        };
        let model_name = fitted.as_ref().ok().map(|f| {
            let mut name = f.purchase_report.model.clone();
            if f.spend_report.is_some() {
                name.push_str(" + gamma-gamma");
            }
            if f.contract_report.is_some() {
                name.push_str(" + sbg");
            }
            name
        });
        let figures = values
            .iter()
            .map(|v| {
                v.map(|v| ValueFigures {
                    net_long_term_value: Some(v.net_long_term_value),
                    expected_margin: Some(v.expected_margin),
                    expected_cost_to_serve: Some(v.expected_cost_to_serve),
                    p_alive: v.p_alive,
                    model: model_name.clone(),
                })
            })
            .collect();
        let abuse = if screen_abuse {
            index
                .histories
                .par_iter()
                .map(crate::abuse_screen::screen)
                .collect()
        } else {
            vec![Vec::new(); index.histories.len()]
        };
        Ok(Scored {
            index,
            as_of,
            settings,
            rates,
            statistics,
            fitted,
            values,
            figures,
            abuse,
        })
    }

    pub fn context(&self) -> AssessContext<'_> {
        AssessContext::new(
            &self.index.promotions,
            self.as_of,
            &self.settings,
            self.rates.as_ref(),
        )
    }

    pub fn inputs(&self) -> Vec<CustomerInput<'_>> {
        self.index
            .histories
            .iter()
            .enumerate()
            .map(|(i, history)| CustomerInput {
                history,
                value: self.figures[i].as_ref(),
                abuse: crate::abuse_screen::findings(&self.abuse[i]),
                declined_offer_cases: &[],
            })
            .collect()
    }

    /// Position of a customer in the base.
    pub fn position(&self, customer_id: &str) -> anyhow::Result<usize> {
        self.index
            .histories
            .iter()
            .position(|h| h.customer.as_ref().is_some_and(|c| c.customer_id == customer_id))
            .with_context(|| format!("no customer '{customer_id}' in the store: check the id (keepwise triage lists them)"))
    }
}
