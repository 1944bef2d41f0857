//! Shifted-beta-geometric (sBG) retention model for term contracts (Fader &
//! Hardie 2007, "How to project customer retention"): at each renewal a
//! customer churns with a probability θ that is beta(α, β) across customers,
//! so the aggregate retention rate rises over time as the likely churners leave.

use super::fit::{FitReport, ModelError, maximize};
use super::special::{hyp2f1, ln_beta};

/// sBG parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShiftedBetaGeometric {
    pub alpha: f64,
    pub beta: f64,
}

/// A converged sBG fit.
#[derive(Debug, Clone, PartialEq)]
pub struct SbgFit {
    pub model: ShiftedBetaGeometric,
    pub report: FitReport,
}

const MODEL: &str = "sbg";

/// Fits sBG to a cohort's survivor counts: `survivors[0]` customers at the
/// start, `survivors[t]` still active at the start of period t (K = len − 1
/// renewal opportunities; the last count is right-censored).
pub fn fit_sbg(survivors: &[u64]) -> Result<SbgFit, ModelError> {
    if survivors.len() < 3 {
        return Err(ModelError::InvalidArgument {
            what: "sbg survivors",
            reason: format!(
                "{} counts given; give the cohort size and at least two later counts",
                survivors.len()
            ),
        });
    }
    if survivors[0] == 0 {
        return Err(ModelError::InvalidArgument {
            what: "sbg survivors",
            reason: "the cohort size is 0".into(),
        });
    }
    if let Some(t) = survivors.windows(2).position(|w| w[1] > w[0]) {
        return Err(ModelError::InvalidArgument {
            what: "sbg survivors",
            reason: format!(
                "count {} at period {} exceeds {} at period {}; survivors can only fall",
                survivors[t + 1],
                t + 1,
                survivors[t],
                t
            ),
        });
    }
    let counts: Vec<f64> = survivors.iter().map(|&c| c as f64).collect();
    let report = maximize(MODEL, &["alpha", "beta"], &[1.0, 1.0], survivors[0], |p| {
        ShiftedBetaGeometric {
            alpha: p[0],
            beta: p[1],
        }
        .log_likelihood_of_counts(&counts)
    })?;
    let p = |n: &str| report.param(n).unwrap_or(f64::NAN);
    let model = ShiftedBetaGeometric {
        alpha: p("alpha"),
        beta: p("beta"),
    };
    Ok(SbgFit { model, report })
}

impl ShiftedBetaGeometric {
    /// LL = Σ_t n_t ln P(T = t) + S(K) ln S(K) (FH 2007 eq. B3).
    pub fn log_likelihood(&self, survivors: &[u64]) -> f64 {
        let counts: Vec<f64> = survivors.iter().map(|&c| c as f64).collect();
        self.log_likelihood_of_counts(&counts)
    }

    fn log_likelihood_of_counts(&self, counts: &[f64]) -> f64 {
        let k = counts.len() - 1;
        let mut ll = 0.0;
        for t in 1..=k {
            let lost = counts[t - 1] - counts[t];
            if lost > 0.0 {
                ll += lost * self.ln_churn_probability(t as f64);
            }
        }
        if counts[k] > 0.0 {
            ll += counts[k] * self.ln_survival(k as f64);
        }
        ll
    }

    fn ln_churn_probability(&self, t: f64) -> f64 {
        ln_beta(self.alpha + 1.0, self.beta + t - 1.0) - ln_beta(self.alpha, self.beta)
    }

    fn ln_survival(&self, t: f64) -> f64 {
        ln_beta(self.alpha, self.beta + t) - ln_beta(self.alpha, self.beta)
    }

    /// P(T = t): probability that a new customer churns at renewal t (t ≥ 1).
    pub fn churn_probability(&self, t: u32) -> f64 {
        self.ln_churn_probability(f64::from(t)).exp()
    }

    /// S(t): probability that a new customer is still active after t renewals.
    pub fn survival(&self, t: u32) -> f64 {
        self.ln_survival(f64::from(t)).exp()
    }

    /// r_t = S(t)/S(t − 1) = (β + t − 1)/(α + β + t − 1): retention at renewal t (t ≥ 1).
    pub fn retention(&self, t: u32) -> f64 {
        let t = f64::from(t);
        (self.beta + t - 1.0) / (self.alpha + self.beta + t - 1.0)
    }

    /// Probability that a customer who has made `renewals` renewals makes `more` further ones.
    pub fn conditional_survival(&self, renewals: u32, more: u32) -> f64 {
        (self.ln_survival(f64::from(renewals + more)) - self.ln_survival(f64::from(renewals))).exp()
    }

    /// Expected number of further periods a customer who has made `renewals`
    /// renewals stays, counting only the next `horizon` periods (the current one included).
    pub fn expected_remaining_lifetime(&self, renewals: u32, horizon: u32) -> f64 {
        (0..horizon)
            .map(|k| self.conditional_survival(renewals, k))
            .sum()
    }

    /// Discounted expected residual lifetime (Fader & Hardie 2010, eq. 6) of a
    /// customer who has made `renewals` renewals and is about to pay for the
    /// current period: Σ_k S(renewals + k)/S(renewals)/(1 + d)^k,
    /// = ₂F₁(1, β + n; α + β + n; 1/(1 + d)) with n = renewals.
    pub fn discounted_expected_residual_lifetime(&self, renewals: u32, discount_rate: f64) -> f64 {
        if discount_rate.is_nan() || discount_rate <= 0.0 {
            return f64::NAN;
        }
        let n = f64::from(renewals);
        match hyp2f1(
            1.0,
            self.beta + n,
            self.alpha + self.beta + n,
            1.0 / (1.0 + discount_rate),
        ) {
            Some(v) => v.value(),
            None => f64::NAN,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGULAR: ShiftedBetaGeometric = ShiftedBetaGeometric {
        alpha: 0.704,
        beta: 1.182,
    };

    #[test]
    fn retention_is_the_ratio_of_successive_survival_probabilities() {
        for t in 1..10 {
            let ratio = REGULAR.survival(t) / REGULAR.survival(t - 1);
            assert!((ratio - REGULAR.retention(t)).abs() < 1e-12);
        }
    }

    #[test]
    fn discounted_residual_lifetime_equals_its_series() {
        let d: f64 = 0.1;
        let series: f64 = (0..2000)
            .map(|k| REGULAR.conditional_survival(3, k) / (1.0 + d).powi(k as i32))
            .sum();
        let closed = REGULAR.discounted_expected_residual_lifetime(3, d);
        assert!((series - closed).abs() < 1e-6, "{series} {closed}");
    }

    #[test]
    fn rising_survivor_counts_are_rejected() {
        let err = fit_sbg(&[1000, 600, 700]).unwrap_err();
        assert!(err.to_string().contains("period 2"), "{err}");
    }
}
