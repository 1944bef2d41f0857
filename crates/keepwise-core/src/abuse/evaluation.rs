//! Scores the detector against a labeled set of messages: precision and recall
//! per language for each level and for the `abusive` decision that principle 8
//! acts on. Pure: the caller reads the set and prints the result.

use super::{AbuseDetector, AbuseLevel};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One message of an evaluation set, as written in `eval/abuse/*.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabeledMessage {
    pub id: String,
    /// The customer's language; passed to the detector as the hint.
    pub lang: String,
    pub text: String,
    /// The level a careful human gives the message.
    pub level: AbuseLevel,
}

/// Counts of one yes/no decision and the scores derived from them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct Scores {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    /// `None` when nothing was predicted positive.
    pub precision: Option<f64>,
    /// `None` when nothing is labeled positive.
    pub recall: Option<f64>,
}

impl Scores {
    fn count(&mut self, predicted: bool, labeled: bool) {
        match (predicted, labeled) {
            (true, true) => self.true_positives += 1,
            (true, false) => self.false_positives += 1,
            (false, true) => self.false_negatives += 1,
            (false, false) => {}
        }
        let (tp, fp, fn_) = (
            self.true_positives as f64,
            self.false_positives as f64,
            self.false_negatives as f64,
        );
        self.precision = (tp + fp > 0.0).then(|| tp / (tp + fp));
        self.recall = (tp + fn_ > 0.0).then(|| tp / (tp + fn_));
    }
}

/// Scores of one language (or of all languages together).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct LanguageScores {
    pub language: String,
    pub messages: usize,
    /// Abuse or threat against the rest.
    pub abusive: Scores,
    /// Each level against the rest.
    pub levels: BTreeMap<AbuseLevel, Scores>,
}

impl LanguageScores {
    fn new(language: &str) -> Self {
        LanguageScores {
            language: language.to_string(),
            ..Default::default()
        }
    }

    fn count(&mut self, predicted: AbuseLevel, labeled: AbuseLevel) {
        self.messages += 1;
        self.abusive
            .count(predicted.is_abusive(), labeled.is_abusive());
        for level in AbuseLevel::ALL {
            self.levels
                .entry(level)
                .or_default()
                .count(predicted == level, labeled == level);
        }
    }
}

/// A message the detector read differently from its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disagreement {
    pub id: String,
    pub lang: String,
    pub text: String,
    pub labeled: AbuseLevel,
    pub predicted: AbuseLevel,
}

/// The result of an evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Evaluation {
    /// Per language, sorted by language code.
    pub languages: Vec<LanguageScores>,
    /// All languages together.
    pub overall: LanguageScores,
    pub disagreements: Vec<Disagreement>,
}

/// Runs the detector on every message, with its `lang` as the customer's language.
pub fn evaluate(detector: &AbuseDetector, messages: &[LabeledMessage]) -> Evaluation {
    let mut per_language: BTreeMap<String, LanguageScores> = BTreeMap::new();
    let mut overall = LanguageScores::new("all");
    let mut disagreements = Vec::new();
    for m in messages {
        let predicted = detector.assess(&m.text, Some(&m.lang)).level;
        per_language
            .entry(m.lang.clone())
            .or_insert_with(|| LanguageScores::new(&m.lang))
            .count(predicted, m.level);
        overall.count(predicted, m.level);
        if predicted != m.level {
            disagreements.push(Disagreement {
                id: m.id.clone(),
                lang: m.lang.clone(),
                text: m.text.clone(),
                labeled: m.level,
                predicted,
            });
        }
    }
    Evaluation {
        languages: per_language.into_values().collect(),
        overall,
        disagreements,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(id: &str, text: &str, level: AbuseLevel) -> LabeledMessage {
        LabeledMessage {
            id: id.into(),
            lang: "en".into(),
            text: text.into(),
            level,
        }
    }

    #[test]
    fn precision_and_recall_count_the_abusive_decision_and_each_level() {
        let set = [
            message("1", "Thanks, it works now.", AbuseLevel::None),
            message("2", "You are a complete idiot.", AbuseLevel::Abuse),
            message("3", "This damn modem again.", AbuseLevel::Profanity),
            // Labeled abuse, but the detector sees no insult: a miss.
            message(
                "4",
                "You are a very special kind of helper.",
                AbuseLevel::Abuse,
            ),
        ];
        let e = evaluate(AbuseDetector::shared(), &set);
        assert_eq!(e.languages.len(), 1);
        let en = &e.languages[0];
        assert_eq!(en.messages, 4);
        assert_eq!(
            (
                en.abusive.true_positives,
                en.abusive.false_positives,
                en.abusive.false_negatives
            ),
            (1, 0, 1)
        );
        assert_eq!(en.abusive.precision, Some(1.0));
        assert_eq!(en.abusive.recall, Some(0.5));
        assert_eq!(en.levels[&AbuseLevel::Profanity].recall, Some(1.0));
        assert_eq!(en.levels[&AbuseLevel::Threat].precision, None);
        assert_eq!(e.disagreements.len(), 1);
        assert_eq!(e.disagreements[0].id, "4");
    }
}
