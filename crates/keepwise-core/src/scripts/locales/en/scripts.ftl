# keepwise message templates — English.
# Each situation has a `-subject` and a `-body`. Variables are described in docs/scripts.md.
# Free-text facts ($topic, $remedy, …) are written by staff in the customer's language.

greeting = { $has_name ->
    [yes] Dear { $customer_name },
   *[no] Hello,
}

signature =
    Kind regards,
    { $staff_name }
    { $business_name }

## acknowledge: acknowledge and de-escalate

acknowledge-subject = We have received your message about { $topic }
acknowledge-body =
    { greeting }

    Thank you for writing to us about { $topic }. { $at_fault ->
        [yes] We are sorry: this was our mistake, and we understand how frustrating it has been for you.
       *[no] We understand that this matters to you, and we are taking it seriously.
    }

    We are looking into it now and will reply by { $reply_by } at the latest, with what we have found and what we can do.

    If anything changes in the meantime, simply reply to this message.

    { signature }

## pause: pause a heated conversation

pause-subject = A short pause, so that we can answer you properly
pause-body =
    { greeting }

    We want to resolve { $topic } properly, and we feel that our conversation has become difficult for both sides. So that we can give you a considered answer rather than a hasty one, we suggest a short pause.

    Your matter stays open and nothing will be lost. We will contact you again on { $resume_on } and continue where we left off.

    Thank you for your patience.

    { signature }

## explain_terms: explain why a demand exceeds the terms

explain_terms-subject = Your request: { $request }
explain_terms-body =
    { greeting }

    Thank you for your request: { $request }.

    We have checked it carefully against { $terms_reference }. It goes beyond what these terms include, so we cannot provide it as part of your current service. We apply the same terms to every customer; that is what keeps our prices and our promises fair.

    What we can do for you: { $what_we_can_do }.

    If that would help, just let us know and we will arrange it.

    { signature }

## decline_exception: decline a promotion exception

decline_exception-subject = Your question about our promotion “{ $promotion_name }”
decline_exception-body =
    { greeting }

    Thank you for your interest in our promotion “{ $promotion_name }”. We have looked at your request carefully.

    The terms of the promotion say: { $promotion_rule }. We apply them in the same way to every customer, so we are not able to make an exception here. We hope you understand.

    What we can offer you instead: { $what_we_can_do }.

    { signature }

## offer_remedy: offer a remedy (repair, refund of costs, credit)

offer_remedy-subject = How we would like to put things right
offer_remedy-body =
    { greeting }

    { $at_fault ->
        [yes] We are sorry about { $topic }. This was our fault, and we want to put it right.
       *[no] We have looked again at { $topic }, and we would like to help you move on from it.
    }

    { $has_amount ->
        [yes] We propose: { $remedy } ({ $amount }).
       *[no] We propose: { $remedy }.
    }

    To accept, simply reply to this message and we will take care of the rest. If a different solution would suit you better, please tell us what would work for you.

    { signature }

## offer_exit: offer fair exit terms

offer_exit-subject = You may end your contract early, on fair terms
offer_exit-body =
    { greeting }

    { $usage_days ->
        [0] We have noticed that your service has not been used at all in the last { $usage_window } days.
        [one] We have noticed that your service has been used on only { $usage_days } day in the last { $usage_window } days.
       *[other] We have noticed that your service has been used on only { $usage_days } days in the last { $usage_window } days.
    } We do not want you to pay for something you do not use, so we would like to offer you the option of ending your contract early, if you wish.

    Your contract runs for { $term_months } { $term_months ->
        [one] month
       *[other] months
    }: { $months_elapsed } { $months_elapsed ->
        [one] month has
       *[other] months have
    } passed and { $months_remaining } { $months_remaining ->
        [one] month remains
       *[other] months remain
    }.

    { $exit_fee_kind ->
        [none] You can leave without any exit fee, and the remaining fees of { $remaining_fees } will not be charged.
       *[some] The exit fee would be { $exit_fee }. It covers only the part of our initial costs for your contract (setup, equipment and similar, { $upfront_cost } in total) that your monthly payments have not yet covered — not the { $remaining_fees } of fees that would otherwise be due until the end of the term.
    }

    This offer is valid until { $valid_until }. You are, of course, just as welcome to stay; then nothing changes. Either way, simply reply to this message.

    { signature }

## farewell: farewell with alternatives and referral

farewell-subject = Thank you, and our honest answer
farewell-body =
    { greeting }

    Thank you for the time you have been our customer. { $at_fault ->
        [yes] We are sorry that we did not live up to your expectations, and we apologise for the mistakes on our side.
       *[no] We are sorry that we could not find a solution that works for you.
    }

    We have to be honest with you: we are not able to provide what you need — { $cannot_do }. Rather than keep disappointing you, we believe it is fairer to end our cooperation. Your service will end on { $end_date }; until then everything continues as usual, and you will receive a final statement from us.

    You may find what you need here:
    { $alternatives }

    If your needs change, we would be glad to hear from you again. We wish you all the best.

    { signature }

## refuse_service: refuse further service

refuse_service-subject = Our further cooperation
refuse_service-body =
    { greeting }

    We are writing to let you know that from { $effective_date } we will no longer be able to provide our services to you.

    { $ground ->
        [staff_abuse] We have made this decision because of the way our staff have been addressed in recent conversations. We are responsible for the people who work for us, and we cannot ask them to continue under these circumstances.
       *[fraud_like_extraction] We have made this decision because of a repeated pattern of claims on your account that do not match our terms, and which we cannot continue to accept.
    }

    { $at_fault ->
        [yes] We also acknowledge that we made mistakes in serving you. We are sorry for them, and we will still put right what we got wrong.
       *[no] {""}
    }

    Anything you have already paid for will be completed or refunded as usual. For any open matters, please contact { $contact }.

    This decision has been reviewed by our management and is final. We wish you all the best.

    { signature }

## review_reply: answer a public review (public: no personal details)

review_reply-subject = Our reply to your review on { $review_source }
review_reply-body =
    Thank you for taking the time to share your experience. { $at_fault ->
        [yes] We are sorry about { $topic }: this was our mistake, and it should not have happened.
       *[no] We are sorry to read about { $topic }, and we understand your disappointment.
    }

    We would like to look into this personally and find a solution with you. Please contact us at { $contact } so that we can help.

    { $staff_name }, { $business_name }

## follow_up: keep-in-touch follow-up

follow_up-subject = Greetings from { $business_name }
follow_up-body =
    { greeting }

    It has been { $months_since } { $months_since ->
        [one] month
       *[other] months
    } since we last worked together, and we simply wanted to say hello.

    { $has_news ->
        [yes] A few things have changed since then: { $news }.
       *[no] {""}
    }

    If you ever need us again, we would be glad to help — just reply to this message or contact us at { $contact }. There is no obligation, of course. We wish you every success.

    { signature }
