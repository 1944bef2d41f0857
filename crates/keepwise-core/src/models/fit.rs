//! Maximum-likelihood machinery shared by every value model: grouping of
//! identical sufficient statistics, a search on log-parameters (so every
//! parameter stays positive), a convergence verdict, and standard errors.
//!
//! Two searches: [`maximize_with_gradient`] for models with an analytic
//! gradient (BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma) runs BFGS on the
//! per-customer log-likelihood, polishes with a Newton step on the Hessian
//! taken from differences of the analytic gradient, and falls back to a
//! Nelder-Mead restart when BFGS stalls; [`maximize`] for the small models
//! (BG/BB, sBG) runs Nelder-Mead then BFGS on numerical gradients.
//!
//! Written here rather than taken from an optimizer crate: the models have at
//! most four parameters, and a few hundred lines keep the build small.

use serde::{Serialize, Serializer};

/// Hash tables keyed by numbers: foldhash mixes every input bit into the
/// bucket index. FxHash does not, and on the bit patterns of times such as
/// k/7 weeks its buckets collide so often that interning took ten times as long.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// Why a model could not be fitted or evaluated. A fit that did not converge is
/// an error: it never yields numbers.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    #[error(
        "{model}: {found} usable customers, the fit needs at least {needed}; import more history or use a longer window"
    )]
    TooFewCustomers {
        model: &'static str,
        needed: usize,
        found: usize,
    },
    #[error("{model}: row {row}: {reason}")]
    InvalidRow {
        model: &'static str,
        row: usize,
        reason: String,
    },
    #[error(
        "{model}: the maximum-likelihood fit did not converge after {iterations} iterations ({reason}); check that the summary uses one time unit throughout and that recency ≤ T"
    )]
    NotConverged {
        model: &'static str,
        iterations: u32,
        reason: String,
    },
    /// The likelihood rises towards a limit outside the model's parameter space.
    #[error("{model}: no maximum-likelihood fit to report: {reason}")]
    NoFiniteOptimum { model: &'static str, reason: String },
    #[error("{what}: {reason}")]
    InvalidArgument { what: &'static str, reason: String },
}

/// The outcome of a converged maximum-likelihood fit, in the paper's parameter names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitReport {
    /// Model name as used on the command line (`bg-nbd`, `pareto-nbd`, …).
    pub model: String,
    /// Fitted parameters in the order of the paper (`r, alpha, a, b` …).
    #[serde(serialize_with = "as_ordered_map")]
    pub params: Vec<(String, f64)>,
    /// Log-likelihood of the whole customer base at the fitted parameters,
    /// in the data's own time units (comparable with published values).
    pub log_likelihood: f64,
    /// Customers (or contracts) that entered the fit.
    pub n_customers: u64,
    /// Always true: a fit that did not converge is returned as an error.
    pub converged: bool,
    /// Optimizer iterations (Nelder-Mead plus BFGS).
    pub iterations: u32,
    /// Asymptotic standard errors from the inverse numerical Hessian.
    #[serde(serialize_with = "as_ordered_map")]
    pub standard_errors: Vec<(String, f64)>,
    /// Set when the maximum lies on the boundary of the parameter space and the
    /// limiting model was fitted instead (what the parameters then mean).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl FitReport {
    /// The fitted value of the named parameter.
    pub fn param(&self, name: &str) -> Option<f64> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
    }

    /// The standard error of the named parameter.
    pub fn standard_error(&self, name: &str) -> Option<f64> {
        self.standard_errors
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| *v)
    }
}

fn as_ordered_map<S: Serializer>(pairs: &[(String, f64)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}

/// Rows above which grouping and per-customer preparation run on several
/// threads: below, a fit is done before threads would have started.
pub(crate) const PARALLEL_ROWS: usize = 65_536;

/// Sorts grouping keys, in parallel on large bases.
fn sort_keys<T: Ord + Send>(keys: &mut [T]) {
    use rayon::prelude::*;
    if keys.len() > PARALLEL_ROWS {
        keys.par_sort_unstable();
    } else {
        keys.sort_unstable();
    }
}

/// One distinct (x, t_x, T) summary with the number of customers sharing it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Group {
    pub frequency: f64,
    pub recency: f64,
    pub age: f64,
    pub weight: f64,
}

/// Collapses identical (x, t_x, T) triples into weighted groups: a base of a
/// million customers with day-granular dates has far fewer distinct triples.
/// The triples are sorted (in parallel, stably, so that weights add up in input
/// order) and identical ones are runs; the groups come out in ascending order.
pub fn group_triples(rows: impl Iterator<Item = (f64, f64, f64, f64)>) -> Vec<Group> {
    use rayon::prelude::*;
    let mut keyed: Vec<([u64; 3], f64)> = rows
        .map(|(x, t_x, age, weight)| ([x.to_bits(), t_x.to_bits(), age.to_bits()], weight))
        .collect();
    // Bit patterns order non-negative numbers as their values do; any order
    // would do for grouping.
    keyed.par_sort_by_key(|(key, _)| *key);
    keyed
        .chunk_by(|a, b| a.0 == b.0)
        .map(|run| Group {
            frequency: f64::from_bits(run[0].0[0]),
            recency: f64::from_bits(run[0].0[1]),
            age: f64::from_bits(run[0].0[2]),
            weight: run.iter().map(|(_, w)| w).sum(),
        })
        .collect()
}

/// A purchase summary grouped for fast likelihoods: customers with identical
/// (x, t_x, T) share one weighted group, and the distinct values of x, of time
/// (t_x and T together) and of (x, time) pairs are tabulated, so that ln Γ, ln
/// and ₂F₁ are evaluated once per distinct value instead of once per customer.
/// With day-granular dates a million customers have a few hundred distinct
/// times and x values.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupedSummary {
    /// Distinct frequencies x.
    pub frequencies: Vec<f64>,
    /// Customers with each distinct frequency (same order as `frequencies`):
    /// the terms that depend on x alone are summed once per x with this weight.
    pub frequency_weights: Vec<f64>,
    /// Distinct time values (recencies and ages).
    pub times: Vec<f64>,
    /// Distinct (frequency index, time index) pairs that occur as (x, t_x) or (x, T).
    pub pairs: Vec<(u32, u32)>,
    pub groups: Vec<GroupedRow>,
    pub n_customers: u64,
}

/// One group of a [`GroupedSummary`], by index into its tables.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupedRow {
    pub frequency: u32,
    pub recency: u32,
    pub age: u32,
    pub recency_pair: u32,
    pub age_pair: u32,
    pub weight: f64,
}

impl GroupedSummary {
    /// Groups `rows` (which the caller has validated).
    ///
    /// x and both times are numbered on first sight in small hash tables (a
    /// few hundred entries, always in cache); each customer becomes one packed
    /// integer key (x, recency and age numbers), the keys are sorted in
    /// parallel and identical triples are runs. Sorting reads and writes memory
    /// in order, where a hash table of a third of a million groups would miss
    /// the cache on almost every customer. The groups come out in key order,
    /// which depends only on the rows, so every evaluation sums in the same
    /// order on any number of threads.
    pub fn new(rows: &[super::rfm::RfmRow]) -> GroupedSummary {
        let mut s = GroupedSummary {
            frequencies: Vec::new(),
            frequency_weights: Vec::new(),
            times: Vec::new(),
            pairs: Vec::new(),
            groups: Vec::new(),
            n_customers: rows.len() as u64,
        };
        let mut x_index: HashMap<u64, u32> = HashMap::default();
        let mut time_index: HashMap<u64, u32> = HashMap::default();
        let numbered: Vec<[u32; 3]> = rows
            .iter()
            .map(|r| {
                let x = *x_index.entry(r.frequency).or_insert_with(|| {
                    s.frequencies.push(r.frequency as f64);
                    (s.frequencies.len() - 1) as u32
                });
                let mut time = |t: f64| -> u32 {
                    *time_index.entry(t.to_bits()).or_insert_with(|| {
                        s.times.push(t);
                        (s.times.len() - 1) as u32
                    })
                };
                [x, time(r.recency), time(r.age)]
            })
            .collect();
        // 64-bit keys when the numbers fit (x below 2²², times below 2²¹, as
        // with any day-granular summary), 128-bit otherwise.
        let runs: Vec<([u32; 3], u32)> =
            if s.frequencies.len() <= 1 << 22 && s.times.len() <= 1 << 21 {
                let mut keys: Vec<u64> = numbered
                    .iter()
                    .map(|&[x, t, a]| (u64::from(x) << 42) | (u64::from(t) << 21) | u64::from(a))
                    .collect();
                sort_keys(&mut keys);
                let mask = (1u64 << 21) - 1;
                keys.chunk_by(|a, b| a == b)
                    .map(|run| {
                        let k = run[0];
                        (
                            [
                                (k >> 42) as u32,
                                ((k >> 21) & mask) as u32,
                                (k & mask) as u32,
                            ],
                            run.len() as u32,
                        )
                    })
                    .collect()
            } else {
                let mut keys: Vec<[u32; 3]> = numbered.clone();
                sort_keys(&mut keys);
                keys.chunk_by(|a, b| a == b)
                    .map(|run| (run[0], run.len() as u32))
                    .collect()
            };
        drop(numbered);
        s.frequency_weights = vec![0.0; s.frequencies.len()];
        s.groups = runs
            .into_iter()
            .map(|([x, recency, age], count)| {
                s.frequency_weights[x as usize] += f64::from(count);
                GroupedRow {
                    frequency: x,
                    recency,
                    age,
                    recency_pair: 0,
                    age_pair: 0,
                    weight: f64::from(count),
                }
            })
            .collect();
        // (x, time) pairs numbered on first sight: in a dense table when it is
        // small (a few hundred x by a few hundred times), hashed otherwise.
        let n_t = s.times.len();
        let dense = s.frequencies.len() * n_t <= 1 << 22;
        let mut dense_pairs: Vec<u32> = if dense {
            vec![u32::MAX; s.frequencies.len() * n_t]
        } else {
            Vec::new()
        };
        let mut sparse_pairs: HashMap<(u32, u32), u32> = HashMap::default();
        let pairs = &mut s.pairs;
        let mut pair = |x: u32, t: u32| -> u32 {
            let slot = if dense {
                &mut dense_pairs[x as usize * n_t + t as usize]
            } else {
                sparse_pairs.entry((x, t)).or_insert(u32::MAX)
            };
            if *slot == u32::MAX {
                *slot = pairs.len() as u32;
                pairs.push((x, t));
            }
            *slot
        };
        for g in &mut s.groups {
            g.recency_pair = pair(g.frequency, g.recency);
            g.age_pair = pair(g.frequency, g.age);
        }
        s
    }
}

/// Largest gradient component of the mean log-likelihood per customer, in
/// log-parameters, at which a fit with an analytic gradient is accepted.
const GRADIENT_ACCEPT: f64 = 1e-7;

/// Largest |log-parameter|: e^±40 is far outside any meaningful fit.
const LOG_PARAM_LIMIT: f64 = 40.0;

/// Maximises `log_likelihood` (a function of the natural, positive parameters)
/// from `start`, and reports the fit under `names`.
pub fn maximize(
    model: &'static str,
    names: &[&str],
    start: &[f64],
    n_customers: u64,
    log_likelihood: impl Fn(&[f64]) -> f64,
) -> Result<FitReport, ModelError> {
    let objective = |phi: &[f64]| -> f64 {
        if phi
            .iter()
            .any(|p| !p.is_finite() || p.abs() > LOG_PARAM_LIMIT)
        {
            return f64::INFINITY;
        }
        let theta: Vec<f64> = phi.iter().map(|p| p.exp()).collect();
        let ll = log_likelihood(&theta);
        if ll.is_finite() { -ll } else { f64::INFINITY }
    };
    let phi0: Vec<f64> = start.iter().map(|v| v.ln()).collect();
    if !objective(&phi0).is_finite() {
        return Err(ModelError::NotConverged {
            model,
            iterations: 0,
            reason: "the log-likelihood is not finite at the starting values".into(),
        });
    }
    let (phi_nm, _, nm_iterations) = nelder_mead(&objective, &phi0, 0.5, 400 * names.len(), 1e-6);
    let outcome = bfgs(&objective, &phi_nm, 500);
    let iterations = (nm_iterations + outcome.iterations) as u32;
    let f = outcome.value;
    let max_gradient = outcome.gradient.iter().fold(0.0f64, |m, g| m.max(g.abs()));
    let accept = 1e-5 * (1.0 + f.abs());
    if !f.is_finite() || max_gradient.is_nan() || max_gradient > accept {
        return Err(ModelError::NotConverged {
            model,
            iterations,
            reason: format!("largest gradient component {max_gradient:.3e} exceeds {accept:.3e}"),
        });
    }
    let theta: Vec<f64> = outcome.point.iter().map(|p| p.exp()).collect();
    let hessian = numerical_hessian(&objective, &outcome.point, 1e-4);
    let Some(inverse) = invert_positive_definite(&hessian) else {
        return Err(ModelError::NotConverged {
            model,
            iterations,
            reason: "the Hessian at the optimum is not positive definite (a parameter is not identified)"
                .into(),
        });
    };
    // Delta method: θ = e^φ, so Var(θ_i) = θ_i² Var(φ_i).
    let standard_errors = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.to_string(), theta[i] * inverse[i][i].max(0.0).sqrt()))
        .collect();
    Ok(FitReport {
        model: model.to_string(),
        params: names
            .iter()
            .zip(&theta)
            .map(|(n, v)| (n.to_string(), *v))
            .collect(),
        log_likelihood: -f,
        n_customers,
        converged: true,
        iterations,
        standard_errors,
        note: None,
    })
}

/// Maximises a log-likelihood that comes with its analytic gradient.
/// `log_likelihood(θ, gradient)` returns ln L at the natural (positive)
/// parameters θ and writes ∂ ln L/∂θ into `gradient`.
///
/// The search runs on φ = ln θ and on ln L divided by the number of customers,
/// so that its tolerances mean the same for a hundred customers and for a
/// million: the fit is accepted when no log-parameter can move the mean
/// log-likelihood per customer by more than 1e-7 per unit (or the whole
/// log-likelihood by more than 1e-3, which only matters below 10,000 customers).
pub fn maximize_with_gradient(
    model: &'static str,
    names: &[&str],
    start: &[f64],
    n_customers: u64,
    log_likelihood: impl Fn(&[f64], &mut [f64]) -> f64,
) -> Result<FitReport, ModelError> {
    maximize_with_gradient_from(model, names, start, None, n_customers, log_likelihood)
        .map(|(report, _)| report)
}

/// The inverse Hessian of the mean negative log-likelihood per customer in
/// log-parameters φ = ln θ, at the optimum of a fit: the same for a base and
/// for a fair sample of it, up to sampling error.
pub type InverseHessian = Vec<Vec<f64>>;

/// [`maximize_with_gradient`] from a warm start: `inverse_hessian` (when given)
/// seeds BFGS's curvature, typically taken from the fit of a sample of the same
/// base at whose optimum `start` lies; BFGS then converges in a few iterations.
/// Returns the report and the inverse Hessian at the optimum.
pub fn maximize_with_gradient_from(
    model: &'static str,
    names: &[&str],
    start: &[f64],
    inverse_hessian: Option<&InverseHessian>,
    n_customers: u64,
    log_likelihood: impl Fn(&[f64], &mut [f64]) -> f64,
) -> Result<(FitReport, InverseHessian), ModelError> {
    let n = names.len();
    let scale = 1.0 / (n_customers.max(1) as f64);
    // Objective and gradient in φ, per customer.
    let objective = |phi: &[f64], gradient: &mut [f64]| -> f64 {
        if phi
            .iter()
            .any(|p| !p.is_finite() || p.abs() > LOG_PARAM_LIMIT)
        {
            gradient.iter_mut().for_each(|g| *g = f64::NAN);
            return f64::INFINITY;
        }
        let theta: Vec<f64> = phi.iter().map(|p| p.exp()).collect();
        let ll = log_likelihood(&theta, gradient);
        for (g, t) in gradient.iter_mut().zip(&theta) {
            *g *= -t * scale;
        }
        if ll.is_finite() && gradient.iter().all(|g| g.is_finite()) {
            -ll * scale
        } else {
            f64::INFINITY
        }
    };
    let value_only = |phi: &[f64]| -> f64 {
        let mut g = vec![0.0; phi.len()];
        objective(phi, &mut g)
    };
    let phi0: Vec<f64> = start.iter().map(|v| v.ln()).collect();
    if !value_only(&phi0).is_finite() {
        return Err(ModelError::NotConverged {
            model,
            iterations: 0,
            reason: "the log-likelihood is not finite at the starting values".into(),
        });
    }
    // On a small base the mean's last digits are rounding: a gradient of the whole
    // log-likelihood below 1e-3 per unit log-parameter is converged as well.
    let accept = GRADIENT_ACCEPT.max(1e-3 * scale);
    // BFGS may stop at a tenth of the acceptance threshold: the Newton step
    // below takes the gradient from there to rounding in one evaluation, where
    // BFGS would spend several.
    let stop_at = 0.1 * accept;
    let mut outcome = bfgs_with_gradient(&objective, &phi0, inverse_hessian, 200, stop_at);
    let mut iterations = outcome.iterations;
    let largest = |g: &[f64]| g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let first_accepted = largest(&outcome.gradient) <= accept;
    if !first_accepted {
        // BFGS stalled (a ridge or a poor start): restart from the simplex's best point.
        let (phi_nm, _, nm_iterations) =
            nelder_mead(&value_only, &outcome.point, 0.5, 100 * n, 1e-10);
        let second = bfgs_with_gradient(&objective, &phi_nm, None, 200, stop_at);
        iterations += nm_iterations + second.iterations;
        if second.value <= outcome.value || !outcome.value.is_finite() {
            outcome = second;
        }
    }
    let mut hessian = gradient_hessian(&objective, &outcome.point, &outcome.gradient);
    // One Newton step from the BFGS point sharpens the optimum to the precision
    // of the gradient (BFGS stops once the gradient is small, not the error).
    if let Some(inverse) = invert_positive_definite(&hessian) {
        let step = descent_step(&inverse, &outcome.gradient);
        let candidate: Vec<f64> = (0..n).map(|i| outcome.point[i] + step[i]).collect();
        let mut g = vec![0.0; n];
        let v = objective(&candidate, &mut g);
        if v.is_finite() && v <= outcome.value && largest(&g) <= largest(&outcome.gradient) {
            outcome.point = candidate;
            outcome.value = v;
            outcome.gradient = g;
            // A short step (the usual case: BFGS stopped next to the optimum)
            // keeps the Hessian of the BFGS point, which then differs from the
            // new one by far less than the standard errors' own precision.
            if largest(&step) > 1e-4 {
                hessian = gradient_hessian(&objective, &outcome.point, &outcome.gradient);
            }
        }
    }
    converged_report(
        model,
        names,
        &outcome,
        &hessian,
        n_customers,
        iterations,
        accept,
    )
}

/// The report of a search that ended at `outcome` (in φ = ln θ, per customer),
/// with `hessian` there, or why it cannot be reported: a gradient above
/// `accept`, or a Hessian that is not positive definite.
fn converged_report(
    model: &'static str,
    names: &[&str],
    outcome: &BfgsOutcome,
    hessian: &[Vec<f64>],
    n_customers: u64,
    iterations: usize,
    accept: f64,
) -> Result<(FitReport, InverseHessian), ModelError> {
    let scale = 1.0 / (n_customers.max(1) as f64);
    let iterations = iterations as u32;
    let max_gradient = outcome.gradient.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    if !outcome.value.is_finite() || max_gradient.is_nan() || max_gradient > accept {
        return Err(ModelError::NotConverged {
            model,
            iterations,
            reason: format!(
                "largest gradient component of the mean log-likelihood per customer {max_gradient:.3e} exceeds {accept:.1e}"
            ),
        });
    }
    let Some(inverse) = invert_positive_definite(hessian) else {
        return Err(ModelError::NotConverged {
            model,
            iterations,
            reason: "the Hessian at the optimum is not positive definite (a parameter is not identified)"
                .into(),
        });
    };
    let theta: Vec<f64> = outcome.point.iter().map(|p| p.exp()).collect();
    // The Hessian is per customer: the whole base's information is n times it.
    // Delta method: θ = e^φ, so Var(θ_i) = θ_i² Var(φ_i).
    let standard_errors = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            (
                name.to_string(),
                theta[i] * (inverse[i][i] * scale).max(0.0).sqrt(),
            )
        })
        .collect();
    let report = FitReport {
        model: model.to_string(),
        params: names
            .iter()
            .zip(&theta)
            .map(|(name, v)| (name.to_string(), *v))
            .collect(),
        log_likelihood: -outcome.value / scale,
        n_customers,
        converged: true,
        iterations,
        standard_errors,
        note: None,
    };
    Ok((report, inverse))
}

/// Maximises a log-likelihood that comes with its analytic gradient and
/// Hessian: `log_likelihood(θ, gradient, hessian)` returns ln L at the natural
/// (positive) parameters θ, writes ∂ ln L/∂θ into `gradient` and, when asked,
/// ∂² ln L/∂θ² (row-major, n × n) into `hessian`.
///
/// Newton's method on φ = ln θ, on the mean log-likelihood per customer, with
/// a backtracking line search, and the Hessian shifted towards the identity
/// where it is not positive definite (far from the optimum): it converges
/// quadratically, in a handful of evaluations from a good start, and the
/// Hessian at the optimum, which the standard errors need, is the last
/// evaluation's. Should Newton fail, the gradient-only search of
/// [`maximize_with_gradient_from`] takes over. Accepted under the same
/// criterion as [`maximize_with_gradient`].
pub fn maximize_with_hessian(
    model: &'static str,
    names: &[&str],
    start: &[f64],
    n_customers: u64,
    log_likelihood: impl Fn(&[f64], &mut [f64], Option<&mut [f64]>) -> f64,
) -> Result<(FitReport, InverseHessian), ModelError> {
    let n = names.len();
    let scale = 1.0 / (n_customers.max(1) as f64);
    let accept = GRADIENT_ACCEPT.max(1e-3 * scale);
    let objective = |phi: &[f64], gradient: &mut [f64], hessian: &mut [Vec<f64>]| -> f64 {
        if phi
            .iter()
            .any(|p| !p.is_finite() || p.abs() > LOG_PARAM_LIMIT)
        {
            return f64::INFINITY;
        }
        let theta: Vec<f64> = phi.iter().map(|p| p.exp()).collect();
        let mut flat = vec![0.0; n * n];
        let ll = log_likelihood(&theta, gradient, Some(&mut flat));
        // Chain rule for θ = e^φ: ∂²/∂φᵢ∂φⱼ = θᵢθⱼ ∂²/∂θᵢ∂θⱼ + δᵢⱼ θᵢ ∂/∂θᵢ.
        for i in 0..n {
            for j in 0..n {
                let mut h = theta[i] * theta[j] * flat[i * n + j];
                if i == j {
                    h += theta[i] * gradient[i];
                }
                hessian[i][j] = -h * scale;
            }
        }
        for (g, t) in gradient.iter_mut().zip(&theta) {
            *g *= -t * scale;
        }
        let finite = gradient.iter().all(|g| g.is_finite())
            && hessian.iter().flatten().all(|h| h.is_finite());
        if ll.is_finite() && finite {
            -ll * scale
        } else {
            f64::INFINITY
        }
    };
    let phi0: Vec<f64> = start.iter().map(|v| v.ln()).collect();
    // A point where the gradient vanishes but the Hessian is not positive
    // definite is a saddle, not a maximum (Newton's steps can converge to
    // either): BFGS, which only ever goes uphill, searches from the start instead.
    if let Some((outcome, hessian)) = newton(&objective, &phi0, accept, 50)
        .filter(|(_, hessian)| invert_positive_definite(hessian).is_some())
    {
        let iterations = outcome.iterations;
        return converged_report(
            model,
            names,
            &outcome,
            &hessian,
            n_customers,
            iterations,
            accept,
        );
    }
    maximize_with_gradient_from(model, names, start, None, n_customers, |theta, gradient| {
        log_likelihood(theta, gradient, None)
    })
}

/// An objective in φ that writes its gradient and Hessian.
type ObjectiveWithHessian<'a> = dyn Fn(&[f64], &mut [f64], &mut [Vec<f64>]) -> f64 + 'a;

/// Newton's method with a backtracking line search; the Hessian is shifted by
/// μ·I (μ growing tenfold) until positive definite. Returns the point where
/// the largest gradient component is at most `accept`, with the Hessian there,
/// or `None` when a step finds no descent.
#[allow(clippy::needless_range_loop)] // index notation mirrors the matrix formulas
fn newton(
    f: &ObjectiveWithHessian<'_>,
    x0: &[f64],
    accept: f64,
    max_iterations: usize,
) -> Option<(BfgsOutcome, Vec<Vec<f64>>)> {
    let n = x0.len();
    let largest = |g: &[f64]| g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let mut x = x0.to_vec();
    let mut g = vec![0.0; n];
    let mut h = vec![vec![0.0; n]; n];
    let mut fx = f(&x, &mut g, &mut h);
    if !fx.is_finite() {
        return None;
    }
    let (mut g_new, mut h_new) = (vec![0.0; n], vec![vec![0.0; n]; n]);
    for iteration in 0..=max_iterations {
        if largest(&g) <= accept {
            // Accepted; where the Hessian still predicts a move of more than
            // 1e-7 in a log-parameter (a flat direction, or a point reached by
            // a long step), one more full Newton step takes the parameters to
            // rounding, as long as it does not make anything worse.
            if let Some(inverse) = invert_positive_definite(&h) {
                let step = descent_step(&inverse, &g);
                if largest(&step) > 1e-7 {
                    let candidate: Vec<f64> = (0..n).map(|i| x[i] + step[i]).collect();
                    let fc = f(&candidate, &mut g_new, &mut h_new);
                    if fc.is_finite()
                        && fc <= fx + 1e-14 * (1.0 + fx.abs())
                        && largest(&g_new) <= largest(&g)
                    {
                        x = candidate;
                        fx = fc;
                        std::mem::swap(&mut g, &mut g_new);
                        std::mem::swap(&mut h, &mut h_new);
                    }
                }
            }
            let outcome = BfgsOutcome {
                point: x,
                value: fx,
                gradient: g,
                iterations: iteration,
            };
            return Some((outcome, h));
        }
        if iteration == max_iterations {
            break;
        }
        let scale = (0..n).fold(0.0f64, |m, i| m.max(h[i][i].abs())).max(1e-12);
        let mut shift = 0.0;
        let inverse = loop {
            let shifted: Vec<Vec<f64>> = (0..n)
                .map(|i| {
                    (0..n)
                        .map(|j| h[i][j] + if i == j { shift } else { 0.0 })
                        .collect()
                })
                .collect();
            if let Some(inverse) = invert_positive_definite(&shifted) {
                break inverse;
            }
            shift = if shift == 0.0 {
                1e-4 * scale
            } else {
                shift * 10.0
            };
            if shift > 1e8 * scale {
                return None;
            }
        };
        let mut direction = descent_step(&inverse, &g);
        // Never move a log-parameter by more than 2 in one step.
        let longest = largest(&direction);
        if longest > 2.0 {
            direction.iter_mut().for_each(|d| *d *= 2.0 / longest);
        }
        let slope: f64 = direction.iter().zip(&g).map(|(d, gi)| d * gi).sum();
        let mut step = 1.0;
        let mut accepted = None;
        for _ in 0..30 {
            let candidate: Vec<f64> = (0..n).map(|i| x[i] + step * direction[i]).collect();
            let fc = f(&candidate, &mut g_new, &mut h_new);
            // Next to the optimum a full Newton step gains less than the rounding
            // of a sum over a million customers: allow for that rounding.
            if fc.is_finite() && fc <= fx + 1e-4 * step * slope + 1e-14 * (1.0 + fx.abs()) {
                accepted = Some((candidate, fc));
                break;
            }
            step *= 0.5;
        }
        let (x_new, f_new) = accepted?;
        x = x_new;
        fx = f_new;
        std::mem::swap(&mut g, &mut g_new);
        std::mem::swap(&mut h, &mut h_new);
    }
    None
}

/// Hessian of an objective from forward differences of its analytic gradient
/// (`gradient` is the one at `x`): one evaluation per parameter. The step of
/// 1e-5 in log-parameters leaves a relative error of about 1e-5, far below the
/// precision standard errors are quoted to.
#[allow(clippy::needless_range_loop)] // index notation mirrors the matrix formulas
fn gradient_hessian(
    f: &dyn Fn(&[f64], &mut [f64]) -> f64,
    x: &[f64],
    gradient: &[f64],
) -> Vec<Vec<f64>> {
    const STEP: f64 = 1e-5;
    let n = x.len();
    let mut columns = vec![vec![0.0; n]; n];
    let mut p = x.to_vec();
    let mut up = vec![0.0; n];
    for i in 0..n {
        p[i] = x[i] + STEP;
        f(&p, &mut up);
        p[i] = x[i];
        for j in 0..n {
            columns[i][j] = (up[j] - gradient[j]) / STEP;
        }
    }
    let mut hessian = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..n {
            hessian[i][j] = 0.5 * (columns[i][j] + columns[j][i]);
        }
    }
    hessian
}

/// BFGS with a backtracking (Armijo) line search on an analytic gradient.
fn bfgs_with_gradient(
    f: &dyn Fn(&[f64], &mut [f64]) -> f64,
    x0: &[f64],
    initial_inverse_hessian: Option<&InverseHessian>,
    max_iterations: usize,
    stop_at: f64,
) -> BfgsOutcome {
    let n = x0.len();
    let identity = |n: usize| -> Vec<Vec<f64>> {
        (0..n)
            .map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
            .collect()
    };
    let mut x = x0.to_vec();
    let mut g = vec![0.0; n];
    let mut fx = f(&x, &mut g);
    let seeded = initial_inverse_hessian.is_some_and(|h| h.len() == n);
    let mut h_inv = match initial_inverse_hessian {
        Some(h) if seeded => h.clone(),
        _ => identity(n),
    };
    let mut iterations = 0;
    let mut just_reset = false;
    let mut g_new = vec![0.0; n];
    while iterations < max_iterations {
        let gmax = g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        if gmax <= stop_at {
            break;
        }
        iterations += 1;
        let mut direction = descent_step(&h_inv, &g);
        let mut slope: f64 = direction.iter().zip(&g).map(|(d, gi)| d * gi).sum();
        if slope.is_nan() || slope >= 0.0 {
            h_inv = identity(n);
            direction = g.iter().map(|v| -v).collect();
            slope = -g.iter().map(|v| v * v).sum::<f64>();
        }
        // Never move a log-parameter by more than 2 in one step.
        let longest = direction.iter().fold(0.0f64, |m, d| m.max(d.abs()));
        let mut step = if longest > 2.0 { 2.0 / longest } else { 1.0 };
        let mut accepted = None;
        for _ in 0..40 {
            let candidate: Vec<f64> = (0..n).map(|i| x[i] + step * direction[i]).collect();
            let fc = f(&candidate, &mut g_new);
            if fc.is_finite() && fc <= fx + 1e-4 * step * slope {
                accepted = Some((candidate, fc));
                break;
            }
            step *= 0.5;
        }
        let Some((x_new, f_new)) = accepted else {
            // No descent left: at the optimum to rounding (a sum over a million
            // customers is not smooth below ~1e-13), or a reset is worth one try.
            if just_reset || gmax <= GRADIENT_ACCEPT {
                break;
            }
            h_inv = identity(n);
            just_reset = true;
            continue;
        };
        just_reset = false;
        let s: Vec<f64> = (0..n).map(|i| x_new[i] - x[i]).collect();
        let y: Vec<f64> = (0..n).map(|i| g_new[i] - g[i]).collect();
        let sy: f64 = s.iter().zip(&y).map(|(a, b)| a * b).sum();
        if sy > 1e-20 {
            if iterations == 1 && !seeded {
                // Scale the first inverse Hessian to the curvature seen along the step.
                let yy: f64 = y.iter().map(|v| v * v).sum();
                let gamma = sy / yy;
                h_inv = (0..n)
                    .map(|i| (0..n).map(|j| if i == j { gamma } else { 0.0 }).collect())
                    .collect();
            }
            let hy: Vec<f64> = (0..n)
                .map(|i| (0..n).map(|j| h_inv[i][j] * y[j]).sum())
                .collect();
            let yhy: f64 = y.iter().zip(&hy).map(|(a, b)| a * b).sum();
            for i in 0..n {
                for j in 0..n {
                    h_inv[i][j] +=
                        (sy + yhy) * s[i] * s[j] / (sy * sy) - (hy[i] * s[j] + s[i] * hy[j]) / sy;
                }
            }
        }
        let improvement = fx - f_new;
        x = x_new;
        fx = f_new;
        g.copy_from_slice(&g_new);
        if improvement <= 1e-13 * (1.0 + fx.abs()) && g.iter().all(|v| v.abs() <= GRADIENT_ACCEPT) {
            break;
        }
    }
    BfgsOutcome {
        point: x,
        value: fx,
        gradient: g,
        iterations,
    }
}

/// Nelder-Mead simplex search; returns the best point, its value and the iterations used.
fn nelder_mead(
    f: &dyn Fn(&[f64]) -> f64,
    x0: &[f64],
    step: f64,
    max_iterations: usize,
    ftol: f64,
) -> (Vec<f64>, f64, usize) {
    let n = x0.len();
    let mut simplex: Vec<(Vec<f64>, f64)> = Vec::with_capacity(n + 1);
    simplex.push((x0.to_vec(), f(x0)));
    for i in 0..n {
        let mut x = x0.to_vec();
        x[i] += step;
        let v = f(&x);
        simplex.push((x, v));
    }
    let mut iterations = 0;
    while iterations < max_iterations {
        iterations += 1;
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let best = simplex[0].1;
        let worst = simplex[n].1;
        if worst.is_finite() && (worst - best).abs() <= ftol * (1.0 + best.abs()) {
            break;
        }
        let centroid: Vec<f64> = (0..n)
            .map(|j| simplex[..n].iter().map(|(x, _)| x[j]).sum::<f64>() / n as f64)
            .collect();
        let along = |t: f64| -> Vec<f64> {
            (0..n)
                .map(|j| centroid[j] + t * (simplex[n].0[j] - centroid[j]))
                .collect()
        };
        let reflected = along(-1.0);
        let fr = f(&reflected);
        if fr < simplex[0].1 {
            let expanded = along(-2.0);
            let fe = f(&expanded);
            simplex[n] = if fe < fr {
                (expanded, fe)
            } else {
                (reflected, fr)
            };
        } else if fr < simplex[n - 1].1 {
            simplex[n] = (reflected, fr);
        } else {
            let contracted = if fr < worst { along(-0.5) } else { along(0.5) };
            let fc = f(&contracted);
            if fc < worst.min(fr) {
                simplex[n] = (contracted, fc);
            } else {
                let best_point = simplex[0].0.clone();
                for vertex in simplex.iter_mut().skip(1) {
                    let x: Vec<f64> = (0..n)
                        .map(|j| best_point[j] + 0.5 * (vertex.0[j] - best_point[j]))
                        .collect();
                    let v = f(&x);
                    *vertex = (x, v);
                }
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (x, v) = simplex.swap_remove(0);
    (x, v, iterations)
}

struct BfgsOutcome {
    point: Vec<f64>,
    value: f64,
    gradient: Vec<f64>,
    iterations: usize,
}

fn central_gradient(f: &dyn Fn(&[f64]) -> f64, x: &[f64]) -> Vec<f64> {
    let h = 1e-5;
    let mut x = x.to_vec();
    (0..x.len())
        .map(|i| {
            let keep = x[i];
            x[i] = keep + h;
            let up = f(&x);
            x[i] = keep - h;
            let down = f(&x);
            x[i] = keep;
            (up - down) / (2.0 * h)
        })
        .collect()
}

/// BFGS with a backtracking (Armijo) line search and central-difference gradients.
fn bfgs(f: &dyn Fn(&[f64]) -> f64, x0: &[f64], max_iterations: usize) -> BfgsOutcome {
    let n = x0.len();
    let identity = |n: usize| -> Vec<Vec<f64>> {
        (0..n)
            .map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
            .collect()
    };
    let mut x = x0.to_vec();
    let mut fx = f(&x);
    let mut g = central_gradient(f, &x);
    let mut h_inv = identity(n);
    let mut iterations = 0;
    let mut just_reset = false;
    while iterations < max_iterations {
        let gmax = g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        if gmax <= 1e-9 * (1.0 + fx.abs()) {
            break;
        }
        iterations += 1;
        let mut direction = descent_step(&h_inv, &g);
        let mut slope: f64 = direction.iter().zip(&g).map(|(d, gi)| d * gi).sum();
        if slope.is_nan() || slope >= 0.0 {
            h_inv = identity(n);
            direction = g.iter().map(|v| -v).collect();
            slope = -g.iter().map(|v| v * v).sum::<f64>();
        }
        // Never move a log-parameter by more than 2 in one step.
        let longest = direction.iter().fold(0.0f64, |m, d| m.max(d.abs()));
        let mut step = if longest > 2.0 { 2.0 / longest } else { 1.0 };
        let mut accepted = None;
        for _ in 0..60 {
            let candidate: Vec<f64> = (0..n).map(|i| x[i] + step * direction[i]).collect();
            let fc = f(&candidate);
            if fc.is_finite() && fc <= fx + 1e-4 * step * slope {
                accepted = Some((candidate, fc));
                break;
            }
            step *= 0.5;
        }
        let Some((x_new, f_new)) = accepted else {
            if just_reset {
                break;
            }
            h_inv = identity(n);
            just_reset = true;
            continue;
        };
        just_reset = false;
        let g_new = central_gradient(f, &x_new);
        let s: Vec<f64> = (0..n).map(|i| x_new[i] - x[i]).collect();
        let y: Vec<f64> = (0..n).map(|i| g_new[i] - g[i]).collect();
        let sy: f64 = s.iter().zip(&y).map(|(a, b)| a * b).sum();
        if sy > 1e-12 {
            let hy: Vec<f64> = (0..n)
                .map(|i| (0..n).map(|j| h_inv[i][j] * y[j]).sum())
                .collect();
            let yhy: f64 = y.iter().zip(&hy).map(|(a, b)| a * b).sum();
            for i in 0..n {
                for j in 0..n {
                    h_inv[i][j] +=
                        (sy + yhy) * s[i] * s[j] / (sy * sy) - (hy[i] * s[j] + s[i] * hy[j]) / sy;
                }
            }
        }
        let improvement = fx - f_new;
        x = x_new;
        fx = f_new;
        g = g_new;
        if improvement <= 1e-15 * (1.0 + fx.abs())
            && g.iter().all(|v| v.abs() <= 1e-6 * (1.0 + fx.abs()))
        {
            break;
        }
    }
    BfgsOutcome {
        point: x,
        value: fx,
        gradient: g,
        iterations,
    }
}

/// Central-difference Hessian of f at x with step h.
#[allow(clippy::needless_range_loop)] // index notation mirrors the matrix formulas
fn numerical_hessian(f: &dyn Fn(&[f64]) -> f64, x: &[f64], h: f64) -> Vec<Vec<f64>> {
    let n = x.len();
    let f0 = f(x);
    let at = |di: usize, si: f64, dj: usize, sj: f64| -> f64 {
        let mut p = x.to_vec();
        p[di] += si * h;
        p[dj] += sj * h;
        f(&p)
    };
    let mut hessian = vec![vec![0.0; n]; n];
    for i in 0..n {
        let mut p = x.to_vec();
        p[i] = x[i] + h;
        let up = f(&p);
        p[i] = x[i] - h;
        let down = f(&p);
        hessian[i][i] = (up - 2.0 * f0 + down) / (h * h);
        for j in 0..i {
            let v = (at(i, 1.0, j, 1.0) - at(i, 1.0, j, -1.0) - at(i, -1.0, j, 1.0)
                + at(i, -1.0, j, -1.0))
                / (4.0 * h * h);
            hessian[i][j] = v;
            hessian[j][i] = v;
        }
    }
    hessian
}

/// −H⁻¹·g: the quasi-Newton or Newton step for an (approximate) inverse
/// Hessian H⁻¹ and gradient g of the objective being minimized.
fn descent_step(inverse_hessian: &[Vec<f64>], gradient: &[f64]) -> Vec<f64> {
    inverse_hessian
        .iter()
        .map(|row| -row.iter().zip(gradient).map(|(h, g)| h * g).sum::<f64>())
        .collect()
}

/// Inverse of a symmetric positive-definite matrix by Cholesky; `None` if it is not.
#[allow(clippy::needless_range_loop)] // index notation mirrors the matrix formulas
pub fn invert_positive_definite(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = m.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = m[i][j] - (0..j).map(|k| l[i][k] * l[j][k]).sum::<f64>();
            if i == j {
                if s.is_nan() || s <= 0.0 || !s.is_finite() {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    // Solve L Lᵀ X = I column by column.
    let mut inverse = vec![vec![0.0; n]; n];
    for col in 0..n {
        let mut y = vec![0.0; n];
        for i in 0..n {
            let rhs = if i == col { 1.0 } else { 0.0 };
            y[i] = (rhs - (0..i).map(|k| l[i][k] * y[k]).sum::<f64>()) / l[i][i];
        }
        let mut x = vec![0.0; n];
        for i in (0..n).rev() {
            x[i] = (y[i] - (i + 1..n).map(|k| l[k][i] * x[k]).sum::<f64>()) / l[i][i];
        }
        for i in 0..n {
            inverse[i][col] = x[i];
        }
    }
    Some(inverse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maximize_finds_the_mode_of_a_gamma_likelihood_with_its_standard_error() {
        // ln L(θ) = 10 ln θ − 5 θ has its maximum at θ = 2 and observed
        // information 10/θ² = 2.5, so SE = 1/√2.5.
        let report = maximize("toy", &["theta"], &[0.3], 1, |p| {
            10.0 * p[0].ln() - 5.0 * p[0]
        })
        .unwrap();
        assert!((report.param("theta").unwrap() - 2.0).abs() < 1e-6);
        assert!((report.standard_error("theta").unwrap() - (1.0 / 2.5f64).sqrt()).abs() < 1e-4);
        assert!(report.converged);
    }

    #[test]
    fn newton_takes_an_accepted_fit_on_to_the_exact_optimum() {
        // ln L(θ) = 10 ln θ − 5 θ, maximum at θ = 2. One customer accepts a
        // gradient of 1e-3, where θ may still be off by about 1e-4: the fit
        // must not stop there.
        let (report, _) = maximize_with_hessian("toy", &["theta"], &[0.3], 1, |p, g, h| {
            g[0] = 10.0 / p[0] - 5.0;
            if let Some(h) = h {
                h[0] = -10.0 / (p[0] * p[0]);
            }
            10.0 * p[0].ln() - 5.0 * p[0]
        })
        .unwrap();
        let theta = report.param("theta").unwrap();
        assert!((theta - 2.0).abs() < 1e-9, "{theta}");
        assert!((report.standard_error("theta").unwrap() - (1.0 / 2.5f64).sqrt()).abs() < 1e-9);
    }

    #[test]
    fn maximize_refuses_an_unbounded_likelihood() {
        // ln L grows without bound as θ → ∞: there is no maximum to report.
        let err = maximize("toy", &["theta"], &[1.0], 1, |p| p[0].ln()).unwrap_err();
        assert!(matches!(err, ModelError::NotConverged { .. }));
    }

    #[test]
    fn identical_triples_collapse_into_one_weighted_group() {
        let rows = [
            (1.0, 2.0, 3.0, 1.0),
            (1.0, 2.0, 3.0, 2.0),
            (0.0, 0.0, 3.0, 1.0),
        ];
        let groups = group_triples(rows.into_iter());
        assert_eq!(groups.len(), 2);
        let shared = groups.iter().find(|g| g.frequency == 1.0).unwrap();
        assert_eq!(shared.weight, 3.0);
    }

    #[test]
    fn fit_report_serializes_params_as_an_ordered_object() {
        let report = FitReport {
            model: "bg-nbd".into(),
            params: vec![("r".into(), 1.0), ("alpha".into(), 2.0)],
            log_likelihood: -3.0,
            n_customers: 4,
            converged: true,
            iterations: 5,
            standard_errors: vec![("r".into(), 0.1), ("alpha".into(), 0.2)],
            note: None,
        };
        let json = serde_json::to_string(&report).unwrap();
        assert!(json.contains(r#""params":{"r":1.0,"alpha":2.0}"#), "{json}");
    }
}
