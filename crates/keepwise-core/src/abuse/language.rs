//! Decides which language's lexicon a message is read with.
//!
//! Only one language's lists run on a message: a common word of one language
//! is a bad word of another (Czech `pica` is nothing in Spanish, Polish `kurwa`
//! is Czech `kurva`, German `Schwanz` is also a tail). The message's own text
//! is asked first (whatlang, restricted to the languages we have lexicons for);
//! when the text is too short or too ambiguous to tell, the customer's language
//! from the records decides.

use super::normalize::Script;
use whatlang::{Detector, Lang};

/// A language with a lexicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    English,
    Czech,
    Slovak,
    Polish,
    Russian,
    Ukrainian,
    German,
}

impl Language {
    /// Every language with a lexicon.
    pub const ALL: [Language; 7] = [
        Language::English,
        Language::Czech,
        Language::Slovak,
        Language::Polish,
        Language::Russian,
        Language::Ukrainian,
        Language::German,
    ];

    /// ISO 639-1 code, as written in records and reports.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Czech => "cs",
            Language::Slovak => "sk",
            Language::Polish => "pl",
            Language::Russian => "ru",
            Language::Ukrainian => "uk",
            Language::German => "de",
        }
    }

    /// Reads a BCP 47 tag or an ISO 639-1/639-3 code (`cs`, `cs-CZ`, `ces`,
    /// `de_AT`); `None` for a language without a lexicon.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Some(match primary.as_str() {
            "en" | "eng" => Language::English,
            "cs" | "ces" | "cze" => Language::Czech,
            "sk" | "slk" | "slo" => Language::Slovak,
            "pl" | "pol" => Language::Polish,
            "ru" | "rus" => Language::Russian,
            "uk" | "ukr" => Language::Ukrainian,
            "de" | "deu" | "ger" => Language::German,
            _ => return None,
        })
    }

    pub(crate) fn script(self) -> Script {
        match self {
            Language::Russian | Language::Ukrainian => Script::Cyrillic,
            _ => Script::Latin,
        }
    }

    fn from_whatlang(lang: Lang) -> Option<Language> {
        Some(match lang {
            Lang::Eng => Language::English,
            Lang::Ces => Language::Czech,
            Lang::Slk => Language::Slovak,
            Lang::Pol => Language::Polish,
            Lang::Rus => Language::Russian,
            Lang::Ukr => Language::Ukrainian,
            Lang::Deu => Language::German,
            _ => return None,
        })
    }
}

/// Language identification restricted to the languages with lexicons.
pub(crate) struct LanguageDetector {
    detector: Detector,
}

/// Below this whatlang confidence the customer's language is trusted more
/// than the text (short messages, diacritic-free Czech/Slovak/Polish).
const TRUST_TEXT_CONFIDENCE: f64 = 0.5;

impl LanguageDetector {
    pub(crate) fn new() -> Self {
        let detector = Detector::with_allowlist(vec![
            Lang::Eng,
            Lang::Ces,
            Lang::Slk,
            Lang::Pol,
            Lang::Rus,
            Lang::Ukr,
            Lang::Deu,
        ]);
        LanguageDetector { detector }
    }

    /// The language to read `text` in, given the customer's language if known.
    pub(crate) fn decide(&self, text: &str, hint: Option<Language>) -> Option<Language> {
        // Cheap evidence first: letters only one language has and its common
        // short words. When it clearly agrees with the customer's language, or
        // is overwhelming on its own, the trigram detector is not needed.
        if let Some((voted, strong)) = vote(text) {
            match hint {
                Some(h) if h == voted || same_family(h, voted) => return Some(h),
                None if strong => return Some(voted),
                _ => {}
            }
        }
        let script = dominant_script(text);
        let detected = self.detector.detect(text).and_then(|info| {
            Language::from_whatlang(info.lang()).map(|lang| {
                (
                    cyrillic_by_letters(text, lang),
                    info.confidence(),
                    info.is_reliable(),
                )
            })
        });
        match (detected, hint) {
            (None, hint) => hint,
            (Some((lang, _, _)), None) => Some(lang),
            (Some((lang, confidence, reliable)), Some(hint)) => {
                if lang == hint || same_family(lang, hint) && !reliable {
                    return Some(hint);
                }
                // A hint in another alphabet than the text is either a
                // transliteration (Russian typed in Latin letters) or a customer
                // writing in another language; a confident detection decides.
                if reliable
                    || confidence >= TRUST_TEXT_CONFIDENCE
                        && script.is_some_and(|s| s != hint.script())
                {
                    Some(lang)
                } else {
                    Some(hint)
                }
            }
        }
    }
}

/// Russian and Ukrainian share most trigrams, but each has letters the other
/// lacks (Ukrainian і ї є ґ, Russian ы э ъ ё) and short function words of its
/// own (где/де, что/що, это/це). They settle short messages trigrams get wrong.
fn cyrillic_by_letters(text: &str, detected: Language) -> Language {
    if !matches!(detected, Language::Russian | Language::Ukrainian) {
        return detected;
    }
    const RUSSIAN: &[&str] = &[
        "где",
        "что",
        "как",
        "это",
        "вы",
        "его",
        "она",
        "если",
        "когда",
        "уже",
        "еще",
        "меня",
        "или",
        "мне",
        "был",
        "была",
        "нет",
        "только",
        "сейчас",
        "опять",
        "почему",
        "он",
    ];
    const UKRAINIAN: &[&str] = &[
        "де",
        "що",
        "як",
        "це",
        "ви",
        "його",
        "вона",
        "якщо",
        "вже",
        "ще",
        "мене",
        "або",
        "мені",
        "був",
        "була",
        "немає",
        "тільки",
        "зараз",
        "знову",
        "чому",
        "він",
        "та",
    ];
    let lower = text.to_lowercase();
    let ukrainian_letters = lower.chars().any(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ'));
    let russian_letters = lower.chars().any(|c| matches!(c, 'ы' | 'э' | 'ъ' | 'ё'));
    match (ukrainian_letters, russian_letters) {
        (true, false) => return Language::Ukrainian,
        (false, true) => return Language::Russian,
        _ => {}
    }
    let words = lower.split(|c: char| !c.is_alphabetic());
    let (mut ru, mut uk) = (0, 0);
    for w in words {
        ru += RUSSIAN.contains(&w) as usize;
        uk += UKRAINIAN.contains(&w) as usize;
    }
    match ru.cmp(&uk) {
        std::cmp::Ordering::Greater => Language::Russian,
        std::cmp::Ordering::Less => Language::Ukrainian,
        std::cmp::Ordering::Equal => detected,
    }
}

/// Letters that belong to one supported language only.
fn letter_language(c: char) -> Option<Language> {
    Some(match c {
        'ř' | 'ě' | 'ů' | 'Ř' | 'Ě' | 'Ů' => Language::Czech,
        'ľ' | 'ĺ' | 'ŕ' | 'ô' | 'Ľ' | 'Ĺ' | 'Ŕ' | 'Ô' => Language::Slovak,
        'ł' | 'ą' | 'ę' | 'ś' | 'ź' | 'ż' | 'ć' | 'ń' | 'Ł' | 'Ą' | 'Ę' | 'Ś' | 'Ź' | 'Ż' | 'Ć'
        | 'Ń' => Language::Polish,
        'ß' | 'ö' | 'ü' | 'Ö' | 'Ü' => Language::German,
        'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ' => Language::Ukrainian,
        'ы' | 'э' | 'ъ' | 'ё' | 'Ы' | 'Э' | 'Ъ' | 'Ё' => Language::Russian,
        _ => return None,
    })
}

/// Short words frequent in one supported language and rare in the others
/// (sorted, for binary search).
fn common_words(lang: Language) -> &'static [&'static str] {
    match lang {
        Language::English => &[
            "and", "are", "can", "could", "don't", "for", "have", "i'm", "is", "it", "it's", "me",
            "my", "not", "of", "please", "thanks", "that", "the", "this", "was", "what", "why",
            "with", "would", "you", "your",
        ],
        Language::Czech => &[
            "ale", "bych", "co", "dekuji", "děkuji", "jak", "jsem", "jsme", "jsou", "jste", "mě",
            "neni", "není", "proc", "prosim", "prosím", "proč", "se", "taky", "uz", "už", "ze",
            "že",
        ],
        Language::Slovak => &[
            "ako", "dakujem", "nie", "preco", "prečo", "sa", "som", "sú", "ďakujem",
        ],
        Language::Polish => &[
            "albo",
            "bo",
            "czy",
            "dlaczego",
            "dziekuje",
            "dziękuję",
            "jest",
            "jestem",
            "juz",
            "już",
            "mnie",
            "nie",
            "prosze",
            "proszę",
            "sa",
            "sie",
            "się",
            "są",
            "tez",
            "też",
            "tylko",
        ],
        Language::German => &[
            "auf", "bitte", "das", "dem", "den", "der", "die", "ein", "eine", "es", "für", "haben",
            "hat", "ich", "ist", "mein", "meine", "mit", "nicht", "sie", "und", "wir", "zu",
        ],
        Language::Russian => &[
            "вы",
            "где",
            "его",
            "если",
            "еще",
            "как",
            "когда",
            "меня",
            "мне",
            "он",
            "она",
            "опять",
            "пожалуйста",
            "почему",
            "спасибо",
            "только",
            "уже",
            "что",
            "это",
        ],
        Language::Ukrainian => &[
            "або",
            "будь",
            "вже",
            "ви",
            "вона",
            "він",
            "де",
            "дякую",
            "знову",
            "його",
            "мене",
            "мені",
            "це",
            "чому",
            "ще",
            "що",
            "як",
            "якщо",
        ],
    }
}

/// A quick vote of distinctive letters and common words: the language with
/// clearly more evidence than any other, and whether the evidence is strong
/// enough to stand without a hint.
fn vote(text: &str) -> Option<(Language, bool)> {
    let mut score = [0usize; Language::ALL.len()];
    let index = |l: Language| Language::ALL.iter().position(|&x| x == l).unwrap_or(0);
    let mut word = String::new();
    let flush = |word: &mut String, score: &mut [usize; 7]| {
        if !word.is_empty() {
            for lang in Language::ALL {
                if common_words(lang).binary_search(&word.as_str()).is_ok() {
                    score[index(lang)] += 1;
                }
            }
            word.clear();
        }
    };
    for c in text.chars() {
        if let Some(lang) = letter_language(c) {
            score[index(lang)] += 2;
        }
        if c.is_alphabetic() || c == '\'' {
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word, &mut score);
        }
    }
    flush(&mut word, &mut score);
    let mut ranked: Vec<(usize, Language)> = Language::ALL
        .iter()
        .map(|&l| (score[index(l)], l))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0));
    let (best, lang) = ranked[0];
    let second = ranked[1].0;
    (best >= 2 && best >= 2 * second.max(1)).then_some((lang, best >= 4 && second == 0))
}

/// Czech and Slovak are read with mostly shared lists and are hard to tell apart
/// in short texts; the customer's language wins between them.
fn same_family(a: Language, b: Language) -> bool {
    matches!(
        (a, b),
        (Language::Czech, Language::Slovak) | (Language::Slovak, Language::Czech)
    )
}

fn dominant_script(text: &str) -> Option<Script> {
    let (mut latin, mut cyr) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
            latin += 1;
        } else if ('\u{0400}'..='\u{04FF}').contains(&c) {
            cyr += 1;
        }
    }
    match (latin, cyr) {
        (0, 0) => None,
        (l, c) if c > l => Some(Script::Cyrillic),
        _ => Some(Script::Latin),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_of_every_supported_language_are_read() {
        for lang in Language::ALL {
            assert_eq!(Language::from_tag(lang.code()), Some(lang));
        }
        assert_eq!(Language::from_tag("cs-CZ"), Some(Language::Czech));
        assert_eq!(Language::from_tag("de_AT"), Some(Language::German));
        assert_eq!(Language::from_tag("fr"), None);
    }

    #[test]
    fn a_clear_text_is_read_in_its_own_language_whatever_the_hint() {
        let d = LanguageDetector::new();
        let text = "Dzień dobry, od poniedziałku co wieczór zrywa mi internet, proszę o sprawdzenie połączenia.";
        assert_eq!(
            d.decide(text, Some(Language::German)),
            Some(Language::Polish)
        );
        assert_eq!(
            d.decide(
                "Здравствуйте, с понедельника каждый вечер пропадает интернет.",
                None
            ),
            Some(Language::Russian)
        );
    }

    #[test]
    fn common_word_lists_are_sorted_for_binary_search() {
        for lang in Language::ALL {
            let words = common_words(lang);
            assert!(words.windows(2).all(|w| w[0] < w[1]), "{lang:?}");
        }
    }

    #[test]
    fn a_transliterated_message_falls_back_to_the_customers_language() {
        let d = LanguageDetector::new();
        assert_eq!(
            d.decide("ty mudak", Some(Language::Russian)),
            Some(Language::Russian)
        );
    }
}
