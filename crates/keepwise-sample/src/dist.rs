//! Small random distributions for the generator, written here so that the
//! output depends only on the seed and on this code (not on another crate's
//! sampling algorithm, which may change between versions).

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// The generator's random source: ChaCha8 gives the same stream on every platform.
pub type Rand = ChaCha8Rng;

/// A uniform number in `[0, 1)`.
pub fn unit(rng: &mut Rand) -> f64 {
    rng.random::<f64>()
}

/// True with probability `p`.
pub fn chance(rng: &mut Rand, p: f64) -> bool {
    unit(rng) < p
}

/// A uniform integer in `lo..=hi`.
pub fn between(rng: &mut Rand, lo: i64, hi: i64) -> i64 {
    if hi <= lo {
        lo
    } else {
        rng.random_range(lo..=hi)
    }
}

/// One element of a non-empty slice, uniformly.
pub fn pick<T: Copy>(rng: &mut Rand, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// One value of `(value, weight)` pairs, proportionally to the weights.
pub fn weighted<T: Copy>(rng: &mut Rand, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut ticket = rng.random_range(0..total);
    for (value, weight) in items {
        if ticket < *weight {
            return *value;
        }
        ticket -= weight;
    }
    items[items.len() - 1].0
}

/// A standard normal number (Box–Muller).
pub fn normal(rng: &mut Rand) -> f64 {
    let u1 = 1.0 - unit(rng); // (0, 1]: keeps ln finite
    let u2 = unit(rng);
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A lognormal number with median `median` and log-spread `sigma`.
pub fn lognormal(rng: &mut Rand, median: f64, sigma: f64) -> f64 {
    median * (sigma * normal(rng)).exp()
}

/// An exponential waiting time with the given rate (events per unit).
pub fn exponential(rng: &mut Rand, rate: f64) -> f64 {
    -(1.0 - unit(rng)).ln() / rate
}

/// A gamma number (Marsaglia–Tsang), shape `k > 0`, scale `theta`.
pub fn gamma(rng: &mut Rand, k: f64, theta: f64) -> f64 {
    if k < 1.0 {
        // Boost: Gamma(k) = Gamma(k + 1) * U^(1/k).
        let u = 1.0 - unit(rng);
        return gamma(rng, k + 1.0, theta) * u.powf(1.0 / k);
    }
    let d = k - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let x = normal(rng);
        let v = (1.0 + c * x).powi(3);
        if v <= 0.0 {
            continue;
        }
        let u = 1.0 - unit(rng);
        if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
            return d * v * theta;
        }
    }
}

/// A Poisson count with mean `lambda` (Knuth's method; fine for the small means used here).
pub fn poisson(rng: &mut Rand, lambda: f64) -> u32 {
    if lambda > 40.0 {
        return (lambda + lambda.sqrt() * normal(rng)).round().max(0.0) as u32;
    }
    let limit = (-lambda).exp();
    let mut product = unit(rng);
    let mut count = 0;
    while product > limit {
        product *= unit(rng);
        count += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn gamma_and_poisson_have_the_expected_means() {
        let mut rng = Rand::seed_from_u64(7);
        let n = 20_000;
        let gamma_mean: f64 = (0..n).map(|_| gamma(&mut rng, 2.0, 1.5)).sum::<f64>() / n as f64;
        assert!((gamma_mean - 3.0).abs() < 0.1, "gamma mean {gamma_mean}");
        let small_shape: f64 = (0..n).map(|_| gamma(&mut rng, 0.5, 2.0)).sum::<f64>() / n as f64;
        assert!((small_shape - 1.0).abs() < 0.06, "gamma mean {small_shape}");
        let poisson_mean: f64 =
            (0..n).map(|_| poisson(&mut rng, 3.0) as f64).sum::<f64>() / n as f64;
        assert!(
            (poisson_mean - 3.0).abs() < 0.06,
            "poisson mean {poisson_mean}"
        );
    }

    #[test]
    fn weighted_choice_follows_the_weights() {
        let mut rng = Rand::seed_from_u64(1);
        let hits = (0..10_000)
            .filter(|_| weighted(&mut rng, &[(true, 1), (false, 3)]))
            .count();
        assert!((2300..2700).contains(&hits), "hits {hits}");
    }
}
