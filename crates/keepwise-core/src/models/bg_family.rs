//! The likelihood, its analytic gradient and the fit shared by BG/NBD and
//! MBG/NBD. Both are a gamma-Poisson purchase process with a beta-geometric
//! dropout; they differ only in whether a customer can drop out right after the
//! first purchase. With `shift` = 0 (BG/NBD) dropout follows repeat purchases
//! only; with `shift` = 1 (MBG/NBD) it follows every purchase, which moves x by
//! one in the beta part of the likelihood:
//!
//! ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x+shift) − ln B(a, b)
//!      + ln[(α+T)^−(r+x) + 1{x+shift>0} · a/(b+x+shift−1) · (α+t_x)^−(r+x)]
//!
//! Evaluated on a [`GroupedSummary`]: the ln Γ and ψ terms once per distinct x,
//! ln(α+t) and 1/(α+t) once per distinct time, so that each group of identical
//! (x, t_x, T) costs one exp and one ln; large bases are split into chunks
//! evaluated in parallel and summed in a fixed order (the same result on any
//! number of threads).

use rayon::prelude::*;

use super::fit::{
    FitReport, GroupedSummary, ModelError, maximize_with_gradient, maximize_with_hessian,
};
use super::rfm::{RfmRow, validate_rows};
use super::special::{digamma, ln_gamma};

/// Groups per parallel chunk; smaller summaries are evaluated on one thread.
const CHUNK: usize = 16_384;

/// Index of (i, j), i ≤ j, in the upper triangle of the 4 × 4 Hessian,
/// row by row: rr rα ra rb αα αa αb aa ab bb.
const fn upper(i: usize, j: usize) -> usize {
    [[0, 1, 2, 3], [1, 4, 5, 6], [2, 5, 7, 8], [3, 6, 8, 9]][i][j]
}

/// ln L of a grouped summary at (r, α, a, b); writes ∂ ln L/∂(r, α, a, b) into
/// `gradient` when given, and ∂² ln L (row-major 4 × 4) into `hessian` when
/// given (which needs `gradient` as well).
///
/// The bracket is a two-term log-sum-exp ln(e^u + e^v), u the term of a
/// customer still alive, v of one who dropped out after the last purchase; with
/// p = e^(v − ln L) its gradient is (1 − p)∇u + p∇v and its Hessian
/// (1 − p)∇²u + p∇²v + p(1 − p)(∇v − ∇u)(∇v − ∇u)ᵀ.
pub(crate) fn grouped_log_likelihood(
    params: [f64; 4],
    shift: f64,
    g: &GroupedSummary,
    gradient: Option<&mut [f64]>,
    hessian: Option<&mut [f64]>,
) -> f64 {
    use super::special::trigamma;
    let [r, alpha, a, b] = params;
    let want_gradient = gradient.is_some();
    let want_hessian = want_gradient && hessian.is_some();
    let ln_alpha = alpha.ln();
    let ln_base: Vec<f64> = g.times.iter().map(|t| (alpha + t).ln()).collect();
    let inv_base: Vec<f64> = if want_gradient {
        g.times.iter().map(|t| 1.0 / (alpha + t)).collect()
    } else {
        Vec::new()
    };
    // Per distinct x: the dropout term ln a − ln(b+x+shift−1) (−∞ when no dropout
    // is possible) and 1/(b+x+shift−1).
    let per_x: Vec<(f64, f64)> = g
        .frequencies
        .iter()
        .map(|&x| {
            if x + shift > 0.0 {
                let d = b + x + shift - 1.0;
                (a.ln() - d.ln(), 1.0 / d)
            } else {
                (f64::NEG_INFINITY, 0.0)
            }
        })
        .collect();
    // Value, gradient (4) and the Hessian's upper triangle (10).
    let mut total = [0.0f64; 15];
    // Terms of x alone, weighted by the customers with that x.
    let (psi_r, psi_ab, psi_b) = if want_gradient {
        (digamma(r), digamma(a + b), digamma(b))
    } else {
        (0.0, 0.0, 0.0)
    };
    let (tri_r, tri_ab, tri_b) = if want_hessian {
        (trigamma(r), trigamma(a + b), trigamma(b))
    } else {
        (0.0, 0.0, 0.0)
    };
    let common = ln_gamma(a + b) - ln_gamma(b) - ln_gamma(r) + r * ln_alpha;
    for (&x, &w) in g.frequencies.iter().zip(&g.frequency_weights) {
        let xs = x + shift;
        total[0] += w * (common + ln_gamma(r + x) + ln_gamma(b + xs) - ln_gamma(a + b + xs));
        if want_gradient {
            let psi_abx = digamma(a + b + xs);
            total[1] += w * (digamma(r + x) - psi_r + ln_alpha);
            total[2] += w * r / alpha;
            total[3] += w * (psi_ab - psi_abx);
            total[4] += w * (psi_ab - psi_b + digamma(b + xs) - psi_abx);
        }
        if want_hessian {
            let tri_abx = trigamma(a + b + xs);
            let h = &mut total[5..];
            h[upper(0, 0)] += w * (trigamma(r + x) - tri_r);
            h[upper(0, 1)] += w / alpha;
            h[upper(1, 1)] -= w * r / (alpha * alpha);
            h[upper(2, 2)] += w * (tri_ab - tri_abx);
            h[upper(2, 3)] += w * (tri_ab - tri_abx);
            h[upper(3, 3)] += w * (tri_ab - tri_b + trigamma(b + xs) - tri_abx);
        }
    }
    let inv_a = 1.0 / a;
    // The bracket, per group: p is the weight of the dropout term in it.
    let chunk = |rows: &[super::fit::GroupedRow]| -> [f64; 15] {
        let mut acc = [0.0f64; 15];
        for row in rows {
            let x = g.frequencies[row.frequency as usize];
            let rx = r + x;
            let (drop, inv_d) = per_x[row.frequency as usize];
            let la_age = ln_base[row.age as usize];
            let alive = -rx * la_age;
            let w = row.weight;
            if drop == f64::NEG_INFINITY {
                acc[0] += w * alive;
                if want_gradient {
                    let ia = inv_base[row.age as usize];
                    acc[1] -= w * la_age;
                    acc[2] -= w * rx * ia;
                    if want_hessian {
                        acc[5 + upper(0, 1)] -= w * ia;
                        acc[5 + upper(1, 1)] += w * rx * ia * ia;
                    }
                }
                continue;
            }
            let la_rec = ln_base[row.recency as usize];
            let dropped = drop - rx * la_rec;
            let d = dropped - alive;
            let e = (-d.abs()).exp();
            let (ll, p) = if d > 0.0 {
                (dropped + (1.0 + e).ln(), 1.0 / (1.0 + e))
            } else {
                (alive + (1.0 + e).ln(), e / (1.0 + e))
            };
            acc[0] += w * ll;
            if want_gradient {
                let q = 1.0 - p;
                let (ia, ir) = (inv_base[row.age as usize], inv_base[row.recency as usize]);
                acc[1] -= w * (q * la_age + p * la_rec);
                acc[2] -= w * rx * (q * ia + p * ir);
                acc[3] += w * p * inv_a;
                acc[4] -= w * p * inv_d;
                if want_hessian {
                    // ∇v − ∇u, and the curvatures of u and v.
                    let diff = [la_age - la_rec, rx * (ia - ir), inv_a, -inv_d];
                    let pq = w * p * q;
                    let h = &mut acc[5..];
                    for i in 0..4 {
                        for j in i..4 {
                            h[upper(i, j)] += pq * diff[i] * diff[j];
                        }
                    }
                    h[upper(0, 1)] -= w * (q * ia + p * ir);
                    h[upper(1, 1)] += w * rx * (q * ia * ia + p * ir * ir);
                    h[upper(2, 2)] -= w * p * inv_a * inv_a;
                    h[upper(3, 3)] += w * p * inv_d * inv_d;
                }
            }
        }
        acc
    };
    let parts: Vec<[f64; 15]> = if g.groups.len() > 2 * CHUNK {
        g.groups.par_chunks(CHUNK).map(chunk).collect()
    } else {
        vec![chunk(&g.groups)]
    };
    for part in parts {
        for (t, v) in total.iter_mut().zip(part) {
            *t += v;
        }
    }
    if let Some(gradient) = gradient {
        gradient.copy_from_slice(&total[1..5]);
    }
    if want_hessian && let Some(hessian) = hessian {
        for i in 0..4 {
            for j in 0..4 {
                hessian[i * 4 + j] = total[5 + upper(i.min(j), i.max(j))];
            }
        }
    }
    total[0]
}

/// The log-likelihood in the form [`maximize_with_hessian`] takes.
fn with_hessian(
    shift: f64,
    g: &GroupedSummary,
) -> impl Fn(&[f64], &mut [f64], Option<&mut [f64]>) -> f64 + '_ {
    move |p, gradient, hessian| {
        grouped_log_likelihood([p[0], p[1], p[2], p[3]], shift, g, Some(gradient), hessian)
    }
}

/// Fits (r, α, a, b) by maximum likelihood; `model` names the model in reports.
pub(crate) fn fit(
    model: &'static str,
    shift: f64,
    rows: &[RfmRow],
) -> Result<([f64; 4], FitReport), ModelError> {
    validate_rows(model, rows)?;
    if rows.len() < 4 {
        return Err(ModelError::TooFewCustomers {
            model,
            needed: 4,
            found: rows.len(),
        });
    }
    let grouped = GroupedSummary::new(rows);
    let mut start = [1.0, super::mean_age(rows), 1.0, 1.0];
    let names = ["r", "alpha", "a", "b"];
    if rows.len() >= super::WARM_START_ROWS {
        // From the fit of a systematic sample, itself started from the fit of a
        // ten times smaller one (Newton needs two or three steps at each size).
        // A sample fit that does not converge leaves the start as it was.
        for sample in [
            super::warm_start_sample_of(rows, 5_000),
            super::warm_start_sample(rows),
        ] {
            let sample_grouped = GroupedSummary::new(&sample);
            if let Ok((report, _)) = maximize_with_hessian(
                model,
                &names,
                &start,
                sample.len() as u64,
                with_hessian(shift, &sample_grouped),
            ) {
                for (s, (_, v)) in start.iter_mut().zip(&report.params) {
                    *s = *v;
                }
            }
        }
    }
    let free = maximize_with_hessian(
        model,
        &names,
        &start,
        rows.len() as u64,
        with_hessian(shift, &grouped),
    )
    .map(|(report, _)| report);
    // A search can also stop on the ridge towards a, b → ∞, where the
    // likelihood is so flat that the gradient passes for zero: a + b beyond the
    // limiting model's concentration is checked like a search that failed.
    let on_ridge =
        |r: &FitReport| r.param("a").unwrap_or(0.0) + r.param("b").unwrap_or(0.0) > CONCENTRATION;
    let report = match free {
        Ok(report) if !on_ridge(&report) => report,
        Ok(report) => {
            if rises_towards_homogeneous_dropout(&grouped, shift) {
                homogeneous_dropout_fit(model, shift, &grouped)?
            } else {
                report
            }
        }
        Err(ModelError::NotConverged { .. })
            if rises_towards_homogeneous_dropout(&grouped, shift) =>
        {
            homogeneous_dropout_fit(model, shift, &grouped)?
        }
        Err(e) => return Err(e),
    };
    let p = |n: &str| report.param(n).unwrap_or(f64::NAN);
    Ok(([p("r"), p("alpha"), p("a"), p("b")], report))
}

/// a + b of the limiting model: the beta distribution of the dropout
/// probability is then concentrated within about ±1 % of its mean, and the
/// likelihood differs from the limit a, b → ∞ by a relative O(x/(a + b)).
const CONCENTRATION: f64 = 1e4;

/// Whether the likelihood keeps rising towards a, b → ∞ at a fixed mean
/// dropout probability (every customer drops out with the same probability),
/// so that the maximum lies on the boundary and no interior fit can converge:
/// the best fit with a + b = 10⁴ beats the best with a + b = 100.
fn rises_towards_homogeneous_dropout(grouped: &GroupedSummary, shift: f64) -> bool {
    let at = |kappa: f64| {
        fixed_concentration_fit("probe", shift, grouped, kappa).map(|f| f.log_likelihood)
    };
    matches!((at(100.0), at(CONCENTRATION)), (Ok(low), Ok(high)) if high > low)
}

/// The fit of (r, α, a/b) with a + b fixed at `kappa`; the gradient follows from
/// the four-parameter one by the chain rule (a = κ·o/(1 + o), b = κ/(1 + o)).
fn fixed_concentration_fit(
    model: &'static str,
    shift: f64,
    grouped: &GroupedSummary,
    kappa: f64,
) -> Result<FitReport, ModelError> {
    let report = maximize_with_gradient(
        model,
        &["r", "alpha", "odds"],
        &[1.0, 1.0, 0.1],
        grouped.n_customers,
        |p, gradient| {
            let odds = p[2];
            let (a, b) = (kappa * odds / (1.0 + odds), kappa / (1.0 + odds));
            let mut full = [0.0; 4];
            let ll =
                grouped_log_likelihood([p[0], p[1], a, b], shift, grouped, Some(&mut full), None);
            gradient[0] = full[0];
            gradient[1] = full[1];
            gradient[2] = (full[2] - full[3]) * kappa / ((1.0 + odds) * (1.0 + odds));
            ll
        },
    )?;
    let odds = report.param("odds").unwrap_or(f64::NAN);
    // Delta method: a and b move together with the odds, by κ/(1 + o)² per unit.
    let se_ab =
        report.standard_error("odds").unwrap_or(f64::NAN) * kappa / ((1.0 + odds) * (1.0 + odds));
    let keep = |name: &str| (name.to_string(), report.param(name).unwrap_or(f64::NAN));
    let keep_se = |name: &str| {
        (
            name.to_string(),
            report.standard_error(name).unwrap_or(f64::NAN),
        )
    };
    Ok(FitReport {
        params: vec![
            keep("r"),
            keep("alpha"),
            ("a".into(), kappa * odds / (1.0 + odds)),
            ("b".into(), kappa / (1.0 + odds)),
        ],
        standard_errors: vec![
            keep_se("r"),
            keep_se("alpha"),
            ("a".into(), se_ab),
            ("b".into(), se_ab),
        ],
        ..report
    })
}

/// The limiting model of a fit whose maximum lies at a, b → ∞: a + b fixed at
/// [`CONCENTRATION`], so that every customer has (to about 1 %) the same dropout
/// probability a/(a + b). Its three free parameters must converge like any fit.
fn homogeneous_dropout_fit(
    model: &'static str,
    shift: f64,
    grouped: &GroupedSummary,
) -> Result<FitReport, ModelError> {
    let report = fixed_concentration_fit(model, shift, grouped, CONCENTRATION)?;
    let p = report.param("a").unwrap_or(f64::NAN) / CONCENTRATION;
    Ok(FitReport {
        note: Some(format!(
            "the likelihood rises as a and b grow without bound: every customer drops out with about the same probability {p:.4} after a purchase; a + b is fixed at {CONCENTRATION:.0}"
        )),
        ..report
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<RfmRow> {
        vec![
            RfmRow::new(0, 0.0, 30.0),
            RfmRow::new(2, 20.0, 38.0),
            RfmRow::new(1, 5.0, 12.0),
            RfmRow::new(7, 33.0, 35.0),
            RfmRow::new(2, 20.0, 38.0),
            RfmRow::new(0, 0.0, 8.0),
        ]
    }

    #[test]
    fn the_analytic_gradient_matches_central_differences() {
        let grouped = GroupedSummary::new(&sample());
        for shift in [0.0, 1.0] {
            let at = [0.7, 5.0, 0.9, 2.3];
            let mut gradient = [0.0; 4];
            grouped_log_likelihood(at, shift, &grouped, Some(&mut gradient), None);
            for i in 0..4 {
                let h = 1e-6 * at[i];
                let mut up = at;
                up[i] += h;
                let mut down = at;
                down[i] -= h;
                let numeric = (grouped_log_likelihood(up, shift, &grouped, None, None)
                    - grouped_log_likelihood(down, shift, &grouped, None, None))
                    / (2.0 * h);
                assert!(
                    (gradient[i] - numeric).abs() < 1e-6 * (1.0 + numeric.abs()),
                    "shift {shift}, parameter {i}: {} vs {numeric}",
                    gradient[i]
                );
            }
        }
    }

    #[test]
    fn the_analytic_hessian_matches_differences_of_the_gradient() {
        let grouped = GroupedSummary::new(&sample());
        for shift in [0.0, 1.0] {
            let at = [0.7, 5.0, 0.9, 2.3];
            let mut hessian = [0.0; 16];
            let mut gradient = [0.0; 4];
            grouped_log_likelihood(at, shift, &grouped, Some(&mut gradient), Some(&mut hessian));
            for i in 0..4 {
                let h = 1e-6 * at[i];
                let (mut up, mut down) = (at, at);
                up[i] += h;
                down[i] -= h;
                let (mut g_up, mut g_down) = ([0.0; 4], [0.0; 4]);
                grouped_log_likelihood(up, shift, &grouped, Some(&mut g_up), None);
                grouped_log_likelihood(down, shift, &grouped, Some(&mut g_down), None);
                for j in 0..4 {
                    let numeric = (g_up[j] - g_down[j]) / (2.0 * h);
                    assert!(
                        (hessian[i * 4 + j] - numeric).abs() < 1e-5 * (1.0 + numeric.abs()),
                        "shift {shift}, ({i}, {j}): {} vs {numeric}",
                        hessian[i * 4 + j]
                    );
                }
            }
        }
    }

    #[test]
    fn the_chunked_evaluation_matches_the_sum_over_customers() {
        // Enough distinct groups to be split into chunks.
        let rows: Vec<RfmRow> = (0..3 * CHUNK + 17)
            .map(|i| {
                let age = 10.0 + (i % 997) as f64 / 7.0;
                let x = (i % 13) as u64;
                let recency = if x == 0 {
                    0.0
                } else {
                    age * ((i % 7) as f64 / 7.0)
                };
                RfmRow::new(x, recency, age)
            })
            .collect();
        let grouped = GroupedSummary::new(&rows);
        assert!(grouped.groups.len() > 2 * CHUNK);
        let at = [0.25, 4.4, 0.8, 2.4];
        let whole = grouped_log_likelihood(at, 0.0, &grouped, None, None);
        let one_by_one: f64 = rows
            .iter()
            .map(|row| {
                super::super::BgNbd {
                    r: at[0],
                    alpha: at[1],
                    a: at[2],
                    b: at[3],
                }
                .ln_likelihood(row.frequency as f64, row.recency, row.age)
            })
            .sum();
        assert!(
            (whole - one_by_one).abs() < 1e-9 * one_by_one.abs(),
            "{whole} {one_by_one}"
        );
    }
}
