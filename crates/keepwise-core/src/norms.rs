//! Segment norms: what is usual among a customer's peers, measured robustly.
//!
//! "Far above the segment's norm" must not depend on a fixed global number, nor be
//! pulled by the very outliers it should detect. So each metric's norm is its median
//! and its robust spread over the customer's own segment, and a customer's figure is
//! judged by its robust z-score, `(x − median) / spread`.
//!
//! The spread is 1.4826 × the median absolute deviation (MAD; equal to the standard
//! deviation for normal data). Many business metrics are zero for most customers
//! (most never get a refund), which makes the MAD zero; the spread then falls back to
//! the interquartile range divided by 1.349 (the normal IQR), then the 90th
//! percentile's distance from the median divided by 1.2816 (the normal 90 %
//! quantile), then the 99th percentile's divided by 2.3263, and when every peer
//! has the same value, to 10 % of the median's size (or a tiny positive number when
//! the median is zero), so that any figure above an all-equal norm is far above it.
//! The order matters: the upper quartile stays put until a quarter of the segment
//! behaves unusually, the 90th percentile already when a tenth does, and in a segment
//! where one customer in six is demanding a spread taken from the 90th percentile
//! would be set by the demanding customers themselves.
//!
//! Peers: a segment with fewer than `min_segment_peers` customers having the metric
//! borrows the whole base's norm; when the whole base has fewer, the norm is not used
//! at all and the signals that need it are not raised (they say so).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::config::PolicySettings;

/// Per-customer figures measured in the first pass, the inputs of the norms.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CustomerMetrics {
    /// The customer's segment (`None`: unsegmented, judged against the whole base).
    pub segment: Option<String>,
    /// Concessions not owed for the business's own faults, as a share of what the
    /// customer was billed plus those concessions (0..1): the share of value given back.
    pub concession_rate: f64,
    /// Out-of-scope requests per year of exposure within the window.
    pub out_of_scope_per_year: f64,
    /// Tickets handled by a manager or executive per year of exposure within the window.
    pub senior_per_year: f64,
    /// Average handling minutes per ticket (`None` without tickets).
    pub minutes_per_ticket: Option<f64>,
    /// Handling cost of the window (reporting currency).
    pub handling_cost: f64,
    /// Gross margin of the window (reporting currency).
    pub gross_margin: f64,
    /// Units of use per day over the recent lookback (`None` without an active contract).
    pub usage_rate: Option<f64>,
    /// Net long-term value used by the policy (model, else the documented fallback).
    pub net_long_term_value: f64,
    /// Distinct agents per ticket in the window (`None` below two tickets with an agent).
    pub agent_spread: Option<f64>,
}

/// The metrics that have norms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    ConcessionRate,
    OutOfScopePerYear,
    SeniorPerYear,
    MinutesPerTicket,
    UsageRate,
    NetLongTermValue,
    HandlingCost,
    AgentSpread,
}

impl Metric {
    const ALL: [Metric; 8] = [
        Metric::ConcessionRate,
        Metric::OutOfScopePerYear,
        Metric::SeniorPerYear,
        Metric::MinutesPerTicket,
        Metric::UsageRate,
        Metric::NetLongTermValue,
        Metric::HandlingCost,
        Metric::AgentSpread,
    ];

    fn value(self, m: &CustomerMetrics) -> Option<f64> {
        match self {
            Metric::ConcessionRate => Some(m.concession_rate),
            Metric::OutOfScopePerYear => Some(m.out_of_scope_per_year),
            Metric::SeniorPerYear => Some(m.senior_per_year),
            Metric::MinutesPerTicket => m.minutes_per_ticket,
            Metric::UsageRate => m.usage_rate,
            Metric::NetLongTermValue => Some(m.net_long_term_value),
            Metric::HandlingCost => Some(m.handling_cost),
            Metric::AgentSpread => m.agent_spread,
        }
        .filter(|v| v.is_finite())
    }
}

/// Robust statistics of one metric over a group of peers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Norm {
    pub peers: u32,
    pub median: f64,
    /// Median absolute deviation from the median.
    pub mad: f64,
    pub p25: f64,
    pub p75: f64,
    pub p90: f64,
    pub p99: f64,
    /// Robust spread used for z-scores (see the module documentation).
    pub scale: f64,
    /// Median of the positive values (for the value scale; 0 when none).
    pub positive_median: f64,
}

/// Linear-interpolated percentile of sorted values, `q` in 0..1.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let low = pos.floor() as usize;
    let high = pos.ceil() as usize;
    sorted[low] + (sorted[high] - sorted[low]) * (pos - low as f64)
}

impl Norm {
    /// Statistics of `values` (any order); `None` when empty.
    pub fn from_values(mut values: Vec<f64>) -> Option<Norm> {
        if values.is_empty() {
            return None;
        }
        values.sort_unstable_by(f64::total_cmp);
        let median = percentile(&values, 0.5);
        let p25 = percentile(&values, 0.25);
        let p75 = percentile(&values, 0.75);
        let p90 = percentile(&values, 0.90);
        let p99 = percentile(&values, 0.99);
        let first_positive = values.partition_point(|v| *v <= 0.0);
        let positive_median = percentile(&values[first_positive..], 0.5);
        let mut deviations: Vec<f64> = values.iter().map(|v| (v - median).abs()).collect();
        deviations.sort_unstable_by(f64::total_cmp);
        let mad = percentile(&deviations, 0.5);
        let tiny = 1e-9;
        let scale = [
            1.4826 * mad,
            (p75 - p25) / 1.349,
            (p90 - median) / 1.2816,
            (p99 - median) / 2.3263,
        ]
        .into_iter()
        .find(|s| *s > tiny)
        .unwrap_or_else(|| (0.1 * median.abs()).max(tiny));
        Some(Norm {
            peers: values.len() as u32,
            median,
            mad,
            p25,
            p75,
            p90,
            p99,
            scale,
            positive_median,
        })
    }

    /// Robust z-score of `x`: how many spreads it lies above (negative: below) the median.
    pub fn z(&self, x: f64) -> f64 {
        (x - self.median) / self.scale
    }
}

/// Where a customer's norm came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum NormSource {
    /// The customer's own segment had enough peers.
    Segment { name: String, peers: u32 },
    /// The segment was missing or too small, so the whole base was used.
    Base { peers: u32 },
    /// Even the whole base is too small: no norm.
    TooFewPeers { peers: u32 },
}

impl NormSource {
    /// Plain-language description for explanations.
    pub fn describe(&self) -> String {
        match self {
            NormSource::Segment { name, peers } => format!("segment \"{name}\" ({peers} peers)"),
            NormSource::Base { peers } => {
                format!("whole customer base ({peers} customers; segment too small or not set)")
            }
            NormSource::TooFewPeers { peers } => {
                format!("no norm: only {peers} customers to compare with")
            }
        }
    }
}

/// Norms and aggregates of one group of peers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GroupNorms {
    pub customers: u32,
    norms: HashMap<Metric, Norm>,
    /// Sum of handling cost over the group (for shares of effort).
    pub handling_cost_total: f64,
    /// Sum of gross margin over the group (for shares of margin).
    pub margin_total: f64,
    /// Net long-term value from which a customer is "strongly valuable" here.
    pub strong_value_threshold: f64,
}

impl GroupNorms {
    fn build<'a>(
        members: impl Iterator<Item = &'a CustomerMetrics> + Clone,
        settings: &PolicySettings,
    ) -> GroupNorms {
        let mut group = GroupNorms::default();
        for m in members.clone() {
            group.customers += 1;
            group.handling_cost_total += m.handling_cost;
            group.margin_total += m.gross_margin;
        }
        for metric in Metric::ALL {
            let values: Vec<f64> = members.clone().filter_map(|m| metric.value(m)).collect();
            if let Some(norm) = Norm::from_values(values) {
                if metric == Metric::NetLongTermValue {
                    let mut sorted: Vec<f64> =
                        members.clone().map(|m| m.net_long_term_value).collect();
                    sorted.sort_unstable_by(f64::total_cmp);
                    group.strong_value_threshold =
                        percentile(&sorted, settings.strong_value_percentile).max(0.0);
                }
                group.norms.insert(metric, norm);
            }
        }
        group
    }

    /// The norm of one metric in this group, if any peer has the metric.
    pub fn norm(&self, metric: Metric) -> Option<&Norm> {
        self.norms.get(&metric)
    }
}

/// Norms of every segment and of the whole base.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentNorms {
    pub min_peers: u32,
    pub base: GroupNorms,
    pub segments: HashMap<String, GroupNorms>,
}

/// A norm chosen for one customer and metric, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct ChosenNorm<'a> {
    pub norm: Option<&'a Norm>,
    pub group: &'a GroupNorms,
    pub source: NormSource,
}

impl SegmentNorms {
    /// Builds the norms of every segment and of the whole base from the first pass.
    pub fn build(metrics: &[CustomerMetrics], settings: &PolicySettings) -> SegmentNorms {
        let base = GroupNorms::build(metrics.iter(), settings);
        let mut by_segment: HashMap<&str, Vec<&CustomerMetrics>> = HashMap::new();
        for m in metrics {
            if let Some(segment) = &m.segment {
                by_segment.entry(segment.as_str()).or_default().push(m);
            }
        }
        let segments = by_segment
            .into_iter()
            .map(|(name, members)| {
                (
                    name.to_string(),
                    GroupNorms::build(members.iter().copied(), settings),
                )
            })
            .collect();
        SegmentNorms {
            min_peers: settings.min_segment_peers,
            base,
            segments,
        }
    }

    /// The group a customer's aggregates (effort share, value threshold) are judged in.
    pub fn group(&self, segment: Option<&str>) -> (&GroupNorms, NormSource) {
        if let Some(name) = segment
            && let Some(group) = self.segments.get(name)
            && group.customers >= self.min_peers
        {
            return (
                group,
                NormSource::Segment {
                    name: name.to_string(),
                    peers: group.customers,
                },
            );
        }
        if self.base.customers >= self.min_peers {
            (
                &self.base,
                NormSource::Base {
                    peers: self.base.customers,
                },
            )
        } else {
            (
                &self.base,
                NormSource::TooFewPeers {
                    peers: self.base.customers,
                },
            )
        }
    }

    /// The norm of `metric` for a customer of `segment`, with the fallback applied:
    /// the segment when it has enough peers with the metric, else the whole base when
    /// it has enough, else none.
    pub fn choose(&self, segment: Option<&str>, metric: Metric) -> ChosenNorm<'_> {
        if let Some(name) = segment
            && let Some(group) = self.segments.get(name)
            && let Some(norm) = group.norm(metric)
            && norm.peers >= self.min_peers
        {
            return ChosenNorm {
                norm: Some(norm),
                group,
                source: NormSource::Segment {
                    name: name.to_string(),
                    peers: norm.peers,
                },
            };
        }
        match self.base.norm(metric) {
            Some(norm) if norm.peers >= self.min_peers => ChosenNorm {
                norm: Some(norm),
                group: &self.base,
                source: NormSource::Base { peers: norm.peers },
            },
            other => ChosenNorm {
                norm: None,
                group: &self.base,
                source: NormSource::TooFewPeers {
                    peers: other.map_or(0, |n| n.peers),
                },
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics(segment: &str, rate: f64) -> CustomerMetrics {
        CustomerMetrics {
            segment: Some(segment.into()),
            concession_rate: rate,
            ..Default::default()
        }
    }

    #[test]
    fn median_and_mad_ignore_the_outlier_they_should_detect() {
        let norm = Norm::from_values(vec![1.0, 2.0, 3.0, 4.0, 5.0, 1000.0]).unwrap();
        assert_eq!(norm.median, 3.5);
        assert_eq!(norm.mad, 1.5);
        assert!(norm.z(1000.0) > 100.0);
        assert!(norm.z(5.0) < 1.0);
    }

    #[test]
    fn mostly_zero_metrics_fall_back_to_the_percentile_spread() {
        let mut values = vec![0.0; 80];
        values.extend((1..=20).map(|i| f64::from(i) / 100.0));
        let norm = Norm::from_values(values).unwrap();
        assert_eq!(norm.mad, 0.0);
        assert!(norm.scale > 0.0);
        assert!(
            norm.z(0.5) > 3.0,
            "half the value given back is far above a norm of mostly nothing"
        );
        assert!(norm.z(0.05) < 3.0);
    }

    #[test]
    fn the_quartiles_set_the_spread_before_a_contaminated_ninetieth_percentile() {
        // 60 % never ask, 22 % ask once, and a demanding sixth asks 5–8 times: the 90th
        // percentile sits among the demanding customers, the upper quartile does not.
        let mut values = vec![0.0; 60];
        values.extend(std::iter::repeat_n(1.0, 22));
        values.extend((0..18).map(|i| 5.0 + f64::from(i % 4)));
        let norm = Norm::from_values(values).unwrap();
        assert_eq!(norm.mad, 0.0);
        assert_eq!((norm.p25, norm.p75), (0.0, 1.0));
        assert!(norm.p90 >= 5.0);
        assert!(norm.z(6.0) > 3.0, "z {}", norm.z(6.0));
        assert!(norm.z(1.0) < 3.0);
    }

    #[test]
    fn a_small_segment_borrows_the_whole_base_and_a_tiny_base_has_no_norm() {
        let settings = PolicySettings {
            min_segment_peers: 5,
            ..Default::default()
        };
        let mut all: Vec<CustomerMetrics> = (0..10).map(|_| metrics("retail", 0.0)).collect();
        all.extend((0..3).map(|_| metrics("smb", 0.5)));
        let norms = SegmentNorms::build(&all, &settings);
        let retail = norms.choose(Some("retail"), Metric::ConcessionRate);
        assert_eq!(
            retail.source,
            NormSource::Segment {
                name: "retail".into(),
                peers: 10
            }
        );
        let smb = norms.choose(Some("smb"), Metric::ConcessionRate);
        assert_eq!(smb.source, NormSource::Base { peers: 13 });
        let unsegmented = norms.choose(None, Metric::ConcessionRate);
        assert_eq!(unsegmented.source, NormSource::Base { peers: 13 });

        let tiny = SegmentNorms::build(&all[..3], &settings);
        let chosen = tiny.choose(Some("retail"), Metric::ConcessionRate);
        assert!(chosen.norm.is_none());
        assert_eq!(chosen.source, NormSource::TooFewPeers { peers: 3 });
    }

    #[test]
    fn percentiles_interpolate() {
        let sorted = [0.0, 10.0, 20.0, 30.0, 40.0];
        assert_eq!(percentile(&sorted, 0.5), 20.0);
        assert_eq!(percentile(&sorted, 0.9), 36.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }
}
