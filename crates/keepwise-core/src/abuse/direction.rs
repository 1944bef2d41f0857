//! Decides at whom each matched word is aimed.
//!
//! Principle 8 is about abuse *of staff*: a customer who swears at a broken
//! router ("this damn modem") is frustrated, one who calls the courier an idiot
//! is abusive. Each lexicon names the words that point at a person — second
//! person pronouns (`@you`), their forms with "to be" (`@youare`), staff nouns
//! and third-person pronouns (`@staff`, the pronouns also as `@he`), copulas
//! (`@is`), first person (`@self`), words that join two adjectives (`@link`)
//! and words that do not count between subject and predicate (`@filler`) — and this module
//! reads the words around each hit with them.

use super::lexicon::{Class, Hit, Lexicon, Reading, RuleCategory, TokenMatches};
use super::normalize::Token;
use serde::{Deserialize, Serialize};

/// How a matched span was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanReading {
    /// Aimed at a person: a staff member, "you", or said of someone.
    AimedAtPerson,
    /// Swearing at a thing or a situation.
    Undirected,
    /// The customer calling themself names ("I'm such an idiot").
    SelfDirected,
    /// Someone else's words the customer quotes or reports ("he called me an idiot").
    Reported,
}

/// A hit with its reading.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Judged {
    pub hit: Hit,
    pub reading: SpanReading,
}

/// How many words after a reporting phrase ("called me", "said") count as reported.
const REPORTED_REACH: usize = 6;
/// How far back a predicate looks for its subject ("your courier is a total ...").
const PREDICATE_REACH: usize = 5;

pub(crate) fn judge(
    lex: &Lexicon,
    tokens: &[Token],
    matches: &TokenMatches,
    hits: &[Hit],
) -> Vec<Judged> {
    let n = tokens.len();
    let mut allowed = vec![false; n];
    let mut reported: Vec<bool> = tokens.iter().map(|t| t.quoted).collect();
    for hit in hits {
        match lex.rules[hit.rule as usize].category {
            RuleCategory::Allow => allowed[hit.first..=hit.last]
                .iter_mut()
                .for_each(|a| *a = true),
            RuleCategory::Report => {
                let sentence = tokens[hit.first].sentence;
                for i in hit.last + 1..(hit.last + 1 + REPORTED_REACH).min(n) {
                    if tokens[i].sentence == sentence {
                        reported[i] = true;
                    }
                }
            }
            _ => {}
        }
    }
    let ctx = Context {
        lex,
        tokens,
        matches,
        allowed: &allowed,
    };
    let mut out = Vec::new();
    for &hit in hits {
        let rule = &lex.rules[hit.rule as usize];
        // A hit that starts inside a known false friend is that false friend.
        if matches!(rule.category, RuleCategory::Allow | RuleCategory::Report) || allowed[hit.first]
        {
            continue;
        }
        let reading = if reported[hit.first] {
            SpanReading::Reported
        } else {
            match rule.reading {
                Reading::Directed => SpanReading::AimedAtPerson,
                Reading::Noun if ctx.self_directed(hit.first) => SpanReading::SelfDirected,
                Reading::Noun => SpanReading::AimedAtPerson,
                Reading::Adjective
                    if ctx.qualifies_person(hit.last) || ctx.said_of_person(hit.first) =>
                {
                    SpanReading::AimedAtPerson
                }
                Reading::Word if ctx.qualifies_staff(hit.last) => SpanReading::AimedAtPerson,
                Reading::Person if ctx.said_of_person(hit.first) => SpanReading::AimedAtPerson,
                _ => SpanReading::Undirected,
            }
        };
        out.push(Judged { hit, reading });
    }
    out
}

struct Context<'a> {
    lex: &'a Lexicon,
    tokens: &'a [Token],
    matches: &'a TokenMatches,
    allowed: &'a [bool],
}

impl Context<'_> {
    fn is(&self, i: usize, class: Class) -> bool {
        i < self.tokens.len() && !self.allowed[i] && self.lex.in_class(class, self.matches, i)
    }

    fn same_sentence(&self, a: usize, b: usize) -> bool {
        b < self.tokens.len() && self.tokens[a].sentence == self.tokens[b].sentence
    }

    /// The next word is a person: "stupid courier", "blbá operátorka".
    fn qualifies_person(&self, last: usize) -> bool {
        let next = last + 1;
        if !self.same_sentence(last, next) || self.tokens[next].after_punctuation {
            return false;
        }
        if self.is(next, Class::Staff) || self.is(next, Class::You) {
            return true;
        }
        // "stupid and lazy courier": look past one joining word.
        self.is(next, Class::Link)
            && (self.is(next + 1, Class::Staff) || self.is(next + 2, Class::Staff))
    }

    /// An obscene intensifier directly on a staff noun: "your fucking technician"
    /// (not on a pronoun: "трясця його матері" is an oath, not about him).
    fn qualifies_staff(&self, last: usize) -> bool {
        let next = last + 1;
        self.same_sentence(last, next)
            && !self.tokens[next].after_punctuation
            && self.is(next, Class::Staff)
            && !self.is(next, Class::He)
    }

    /// Said of a person as a predicate: "you are stupid", "the courier is a
    /// piece of shit", "jsi blbej", "ты тупой": the subject is a second-person
    /// word with or next to a copula, or a staff noun with a copula between.
    fn said_of_person(&self, first: usize) -> bool {
        // Words like "just", "all", "so" between subject and predicate do not count.
        let mut k = 0;
        for j in (first.saturating_sub(PREDICATE_REACH + 2)..first).rev() {
            if !self.same_sentence(first, j) {
                break;
            }
            // "deaf or just stupid": the first of two joined words does not count either.
            let joined = self.is(j + 1, Class::Link) && j + 1 < first;
            if !self.is(j, Class::Filler) && !self.is(j, Class::Link) && !joined {
                k += 1;
            }
            if k > PREDICATE_REACH {
                break;
            }
            if self.is(j, Class::YouAre) {
                return true;
            }
            // "Szanowni Państwo, pieprzony modem": a form of address followed by a
            // comma is a salutation, not the subject of what follows.
            let adjacent = k <= 1 && !(j + 1..=first).any(|x| self.tokens[x].after_punctuation);
            if self.is(j, Class::You)
                && (adjacent || self.is(j + 1, Class::Is) || j > 0 && self.is(j - 1, Class::Is))
            {
                return true;
            }
            let copula_between = (j + 1..first).any(|x| self.is(x, Class::Is));
            if self.is(j, Class::Staff)
                && (k == 1 || copula_between || k <= 3 && self.lex.zero_copula())
            {
                return true;
            }
        }
        false
    }

    /// A first-person word closer than any other person: "I feel like an idiot",
    /// "Ich Depp", "my husband is an idiot".
    fn self_directed(&self, first: usize) -> bool {
        for k in 1..=4.min(first) {
            let j = first - k;
            if !self.same_sentence(first, j) {
                break;
            }
            // "mein Mann", "my husband": a person of the customer's own, not staff.
            if self.is(j, Class::Staff) && j > 0 && self.is(j - 1, Class::SelfRef) {
                return true;
            }
            if self.is(j, Class::You) || self.is(j, Class::YouAre) || self.is(j, Class::Staff) {
                return false;
            }
            if self.is(j, Class::SelfRef) {
                return true;
            }
        }
        false
    }
}
