# Šablony zpráv keepwise — čeština.
# Oslovení bez jména: české oslovení by vyžadovalo 5. pád a rod, které z dat neznáme.
# Volné texty ($topic, $remedy, …) stojí za dvojtečkou nebo v uvozovkách, aby nemusely měnit pád.
# Vykáme s velkým V (Vy, Vás, Vaše) a vyhýbáme se minulému času ve 2. osobě (rod neznáme).

greeting = Dobrý den,

signature =
    S pozdravem
    { $staff_name }
    { $business_name }

## acknowledge

acknowledge-subject = Vaši zprávu jsme přijali: { $topic }
acknowledge-body =
    { greeting }

    děkujeme za Vaši zprávu ve věci „{ $topic }“. { $at_fault ->
        [yes] Omlouváme se – chyba byla na naší straně a chápeme, jak nepříjemné to pro Vás muselo být.
       *[no] Rozumíme, že je to pro Vás důležité, a věnujeme se tomu naplno.
    }

    Věc právě prověřujeme a nejpozději do { $reply_by } Vám napíšeme, co jsme zjistili a co pro Vás můžeme udělat.

    Pokud se mezitím cokoli změní, stačí na tuto zprávu odpovědět.

    { signature }

## pause

pause-subject = Krátká pauza, abychom Vám mohli odpovědět s rozmyslem
pause-body =
    { greeting }

    záleží nám na tom, abychom věc „{ $topic }“ vyřešili pořádně. Máme ale pocit, že se náš rozhovor stal náročným pro obě strany. Abychom Vám mohli dát uvážlivou odpověď místo unáhlené, navrhujeme krátkou pauzu.

    Vaše záležitost zůstává otevřená a nic se neztratí. Znovu se Vám ozveme { $resume_on } a navážeme tam, kde jsme skončili.

    Děkujeme za trpělivost.

    { signature }

## explain_terms

explain_terms-subject = Váš požadavek: { $request }
explain_terms-body =
    { greeting }

    děkujeme za Váš požadavek: { $request }.

    Pečlivě jsme ho porovnali s dokumentem „{ $terms_reference }“. Požadavek přesahuje to, co tyto podmínky zahrnují, a proto ho v rámci Vaší současné služby poskytnout nemůžeme. Stejné podmínky uplatňujeme u všech zákazníků – jen tak můžeme držet férové ceny i sliby.

    Co pro Vás udělat můžeme: { $what_we_can_do }.

    Pokud by Vám to pomohlo, dejte nám vědět a vše zařídíme.

    { signature }

## decline_exception

decline_exception-subject = Váš dotaz k akci „{ $promotion_name }“
decline_exception-body =
    { greeting }

    děkujeme za Váš zájem o naši akci „{ $promotion_name }“. Vaši žádost jsme pečlivě posoudili.

    Podmínky akce stanoví: { $promotion_rule }. Uplatňujeme je stejně u všech zákazníků, a proto v tomto případě nemůžeme udělat výjimku. Věříme, že to pochopíte.

    Místo toho Vám můžeme nabídnout: { $what_we_can_do }.

    { signature }

## offer_remedy

offer_remedy-subject = Jak bychom chtěli věc napravit
offer_remedy-body =
    { greeting }

    { $at_fault ->
        [yes] omlouváme se za věc „{ $topic }“. Chyba byla na naší straně a chceme ji napravit.
       *[no] věc „{ $topic }“ jsme znovu prošli a rádi bychom Vám pomohli ji uzavřít.
    }

    { $has_amount ->
        [yes] Navrhujeme: { $remedy } (ve výši { $amount }).
       *[no] Navrhujeme: { $remedy }.
    }

    Pokud s návrhem souhlasíte, stačí odpovědět na tuto zprávu a o vše ostatní se postaráme. Pokud by Vám více vyhovovalo jiné řešení, napište nám prosím, jaké.

    { signature }

## offer_exit

offer_exit-subject = Smlouvu můžete ukončit dříve, za férových podmínek
offer_exit-body =
    { greeting }

    { $usage_days ->
        [0] všimli jsme si, že za posledních { $usage_window } dní nebyla Vaše služba využita ani jednou.
        [one] všimli jsme si, že za posledních { $usage_window } dní byla Vaše služba využita jen { $usage_days } den.
        [few] všimli jsme si, že za posledních { $usage_window } dní byla Vaše služba využita jen { $usage_days } dny.
       *[other] všimli jsme si, že za posledních { $usage_window } dní byla Vaše služba využita jen { $usage_days } dní.
    } Nechceme, aby Vás stála peníze služba, kterou nevyužíváte, a proto Vám nabízíme možnost ukončit smlouvu předčasně, pokud budete chtít.

    Vaše smlouva je uzavřena na { $term_months } { $term_months ->
        [one] měsíc
        [few] měsíce
       *[other] měsíců
    }; { $months_elapsed ->
        [one] uplynul z ní { $months_elapsed } měsíc
        [few] uplynuly z ní { $months_elapsed } měsíce
       *[other] uplynulo z ní { $months_elapsed } měsíců
    } a { $months_remaining ->
        [one] zbývá { $months_remaining } měsíc
        [few] zbývají { $months_remaining } měsíce
       *[other] zbývá { $months_remaining } měsíců
    }.

    { $exit_fee_kind ->
        [none] Smlouvu můžete ukončit bez jakéhokoli poplatku a zbývající platby ve výši { $remaining_fees } Vám účtovat nebudeme.
       *[some] Poplatek za předčasné ukončení by činil { $exit_fee }. Pokrývá jen tu část našich počátečních nákladů na Vaši smlouvu (zřízení, vybavení apod., celkem { $upfront_cost }), kterou Vaše měsíční platby dosud neuhradily – nikoli { $remaining_fees } za zbývající měsíce do konce smlouvy.
    }

    Nabídka platí do { $valid_until }. Samozřejmě u nás můžete i zůstat – pak se nic nemění. V obou případech stačí odpovědět na tuto zprávu.

    { signature }

## farewell

farewell-subject = Děkujeme a upřímně o dalším postupu
farewell-body =
    { greeting }

    děkujeme za dobu, po kterou jsme Vám mohli sloužit. { $at_fault ->
        [yes] Mrzí nás, že jsme nenaplnili Vaše očekávání, a za chyby na naší straně se omlouváme.
       *[no] Mrzí nás, že se nám nepodařilo najít řešení, které by Vám vyhovovalo.
    }

    Musíme být upřímní: to, co potřebujete, Vám poskytnout nedokážeme – { $cannot_do }. Místo abychom Vás dál zklamávali, považujeme za férovější naši spolupráci ukončit. Vaše služba skončí { $end_date }; do té doby vše běží jako obvykle a na závěr od nás obdržíte konečné vyúčtování.

    To, co hledáte, můžete najít například zde:
    { $alternatives }

    Pokud se Vaše potřeby změní, rádi se s Vámi znovu setkáme. Přejeme Vám vše dobré.

    { signature }

## refuse_service

refuse_service-subject = Naše další spolupráce
refuse_service-body =
    { greeting }

    oznamujeme Vám, že od { $effective_date } Vám již nebudeme moci poskytovat naše služby.

    { $ground ->
        [staff_abuse] K tomuto rozhodnutí jsme dospěli kvůli způsobu, jakým bylo v posledních rozhovorech jednáno s našimi zaměstnanci. Neseme za své lidi odpovědnost a nemůžeme po nich chtít, aby za těchto okolností pokračovali.
       *[fraud_like_extraction] K tomuto rozhodnutí jsme dospěli kvůli opakovaným nárokům na Vašem účtu, které neodpovídají našim podmínkám a které nadále nemůžeme přijímat.
    }

    { $at_fault ->
        [yes] Zároveň uznáváme, že jsme při poskytování služeb chybovali i my. Za tyto chyby se omlouváme a to, co jsme pokazili, přesto napravíme.
       *[no] {""}
    }

    Vše, co již máte zaplaceno, bude jako obvykle dokončeno, nebo Vám vrátíme peníze. S otevřenými záležitostmi se prosím obracejte na { $contact }.

    Rozhodnutí posoudilo naše vedení a je konečné. Přejeme Vám vše dobré.

    { signature }

## review_reply (veřejná odpověď: žádné osobní údaje)

review_reply-subject = Naše odpověď na Vaši recenzi ({ $review_source })
review_reply-body =
    Děkujeme za Vaši recenzi a za sdílení Vaší zkušenosti. { $at_fault ->
        [yes] Omlouváme se za věc „{ $topic }“ – byla to naše chyba a nemělo se to stát.
       *[no] Mrzí nás, co popisujete ve věci „{ $topic }“, a chápeme Vaše zklamání.
    }

    Rádi bychom se tomu osobně věnovali a našli s Vámi řešení. Ozvěte se nám prosím na { $contact }, ať Vám můžeme pomoci.

    { $staff_name }, { $business_name }

## follow_up

follow_up-subject = Pozdrav od { $business_name }
follow_up-body =
    { greeting }

    { $months_since ->
        [one] od naší poslední spolupráce uplynul { $months_since } měsíc
        [few] od naší poslední spolupráce uplynuly { $months_since } měsíce
       *[other] od naší poslední spolupráce uplynulo { $months_since } měsíců
    } a my jsme Vás chtěli jednoduše pozdravit.

    { $has_news ->
        [yes] Od té doby se u nás ledacos změnilo: { $news }.
       *[no] {""}
    }

    Pokud nás budete znovu potřebovat, rádi Vám pomůžeme – stačí odpovědět na tuto zprávu nebo nám napsat na { $contact }. Samozřejmě k ničemu nezavazuje. Přejeme Vám hodně úspěchů.

    { signature }
