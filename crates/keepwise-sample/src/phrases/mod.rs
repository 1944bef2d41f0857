//! What customers and staff write, per language: fragments with slots that the
//! generator composes into natural messages and reviews.
//!
//! Each language's texts are written natively for that language (not translated
//! word by word). Slots: `{order}` order number, `{ticket}` ticket number,
//! `{days}` a number of days from 5 to 20 (so Slavic plural forms agree),
//! `{amount}` a sum in EUR, `{staff}` a staff member's first name (used only
//! where its case does not change), `{device}` / `{Device}` a device name in the
//! nominative (capitalised for `{Device}`), used only as a sentence subject.

mod cs;
mod de;
mod en;
mod pl;
mod ru;
mod uk;

/// The texts of one language.
pub struct Phrasebook {
    /// BCP 47 tag written to `customers.csv` and `messages.csv`.
    pub code: &'static str,
    /// Countries whose customers write in this language (ISO 3166 alpha-2).
    pub countries: &'static [&'static str],
    /// Full names of private customers.
    pub person_names: &'static [&'static str],
    /// Staff first names (they sign replies and appear in `{staff}`).
    pub staff_names: &'static [&'static str],
    /// Company name stems and legal forms, for business customers.
    pub company_stems: &'static [&'static str],
    pub company_forms: &'static [&'static str],
    /// Devices in the nominative, lower case.
    pub devices: &'static [&'static str],
    /// Customers' openings and closings.
    pub greetings: &'static [&'static str],
    pub sign_offs: &'static [&'static str],
    /// A polite first request.
    pub polite: &'static [&'static str],
    /// A polite reminder.
    pub follow_up: &'static [&'static str],
    /// Frustration, swearing at things and situations, never at people.
    pub frustrated: &'static [&'static str],
    /// Demands for exceptions or things outside the terms.
    pub demanding: &'static [&'static str],
    /// Insults aimed at the agent, courier or technician.
    pub abusive: &'static [&'static str],
    /// Threats against staff, some without a single bad word.
    pub threat: &'static [&'static str],
    /// Refund and compensation claims.
    pub refund_claim: &'static [&'static str],
    /// Wanting to leave a contract that is not used.
    pub cancel: &'static [&'static str],
    /// Needs the business cannot meet.
    pub unsupported: &'static [&'static str],
    /// Asking for a promotion against its terms.
    pub promo_exception: &'static [&'static str],
    /// Thanks after a resolution.
    pub thanks: &'static [&'static str],
    /// Staff replies.
    pub staff_greetings: &'static [&'static str],
    pub staff_ack: &'static [&'static str],
    pub staff_resolved: &'static [&'static str],
    pub staff_declined: &'static [&'static str],
    pub staff_escalated: &'static [&'static str],
    pub staff_unsupported: &'static [&'static str],
    pub staff_calm: &'static [&'static str],
    pub staff_apology: &'static [&'static str],
    pub staff_sign_offs: &'static [&'static str],
    /// Public reviews by rating band.
    pub review_good: &'static [&'static str],
    pub review_mixed: &'static [&'static str],
    pub review_bad: &'static [&'static str],
    /// Swear words (or stems) that customers sometimes mask with an asterisk.
    pub swear_words: &'static [&'static str],
}

/// The helpdesk category of each `polite` text, by position: every language
/// lists its polite requests in this order.
pub const POLITE_TOPICS: [&str; 13] = [
    "delivery",
    "connectivity",
    "billing",
    "billing",
    "delivery",
    "returns",
    "installation",
    "account",
    "technical",
    "technical",
    "billing",
    "delivery",
    "device_fault",
];

/// The position in `staff_resolved` of the resolution that fits a ticket
/// category (every language lists: replacement shipped, invoice corrected,
/// refund approved, fixed remotely, appointment moved, password reset).
pub fn resolution_for(category: &str) -> Option<usize> {
    match category {
        "delivery" => Some(0),
        "billing" => Some(1),
        "refund" | "returns" => Some(2),
        "technical" | "connectivity" | "device_fault" | "app" => Some(3),
        "installation" | "on_site_visit" => Some(4),
        "account" => Some(5),
        _ => None,
    }
}

/// The position in `staff_declined` of the refusal of a promotion exception.
pub const PROMOTION_DECLINE: usize = 1;

/// Every language customers write in.
pub static LANGUAGES: [&Phrasebook; 6] = [
    &cs::BOOK,
    &en::BOOK,
    &de::BOOK,
    &pl::BOOK,
    &ru::BOOK,
    &uk::BOOK,
];

/// How often each language of [`LANGUAGES`] is a customer's language (weights).
pub const LANGUAGE_WEIGHTS: [u32; 6] = [24, 20, 18, 14, 12, 12];

#[cfg(test)]
mod tests {
    use super::*;

    fn lists(book: &Phrasebook) -> Vec<(&'static str, &'static [&'static str])> {
        vec![
            ("countries", book.countries),
            ("person_names", book.person_names),
            ("staff_names", book.staff_names),
            ("company_stems", book.company_stems),
            ("company_forms", book.company_forms),
            ("devices", book.devices),
            ("greetings", book.greetings),
            ("sign_offs", book.sign_offs),
            ("polite", book.polite),
            ("follow_up", book.follow_up),
            ("frustrated", book.frustrated),
            ("demanding", book.demanding),
            ("abusive", book.abusive),
            ("threat", book.threat),
            ("refund_claim", book.refund_claim),
            ("cancel", book.cancel),
            ("unsupported", book.unsupported),
            ("promo_exception", book.promo_exception),
            ("thanks", book.thanks),
            ("staff_greetings", book.staff_greetings),
            ("staff_ack", book.staff_ack),
            ("staff_resolved", book.staff_resolved),
            ("staff_declined", book.staff_declined),
            ("staff_escalated", book.staff_escalated),
            ("staff_unsupported", book.staff_unsupported),
            ("staff_calm", book.staff_calm),
            ("staff_apology", book.staff_apology),
            ("staff_sign_offs", book.staff_sign_offs),
            ("review_good", book.review_good),
            ("review_mixed", book.review_mixed),
            ("review_bad", book.review_bad),
            ("swear_words", book.swear_words),
        ]
    }

    #[test]
    fn every_language_has_every_kind_of_text() {
        for book in LANGUAGES {
            for (name, list) in lists(book) {
                assert!(!list.is_empty(), "{}: {name} is empty", book.code);
                assert!(
                    list.iter().all(|text| !text.trim().is_empty()),
                    "{}: {name} has a blank text",
                    book.code
                );
            }
        }
    }

    #[test]
    fn customer_texts_come_in_many_variants() {
        for book in LANGUAGES {
            for (name, list) in [
                ("polite", book.polite),
                ("frustrated", book.frustrated),
                ("demanding", book.demanding),
                ("abusive", book.abusive),
                ("threat", book.threat),
            ] {
                assert!(
                    list.len() >= 8,
                    "{}: only {} {name} texts",
                    book.code,
                    list.len()
                );
            }
        }
    }

    #[test]
    fn texts_chosen_by_position_have_the_same_positions_in_every_language() {
        for book in LANGUAGES {
            assert_eq!(
                book.polite.len(),
                POLITE_TOPICS.len(),
                "{}: polite",
                book.code
            );
            assert_eq!(
                book.staff_resolved.len(),
                6,
                "{}: staff_resolved",
                book.code
            );
            assert!(
                book.staff_declined.len() > PROMOTION_DECLINE,
                "{}: staff_declined",
                book.code
            );
        }
    }

    #[test]
    fn slots_are_only_the_known_ones() {
        let known = [
            "{order}", "{ticket}", "{days}", "{amount}", "{staff}", "{device}", "{Device}",
        ];
        for book in LANGUAGES {
            for (name, list) in lists(book) {
                for text in list {
                    let mut rest = *text;
                    while let Some(start) = rest.find('{') {
                        let end = rest[start..]
                            .find('}')
                            .map(|e| start + e + 1)
                            .unwrap_or(rest.len());
                        let slot = &rest[start..end];
                        assert!(
                            known.contains(&slot),
                            "{}: {name}: unknown slot {slot} in {text}",
                            book.code
                        );
                        rest = &rest[end..];
                    }
                }
            }
        }
    }
}
