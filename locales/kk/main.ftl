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

## Dates: the official "2018 жылғы 7 маусым" form, in running text and date lines alike.
date-long = { $year } жылғы { $day } { $month ->
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
date-line = { date-long }
# "Before" a date: the month takes the ablative (маусымнан бұрын).
date-before = { $year } жылғы { $day } { $month ->
    [1] қаңтардан
    [2] ақпаннан
    [3] наурыздан
    [4] сәуірден
    [5] мамырдан
    [6] маусымнан
    [7] шілдеден
    [8] тамыздан
    [9] қыркүйектен
    [10] қазаннан
    [11] қарашадан
   *[12] желтоқсаннан
} бұрын

## Labels
label-fax = Факс
label-email = Эл. пошта
label-phone = Телефон
label-web = Сайт
label-salutation = Хатты былай бастаңыз
address-unknown = (пошта мекенжайы белгісіз)

## Salutations
# Punctuation after the salutation that opens a letter.
salutation-end = {"!"}
# Ресми хатта адамға аты мен әкесінің атымен жүгінеді; әкесінің аты белгісіз болса — лауазымына.
salutation-style = patronymic
salutation-person = Құрметті { $first } { $patronymic }!
salutation-role = Құрметті { $title }!

## Urgent-action document
# «Үндеу» — көпшілікке арналған шақыру (urgent action); билікке жіберілетін хат — «өтініш».
ua-banner = ШҰҒЫЛ ҮНДЕУ
ua-write-intro = Билік органдарына қазақ тілінде, орыс тілінде немесе өз ана тіліңізде дереу хат жазып, олардан мыналарды сұраңыз:
ua-send-before = Өтініштеріңізді { $before } (жіберудің соңғы күні — { $last }) мына мекенжайларға жіберіңіз:
ua-send-soon = Өтініштеріңізді мүмкіндігінше тезірек мына мекенжайларға жіберіңіз:
ua-copies-to = Көшірмелерін мына мекенжайларға жіберіңіз:
ua-diplomatic = Сондай-ақ көшірмелерін Қазақстанның еліңіздегі дипломатиялық өкілдіктеріне жіберіңіз.
ua-after-deadline = Көрсетілген мерзім өтіп кетсе, өтініш жібермес бұрын алдымен { $org } ұйымымен хабарласыңыз.
# Реттік сан онға дейін сөзбен, одан әрі цифрмен жазылады («11-»).
# «Жаңарту» — бір термин: осында да, сайттағы «Жаңарту № 2» белгісінде де.
ua-update-line = Бұл — { $reference } шұғыл үндеуі бойынша { $number ->
    [1] бірінші жаңарту
    [2] екінші жаңарту
    [3] үшінші жаңарту
    [4] төртінші жаңарту
    [5] бесінші жаңарту
    [6] алтыншы жаңарту
    [7] жетінші жаңарту
    [8] сегізінші жаңарту
    [9] тоғызыншы жаңарту
    [10] оныншы жаңарту
   *[other] { $number }-жаңарту
}.
# Әрекетті тоқтату немесе аяқтау туралы хабар ($kind: stop-action немесе closure): әрекетке шақырусыз.
ua-banner-outcome = { $kind ->
    [stop-action] ҮНДЕУ ТОҚТАТЫЛДЫ
   *[closure] ҮНДЕУ АЯҚТАЛДЫ
}
ua-no-action = Бұдан әрі өтініш жіберудің қажеті жоқ.
# Тоқтату туралы хабарда қалуы мүмкін өтініштердің алдында (әрқайсысы қимыл есімімен аяқталады).
ua-outcome-asks = Сізден әлі де мыналарды өтінеміз:
ua-thanks = Өтініш жолдаған баршаңызға шын жүректен алғыс айтамыз.
ua-further = Толығырақ:
ua-additional = Қосымша ақпарат
ua-name = Аты-жөні: { $name }
ua-gender = Жынысы: { $gender ->
    [female] әйел
    [male] ер
   *[other] көрсетілмеген
}
ua-issued = Жарияланған күні: { $date }
ua-age = Жасы: { $age }
ua-occupation = Кәсібі: { $occupation }
ua-place = Тұратын жері: { $place }
person-age = { $age } жаста

## Deadlines
deadline-passed-note = Бұл үндеу бойынша өтініштерді { $before } (жіберудің соңғы күні — { $last }) жіберу керек еді; бұл мерзім өтіп кетті. Өтініш жібермес бұрын алдымен { $org } ұйымымен хабарласыңыз.
# Таратылымда: хатты ұйымның өзі жібереді, сондықтан «бізбен хабарласыңыз».
alert-deadline-passed = Бұл үндеу бойынша өтініштерді { $before } (жіберудің соңғы күні — { $last }) жіберу керек еді. Өтінішті бәрібір жібергіңіз келсе, алдымен бізбен хабарласыңыз.
# Мерзімнің қалай есептелгені. $last — жіберудің соңғы күні ($from күнінен кейінгі $count-күн),
# $before — одан кейінгі күн «…нан бұрын» түрінде.
# Мереке күндері мен ауыстырылған демалыс күндері бір жақшада, нүктелі үтір арқылы.
deadline-rule-working = { $from } күнінен бастап { $count } жұмыс күні{ $skipped_count ->
    [0] {""}
    [1] {" "}(мереке күні есепке алынбайды: { $skipped }
   *[other] {" "}(мереке күндері есепке алынбайды: { $skipped }
}{ $moved_count ->
    [0] {""}
    [1] { $skipped_count ->
        [0] {" "}(
       *[other] ;{" "}
    }ауыстырылған демалыс күні есепке алынбайды: { $moved }
   *[other] { $skipped_count ->
        [0] {" "}(
       *[other] ;{" "}
    }ауыстырылған демалыс күндері есепке алынбайды: { $moved }
}{ $skipped_count ->
    [0] { $moved_count ->
        [0] {""}
       *[other] )
    }
   *[other] )
}: өтініштерді { $before } жіберу керек (соңғы күні — { $last })
deadline-rule-calendar = { $from } күнінен бастап { $count } күн: өтініштерді { $before } жіберу керек (соңғы күні — { $last })

## Letters
# Ресми хатта «… туралы» тақырыбы «Тақырыбы:» деген сөзсіз, мәтіннің алдында жазылады.
letter-subject = { $subject }
letter-subject-default = { $name } ісі туралы
# $voice: `we` — ұйым жіберетін хат, `i` — қолдаушы өз атынан жіберетін хат.
letter-opening = Сізге { $name } есімді { $gender ->
    [female] азаматшаның
   *[other] азаматтың
} жағдайына байланысты жүгініп { $voice ->
    [we] отырмыз.
   *[i] отырмын.
}
# $name_accusative — табыс септігінде («Жанар Бәйтемірованы»); сенімді тұлғасы болмаса, атау септігінде.
letter-poc = { $voice ->
    [we] Біз { $name_accusative } ар-ождан тұтқыны деп санаймыз
   *[i] Мен { $name_accusative } ар-ождан тұтқыны деп санаймын
}: ол адам құқықтарын бейбіт жолмен жүзеге асырғаны үшін ғана қудалауға ұшырап отыр.
# Одан кейін өтініштер тізімі келеді, әрқайсысы қимыл есімімен аяқталады («… босату»).
# «Өтіне сұраймыз» — орысшадағы «убедительно просим» деңгейіндегі сыпайы өтініш.
letter-asks-intro = Сізден мыналарды өтіне { $voice ->
    [we] сұраймыз:
   *[i] сұраймын:
}
letter-closing = Құрметпен,
letter-cc = { $count ->
    [one] Көшірмесі:
   *[other] Көшірмелері:
}
# Лауазымы атау септігінде, есімі барыс септігінде, адресат блогындағыдай.
letter-cc-entry = { $title } { $name }

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
email-subject = { $subject } ({ $reference })

## Supporter alert (mail to supporters)
alert-subject = Шұғыл үндеу: { $title }
# Мерзім өтіп кеткенде alert-subject орнына: «шұғыл» деген сөзсіз.
alert-subject-past = Мерзімі өтті: { $title }
# Әрекетті тоқтату немесе аяқтау туралы хабар: аяқталу — жақсы жаңалық (адам босатылды,
# айып алынып тасталды); басқаша аяқталған әрекет — тоқтату.
alert-subject-outcome = { $kind ->
    [stop-action] Үндеу нәтижесі: { $title }
   *[closure] Жақсы жаңалық: { $title }
}
alert-reminder-subject = { $days ->
    [1] Бүгін — соңғы күн
   *[other] { $days } күн қалды
}: { $name } Сіздің қолдауыңызға мұқтаж
# $name — жақтастың аты (`first_name` бағаны); $named — аты берілсе `yes`, әйтпесе `no`
# (онда сәлемдесу есімсіз).
alert-greeting = { $named ->
    [yes] Сәлеметсіз бе, { $name }!
   *[no] Сәлеметсіз бе!
}
alert-intro = { $org } Сізді { $reference } шұғыл үндеуіне дереу қосылуға шақырады.
# Мерзім өтіп кеткенде alert-intro орнына: дереу әрекет етуге шақырусыз.
alert-intro-past = { $org } Сізге { $reference } шұғыл үндеуі бойынша ақпарат жібереді.
# Тоқтату туралы жеке хатта, қалған өтініштердің алдында: бір адамға, «Сізден».
alert-outcome-asks = Сізден әлі де мыналарды өтінеміз:
# Тоқтату немесе аяқтау туралы хабарда alert-intro орнына.
alert-intro-outcome = { $org } Сізге { $reference } үндеуінің нәтижесін хабарлайды.
# Еске салу хатында alert-intro орнына; $days — бүгінді қоса алғанда қалған күн саны.
alert-reminder-intro = Еске саламыз: { $reference } шұғыл үндеуі бойынша өтініш жіберудің { $days ->
    [1] соңғы күні — бүгін.
   *[other] мерзімі аяқталуына { $days } күн қалды.
}
alert-asks-heading = Биліктен не сұрау керек
alert-targets-heading = Кімге жазу керек
alert-deadline = Өтініштеріңізді { $before } (жіберудің соңғы күні — { $last }) жіберіңіз.
alert-no-deadline = Өтініштеріңізді мүмкіндігінше тезірек жіберіңіз.
# $title — алушының лауазымы (атау септігінде).
alert-letter-heading = Жіберуге дайын хат (алушы: { $title })
alert-mailto = Хатты пошта бағдарламасында ашу (алушы: { $title })
# Хат кез келген пошта бағдарламасы толық аша алатын сілтемеге сыймайды.
alert-mailto-short = Пошта бағдарламасында жаңа хат ашу (алушы: { $title }): жоғарыдағы мәтінді соған қойыңыз
# Өкілдіктің атауы келесі жолда, мекенжайдағыдай атау септігінде жазылады.
alert-embassy = Сондай-ақ көшірмелерін Қазақстанның еліңіздегі өкілдігіне жіберіңіз:
# Таратылымда, жақтастың еліндегі өкілдік белгісіз болғанда.
alert-diplomatic = Сондай-ақ көшірмелерін Қазақстанның еліңіздегі дипломатиялық өкілдіктеріне жіберіңіз.
alert-unsubscribe = Сіз бұл хатты { $org } ұйымының құқық қорғау үндеулері туралы таратылымына жазылғаныңыз үшін алып отырсыз. Жазылымнан бас тарту: { $url }
alert-thanks = Қатысқаныңыз үшін рақмет!
# Дайын хаттардың алдында: хатта жақтастың аты-жөні мен пошта мекенжайы неліктен тұр.
alert-address-why = Қазақстанның мемлекеттік органдары анонимді өтініштерді қарамайды, сондықтан хаттың басында Сіздің аты-жөніңіз бен пошта мекенжайыңыз көрсетілген; мекенжайдың орнында тік жақшадағы жазу тұрса, оны өз мекенжайыңызбен ауыстырыңыз.
# Сайттағы үндеу бетіне апаратын батырма (`site.base_url` берілсе, хаттың HTML бөлігінде).
alert-action-page = Үндеудің сайттағы бетін ашу

## Calendar export
# Күнтізбе бағдарламасы көрсететін күнтізбе атауы.
ics-calendar-name = Шұғыл үндеулердің мерзімдері
ics-summary = Өтініш жіберудің соңғы күні: { $reference }, { $name }
ics-targets = Кімге жазу керек:
ics-alarm = { $reference }: { $days ->
    [one] мерзімі ертең аяқталады
   *[other] мерзімі { $days } күннен кейін аяқталады
}

## Public action site (appeal site)
# Осы тілдің өз тіліндегі атауы (тіл ауыстырғыш үшін).
site-language-name = Қазақша
site-skip = Негізгі мазмұнға өту
site-languages = Тіл
site-index-title = Шұғыл үндеулер
site-index-intro = Жалғасып жатқан үндеулер: ең шұғылдары — тізімнің басында. Әр үндеуде жіберуге дайын хаттар бар.
site-index-empty = Қазір ашық үндеулер жоқ.
site-index-link = Жалғасып жатқан үндеулер
site-archive-title = Мұрағат
site-archive-intro = Аяқталған, мерзімі өткен немесе кейінгі құжатпен ауыстырылған үндеулер.
site-archive-empty = Мұрағат бос.
site-archive-link = Бұрынғы үндеулер (мұрағат)
# «Жаңарту» үндеудің жаңартуы үшін сақталады: сайттың арнасы — жаңалықтар арнасы.
site-feed = Жаңалықтар арнасы (Atom)
site-feed-title = { $org }: шұғыл үндеулер
site-built = Жаңартылған күні: { $date }
site-privacy = Бұл сайт cookie файлдарын қолданбайды және басқа сайттардан ештеңе жүктемейді.
# $kind: new, update, stop-action, closure; $number — жаңартудың нөмірі.
site-kind = { $kind ->
    [update] Жаңарту № { $number }
    [stop-action] Үндеудің тоқтатылуы
    [closure] Үндеудің аяқталуы
   *[new] Шұғыл үндеу
}
# $state: open, closing-soon, past-deadline, superseded, closed.
site-state = { $state ->
    [closing-soon] Мерзімі аяқталуға жақын
    [past-deadline] Өтініш жіберу мерзімі өтіп кетті
    [superseded] Кейінгі құжатпен ауыстырылды
    [closed] Үндеу аяқталды
   *[open] Үндеу жалғасуда
}
# $org — науқанды ұйымдастырушы ұйым (`past-deadline` үшін), ua-after-deadline-дағыдай.
site-no-action = { $state ->
    [superseded] Осы үндеу бойынша соңғы құжаттағы нұсқауларды орындаңыз.
    [past-deadline] Өтініш жібермес бұрын алдымен { $org } ұйымымен хабарласыңыз.
   *[other] Бұл бет мұрағатта сақталған: енді өтініш жіберудің қажеті жоқ.
}
site-latest = Осы үндеу бойынша соңғы құжат
site-closing-soon = Мерзімі аяқталуға жақын
# $before — «…нан бұрын» түріндегі күн («2018 жылғы 7 маусымнан бұрын»), $date — күннің өзі,
# $last — жіберудің соңғы күні.
site-card-deadline = { $before } жіберіңіз
site-deadline-heading = Қашан жіберу керек
# Өтініш жіберу қажет емес беттерде (мерзімі өткен, әрекет аяқталған).
site-deadline-heading-past = Жіберу мерзімі
site-send-before = Мына күннен бұрын жіберіңіз
# Өтініш жіберу қажет емес беттерде: сол күн, өткен шақта.
site-send-before-past = Өтініштерді мына күннен бұрын жіберу керек еді
site-last-day = Жіберудің соңғы күні
site-days-left = { $days ->
    [1] Бүгін — соңғы күн
   *[other] { $days } күн қалды
}
site-deadline-passed = Өтініш жіберу мерзімі өтіп кетті
site-add-calendar = Мерзімді күнтізбеге қосу (.ics)
site-story-heading = Не болды
site-act-now = Хат жазу
# $state — site-state-тегідей; аяқталған үндеудің кейіпкері қауіпсіз болуы мүмкін.
site-person-heading = { $state ->
    [closed] Үндеу кім туралы
   *[other] Кімге қауіп төніп тұр
}
site-targets-intro = Әр адресатқа жазыңыз. Төмендегі хаттар дайын: аты-жөніңіз бен пошта мекенжайыңызды жазып, оларды электрондық пошта, факс немесе кәдімгі пошта арқылы жіберіңіз.
site-holder = Лауазым иесі
site-address = Мекенжайы
site-email-letter = Хатты пошта бағдарламасында ашу
site-email-paste = Электрондық хат жазу (төмендегі мәтінді соған қойыңыз)
site-to-letter = Хат мәтініне өту (көшіру үшін)
site-download-letter = Хатты жүктеп алу (мәтіндік файл)
site-download-fax = Факсты жүктеп алу (PDF)
site-letter-heading = Жіберуге дайын хатыңыз
site-letter-intro = Тік жақшадағы мәтіннің орнына өз деректеріңізді жазыңыз.
site-copy = Хатты көшіру
site-copied = Көшірілді. Мәтінді хатқа немесе құжатқа қойыңыз.
site-selected = Мәтін белгіленді: көшіру үшін Ctrl+C (Mac-та ⌘+C) пернелерін басыңыз.
site-chain-heading = Осы үндеудің құжаттары
site-this-page = осы бет
# Хаттардағы жақтастың өз деректерін жазатын орындар.
site-your-name = [Аты-жөніңіз]
site-your-email = [Электрондық поштаңыз]
# Дайын хатта, жақтас пошта мекенжайын көрсетпесе: оны жазатын жол.
letter-your-address = [Пошта мекенжайыңыз]
