//! The customer-by-sufficient-statistic summary (RFM): per customer the repeat
//! purchase count x, the recency t_x (first to last purchase) and the age T
//! (first purchase to calibration end), plus the mean value of the repeat
//! purchases. Definitions follow clv-tables.md §2.1 (the CDNOW conventions of
//! Fader, Hardie & Lee and of lifetimes): purchases on the same day merge into
//! one, the first purchase is not counted, and a week is exactly 7 days.

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::fit::ModelError;

/// One customer's sufficient statistics, in the summary's own time unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RfmRow {
    /// x: number of repeat purchase days (distinct purchase days − 1).
    pub frequency: u64,
    /// t_x: time from the first to the last purchase (0 when x = 0).
    pub recency: f64,
    /// T: time from the first purchase to the end of the calibration period.
    pub age: f64,
    /// Mean daily total of the repeat purchase days (0 when x = 0).
    pub monetary_value: f64,
}

impl RfmRow {
    /// A summary row without monetary value.
    pub fn new(frequency: u64, recency: f64, age: f64) -> RfmRow {
        RfmRow {
            frequency,
            recency,
            age,
            monetary_value: 0.0,
        }
    }
}

/// Checks the conventions every purchase model relies on; `row` is 1-based for messages.
pub fn validate_rows(model: &'static str, rows: &[RfmRow]) -> Result<(), ModelError> {
    for (i, r) in rows.iter().enumerate() {
        let reason = if !(r.recency.is_finite() && r.recency >= 0.0) {
            Some(format!("recency {} must be a finite number ≥ 0", r.recency))
        } else if !(r.age.is_finite() && r.age >= 0.0) {
            Some(format!("T {} must be a finite number ≥ 0", r.age))
        } else if r.recency > r.age {
            Some(format!(
                "recency {} exceeds T {}; recency is measured from the first purchase",
                r.recency, r.age
            ))
        } else if r.frequency == 0 && r.recency != 0.0 {
            Some(format!(
                "frequency is 0 but recency is {}; recency must be 0 without repeat purchases",
                r.recency
            ))
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(ModelError::InvalidRow {
                model,
                row: i + 1,
                reason,
            });
        }
    }
    Ok(())
}

/// Time unit of the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    /// Exactly 7 days (fractional), not calendar weeks.
    Week,
}

impl Period {
    /// Days in one unit.
    pub fn days(self) -> f64 {
        match self {
            Period::Day => 1.0,
            Period::Week => 7.0,
        }
    }
}

/// The RFM row of one customer from their event days in increasing order, each
/// with the day's total (same-day events already merged), observed up to
/// `calibration_end` (days as [`day_number`]); `None` without events.
pub fn summarize_days(
    daily: &[(i32, f64)],
    calibration_end: i32,
    period: Period,
) -> Option<RfmRow> {
    let unit = period.days();
    let &(first, _) = daily.first()?;
    let &(last, _) = daily.last()?;
    let repeats = &daily[1..];
    let monetary_value = if repeats.is_empty() {
        0.0
    } else {
        repeats.iter().map(|(_, a)| a).sum::<f64>() / repeats.len() as f64
    };
    Some(RfmRow {
        frequency: repeats.len() as u64,
        recency: f64::from(last - first) / unit,
        age: f64::from(calibration_end - first) / unit,
        monetary_value,
    })
}

/// A day number with an amount (one event, or one day's total).
type DayAmount = (i32, f64);

/// Longest customer id kept inside an [`IdKey`]; longer ids are read back from
/// the text they came from.
const INLINE_ID: usize = 15;
/// Last byte of an [`IdKey`] that refers to its id instead of holding it.
const LONG_ID: u8 = 0xFF;

/// A customer id packed into 16 bytes, so that grouping hashes and compares two
/// words in the event itself instead of following a pointer to the id's text
/// (with a million customers that pointer is a cache miss almost every time):
/// an id of up to 15 bytes is held inline (its bytes, zero-padded, and its
/// length in the last byte); a longer one as its offset and length in the text
/// the events were read from, with [`LONG_ID`] in the last byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct IdKey([u8; 16]);

impl std::hash::Hash for IdKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let (lo, hi) = self.words();
        state.write_u64(lo);
        state.write_u64(hi);
    }
}

impl IdKey {
    fn new(id: &[u8], offset: usize) -> IdKey {
        let mut bytes = [0u8; 16];
        if id.len() <= INLINE_ID {
            bytes[..id.len()].copy_from_slice(id);
            bytes[15] = id.len() as u8;
        } else {
            // An id longer than 4 GiB cannot be in a log this reads whole.
            let len = u32::try_from(id.len()).unwrap_or(u32::MAX);
            bytes[..8].copy_from_slice(&(offset as u64).to_le_bytes());
            bytes[8..12].copy_from_slice(&len.to_le_bytes());
            bytes[15] = LONG_ID;
        }
        IdKey(bytes)
    }

    fn words(&self) -> (u64, u64) {
        let [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p] = self.0;
        (
            u64::from_le_bytes([a, b, c, d, e, f, g, h]),
            u64::from_le_bytes([i, j, k, l, m, n, o, p]),
        )
    }

    fn is_long(&self) -> bool {
        self.0[15] == LONG_ID
    }

    /// The id's bytes; `source` is the text a long id was read from.
    fn bytes<'a>(&'a self, source: &'a [u8]) -> &'a [u8] {
        if self.is_long() {
            self.long_id(source)
        } else {
            &self.0[..usize::from(self.0[15])]
        }
    }

    /// The bytes of a long id in `source`.
    fn long_id<'a>(&self, source: &'a [u8]) -> &'a [u8] {
        let (offset, len) = self.words();
        let len = (len & u64::from(u32::MAX)) as usize;
        &source[offset as usize..offset as usize + len]
    }

    /// Orders ids by their bytes, as `str` does. Inline ids compare as two
    /// big-endian words: zero padding puts an id before its extensions, and
    /// where an extension continues with zero bytes only, the length byte
    /// (last) puts the shorter first.
    fn cmp_id(&self, other: &IdKey, source: &[u8]) -> std::cmp::Ordering {
        if self.is_long() || other.is_long() {
            return self.bytes(source).cmp(other.bytes(source));
        }
        let be = |k: &IdKey| {
            let (lo, hi) = k.words();
            (lo.swap_bytes(), hi.swap_bytes())
        };
        be(self).cmp(&be(other))
    }

    /// A hash of the id (not of where a long id is) that chooses its partition.
    fn route(&self, id: &[u8]) -> u64 {
        const K0: u64 = 0x9E37_79B9_7F4A_7C15;
        const K1: u64 = 0xC2B2_AE3D_27D4_EB4F;
        const K2: u64 = 0x1656_67B1_9E37_79F9;
        // The high and low halves of a full product, folded: every input bit
        // reaches the top bits, which pick the partition.
        let fold = |x: u64, y: u64| {
            let p = u128::from(x) * u128::from(y);
            (p as u64) ^ ((p >> 64) as u64)
        };
        let (lo, hi) = if self.is_long() {
            let mut h = K2;
            for piece in id.chunks(8) {
                let mut word = [0u8; 8];
                word[..piece.len()].copy_from_slice(piece);
                h = fold(h ^ u64::from_le_bytes(word), K0);
            }
            (h, id.len() as u64)
        } else {
            self.words()
        };
        fold(fold(lo ^ K0, hi ^ K1), K2)
    }
}

/// One transaction of a customer known by [`IdKey`].
#[derive(Debug, Clone, Copy)]
struct KeyedEvent {
    key: IdKey,
    amount: f64,
    day: i32,
}

/// Transactions split into partitions by a hash of the customer id, in the
/// order they were pushed; every customer's transactions land in one
/// partition. Summarising a partition then touches only its few thousand
/// customers, whose table stays in the processor's cache, instead of one table
/// of every customer; this is how a log of tens of millions of rows is
/// grouped (the grouping of column stores such as DuckDB works the same way).
#[derive(Debug, Clone)]
pub struct EventPartitions {
    parts: Vec<Vec<KeyedEvent>>,
}

impl EventPartitions {
    /// `count` partitions (at least 1), each with room for `capacity` events.
    /// Batches summarised together must have the same count.
    pub fn new(count: usize, capacity: usize) -> EventPartitions {
        EventPartitions {
            parts: (0..count.max(1))
                .map(|_| Vec::with_capacity(capacity))
                .collect(),
        }
    }

    /// Adds one transaction of customer `id` on `day` ([`day_number`]).
    /// `offset` is where `id` starts in the text later given to
    /// [`summarize_partitions`]; only ids longer than 15 bytes are read back
    /// from there.
    pub fn push(&mut self, id: &[u8], offset: usize, day: i32, amount: f64) {
        let key = IdKey::new(id, offset);
        let count = self.parts.len() as u128;
        let part = ((u128::from(key.route(id)) * count) >> 64) as usize;
        self.parts[part].push(KeyedEvent { key, amount, day });
    }

    /// Number of transactions pushed.
    pub fn len(&self) -> usize {
        self.parts.iter().map(Vec::len).sum()
    }

    /// Whether no transaction was pushed.
    pub fn is_empty(&self) -> bool {
        self.parts.iter().all(Vec::is_empty)
    }
}

/// The summary of transactions pushed into `batches` (each batch in log order,
/// batch after batch), all on or before the calibration end (days as
/// [`day_number`]), sorted by customer id. `source` is the text the ids'
/// offsets refer to. Partitions are summarised in parallel: each customer's
/// transactions are bucketed (stably, so same-day amounts add up in log
/// order), sorted by day and merged.
///
/// # Panics
/// If the batches have different partition counts.
pub fn summarize_partitions(
    source: &[u8],
    batches: &[EventPartitions],
    calibration_end: i32,
    period: Period,
) -> Vec<(String, RfmRow)> {
    let count = batches.first().map_or(0, |b| b.parts.len());
    assert!(
        batches.iter().all(|b| b.parts.len() == count),
        "every batch must have the same partitions"
    );
    let groups: Vec<Vec<(IdKey, RfmRow)>> = (0..count)
        .into_par_iter()
        .map_init(PartitionScratch::default, |scratch, p| {
            scratch.summarize(
                source,
                || batches.iter().flat_map(|b| b.parts[p].iter()),
                calibration_end,
                period,
            )
        })
        .collect();
    let mut keyed = Vec::with_capacity(groups.iter().map(Vec::len).sum());
    for group in groups {
        keyed.extend(group);
    }
    // Sorted on the packed keys (two word comparisons for short ids), then
    // the ids are written out in order.
    keyed.par_sort_unstable_by(|a, b| a.0.cmp_id(&b.0, source));
    keyed
        .into_par_iter()
        .map(|(key, row)| (String::from_utf8_lossy(key.bytes(source)).into_owned(), row))
        .collect()
}

/// Working memory for summarising one partition, reused for the next.
#[derive(Default)]
struct PartitionScratch<'s> {
    short_ids: FxHashMap<IdKey, u32>,
    long_ids: FxHashMap<&'s [u8], u32>,
    /// Customers in first-seen order.
    keys: Vec<IdKey>,
    /// Customer number of each event.
    slots: Vec<u32>,
    offsets: Vec<usize>,
    cursor: Vec<usize>,
    bucketed: Vec<DayAmount>,
    daily: Vec<DayAmount>,
}

impl<'s> PartitionScratch<'s> {
    fn summarize<'e, I: Iterator<Item = &'e KeyedEvent>>(
        &mut self,
        source: &'s [u8],
        events: impl Fn() -> I,
        calibration_end: i32,
        period: Period,
    ) -> Vec<(IdKey, RfmRow)> {
        let PartitionScratch {
            short_ids,
            long_ids,
            keys,
            slots,
            offsets,
            cursor,
            bucketed,
            daily,
        } = self;
        short_ids.clear();
        long_ids.clear();
        keys.clear();
        slots.clear();
        for event in events() {
            let first_seen = || {
                keys.push(event.key);
                (keys.len() - 1) as u32
            };
            let slot = if event.key.is_long() {
                *long_ids
                    .entry(event.key.long_id(source))
                    .or_insert_with(first_seen)
            } else {
                *short_ids.entry(event.key).or_insert_with(first_seen)
            };
            slots.push(slot);
        }
        let customers = keys.len();
        offsets.clear();
        offsets.resize(customers + 1, 0);
        for &slot in slots.iter() {
            offsets[slot as usize + 1] += 1;
        }
        for i in 0..customers {
            offsets[i + 1] += offsets[i];
        }
        cursor.clear();
        cursor.extend_from_slice(&offsets[..customers]);
        bucketed.clear();
        bucketed.resize(slots.len(), (0, 0.0));
        for (event, &slot) in events().zip(slots.iter()) {
            let at = &mut cursor[slot as usize];
            bucketed[*at] = (event.day, event.amount);
            *at += 1;
        }
        let mut rows = Vec::with_capacity(customers);
        for (c, key) in keys.iter().enumerate() {
            let days = &mut bucketed[offsets[c]..offsets[c + 1]];
            // Stable: same-day amounts keep their log order.
            days.sort_by_key(|&(d, _)| d);
            daily.clear();
            for &(d, amount) in days.iter() {
                match daily.last_mut() {
                    Some((last, total)) if *last == d => *total += amount,
                    _ => daily.push((d, amount)),
                }
            }
            if let Some(row) = summarize_days(daily, calibration_end, period) {
                rows.push((*key, row));
            }
        }
        rows
    }
}

/// Partitions of a [`RfmBuilder`]: enough to summarise on every thread.
const BUILDER_PARTITIONS: usize = 16;

/// Builds the RFM summary from a transaction log, one transaction at a time.
/// Transactions after the calibration end are ignored; a customer whose first
/// transaction is after it does not appear.
#[derive(Debug)]
pub struct RfmBuilder {
    calibration_end: i32,
    period: Period,
    /// The ids too long to be held in an event, one copy per event.
    long_ids: Vec<u8>,
    events: EventPartitions,
}

impl RfmBuilder {
    /// A builder for the calibration period ending on `calibration_end` (inclusive).
    pub fn new(calibration_end: NaiveDate, period: Period) -> RfmBuilder {
        RfmBuilder {
            calibration_end: day_number(calibration_end),
            period,
            long_ids: Vec::new(),
            events: EventPartitions::new(BUILDER_PARTITIONS, 0),
        }
    }

    /// Adds one transaction (amount 0 when the log has none).
    pub fn add(&mut self, customer_id: &str, date: NaiveDate, amount: f64) {
        let day = day_number(date);
        if day > self.calibration_end {
            return;
        }
        let id = customer_id.as_bytes();
        let offset = self.long_ids.len();
        if id.len() > INLINE_ID {
            self.long_ids.extend_from_slice(id);
        }
        self.events.push(id, offset, day, amount);
    }

    /// The summary, sorted by customer id.
    pub fn finish(self) -> Vec<(String, RfmRow)> {
        summarize_partitions(
            &self.long_ids,
            &[self.events],
            self.calibration_end,
            self.period,
        )
    }
}

/// Days since 0001-01-01 (proleptic Gregorian, day 1): the day numbers of
/// [`summarize_days`] and [`summarize_partitions`].
pub fn day_number(date: NaiveDate) -> i32 {
    use chrono::Datelike;
    date.num_days_from_ce()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn same_day_purchases_merge_and_the_first_day_is_not_a_repeat() {
        let mut b = RfmBuilder::new(date("1997-09-30"), Period::Week);
        b.add("c1", date("1997-01-01"), 10.0);
        b.add("c1", date("1997-01-15"), 5.0);
        b.add("c1", date("1997-01-15"), 7.0);
        b.add("c1", date("1997-01-29"), 3.0);
        b.add("c1", date("1997-10-05"), 100.0);
        let rows = b.finish();
        assert_eq!(rows.len(), 1);
        let r = rows[0].1;
        assert_eq!(r.frequency, 2);
        assert!((r.recency - 4.0).abs() < 1e-12);
        assert!((r.age - 272.0 / 7.0).abs() < 1e-12);
        assert!((r.monetary_value - 7.5).abs() < 1e-12);
    }

    #[test]
    fn a_customer_who_starts_after_calibration_end_is_left_out() {
        let mut b = RfmBuilder::new(date("1997-09-30"), Period::Day);
        b.add("late", date("1997-10-01"), 1.0);
        b.add("early", date("1997-09-30"), 1.0);
        let rows = b.finish();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].0, "early");
        assert_eq!(
            rows[0].1,
            RfmRow {
                frequency: 0,
                recency: 0.0,
                age: 0.0,
                monetary_value: 0.0
            }
        );
    }

    #[test]
    fn same_day_amounts_add_up_in_log_order_across_batches() {
        // Two batches (as from two chunks of a file) for the same customers: the
        // result is that of one builder fed the whole log. 0.1 + 0.2 + 0.3 in
        // this order is 0.6000000000000001; in any other order it is 0.6.
        let end = day_number(date("2021-06-30"));
        let d = |s| day_number(date(s));
        let mut first = EventPartitions::new(3, 0);
        first.push(b"b", 0, d("2021-01-05"), 0.1);
        first.push(b"a", 0, d("2021-02-01"), 4.0);
        first.push(b"b", 0, d("2021-01-01"), 2.0);
        first.push(b"b", 0, d("2021-01-05"), 0.2);
        let mut second = EventPartitions::new(3, 0);
        second.push(b"b", 0, d("2021-01-05"), 0.3);
        second.push(b"a", 0, d("2021-03-01"), 6.0);
        assert_eq!(first.len() + second.len(), 6);
        let rows = summarize_partitions(&[], &[first, second], end, Period::Day);
        assert_eq!(rows[0].0, "a");
        assert_eq!(
            rows[0].1,
            RfmRow {
                frequency: 1,
                recency: 28.0,
                age: f64::from(end - d("2021-02-01")),
                monetary_value: 6.0
            }
        );
        assert_eq!(rows[1].0, "b");
        assert_eq!(rows[1].1.frequency, 1);
        assert_eq!(rows[1].1.monetary_value, 0.1 + 0.2 + 0.3);
        assert_ne!(rows[1].1.monetary_value, 0.6);
        assert_eq!(rows[1].1.recency, 4.0);
    }

    #[test]
    fn long_ids_and_ids_that_share_a_prefix_stay_apart_and_sort_by_their_bytes() {
        let mut b = RfmBuilder::new(date("2021-06-30"), Period::Day);
        let long_a = "customer-0000000000000001";
        let long_b = "customer-0000000000000002";
        let ids = [
            long_b,
            "c1",
            long_a,
            "c1\0",
            "c10",
            "c1",
            long_b,
            "customer-000000",
        ];
        for (i, id) in ids.iter().enumerate() {
            b.add(id, date("2021-01-01") + chrono::Days::new(i as u64), 1.0);
        }
        let rows = b.finish();
        let order: Vec<&str> = rows.iter().map(|(id, _)| id.as_str()).collect();
        let mut want: Vec<&str> = ids.to_vec();
        want.sort_unstable();
        want.dedup();
        assert_eq!(order, want);
        let frequency = |id: &str| rows.iter().find(|(i, _)| i == id).unwrap().1.frequency;
        assert_eq!(frequency(long_b), 1);
        assert_eq!(frequency(long_a), 0);
        assert_eq!(frequency("c1"), 1);
        assert_eq!(frequency("c1\0"), 0);
        assert_eq!(
            rows.iter().find(|(i, _)| i == long_b).unwrap().1.recency,
            6.0
        );
    }

    #[test]
    fn a_partition_holds_every_transaction_of_its_customers() {
        let mut events = EventPartitions::new(64, 0);
        for c in 0..2000u32 {
            let id = format!("c{c}");
            events.push(id.as_bytes(), 0, 738_000, 1.0);
            events.push(id.as_bytes(), 0, 738_001, 1.0);
        }
        assert_eq!(events.len(), 4000);
        // Spread over the partitions (a weak hash would pile them up).
        assert!(events.parts.iter().all(|p| !p.is_empty() && p.len() < 200));
        let rows = summarize_partitions(&[], &[events], 738_010, Period::Day);
        assert_eq!(rows.len(), 2000);
        assert!(
            rows.iter()
                .all(|(_, r)| r.frequency == 1 && r.recency == 1.0)
        );
        assert!(rows.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn validation_rejects_recency_beyond_age() {
        let err = validate_rows("bg-nbd", &[RfmRow::new(1, 5.0, 4.0)]).unwrap_err();
        assert!(err.to_string().contains("row 1"), "{err}");
    }
}
