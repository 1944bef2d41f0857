//! Staff-abuse detection in customer messages (principle 8 of DESIGN.md).
//!
//! Abuse, threats and harassment of employees are a reason to refuse further
//! service, so both errors are costly: a false alarm insults a customer, a miss
//! leaves staff exposed. The detector therefore tells swearing at a thing
//! ("this damn modem") from words aimed at a person ("your courier is an
//! idiot", "I know where your technician lives"), and shows every span it
//! judged so a manager can check the reading.
//!
//! Pipeline: pick the message's language ([`language`]), normalize and split it
//! into tokens ([`normalize`]), match the language's lexicon with one
//! Aho-Corasick pass ([`lexicon`]), read the direction of each hit
//! ([`direction`]), and take the most serious reading as the level.

mod direction;
pub mod evaluation;
mod language;
mod lexicon;
mod normalize;

pub use direction::SpanReading;
pub use language::Language;
pub use lexicon::LexiconError;

use lexicon::{Lexicon, RuleCategory};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// How serious a message is for the staff who receive it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum AbuseLevel {
    /// Nothing offensive.
    #[default]
    None,
    /// Swearing at a thing or a situation: frustration, reported but not abuse.
    Profanity,
    /// Insults, slurs, obscenity or harassment aimed at a person.
    Abuse,
    /// A threat against a person or the business's premises.
    Threat,
}

impl AbuseLevel {
    /// Abuse and threats are the levels that count for principle 8.
    pub fn is_abusive(self) -> bool {
        self >= AbuseLevel::Abuse
    }

    /// The serialized name (`none`, `profanity`, `abuse`, `threat`).
    pub fn as_str(self) -> &'static str {
        match self {
            AbuseLevel::None => "none",
            AbuseLevel::Profanity => "profanity",
            AbuseLevel::Abuse => "abuse",
            AbuseLevel::Threat => "threat",
        }
    }

    /// Reads a serialized name.
    pub fn parse(name: &str) -> Option<AbuseLevel> {
        Some(match name {
            "none" => AbuseLevel::None,
            "profanity" => AbuseLevel::Profanity,
            "abuse" => AbuseLevel::Abuse,
            "threat" => AbuseLevel::Threat,
            _ => return None,
        })
    }

    /// Every level, mildest first.
    pub const ALL: [AbuseLevel; 4] = [
        AbuseLevel::None,
        AbuseLevel::Profanity,
        AbuseLevel::Abuse,
        AbuseLevel::Threat,
    ];
}

/// What kind of offensive language a span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbuseCategory {
    /// Swear words ("shit", "kurva", "Scheiße").
    Obscenity,
    /// Words that demean a person ("idiot", "debil", "dumme Kuh").
    Insult,
    /// Words that demean a group of people.
    Slur,
    /// Threats of violence or harm, with or without a bad word.
    Threat,
    /// Sexual or intrusive personal remarks.
    Harassment,
}

impl AbuseCategory {
    /// The serialized name (`obscenity`, `insult`, `slur`, `threat`, `harassment`).
    pub fn as_str(self) -> &'static str {
        match self {
            AbuseCategory::Obscenity => "obscenity",
            AbuseCategory::Insult => "insult",
            AbuseCategory::Slur => "slur",
            AbuseCategory::Threat => "threat",
            AbuseCategory::Harassment => "harassment",
        }
    }
}

/// One matched piece of the message, with the evidence for its reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbuseSpan {
    /// Byte offset of the first character in the original message.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// The original text of the span.
    pub text: String,
    /// The lexicon entry that matched, as written in the lexicon.
    pub entry: String,
    pub category: AbuseCategory,
    /// At whom the span was read to be aimed.
    pub reading: SpanReading,
    /// What this span alone makes of the message.
    pub level: AbuseLevel,
}

/// The detector's verdict on one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AbuseAssessment {
    pub level: AbuseLevel,
    /// Categories of the spans that raised the level, sorted.
    pub categories: Vec<AbuseCategory>,
    /// ISO 639-1 code of the language the message was read in, if any.
    pub language: Option<String>,
    /// Every span found, in message order, including those that did not raise the level.
    pub spans: Vec<AbuseSpan>,
}

impl AbuseAssessment {
    /// `true` for abuse and threats.
    pub fn is_abusive(&self) -> bool {
        self.level.is_abusive()
    }
}

/// Detects abuse of staff in customer messages. Build once and share: it
/// holds every compiled lexicon. [`AbuseDetector::shared`] gives a process-wide one.
pub struct AbuseDetector {
    detector: language::LanguageDetector,
    lexicons: Vec<(Language, Lexicon)>,
}

static SHARED: LazyLock<AbuseDetector> = LazyLock::new(AbuseDetector::new);

const ENGLISH: &str = include_str!("lexicons/en.txt");
const CZECH_SLOVAK: &str = include_str!("lexicons/cs.txt");
const POLISH: &str = include_str!("lexicons/pl.txt");
const RUSSIAN: &str = include_str!("lexicons/ru.txt");
const UKRAINIAN: &str = include_str!("lexicons/uk.txt");
const GERMAN: &str = include_str!("lexicons/de.txt");

impl Default for AbuseDetector {
    fn default() -> Self {
        Self::new()
    }
}

impl AbuseDetector {
    /// Compiles the built-in lexicons (a few milliseconds).
    pub fn new() -> Self {
        Self::try_new().expect("the built-in abuse lexicons are valid (checked by the abuse tests)")
    }

    /// A detector shared by the whole process, built on first use.
    pub fn shared() -> &'static AbuseDetector {
        &SHARED
    }

    fn try_new() -> Result<Self, LexiconError> {
        let mut lexicons = Vec::new();
        for lang in Language::ALL {
            let source = match lang {
                Language::English => ENGLISH,
                // Slovak is read with the Czech lexicon, which carries the Slovak forms too.
                Language::Czech | Language::Slovak => CZECH_SLOVAK,
                Language::Polish => POLISH,
                Language::Russian => RUSSIAN,
                Language::Ukrainian => UKRAINIAN,
                Language::German => GERMAN,
            };
            lexicons.push((lang, Lexicon::parse(source, lang.script())?));
        }
        Ok(AbuseDetector {
            detector: language::LanguageDetector::new(),
            lexicons,
        })
    }

    /// Assesses one message. `language_hint` is the customer's language from the
    /// records (a BCP 47 tag such as `cs` or `de-AT`); it decides when the text
    /// itself is too short or ambiguous to tell.
    pub fn assess(&self, text: &str, language_hint: Option<&str>) -> AbuseAssessment {
        let hint = language_hint.and_then(Language::from_tag);
        let Some(lang) = self.detector.decide(text, hint) else {
            return AbuseAssessment::default();
        };
        let assessment = self.assess_in(text, lang);
        // Russian and Ukrainian customers often type in Latin letters ("ty mudak",
        // "bl*at"), which language identification reads as some Latin-script
        // language. Their lexicons carry the transliterated words, so such a
        // message is also read in the customer's language, and the more
        // serious reading kept: two lexicons at most, never all of them.
        if let Some(hint) = hint
            && hint != lang
            && hint.script() == normalize::Script::Cyrillic
            && lang.script() == normalize::Script::Latin
        {
            let transliterated = self.assess_in(text, hint);
            if transliterated.level > assessment.level {
                return transliterated;
            }
        }
        assessment
    }

    /// Assesses a message in a given language, skipping detection.
    pub fn assess_in(&self, text: &str, lang: Language) -> AbuseAssessment {
        let lexicon = &self
            .lexicons
            .iter()
            .find(|(l, _)| *l == lang)
            .expect("every language has a lexicon")
            .1;
        let tokens = normalize::tokenize(text, lexicon.script());
        let matches = lexicon.match_tokens(&tokens);
        let hits = lexicon.find_hits(&tokens, &matches);
        let judged = direction::judge(lexicon, &tokens, &matches, &hits);

        let mut spans: Vec<AbuseSpan> = Vec::with_capacity(judged.len());
        for j in judged {
            let rule = &lexicon.rules[j.hit.rule as usize];
            let category = match rule.category {
                RuleCategory::Obscenity => AbuseCategory::Obscenity,
                RuleCategory::Insult => AbuseCategory::Insult,
                RuleCategory::Slur => AbuseCategory::Slur,
                RuleCategory::Threat => AbuseCategory::Threat,
                RuleCategory::Harassment => AbuseCategory::Harassment,
                RuleCategory::Allow | RuleCategory::Report => continue,
            };
            let level = match j.reading {
                SpanReading::AimedAtPerson if category == AbuseCategory::Threat => {
                    AbuseLevel::Threat
                }
                SpanReading::AimedAtPerson => AbuseLevel::Abuse,
                SpanReading::Reported => AbuseLevel::None,
                SpanReading::Undirected | SpanReading::SelfDirected => {
                    if category == AbuseCategory::Obscenity || rule.severity >= 2 {
                        AbuseLevel::Profanity
                    } else {
                        AbuseLevel::None
                    }
                }
            };
            let (start, end) = (tokens[j.hit.first].orig_start, tokens[j.hit.last].orig_end);
            spans.push(AbuseSpan {
                start,
                end,
                text: text[start..end].to_string(),
                entry: rule.source.clone(),
                category,
                reading: j.reading,
                level,
            });
        }
        // The same words matched by several entries: keep the most serious reading.
        spans.sort_by(|a, b| (a.start, a.end, b.level).cmp(&(b.start, b.end, a.level)));
        spans.dedup_by(|later, kept| {
            later.start == kept.start && later.end == kept.end && later.category == kept.category
        });

        let level = spans.iter().map(|s| s.level).max().unwrap_or_default();
        let mut categories: Vec<AbuseCategory> = spans
            .iter()
            .filter(|s| s.level > AbuseLevel::None)
            .map(|s| s.category)
            .collect();
        categories.sort_unstable();
        categories.dedup();
        AbuseAssessment {
            level,
            categories,
            language: Some(lang.code().to_string()),
            spans,
        }
    }
}

#[cfg(test)]
mod tests;
