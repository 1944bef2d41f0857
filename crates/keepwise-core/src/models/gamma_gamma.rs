//! Gamma-Gamma model of spend per purchase (Fader & Hardie 2013, note 025;
//! Colombo & Jiang 1999): each purchase value is gamma(p, ν) with a
//! customer-level ν ~ gamma(q, γ). Only repeat buyers (x > 0) carry
//! information; their mean repeat spend m_x is the sufficient statistic.

use rayon::prelude::*;

use super::fit::{
    FitReport, InverseHessian, ModelError, group_triples, maximize_with_gradient_from,
};
use super::rfm::RfmRow;
use super::special::{digamma, ln_gamma};

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
    let mut buyers = Vec::new();
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
    let mut curvature = None;
    if buyers.len() >= super::WARM_START_ROWS {
        // Start from the fit of a systematic subsample (see `warm_start_sample`),
        // with its curvature; a sample fit that does not converge changes nothing.
        if let Ok((report, inverse)) = fit_buyers(&super::warm_start_sample(&buyers), &start, None)
        {
            for (s, (_, v)) in start.iter_mut().zip(&report.params) {
                *s = *v;
            }
            curvature = Some(inverse);
        }
    }
    let (report, _) = fit_buyers(&buyers, &start, curvature.as_ref())?;
    let p = |n: &str| report.param(n).unwrap_or(f64::NAN);
    let model = GammaGamma {
        p: p("p"),
        q: p("q"),
        gamma: p("gamma"),
    };
    Ok(GammaGammaFit { model, report })
}

/// The maximum-likelihood fit of (p, q, γ) to repeat buyers' (x, m_x).
fn fit_buyers(
    buyers: &[(f64, f64)],
    start: &[f64; 3],
    curvature: Option<&InverseHessian>,
) -> Result<(FitReport, InverseHessian), ModelError> {
    let groups = group_triples(buyers.iter().map(|&(x, m)| (x, m, 0.0, 1.0)));
    // Tabulate per distinct x (ln Γ and ψ terms, with the customers per x) and
    // per group (ln m, ln x, m·x), so that an evaluation costs one ln per group.
    let mut xs: Vec<f64> = groups.iter().map(|g| g.frequency).collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    let mut x_weights = vec![0.0; xs.len()];
    let prepared: Vec<SpendGroup> = groups
        .iter()
        .map(|g| {
            let xi = xs.partition_point(|&v| v < g.frequency);
            x_weights[xi] += g.weight;
            SpendGroup {
                x: g.frequency,
                ln_m_x: g.frequency * (g.recency.ln() + g.frequency.ln()),
                ln_m: g.recency.ln(),
                mx: g.recency * g.frequency,
                weight: g.weight,
            }
        })
        .collect();
    maximize_with_gradient_from(
        MODEL,
        &["p", "q", "gamma"],
        start,
        curvature,
        buyers.len() as u64,
        |par, gradient| {
            spend_log_likelihood(
                [par[0], par[1], par[2]],
                &xs,
                &x_weights,
                &prepared,
                gradient,
            )
        },
    )
}

/// One group of repeat buyers with the same (x, m_x), with the terms of the
/// likelihood that do not depend on the parameters.
#[derive(Debug, Clone, Copy)]
struct SpendGroup {
    x: f64,
    /// x·ln(m_x·x): the factor of p in (px − 1) ln m + px ln x.
    ln_m_x: f64,
    ln_m: f64,
    mx: f64,
    weight: f64,
}

/// Groups per parallel chunk; fewer groups are evaluated on one thread.
const CHUNK: usize = 16_384;

/// ln L of the repeat buyers at (p, q, γ) and its gradient:
/// Σ ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ+mx).
fn spend_log_likelihood(
    [p, q, gamma]: [f64; 3],
    xs: &[f64],
    x_weights: &[f64],
    groups: &[SpendGroup],
    gradient: &mut [f64],
) -> f64 {
    let mut total = [0.0f64; 4];
    let (ln_gamma_q, psi_q, ln_g) = (ln_gamma(q), digamma(q), gamma.ln());
    for (&x, &w) in xs.iter().zip(x_weights) {
        let px = p * x;
        total[0] += w * (ln_gamma(px + q) - ln_gamma(px) - ln_gamma_q + q * ln_g);
        let psi_sum = digamma(px + q);
        total[1] += w * x * (psi_sum - digamma(px));
        total[2] += w * (psi_sum - psi_q + ln_g);
        total[3] += w * q / gamma;
    }
    let chunk = |rows: &[SpendGroup]| -> [f64; 4] {
        let mut acc = [0.0f64; 4];
        for g in rows {
            let px = p * g.x;
            let base = gamma + g.mx;
            let ln_base = base.ln();
            let w = g.weight;
            acc[0] += w * (p * g.ln_m_x - g.ln_m - (px + q) * ln_base);
            acc[1] += w * (g.ln_m_x - g.x * ln_base);
            acc[2] -= w * ln_base;
            acc[3] -= w * (px + q) / base;
        }
        acc
    };
    let parts: Vec<[f64; 4]> = if groups.len() > 2 * CHUNK {
        groups.par_chunks(CHUNK).map(chunk).collect()
    } else {
        vec![chunk(groups)]
    };
    for part in parts {
        for (t, v) in total.iter_mut().zip(part) {
            *t += v;
        }
    }
    gradient.copy_from_slice(&total[1..]);
    total[0]
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
    fn the_analytic_gradient_matches_central_differences_and_the_per_customer_sum() {
        let groups: Vec<SpendGroup> = [(1.0, 20.0), (3.0, 35.5), (7.0, 12.25)]
            .iter()
            .map(|&(x, m): &(f64, f64)| SpendGroup {
                x,
                ln_m_x: x * (m.ln() + x.ln()),
                ln_m: m.ln(),
                mx: m * x,
                weight: 1.0,
            })
            .collect();
        let xs = [1.0, 3.0, 7.0];
        let weights = [1.0, 1.0, 1.0];
        let at = [6.25, 3.74, 15.44];
        let mut gradient = [0.0; 3];
        let ll = spend_log_likelihood(at, &xs, &weights, &groups, &mut gradient);
        let model = GammaGamma {
            p: at[0],
            q: at[1],
            gamma: at[2],
        };
        let direct = model.ln_likelihood(1.0, 20.0)
            + model.ln_likelihood(3.0, 35.5)
            + model.ln_likelihood(7.0, 12.25);
        assert!((ll - direct).abs() < 1e-10, "{ll} {direct}");
        for i in 0..3 {
            let h = 1e-6 * at[i];
            let (mut up, mut down) = (at, at);
            up[i] += h;
            down[i] -= h;
            let mut scratch = [0.0; 3];
            let numeric = (spend_log_likelihood(up, &xs, &weights, &groups, &mut scratch)
                - spend_log_likelihood(down, &xs, &weights, &groups, &mut scratch))
                / (2.0 * h);
            assert!(
                (gradient[i] - numeric).abs() < 1e-6 * (1.0 + numeric.abs()),
                "parameter {i}: {} vs {numeric}",
                gradient[i]
            );
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
