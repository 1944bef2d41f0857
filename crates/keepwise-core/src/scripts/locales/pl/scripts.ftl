# Szablony wiadomości keepwise — polski.
# Zwracamy się formą „Państwo” (wielką literą): nie znamy płci adresata, a forma Pan/Pani wymaga jej.
# Powitanie bez imienia: wołacz i płeć nie są znane z danych.
# Teksty wpisywane przez pracowników ($topic, $remedy, …) stoją po dwukropku lub w cudzysłowie, aby nie zmieniać przypadka.

greeting = Dzień dobry,

signature =
    Z wyrazami szacunku
    { $staff_name }
    { $business_name }

## acknowledge

acknowledge-subject = Otrzymaliśmy Państwa wiadomość: { $topic }
acknowledge-body =
    { greeting }

    dziękujemy za Państwa wiadomość w sprawie „{ $topic }”. { $at_fault ->
        [yes] Przepraszamy – błąd leżał po naszej stronie i rozumiemy, jak bardzo było to dla Państwa uciążliwe.
       *[no] Rozumiemy, że to dla Państwa ważne, i traktujemy sprawę poważnie.
    }

    Właśnie się nią zajmujemy i najpóźniej do { $reply_by } odpowiemy, co ustaliliśmy i co możemy dla Państwa zrobić.

    Jeśli w międzyczasie coś się zmieni, wystarczy odpowiedzieć na tę wiadomość.

    { signature }

## pause

pause-subject = Krótka przerwa, abyśmy mogli odpowiedzieć rzetelnie
pause-body =
    { greeting }

    zależy nam na tym, aby sprawę „{ $topic }” rozwiązać porządnie. Mamy jednak wrażenie, że nasza rozmowa stała się trudna dla obu stron. Abyśmy mogli udzielić przemyślanej, a nie pospiesznej odpowiedzi, proponujemy krótką przerwę.

    Państwa sprawa pozostaje otwarta i nic nie zginie. Odezwiemy się ponownie { $resume_on } i będziemy kontynuować od miejsca, w którym skończyliśmy.

    Dziękujemy za cierpliwość.

    { signature }

## explain_terms

explain_terms-subject = Państwa prośba: { $request }
explain_terms-body =
    { greeting }

    dziękujemy za Państwa prośbę: { $request }.

    Starannie porównaliśmy ją z dokumentem „{ $terms_reference }”. Prośba wykracza poza to, co obejmują te warunki, dlatego nie możemy jej spełnić w ramach obecnej usługi. Te same warunki stosujemy wobec wszystkich klientów – tylko dzięki temu nasze ceny i zobowiązania pozostają uczciwe.

    Co możemy dla Państwa zrobić: { $what_we_can_do }.

    Jeśli to Państwu pomoże, prosimy o informację, a wszystkim się zajmiemy.

    { signature }

## decline_exception

decline_exception-subject = Państwa pytanie dotyczące promocji „{ $promotion_name }”
decline_exception-body =
    { greeting }

    dziękujemy za zainteresowanie naszą promocją „{ $promotion_name }”. Uważnie rozpatrzyliśmy Państwa prośbę.

    Regulamin promocji stanowi: { $promotion_rule }. Stosujemy go jednakowo wobec wszystkich klientów, dlatego w tym przypadku nie możemy zrobić wyjątku. Liczymy na Państwa zrozumienie.

    W zamian możemy zaproponować: { $what_we_can_do }.

    { signature }

## offer_remedy

offer_remedy-subject = Jak chcielibyśmy naprawić sytuację
offer_remedy-body =
    { greeting }

    { $at_fault ->
        [yes] przepraszamy za sprawę „{ $topic }”. To był nasz błąd i chcemy go naprawić.
       *[no] ponownie przeanalizowaliśmy sprawę „{ $topic }” i chcielibyśmy pomóc ją zamknąć.
    }

    { $has_amount ->
        [yes] Proponujemy: { $remedy } (w kwocie { $amount }).
       *[no] Proponujemy: { $remedy }.
    }

    Jeśli propozycja Państwu odpowiada, wystarczy odpowiedzieć na tę wiadomość – resztą zajmiemy się sami. Jeśli wolą Państwo inne rozwiązanie, prosimy napisać, jakie.

    { signature }

## offer_exit

offer_exit-subject = Mogą Państwo zakończyć umowę wcześniej, na uczciwych warunkach
offer_exit-body =
    { greeting }

    { $usage_days ->
        [0] zauważyliśmy, że w ciągu ostatnich { $usage_window } dni usługa nie była ani razu wykorzystana.
        [one] zauważyliśmy, że w ciągu ostatnich { $usage_window } dni usługa była wykorzystana tylko przez { $usage_days } dzień.
       *[other] zauważyliśmy, że w ciągu ostatnich { $usage_window } dni usługa była wykorzystana tylko przez { $usage_days } dni.
    } Nie chcemy, aby płacili Państwo za coś, z czego Państwo nie korzystają, dlatego proponujemy możliwość wcześniejszego zakończenia umowy, jeśli będą Państwo tego chcieli.

    Umowa została zawarta na { $term_months } { $term_months ->
        [one] miesiąc
        [few] miesiące
        [many] miesięcy
       *[other] miesiąca
    }; { $months_elapsed ->
        [one] upłynął z niej { $months_elapsed } miesiąc
        [few] upłynęły z niej { $months_elapsed } miesiące
        [many] upłynęło z niej { $months_elapsed } miesięcy
       *[other] upłynęło z niej { $months_elapsed } miesiąca
    }, a { $months_remaining ->
        [one] pozostał { $months_remaining } miesiąc
        [few] pozostały { $months_remaining } miesiące
        [many] pozostało { $months_remaining } miesięcy
       *[other] pozostało { $months_remaining } miesiąca
    }.

    { $exit_fee_kind ->
        [none] Mogą Państwo zakończyć umowę bez żadnej opłaty, a pozostałych płatności w wysokości { $remaining_fees } nie naliczymy.
       *[some] Opłata za wcześniejsze zakończenie wyniosłaby { $exit_fee }. Pokrywa ona wyłącznie tę część naszych początkowych kosztów Państwa umowy (uruchomienie, sprzęt itp., łącznie { $upfront_cost }), której miesięczne płatności jeszcze nie pokryły – a nie { $remaining_fees } opłat za pozostałe miesiące do końca umowy.
    }

    Oferta jest ważna do { $valid_until }. Oczywiście mogą Państwo również z nami zostać – wtedy nic się nie zmienia. W obu przypadkach wystarczy odpowiedzieć na tę wiadomość.

    { signature }

## farewell

farewell-subject = Dziękujemy – i szczerze o dalszych krokach
farewell-body =
    { greeting }

    dziękujemy za czas, w którym mogliśmy Państwu służyć. { $at_fault ->
        [yes] Przykro nam, że nie spełniliśmy Państwa oczekiwań, i przepraszamy za błędy po naszej stronie.
       *[no] Przykro nam, że nie udało się znaleźć rozwiązania, które by Państwu odpowiadało.
    }

    Musimy być szczerzy: nie jesteśmy w stanie zapewnić tego, czego Państwo potrzebują – { $cannot_do }. Zamiast dalej Państwa rozczarowywać, uważamy, że uczciwiej będzie zakończyć naszą współpracę. Usługa zakończy się { $end_date }; do tego czasu wszystko działa jak dotychczas, a na koniec otrzymają Państwo od nas rozliczenie końcowe.

    To, czego Państwo szukają, można znaleźć na przykład tutaj:
    { $alternatives }

    Jeśli Państwa potrzeby się zmienią, chętnie znów się spotkamy. Życzymy wszystkiego dobrego.

    { signature }

## refuse_service

refuse_service-subject = Nasza dalsza współpraca
refuse_service-body =
    { greeting }

    uprzejmie informujemy, że od { $effective_date } nie będziemy już mogli świadczyć Państwu naszych usług.

    { $ground ->
        [staff_abuse] Podjęliśmy tę decyzję ze względu na sposób, w jaki w ostatnich rozmowach zwracano się do naszych pracowników. Odpowiadamy za ludzi, którzy dla nas pracują, i nie możemy wymagać od nich kontynuowania współpracy w takich okolicznościach.
       *[fraud_like_extraction] Podjęliśmy tę decyzję ze względu na powtarzające się na Państwa koncie roszczenia, które nie są zgodne z naszymi warunkami i których nie możemy dalej przyjmować.
    }

    { $at_fault ->
        [yes] Jednocześnie przyznajemy, że i my popełniliśmy błędy w obsłudze. Przepraszamy za nie i mimo wszystko naprawimy to, co zrobiliśmy źle.
       *[no] {""}
    }

    Wszystko, za co już Państwo zapłacili, zostanie jak zwykle zrealizowane albo zwrócimy pieniądze. W sprawach otwartych prosimy o kontakt: { $contact }.

    Decyzja została rozpatrzona przez nasze kierownictwo i jest ostateczna. Życzymy wszystkiego dobrego.

    { signature }

## review_reply (odpowiedź publiczna: bez danych osobowych)

review_reply-subject = Nasza odpowiedź na opinię ({ $review_source })
review_reply-body =
    Dziękujemy za opinię i za podzielenie się swoim doświadczeniem. { $at_fault ->
        [yes] Przepraszamy za sprawę „{ $topic }” – to był nasz błąd i nie powinien był się zdarzyć.
       *[no] Przykro nam z powodu sprawy „{ $topic }” i rozumiemy Państwa rozczarowanie.
    }

    Chcielibyśmy osobiście się tym zająć i znaleźć wspólnie rozwiązanie. Prosimy o kontakt: { $contact }, abyśmy mogli pomóc.

    { $staff_name }, { $business_name }

## follow_up

follow_up-subject = Pozdrowienia od { $business_name }
follow_up-body =
    { greeting }

    { $months_since ->
        [one] od naszej ostatniej współpracy minął { $months_since } miesiąc
        [few] od naszej ostatniej współpracy minęły { $months_since } miesiące
        [many] od naszej ostatniej współpracy minęło { $months_since } miesięcy
       *[other] od naszej ostatniej współpracy minęło { $months_since } miesiąca
    } i chcieliśmy po prostu się przywitać.

    { $has_news ->
        [yes] Od tego czasu sporo się u nas zmieniło: { $news }.
       *[no] {""}
    }

    Jeśli znów będą Państwo nas potrzebować, chętnie pomożemy – wystarczy odpowiedzieć na tę wiadomość lub napisać na { $contact }. Oczywiście bez żadnych zobowiązań. Życzymy wielu sukcesów.

    { signature }
