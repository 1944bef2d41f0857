//! Gamma-Gamma model of spend per purchase (Fader & Hardie 2013, note 025;
//! Colombo & Jiang 1999): each purchase value is gamma(p, ν) with a
//! customer-level ν ~ gamma(q, γ). Only repeat buyers (x > 0) carry
//! information; their mean repeat spend m_x is the sufficient statistic.

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
    let mut buyers = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        if r.frequency == 0 {
            continue;
        }
        if !(r.monetary_value.is_finite() && r.monetary_value > 0.0) {
            return Err(ModelError::InvalidRow {
                model: MODEL,
                row: i + 1,
                reason: format!(
                    "monetary value {} of a repeat buyer must be positive; leave out customers with zero or negative spend",
                    r.monetary_value
                ),
            });
        }
        buyers.push((r.frequency as f64, r.monetary_value));
    }
    if buyers.len() < 3 {
        return Err(ModelError::TooFewCustomers {
            model: MODEL,
            needed: 3,
            found: buyers.len(),
        });
    }
    let mean_spend = buyers.iter().map(|b| b.1).sum::<f64>() / buyers.len() as f64;
    let mut start = [1.0, 1.0, mean_spend];
    if buyers.len() >= super::WARM_START_ROWS {
        // Start from the fit of a systematic subsample (see `warm_start_sample`),
        // itself started from the fit of a ten times smaller one: Newton then
        // needs two or three steps at each size. A sample fit that does not
        // converge changes nothing.
        for sample in [
            super::warm_start_sample_of(&buyers, 5_000),
            super::warm_start_sample(&buyers),
        ] {
            if let Ok((report, _)) = SpendBase::new(&sample).fit(&start) {
                for (s, (_, v)) in start.iter_mut().zip(&report.params) {
                    *s = *v;
                }
            }
        }
    }
    let (report, _) = SpendBase::new(&buyers).fit(&start)?;
    let p = |n: &str| report.param(n).unwrap_or(f64::NAN);
    let model = GammaGamma {
        p: p("p"),
        q: p("q"),
        gamma: p("gamma"),
    };
    Ok(GammaGammaFit { model, report })
}

/// Repeat buyers' (x, m_x) prepared for fast likelihoods: the terms of x alone
/// once per distinct x, and the sums that do not depend on the parameters, so
/// that an evaluation costs one ln and one division per buyer. Buyers are not
/// grouped: mean spends are continuous and rarely repeat.
struct SpendBase {
    /// Distinct x, and the buyers with each.
    xs: Vec<f64>,
    x_weights: Vec<f64>,
    /// (x, m_x·x) per buyer.
    buyers: Vec<(f64, f64)>,
    /// Σ x ln(m_x·x) and Σ ln m_x.
    sum_x_ln_mx: f64,
    sum_ln_m: f64,
}

/// Buyers per parallel chunk; fewer are evaluated on one thread.
const CHUNK: usize = 16_384;

impl SpendBase {
    fn new(buyers: &[(f64, f64)]) -> SpendBase {
        // Buyers per distinct x, counted in a hash table of a few hundred entries
        // (sorting every buyer's x took longer than the whole fit).
        // Frequencies are whole numbers: counted in an array up to 4,096, in a
        // hash table beyond.
        let mut small = vec![0.0f64; 4096];
        let mut counts: std::collections::HashMap<u64, f64, foldhash::fast::FixedState> =
            Default::default();
        for &(x, _) in buyers {
            if x < 4096.0 && x.fract() == 0.0 {
                small[x as usize] += 1.0;
            } else {
                *counts.entry(x.to_bits()).or_default() += 1.0;
            }
        }
        let mut per_x: Vec<(f64, f64)> = counts
            .into_iter()
            .map(|(x, w)| (f64::from_bits(x), w))
            .chain(
                small
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| **w > 0.0)
                    .map(|(x, w)| (x as f64, *w)),
            )
            .collect();
        per_x.sort_by(|a, b| a.0.total_cmp(&b.0));
        // The constant sums Σ x ln(m·x) = Σ x ln m + Σ x ln x and Σ ln m: one
        // ln per buyer, in parallel chunks added in order.
        let chunk_sums = |chunk: &[(f64, f64)]| {
            chunk.iter().fold((0.0, 0.0), |(a, b), &(x, m)| {
                let ln_m = m.ln();
                (a + x * ln_m, b + ln_m)
            })
        };
        let sums: Vec<(f64, f64)> = if buyers.len() > 2 * CHUNK {
            buyers.par_chunks(CHUNK).map(chunk_sums).collect()
        } else {
            buyers.chunks(CHUNK).map(chunk_sums).collect()
        };
        let (sum_x_ln_m, sum_ln_m) = sums
            .iter()
            .fold((0.0, 0.0), |(a, b), &(c, d)| (a + c, b + d));
        let sum_x_ln_x: f64 = per_x.iter().map(|&(x, w)| w * x * x.ln()).sum();
        let sum_x_ln_mx = sum_x_ln_m + sum_x_ln_x;
        SpendBase {
            xs: per_x.iter().map(|p| p.0).collect(),
            x_weights: per_x.iter().map(|p| p.1).collect(),
            buyers: buyers.iter().map(|&(x, m)| (x, m * x)).collect(),
            sum_x_ln_mx,
            sum_ln_m,
        }
    }

    /// The maximum-likelihood fit of (p, q, γ) from `start`.
    fn fit(&self, start: &[f64; 3]) -> Result<(FitReport, InverseHessian), ModelError> {
        maximize_with_hessian(
            MODEL,
            &["p", "q", "gamma"],
            start,
            self.buyers.len() as u64,
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
        let chunk = |rows: &[(f64, f64)]| -> [f64; 6] {
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
        let parts: Vec<[f64; 6]> = if self.buyers.len() > 2 * CHUNK {
            self.buyers.par_chunks(CHUNK).map(chunk).collect()
        } else {
            vec![chunk(&self.buyers)]
        };
        let mut sums = [0.0f64; 6];
        for part in parts {
            for (t, v) in sums.iter_mut().zip(part) {
                *t += v;
            }
        }
        let [sum_l, sum_xl, sum_b, sum_xb, sum_b2, sum_xb2] = sums;
        let n = self.buyers.len() as f64;
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
        let base = SpendBase::new(&buyers);
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
