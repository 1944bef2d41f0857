//! The ids an import has seen, kept compactly: a file of ten million records keeps
//! ten million ids in memory until the import ends (other files may reference
//! them), so each id costs its bytes in one shared text buffer plus a 16-byte slot
//! of a hash table, with no allocation of its own.
//!
//! With `String` keys every id was its own heap block (allocated per row, freed at
//! the end) and a 24-byte header: most of an import's peak memory and a good part
//! of the reading thread's time.

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
    slots: HashTable<(Span, u64)>,
    /// Ids too long for a [`Span`] (none in any real file), kept whole.
    long: HashMap<String, u64>,
    hasher: foldhash::fast::FixedState,
}

impl Default for IdTable {
    fn default() -> Self {
        IdTable {
            text: String::new(),
            slots: HashTable::new(),
            long: HashMap::new(),
            // A fixed seed: the ids come from the operator's own files, so there is
            // no adversary to randomise against, and runs stay reproducible.
            hasher: foldhash::fast::FixedState::with_seed(0x6b65_6570_7769_7365),
        }
    }
}

impl IdTable {
    fn hash(&self, id: &str) -> u64 {
        self.hasher.hash_one(id)
    }

    /// How many ids the table holds.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.slots.len() + self.long.len()
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// The value kept for `id`, if the table holds it.
    pub(crate) fn get(&self, id: &str) -> Option<u64> {
        if id.len() > MAX_LENGTH {
            return self.long.get(id).copied();
        }
        let text = &self.text;
        self.slots
            .find(self.hash(id), |(span, _)| &text[span.range()] == id)
            .map(|(_, value)| *value)
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
        let hash = self.hash(id);
        let (text, hasher) = (&mut self.text, &self.hasher);
        let entry = self.slots.entry(
            hash,
            |(span, _)| &text[span.range()] == id,
            |(span, _)| hasher.hash_one(&text[span.range()]),
        );
        match entry {
            hashbrown::hash_table::Entry::Occupied(mut held) => {
                let before = held.get().1;
                if let Some(replaced) = update(before) {
                    held.get_mut().1 = replaced;
                }
                Some(before)
            }
            hashbrown::hash_table::Entry::Vacant(place) => {
                let start = text.len();
                text.push_str(id);
                place.insert((Span::new(start, id.len()), value));
                None
            }
        }
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
    fn ids_that_differ_only_in_non_ascii_text_are_told_apart() {
        let mut ids = IdTable::default();
        ids.insert_new("zákazník-1", 1);
        ids.insert_new("zakaznik-1", 2);
        assert_eq!(ids.get("zákazník-1"), Some(1));
        assert_eq!(ids.get("zakaznik-1"), Some(2));
    }
}
