//! Screens every customer message with the multilingual abuse detector and turns
//! its findings into the evidence the `staff_abuse` signal reads.

use keepwise_core::abuse::{AbuseDetector, AbuseLevel as DetectedLevel};
use keepwise_core::records::{Author, CustomerHistory};
use keepwise_core::signals::{AbuseLevel, AbuseSpan, MessageAbuse};

/// Findings for one customer's messages: only those with any finding, with the spans.
pub fn screen(history: &CustomerHistory) -> Vec<MessageAbuse> {
    let detector = AbuseDetector::shared();
    let customer_language = history
        .customer
        .as_ref()
        .and_then(|c| c.language.as_deref());
    history
        .messages
        .iter()
        .filter(|m| m.author == Author::Customer)
        .filter_map(|m| {
            let found = detector.assess(&m.text, m.language.as_deref().or(customer_language));
            let level = match found.level {
                DetectedLevel::None => return None,
                DetectedLevel::Profanity => AbuseLevel::Profanity,
                DetectedLevel::Abuse => AbuseLevel::Abuse,
                DetectedLevel::Threat => AbuseLevel::Threat,
            };
            Some(MessageAbuse {
                message_id: m.message_id.clone(),
                level,
                spans: found
                    .spans
                    .iter()
                    .map(|s| AbuseSpan {
                        start: s.start,
                        end: s.end,
                        text: s.text.clone(),
                        category: s.category.as_str().to_string(),
                    })
                    .collect(),
            })
        })
        .collect()
}

/// The findings to pass on (every message was screened).
pub fn findings(findings: &[MessageAbuse]) -> Option<&[MessageAbuse]> {
    Some(findings)
}
