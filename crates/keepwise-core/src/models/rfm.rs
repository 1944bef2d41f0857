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

/// One transaction of an interned customer: (customer index, day, amount).
pub type InternedEvent = (u32, i32, f64);

/// The summary of interned customers, sorted by customer id. `batches` are the
/// events in log order (batch after batch), all on or before the calibration
/// end; every customer index must be below `ids.len()` and have an event.
///
/// Events are bucketed by customer (a counting sort, stable, so that same-day
/// amounts add up in log order), then each customer's days are sorted and
/// merged, customers in parallel.
pub fn summarize_interned(
    ids: Vec<String>,
    batches: &[Vec<InternedEvent>],
    calibration_end: i32,
    period: Period,
) -> Vec<(String, RfmRow)> {
    let customers = ids.len();
    let mut offsets = vec![0usize; customers + 1];
    for &(c, _, _) in batches.iter().flatten() {
        offsets[c as usize + 1] += 1;
    }
    for i in 0..customers {
        offsets[i + 1] += offsets[i];
    }
    let mut cursor = offsets.clone();
    let mut bucketed = vec![(0i32, 0.0f64); offsets[customers]];
    for &(c, day, amount) in batches.iter().flatten() {
        let slot = &mut cursor[c as usize];
        bucketed[*slot] = (day, amount);
        *slot += 1;
    }
    let rows: Vec<Option<RfmRow>> = (0..customers)
        .into_par_iter()
        .with_min_len(4096)
        .map_init(
            || (Vec::new(), Vec::new()),
            |(events, daily): &mut (Vec<DayAmount>, Vec<DayAmount>), c| {
                events.clear();
                events.extend_from_slice(&bucketed[offsets[c]..offsets[c + 1]]);
                // Stable: same-day amounts keep their log order.
                events.sort_by_key(|&(d, _)| d);
                daily.clear();
                for &(d, amount) in events.iter() {
                    match daily.last_mut() {
                        Some((last, total)) if *last == d => *total += amount,
                        _ => daily.push((d, amount)),
                    }
                }
                summarize_days(daily, calibration_end, period)
            },
        )
        .collect();
    let mut out: Vec<(String, RfmRow)> = ids
        .into_iter()
        .zip(rows)
        .filter_map(|(id, row)| row.map(|r| (id, r)))
        .collect();
    out.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Builds the RFM summary from a transaction log, one transaction at a time.
/// Transactions after the calibration end are ignored; a customer whose first
/// transaction is after it does not appear.
#[derive(Debug)]
pub struct RfmBuilder {
    calibration_end: i32,
    period: Period,
    index: FxHashMap<String, u32>,
    ids: Vec<String>,
    events: Vec<InternedEvent>,
}

impl RfmBuilder {
    /// A builder for the calibration period ending on `calibration_end` (inclusive).
    pub fn new(calibration_end: NaiveDate, period: Period) -> RfmBuilder {
        RfmBuilder {
            calibration_end: day_number(calibration_end),
            period,
            index: FxHashMap::default(),
            ids: Vec::new(),
            events: Vec::new(),
        }
    }

    /// Adds one transaction (amount 0 when the log has none).
    pub fn add(&mut self, customer_id: &str, date: NaiveDate, amount: f64) {
        let day = day_number(date);
        if day > self.calibration_end {
            return;
        }
        let slot = match self.index.get(customer_id) {
            Some(&i) => i,
            None => {
                let i = self.ids.len() as u32;
                self.index.insert(customer_id.to_string(), i);
                self.ids.push(customer_id.to_string());
                i
            }
        };
        self.events.push((slot, day, amount));
    }

    /// The summary, sorted by customer id.
    pub fn finish(self) -> Vec<(String, RfmRow)> {
        summarize_interned(self.ids, &[self.events], self.calibration_end, self.period)
    }
}

/// Days since 0001-01-01 (proleptic Gregorian, day 1): the day numbers of
/// [`summarize_days`] and [`summarize_interned`].
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
        // result is that of one builder fed the whole log.
        let end = day_number(date("2021-06-30"));
        let d = |s| day_number(date(s));
        let batches = vec![
            vec![
                (0, d("2021-01-05"), 1.0),
                (1, d("2021-02-01"), 4.0),
                (0, d("2021-01-01"), 2.0),
            ],
            vec![(0, d("2021-01-05"), 0.5), (1, d("2021-03-01"), 6.0)],
        ];
        let rows = summarize_interned(vec!["b".into(), "a".into()], &batches, end, Period::Day);
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
        assert_eq!(rows[1].1.frequency, 1);
        assert_eq!(rows[1].1.monetary_value, 1.5);
        assert_eq!(rows[1].1.recency, 4.0);
    }

    #[test]
    fn validation_rejects_recency_beyond_age() {
        let err = validate_rows("bg-nbd", &[RfmRow::new(1, 5.0, 4.0)]).unwrap_err();
        assert!(err.to_string().contains("row 1"), "{err}");
    }
}
