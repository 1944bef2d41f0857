//! MBG/NBD purchase model (Batislam, Denizel & Filiztekin 2007): BG/NBD in
//! which a customer may also drop out right after the first purchase, so that
//! customers without repeat purchases are not all taken to be alive.

use super::PurchaseModel;
use super::bg_family;
use super::bg_nbd::expectation_bracket;
use super::fit::{FitReport, GroupedSummary, ModelError};
use super::rfm::RfmRow;
use super::special::{ln_beta, ln_gamma, log_add_exp};

/// MBG/NBD parameters, time in the summary's unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MbgNbd {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
}

/// A converged MBG/NBD fit.
#[derive(Debug, Clone, PartialEq)]
pub struct MbgNbdFit {
    pub model: MbgNbd,
    pub report: FitReport,
}

const MODEL: &str = "mbg-nbd";

/// Fits MBG/NBD by maximum likelihood to the customers' (x, t_x, T).
pub fn fit_mbg_nbd(rows: &[RfmRow]) -> Result<MbgNbdFit, ModelError> {
    let ([r, alpha, a, b], report) = bg_family::fit(MODEL, 1.0, rows)?;
    Ok(MbgNbdFit {
        model: MbgNbd { r, alpha, a, b },
        report,
    })
}

impl MbgNbd {
    /// ln L for one customer (clv-tables §2.4).
    pub fn ln_likelihood(&self, x: f64, t_x: f64, age: f64) -> f64 {
        let MbgNbd { r, alpha, a, b } = *self;
        let ln_nbd = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln();
        let ln_beta_part = ln_beta(a, b + x + 1.0) - ln_beta(a, b);
        let stays = -(r + x) * (alpha + age).ln();
        let drops = a.ln() - (b + x).ln() - (r + x) * (alpha + t_x).ln();
        ln_nbd + ln_beta_part + log_add_exp(stays, drops)
    }

    /// Total log-likelihood of a grouped summary (same sum, tabulated per distinct x and time).
    pub fn grouped_log_likelihood(&self, g: &GroupedSummary) -> f64 {
        let MbgNbd { r, alpha, a, b } = *self;
        bg_family::grouped_log_likelihood([r, alpha, a, b], 1.0, g, None, None)
    }

    /// Total log-likelihood of a summary.
    pub fn log_likelihood(&self, rows: &[RfmRow]) -> f64 {
        rows.iter()
            .map(|r| self.ln_likelihood(r.frequency as f64, r.recency, r.age))
            .sum()
    }
}

impl PurchaseModel for MbgNbd {
    fn p_alive(&self, x: f64, t_x: f64, age: f64) -> f64 {
        let MbgNbd { r, alpha, a, b } = *self;
        let v = a.ln() - (b + x).ln() + (r + x) * ((alpha + age).ln() - (alpha + t_x).ln());
        super::logistic_of_negative(v)
    }

    fn conditional_expected_purchases(&self, t: f64, x: f64, t_x: f64, age: f64) -> f64 {
        if t.is_nan() || t <= 0.0 {
            return 0.0;
        }
        let MbgNbd { r, alpha, a, b } = *self;
        expectation_bracket(r, alpha, a, b + 1.0, t, x, age) * self.p_alive(x, t_x, age)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_customer_may_already_be_gone() {
        let m = MbgNbd {
            r: 0.525,
            alpha: 6.183,
            a: 0.891,
            b: 1.614,
        };
        let p = m.p_alive(0.0, 0.0, 0.0);
        assert!((p - 1.614 / (0.891 + 1.614)).abs() < 1e-12);
        assert!(m.p_alive(0.0, 0.0, 30.0) < p);
    }
}
