//! Gamma-Gamma model of spend per purchase (Fader & Hardie 2013, note 025;
//! Colombo & Jiang 1999): each purchase value is gamma(p, ν) with a
//! customer-level ν ~ gamma(q, γ). Only repeat buyers (x > 0) carry
//! information; their mean repeat spend m_x is the sufficient statistic.

use std::collections::HashMap;

use rayon::prelude::*;

use super::fit::{FitReport, InverseHessian, ModelError, maximize_with_hessian};
use super::rfm::RfmRow;
use super::special::{digamma, ln_gamma, trigamma};

/// Gamma-Gamma parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GammaGamma {
    pub p: f64,
    pub q: f64,
    pub gamma: f64,
}

/// A converged Gamma-Gamma fit.
#[derive(Debug, Clone, PartialEq)]
pub struct GammaGammaFit {
    pub model: GammaGamma,
    pub report: FitReport,
}

const MODEL: &str = "gamma-gamma";

/// Fits Gamma-Gamma to the repeat buyers among `rows` (x > 0); their
/// `monetary_value` (mean repeat spend) must be positive.
pub fn fit_gamma_gamma(rows: &[RfmRow]) -> Result<GammaGammaFit, ModelError> {
    let base = SpendBase::from_chunks(prepare_buyers(rows)?);
    if base.n < 3 {
        return Err(ModelError::TooFewCustomers {
            model: MODEL,
            needed: 3,
            found: base.n,
        });
    }
    let mut start = [1.0, 1.0, base.sum_m / base.n as f64];
    if base.n >= super::WARM_START_ROWS {
        // Start from the fit of a systematic subsample (every k-th buyer, see
        // `warm_start_sample`), itself started from the fit of a ten times
        // smaller one: Newton then needs two or three steps at each size. A
        // sample fit that does not converge changes nothing.
        for size in [5_000, 50_000] {
            if let Ok((report, _)) = SpendBase::new(base.sample(size)).fit(&start) {
                for (s, (_, v)) in start.iter_mut().zip(&report.params) {
                    *s = *v;
                }
            }
        }
    }
    let (report, _) = base.fit(&start)?;
    let p = |n: &str| report.param(n).unwrap_or(f64::NAN);
    let model = GammaGamma {
        p: p("p"),
        q: p("q"),
        gamma: p("gamma"),
    };
    Ok(GammaGammaFit { model, report })
}

/// Rows per chunk of the parallel pass that picks out the repeat buyers.
const ROWS_PER_CHUNK: usize = 65_536;

/// The repeat buyers of `rows`, in chunks of [`ROWS_PER_CHUNK`] rows prepared
/// in parallel (one pass: check, count per x, tally the spends) and kept
/// apart, since the likelihood is summed over chunks anyway; or the first row,
/// by position, whose mean spend is not positive.
fn prepare_buyers(rows: &[RfmRow]) -> Result<Vec<BuyerChunk>, ModelError> {
    let prepare = |(index, chunk): (usize, &[RfmRow])| {
        let first_row = index * ROWS_PER_CHUNK;
        // Room for every row: the pages beyond the buyers are never touched,
        // so they cost nothing.
        let mut buyers = BuyerChunk::with_capacity(chunk.len());
        for (i, r) in chunk.iter().enumerate() {
            if r.frequency == 0 {
                continue;
            }
            let m = r.monetary_value;
            if !(m.is_finite() && m > 0.0) {
                return Err(first_row + i);
            }
            buyers.push_counted(r.frequency as f64, r.frequency, m);
        }
        Ok(buyers)
    };
    let chunks: Vec<Result<BuyerChunk, usize>> = if rows.len() > ROWS_PER_CHUNK {
        rows.par_chunks(ROWS_PER_CHUNK)
            .enumerate()
            .map(prepare)
            .collect()
    } else {
        rows.chunks(ROWS_PER_CHUNK)
            .enumerate()
            .map(prepare)
            .collect()
    };
    // Chunks are in row order: the first failing one holds the first bad row.
    chunks
        .into_iter()
        .map(|chunk| {
            chunk.map_err(|i| ModelError::InvalidRow {
                model: MODEL,
                row: i + 1,
                reason: format!(
                    "monetary value {} of a repeat buyer must be positive; leave out customers with zero or negative spend",
                    rows[i].monetary_value
                ),
            })
        })
        .collect()
}

/// Frequencies are whole numbers: buyers per x are counted in an array below
/// this, in a hash table beyond (sorting every buyer's x took longer than the
/// whole fit).
const SMALL_X: usize = 4096;

/// One chunk of repeat buyers as (x, m_x·x), with the sums over them that do
/// not depend on the parameters.
#[derive(Default)]
struct BuyerChunk {
    buyers: Vec<(f64, f64)>,
    /// Σ x ln m_x and Σ ln m_x of the buyers not in `small`, and Σ m_x of all.
    sum_x_ln_m: f64,
    sum_ln_m: f64,
    sum_m: f64,
    /// Buyers per whole x below [`SMALL_X`], grown as needed.
    small: Vec<SpendTally>,
    /// Buyers per other x, by its bits.
    other_counts: HashMap<u64, f64, foldhash::fast::FixedState>,
}

impl BuyerChunk {
    fn with_capacity(capacity: usize) -> BuyerChunk {
        BuyerChunk {
            buyers: Vec::with_capacity(capacity),
            ..BuyerChunk::default()
        }
    }

    /// Adds a buyer with x repeat purchases of mean value m.
    fn push(&mut self, x: f64, m: f64) {
        let whole = x >= 0.0 && x == (x as u64) as f64;
        self.push_counted(x, if whole { x as u64 } else { u64::MAX }, m);
    }

    /// [`BuyerChunk::push`] given x as a whole number (`u64::MAX` when it is not).
    #[inline]
    fn push_counted(&mut self, x: f64, whole_x: u64, m: f64) {
        self.sum_m += m;
        let normal = matches!(m.to_bits() >> 52, 1..=2046);
        if whole_x < SMALL_X as u64 {
            let i = whole_x as usize;
            if i >= self.small.len() {
                self.small.resize(i + 1, SpendTally::default());
            }
            self.small[i].count += 1.0;
            if normal {
                self.small[i].multiply(m);
            } else {
                self.add_ln(x, m);
            }
        } else {
            *self.other_counts.entry(x.to_bits()).or_default() += 1.0;
            self.add_ln(x, m);
        }
        self.buyers.push((x, m * x));
    }

    fn add_ln(&mut self, x: f64, m: f64) {
        let ln_m = m.ln();
        self.sum_x_ln_m += x * ln_m;
        self.sum_ln_m += ln_m;
    }
}

/// The buyers with one x: their count, and the product of their mean spends
/// as 2^exponent × mantissa, so that Σ ln m costs one ln per distinct x
/// instead of one per buyer (those lns were a tenth of the fit's work). The
/// product of n mantissas is exact to n roundings, closer than a sum of n lns.
#[derive(Debug, Clone, Copy)]
struct SpendTally {
    count: f64,
    exponent: i64,
    /// In [1, 2^513).
    mantissa: f64,
}

impl Default for SpendTally {
    fn default() -> SpendTally {
        SpendTally {
            count: 0.0,
            exponent: 0,
            mantissa: 1.0,
        }
    }
}

/// The mantissa bits of an f64, and the bits of 1.0.
const MANTISSA_BITS: u64 = (1 << 52) - 1;
const ONE_BITS: u64 = 1023 << 52;

/// A positive normal v as (e, f) with v = 2^e × f, f in [1, 2).
fn split_binary(v: f64) -> (i64, f64) {
    let bits = v.to_bits();
    (
        (bits >> 52) as i64 - 1023,
        f64::from_bits(bits & MANTISSA_BITS | ONE_BITS),
    )
}

impl SpendTally {
    /// Multiplies in a positive normal m (without counting it).
    fn multiply(&mut self, m: f64) {
        let (e, f) = split_binary(m);
        self.exponent += e;
        self.mantissa *= f;
        self.renormalize();
    }

    fn renormalize(&mut self) {
        if self.mantissa >= 2f64.powi(512) {
            let (e, f) = split_binary(self.mantissa);
            self.exponent += e;
            self.mantissa = f;
        }
    }

    /// Adds another tally's buyers.
    fn merge(&mut self, other: &SpendTally) {
        let (e, f) = split_binary(other.mantissa);
        self.count += other.count;
        self.exponent += other.exponent + e;
        self.mantissa *= f;
        self.renormalize();
    }

    /// Σ ln m of the tallied buyers.
    fn sum_ln(&self) -> f64 {
        self.exponent as f64 * std::f64::consts::LN_2 + self.mantissa.ln()
    }
}

/// Repeat buyers' (x, m_x) prepared for fast likelihoods: the terms of x alone
/// once per distinct x, and the sums that do not depend on the parameters, so
/// that an evaluation costs one ln and one division per buyer. Buyers are not
/// grouped: mean spends are continuous and rarely repeat.
struct SpendBase {
    /// Distinct x, and the buyers with each.
    xs: Vec<f64>,
    x_weights: Vec<f64>,
    /// (x, m_x·x) per buyer, in chunks evaluated in parallel.
    chunks: Vec<Vec<(f64, f64)>>,
    /// Buyers in all chunks.
    n: usize,
    /// Σ x ln(m_x·x), Σ ln m_x and Σ m_x.
    sum_x_ln_mx: f64,
    sum_ln_m: f64,
    sum_m: f64,
}

/// Buyers per chunk of [`SpendBase::new`]; bases of fewer than two chunks are
/// evaluated on one thread.
const CHUNK: usize = 16_384;

impl SpendBase {
    /// From buyers' (x, m_x), taken straight into chunks (a sample is not
    /// collected first: fresh memory costs a page fault per 4 KiB).
    fn new(buyers: impl IntoIterator<Item = (f64, f64)>) -> SpendBase {
        let mut parts = Vec::new();
        let mut part = BuyerChunk::with_capacity(CHUNK);
        for (x, m) in buyers {
            if part.buyers.len() == CHUNK {
                parts.push(std::mem::replace(
                    &mut part,
                    BuyerChunk::with_capacity(CHUNK),
                ));
            }
            part.push(x, m);
        }
        parts.push(part);
        SpendBase::from_chunks(parts)
    }

    /// Merges chunks, adding their sums in order.
    fn from_chunks(parts: Vec<BuyerChunk>) -> SpendBase {
        let mut small: Vec<SpendTally> = Vec::new();
        let mut other: HashMap<u64, f64, foldhash::fast::FixedState> = Default::default();
        let (mut sum_x_ln_m, mut sum_ln_m, mut sum_m) = (0.0, 0.0, 0.0);
        let mut chunks = Vec::with_capacity(parts.len());
        for part in parts {
            sum_x_ln_m += part.sum_x_ln_m;
            sum_ln_m += part.sum_ln_m;
            sum_m += part.sum_m;
            if part.small.len() > small.len() {
                small.resize(part.small.len(), SpendTally::default());
            }
            for (total, tally) in small.iter_mut().zip(&part.small) {
                total.merge(tally);
            }
            for (x, w) in part.other_counts {
                *other.entry(x).or_default() += w;
            }
            if !part.buyers.is_empty() {
                chunks.push(part.buyers);
            }
        }
        let mut per_x: Vec<(f64, f64)> = other
            .into_iter()
            .map(|(x, w)| (f64::from_bits(x), w))
            .chain(
                small
                    .iter()
                    .enumerate()
                    .filter(|(_, tally)| tally.count > 0.0)
                    .map(|(x, tally)| (x as f64, tally.count)),
            )
            .collect();
        per_x.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (x, tally) in small.iter().enumerate() {
            if tally.count > 0.0 {
                let sum_ln = tally.sum_ln();
                sum_ln_m += sum_ln;
                sum_x_ln_m += x as f64 * sum_ln;
            }
        }
        // Σ x ln(m·x) = Σ x ln m + Σ x ln x.
        let sum_x_ln_x: f64 = per_x.iter().map(|&(x, w)| w * x * x.ln()).sum();
        SpendBase {
            xs: per_x.iter().map(|p| p.0).collect(),
            x_weights: per_x.iter().map(|p| p.1).collect(),
            n: chunks.iter().map(Vec::len).sum(),
            chunks,
            sum_x_ln_mx: sum_x_ln_m + sum_x_ln_x,
            sum_ln_m,
            sum_m,
        }
    }

    /// Every k-th buyer's (x, m_x), about `size` of them (see
    /// [`super::warm_start_sample_of`]).
    fn sample(&self, size: usize) -> impl Iterator<Item = (f64, f64)> + '_ {
        let step = (self.n / size.max(1)).max(1);
        let mut offset = 0;
        self.chunks.iter().flat_map(move |chunk| {
            let first = (step - offset % step) % step;
            offset += chunk.len();
            chunk
                .iter()
                .skip(first)
                .step_by(step)
                .map(|&(x, mx)| (x, mx / x))
        })
    }

    /// The maximum-likelihood fit of (p, q, γ) from `start`.
    fn fit(&self, start: &[f64; 3]) -> Result<(FitReport, InverseHessian), ModelError> {
        maximize_with_hessian(
            MODEL,
            &["p", "q", "gamma"],
            start,
            self.n as u64,
            |par, gradient, hessian| {
                self.log_likelihood([par[0], par[1], par[2]], gradient, hessian)
            },
        )
    }

    /// ln L at (p, q, γ), with its gradient and, when given, its Hessian
    /// (row-major 3 × 3):
    /// Σ ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ+mx).
    fn log_likelihood(
        &self,
        [p, q, gamma]: [f64; 3],
        gradient: &mut [f64],
        hessian: Option<&mut [f64]>,
    ) -> f64 {
        // Per buyer, with L = ln(γ+mx) and B = 1/(γ+mx): Σ L, Σ xL, Σ B, Σ xB, Σ B², Σ xB².
        let chunk = |rows: &Vec<(f64, f64)>| -> [f64; 6] {
            let mut acc = [0.0f64; 6];
            for &(x, mx) in rows {
                let base = gamma + mx;
                let (l, b) = (base.ln(), 1.0 / base);
                acc[0] += l;
                acc[1] += x * l;
                acc[2] += b;
                acc[3] += x * b;
                acc[4] += b * b;
                acc[5] += x * b * b;
            }
            acc
        };
        let parts: Vec<[f64; 6]> = if self.n > 2 * CHUNK {
            self.chunks.par_iter().map(chunk).collect()
        } else {
            self.chunks.iter().map(chunk).collect()
        };
        let mut sums = [0.0f64; 6];
        for part in parts {
            for (t, v) in sums.iter_mut().zip(part) {
                *t += v;
            }
        }
        let [sum_l, sum_xl, sum_b, sum_xb, sum_b2, sum_xb2] = sums;
        let n = self.n as f64;
        let (ln_gamma_q, psi_q, tri_q, ln_g) = (ln_gamma(q), digamma(q), trigamma(q), gamma.ln());
        let mut value = p * self.sum_x_ln_mx - self.sum_ln_m - p * sum_xl - q * sum_l;
        let mut g = [
            self.sum_x_ln_mx - sum_xl,
            n * ln_g - sum_l,
            n * q / gamma - p * sum_xb - q * sum_b,
        ];
        // Hessian: pp, pq, qq from the x terms; the γ row from the buyers.
        let (mut h_pp, mut h_pq, mut h_qq) = (0.0, 0.0, 0.0);
        for (&x, &w) in self.xs.iter().zip(&self.x_weights) {
            let px = p * x;
            value += w * (ln_gamma(px + q) - ln_gamma(px) - ln_gamma_q + q * ln_g);
            let psi_sum = digamma(px + q);
            g[0] += w * x * (psi_sum - digamma(px));
            g[1] += w * (psi_sum - psi_q);
            if hessian.is_some() {
                let tri_sum = trigamma(px + q);
                h_pp += w * x * x * (tri_sum - trigamma(px));
                h_pq += w * x * tri_sum;
                h_qq += w * (tri_sum - tri_q);
            }
        }
        gradient.copy_from_slice(&g);
        if let Some(h) = hessian {
            let h_pg = -sum_xb;
            let h_qg = n / gamma - sum_b;
            let h_gg = -n * q / (gamma * gamma) + p * sum_xb2 + q * sum_b2;
            h.copy_from_slice(&[h_pp, h_pq, h_pg, h_pq, h_qq, h_qg, h_pg, h_qg, h_gg]);
        }
        value
    }
}

impl GammaGamma {
    /// ln of the density of the mean spend m_x of x purchases.
    pub fn ln_likelihood(&self, x: f64, mean_spend: f64) -> f64 {
        let GammaGamma { p, q, gamma } = *self;
        let px = p * x;
        ln_gamma(px + q) - ln_gamma(px) - ln_gamma(q)
            + q * gamma.ln()
            + (px - 1.0) * mean_spend.ln()
            + px * x.ln()
            - (px + q) * (gamma + mean_spend * x).ln()
    }

    /// Total log-likelihood over the repeat buyers of a summary.
    pub fn log_likelihood(&self, rows: &[RfmRow]) -> f64 {
        rows.iter()
            .filter(|r| r.frequency > 0)
            .map(|r| self.ln_likelihood(r.frequency as f64, r.monetary_value))
            .sum()
    }

    /// Population mean spend per purchase, pγ/(q − 1) (infinite when q ≤ 1).
    pub fn population_mean_value(&self) -> f64 {
        if self.q <= 1.0 {
            f64::INFINITY
        } else {
            self.p * self.gamma / (self.q - 1.0)
        }
    }

    /// E[M | x, m_x]: expected spend per future purchase of a customer with x
    /// repeat purchases of mean value m_x, a weighted mean of the population
    /// mean and the customer's own mean. For x = 0 it is the population mean.
    pub fn conditional_expected_average_value(&self, x: u64, mean_spend: f64) -> f64 {
        let GammaGamma { p, q, gamma } = *self;
        let x = x as f64;
        (gamma + mean_spend * x) * p / (p * x + q - 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_analytic_gradient_and_hessian_match_differences_and_the_per_customer_sum() {
        let buyers = [(1.0, 20.0), (3.0, 35.5), (7.0, 12.25), (3.0, 4.0)];
        let base = SpendBase::new(buyers);
        let at = [6.25, 3.74, 15.44];
        let mut gradient = [0.0; 3];
        let mut hessian = [0.0; 9];
        let ll = base.log_likelihood(at, &mut gradient, Some(&mut hessian));
        let model = GammaGamma {
            p: at[0],
            q: at[1],
            gamma: at[2],
        };
        let direct: f64 = buyers.iter().map(|&(x, m)| model.ln_likelihood(x, m)).sum();
        assert!((ll - direct).abs() < 1e-10, "{ll} {direct}");
        for i in 0..3 {
            let h = 1e-6 * at[i];
            let (mut up, mut down) = (at, at);
            up[i] += h;
            down[i] -= h;
            let (mut g_up, mut g_down) = ([0.0; 3], [0.0; 3]);
            let numeric = (base.log_likelihood(up, &mut g_up, None)
                - base.log_likelihood(down, &mut g_down, None))
                / (2.0 * h);
            assert!(
                (gradient[i] - numeric).abs() < 1e-6 * (1.0 + numeric.abs()),
                "parameter {i}: {} vs {numeric}",
                gradient[i]
            );
            for j in 0..3 {
                let numeric = (g_up[j] - g_down[j]) / (2.0 * h);
                assert!(
                    (hessian[i * 3 + j] - numeric).abs() < 1e-5 * (1.0 + numeric.abs()),
                    "({i}, {j}): {} vs {numeric}",
                    hessian[i * 3 + j]
                );
            }
        }
    }

    /// Rows over several parallel chunks: every third without repeats, the
    /// others with a frequency up to 40 (and one beyond the counting array)
    /// and a positive mean spend.
    fn many_rows() -> Vec<RfmRow> {
        (0..3 * ROWS_PER_CHUNK + 1234)
            .map(|i| RfmRow {
                frequency: match i {
                    _ if i % 3 == 0 => 0,
                    100_000 => SMALL_X as u64 + 7,
                    _ => (i * 7919 % 40 + 1) as u64,
                },
                recency: 1.0,
                age: 2.0,
                monetary_value: 1.0 + (i * 104_729 % 1000) as f64 / 7.0,
            })
            .collect()
    }

    #[test]
    fn the_parallel_preparation_keeps_every_buyer_in_order_with_the_serial_sums() {
        let rows = many_rows();
        let base = SpendBase::from_chunks(prepare_buyers(&rows).unwrap());
        let serial: Vec<(f64, f64)> = rows
            .iter()
            .filter(|r| r.frequency > 0)
            .map(|r| (r.frequency as f64, r.monetary_value))
            .collect();
        let flat: Vec<(f64, f64)> = base.chunks.concat();
        let expected: Vec<(f64, f64)> = serial.iter().map(|&(x, m)| (x, m * x)).collect();
        assert_eq!(flat, expected);
        assert_eq!(base.n, serial.len());
        assert!(base.chunks.len() >= 4, "{} chunks", base.chunks.len());
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
        let sum_ln_m: f64 = serial.iter().map(|b| b.1.ln()).sum();
        let sum_x_ln_mx: f64 = serial.iter().map(|b| b.0 * (b.1 * b.0).ln()).sum();
        let sum_m: f64 = serial.iter().map(|b| b.1).sum();
        assert!(
            close(base.sum_ln_m, sum_ln_m),
            "{} {sum_ln_m}",
            base.sum_ln_m
        );
        assert!(close(base.sum_x_ln_mx, sum_x_ln_mx));
        assert!(close(base.sum_m, sum_m));
        let mut xs: Vec<f64> = serial.iter().map(|b| b.0).collect();
        xs.sort_by(f64::total_cmp);
        xs.dedup();
        assert_eq!(base.xs, xs);
        for (x, w) in base.xs.iter().zip(&base.x_weights) {
            let count = serial.iter().filter(|b| b.0 == *x).count();
            assert_eq!(*w, count as f64, "buyers with x = {x}");
        }
        // The same buyers prepared serially give the same likelihood.
        let direct = SpendBase::new(serial.iter().copied());
        let at = [6.2, 3.7, 15.6];
        let (mut g1, mut g2) = ([0.0; 3], [0.0; 3]);
        let (a, b) = (
            base.log_likelihood(at, &mut g1, None),
            direct.log_likelihood(at, &mut g2, None),
        );
        // Sums of about 1e7 grouped differently, then cancelling to 1e6.
        assert!((a - b).abs() <= 1e-10 * b.abs(), "{a} {b}");
    }

    #[test]
    fn mantissa_products_give_the_sum_of_lns_for_extreme_and_many_spends() {
        // 3,000 spends near 2 (the product renormalises every ~512), tiny and
        // huge ones, a subnormal one (summed as its ln) and a fractional x.
        let mut buyers: Vec<(f64, f64)> = (0..3_000)
            .map(|i| (1.0 + (i % 5) as f64, 1.999_9 * 2f64.powi(i % 40 - 20)))
            .collect();
        buyers.extend([
            (2.0, 1e-300),
            (3.0, 1e300),
            (2.0, f64::MIN_POSITIVE / 4.0),
            (2.5, 7.0),
            (SMALL_X as f64, 3.5),
        ]);
        for chunks in [1, 7] {
            let parts: Vec<BuyerChunk> = buyers
                .chunks(buyers.len().div_ceil(chunks))
                .map(|chunk| {
                    let mut part = BuyerChunk::with_capacity(chunk.len());
                    for &(x, m) in chunk {
                        part.push(x, m);
                    }
                    part
                })
                .collect();
            let base = SpendBase::from_chunks(parts);
            let sum_ln_m: f64 = buyers.iter().map(|b| b.1.ln()).sum();
            let sum_x_ln_mx: f64 = buyers.iter().map(|b| b.0 * (b.0 * b.1).ln()).sum();
            assert!(
                (base.sum_ln_m - sum_ln_m).abs() <= 1e-11 * sum_ln_m.abs().max(1.0),
                "{chunks} chunks: {} vs {sum_ln_m}",
                base.sum_ln_m
            );
            assert!(
                (base.sum_x_ln_mx - sum_x_ln_mx).abs() <= 1e-11 * sum_x_ln_mx.abs(),
                "{chunks} chunks: {} vs {sum_x_ln_mx}",
                base.sum_x_ln_mx
            );
            assert_eq!(base.x_weights.iter().sum::<f64>(), buyers.len() as f64);
        }
    }

    #[test]
    fn the_first_bad_row_is_reported_whichever_chunk_holds_it() {
        for bad in [
            vec![ROWS_PER_CHUNK - 1, ROWS_PER_CHUNK],
            vec![ROWS_PER_CHUNK, 2 * ROWS_PER_CHUNK + 5],
            vec![5, 2 * ROWS_PER_CHUNK],
            vec![3 * ROWS_PER_CHUNK + 1],
        ] {
            let mut rows = many_rows();
            for &i in &bad {
                rows[i].frequency = 2;
                rows[i].monetary_value = -1.0;
            }
            let err = fit_gamma_gamma(&rows).unwrap_err();
            let expected = format!("row {}", bad[0] + 1);
            assert!(err.to_string().contains(&expected), "{bad:?}: {err}");
        }
    }

    #[test]
    fn the_sample_takes_every_kth_buyer_across_chunks() {
        let rows = many_rows();
        let base = SpendBase::from_chunks(prepare_buyers(&rows).unwrap());
        let buyers: Vec<(f64, f64)> = base.chunks.concat();
        for size in [7, 5_000, 50_000, 10_000_000] {
            let sample: Vec<(f64, f64)> = base.sample(size).collect();
            let expected: Vec<(f64, f64)> = super::super::warm_start_sample_of(&buyers, size)
                .into_iter()
                .map(|(x, mx)| (x, mx / x))
                .collect();
            assert_eq!(sample, expected, "size {size}");
        }
    }

    #[test]
    fn a_customer_without_repeats_gets_the_population_mean() {
        let m = GammaGamma {
            p: 6.25,
            q: 3.74,
            gamma: 15.44,
        };
        assert!(
            (m.conditional_expected_average_value(0, 0.0) - m.population_mean_value()).abs()
                < 1e-12
        );
    }

    #[test]
    fn a_repeat_buyer_without_positive_spend_is_rejected() {
        let rows = [RfmRow {
            frequency: 1,
            recency: 1.0,
            age: 2.0,
            monetary_value: 0.0,
        }];
        let err = fit_gamma_gamma(&rows).unwrap_err();
        assert!(err.to_string().contains("row 1"), "{err}");
    }
}
