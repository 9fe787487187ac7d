# Kazakh phrases for appeal. Case texts come from the case files; these are the fixed phrases.
# Variables: see README "Locales". Every message here must exist in every locale.
# Names, titles, dates and references arrive in the nominative and get no case suffix
# (vowel harmony cannot be computed): the suffix goes on a following word
# ("{ $org } ұйымымен", "{ $date } күнінен", "{ $name } есімді азаматтың").

## Language
# Languages whose spelling of a name or address is used when this one has none.
language-fallbacks = ru, en
# Languages whose spelling of a holder's name a letter may show when this one has none:
# the Russian Cyrillic form, never the English one (`check` warns).
name-fallbacks = ru

# Recipient block: nominative title, dative name («… Бас прокуроры / Б. Н. Асыловқа»).
recipient-style = dative-name

## Dates (CLDR kk: "2018 ж. 7 маусым"; letter date line: "2018 жылғы 7 маусым")
date-long = { $year } ж. { $day } { $month ->
    [1] қаңтар
    [2] ақпан
    [3] наурыз
    [4] сәуір
    [5] мамыр
    [6] маусым
    [7] шілде
    [8] тамыз
    [9] қыркүйек
    [10] қазан
    [11] қараша
   *[12] желтоқсан
}
date-line = { $year } жылғы { $day } { $month ->
    [1] қаңтар
    [2] ақпан
    [3] наурыз
    [4] сәуір
    [5] мамыр
    [6] маусым
    [7] шілде
    [8] тамыз
    [9] қыркүйек
    [10] қазан
    [11] қараша
   *[12] желтоқсан
}

## Labels
label-fax = Факс
label-email = Эл. пошта
label-phone = Телефон
label-web = Сайт
label-salutation = Қаратпа сөз
holder-unknown = (бұл лауазымды қазір кім атқаратыны белгісіз)
address-unknown = (пошта мекенжайы белгісіз)

## Salutations
# Punctuation after the salutation that opens a letter.
salutation-end = {"!"}
salutation-person = { $gender ->
    [female] Құрметті { $surname } ханым!
    [male] Құрметті { $surname } мырза!
   *[other] Құрметті { $name }!
}
salutation-role = Құрметті { $title }!

## Urgent-action document
ua-banner = ШҰҒЫЛ ӘРЕКЕТ
ua-write-intro = Өтінеміз, билік органдарына қазақ, орыс немесе өз ана тіліңізде дереу хат жазып, төмендегі талаптарды жеткізіңіз:
ua-send-before = Өтініштеріңізді { $date } күнінен кешіктірмей мына мекенжайларға жіберіңіз:
ua-send-soon = Өтініштеріңізді мүмкіндігінше тезірек мына мекенжайларға жіберіңіз:
ua-copies-to = Көшірмелерін мына мекенжайларға жіберіңіз:
ua-diplomatic = Сондай-ақ көшірмелерін Қазақстанның еліңізде аккредиттелген дипломатиялық өкілдеріне жіберіңіз.
ua-after-deadline = Көрсетілген мерзім өткеннен кейін өтініш жібермес бұрын { $org } ұйымымен хабарласыңыз.
ua-update-line = Бұл — { $reference } бойынша { $number ->
    [1] бірінші жаңарту
    [2] екінші жаңарту
    [3] үшінші жаңарту
   *[other] { $number }-жаңарту
}.
ua-further = Толығырақ:
ua-additional = Қосымша ақпарат
ua-name = Аты-жөні: { $name }
ua-gender = Жынысы: { $gender ->
    [female] әйел
    [male] ер
   *[other] көрсетілмеген
}
person-age = { $age } жаста

## Deadlines
deadline-passed-note = Өтініш жіберу мерзімі ({ $date }) өтіп кетті. Өтініш жібермес бұрын { $org } ұйымымен хабарласыңыз.
deadline-rule-working = { $date }: { $from } күнінен кейін { $count } жұмыс күні{ $skipped_count ->
    [0] {""}
    [1] {" "}(мереке күні есепке алынбады: { $skipped })
   *[other] {" "}(мереке күндері есепке алынбады: { $skipped })
}
deadline-rule-calendar = { $date }: { $from } күнінен кейін { $count } күн

## Letters
letter-subject = Тақырыбы: { $title }
letter-opening = Сізге { $name } есімді { $gender ->
    [female] азаматшаның
   *[other] азаматтың
} ісіне байланысты жүгініп отырмын.
letter-person = Менің пікірімше, { $name } адам құқықтарын бейбіт жолмен жүзеге асырғаны үшін ғана қудалауға ұшырап отыр.
letter-asks-intro = Сізден мына шараларды қабылдауыңызды құрметпен өтінемін:
letter-closing = Құрметпен,
letter-cc = Көшірмелері:

## Fax cover sheet
fax-heading = ФАКС
fax-to = Кімге
fax-from = Кімнен
fax-number = Факс
fax-phone = Телефон
fax-date = Күні
fax-pages = Беттер саны (осы бетті қоса алғанда)
fax-subject = Тақырыбы
fax-note = Шұғыл өтініш: осы факсты адресатқа кідіртпей жеткізуіңізді сұраймыз.

## Email to an authority
email-subject = { $title } ({ $reference })

## Supporter alert (mail to supporters)
alert-subject = Шұғыл әрекет: { $title }
alert-reminder-subject = { $days ->
    [one] Бір күн ғана қалды
   *[other] { $days } күн қалды
}: { $name } Сіздің қолдауыңызға мұқтаж
alert-greeting = Сәлеметсіз бе, { $name }!
alert-intro = { $org } Сізді { $reference } бойынша дереу әрекет етуге шақырады.
alert-asks-heading = Биліктен не сұраймыз
alert-targets-heading = Кімге жазу керек
alert-deadline = Өтінішіңізді { $date } күнінен кешіктірмей жіберуіңізді сұраймыз.
alert-no-deadline = Өтінішіңізді мүмкіндігінше тезірек жіберуіңізді сұраймыз.
alert-letter-heading = Жіберуге дайын хат
alert-mailto = Хатты пошта бағдарламасында ашу (алушы: { $title })
alert-embassy = Сондай-ақ көшірмесін мына мекенжайға жіберіңіз: { $embassy }
alert-unsubscribe = Сіз бұл хатты { $org } ұйымының шұғыл әрекеттер таратылымына жазылғандықтан алып отырсыз. Жазылымнан бас тарту: { $url }
alert-thanks = Атсалысқаныңыз үшін рақмет!

## Calendar export
ics-summary = Өтініш жіберудің соңғы күні: { $reference }, { $name }
ics-targets = Кімге жазу керек:
ics-alarm = { $reference }: { $days ->
    [one] мерзімі ертең аяқталады
   *[other] мерзімі { $days } күннен кейін аяқталады
}
