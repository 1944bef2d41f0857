//! The value signal: a customer whose net long-term value is below zero.

use crate::money::to_f64;

use super::{Evidence, Signal, SignalInput, SignalName, ramp};

/// `value_destroyed`: net long-term value below zero, by a material amount.
///
/// The loss is measured against the segment's median positive net long-term value
/// (what a typical profitable peer brings): at `value_destroyed_min_share` of it
/// (default: as much as a typical peer brings) the signal is strong enough to act
/// on (0.5), at twice that it is full; from a quarter of the threshold it is a weak
/// sign to watch, and smaller losses raise nothing. With no profitable peer, any
/// loss counts fully.
pub fn value_destroyed(input: &SignalInput<'_>) -> Option<Signal> {
    let nltv = input.net_long_term_value;
    if nltv >= 0.0 || !nltv.is_finite() {
        return None;
    }
    let policy = &input.settings.policy;
    let chosen = input
        .norms
        .choose(input.segment(), crate::norms::Metric::NetLongTermValue);
    let typical = chosen.norm.map_or(0.0, |n| n.positive_median);
    let loss = -nltv;
    let strength = if typical > 0.0 {
        let m = policy.value_destroyed_min_share.max(0.01);
        let s = ramp(loss / typical, 0.25 * m, m, 2.0 * m);
        if s == 0.0 {
            return None;
        }
        s
    } else {
        1.0
    };
    let mut evidence = Evidence::default();
    evidence.figure("net long-term value", nltv);
    evidence.figure("typical profitable peer's value", typical);
    evidence.figure("gross margin (window)", to_f64(input.ledger.gross_margin));
    evidence.figure("cost to serve (window)", to_f64(input.ledger.cost_to_serve));
    evidence.figure(
        "net contribution (window)",
        to_f64(input.ledger.net_contribution),
    );
    evidence.explanation = format!(
        "Serving this customer is expected to lose {:.0} over the forecast horizon (net long-term value {:.0}){}; in the last {} days the margin was {} against a cost to serve of {}.",
        loss,
        nltv,
        if typical > 0.0 {
            format!(", where a typical profitable peer brings {typical:.0}")
        } else {
            String::new()
        },
        input.ledger.window_days,
        input.ledger.gross_margin.round_dp(2).normalize(),
        input.ledger.cost_to_serve.round_dp(2).normalize()
    );
    Some(Signal {
        name: SignalName::ValueDestroyed,
        strength,
        severe: false,
        evidence,
    })
}
