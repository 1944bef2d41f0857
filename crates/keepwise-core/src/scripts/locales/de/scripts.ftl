# keepwise-Nachrichtenvorlagen — Deutsch.
# Anrede mit vollem Namen („Guten Tag Max Muster,“), weil Anrede und Geschlecht nicht bekannt sind;
# nach dem Komma der Anrede geht es klein weiter. Freitexte ($topic, $remedy, …) stehen nach
# einem Doppelpunkt oder in Anführungszeichen, damit ihr Kasus nie angepasst werden muss.

greeting = { $has_name ->
    [yes] Guten Tag { $customer_name },
   *[no] Guten Tag,
}

signature =
    Mit freundlichen Grüßen
    { $staff_name }
    { $business_name }

## acknowledge

acknowledge-subject = Wir haben Ihre Nachricht erhalten: { $topic }
acknowledge-body =
    { greeting }

    vielen Dank für Ihre Nachricht zum Thema „{ $topic }“. { $at_fault ->
        [yes] Es tut uns leid: Der Fehler lag bei uns, und wir verstehen, wie ärgerlich das für Sie war.
       *[no] Wir verstehen, dass Ihnen das wichtig ist, und nehmen es ernst.
    }

    Wir gehen der Sache gerade nach und melden uns spätestens bis zum { $reply_by } mit dem, was wir herausgefunden haben und was wir für Sie tun können.

    Falls sich in der Zwischenzeit etwas ändert, antworten Sie einfach auf diese Nachricht.

    { signature }

## pause

pause-subject = Eine kurze Pause, damit wir Ihnen gründlich antworten können
pause-body =
    { greeting }

    uns liegt daran, das Anliegen „{ $topic }“ richtig zu lösen. Wir haben allerdings den Eindruck, dass unser Gespräch für beide Seiten schwierig geworden ist. Damit wir Ihnen eine überlegte statt einer vorschnellen Antwort geben können, schlagen wir eine kurze Pause vor.

    Ihr Anliegen bleibt offen, und nichts geht verloren. Wir melden uns am { $resume_on } wieder bei Ihnen und machen dort weiter, wo wir aufgehört haben.

    Vielen Dank für Ihre Geduld.

    { signature }

## explain_terms

explain_terms-subject = Ihre Anfrage: { $request }
explain_terms-body =
    { greeting }

    vielen Dank für Ihre Anfrage: { $request }.

    Wir haben sie sorgfältig mit „{ $terms_reference }“ abgeglichen. Die Anfrage geht über das hinaus, was diese Bedingungen umfassen, daher können wir sie im Rahmen Ihrer aktuellen Leistung nicht erfüllen. Wir wenden für alle Kundinnen und Kunden dieselben Bedingungen an – nur so bleiben unsere Preise und Zusagen fair.

    Was wir für Sie tun können: { $what_we_can_do }.

    Wenn Ihnen das hilft, geben Sie uns einfach Bescheid, und wir kümmern uns darum.

    { signature }

## decline_exception

decline_exception-subject = Ihre Frage zur Aktion „{ $promotion_name }“
decline_exception-body =
    { greeting }

    vielen Dank für Ihr Interesse an unserer Aktion „{ $promotion_name }“. Wir haben Ihre Anfrage sorgfältig geprüft.

    Die Aktionsbedingungen sehen vor: { $promotion_rule }. Wir wenden sie für alle Kundinnen und Kunden gleich an und können deshalb in diesem Fall keine Ausnahme machen. Wir hoffen auf Ihr Verständnis.

    Stattdessen können wir Ihnen anbieten: { $what_we_can_do }.

    { signature }

## offer_remedy

offer_remedy-subject = Wie wir die Sache wiedergutmachen möchten
offer_remedy-body =
    { greeting }

    { $at_fault ->
        [yes] es tut uns leid, was beim Thema „{ $topic }“ passiert ist. Der Fehler lag bei uns, und wir möchten ihn wiedergutmachen.
       *[no] wir haben uns das Thema „{ $topic }“ noch einmal angesehen und möchten Ihnen helfen, es abzuschließen.
    }

    { $has_amount ->
        [yes] Unser Vorschlag: { $remedy } (in Höhe von { $amount }).
       *[no] Unser Vorschlag: { $remedy }.
    }

    Wenn Sie einverstanden sind, antworten Sie einfach auf diese Nachricht – um alles Weitere kümmern wir uns. Wenn Ihnen eine andere Lösung lieber wäre, schreiben Sie uns bitte, welche.

    { signature }

## offer_exit

offer_exit-subject = Sie können Ihren Vertrag vorzeitig zu fairen Bedingungen beenden
offer_exit-body =
    { greeting }

    { $usage_days ->
        [0] uns ist aufgefallen, dass Sie unseren Dienst in den letzten { $usage_window } Tagen gar nicht genutzt haben.
        [one] uns ist aufgefallen, dass Sie unseren Dienst in den letzten { $usage_window } Tagen nur an { $usage_days } Tag genutzt haben.
       *[other] uns ist aufgefallen, dass Sie unseren Dienst in den letzten { $usage_window } Tagen nur an { $usage_days } Tagen genutzt haben.
    } Wir möchten nicht, dass Sie für etwas bezahlen, das Sie nicht nutzen, und bieten Ihnen deshalb an, den Vertrag auf Wunsch vorzeitig zu beenden.

    Ihr Vertrag läuft { $term_months } { $term_months ->
        [one] Monat
       *[other] Monate
    }; davon { $months_elapsed ->
        [one] ist { $months_elapsed } Monat vergangen
       *[other] sind { $months_elapsed } Monate vergangen
    }, { $months_remaining ->
        [one] { $months_remaining } Monat bleibt
       *[other] { $months_remaining } Monate bleiben
    } noch.

    { $exit_fee_kind ->
        [none] Sie können ohne jede Gebühr aussteigen, und die restlichen Entgelte von { $remaining_fees } stellen wir Ihnen nicht in Rechnung.
       *[some] Die Gebühr für den vorzeitigen Ausstieg würde { $exit_fee } betragen. Sie deckt nur den Teil unserer Anfangskosten für Ihren Vertrag (Einrichtung, Geräte und Ähnliches, insgesamt { $upfront_cost }), den Ihre monatlichen Zahlungen noch nicht gedeckt haben – nicht die { $remaining_fees }, die bis zum Ende der Laufzeit noch fällig wären.
    }

    Dieses Angebot gilt bis zum { $valid_until }. Sie können selbstverständlich auch gern bei uns bleiben; dann ändert sich nichts. In beiden Fällen genügt eine Antwort auf diese Nachricht.

    { signature }

## farewell

farewell-subject = Vielen Dank – und eine ehrliche Antwort
farewell-body =
    { greeting }

    vielen Dank für die Zeit, in der wir für Sie da sein durften. { $at_fault ->
        [yes] Es tut uns leid, dass wir Ihre Erwartungen nicht erfüllt haben, und wir entschuldigen uns für die Fehler auf unserer Seite.
       *[no] Es tut uns leid, dass wir keine Lösung gefunden haben, die für Sie passt.
    }

    Wir möchten ehrlich zu Ihnen sein: Was Sie brauchen, können wir nicht leisten – { $cannot_do }. Statt Sie weiter zu enttäuschen, halten wir es für fairer, unsere Zusammenarbeit zu beenden. Unsere Leistungen für Sie enden am { $end_date }; bis dahin läuft alles wie gewohnt weiter, und Sie erhalten von uns eine Schlussabrechnung.

    Was Sie suchen, finden Sie zum Beispiel hier:
    { $alternatives }

    Wenn sich Ihr Bedarf ändert, freuen wir uns, wieder von Ihnen zu hören. Wir wünschen Ihnen alles Gute.

    { signature }

## refuse_service

refuse_service-subject = Unsere weitere Zusammenarbeit
refuse_service-body =
    { greeting }

    wir möchten Ihnen mitteilen, dass wir Ihnen ab dem { $effective_date } unsere Leistungen nicht mehr anbieten können.

    { $ground ->
        [staff_abuse] Wir haben diese Entscheidung wegen der Art getroffen, wie unsere Mitarbeitenden in den letzten Gesprächen angesprochen wurden. Wir tragen Verantwortung für die Menschen, die bei uns arbeiten, und können von ihnen nicht verlangen, unter diesen Umständen weiterzumachen.
       *[fraud_like_extraction] Wir haben diese Entscheidung wegen wiederholter Forderungen auf Ihrem Konto getroffen, die nicht unseren Bedingungen entsprechen und die wir nicht länger akzeptieren können.
    }

    { $at_fault ->
        [yes] Zugleich erkennen wir an, dass auch uns bei Ihrer Betreuung Fehler unterlaufen sind. Dafür entschuldigen wir uns, und was wir falsch gemacht haben, bringen wir trotzdem in Ordnung.
       *[no] {""}
    }

    Alles, was Sie bereits bezahlt haben, wird wie gewohnt ausgeführt oder erstattet. Bei offenen Fragen wenden Sie sich bitte an { $contact }.

    Die Entscheidung wurde von unserer Geschäftsleitung geprüft und ist endgültig. Wir wünschen Ihnen alles Gute.

    { signature }

## review_reply (öffentliche Antwort: keine persönlichen Angaben)

review_reply-subject = Unsere Antwort auf Ihre Bewertung ({ $review_source })
review_reply-body =
    Vielen Dank, dass Sie sich die Zeit genommen haben, Ihre Erfahrung zu teilen. { $at_fault ->
        [yes] Es tut uns leid, was beim Thema „{ $topic }“ passiert ist: Das war unser Fehler und hätte nicht passieren dürfen.
       *[no] Es tut uns leid zu lesen, was Sie zum Thema „{ $topic }“ erlebt haben, und wir verstehen Ihre Enttäuschung.
    }

    Wir würden uns der Sache gern persönlich annehmen und gemeinsam mit Ihnen eine Lösung finden. Bitte melden Sie sich unter { $contact }, damit wir helfen können.

    { $staff_name }, { $business_name }

## follow_up

follow_up-subject = Grüße von { $business_name }
follow_up-body =
    { greeting }

    seit unserer letzten Zusammenarbeit { $months_since ->
        [one] ist { $months_since } Monat vergangen
       *[other] sind { $months_since } Monate vergangen
    }, und wir wollten uns einfach einmal melden.

    { $has_news ->
        [yes] Seitdem hat sich bei uns einiges getan: { $news }.
       *[no] {""}
    }

    Wenn Sie uns wieder brauchen, helfen wir gern – antworten Sie einfach auf diese Nachricht oder schreiben Sie an { $contact }. Selbstverständlich ganz unverbindlich. Wir wünschen Ihnen viel Erfolg.

    { signature }
