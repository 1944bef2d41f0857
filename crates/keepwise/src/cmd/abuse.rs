//! `keepwise abuse`: reads customer messages and says which abuse staff,
//! with the evidence; `--evaluate` scores the detector on a labeled set.

use anyhow::{Context, bail};
use keepwise_core::abuse::evaluation::{self, Evaluation, LabeledMessage, Scores};
use keepwise_core::abuse::{AbuseAssessment, AbuseCategory, AbuseDetector, AbuseLevel, AbuseSpan};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Table,
}

#[derive(Debug, clap::Args)]
#[command(
    about = "Detect abuse, threats and harassment of staff in customer messages",
    long_about = "Reads JSON Lines ({\"id\": \"…\", \"text\": \"…\", \"lang\": \"cs\"}, lang optional) from FILE or standard input, \
or one message with --text, and prints for each message whether it abuses staff (level none, profanity, abuse or threat), \
the categories, the language it was read in and every matched span as evidence. \
With --evaluate FILE it reads a labeled set ({\"id\", \"lang\", \"text\", \"level\"}) and prints precision and recall per language and level."
)]
pub struct AbuseArgs {
    /// JSON Lines file of messages; standard input when absent.
    pub file: Option<PathBuf>,
    /// One message to assess instead of reading JSON Lines.
    #[arg(long, conflicts_with_all = ["file", "evaluate"])]
    pub text: Option<String>,
    /// Customer's language (BCP 47, e.g. cs, de-AT) for messages without their own `lang`.
    #[arg(long)]
    pub lang: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Score the detector on a labeled JSON Lines set instead.
    #[arg(long, value_name = "FILE", conflicts_with = "file")]
    pub evaluate: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
struct InputMessage {
    #[serde(default)]
    id: Option<serde_json::Value>,
    text: String,
    #[serde(default)]
    lang: Option<String>,
}

/// One line of `--format json` output.
#[derive(Debug, Serialize)]
struct Verdict {
    id: String,
    abusive: bool,
    level: AbuseLevel,
    categories: Vec<AbuseCategory>,
    lang: Option<String>,
    spans: Vec<AbuseSpan>,
}

impl Verdict {
    fn new(id: String, a: AbuseAssessment) -> Self {
        Verdict {
            id,
            abusive: a.is_abusive(),
            level: a.level,
            categories: a.categories,
            lang: a.language,
            spans: a.spans,
        }
    }
}

pub fn run(args: AbuseArgs) -> anyhow::Result<()> {
    let detector = AbuseDetector::shared();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if let Some(path) = &args.evaluate {
        let set = read_labeled(path)?;
        let result = evaluation::evaluate(detector, &set);
        match args.format {
            Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&result)?)?,
            Format::Table => write_evaluation(&mut out, &result)?,
        }
        return Ok(());
    }
    let verdicts: Vec<Verdict> = if let Some(text) = &args.text {
        vec![Verdict::new(
            "text".into(),
            detector.assess(text, args.lang.as_deref()),
        )]
    } else {
        let (name, reader): (String, Box<dyn Read>) = match &args.file {
            Some(path) => (
                path.display().to_string(),
                Box::new(
                    std::fs::File::open(path)
                        .with_context(|| format!("cannot open {}", path.display()))?,
                ),
            ),
            None => ("standard input".into(), Box::new(std::io::stdin())),
        };
        let mut verdicts = Vec::new();
        for (n, line) in BufReader::new(reader).lines().enumerate() {
            let line = line.with_context(|| format!("cannot read {name}"))?;
            if line.trim().is_empty() {
                continue;
            }
            let m: InputMessage = serde_json::from_str(&line).with_context(|| {
                format!("{name} line {}: expected a JSON object with \"text\" (and optional \"id\", \"lang\")", n + 1)
            })?;
            let id = match m.id {
                Some(serde_json::Value::String(s)) => s,
                Some(other) => other.to_string(),
                None => (n + 1).to_string(),
            };
            let lang = m.lang.as_deref().or(args.lang.as_deref());
            verdicts.push(Verdict::new(id, detector.assess(&m.text, lang)));
        }
        verdicts
    };
    match args.format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&verdicts)?)?,
        Format::Table => write_verdicts(&mut out, &verdicts)?,
    }
    Ok(())
}

fn read_labeled(path: &PathBuf) -> anyhow::Result<Vec<LabeledMessage>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut set = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let m: LabeledMessage = serde_json::from_str(line).with_context(|| {
            format!(
                "{} line {}: expected {{\"id\", \"lang\", \"text\", \"level\": none|profanity|abuse|threat}}",
                path.display(),
                n + 1
            )
        })?;
        set.push(m);
    }
    if set.is_empty() {
        bail!("{} has no labeled messages", path.display());
    }
    Ok(set)
}

fn write_verdicts(out: &mut impl Write, verdicts: &[Verdict]) -> anyhow::Result<()> {
    writeln!(
        out,
        "{:<16} {:<9} {:<4} {:<28} evidence",
        "id", "level", "lang", "categories"
    )?;
    for v in verdicts {
        let categories: Vec<String> = v
            .categories
            .iter()
            .map(|c| format!("{c:?}").to_lowercase())
            .collect();
        let evidence: Vec<String> = v
            .spans
            .iter()
            .map(|s| {
                format!(
                    "\"{}\" ({}, {})",
                    s.text,
                    format!("{:?}", s.category).to_lowercase(),
                    reading(s)
                )
            })
            .collect();
        writeln!(
            out,
            "{:<16} {:<9} {:<4} {:<28} {}",
            v.id,
            v.level.as_str(),
            v.lang.as_deref().unwrap_or("-"),
            if categories.is_empty() {
                "-".into()
            } else {
                categories.join(",")
            },
            evidence.join("; ")
        )?;
    }
    Ok(())
}

fn reading(s: &AbuseSpan) -> &'static str {
    use keepwise_core::abuse::SpanReading::*;
    match s.reading {
        AimedAtPerson => "aimed at a person",
        Undirected => "undirected",
        SelfDirected => "self-directed",
        Reported => "reported speech",
    }
}

fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:.3}", v)).unwrap_or_else(|| "-".into())
}

fn write_evaluation(out: &mut impl Write, e: &Evaluation) -> anyhow::Result<()> {
    writeln!(out, "abusive (abuse or threat) per language")?;
    writeln!(
        out,
        "{:<6} {:>8} {:>10} {:>8} {:>5} {:>5} {:>5}",
        "lang", "messages", "precision", "recall", "tp", "fp", "fn"
    )?;
    let row = |out: &mut dyn Write, lang: &str, n: usize, s: &Scores| {
        writeln!(
            out,
            "{:<6} {:>8} {:>10} {:>8} {:>5} {:>5} {:>5}",
            lang,
            n,
            pct(s.precision),
            pct(s.recall),
            s.true_positives,
            s.false_positives,
            s.false_negatives
        )
    };
    for l in e.languages.iter().chain(std::iter::once(&e.overall)) {
        row(out, &l.language, l.messages, &l.abusive)?;
    }
    writeln!(out)?;
    writeln!(out, "per level (precision / recall)")?;
    write!(out, "{:<6}", "lang")?;
    for level in AbuseLevel::ALL {
        write!(out, " {:>17}", level.as_str())?;
    }
    writeln!(out)?;
    for l in e.languages.iter().chain(std::iter::once(&e.overall)) {
        write!(out, "{:<6}", l.language)?;
        for level in AbuseLevel::ALL {
            let s = l.levels.get(&level).copied().unwrap_or_default();
            write!(
                out,
                " {:>17}",
                format!("{} / {}", pct(s.precision), pct(s.recall))
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} of {} messages read differently from their label",
        e.disagreements.len(),
        e.overall.messages
    )?;
    for d in &e.disagreements {
        writeln!(
            out,
            "  {} [{}] labeled {}, read {}: {}",
            d.id,
            d.lang,
            d.labeled.as_str(),
            d.predicted.as_str(),
            d.text
        )?;
    }
    Ok(())
}
