//! Code lists the format refers to: ISO 3166-1 alpha-2 countries and ISO 4217 currencies.
//!
//! Source: the ISO 3166-1 and ISO 4217 (list one, active codes) code lists as
//! published by ISO and its maintenance agencies; codes are facts, listed here so
//! that validation works offline.

/// ISO 3166-1 alpha-2 country codes (officially assigned).
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ \
BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET \
FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR \
IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN \
MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY \
QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR \
TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// ISO 4217 active currency codes (including funds and precious metals).
const CURRENCIES: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD \
BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP \
GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD \
KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR \
PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB \
TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD \
XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL";

/// Whether `code` is an ISO 3166-1 alpha-2 country code (upper case).
pub fn is_country(code: &str) -> bool {
    listed(COUNTRIES, code)
}

/// Whether `code` is an active ISO 4217 currency code (upper case).
pub fn is_currency(code: &str) -> bool {
    listed(CURRENCIES, code)
}

/// Whether `code` is in `list`: sorted codes of one length, one space apart. A binary
/// search, as this runs for a field of nearly every row of an import.
fn listed(list: &str, code: &str) -> bool {
    let width = code.len();
    let list = list.as_bytes();
    if width == 0 || list.get(width).is_some_and(|b| *b != b' ') {
        return false;
    }
    let entries = (list.len() + 1) / (width + 1);
    let entry = |i: usize| &list[i * (width + 1)..i * (width + 1) + width];
    let (mut low, mut high) = (0, entries);
    while low < high {
        let mid = (low + high) / 2;
        match entry(mid).cmp(code.as_bytes()) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => low = mid + 1,
            std::cmp::Ordering::Greater => high = mid,
        }
    }
    false
}

/// Whether `tag` is a well-formed BCP 47 language tag (syntax only: `cs`, `pt-BR`, `zh-Hant-TW`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(primary) = parts.next() else {
        return false;
    };
    if !(2..=8).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_lists_are_sorted_with_codes_of_one_length() {
        for (list, width) in [(COUNTRIES, 2), (CURRENCIES, 3)] {
            let codes: Vec<&str> = list.split(' ').collect();
            assert!(codes.iter().all(|c| c.len() == width), "{codes:?}");
            assert!(codes.windows(2).all(|w| w[0] < w[1]), "{codes:?}");
            assert!(codes.iter().all(|c| listed(list, c)));
        }
    }

    #[test]
    fn known_codes_are_accepted_and_others_refused() {
        assert!(is_country("CZ") && is_country("DE") && is_country("UA"));
        assert!(!is_country("cz") && !is_country("XX") && !is_country("CZE"));
        assert!(
            is_currency("EUR") && is_currency("CZK") && is_currency("PLN") && is_currency("UAH")
        );
        assert!(!is_currency("eur") && !is_currency("EURO") && !is_currency("ABC"));
        assert!(is_language_tag("cs") && is_language_tag("pt-BR") && is_language_tag("zh-Hant-TW"));
        assert!(!is_language_tag("") && !is_language_tag("c") && !is_language_tag("en_US"));
    }
}
