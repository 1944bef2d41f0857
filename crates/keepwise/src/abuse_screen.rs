//! Screens customer messages for abuse of staff. Until the multilingual detector
//! is wired in, no message is screened and `staff_abuse` reads staff reports only
//! (the assessment says so in `explain`).

use keepwise_core::records::CustomerHistory;
use keepwise_core::signals::MessageAbuse;

/// Findings for one customer's messages.
pub fn screen(_history: &CustomerHistory) -> Vec<MessageAbuse> {
    Vec::new()
}

/// The findings to pass on: `None` while messages are not screened.
pub fn findings(_findings: &[MessageAbuse]) -> Option<&[MessageAbuse]> {
    None
}
