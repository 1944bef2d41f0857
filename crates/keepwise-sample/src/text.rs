//! Composing messages and reviews from a language's fragments: slots filled with
//! the customer's facts, optional greeting and sign-off, and the way people type
//! (no diacritics in a hurry, a swear word masked with an asterisk).

use crate::dist::{Rand, between, chance, pick};
use crate::phrases::Phrasebook;

/// The facts a message may mention.
pub struct Slots<'a> {
    pub order: &'a str,
    pub ticket: &'a str,
    pub staff: &'a str,
    pub amount: &'a str,
}

/// Fills the slots of one fragment.
pub fn fill(rng: &mut Rand, book: &Phrasebook, fragment: &str, slots: &Slots) -> String {
    let mut text = String::with_capacity(fragment.len() + 24);
    let mut rest = fragment;
    while let Some(start) = rest.find('{') {
        text.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let slot = &rest[start + 1..start + len];
        match slot {
            "order" => text.push_str(slots.order),
            "ticket" => text.push_str(slots.ticket),
            "staff" => text.push_str(slots.staff),
            "amount" => text.push_str(slots.amount),
            "days" => text.push_str(&between(rng, 5, 20).to_string()),
            "device" => text.push_str(pick(rng, book.devices)),
            "Device" => text.push_str(&capitalised(pick(rng, book.devices))),
            other => {
                text.push('{');
                text.push_str(other);
                text.push('}');
            }
        }
        rest = &rest[start + len + 1..];
    }
    text.push_str(rest);
    text
}

/// Joins fragments into one message: greeting, one or two core sentences, sign-off.
pub fn compose(
    rng: &mut Rand,
    book: &Phrasebook,
    greeting: Option<&str>,
    cores: &[&str],
    sign_off: Option<&str>,
    slots: &Slots,
) -> String {
    let mut text = String::with_capacity(160);
    if let Some(greeting) = greeting {
        text.push_str(&fill(rng, book, greeting, slots));
        text.push(if chance(rng, 0.6) { '\n' } else { ' ' });
    }
    for (i, core) in cores.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(&fill(rng, book, core, slots));
    }
    if let Some(sign_off) = sign_off {
        text.push('\n');
        text.push_str(&fill(rng, book, sign_off, slots));
    }
    text
}

/// Types a customer's message the way people do: sometimes without diacritics
/// or capitals, sometimes with a swear word masked (`k*rva`).
pub fn roughen(rng: &mut Rand, book: &Phrasebook, text: String) -> String {
    let mut text = text;
    if chance(rng, 0.3) {
        text = mask_swearing(book, &text);
    }
    if chance(rng, 0.15) {
        text = without_diacritics(&text);
    }
    if chance(rng, 0.06) {
        text = text.to_lowercase();
    }
    text
}

/// Replaces the second letter of every swear word with `*` (`idiot` → `i*iot`).
pub fn mask_swearing(book: &Phrasebook, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    // Char-for-char lower case keeps positions aligned with `chars`.
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    for word in book.swear_words {
        let word: Vec<char> = word.chars().collect();
        if word.len() < 2 || word.len() > lower.len() {
            continue;
        }
        for start in 0..=lower.len() - word.len() {
            if lower[start..start + word.len()] == word[..] {
                chars[start + 1] = '*';
            }
        }
    }
    chars.into_iter().collect()
}

/// Drops Czech, Polish and German diacritics the way hurried typists do.
pub fn without_diacritics(text: &str) -> String {
    let mut result = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            'á' | 'ą' => result.push('a'),
            'č' | 'ć' => result.push('c'),
            'ď' => result.push('d'),
            'é' | 'ě' | 'ę' => result.push('e'),
            'í' => result.push('i'),
            'ł' => result.push('l'),
            'ň' | 'ń' => result.push('n'),
            'ó' => result.push('o'),
            'ř' => result.push('r'),
            'š' | 'ś' => result.push('s'),
            'ť' => result.push('t'),
            'ú' | 'ů' => result.push('u'),
            'ý' => result.push('y'),
            'ž' | 'ź' | 'ż' => result.push('z'),
            'Á' | 'Ą' => result.push('A'),
            'Č' | 'Ć' => result.push('C'),
            'Ď' => result.push('D'),
            'É' | 'Ě' | 'Ę' => result.push('E'),
            'Í' => result.push('I'),
            'Ł' => result.push('L'),
            'Ň' | 'Ń' => result.push('N'),
            'Ó' => result.push('O'),
            'Ř' => result.push('R'),
            'Š' | 'Ś' => result.push('S'),
            'Ť' => result.push('T'),
            'Ú' | 'Ů' => result.push('U'),
            'Ý' => result.push('Y'),
            'Ž' | 'Ź' | 'Ż' => result.push('Z'),
            'ä' => result.push_str("ae"),
            'ö' => result.push_str("oe"),
            'ü' => result.push_str("ue"),
            'Ä' => result.push_str("Ae"),
            'Ö' => result.push_str("Oe"),
            'Ü' => result.push_str("Ue"),
            'ß' => result.push_str("ss"),
            other => result.push(other),
        }
    }
    result
}

/// The text with its first letter in upper case.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phrases::LANGUAGES;
    use rand::SeedableRng;

    fn slots() -> Slots<'static> {
        Slots {
            order: "48213",
            ticket: "T-77",
            staff: "Petra",
            amount: "49.90",
        }
    }

    #[test]
    fn slots_are_filled_with_the_facts() {
        let mut rng = Rand::seed_from_u64(3);
        let book = LANGUAGES[0];
        let text = fill(
            &mut rng,
            book,
            "Objednávka {order}, tiket {ticket}, {amount} EUR, {staff}.",
            &slots(),
        );
        assert_eq!(text, "Objednávka 48213, tiket T-77, 49.90 EUR, Petra.");
        let days = fill(&mut rng, book, "{days}", &slots());
        assert!((5..=20).contains(&days.parse::<i64>().unwrap()));
        let device = fill(&mut rng, book, "{Device}", &slots());
        assert!(device.chars().next().unwrap().is_uppercase());
    }

    #[test]
    fn swear_words_are_masked_in_the_second_letter() {
        let book = LANGUAGES.iter().find(|b| b.code == "cs").unwrap();
        assert_eq!(
            mask_swearing(book, "Kurva, zase ta zasraná aplikace"),
            "K*rva, zase ta z*sraná aplikace"
        );
    }

    #[test]
    fn diacritics_are_dropped_like_a_hurried_typist_would() {
        assert_eq!(
            without_diacritics("Zatracený modem, Łódź, Straße, grün"),
            "Zatraceny modem, Lodz, Strasse, gruen"
        );
    }
}
