//! Golden tests: the value models reproduce the published CDNOW, donations and
//! sBG figures and the cross-checks of `shared/reference/clv-tables.md`
//! ("own numpy" = an independent scipy fit on the same data; "lifetimes" =
//! the Python package lifetimes 0.11.3; CLVTools = the R package's test oracle).
//! Fixtures: `tests/fixtures/cdnow/` (see its SOURCE.md).

use std::path::PathBuf;

use chrono::NaiveDate;
use keepwise_core::models::rfm::Period;
use keepwise_core::models::{
    BgBbRow, FitReport, PurchaseModel, RfmBuilder, RfmRow, fit_bg_bb, fit_bg_nbd, fit_gamma_gamma,
    fit_mbg_nbd, fit_pareto_nbd, fit_sbg,
};

fn fixture(name: &str) -> String {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        "cdnow",
        name,
    ]
    .iter()
    .collect();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn csv_rows(name: &str) -> Vec<Vec<f64>> {
    fixture(name)
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.split(',')
                .map(|v| v.trim().parse::<f64>().unwrap())
                .collect()
        })
        .collect()
}

/// The 2,357-customer CDNOW summary shipped with lifetimes (2 decimals), with zbar.
fn cdnow_csv() -> Vec<RfmRow> {
    csv_rows("cdnow_customers_summary_with_transactions.csv")
        .iter()
        .map(|r| RfmRow {
            frequency: r[1] as u64,
            recency: r[2],
            age: r[3],
            monetary_value: r[4],
        })
        .collect()
}

/// The same summary re-derived from the raw log at full precision (CLVTools' input).
fn cdnow_full_precision() -> Vec<(RfmRow, f64)> {
    csv_rows("derived_cdnow_calibration_summary_full_precision.csv")
        .iter()
        .map(|r| {
            (
                RfmRow {
                    frequency: r[1] as u64,
                    recency: r[2],
                    age: r[3],
                    monetary_value: r[4],
                },
                r[5],
            )
        })
        .collect()
}

fn assert_rel(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        ((got - want) / want).abs() <= tol,
        "{what}: got {got}, want {want} (relative tolerance {tol})"
    );
}

fn assert_abs(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got}, want {want} (absolute tolerance {tol})"
    );
}

fn assert_params(report: &FitReport, want: &[(&str, f64)], tol: f64, absolute: bool) {
    for (name, value) in want {
        let got = report.param(name).unwrap();
        if absolute {
            assert_abs(name, got, *value, tol);
        } else {
            assert_rel(name, got, *value, tol);
        }
    }
}

#[test]
fn bg_nbd_reproduces_fader_hardie_lee_2005_on_cdnow() {
    let rows = cdnow_csv();
    let fit = fit_bg_nbd(&rows).unwrap();
    let report = &fit.report;
    assert!(report.converged);
    assert_eq!(report.n_customers, 2357);
    // Published (FHL 2005 §7): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
    assert_params(
        report,
        &[("r", 0.243), ("alpha", 4.414), ("a", 0.793), ("b", 2.426)],
        1e-3,
        true,
    );
    assert_abs("LL", report.log_likelihood, -9582.4, 0.05);
    // Own numpy on the same CSV.
    assert_params(
        report,
        &[
            ("r", 0.242593),
            ("alpha", 4.413531),
            ("a", 0.792886),
            ("b", 2.425754),
        ],
        1e-4,
        false,
    );
    assert_abs("LL", report.log_likelihood, -9582.4256, 1e-3);

    let m = fit.model;
    // Secondary values at the fit (lifetimes): E[Y(39) | 2, 30.43, 38.86], P(alive), E[X(t)].
    assert_abs(
        "E[Y(39)]",
        m.conditional_expected_purchases(39.0, 2.0, 30.43, 38.86),
        1.2259,
        1e-4,
    );
    assert_abs(
        "published E[Y(39)]",
        m.conditional_expected_purchases(39.0, 2.0, 30.43, 38.86),
        1.226,
        1e-3,
    );
    assert_abs("P(alive)", m.p_alive(2.0, 30.43, 38.86), 0.7266, 1e-4);
    for (t, want) in [(1.0, 0.05318), (39.0, 1.19502), (78.0, 1.85797)] {
        assert_rel("E[X(t)] lifetimes", m.expected_purchases(t), want, 1e-4);
    }
    // Hardie's spreadsheet, to the sheet's 4 decimals (its fit differs in the 5th digit).
    for (t, want) in [
        (0.1429, 0.0078),
        (1.0, 0.0532),
        (3.0, 0.1506),
        (31.8571, 1.0405),
        (32.0, 1.0437),
        (78.0, 1.8576),
    ] {
        assert_abs("E[X(t)] sheet", m.expected_purchases(t), want, 1.5e-3);
    }
}

#[test]
fn bg_nbd_on_the_full_precision_summary_matches_clvtools() {
    let rows: Vec<RfmRow> = cdnow_full_precision().into_iter().map(|(r, _)| r).collect();
    let fit = fit_bg_nbd(&rows).unwrap();
    // Own full-precision fit (CLVTools oracle 0.2425945, 4.4136019, 0.7929199, 2.4258881, −9582.429).
    assert_params(
        &fit.report,
        &[
            ("r", 0.2425945),
            ("alpha", 4.4136022),
            ("a", 0.7929219),
            ("b", 2.4259062),
        ],
        1e-4,
        false,
    );
    assert_abs("LL", fit.report.log_likelihood, -9582.4292, 1e-3);
    assert_abs("LL (CLVTools)", fit.report.log_likelihood, -9582.429, 1e-3);
}

#[test]
fn bg_nbd_forecasts_the_cdnow_holdout() {
    let data = cdnow_full_precision();
    let rows: Vec<RfmRow> = data.iter().map(|(r, _)| *r).collect();
    let m = fit_bg_nbd(&rows).unwrap().model;
    // The x = 0 group: 1,411 customers who made 334 holdout purchases (0.237 each);
    // the model expects 0.225 each (FHL 2005 report 0.23).
    let zero: Vec<&(RfmRow, f64)> = data.iter().filter(|(r, _)| r.frequency == 0).collect();
    assert_eq!(zero.len(), 1411);
    let actual: f64 = zero.iter().map(|(_, x_star)| x_star).sum();
    assert_eq!(actual, 334.0);
    let expected: f64 = zero
        .iter()
        .map(|(r, _)| m.conditional_expected_purchases(39.0, 0.0, 0.0, r.age))
        .sum::<f64>()
        / 1411.0;
    assert_abs("x = 0 group mean", expected, 0.225, 1e-3);
    assert_abs("x = 0 group mean (paper)", expected, 0.23, 0.01);
    // The whole base made 1,882 day-merged holdout purchases (clv-tables §2.1).
    let total_actual: f64 = data.iter().map(|(_, x_star)| x_star).sum();
    assert_eq!(total_actual, 1882.0);
}

#[test]
fn mbg_nbd_reproduces_btydplus_on_cdnow() {
    let fit = fit_mbg_nbd(&cdnow_csv()).unwrap();
    // Batislam et al. (2007) as computed by BTYDplus: 0.525, 6.183, 0.891, 1.614.
    assert_params(
        &fit.report,
        &[("r", 0.525), ("alpha", 6.183), ("a", 0.891), ("b", 1.614)],
        1e-3,
        true,
    );
    assert_params(
        &fit.report,
        &[
            ("r", 0.524838),
            ("alpha", 6.182993),
            ("a", 0.891356),
            ("b", 1.613999),
        ],
        1e-4,
        false,
    );
    assert_abs("LL", fit.report.log_likelihood, -9582.1327, 1e-3);
}

#[test]
fn pareto_nbd_reproduces_fader_hardie_lee_2005_on_cdnow() {
    let fit = fit_pareto_nbd(&cdnow_csv()).unwrap();
    let report = &fit.report;
    // Published: r = 0.553, α = 10.578, s = 0.606, β = 11.669, LL = −9595.0. β lies on a
    // flat ridge (SE 6.2), so s and β are compared relatively.
    assert_params(report, &[("r", 0.553), ("alpha", 10.578)], 1e-3, true);
    assert_params(report, &[("s", 0.606), ("beta", 11.669)], 1e-3, false);
    assert_abs("LL", report.log_likelihood, -9595.0, 0.05);
    // Own numpy on the same CSV (tolerances of clv-tables.md for the flat ridge).
    assert_params(
        report,
        &[("r", 0.553276), ("alpha", 10.577612)],
        1e-3,
        false,
    );
    assert_params(report, &[("s", 0.606213), ("beta", 11.667908)], 1e-2, false);
    assert_abs("LL", report.log_likelihood, -9594.9739, 1e-2);

    let m = fit.model;
    assert_abs(
        "E[Y(52) | 26, 30.86, 31]",
        m.conditional_expected_purchases(52.0, 26.0, 30.86, 31.0),
        25.46,
        0.01,
    );
    // BTYD's documentation computed these at its own fit (4th-digit differences): 1 %.
    let btyd = [
        0.0, 0.05078, 0.09916, 0.14543, 0.18980, 0.23247, 0.27361, 0.31335, 0.35181, 0.38909,
    ];
    for (t, want) in btyd.iter().enumerate() {
        assert_abs(
            "E[X(t)] BTYD",
            m.expected_purchases(t as f64),
            *want,
            0.01 * want,
        );
    }
    // lifetimes returns NaN here (test_conditional_expectation_underflow): 132 repeat
    // purchases over 200 weeks, the last at 200; ten more weeks at ~0.63 a week.
    let heavy = m.conditional_expected_purchases(10.0, 132.0, 200.0, 200.0);
    assert!(heavy.is_finite(), "{heavy}");
    assert!((5.5..6.6).contains(&heavy), "{heavy}");
    assert_abs(
        "P(alive) heavy buyer",
        m.p_alive(132.0, 200.0, 200.0),
        1.0,
        1e-9,
    );
}

#[test]
fn pareto_nbd_on_the_full_precision_summary_matches_clvtools_with_standard_errors() {
    let rows: Vec<RfmRow> = cdnow_full_precision().into_iter().map(|(r, _)| r).collect();
    let fit = fit_pareto_nbd(&rows).unwrap();
    let report = &fit.report;
    assert_params(
        report,
        &[("r", 0.553277), ("alpha", 10.577683)],
        1e-3,
        false,
    );
    assert_params(report, &[("s", 0.606240), ("beta", 11.668736)], 1e-2, false);
    assert_abs("LL", report.log_likelihood, -9594.9762, 1e-2);
    // CLVTools: SE 0.0476264, 0.8427222, 0.1872594, 6.2105448.
    for (name, se) in [
        ("r", 0.0476264),
        ("alpha", 0.8427222),
        ("s", 0.1872594),
        ("beta", 6.2105448),
    ] {
        assert_rel(name, report.standard_error(name).unwrap(), se, 0.05);
    }
}

#[test]
fn gamma_gamma_reproduces_fader_hardie_2013_on_cdnow() {
    let rows = cdnow_csv();
    let fit = fit_gamma_gamma(&rows).unwrap();
    assert_eq!(fit.report.n_customers, 946);
    assert_params(
        &fit.report,
        &[("p", 6.25), ("q", 3.74), ("gamma", 15.44)],
        1e-2,
        true,
    );
    assert_params(
        &fit.report,
        &[("p", 6.248803), ("q", 3.744588), ("gamma", 15.447746)],
        1e-4,
        false,
    );
    assert_abs("LL", fit.report.log_likelihood, -4055.9232, 1e-3);
    // Hardie's spreadsheet: E[M | x, m_x] for customers 1..10.
    let want = [
        24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17,
    ];
    for (row, w) in rows.iter().zip(want) {
        let got = fit
            .model
            .conditional_expected_average_value(row.frequency, row.monetary_value);
        assert_abs("E[M]", got, w, 0.01);
    }
}

#[test]
fn gamma_gamma_on_unrounded_spend_matches_clvtools_log_likelihood() {
    let rows: Vec<RfmRow> = cdnow_full_precision().into_iter().map(|(r, _)| r).collect();
    let fit = fit_gamma_gamma(&rows).unwrap();
    assert_params(
        &fit.report,
        &[("p", 6.249575), ("q", 3.744224), ("gamma", 15.443512)],
        1e-4,
        false,
    );
    assert_abs(
        "LL (CLVTools −4055.9177)",
        fit.report.log_likelihood,
        -4055.9177,
        1e-3,
    );
}

fn donations() -> Vec<BgBbRow> {
    csv_rows("donations.csv")
        .iter()
        .map(|r| BgBbRow {
            frequency: r[0] as u32,
            recency: r[1] as u32,
            n_periods: r[2] as u32,
            weight: r[3],
        })
        .collect()
}

#[test]
fn bg_bb_reproduces_fader_hardie_shang_2010_on_donations() {
    let rows = donations();
    let fit = fit_bg_bb(&rows).unwrap();
    assert_eq!(fit.report.n_customers, 11104);
    assert_params(
        &fit.report,
        &[
            ("alpha", 1.204),
            ("beta", 0.750),
            ("gamma", 0.657),
            ("delta", 2.783),
        ],
        1e-3,
        true,
    );
    assert_params(
        &fit.report,
        &[
            ("alpha", 1.203522),
            ("beta", 0.749716),
            ("gamma", 0.656718),
            ("delta", 2.783443),
        ],
        1e-4,
        false,
    );
    assert_abs("LL", fit.report.log_likelihood, -33225.5813, 1e-3);
    let m = fit.model;
    // Table 6: P(alive in 2002).
    assert_abs("P(alive | 0, 0)", m.p_alive(0, 0, 6), 0.11, 0.005);
    assert_abs("P(alive | 2, 4)", m.p_alive(2, 4, 6), 0.59, 0.005);
    assert_abs("P(alive | 6, 6)", m.p_alive(6, 6, 6), 0.93, 0.005);
    // Hardie's sheet: expected donors with 0 and 6 donations in 1996–2001 (C18, C24),
    // and the sum of conditional expectations over the next five years.
    assert_abs(
        "E[# with x = 0]",
        11104.0 * m.probability_of_transactions(0, 6),
        3454.9,
        0.1,
    );
    assert_abs(
        "E[# with x = 6]",
        11104.0 * m.probability_of_transactions(6, 6),
        1253.1,
        0.1,
    );
    let five_years: f64 = rows
        .iter()
        .map(|r| {
            r.weight * m.conditional_expected_transactions(5, r.frequency, r.recency, r.n_periods)
        })
        .sum();
    assert_abs("Σ E[X(6, 11)]", five_years, 12884.2, 0.1);
}

const REGULAR: [u64; 13] = [
    1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173,
];
const HIGH_END: [u64; 13] = [
    1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394,
];

#[test]
fn sbg_reproduces_fader_hardie_2007_for_both_segments() {
    for (name, data, published, own, ll, s12, retention) in [
        (
            "regular",
            REGULAR,
            (0.704, 1.182),
            (0.704077, 1.182043),
            -1680.2652,
            170.0,
            [
                0.627, 0.756, 0.819, 0.856, 0.880, 0.898, 0.911, 0.921, 0.929, 0.935, 0.941, 0.945,
            ],
        ),
        (
            "high end",
            HIGH_END,
            (0.668, 3.806),
            (0.668088, 3.806096),
            -1611.1581,
            378.0,
            [
                0.851, 0.878, 0.897, 0.911, 0.921, 0.930, 0.936, 0.942, 0.946, 0.950, 0.954, 0.957,
            ],
        ),
    ] {
        // The paper fits years 0..7 (K = 7) and projects years 8..12.
        let fit = fit_sbg(&data[..8]).unwrap();
        assert_params(
            &fit.report,
            &[("alpha", published.0), ("beta", published.1)],
            1e-3,
            true,
        );
        assert_params(
            &fit.report,
            &[("alpha", own.0), ("beta", own.1)],
            1e-4,
            false,
        );
        assert_abs(name, fit.report.log_likelihood, ll, 1e-3);
        let m = fit.model;
        assert_abs(name, 1000.0 * m.survival(12), s12, 0.1);
        // The paper: projections within 2 % (regular) and 4 % (high end) of the actual year 12.
        assert!((1000.0 * m.survival(12) / data[12] as f64 - 1.0).abs() < 0.042);
        for (t, r) in retention.iter().enumerate() {
            // Printed to 3 decimals: half a unit of the last digit plus rounding slack.
            assert_abs(name, m.retention(t as u32 + 1), *r, 6e-4);
        }
    }
}

#[test]
fn rfm_summary_from_the_raw_cdnow_log_equals_the_published_summary() {
    // CDNOW_sample.txt: master_id, customer_id, YYYYMMDD, number_of_cds, dollar_value.
    let mut builder = RfmBuilder::new(NaiveDate::from_ymd_opt(1997, 9, 30).unwrap(), Period::Week);
    for line in fixture("CDNOW_sample.txt")
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split_whitespace().collect();
        let date = NaiveDate::parse_from_str(f[2], "%Y%m%d").unwrap();
        builder.add(f[1], date, f[4].parse().unwrap());
    }
    let ours = builder.finish();
    let want = cdnow_full_precision();
    assert_eq!(ours.len(), 2357);
    let total: u64 = ours.iter().map(|(_, r)| r.frequency).sum();
    assert_eq!(total, 2457);
    for ((id, got), (expected, _)) in ours.iter().zip(&want) {
        assert_eq!(got.frequency, expected.frequency, "customer {id}");
        assert_abs(id, got.recency, expected.recency, 1e-9);
        assert_abs(id, got.age, expected.age, 1e-9);
        assert_abs(id, got.monetary_value, expected.monetary_value, 1e-9);
    }
}

#[test]
fn grouped_likelihoods_equal_the_per_customer_sums() {
    use keepwise_core::models::fit::GroupedSummary;
    use keepwise_core::models::{BgNbd, MbgNbd, ParetoNbd};
    let rows = cdnow_csv();
    let grouped = GroupedSummary::new(&rows);
    assert!(grouped.groups.len() < rows.len());
    let bg = BgNbd {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    };
    assert_abs(
        "BG/NBD",
        bg.grouped_log_likelihood(&grouped),
        bg.log_likelihood(&rows),
        1e-6,
    );
    // The published parameters give −9582.4268 on this CSV (clv-tables §4).
    assert_abs(
        "BG/NBD at published",
        bg.log_likelihood(&rows),
        -9582.4268,
        1e-3,
    );
    let mbg = MbgNbd {
        r: 0.525,
        alpha: 6.183,
        a: 0.891,
        b: 1.614,
    };
    assert_abs(
        "MBG/NBD",
        mbg.grouped_log_likelihood(&grouped),
        mbg.log_likelihood(&rows),
        1e-6,
    );
    assert_abs(
        "MBG/NBD at published",
        mbg.log_likelihood(&rows),
        -9582.1328,
        1e-3,
    );
    for p in [
        ParetoNbd {
            r: 0.553,
            alpha: 10.578,
            s: 0.606,
            beta: 11.669,
        },
        ParetoNbd {
            r: 0.553,
            alpha: 14.0,
            s: 0.606,
            beta: 9.0,
        },
    ] {
        assert_abs(
            "Pareto/NBD",
            p.grouped_log_likelihood(&grouped),
            p.log_likelihood(&rows),
            1e-6,
        );
    }
    let published = ParetoNbd {
        r: 0.553,
        alpha: 10.578,
        s: 0.606,
        beta: 11.669,
    };
    assert_abs(
        "Pareto/NBD at published",
        published.log_likelihood(&rows),
        -9594.9740,
        1e-3,
    );
}

/// Support contacts (tickets as events, weeks) of `keepwise generate --customers 2000
/// --seed 7` as of its last timestamp, written by `keepwise value --format json`.
/// Its BG/NBD likelihood rises without bound as a, b → ∞ (lifetimes 0.11.3 stops
/// there with "precision loss", ln a ≈ 12.7, ln b ≈ 16.2, and raises ConvergenceError).
#[test]
fn bg_nbd_fits_the_homogeneous_dropout_limit_when_the_maximum_is_on_the_boundary() {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        "sample",
        "support_contacts_2000_seed7.csv",
    ]
    .iter()
    .collect();
    let rows: Vec<RfmRow> = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let v: Vec<f64> = l.split(',').map(|f| f.parse().unwrap()).collect();
            RfmRow::new(v[1] as u64, v[2], v[3])
        })
        .collect();
    assert_eq!(rows.len(), 1521);
    let fit = fit_bg_nbd(&rows).unwrap();
    let report = &fit.report;
    assert!(report.converged);
    assert!(report.note.as_deref().unwrap().contains("same probability"));
    assert_abs("a + b", fit.model.a + fit.model.b, 1e4, 1e-6);
    // lifetimes' last point: a/(a + b) = 1/(1 + e^(16.15 − 12.65)).
    assert_abs("p", fit.model.a / (fit.model.a + fit.model.b), 0.0293, 1e-3);
    assert!(
        report
            .standard_errors
            .iter()
            .all(|(_, se)| se.is_finite() && *se > 0.0)
    );
    // The limit is no worse than any interior point: a + b = 100 fits less well.
    let interior = keepwise_core::models::BgNbd {
        a: 100.0 * fit.model.a / (fit.model.a + fit.model.b),
        b: 100.0 * fit.model.b / (fit.model.a + fit.model.b),
        ..fit.model
    };
    assert!(interior.log_likelihood(&rows) < report.log_likelihood);
    // MBG/NBD on the same base converges too (limit or interior), never a refusal.
    assert!(fit_mbg_nbd(&rows).unwrap().report.converged);
}
