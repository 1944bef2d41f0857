//! Lexicons: the words, phrases and phrase patterns of one language, compiled
//! into one Aho-Corasick automaton so matching time does not grow with the
//! number of entries.
//!
//! A lexicon file (see `lexicons/*.txt` and docs/abuse.md) has lines of four kinds:
//!
//! ```text
//! # comment
//! endings: a e i o u y em ...     inflection endings a `*` entry may take
//! prefixes: za vy na po ...       verbal prefixes a `~` entry may take (at most two)
//! @staff: courier* driver* ...    a named class of words, used as `@staff`
//! [insult 2 noun]                 section: category, severity 1-3, reading
//! idiot*, moron*, piece of shit   entries, comma separated
//! ```
//!
//! An entry is a sequence of elements separated by spaces. An element is a word
//! (`idiot` exactly, `idiot*` with an ending, `fuck+` with anything after it,
//! `+idiot` with anything before it, `~jeb*` with verbal prefixes and endings),
//! alternatives `(legs|neck*|face)`, a class `@you`, or a gap `..3` of up to
//! three words. Words never match inside a longer word unless `+` or `~` says
//! so: `ass` does not hit `class`, `suka` does not hit `sukces`.

use super::normalize::{Script, Token, normalize_word};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::{HashMap, HashSet};

/// What a lexicon entry is, before its direction is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum RuleCategory {
    Obscenity,
    Insult,
    Slur,
    Threat,
    Harassment,
    /// A known false friend: hits inside it are not counted (`ty vole` in Czech).
    Allow,
    /// Introduces reported speech (`called me`): what follows is someone else's word.
    Report,
}

/// How an entry's target is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// Swearing as an interjection or intensifier; aimed only when it qualifies a person.
    Word,
    /// A noun naming a person (`idiot`, `debil`): aimed at someone unless self-directed or reported.
    Noun,
    /// An adjective (`stupid`, `blbý`): aimed only when it qualifies or is said of a person.
    Adjective,
    /// An obscene noun that insults when said of a person (`piece of shit`, `hovno`).
    Person,
    /// Aimed by its own wording (`fuck you`, threats, harassment).
    Directed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Affix {
    None,
    Listed,
    Any,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct TokenPattern {
    stem: String,
    prefix: Affix,
    suffix: Affix,
}

#[derive(Debug, Clone)]
enum Element {
    /// Matches a token that matched any of these token patterns (sorted ids).
    Tokens(Vec<u32>),
    /// Skips up to this many tokens.
    Gap(u8),
    /// Alternatives of several words each (`(you are|you're)`); an empty
    /// alternative makes the group optional (`(meat|man)?`).
    Group(Vec<Vec<Element>>),
    /// The end of the sentence (`$`): nothing follows in it.
    End,
}

#[derive(Debug, Clone)]
pub(crate) struct Rule {
    elements: Vec<Element>,
    pub category: RuleCategory,
    pub severity: u8,
    pub reading: Reading,
    /// The entry as written in the lexicon file, shown to managers as evidence.
    pub source: String,
}

/// A rule matched on tokens `first..=last`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub rule: u32,
    pub first: usize,
    pub last: usize,
}

/// Why a lexicon file could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LexiconError {
    #[error("lexicon line {line}: {message}")]
    Line { line: usize, message: String },
}

/// The word classes every lexicon defines for the direction reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    You,
    YouAre,
    Is,
    Staff,
    He,
    SelfRef,
    Link,
    Filler,
}

impl Class {
    const ALL: [Class; 8] = [
        Class::You,
        Class::YouAre,
        Class::Is,
        Class::Staff,
        Class::He,
        Class::SelfRef,
        Class::Link,
        Class::Filler,
    ];

    fn name(self) -> &'static str {
        match self {
            Class::You => "you",
            Class::YouAre => "youare",
            Class::Is => "is",
            Class::Staff => "staff",
            Class::He => "he",
            Class::SelfRef => "self",
            Class::Link => "link",
            Class::Filler => "filler",
        }
    }
}

/// One language's compiled lexicon.
pub(crate) struct Lexicon {
    script: Script,
    endings: HashSet<String>,
    prefixes: HashSet<String>,
    patterns: Vec<TokenPattern>,
    automaton: AhoCorasick,
    /// Automaton pattern index -> token patterns with that stem.
    stem_patterns: Vec<Vec<u32>>,
    pub rules: Vec<Rule>,
    /// Token pattern -> rules whose first element accepts it.
    first_index: Vec<Vec<u32>>,
    /// Token patterns of each [`Class`], indexed by the class.
    direction_classes: Vec<Vec<u32>>,
    /// The language says "X — idiot" without a verb (Russian, Ukrainian).
    zero_copula: bool,
}

/// Token patterns each token matched, sorted.
pub(crate) type TokenMatches = Vec<Vec<u32>>;

impl Lexicon {
    pub(crate) fn parse(source: &str, script: Script) -> Result<Lexicon, LexiconError> {
        let mut builder = Builder {
            script,
            ..Builder::default()
        };
        let mut section: Option<(RuleCategory, u8, Reading)> = None;
        for (n, raw) in source.lines().enumerate() {
            let line_no = n + 1;
            let err = |message: String| LexiconError::Line {
                line: line_no,
                message,
            };
            let line = raw.split(" #").next().unwrap_or("").trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(rest) = line.strip_prefix("endings:") {
                builder
                    .endings
                    .extend(rest.split_whitespace().map(|e| normalize_word(e, script)));
            } else if line == "copula: optional" {
                builder.zero_copula = true;
            } else if let Some(rest) = line.strip_prefix("prefixes:") {
                builder
                    .prefixes
                    .extend(rest.split_whitespace().map(|e| normalize_word(e, script)));
            } else if line.starts_with('@')
                && line
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| w.ends_with(':'))
            {
                let (name, words) = line[1..]
                    .split_once(':')
                    .ok_or_else(|| err("a class needs `@name: words`".into()))?;
                let mut ids = Vec::new();
                for word in words.split_whitespace() {
                    ids.extend(builder.element_ids(word).map_err(&err)?);
                }
                ids.sort_unstable();
                ids.dedup();
                builder.classes.insert(name.trim().to_string(), ids);
            } else if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = Some(parse_section(header).map_err(&err)?);
            } else {
                let (category, severity, reading) =
                    section.ok_or_else(|| err("an entry before any [section]".into()))?;
                for entry in line.split(',').map(str::trim).filter(|e| !e.is_empty()) {
                    let elements = builder.elements(entry).map_err(&err)?;
                    builder.rules.push(Rule {
                        elements,
                        category,
                        severity,
                        reading,
                        source: entry.to_string(),
                    });
                }
            }
        }
        builder.finish()
    }

    /// Token patterns matched by each token.
    pub(crate) fn match_tokens(&self, tokens: &[Token]) -> TokenMatches {
        let mut out: TokenMatches = Vec::with_capacity(tokens.len());
        for token in tokens {
            let mut ids: Vec<u32> = Vec::new();
            if token.masked {
                self.match_masked(&token.text, &mut ids);
            } else {
                for m in self.automaton.find_overlapping_iter(token.text.as_str()) {
                    let before = &token.text[..m.start()];
                    let after = &token.text[m.end()..];
                    for &id in &self.stem_patterns[m.pattern().as_usize()] {
                        let p = &self.patterns[id as usize];
                        if self.prefix_ok(p.prefix, before) && self.suffix_ok(p.suffix, after) {
                            ids.push(id);
                        }
                    }
                }
            }
            ids.sort_unstable();
            ids.dedup();
            out.push(ids);
        }
        out
    }

    /// Every rule match, found from the tokens' own patterns (so the cost
    /// depends on what the message contains, not on the lexicon's size).
    pub(crate) fn find_hits(&self, tokens: &[Token], matches: &TokenMatches) -> Vec<Hit> {
        let mut hits = Vec::new();
        // Rules already tried at the current token (one rule can be reached
        // through several of the token's patterns).
        let mut tried: Vec<u32> = Vec::new();
        for (i, ids) in matches.iter().enumerate() {
            tried.clear();
            for &id in ids {
                for &rule in &self.first_index[id as usize] {
                    if tried.contains(&rule) {
                        continue;
                    }
                    tried.push(rule);
                    let r = &self.rules[rule as usize];
                    let m = Matcher {
                        tokens,
                        matches,
                        sentence: tokens[i].sentence,
                    };
                    if let Some(last) = m.run(&r.elements, None, i, i) {
                        hits.push(Hit {
                            rule,
                            first: i,
                            last,
                        });
                    }
                }
            }
        }
        hits
    }

    /// Whether token `i` belongs to a class the direction reading uses.
    pub(crate) fn in_class(&self, class: Class, matches: &TokenMatches, i: usize) -> bool {
        intersects(&matches[i], &self.direction_classes[class as usize])
    }

    fn prefix_ok(&self, affix: Affix, before: &str) -> bool {
        match affix {
            Affix::None => before.is_empty(),
            Affix::Any => true,
            Affix::Listed => {
                before.is_empty()
                    || self.prefixes.contains(before)
                    || before.char_indices().skip(1).any(|(k, _)| {
                        self.prefixes.contains(&before[..k]) && self.prefixes.contains(&before[k..])
                    })
            }
        }
    }

    fn suffix_ok(&self, affix: Affix, after: &str) -> bool {
        match affix {
            Affix::None => after.is_empty(),
            Affix::Any => true,
            Affix::Listed => after.is_empty() || self.endings.contains(after),
        }
    }

    /// A masked token (`k*rva`, `ch**`) is compared with every word of the
    /// lexicon that starts with its first letter; each mask stands for one or
    /// two letters. Of the words it could hide, the ones closest in length are
    /// kept (`х*й` is `хуй`, not `хами`). Masks are rare, so this slower path
    /// costs little overall.
    fn match_masked(&self, token: &str, ids: &mut Vec<u32>) {
        let pattern: Vec<char> = token.chars().collect();
        let letters = pattern.iter().filter(|&&c| c != '*').count();
        if letters < 1 || pattern.len() < 2 {
            return;
        }
        let first = pattern[0];
        let mut candidate = String::new();
        let mut found: Vec<(u32, usize)> = Vec::new();
        for (id, p) in self.patterns.iter().enumerate() {
            if p.prefix != Affix::None && p.prefix != Affix::Listed || !p.stem.starts_with(first) {
                continue;
            }
            let stem_len = p.stem.chars().count();
            let hit = match p.suffix {
                Affix::None => wildcard_match(&pattern, &p.stem, false).then_some(stem_len),
                Affix::Any => wildcard_match(&pattern, &p.stem, true).then_some(stem_len),
                Affix::Listed => std::iter::once("")
                    .chain(self.endings.iter().map(String::as_str))
                    .filter_map(|e| {
                        candidate.clear();
                        candidate.push_str(&p.stem);
                        candidate.push_str(e);
                        wildcard_match(&pattern, &candidate, false)
                            .then(|| candidate.chars().count())
                    })
                    .min(),
            };
            if let Some(len) = hit {
                found.push((id as u32, len.saturating_sub(letters)));
            }
        }
        if let Some(best) = found.iter().map(|&(_, excess)| excess).min() {
            ids.extend(
                found
                    .iter()
                    .filter(|&&(_, excess)| excess == best)
                    .map(|&(id, _)| id),
            );
        }
    }

    pub(crate) fn script(&self) -> Script {
        self.script
    }

    pub(crate) fn zero_copula(&self) -> bool {
        self.zero_copula
    }
}

struct Matcher<'a> {
    tokens: &'a [Token],
    matches: &'a TokenMatches,
    sentence: u32,
}

/// What is left to match: the rest of the current sequence, then what follows
/// the groups it is nested in. Kept on the stack, so matching allocates nothing.
struct Continuation<'a> {
    elements: &'a [Element],
    then: Option<&'a Continuation<'a>>,
}

impl Matcher<'_> {
    /// Matches `elements`, then `then`, from token `tok`; returns the last
    /// matched token. `last` is the last token matched so far.
    fn run(
        &self,
        elements: &[Element],
        then: Option<&Continuation<'_>>,
        tok: usize,
        last: usize,
    ) -> Option<usize> {
        let Some((element, tail)) = elements.split_first() else {
            return match then {
                Some(c) => self.run(c.elements, c.then, tok, last),
                None => Some(last),
            };
        };
        match element {
            Element::Gap(n) => (0..=*n as usize).find_map(|k| self.run(tail, then, tok + k, last)),
            Element::Tokens(set) => {
                if tok < self.tokens.len()
                    && self.tokens[tok].sentence == self.sentence
                    && intersects(&self.matches[tok], set)
                {
                    self.run(tail, then, tok + 1, tok)
                } else {
                    None
                }
            }
            Element::End => {
                if tok < self.tokens.len() && self.tokens[tok].sentence == self.sentence {
                    return None;
                }
                self.run(tail, then, tok, last)
            }
            Element::Group(alternatives) => {
                let after = Continuation {
                    elements: tail,
                    then,
                };
                alternatives
                    .iter()
                    .find_map(|alt| self.run(alt, Some(&after), tok, last))
            }
        }
    }
}

/// Token patterns that can start a match of `elements`.
fn first_ids(elements: &[Element], out: &mut Vec<u32>) {
    match elements.first() {
        Some(Element::Tokens(ids)) => out.extend_from_slice(ids),
        Some(Element::Group(alts)) => alts.iter().for_each(|alt| first_ids(alt, out)),
        _ => {}
    }
}

fn intersects(a: &[u32], b: &[u32]) -> bool {
    a.iter().any(|x| b.binary_search(x).is_ok())
}

/// Does `pattern` (with `*` standing for one or two characters) spell `word`,
/// or a word starting with `word` when `open_end`?
fn wildcard_match(pattern: &[char], word: &str, open_end: bool) -> bool {
    let word: Vec<char> = word.chars().collect();
    fn go(p: &[char], w: &[char], open_end: bool) -> bool {
        match p.first() {
            None => w.is_empty(),
            Some('*') => {
                (1..=2).any(|k| k <= w.len() && go(&p[1..], &w[k..], open_end))
                    || open_end && w.is_empty()
            }
            Some(&c) => match w.first() {
                Some(&d) if d == c => go(&p[1..], &w[1..], open_end),
                None => open_end,
                _ => false,
            },
        }
    }
    go(pattern, &word, open_end)
}

fn parse_section(header: &str) -> Result<(RuleCategory, u8, Reading), String> {
    let mut parts = header.split_whitespace();
    let category = match parts.next() {
        Some("obscenity") => RuleCategory::Obscenity,
        Some("insult") => RuleCategory::Insult,
        Some("slur") => RuleCategory::Slur,
        Some("threat") => RuleCategory::Threat,
        Some("harassment") => RuleCategory::Harassment,
        Some("allow") => RuleCategory::Allow,
        Some("report") => RuleCategory::Report,
        other => return Err(format!("unknown category {other:?}")),
    };
    let severity = match parts.next() {
        Some(s) => s
            .parse::<u8>()
            .ok()
            .filter(|s| (1..=3).contains(s))
            .ok_or(format!("severity must be 1-3, got {s}"))?,
        None => 1,
    };
    let default = match category {
        RuleCategory::Insult | RuleCategory::Slur => Reading::Noun,
        RuleCategory::Obscenity => Reading::Word,
        _ => Reading::Directed,
    };
    let reading = match parts.next() {
        None => default,
        Some("word") => Reading::Word,
        Some("noun") => Reading::Noun,
        Some("adj") => Reading::Adjective,
        Some("person") => Reading::Person,
        Some("directed") => Reading::Directed,
        Some(other) => return Err(format!("unknown reading {other:?}")),
    };
    Ok((category, severity, reading))
}

#[derive(Default)]
struct Builder {
    script: Script,
    endings: HashSet<String>,
    prefixes: HashSet<String>,
    patterns: Vec<TokenPattern>,
    ids: HashMap<TokenPattern, u32>,
    classes: HashMap<String, Vec<u32>>,
    rules: Vec<Rule>,
    zero_copula: bool,
}

impl Builder {
    fn script(&self) -> Script {
        self.script
    }

    fn elements(&mut self, entry: &str) -> Result<Vec<Element>, String> {
        let mut out = Vec::new();
        for part in split_elements(entry) {
            if part == "$" {
                if out.is_empty() {
                    return Err(format!("{entry:?} starts with `$`"));
                }
                out.push(Element::End);
            } else if let Some(n) = part.strip_prefix("..") {
                let n: u8 = n
                    .parse()
                    .map_err(|_| format!("bad gap {part:?} in {entry:?}"))?;
                if out.is_empty() {
                    return Err(format!("{entry:?} starts with a gap"));
                }
                out.push(Element::Gap(n));
            } else if let Some(group) = part
                .strip_prefix('(')
                .and_then(|p| p.strip_suffix(")?").or_else(|| p.strip_suffix(')')))
            {
                let optional = part.ends_with(")?");
                if optional && out.is_empty() {
                    return Err(format!("{entry:?} starts with an optional group"));
                }
                let mut alternatives = Vec::new();
                for alt in split_alternatives(group) {
                    if alt.contains(' ') {
                        alternatives.push(self.elements(alt)?);
                    } else {
                        let mut ids = self.element_ids(alt)?;
                        ids.sort_unstable();
                        ids.dedup();
                        alternatives.push(vec![Element::Tokens(ids)]);
                    }
                }
                if optional {
                    alternatives.push(Vec::new());
                }
                // A group of single words is one token set: cheaper to match.
                if !optional
                    && alternatives
                        .iter()
                        .all(|a| matches!(a.as_slice(), [Element::Tokens(_)]))
                {
                    let mut ids: Vec<u32> = alternatives
                        .iter()
                        .flat_map(|a| match &a[0] {
                            Element::Tokens(ids) => ids.clone(),
                            _ => Vec::new(),
                        })
                        .collect();
                    ids.sort_unstable();
                    ids.dedup();
                    out.push(Element::Tokens(ids));
                } else {
                    out.push(Element::Group(alternatives));
                }
            } else {
                let mut ids = self.element_ids(part)?;
                ids.sort_unstable();
                ids.dedup();
                out.push(Element::Tokens(ids));
            }
        }
        match out.last() {
            None => Err("empty entry".into()),
            Some(Element::Gap(_)) => Err(format!("{entry:?} ends with a gap")),
            _ => Ok(out),
        }
    }

    /// Token pattern ids of one word or `@class`.
    fn element_ids(&mut self, part: &str) -> Result<Vec<u32>, String> {
        match part.strip_prefix('@') {
            Some(name) => self
                .classes
                .get(name)
                .cloned()
                .ok_or(format!("class @{name} used before it is defined")),
            None => Ok(vec![self.token_pattern(part)?]),
        }
    }

    fn token_pattern(&mut self, word: &str) -> Result<u32, String> {
        let (prefix, rest) = if let Some(r) = word.strip_prefix('~') {
            (Affix::Listed, r)
        } else if let Some(r) = word.strip_prefix('+') {
            (Affix::Any, r)
        } else {
            (Affix::None, word)
        };
        let (suffix, stem) = if let Some(s) = rest.strip_suffix('*') {
            (Affix::Listed, s)
        } else if let Some(s) = rest.strip_suffix('+') {
            (Affix::Any, s)
        } else {
            (Affix::None, rest)
        };
        let stem = normalize_word(stem, self.script());
        if stem.is_empty() || stem.contains(['*', ' ', '(', ')', '|', '@']) {
            return Err(format!("bad word {word:?}"));
        }
        let pattern = TokenPattern {
            stem,
            prefix,
            suffix,
        };
        if let Some(&id) = self.ids.get(&pattern) {
            return Ok(id);
        }
        let id = self.patterns.len() as u32;
        self.ids.insert(pattern.clone(), id);
        self.patterns.push(pattern);
        Ok(id)
    }

    fn finish(self) -> Result<Lexicon, LexiconError> {
        let mut stems: Vec<String> = Vec::new();
        let mut stem_index: HashMap<&str, usize> = HashMap::new();
        let mut stem_patterns: Vec<Vec<u32>> = Vec::new();
        for (id, p) in self.patterns.iter().enumerate() {
            let k = *stem_index.entry(p.stem.as_str()).or_insert_with(|| {
                stems.push(p.stem.clone());
                stem_patterns.push(Vec::new());
                stems.len() - 1
            });
            stem_patterns[k].push(id as u32);
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&stems)
            .map_err(|e| LexiconError::Line {
                line: 0,
                message: format!("cannot build the matcher: {e}"),
            })?;
        let mut first_index = vec![Vec::new(); self.patterns.len()];
        for (r, rule) in self.rules.iter().enumerate() {
            let mut ids = Vec::new();
            first_ids(&rule.elements, &mut ids);
            ids.sort_unstable();
            ids.dedup();
            for id in ids {
                first_index[id as usize].push(r as u32);
            }
        }
        Ok(Lexicon {
            script: self.script(),
            endings: self.endings,
            prefixes: self.prefixes,
            patterns: self.patterns,
            automaton,
            stem_patterns,
            rules: self.rules,
            first_index,
            direction_classes: Class::ALL
                .iter()
                .map(|c| self.classes.get(c.name()).cloned().unwrap_or_default())
                .collect(),
            zero_copula: self.zero_copula,
        })
    }
}

/// Splits a group's inside on `|` at its own nesting level.
fn split_alternatives(group: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in group.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '|' if depth == 0 => {
                out.push(group[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(group[start..].trim());
    out
}

/// Splits an entry on spaces, keeping `(a b|c)` groups whole.
fn split_elements(entry: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = None;
    for (i, c) in entry.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ' ' if depth == 0 => {
                if let Some(s) = start.take() {
                    out.push(&entry[s..i]);
                }
                continue;
            }
            _ => {}
        }
        if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(&entry[s..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::normalize::tokenize;
    use super::*;

    const SAMPLE: &str = "
endings: s ed ing
prefixes: za vy
@you: you u
[insult 1 noun]
idiot*
[obscenity 2]
fuck+, ~jeb*
[threat 3]
(kill*|hurt) ..2 @you
";

    fn hits(text: &str) -> Vec<String> {
        let lex = Lexicon::parse(SAMPLE, Script::Latin).unwrap();
        let tokens = tokenize(text, Script::Latin);
        let m = lex.match_tokens(&tokens);
        lex.find_hits(&tokens, &m)
            .iter()
            .map(|h| lex.rules[h.rule as usize].source.clone())
            .collect()
    }

    #[test]
    fn words_match_whole_tokens_with_their_endings_only() {
        assert_eq!(hits("idiots everywhere"), ["idiot*"]);
        assert!(hits("idiotism idiotic").is_empty());
    }

    #[test]
    fn prefixes_and_open_ends_follow_the_entry() {
        assert_eq!(hits("zajeb vyzajebed fucking"), ["~jeb*", "~jeb*", "fuck+"]);
        assert!(hits("dojeb").is_empty());
    }

    #[test]
    fn phrase_patterns_allow_gaps_within_a_sentence() {
        assert_eq!(
            hits("kill all of the people near you"),
            Vec::<String>::new()
        );
        assert_eq!(hits("I will kill you"), ["(kill*|hurt) ..2 @you"]);
        assert_eq!(hits("kill them all you"), ["(kill*|hurt) ..2 @you"]);
        assert!(hits("kill. you").is_empty());
    }

    #[test]
    fn masked_words_match_with_wildcards() {
        assert_eq!(hits("id**t"), ["idiot*"]);
        assert_eq!(hits("f**king"), ["fuck+"]);
    }

    #[test]
    fn lexicon_errors_name_the_line() {
        let err = Lexicon::parse("[insult 9]\nidiot", Script::Latin)
            .err()
            .unwrap();
        assert_eq!(
            err,
            LexiconError::Line {
                line: 1,
                message: "severity must be 1-3, got 9".into()
            }
        );
        assert!(Lexicon::parse("idiot", Script::Latin).is_err());
    }
}
