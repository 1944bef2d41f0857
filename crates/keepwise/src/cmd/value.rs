//! `keepwise value`: each customer's ledger, model outputs and net long-term value.

use std::process::ExitCode;

use keepwise_core::ledger::Ledger;
use keepwise_core::money::to_f64;
use rayon::prelude::*;
use serde_json::json;

use crate::context::Context;
use crate::output::{self, Format};
use crate::scoring::{Scored, parse_as_of};

#[derive(Debug, clap::Args)]
pub struct ValueArgs {
    /// Date the ledger window ends and the forecast starts (default: latest timestamp in the data).
    #[arg(long, value_parser = parse_as_of, value_name = "DATE")]
    pub as_of: Option<chrono::DateTime<chrono::Utc>>,
    /// One customer only.
    #[arg(long, value_name = "ID")]
    pub customer: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

fn money(v: f64) -> String {
    format!("{v:.2}")
}

pub fn run(context: &Context, args: ValueArgs) -> anyhow::Result<ExitCode> {
    let scored = Scored::load_with(context, args.as_of, false)?;
    let fitted = scored
        .fitted
        .as_ref()
        .map_err(|e| anyhow::anyhow!("the value models could not be fitted: {e}"))?;
    let positions: Vec<usize> = match &args.customer {
        Some(id) => vec![scored.position(id)?],
        None => (0..scored.index.histories.len()).collect(),
    };
    let header = [
        "customer_id",
        "revenue",
        "gross_margin",
        "cost_to_serve",
        "concessions",
        "net_contribution",
        "p_alive",
        "expected_purchases",
        "expected_margin",
        "expected_contacts",
        "expected_cost_to_serve",
        "net_long_term_value",
    ];
    // Customers are independent: ledgers and rows are built in parallel, in order.
    let build = |i: usize| {
        let history = &scored.index.histories[i];
        let id = history
            .customer
            .as_ref()
            .map(|c| c.customer_id.clone())
            .unwrap_or_default();
        // Only JSON shows the ledger's order and handling lines.
        let ledger = if args.format == Format::Json {
            Ledger::compute(
                history,
                scored.as_of,
                &scored.settings,
                scored.rates.as_ref(),
            )
        } else {
            Ledger::totals(
                history,
                scored.as_of,
                &scored.settings,
                scored.rates.as_ref(),
            )
        };
        let value = scored.values[i];
        let v = |f: fn(&keepwise_core::models::value::LongTermValue) -> f64| value.as_ref().map(f);
        let row = vec![
            id.clone(),
            money(to_f64(ledger.revenue)),
            money(to_f64(ledger.gross_margin)),
            money(to_f64(ledger.cost_to_serve)),
            money(to_f64(ledger.concessions)),
            money(to_f64(ledger.net_contribution)),
            value
                .and_then(|v| v.p_alive)
                .map_or(String::new(), |p| format!("{p:.3}")),
            v(|x| x.expected_purchases).map_or(String::new(), |x| format!("{x:.2}")),
            v(|x| x.expected_margin).map_or(String::new(), money),
            v(|x| x.expected_contacts).map_or(String::new(), |x| format!("{x:.2}")),
            v(|x| x.expected_cost_to_serve).map_or(String::new(), money),
            v(|x| x.net_long_term_value).map_or(String::new(), money),
        ];
        let object = (args.format == Format::Json).then(|| {
            json!({
                "customer_id": id,
                "as_of": scored.as_of,
                "ledger": ledger,
                "statistics": scored.statistics[i],
                "value": value,
                "net_long_term_value": value.map(|v| v.net_long_term_value),
            })
        });
        (row, object)
    };
    let all = || {
        let built: Vec<(Vec<String>, Option<serde_json::Value>)> =
            positions.par_iter().map(|&i| build(i)).collect();
        let mut rows = Vec::with_capacity(built.len());
        let mut objects = Vec::new();
        for (row, object) in built {
            rows.push(row);
            objects.extend(object);
        }
        (rows, objects)
    };
    match args.format {
        Format::Json => {
            let (_, objects) = all();
            let out = json!({
                "as_of": scored.as_of,
                "models": {
                    "purchases": fitted.purchase_report,
                    "spend": fitted.spend_report,
                    "contacts": fitted.contact_report,
                    "contracts": fitted.contract_report,
                    "notes": fitted.notes,
                },
                "settings": scored.settings.value,
                "customers": objects,
            });
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
        Format::Csv => {
            // Written a block of customers at a time: the rows of a million customers
            // and their text are never all held at once (the same bytes as output::csv).
            let mut writer =
                csv::Writer::from_writer(std::io::BufWriter::new(std::io::stdout().lock()));
            writer.write_record(header)?;
            for block in positions.chunks(16_384) {
                let rows: Vec<Vec<String>> = block.par_iter().map(|&i| build(i).0).collect();
                for row in &rows {
                    writer.write_record(row)?;
                }
            }
            writer.flush()?;
        }
        Format::Table => {
            let (rows, _) = all();
            println!(
                "as of {} · ledger window {} days · forecast {} months at {:.0} % a year",
                scored.as_of.format("%Y-%m-%d %H:%M UTC"),
                scored.settings.value.window_days,
                scored.settings.value.horizon_months,
                scored.settings.value.annual_discount_rate * 100.0
            );
            let params = |r: &keepwise_core::models::fit::FitReport| {
                let p: Vec<String> = r
                    .params
                    .iter()
                    .map(|(k, v)| format!("{k}={v:.4}"))
                    .collect();
                format!(
                    "{} ({}; LL {:.1}; {} customers)",
                    r.model,
                    p.join(", "),
                    r.log_likelihood,
                    r.n_customers
                )
            };
            println!("purchases: {}", params(&fitted.purchase_report));
            if let Some(r) = &fitted.spend_report {
                println!("spend:     {}", params(r));
            }
            if let Some(r) = &fitted.contact_report {
                println!("contacts:  {}", params(r));
            }
            if let Some(r) = &fitted.contract_report {
                println!("contracts: {}", params(r));
            }
            for note in &fitted.notes {
                println!("note: {note}");
            }
            for (what, report) in [
                ("purchases", Some(&fitted.purchase_report)),
                ("contacts", fitted.contact_report.as_ref()),
            ] {
                if let Some(note) = report.and_then(|r| r.note.as_ref()) {
                    println!("note: {what} model: {note}");
                }
            }
            println!();
            print!("{}", output::table(&header, &rows));
        }
    }
    // The process ends next: freeing tens of millions of records one by one would
    // only cost seconds of CPU that the operating system saves.
    std::mem::forget(scored);
    Ok(ExitCode::SUCCESS)
}
