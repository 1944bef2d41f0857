//! Signals about the customer's public voice and fit: negative public reviews and
//! customers outside the target audience.

use super::{Evidence, RecordKind, Signal, SignalInput, SignalName, day};

/// `negative_public_review`: a negative public review by this customer, answered or not.
///
/// Reviews posted in the window with a rating at or below `negative_review_max_rating`.
/// Strength while any is unanswered: 0.6 for a 1-star review, 0.5 otherwise (principle
/// 10: silence reads as agreement; the answer is the action). Once every one is
/// answered the review is shown as context (0.25) but no longer calls for anything. A
/// review answered after `as_of` counts as unanswered at `as_of`.
pub fn negative_public_review(input: &SignalInput<'_>) -> Option<Signal> {
    let max = input.settings.policy.negative_review_max_rating;
    let mut reviews: Vec<_> = input
        .history
        .reviews
        .iter()
        .filter(|r| r.rating <= max && input.in_window(r.posted_at))
        .collect();
    if reviews.is_empty() {
        return None;
    }
    reviews.sort_by_key(|r| r.posted_at);
    let answered = |r: &&crate::records::Review| r.responded_at.is_some_and(|at| at <= input.as_of);
    let unanswered = reviews.iter().filter(|r| !answered(r)).count();
    let worst = reviews.iter().map(|r| r.rating).min().unwrap_or(max);
    let worst_unanswered = reviews
        .iter()
        .filter(|r| !answered(r))
        .map(|r| r.rating)
        .min();
    let strength: f64 = match worst_unanswered {
        Some(rating) if rating <= 1 => 0.6,
        Some(_) => 0.5,
        None => 0.25,
    };
    let mut evidence = Evidence::default();
    evidence.figure("negative reviews", reviews.len() as f64);
    evidence.figure("unanswered", unanswered as f64);
    evidence.figure("lowest rating", f64::from(worst));
    for r in &reviews {
        let status = match r.responded_at {
            Some(at) if at <= input.as_of => format!("answered {}", day(at)),
            _ => "not answered".to_string(),
        };
        let text = r
            .text
            .as_deref()
            .map(|t| format!(": \"{}\"", t.chars().take(120).collect::<String>()))
            .unwrap_or_default();
        evidence.record(
            RecordKind::Review,
            &r.review_id,
            format!(
                "{}/5 on {}, {}, {}{}",
                r.rating,
                r.source,
                day(r.posted_at),
                status,
                text
            ),
        );
    }
    evidence.explanation = format!(
        "The customer posted {} negative public review(s) (lowest {}/5); {}.",
        reviews.len(),
        worst,
        if unanswered > 0 {
            format!("{unanswered} still unanswered")
        } else {
            "all answered".to_string()
        }
    );
    Some(Signal {
        name: SignalName::NegativePublicReview,
        strength,
        severe: false,
        evidence,
    })
}

/// `low_target_fit`: the customer is outside the target audience (`target_fit = false`).
///
/// Context, not a problem in itself: strength 0.2, below the default watch
/// threshold, so it changes no action alone; it is shown next to the others.
pub fn low_target_fit(input: &SignalInput<'_>) -> Option<Signal> {
    let customer = input.history.customer.as_ref()?;
    if customer.target_fit != Some(false) {
        return None;
    }
    let mut evidence = Evidence::default();
    let segment = customer
        .segment
        .as_deref()
        .map(|s| format!(" (segment \"{s}\")"))
        .unwrap_or_default();
    evidence.explanation =
        format!("The customer record marks this customer as outside the target audience{segment}.");
    Some(Signal {
        name: SignalName::LowTargetFit,
        strength: 0.2,
        severe: false,
        evidence,
    })
}
