//! Buy-till-you-die value models, fitted by maximum likelihood on the whole
//! customer base from per-customer sufficient statistics (see
//! `shared/reference/clv-tables.md` for the published figures they reproduce):
//!
//! - purchases in non-contractual settings: [`bg_nbd`], [`mbg_nbd`], [`pareto_nbd`],
//!   and their no-drop-out limit [`nbd`] (support contacts when those do not fit);
//! - discrete transaction opportunities: [`bg_bb`];
//! - spend per purchase: [`gamma_gamma`];
//! - term contracts: [`sbg`] (shifted-beta-geometric retention);
//! - the RFM summary they all start from: [`rfm`];
//! - net long-term value per customer: [`value`].
//!
//! All likelihoods are computed in log space ([`special`]); every fit goes
//! through [`fit::maximize`], which refuses to report a fit that did not converge.

pub mod bg_bb;
mod bg_family;
pub mod bg_nbd;
pub mod fit;
pub mod gamma_gamma;
pub mod mbg_nbd;
pub mod nbd;
pub mod pareto_nbd;
pub mod rfm;
pub mod sbg;
pub mod special;
pub mod value;

pub use bg_bb::{BgBb, BgBbFit, BgBbRow, fit_bg_bb};
pub use bg_nbd::{BgNbd, BgNbdFit, fit_bg_nbd};
pub use fit::{FitReport, ModelError};
pub use gamma_gamma::{GammaGamma, GammaGammaFit, fit_gamma_gamma};
pub use mbg_nbd::{MbgNbd, MbgNbdFit, fit_mbg_nbd};
pub use nbd::{Nbd, NbdFit, fit_nbd};
pub use pareto_nbd::{ParetoNbd, ParetoNbdFit, fit_pareto_nbd};
pub use rfm::{Period, RfmBuilder, RfmRow};
pub use sbg::{SbgFit, ShiftedBetaGeometric, fit_sbg};

/// What every purchase model (BG/NBD, MBG/NBD, Pareto/NBD) answers about one
/// customer with summary (x, t_x, T), all in the summary's time unit.
pub trait PurchaseModel {
    /// Probability that the customer is still active at T.
    fn p_alive(&self, x: f64, t_x: f64, age: f64) -> f64;

    /// E[Y(t) | x, t_x, T]: expected purchases in (T, T + t].
    fn conditional_expected_purchases(&self, t: f64, x: f64, t_x: f64, age: f64) -> f64;

    /// E[X(t)]: expected repeat purchases in (0, t] of a customer who just made a first purchase.
    fn expected_purchases(&self, t: f64) -> f64 {
        self.conditional_expected_purchases(t, 0.0, 0.0, 0.0)
    }

    /// Discounted expected residual transactions (DERT) under continuous
    /// discounting at rate `delta` per time unit: ∫₀^∞ e^(−δt) dE[Y(t)],
    /// computed as ∫₀^∞ e^(−u) E[Y(u/δ)] du (integration by parts) with a
    /// composite Simpson rule on u ∈ [0, 50] (the rest weighs below e^−50).
    fn discounted_expected_residual_transactions(
        &self,
        delta: f64,
        x: f64,
        t_x: f64,
        age: f64,
    ) -> f64 {
        if delta.is_nan() || delta <= 0.0 {
            return f64::NAN;
        }
        special::simpson(
            |u| (-u).exp() * self.conditional_expected_purchases(u / delta, x, t_x, age),
            0.0,
            50.0,
            1000,
        )
    }
}

/// Which purchase model to fit (the `purchase_model` setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PurchaseModelKind {
    BgNbd,
    MbgNbd,
    ParetoNbd,
}

impl std::str::FromStr for PurchaseModelKind {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, ModelError> {
        match s {
            "bg-nbd" => Ok(PurchaseModelKind::BgNbd),
            "mbg-nbd" => Ok(PurchaseModelKind::MbgNbd),
            "pareto-nbd" => Ok(PurchaseModelKind::ParetoNbd),
            other => Err(ModelError::InvalidArgument {
                what: "purchase model",
                reason: format!("unknown model {other:?}; use bg-nbd, mbg-nbd or pareto-nbd"),
            }),
        }
    }
}

/// A fitted purchase model of any of the three kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum FittedPurchaseModel {
    BgNbd(BgNbd),
    MbgNbd(MbgNbd),
    ParetoNbd(ParetoNbd),
    /// The no-drop-out limit, used for support contacts when the chosen model has
    /// no finite optimum on them.
    Nbd(Nbd),
}

impl FittedPurchaseModel {
    fn inner(&self) -> &dyn PurchaseModel {
        match self {
            FittedPurchaseModel::BgNbd(m) => m,
            FittedPurchaseModel::MbgNbd(m) => m,
            FittedPurchaseModel::ParetoNbd(m) => m,
            FittedPurchaseModel::Nbd(m) => m,
        }
    }
}

impl PurchaseModel for FittedPurchaseModel {
    fn p_alive(&self, x: f64, t_x: f64, age: f64) -> f64 {
        self.inner().p_alive(x, t_x, age)
    }
    fn conditional_expected_purchases(&self, t: f64, x: f64, t_x: f64, age: f64) -> f64 {
        self.inner().conditional_expected_purchases(t, x, t_x, age)
    }
}

/// Fits the purchase model of the given kind; returns the model and its report.
pub fn fit_purchase_model(
    kind: PurchaseModelKind,
    rows: &[RfmRow],
) -> Result<(FittedPurchaseModel, FitReport), ModelError> {
    Ok(match kind {
        PurchaseModelKind::BgNbd => {
            let f = fit_bg_nbd(rows)?;
            (FittedPurchaseModel::BgNbd(f.model), f.report)
        }
        PurchaseModelKind::MbgNbd => {
            let f = fit_mbg_nbd(rows)?;
            (FittedPurchaseModel::MbgNbd(f.model), f.report)
        }
        PurchaseModelKind::ParetoNbd => {
            let f = fit_pareto_nbd(rows)?;
            (FittedPurchaseModel::ParetoNbd(f.model), f.report)
        }
    })
}

/// 1/(1 + e^v) without overflow.
pub(crate) fn logistic_of_negative(v: f64) -> f64 {
    if v > 0.0 {
        let e = (-v).exp();
        e / (1.0 + e)
    } else {
        1.0 / (1.0 + v.exp())
    }
}

/// Bases at least this large start their fit from the fit of a systematic
/// subsample (see [`warm_start_sample`]).
pub(crate) const WARM_START_ROWS: usize = 200_000;

/// Every k-th row, about 50,000 rows: its maximum-likelihood estimate lies
/// within sampling error (well under 1 %) of the whole base's, so the whole
/// base's search starts next to its optimum and needs a few BFGS iterations
/// instead of twenty. Deterministic; the final fit is judged on the whole base
/// as any other, so the start only changes how fast it converges.
pub(crate) fn warm_start_sample<T: Copy>(rows: &[T]) -> Vec<T> {
    warm_start_sample_of(rows, 50_000)
}

/// Every k-th row, about `size` rows (see [`warm_start_sample`]).
pub(crate) fn warm_start_sample_of<T: Copy>(rows: &[T], size: usize) -> Vec<T> {
    rows.iter()
        .step_by((rows.len() / size.max(1)).max(1))
        .copied()
        .collect()
}

/// Mean of T over the rows, a scale for starting values (at least 1).
pub(crate) fn mean_age(rows: &[RfmRow]) -> f64 {
    if rows.is_empty() {
        return 1.0;
    }
    (rows.iter().map(|r| r.age).sum::<f64>() / rows.len() as f64).max(1.0)
}

#[cfg(test)]
mod warm_start_tests {
    use super::*;

    #[test]
    fn the_warm_start_sample_takes_every_kth_row_and_about_fifty_thousand() {
        let rows: Vec<u32> = (0..1_000_000).collect();
        let sample = warm_start_sample(&rows);
        assert_eq!(sample.len(), 50_000);
        assert_eq!(&sample[..3], &[0, 20, 40]);
        assert_eq!(warm_start_sample(&[1, 2, 3]), vec![1, 2, 3]);
    }
}
