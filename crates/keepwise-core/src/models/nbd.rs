//! NBD count model (Ehrenberg 1959; Morrison & Schmittlein 1988): events come as a
//! Poisson process whose rate is gamma(r, α) across customers, and nobody drops
//! out. It is the limit of BG/NBD when the drop-out probability vanishes.
//!
//! keepwise uses it for support contacts when BG/NBD cannot be fitted to them:
//! contacts rarely show a drop-out pattern, and BG/NBD's drop-out parameters then
//! run off towards infinity without a finite optimum. The NBD forecast keeps what
//! matters for the cost to serve: each customer's own pace, shrunk towards the
//! base's, so a customer with a burst of recent tickets is not projected at the
//! burst's rate for three years.

use super::PurchaseModel;
use super::fit::{FitReport, GroupedSummary, ModelError, maximize_with_gradient};
use super::rfm::RfmRow;
use super::special::{digamma, ln_gamma};

/// NBD parameters, time in the summary's unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nbd {
    pub r: f64,
    pub alpha: f64,
}

/// A converged NBD fit.
#[derive(Debug, Clone, PartialEq)]
pub struct NbdFit {
    pub model: Nbd,
    pub report: FitReport,
}

const MODEL: &str = "nbd";

/// Fits the NBD by maximum likelihood to the customers' (x, T): x repeat events
/// over T. Per customer, up to a constant,
/// ln L = ln Γ(r + x) − ln Γ(r) + r ln α − (r + x) ln(α + T).
pub fn fit_nbd(rows: &[RfmRow]) -> Result<NbdFit, ModelError> {
    if rows.len() < 2 {
        return Err(ModelError::TooFewCustomers {
            model: MODEL,
            needed: 2,
            found: rows.len(),
        });
    }
    for (i, row) in rows.iter().enumerate() {
        // T = 0 (first event at the end of the period) is allowed: it contributes
        // nothing, since ln L = r ln α − r ln α when x = 0.
        if !(row.age.is_finite() && row.age >= 0.0) {
            return Err(ModelError::InvalidRow {
                model: MODEL,
                row: i + 1,
                reason: format!("T = {} must be a non-negative number", row.age),
            });
        }
    }
    // Customers with the same (x, T) contribute identical terms; the terms of x
    // alone are summed once per distinct x.
    let grouped = GroupedSummary::new(
        &rows
            .iter()
            .map(|r| RfmRow::new(r.frequency, 0.0, r.age))
            .collect::<Vec<_>>(),
    );
    let mean_x = rows.iter().map(|r| r.frequency as f64).sum::<f64>() / rows.len() as f64;
    let mean_t = super::mean_age(rows);
    // Method of moments for the mean rate r/α = x̄/T̄, starting from r = 1.
    let start = [1.0, mean_t / mean_x.max(0.05)];
    let report = maximize_with_gradient(
        MODEL,
        &["r", "alpha"],
        &start,
        rows.len() as u64,
        |theta, gradient| {
            let (r, alpha) = (theta[0], theta[1]);
            let (ln_gamma_r, digamma_r, ln_alpha) = (ln_gamma(r), digamma(r), alpha.ln());
            let mut ll = 0.0;
            gradient.iter_mut().for_each(|g| *g = 0.0);
            for (&x, &w) in grouped.frequencies.iter().zip(&grouped.frequency_weights) {
                ll += w * (ln_gamma(r + x) - ln_gamma_r + r * ln_alpha);
                gradient[0] += w * (digamma(r + x) - digamma_r + ln_alpha);
                gradient[1] += w * r / alpha;
            }
            let ln_base: Vec<f64> = grouped.times.iter().map(|t| (alpha + t).ln()).collect();
            for g in &grouped.groups {
                let (rx, w) = (r + grouped.frequencies[g.frequency as usize], g.weight);
                let t = grouped.times[g.age as usize];
                ll -= w * rx * ln_base[g.age as usize];
                gradient[0] -= w * ln_base[g.age as usize];
                gradient[1] -= w * rx / (alpha + t);
            }
            ll
        },
    )?;
    let model = Nbd {
        r: report.params[0].1,
        alpha: report.params[1].1,
    };
    Ok(NbdFit { model, report })
}

impl PurchaseModel for Nbd {
    fn p_alive(&self, _x: f64, _t_x: f64, _age: f64) -> f64 {
        1.0
    }

    /// E[Y(t) | x, T] = t·(r + x)/(α + T): the posterior mean rate times t.
    fn conditional_expected_purchases(&self, t: f64, x: f64, _t_x: f64, age: f64) -> f64 {
        if t.is_nan() || t <= 0.0 {
            return 0.0;
        }
        t * (self.r + x) / (self.alpha + age)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic gamma-Poisson counts: rate quantiles of gamma(r, α) with
    /// Poisson counts drawn by inversion from a fixed low-discrepancy sequence.
    fn simulated(r: f64, alpha: f64, customers: usize) -> Vec<RfmRow> {
        let mut rows = Vec::with_capacity(customers);
        for i in 0..customers {
            let u = (i as f64 + 0.5) / customers as f64;
            // Gamma(r, α) rate by bisection on the regularised incomplete gamma's
            // simple series (r small here, so the series converges fast).
            let cdf = |lambda: f64| -> f64 {
                let z = alpha * lambda;
                let mut term = 1.0 / r;
                let mut sum = term;
                for k in 1..400 {
                    term *= z / (r + k as f64);
                    sum += term;
                }
                (r * z.ln() - z - ln_gamma(r)).exp() * sum
            };
            let (mut lo, mut hi) = (0.0, 50.0 / alpha);
            for _ in 0..60 {
                let mid = 0.5 * (lo + hi);
                if cdf(mid) < u { lo = mid } else { hi = mid }
            }
            let lambda = 0.5 * (lo + hi);
            let age = 52.0 + (i % 4) as f64 * 13.0;
            let mean = lambda * age;
            let v = ((i * 7919) % customers) as f64 / customers as f64 + 0.5 / customers as f64;
            let (mut k, mut p, mut cumulative) = (0u64, (-mean).exp(), 0.0);
            loop {
                cumulative += p;
                if cumulative >= v || k > 500 {
                    break;
                }
                k += 1;
                p *= mean / k as f64;
            }
            rows.push(RfmRow::new(k, if k > 0 { age * 0.8 } else { 0.0 }, age));
        }
        rows
    }

    #[test]
    fn the_fit_recovers_the_rates_it_was_simulated_from() {
        let rows = simulated(1.5, 20.0, 4000);
        let fit = fit_nbd(&rows).unwrap();
        assert!((fit.model.r / 1.5 - 1.0).abs() < 0.15, "{:?}", fit.model);
        assert!((fit.model.r / fit.model.alpha / (1.5 / 20.0) - 1.0).abs() < 0.05);
        assert!(fit.report.converged);
    }

    #[test]
    fn a_burst_of_contacts_is_shrunk_towards_the_base() {
        let model = Nbd {
            r: 1.5,
            alpha: 20.0,
        };
        // Six contacts in the 13 weeks since the first one: the burst alone would
        // predict 6/13 a week; the base predicts 1.5/20; the forecast lies between.
        let weekly = model.conditional_expected_purchases(1.0, 6.0, 12.0, 13.0);
        assert!(weekly < 6.0 / 13.0 && weekly > 1.5 / 20.0);
        assert_eq!(model.p_alive(6.0, 12.0, 13.0), 1.0);
    }
}
