//! Gamma-Gamma model of spend per purchase (Fader & Hardie 2013, note 025;
//! Colombo & Jiang 1999): each purchase value is gamma(p, ν) with a
//! customer-level ν ~ gamma(q, γ). Only repeat buyers (x > 0) carry
//! information; their mean repeat spend m_x is the sufficient statistic.

use super::fit::{FitReport, ModelError, group_triples, maximize};
use super::rfm::RfmRow;
use super::special::ln_gamma;

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
    let groups = group_triples(buyers.iter().map(|&(x, m)| (x, m, 0.0, 1.0)));
    // Tabulate per distinct x (ln Γ terms) and per group (ln m, m·x), so that an
    // evaluation costs one ln per group.
    let mut xs: Vec<f64> = groups.iter().map(|g| g.frequency).collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    let prepared: Vec<(usize, f64, f64, f64, f64)> = groups
        .iter()
        .map(|g| {
            let xi = xs.partition_point(|&v| v < g.frequency);
            (
                xi,
                g.recency.ln(),
                g.frequency.ln(),
                g.recency * g.frequency,
                g.weight,
            )
        })
        .collect();
    let mean_spend = buyers.iter().map(|b| b.1).sum::<f64>() / buyers.len() as f64;
    let start = [1.0, 1.0, mean_spend];
    let report = maximize(
        MODEL,
        &["p", "q", "gamma"],
        &start,
        buyers.len() as u64,
        |par| {
            let (p, q, gamma) = (par[0], par[1], par[2]);
            let front = q * gamma.ln() - ln_gamma(q);
            let per_x: Vec<f64> = xs
                .iter()
                .map(|&x| ln_gamma(p * x + q) - ln_gamma(p * x))
                .collect();
            prepared
                .iter()
                .map(|&(xi, ln_m, ln_x, mx, w)| {
                    let px = p * xs[xi];
                    w * (front + per_x[xi] + (px - 1.0) * ln_m + px * ln_x
                        - (px + q) * (gamma + mx).ln())
                })
                .sum()
        },
    )?;
    let p = |n: &str| report.param(n).unwrap_or(f64::NAN);
    let model = GammaGamma {
        p: p("p"),
        q: p("q"),
        gamma: p("gamma"),
    };
    Ok(GammaGammaFit { model, report })
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
