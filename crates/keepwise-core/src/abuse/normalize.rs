//! Turns a customer's message into the word tokens the lexicons are matched on.
//!
//! People type abuse in ways a plain word list misses: without diacritics on a
//! phone (`kurvo`, `ty zmrde`), in capitals, with leetspeak (`id10t`, `a$$hole`),
//! with look-alike letters from another script (Latin `o` inside a Cyrillic word),
//! masked (`k*rva`, `ch**`), stretched (`idiooooot`) or spaced (`f u c k`).
//! Every token keeps the byte range of the original text it came from, so a
//! manager sees exactly which characters were judged.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// The alphabet a language is written in; it decides how digits and symbols
/// used as letters are read (`3` is `e` in Latin leetspeak but `з` in Cyrillic).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Script {
    #[default]
    Latin,
    Cyrillic,
}

/// One word of the message after normalization.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// Normalized form: lower case, no diacritics, leetspeak read as letters,
    /// runs of three or more equal letters collapsed, masks as `*`.
    pub text: String,
    /// Byte range in the original message.
    pub orig_start: usize,
    pub orig_end: usize,
    /// Index of the sentence the token belongs to (split on `. ! ? ;` and line ends).
    pub sentence: u32,
    /// Inside quotation marks: reported speech, not the customer's own words.
    pub quoted: bool,
    /// Contains a masking character (`*`, `#`, `_`), matched with wildcards.
    pub masked: bool,
    /// Punctuation stands between this token and the previous one ("kurde, technik").
    pub after_punctuation: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Letter,
    Digit,
    Leet,
    Mask,
    Apostrophe,
    Separator,
}

fn kind(c: char) -> Kind {
    if c.is_ascii_alphabetic() || ('\u{0400}'..='\u{04FF}').contains(&c) {
        return Kind::Letter;
    }
    match c {
        '0'..='9' => Kind::Digit,
        '@' | '$' | '!' | '|' => Kind::Leet,
        '*' | '#' | '_' | '•' => Kind::Mask,
        '\'' | '’' | 'ʼ' | '`' => Kind::Apostrophe,
        c if c.is_alphabetic() => Kind::Letter,
        // Combining marks typed separately still belong to their letter.
        c if is_combining_mark(c) => Kind::Letter,
        _ => Kind::Separator,
    }
}

/// Normalizes one lexicon word or phrase token the same way as message text,
/// so that entries are written naturally (`píča`, `Scheiße`) and still match
/// `pica` or `SCHEISSE`.
pub(crate) fn normalize_word(word: &str, script: Script) -> String {
    let mut out = String::with_capacity(word.len());
    let cyrillic = script == Script::Cyrillic;
    for c in word.chars() {
        push_letter(c, cyrillic, &mut out);
    }
    collapse_runs(&out)
}

/// Splits and normalizes a message.
pub(crate) fn tokenize(text: &str, script: Script) -> Vec<Token> {
    let chars: Vec<(usize, char, Kind)> =
        text.char_indices().map(|(i, c)| (i, c, kind(c))).collect();
    let mut raw: Vec<(usize, usize)> = Vec::new(); // index ranges into `chars`
    let mut i = 0;
    while i < chars.len() {
        if chars[i].2 == Kind::Separator {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].2 != Kind::Separator {
            i += 1;
        }
        if let Some(range) = trim_run(&chars, start, i) {
            raw.push(range);
        }
    }

    // Build normalized tokens.
    let mut tokens: Vec<Token> = Vec::with_capacity(raw.len());
    for &(s, e) in &raw {
        let slice = &chars[s..e];
        // A number is a word of its own ("um 10 Uhr"), but never a bad one.
        let numeric = !slice.iter().any(|&(_, _, k)| k == Kind::Letter);
        let text_norm = if numeric {
            "#".to_string()
        } else {
            normalize_run(slice, script)
        };
        let orig_end = slice
            .last()
            .map(|&(b, c, _)| b + c.len_utf8())
            .unwrap_or(slice[0].0);
        tokens.push(Token {
            masked: text_norm.contains('*'),
            text: text_norm,
            orig_start: slice[0].0,
            orig_end,
            sentence: 0,
            quoted: false,
            after_punctuation: false,
        });
    }

    let tokens = merge_spaced_letters(text, tokens);
    mark_sentences_and_quotes(text, tokens)
}

/// Drops characters at the edges of a run that are punctuation rather than
/// letters (`idiot!!!`, `'quoted'`, leading `*`), and runs without any letter.
fn trim_run(chars: &[(usize, char, Kind)], mut s: usize, mut e: usize) -> Option<(usize, usize)> {
    let edge_noise = |k: Kind, c: char| matches!(k, Kind::Apostrophe) || matches!(c, '!' | '|');
    while s < e && (edge_noise(chars[s].2, chars[s].1) || chars[s].2 == Kind::Mask) {
        s += 1;
    }
    while e > s && edge_noise(chars[e - 1].2, chars[e - 1].1) {
        e -= 1;
    }
    if s == e
        || !chars[s..e]
            .iter()
            .any(|&(_, _, k)| matches!(k, Kind::Letter | Kind::Digit))
    {
        return None;
    }
    Some((s, e))
}

fn normalize_run(slice: &[(usize, char, Kind)], script: Script) -> String {
    // A token mixing Latin and Cyrillic letters is written with look-alikes:
    // read the foreign letters in the script of the language.
    let (mut latin, mut cyr) = (0, 0);
    for &(_, c, k) in slice {
        if k == Kind::Letter {
            if is_cyrillic(c) {
                cyr += 1;
            } else if c.is_ascii_alphabetic() {
                latin += 1;
            }
        }
    }
    let mixed = latin > 0 && cyr > 0;
    let cyrillic_token = match script {
        Script::Cyrillic => cyr > 0 || latin == 0,
        Script::Latin => cyr > latin,
    };
    let mut out = String::with_capacity(slice.len() + 2);
    for &(_, c, k) in slice {
        match k {
            Kind::Letter => {
                let c = if mixed {
                    homoglyph(c, cyrillic_token)
                } else {
                    c
                };
                push_letter(c, cyrillic_token, &mut out);
            }
            Kind::Digit | Kind::Leet => out.push(leet(c, cyrillic_token)),
            Kind::Mask => out.push('*'),
            Kind::Apostrophe => out.push('\''),
            Kind::Separator => {}
        }
    }
    collapse_runs(&out)
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// Lower-cases, strips diacritics and folds letters that decompose to nothing useful.
fn push_letter(c: char, cyrillic: bool, out: &mut String) {
    if c.is_ascii() {
        if c.is_ascii_alphabetic() {
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_digit() || matches!(c, '@' | '$' | '!' | '|') {
            out.push(leet(c, cyrillic));
        } else if c == '*' {
            out.push('*');
        } else if c == '\'' {
            out.push('\'');
        }
        return;
    }
    if matches!(c, '’' | 'ʼ' | '`') {
        out.push('\'');
        return;
    }
    // Cyrillic fast path: only й, ё and ї carry marks worth removing.
    if ('\u{0400}'..='\u{04FF}').contains(&c) {
        let lower = match c {
            'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
            'Ѐ'..='Џ' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
            'Ґ' => 'ґ',
            _ => c,
        };
        out.push(match lower {
            'й' => 'и',
            'ё' => 'е',
            'ї' => 'і',
            other => other,
        });
        return;
    }
    for lower in c.to_lowercase() {
        match lower {
            'ß' => out.push_str("ss"),
            'ł' => out.push('l'),
            'đ' => out.push('d'),
            'ø' => out.push('o'),
            _ => decompose_compatible(lower, |d| {
                if !is_combining_mark(d) {
                    out.push(d);
                }
            }),
        }
    }
}

/// Digits and symbols typed in place of letters.
fn leet(c: char, cyrillic: bool) -> char {
    if cyrillic {
        match c {
            '0' => 'о',
            '1' => 'и',
            '3' => 'з',
            '4' => 'ч',
            '6' => 'б',
            '@' => 'а',
            '$' => 'с',
            '!' => 'и',
            other => other,
        }
    } else {
        match c {
            '0' => 'o',
            '1' | '!' => 'i',
            '3' => 'e',
            '4' | '@' => 'a',
            '5' | '$' => 's',
            '7' => 't',
            '|' => 'l',
            other => other,
        }
    }
}

/// Latin and Cyrillic letters that look the same, read in the token's script.
fn homoglyph(c: char, to_cyrillic: bool) -> char {
    const PAIRS: &[(char, char)] = &[
        ('a', 'а'),
        ('A', 'А'),
        ('B', 'В'),
        ('c', 'с'),
        ('C', 'С'),
        ('e', 'е'),
        ('E', 'Е'),
        ('H', 'Н'),
        ('k', 'к'),
        ('K', 'К'),
        ('M', 'М'),
        ('o', 'о'),
        ('O', 'О'),
        ('p', 'р'),
        ('P', 'Р'),
        ('T', 'Т'),
        ('x', 'х'),
        ('X', 'Х'),
        ('y', 'у'),
        ('i', 'і'),
    ];
    for &(lat, cyr) in PAIRS {
        if to_cyrillic && c == lat {
            return cyr;
        }
        if !to_cyrillic && c == cyr {
            return lat;
        }
    }
    c
}

/// Collapses runs of three or more equal characters (`fuuuuck`, `kurrrva`) to one;
/// runs of two are real spelling (`Scheisse`, `ass`) and stay. Masks stay as
/// typed: each stands for about one letter.
fn collapse_runs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = None;
    let mut run = 0;
    for c in s.chars() {
        if Some(c) == last {
            run += 1;
        } else {
            last = Some(c);
            run = 1;
        }
        match run {
            _ if c == '*' => out.push(c),
            1 | 2 => out.push(c),
            // The third of a run: drop the second one already written.
            3 => {
                out.pop();
            }
            _ => {}
        }
    }
    out
}

/// Joins runs of three or more single letters separated by spaces, dots or
/// dashes (`f u c k`, `K.U.R.V.A`) into one token.
fn merge_spaced_letters(text: &str, tokens: Vec<Token>) -> Vec<Token> {
    let single = |t: &Token| t.text.chars().count() == 1 && t.text != "#";
    let thin_gap = |a: &Token, b: &Token| {
        let gap = &text[a.orig_end..b.orig_start];
        gap.chars().count() <= 3
            && gap
                .chars()
                .all(|c| matches!(c, ' ' | '.' | '-' | '_' | '*'))
    };
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let mut j = i + 1;
        if single(&tokens[i]) {
            while j < tokens.len() && single(&tokens[j]) && thin_gap(&tokens[j - 1], &tokens[j]) {
                j += 1;
            }
        }
        if j - i >= 3 {
            let mut merged = tokens[i].clone();
            for t in &tokens[i + 1..j] {
                merged.text.push_str(&t.text);
            }
            merged.orig_end = tokens[j - 1].orig_end;
            merged.text = collapse_runs(&merged.text);
            out.push(merged);
            i = j;
        } else {
            out.push(tokens[i].clone());
            i += 1;
        }
    }
    out
}

fn mark_sentences_and_quotes(text: &str, mut tokens: Vec<Token>) -> Vec<Token> {
    let mut sentence = 0u32;
    let mut quoted = false;
    let mut prev_end = 0usize;
    for t in tokens.iter_mut() {
        let gap = &text[prev_end..t.orig_start];
        t.after_punctuation = prev_end > 0 && gap.chars().any(|c| !c.is_whitespace());
        for c in gap.chars() {
            match c {
                '.' | '!' | '?' | ';' | '…' | '\n' => {
                    if prev_end > 0 {
                        sentence += 1;
                    }
                    // A line break closes a quotation the writer forgot to close.
                    if c == '\n' {
                        quoted = false;
                    }
                }
                '"' | '“' => quoted = !quoted,
                '„' | '«' => quoted = true,
                '»' | '”' => quoted = false,
                _ => {}
            }
        }
        t.sentence = sentence;
        t.quoted = quoted;
        prev_end = t.orig_end;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, script: Script) -> Vec<String> {
        tokenize(text, script).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn diacritics_case_and_sharp_s_are_folded() {
        assert_eq!(
            words("Píča SCHEISSE Scheiße łajza", Script::Latin),
            ["pica", "scheisse", "scheisse", "lajza"]
        );
    }

    #[test]
    fn leetspeak_and_stretched_letters_are_read_as_words() {
        assert_eq!(
            words("id10t a$$hole fuuuuck sh1t!!!", Script::Latin),
            ["idiot", "asshole", "fuck", "shit"]
        );
        assert_eq!(words("1д10т", Script::Cyrillic), ["идиот"]);
    }

    #[test]
    fn look_alike_latin_letters_in_a_cyrillic_word_are_read_as_cyrillic() {
        assert_eq!(words("cукa", Script::Cyrillic), ["сука"]);
    }

    #[test]
    fn spaced_letters_are_joined_and_keep_their_original_range() {
        let text = "go f u c k yourself";
        let tokens = tokenize(text, Script::Latin);
        assert_eq!(tokens[1].text, "fuck");
        assert_eq!(&text[tokens[1].orig_start..tokens[1].orig_end], "f u c k");
    }

    #[test]
    fn masks_are_kept_as_wildcards_and_marked() {
        let tokens = tokenize("k*rva ch** *really*", Script::Latin);
        assert_eq!(tokens[0].text, "k*rva");
        assert!(tokens[0].masked);
        assert_eq!(tokens[1].text, "ch**");
        assert_eq!(tokens[2].text, "really*");
    }

    #[test]
    fn sentences_and_quotations_are_tracked() {
        let tokens = tokenize("He said \"you idiot\". Then left", Script::Latin);
        assert!(!tokens[0].quoted && tokens[2].quoted && tokens[3].quoted && !tokens[4].quoted);
        assert_eq!(tokens[0].sentence, 0);
        assert_eq!(tokens[4].sentence, 1);
    }
}
