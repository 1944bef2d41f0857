//! The ids an import has seen, kept compactly: a file of ten million records keeps
//! ten million ids in memory until the import ends (other files may reference
//! them), so each id costs its bytes in one shared text buffer plus a 16-byte
//! entry, with no allocation of its own.
//!
//! Exports are usually sorted by id. While every id of a file comes after the one
//! before it, a repeat is impossible, so the table only appends (no hashing, no
//! probing of a table bigger than the CPU's caches) and finds an id by looking
//! next to the last one found, then by binary search; references into a sorted
//! file mostly come in its order too. The first id out of order, or lookups that
//! keep missing the place of the last one, turn the table into a hash table over
//! the same entries.

use std::collections::HashMap;
use std::hash::BuildHasher;

use hashbrown::HashTable;

/// Where an id's text lies in [`IdTable::text`]: offset in the high 40 bits,
/// length in the low 24 (ids are short; an id of 16 MiB or more goes to
/// [`IdTable::long`] instead).
#[derive(Clone, Copy)]
struct Span(u64);

const LENGTH_BITS: u32 = 24;
const MAX_LENGTH: usize = (1 << LENGTH_BITS) - 1;

/// Lookups of an ordered table that may miss the neighbourhood of the previous one
/// before it builds its hash table, if they are also more than a quarter of all
/// lookups (a binary search costs about a hash lookup's cache miss per level).
const MISSES_BEFORE_HASHING: u64 = 4096;

/// How many ids after the last one found count as its neighbourhood.
const NEAR: usize = 64;

impl Span {
    fn new(start: usize, len: usize) -> Span {
        Span(((start as u64) << LENGTH_BITS) | len as u64)
    }
    fn range(self) -> std::ops::Range<usize> {
        let start = (self.0 >> LENGTH_BITS) as usize;
        start..start + (self.0 & MAX_LENGTH as u64) as usize
    }
}

/// A map from id to a small value (the line an id was first seen on), the ids'
/// text stored back to back.
pub(crate) struct IdTable {
    text: String,
    /// Every id with its value, in the order inserted.
    entries: Vec<(Span, u64)>,
    /// Whether `entries` is in ascending byte order of the ids (no hash table yet).
    ordered: bool,
    /// Positions in `entries`, by id; built when the table stops being ordered.
    slots: HashTable<u32>,
    /// Where the last lookup of an ordered table found its id.
    hint: usize,
    lookups: u64,
    misses: u64,
    /// Ids too long for a [`Span`] (none in any real file), kept whole.
    long: HashMap<String, u64>,
    hasher: foldhash::fast::FixedState,
}

impl Default for IdTable {
    fn default() -> Self {
        IdTable {
            text: String::new(),
            entries: Vec::new(),
            ordered: true,
            slots: HashTable::new(),
            hint: 0,
            lookups: 0,
            misses: 0,
            long: HashMap::new(),
            // A fixed seed: the ids come from the operator's own files, so there is
            // no adversary to randomise against, and runs stay reproducible.
            hasher: foldhash::fast::FixedState::with_seed(0x6b65_6570_7769_7365),
        }
    }
}

impl IdTable {
    /// How many ids the table holds.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len() + self.long.len()
    }

    pub(crate) fn contains(&mut self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// The value kept for `id`, if the table holds it.
    pub(crate) fn get(&mut self, id: &str) -> Option<u64> {
        if id.len() > MAX_LENGTH {
            return self.long.get(id).copied();
        }
        self.position(id).map(|at| self.entries[at].1)
    }

    /// Where `id` is in `entries`.
    fn position(&mut self, id: &str) -> Option<usize> {
        if !self.ordered {
            let (text, entries) = (&self.text, &self.entries);
            let hash = self.hasher.hash_one(id);
            return self
                .slots
                .find(hash, |&at| &text[entries[at as usize].0.range()] == id)
                .map(|&at| at as usize);
        }
        // Near the last id found: references into a sorted file mostly come in its
        // order (a few records skipped at most).
        self.lookups += 1;
        let near = self.hint..self.entries.len().min(self.hint + NEAR);
        let local = match self.entries.get(self.hint) {
            Some(&(span, _)) if self.text[span.range()] <= *id => {
                self.search(id, near.clone()).map(|at| at + near.start)
            }
            _ => None,
        };
        let found = match local {
            Some(at) => Some(at),
            None => {
                self.misses += 1;
                let found = self.search(id, 0..self.entries.len());
                if self.misses > MISSES_BEFORE_HASHING && self.misses * 4 > self.lookups {
                    self.build_hash();
                }
                found
            }
        };
        if let Some(at) = found {
            self.hint = at;
        }
        found
    }

    /// Binary search of `id` among `entries[range]` (ordered), as a position in it.
    fn search(&self, id: &str, range: std::ops::Range<usize>) -> Option<usize> {
        self.entries[range]
            .binary_search_by(|(span, _)| self.text[span.range()].cmp(id))
            .ok()
    }

    /// Turns an ordered table into a hashed one (for good: ids out of order, or
    /// lookups in no particular order).
    fn build_hash(&mut self) {
        let (text, entries, hasher) = (&self.text, &self.entries, &self.hasher);
        let mut slots = HashTable::with_capacity(entries.len() * 2);
        for (at, (span, _)) in entries.iter().enumerate() {
            let hash = hasher.hash_one(&text[span.range()]);
            slots.insert_unique(hash, at as u32, |&at: &u32| {
                hasher.hash_one(&text[entries[at as usize].0.range()])
            });
        }
        self.slots = slots;
        self.ordered = false;
    }

    /// Keeps `value` for `id` unless the table holds it already; returns the value
    /// held before (then nothing changes).
    pub(crate) fn insert_new(&mut self, id: &str, value: u64) -> Option<u64> {
        self.upsert(id, |_| None, value)
    }

    /// Keeps `value` for a new `id`; for an `id` held already, `update` may replace
    /// its value (`Some`). Returns the value held before, if any.
    pub(crate) fn upsert(
        &mut self,
        id: &str,
        update: impl FnOnce(u64) -> Option<u64>,
        value: u64,
    ) -> Option<u64> {
        if id.len() > MAX_LENGTH {
            return match self.long.get_mut(id) {
                Some(held) => {
                    let before = *held;
                    if let Some(replaced) = update(before) {
                        *held = replaced;
                    }
                    Some(before)
                }
                None => {
                    self.long.insert(id.to_string(), value);
                    None
                }
            };
        }
        if self.entries.len() >= u32::MAX as usize {
            // Positions are kept as u32 in the hash table; four billion ids of one
            // file is beyond any data set, but stay correct: count it as seen.
            return Some(value);
        }
        let held = if self.ordered {
            match self
                .entries
                .last()
                .map(|&(span, _)| self.text[span.range()].cmp(id))
            {
                None | Some(std::cmp::Ordering::Less) => None,
                Some(std::cmp::Ordering::Equal) => Some(self.entries.len() - 1),
                Some(std::cmp::Ordering::Greater) => {
                    self.build_hash();
                    self.position(id)
                }
            }
        } else {
            self.position(id)
        };
        if let Some(at) = held {
            let before = self.entries[at].1;
            if let Some(replaced) = update(before) {
                self.entries[at].1 = replaced;
            }
            return Some(before);
        }
        let start = self.text.len();
        self.text.push_str(id);
        let at = self.entries.len();
        self.entries.push((Span::new(start, id.len()), value));
        if !self.ordered {
            let (text, entries, hasher) = (&self.text, &self.entries, &self.hasher);
            let hash = hasher.hash_one(id);
            self.slots.insert_unique(hash, at as u32, |&at: &u32| {
                hasher.hash_one(&text[entries[at as usize].0.range()])
            });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_found_with_its_value_after_insertion() {
        let mut ids = IdTable::default();
        assert_eq!(ids.insert_new("O1", 2), None);
        assert_eq!(ids.insert_new("O2", 3), None);
        assert_eq!(ids.get("O1"), Some(2));
        assert_eq!(ids.get("O2"), Some(3));
        assert!(!ids.contains("O3"));
        assert_eq!(ids.len(), 2);
    }

    #[test]
    fn inserting_an_id_again_keeps_the_first_value_and_reports_it() {
        let mut ids = IdTable::default();
        ids.insert_new("C7", 10);
        assert_eq!(ids.insert_new("C7", 99), Some(10));
        assert_eq!(ids.get("C7"), Some(10));
        assert_eq!(ids.len(), 1);
    }

    #[test]
    fn upsert_replaces_a_value_only_when_asked() {
        let mut ids = IdTable::default();
        ids.insert_new("T1", u64::MAX);
        assert_eq!(
            ids.upsert("T1", |v| (v == u64::MAX).then_some(5), 5),
            Some(u64::MAX)
        );
        assert_eq!(ids.get("T1"), Some(5));
        assert_eq!(
            ids.upsert("T1", |v| (v == u64::MAX).then_some(6), 6),
            Some(5)
        );
        assert_eq!(ids.get("T1"), Some(5));
    }

    #[test]
    fn many_ids_survive_the_table_growing() {
        let mut ids = IdTable::default();
        for n in 0..100_000u64 {
            assert_eq!(ids.insert_new(&format!("M{n:010}"), n), None);
        }
        for n in (0..100_000u64).step_by(7) {
            assert_eq!(ids.get(&format!("M{n:010}")), Some(n));
        }
        assert!(!ids.contains("M"));
        assert!(!ids.contains("M00000000000"));
    }

    #[test]
    fn an_id_too_long_for_a_span_is_kept_whole() {
        let mut ids = IdTable::default();
        let long = "x".repeat(MAX_LENGTH + 1);
        let longer = "x".repeat(MAX_LENGTH + 2);
        assert_eq!(ids.insert_new(&long, 1), None);
        assert_eq!(ids.insert_new(&longer, 2), None);
        assert_eq!(ids.insert_new(&long, 3), Some(1));
        assert_eq!(ids.get(&longer), Some(2));
        assert_eq!(ids.len(), 2);
    }

    #[test]
    fn ids_out_of_order_are_found_and_repeats_caught_after_hashing() {
        let mut ids = IdTable::default();
        for n in [5u64, 6, 9, 3, 7, 1] {
            assert_eq!(ids.insert_new(&format!("K{n}"), n), None);
        }
        for n in [5u64, 6, 9, 3, 7, 1] {
            assert_eq!(ids.insert_new(&format!("K{n}"), 0), Some(n));
            assert_eq!(ids.get(&format!("K{n}")), Some(n));
        }
        assert!(!ids.contains("K2"));
        assert_eq!(ids.len(), 6);
    }

    #[test]
    fn a_sorted_table_answers_lookups_in_any_order_before_and_after_hashing() {
        let mut ids = IdTable::default();
        for n in 0..10_000u64 {
            ids.insert_new(&format!("C{n:06}"), n);
        }
        // Far apart lookups: enough misses of the last place to switch to hashing.
        for round in 0..3 {
            for n in (0..10_000u64).rev().step_by(1 + round) {
                assert_eq!(ids.get(&format!("C{n:06}")), Some(n));
            }
            assert!(!ids.contains("C"));
            assert!(!ids.contains("C010000"));
        }
        assert_eq!(ids.insert_new("C000042", 0), Some(42));
        assert_eq!(ids.insert_new("C010000", 1), None);
        assert_eq!(ids.get("C010000"), Some(1));
    }

    #[test]
    fn ids_that_differ_only_in_non_ascii_text_are_told_apart() {
        let mut ids = IdTable::default();
        ids.insert_new("zákazník-1", 1);
        ids.insert_new("zakaznik-1", 2);
        assert_eq!(ids.get("zákazník-1"), Some(1));
        assert_eq!(ids.get("zakaznik-1"), Some(2));
    }
}
