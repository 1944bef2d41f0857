//! Pins the hard cases of principle 8 in every language.

use super::*;

fn level(text: &str, lang: &str) -> AbuseLevel {
    AbuseDetector::shared().assess(text, Some(lang)).level
}

#[test]
fn every_built_in_lexicon_compiles() {
    assert!(AbuseDetector::try_new().is_ok());
}
