//! BG/BB model for discrete transaction opportunities (Fader, Hardie & Shang
//! 2010): at each of n opportunities an active customer transacts with a
//! beta(α, β) probability p and, before the next one, drops out with a
//! beta(γ, δ) probability θ.

use super::fit::{FitReport, ModelError, group_triples, maximize};
use super::special::{ln_beta, ln_gamma, log_add_exp};

/// One (x, t_x, n) pattern with the number of customers who share it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BgBbRow {
    /// x: opportunities with a repeat transaction.
    pub frequency: u32,
    /// t_x: index (1..n) of the last opportunity with a transaction, 0 if none.
    pub recency: u32,
    /// n: number of opportunities observed.
    pub n_periods: u32,
    /// Customers with this pattern.
    pub weight: f64,
}

/// BG/BB parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BgBb {
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    pub delta: f64,
}

/// A converged BG/BB fit.
#[derive(Debug, Clone, PartialEq)]
pub struct BgBbFit {
    pub model: BgBb,
    pub report: FitReport,
}

const MODEL: &str = "bg-bb";

/// Fits BG/BB to weighted (x, t_x, n) patterns.
pub fn fit_bg_bb(rows: &[BgBbRow]) -> Result<BgBbFit, ModelError> {
    for (i, r) in rows.iter().enumerate() {
        let reason = if r.frequency > r.recency {
            Some(format!(
                "frequency {} exceeds recency {}",
                r.frequency, r.recency
            ))
        } else if r.recency > r.n_periods {
            Some(format!(
                "recency {} exceeds the number of periods {}",
                r.recency, r.n_periods
            ))
        } else if r.frequency == 0 && r.recency != 0 {
            Some(format!("frequency is 0 but recency is {}", r.recency))
        } else if r.frequency > 0 && r.recency == 0 {
            Some("frequency is positive but recency is 0".to_string())
        } else if !(r.weight.is_finite() && r.weight >= 0.0) {
            Some(format!("weight {} must be a number ≥ 0", r.weight))
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(ModelError::InvalidRow {
                model: MODEL,
                row: i + 1,
                reason,
            });
        }
    }
    let total: f64 = rows.iter().map(|r| r.weight).sum();
    if rows.len() < 2 || total < 4.0 {
        return Err(ModelError::TooFewCustomers {
            model: MODEL,
            needed: 4,
            found: total as usize,
        });
    }
    let groups = group_triples(rows.iter().map(|r| {
        (
            f64::from(r.frequency),
            f64::from(r.recency),
            f64::from(r.n_periods),
            r.weight,
        )
    }));
    let report = maximize(
        MODEL,
        &["alpha", "beta", "gamma", "delta"],
        &[1.0, 1.0, 1.0, 1.0],
        total.round() as u64,
        |p| {
            let m = BgBb {
                alpha: p[0],
                beta: p[1],
                gamma: p[2],
                delta: p[3],
            };
            groups
                .iter()
                .map(|g| {
                    g.weight * m.ln_likelihood(g.frequency as u32, g.recency as u32, g.age as u32)
                })
                .sum()
        },
    )?;
    let p = |n: &str| report.param(n).unwrap_or(f64::NAN);
    let model = BgBb {
        alpha: p("alpha"),
        beta: p("beta"),
        gamma: p("gamma"),
        delta: p("delta"),
    };
    Ok(BgBbFit { model, report })
}

impl BgBb {
    /// ln L for one customer (FHS 2010 eq. 5).
    pub fn ln_likelihood(&self, x: u32, t_x: u32, n: u32) -> f64 {
        let BgBb {
            alpha,
            beta,
            gamma,
            delta,
        } = *self;
        let (x, t_x, n) = (f64::from(x), f64::from(t_x), f64::from(n));
        let base_p = ln_beta(alpha, beta);
        let base_theta = ln_beta(gamma, delta);
        let mut ll =
            ln_beta(alpha + x, beta + n - x) - base_p + ln_beta(gamma, delta + n) - base_theta;
        let mut i = 0.0;
        while i < n - t_x {
            let term = ln_beta(alpha + x, beta + t_x - x + i) - base_p
                + ln_beta(gamma + 1.0, delta + t_x + i)
                - base_theta;
            ll = log_add_exp(ll, term);
            i += 1.0;
        }
        ll
    }

    /// Total log-likelihood of weighted patterns.
    pub fn log_likelihood(&self, rows: &[BgBbRow]) -> f64 {
        rows.iter()
            .map(|r| r.weight * self.ln_likelihood(r.frequency, r.recency, r.n_periods))
            .sum()
    }

    /// P(alive at opportunity n + 1 | x, t_x, n) (FHS 2010 eq. 11).
    pub fn p_alive(&self, x: u32, t_x: u32, n: u32) -> f64 {
        let BgBb {
            alpha,
            beta,
            gamma,
            delta,
        } = *self;
        let (xf, nf) = (f64::from(x), f64::from(n));
        (ln_beta(alpha + xf, beta + nf - xf) - ln_beta(alpha, beta)
            + ln_beta(gamma, delta + nf + 1.0)
            - ln_beta(gamma, delta)
            - self.ln_likelihood(x, t_x, n))
        .exp()
    }

    /// E[X(n, n + n*) | x, t_x, n]: expected transactions in the next `future`
    /// opportunities (FHS 2010 eq. 13).
    pub fn conditional_expected_transactions(&self, future: u32, x: u32, t_x: u32, n: u32) -> f64 {
        let at = |gamma: f64| -> f64 {
            let BgBb {
                alpha, beta, delta, ..
            } = *self;
            let m = BgBb { gamma, ..*self };
            let (xf, nf, sf) = (f64::from(x), f64::from(n), f64::from(future));
            let g1 = ln_gamma(1.0 + delta + nf) - ln_gamma(gamma + delta + nf);
            let g2 = ln_gamma(1.0 + delta + nf + sf) - ln_gamma(gamma + delta + nf + sf);
            let ln_front = ln_beta(alpha + xf + 1.0, beta + nf - xf)
                - ln_beta(alpha, beta)
                - m.ln_likelihood(x, t_x, n)
                + delta.ln()
                + ln_gamma(gamma + delta)
                - ln_gamma(1.0 + delta);
            (ln_front + g1).exp() * (-(g2 - g1).exp_m1()) / (gamma - 1.0)
        };
        if (self.gamma - 1.0).abs() < 1e-6 {
            0.5 * (at(1.0 - 1e-5) + at(1.0 + 1e-5))
        } else {
            at(self.gamma)
        }
    }

    /// P(X(n) = x): probability that a new customer transacts at exactly x of
    /// the first n opportunities (FHS 2010 eq. 7).
    pub fn probability_of_transactions(&self, x: u32, n: u32) -> f64 {
        let BgBb {
            alpha,
            beta,
            gamma,
            delta,
        } = *self;
        let ln_choose =
            |n: f64, k: f64| ln_gamma(n + 1.0) - ln_gamma(k + 1.0) - ln_gamma(n - k + 1.0);
        let (xf, nf) = (f64::from(x), f64::from(n));
        let mut p = (ln_choose(nf, xf) + ln_beta(alpha + xf, beta + nf - xf)
            - ln_beta(alpha, beta)
            + ln_beta(gamma, delta + nf)
            - ln_beta(gamma, delta))
        .exp();
        for i in x..n {
            let i = f64::from(i);
            p += (ln_choose(i, xf) + ln_beta(alpha + xf, beta + i - xf) - ln_beta(alpha, beta)
                + ln_beta(gamma + 1.0, delta + i)
                - ln_beta(gamma, delta))
            .exp();
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUBLISHED: BgBb = BgBb {
        alpha: 1.204,
        beta: 0.750,
        gamma: 0.657,
        delta: 2.783,
    };

    #[test]
    fn transaction_count_probabilities_sum_to_one() {
        let total: f64 = (0..=6)
            .map(|x| PUBLISHED.probability_of_transactions(x, 6))
            .sum();
        assert!((total - 1.0).abs() < 1e-12, "{total}");
    }

    #[test]
    fn a_pattern_with_recency_beyond_n_is_rejected() {
        let rows = [BgBbRow {
            frequency: 1,
            recency: 7,
            n_periods: 6,
            weight: 1.0,
        }];
        assert!(fit_bg_bb(&rows).unwrap_err().to_string().contains("row 1"));
    }
}
