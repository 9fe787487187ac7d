# Russian phrases for appeal. Case texts come from the case files; these are the fixed phrases.
# Variables: see README "Locales". Every message here must exist in every locale.
# Names, titles, dates and references arrive in the nominative and are never declined:
# phrase around them (apposition, a colon, a word such as "организация" before them).

## Language
# Languages whose spelling of a name or address is used when this one has none.
language-fallbacks = kk, en
# Languages whose spelling of a holder's name a letter may show when this one has none
# (`none`: a Russian letter names only holders with a Russian spelling, else the title alone).
name-fallbacks = none

# Recipient block: title and name in the dative («Генеральному прокурору … К. П. Кожамжарову»).
recipient-style = dative

## Dates (CLDR ru: "7 июня 2018 г.")
date-long = { $day } { $month ->
    [1] января
    [2] февраля
    [3] марта
    [4] апреля
    [5] мая
    [6] июня
    [7] июля
    [8] августа
    [9] сентября
    [10] октября
    [11] ноября
   *[12] декабря
} { $year } г.
date-line = { date-long }
# "До" reads as inclusive to many readers: messages that use it also name the last day ($last).
date-before = до { date-long }

## Labels
label-fax = Факс
label-email = Эл. почта
label-phone = Телефон
label-web = Сайт
# «Обращение» само по себе читается как «жалоба, заявление»: уточняем.
label-salutation = Форма обращения
address-unknown = (почтовый адрес неизвестен)

## Salutations
# Punctuation after the salutation that opens a letter.
salutation-end = {"!"}
# Официальное письмо обращается по имени и отчеству; без отчества — к должности.
salutation-style = patronymic
salutation-person = { $gender ->
    [female] Уважаемая
   *[other] Уважаемый
} { $first } { $patronymic }!
# $gender: the holder's, when known; otherwise the adjective agrees with the title alone.
salutation-role = { $gender ->
    [female] Уважаемая госпожа { $title }!
    [male] Уважаемый господин { $title }!
   *[other] { $title_gender ->
        [feminine] Уважаемая { $title }!
        [neuter] Уважаемое { $title }!
       *[masculine] Уважаемый господин { $title }!
    }
}

## Urgent-action document
ua-banner = СРОЧНАЯ АКЦИЯ
# $count — число просьб (их список следует); при одной просьбе вместо этого — ua-write-ask.
ua-write-intro = Пожалуйста, срочно напишите властям на казахском, русском или своём родном языке и призовите их:
# Единственная просьба — в самой фразе, без номера «1)» ($ask начинается с инфинитива).
ua-write-ask = Пожалуйста, срочно напишите властям на казахском, русском или своём родном языке и призовите их { $ask }.
ua-send-before = Пожалуйста, направьте обращения следующим адресатам до { $date } (последний день отправки — { $last }):
ua-send-soon = Пожалуйста, как можно скорее направьте обращения следующим адресатам:
# $count — число адресатов копий.
ua-copies-to = { $count ->
    [1] Копию направьте:
   *[other] Копии направьте:
}
ua-diplomatic = Также направьте копии в дипломатические представительства Казахстана в вашей стране.
ua-after-deadline = Прежде чем отправлять обращения после истечения срока, пожалуйста, свяжитесь с организатором акции: { $org }.
# Порядковые числительные до десяти — словами, дальше цифрами («11-е»).
ua-update-line = Это { $number ->
    [1] первое
    [2] второе
    [3] третье
    [4] четвёртое
    [5] пятое
    [6] шестое
    [7] седьмое
    [8] восьмое
    [9] девятое
    [10] десятое
   *[other] { $number }-е
} обновление акции { $reference }.
# Прекращение или закрытие акции ($kind: stop-action или closure): без призыва действовать.
ua-banner-outcome = { $kind ->
    [stop-action] АКЦИЯ ПРЕКРАЩЕНА
   *[closure] АКЦИЯ ЗАВЕРШЕНА
}
ua-no-action = Больше обращений не требуется.
# Перед просьбами, которые могут остаться в сообщении о прекращении акции (каждая — с инфинитива);
# $count — их число.
ua-outcome-asks = Вместе с тем мы просим вас:
# Вместо ua-outcome-asks, когда просьба одна: она входит в саму фразу, без номера.
ua-outcome-ask = Вместе с тем мы просим вас { $ask }.
ua-thanks = Большое спасибо всем, кто направил обращения.
ua-further = Подробнее:
ua-additional = Дополнительная информация
ua-name = Имя и фамилия: { $name }
ua-gender = Пол: { $gender ->
    [female] женский
    [male] мужской
   *[other] не указан
}
ua-issued = Дата выпуска: { $date }
ua-age = Возраст: { $age ->
    [one] { $age } год
    [few] { $age } года
    [many] { $age } лет
   *[other] { $age } года
}
ua-occupation = Род занятий: { $occupation }
ua-place = Место жительства: { $place }
person-age = { $age ->
    [one] { $age } год
    [few] { $age } года
    [many] { $age } лет
   *[other] { $age } года
}

## Deadlines
deadline-passed-note = Обращения по этой акции нужно было направить до { $date } (последний день отправки — { $last }); этот срок истёк. Прежде чем отправлять обращение, пожалуйста, свяжитесь с организатором акции: { $org }.
# В рассылке: письмо приходит от самого организатора, поэтому «свяжитесь с нами».
# Дата кончается на «г.»: после неё не ставим точку, отсюда «; этот срок истёк».
alert-deadline-passed = Обращения по этой акции нужно было отправить не позднее { $last }; этот срок истёк. Если Вы всё же хотите отправить обращение, сначала свяжитесь с нами.
# Как получен срок. $last — последний день отправки ($count-й день после $from),
# $date — дата, до которой нужно отправить (следующий день).
# Праздники и перенесённые выходные — в одних скобках, через точку с запятой.
deadline-rule-working = { $count ->
    [one] { $count } рабочий день
    [few] { $count } рабочих дня
    [many] { $count } рабочих дней
   *[other] { $count } рабочего дня
} с { $from }{ $skipped_count ->
    [0] {""}
    [1] {" "}(без учёта праздничного дня { $skipped }
   *[other] {" "}(без учёта праздничных дней: { $skipped }
}{ $moved_count ->
    [0] {""}
    [1] { $skipped_count ->
        [0] {" "}(
       *[other] ;{" "}
    }не считая выходного дня, перенесённого на { $moved }
   *[other] { $skipped_count ->
        [0] {" "}(
       *[other] ;{" "}
    }не считая выходных дней, перенесённых на { $moved }
}{ $skipped_count ->
    [0] { $moved_count ->
        [0] {""}
       *[other] )
    }
   *[other] )
}: отправить до { $date } (последний день — { $last })
deadline-rule-calendar = { $count ->
    [one] { $count } день
    [few] { $count } дня
    [many] { $count } дней
   *[other] { $count } дня
} с { $from }: отправить до { $date } (последний день — { $last })

## Letters
# Заголовок к тексту письма («Об уголовном преследовании …») ставится без слова «Тема:»,
# как принято в официальной переписке (ГОСТ Р 7.0.97).
letter-subject = { $subject }
# $genitive: `yes`, когда $name_genitive — имя в родительном падеже («Бауыржана Улгилова»);
# `no`, когда правила не дают уверенной формы (тогда имя остаётся в именительном).
letter-subject-default = { $genitive ->
    [yes] По делу { $name_genitive }
   *[no] Обращение по делу: { $name }
}
# $voice: `we` в письмах организации, `i` в письмах, которые отправляют сторонники.
letter-opening = { $voice ->
    [we] Обращаемся
   *[i] Обращаюсь
} к Вам в связи с положением, в котором { $gender ->
    [female] оказалась
    [male] оказался
   *[other] находится
} { $name }.
letter-poc = { $voice ->
    [we] Мы считаем
   *[i] Я считаю
}, что { $name } — { $gender ->
    [female] узница совести: она подверглась
    [male] узник совести: он подвергся
   *[other] узник совести, подвергшийся
} преследованию исключительно за мирное осуществление своих прав человека.
# Далее идут просьбы, каждая — с инфинитива («освободить …»); $count — их число.
letter-asks-intro = { $voice ->
    [we] Убедительно просим Вас:
   *[i] Убедительно прошу Вас:
}
# Вместо letter-asks-intro, когда просьба одна: она входит в саму фразу, без номера.
letter-ask = { $voice ->
    [we] Убедительно просим Вас { $ask }.
   *[i] Убедительно прошу Вас { $ask }.
}
letter-closing = С уважением,
letter-cc = { $count ->
    [one] Копия:
   *[other] Копии:
}
# Должность и имя в дательном падеже, как в блоке адресата.
letter-cc-entry = { $title } { $name }

## Fax cover sheet
fax-heading = ФАКС
fax-to = Кому
fax-from = От кого
fax-number = Факс
fax-phone = Телефон
fax-date = Дата
fax-pages = Количество страниц (включая титульный лист)
fax-subject = Тема
fax-note = Срочное обращение: просим незамедлительно передать этот факс адресату.

## Email to an authority
email-subject = { $subject } ({ $reference })

## Supporter alert (mail to supporters)
# Тема — два предложения: после двоеточия заглавная буква названия была бы ошибкой.
alert-subject = Срочная акция. { $title }
# Вместо alert-subject, когда срок уже истёк: без слова «срочная».
alert-subject-past = Срок истёк. { $title }
# Сообщение о прекращении или закрытии акции: закрытие — хорошая новость (человек освобождён,
# обвинения сняты); акция, завершившаяся иначе, — прекращение.
alert-subject-outcome = { $kind ->
    [stop-action] Итоги акции. { $title }
   *[closure] Хорошая новость! { $title }
}
alert-reminder-subject = { $days ->
    [1] Остался последний день
    [one] Остался { $days } день
    [few] Осталось { $days } дня
    [many] Осталось { $days } дней
   *[other] Осталось { $days } дня
}: { $name } нуждается в Вашей поддержке
# $name — имя сторонника (столбец `first_name`); $named — `yes`, когда оно указано, иначе `no`:
# тогда приветствие без имени (полное имя в приветствии звучит казённо).
alert-greeting = { $named ->
    [yes] Здравствуйте, { $name }!
   *[no] Здравствуйте!
}
alert-intro = { $org } просит Вас прямо сейчас принять участие в акции { $reference }.
# Вместо alert-intro, когда срок уже истёк: без призыва действовать немедленно.
alert-intro-past = { $org } направляет Вам информацию по акции { $reference }.
# В личном письме о прекращении акции, перед оставшимися просьбами: «Вас» с прописной;
# $count — их число.
alert-outcome-asks = Вместе с тем мы просим Вас:
# Вместо alert-outcome-asks, когда просьба одна: она входит в саму фразу, без номера.
alert-outcome-ask = Вместе с тем мы просим Вас { $ask }.
# Вместо alert-intro в сообщении о прекращении или закрытии акции.
alert-intro-outcome = { $org } сообщает Вам об итогах акции { $reference }.
# Вместо alert-intro в напоминании; $days — сколько дней осталось, считая сегодняшний.
alert-reminder-intro = Напоминаем: { $days ->
    [1] сегодня последний день отправки обращений по акции { $reference }.
    [one] до окончания срока отправки обращений по акции { $reference } остался { $days } день.
    [few] до окончания срока отправки обращений по акции { $reference } осталось { $days } дня.
    [many] до окончания срока отправки обращений по акции { $reference } осталось { $days } дней.
   *[other] до окончания срока отправки обращений по акции { $reference } осталось { $days } дня.
}
alert-asks-heading = О чём просить власти
# Под заголовком alert-asks-heading (рассылка, страница акции, документ с истёкшим сроком),
# когда просьба одна: фраза вместо списка из одного пункта «1)».
alert-ask = Призовите власти { $ask }.
alert-targets-heading = Кому писать
alert-deadline = Пожалуйста, отправьте обращения до { $date } (последний день отправки — { $last }).
alert-no-deadline = Пожалуйста, отправьте обращения как можно скорее.
# $title — должность адресата в именительном падеже, поэтому «Адресат:», а не «письмо адресату».
alert-letter-heading = Готовое письмо. Адресат: { $title }
alert-mailto = { $title }: открыть письмо в почтовой программе
# Письмо слишком длинное для ссылки, которую любая почтовая программа откроет целиком.
alert-mailto-short = { $title }: открыть почтовую программу, а затем вставить в письмо текст, приведённый выше
# Название представительства — следующей строкой, в именительном падеже, как в адресе.
# «Вашей» с прописной: письмо обращено к одному человеку, как и «Вас» в alert-intro.
alert-embassy = Также направьте копию в представительство Казахстана в Вашей стране:
# В рассылке (личное письмо): «Вашей» с прописной, как в alert-embassy.
alert-diplomatic = Также направьте копии в дипломатические представительства Казахстана в Вашей стране.
alert-unsubscribe = Вы получаете это письмо, потому что подписались на рассылку о правозащитных акциях. Организатор рассылки: { $org }. Чтобы отписаться, перейдите по ссылке: { $url }
alert-thanks = Спасибо за участие!
# Перед готовыми письмами: почему в них стоят имя и почтовый адрес сторонника.
alert-address-why = Государственные органы Казахстана не рассматривают анонимные обращения, поэтому в начале письма указаны Ваши имя, фамилия и почтовый адрес; если вместо адреса стоит строка в квадратных скобках, замените её своим адресом.
# Кнопка, ведущая на страницу акции на сайте (в HTML-части письма, если задан `site.base_url`).
alert-action-page = Открыть страницу акции на сайте

## Calendar export
# Название календаря, которое показывает календарная программа.
ics-calendar-name = Срочные акции: сроки отправки обращений
ics-summary = Последний день отправки обращений: { $reference }, { $name }
ics-targets = Кому писать:
ics-alarm = { $reference }: { $days ->
    [1] срок истекает завтра
    [one] срок истекает через { $days } день
    [few] срок истекает через { $days } дня
    [many] срок истекает через { $days } дней
   *[other] срок истекает через { $days } дня
}

## Public action site (appeal site)
# Название этого языка на нём самом, для переключателя языков.
site-language-name = Русский
site-skip = Перейти к содержанию
site-languages = Язык
site-index-title = Срочные акции
site-index-intro = Действующие акции: самые срочные — в начале списка. Для каждой есть готовое письмо.
site-index-empty = Сейчас открытых акций нет.
site-index-link = Действующие акции
site-archive-title = Архив
site-archive-intro = Завершённые акции, акции с истёкшим сроком и документы, заменённые более поздними.
site-archive-empty = Архив пуст.
site-archive-link = Прошлые акции (архив)
site-feed = Лента обновлений (Atom)
site-feed-title = { $org }: срочные акции
site-built = Дата обновления: { $date }
site-privacy = Этот сайт не использует файлы cookie и ничего не загружает с других сайтов.
# $kind: new, update, stop-action, closure; $number — номер обновления.
site-kind = { $kind ->
    [update] Обновление № { $number }
    [stop-action] Прекращение акции
    [closure] Закрытие акции
   *[new] Срочная акция
}
# $state: open, closing-soon, past-deadline, superseded, closed.
site-state = { $state ->
    [closing-soon] Срок скоро истекает
    [past-deadline] Срок отправки обращений истёк
    [superseded] Этот документ заменён более поздним
    [closed] Акция завершена
   *[open] Акция продолжается
}
# $org — организатор кампании (для `past-deadline`), как в ua-after-deadline.
site-no-action = { $state ->
    [superseded] Пожалуйста, руководствуйтесь последним документом по этой акции.
    [past-deadline] Прежде чем отправлять обращение, пожалуйста, свяжитесь с организатором акции: { $org }.
   *[other] Эта страница сохранена в архиве: отправлять обращения больше не нужно.
}
site-latest = Последний документ этой акции
site-closing-soon = Срок скоро истекает
# $before — дата в форме «до …», $date — сама дата, $last — последний день отправки.
# «До» здесь двусмысленно, поэтому называем последний день.
site-card-deadline = Последний день отправки — { $last }
site-deadline-heading = Когда отправлять
# На страницах, где отправлять уже не нужно (срок истёк, акция завершена).
site-deadline-heading-past = Срок отправки
site-send-before = Отправить до (не включительно)
# На страницах, где отправлять уже не нужно: та же дата, в прошедшем времени.
site-send-before-past = Обращения нужно было отправить до (не включительно)
site-last-day = Последний день отправки
site-days-left = { $days ->
    [1] Сегодня последний день
    [one] Остался { $days } день
    [few] Осталось { $days } дня
    [many] Осталось { $days } дней
   *[other] Осталось { $days } дня
}
site-deadline-passed = Срок отправки обращений истёк
site-add-calendar = Добавить срок в календарь (.ics)
site-story-heading = { $state ->
    [closed] Подробности
   *[other] Что произошло
}
site-act-now = Написать письмо
# $state — как в site-state; завершённая акция могла закончиться освобождением.
site-person-heading = { $state ->
    [closed] О ком эта акция
   *[other] Кому грозит опасность
}
# $count — число адресатов (каждому своё письмо).
site-targets-intro = { $count ->
    [1] Ниже — готовое письмо: впишите в него своё имя и адрес и отправьте его по электронной почте, факсом или обычной почтой.
   *[other] Напишите каждому из адресатов. Ниже — готовые письма: впишите в них своё имя и адрес и отправьте по электронной почте, факсом или обычной почтой.
}
site-holder = Должность занимает
site-address = Адрес
site-email-letter = Открыть письмо в почтовой программе
site-email-paste = Написать письмо (вставьте в него текст ниже)
site-to-letter = Перейти к письму, чтобы скопировать его
site-download-letter = Скачать письмо (текстовый файл)
site-download-fax = Скачать факс (PDF)
site-letter-heading = Ваше письмо, готовое к отправке
site-letter-intro = Замените текст в квадратных скобках своими данными.
site-copy = Скопировать письмо
site-copied = Скопировано. Вставьте текст в письмо или документ.
site-selected = Текст выделен: нажмите Ctrl+C (⌘+C на Mac), чтобы скопировать его.
site-chain-heading = Документы этой акции
site-this-page = эта страница
# Места для данных сторонника в письмах на сайте.
site-your-name = [Ваши имя и фамилия]
site-your-email = [Ваш адрес электронной почты]
# В готовом письме, если сторонник не указал почтовый адрес: строка, куда его вписать.
letter-your-address = [Ваш почтовый адрес]
