//! `keepwise explain ID`: the whole reasoning behind one customer's recommendation.

use std::process::ExitCode;

use keepwise_core::assessment::{assess, measure_all};
use keepwise_core::norms::SegmentNorms;

use crate::context::Context;
use crate::scoring::{Scored, parse_as_of};

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The customer's id.
    pub customer_id: String,
    /// Date of the assessment (default: latest timestamp in the data).
    #[arg(long, value_parser = parse_as_of, value_name = "DATE")]
    pub as_of: Option<chrono::DateTime<chrono::Utc>>,
    /// Print the assessment as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(context: &Context, args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let scored = Scored::load(context, args.as_of)?;
    let position = scored.position(&args.customer_id)?;
    let inputs = scored.inputs();
    let ctx = scored.context();
    let norms = SegmentNorms::build(&measure_all(&inputs, &ctx), &scored.settings.policy);
    let assessment = assess(&inputs[position], &norms, &ctx);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&assessment)?);
        return Ok(ExitCode::SUCCESS);
    }
    print!("{}", keepwise_core::explain::render(&assessment));
    if let Some(value) = scored.values[position] {
        println!(
            "\nValue model details (horizon {} months, {:.0} % a year discount):",
            scored.settings.value.horizon_months,
            scored.settings.value.annual_discount_rate * 100.0
        );
        println!(
            "  expected purchases {:.2}, expected margin per purchase {:.2}, contract revenue {:.2}",
            value.expected_purchases,
            value.expected_margin_per_purchase,
            value.expected_contract_revenue
        );
        println!(
            "  expected support contacts {:.2} at {:.2} each",
            value.expected_contacts, scored.statistics[position].mean_cost_per_contact
        );
    } else if let Err(e) = &scored.fitted {
        println!(
            "\nThe value models could not be fitted ({e}); the trailing net contribution stands in."
        );
    }
    Ok(ExitCode::SUCCESS)
}
