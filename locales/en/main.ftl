# English phrases for appeal. Case texts come from the case files; these are the fixed phrases.
# Variables: see README "Locales". Every message here must exist in every locale.

## Language
# Languages whose spelling of a name or address is used when this one has none.
language-fallbacks = ru, kk
# Languages whose spelling of a holder's name a letter may show when this one has none.
name-fallbacks = ru, kk

# How a letter's recipient block declines: plain (no case), dative (title and name),
# dative-name (nominative title, dative name; dative title when no name is known).
recipient-style = plain

## Dates (CLDR en-GB: "7 June 2018")
date-long = { $day } { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }
date-line = { date-long }
# "Before" a date, as a deadline: the day itself is too late.
date-before = before { date-long }

## Labels
label-fax = Fax
label-email = Email
label-phone = Phone
label-web = Web
label-salutation = Salutation
address-unknown = (postal address not known)

## Salutations
# Punctuation after the salutation that opens a letter.
salutation-end = {","}
# Greet a person by surname (`surname`) or by first name and patronymic (`patronymic`).
salutation-style = surname
salutation-person = Dear { $gender ->
    [female] Ms
    [male] Mr
   *[other] Mx
} { $surname }
salutation-role = Dear { $title }

## Urgent-action document
ua-banner = URGENT ACTION
# $count: how many asks follow, one a line; with one, ua-write-ask takes its place.
ua-write-intro = Please write immediately in Kazakh, Russian or your own language, asking the authorities to:
# A single ask goes inside the sentence: a list numbered "1)" with nothing after it reads as cut off.
ua-write-ask = Please write immediately in Kazakh, Russian or your own language, asking the authorities to { $ask }.
ua-send-before = Please send appeals { $before } to:
ua-send-soon = Please send appeals as soon as possible to:
# $count: how many receive a copy.
ua-copies-to = { $count ->
    [1] And a copy to:
   *[other] And copies to:
}
ua-diplomatic = Also send copies to the diplomatic representatives of Kazakhstan accredited to your country.
ua-after-deadline = Please check with { $org } before sending appeals after the above date.
ua-update-line = This is { $number ->
    [1] the first update
    [2] the second update
    [3] the third update
    [4] the fourth update
    [5] the fifth update
    [6] the sixth update
    [7] the seventh update
    [8] the eighth update
    [9] the ninth update
    [10] the tenth update
   *[other] update { $number }
} of { $reference }.
# A stop action or closure reports the outcome ($kind: stop-action or closure): no call to act.
ua-banner-outcome = { $kind ->
    [stop-action] ACTION STOPPED
   *[closure] ACTION CLOSED
}
ua-no-action = No further action is requested.
# Before the asks a stop action may still carry (each completes "we ask you to …"); $count: how many.
ua-outcome-asks = We also ask you to:
# Instead of ua-outcome-asks when there is one ask: it goes inside the sentence, unnumbered.
ua-outcome-ask = We also ask you to { $ask }.
ua-thanks = Many thanks to everyone who sent appeals.
ua-further = Further information:
ua-additional = Additional information
ua-name = Name: { $name }
ua-gender = Gender: { $gender ->
    [female] female
    [male] male
   *[other] not stated
}
ua-issued = Issued: { $date }
ua-age = Age: { $age }
ua-occupation = Occupation: { $occupation }
ua-place = Place: { $place }
person-age = { $age ->
    [one] { $age } year old
   *[other] { $age } years old
}

## Deadlines
deadline-passed-note = Appeals for this action were due { $before }; that deadline has passed. Please check with { $org } before sending.
# In alerts: the mail comes from the organiser itself, so "contact us".
alert-deadline-passed = Appeals for this action were due { $before }; that deadline has passed. If you still wish to send one, please contact us first.
# How a counted deadline was reached. $last: the last day to send (the $count-th day counted
# after $from); $date: the send-before date, the day after it ($before: "before …").
deadline-rule-working = { $count ->
    [one] { $count } working day
   *[other] { $count } working days
} from { $from }{ $skipped_count ->
    [0] {""}
    [one] , skipping the holiday { $skipped }
   *[other] , skipping the holidays { $skipped }
}{ $moved_count ->
    [0] {""}
    [one] , not counting the day off moved to { $moved }
   *[other] , not counting the days off moved to { $moved }
}: send by { $last } (the last day)
deadline-rule-calendar = { $count ->
    [one] { $count } day
   *[other] { $count } days
} from { $from }: send by { $last } (the last day)

## Letters
letter-subject = Subject: { $subject }
letter-subject-default = Appeal concerning { $name }
# $voice: `we` in letters the organisation sends, `i` in letters supporters send.
letter-opening = { $voice ->
    [we] We are writing to you about the case of { $name }.
   *[i] I am writing to you about the case of { $name }.
}
letter-poc = { $voice ->
    [we] We
   *[i] I
} consider { $name } a prisoner of conscience, targeted solely for peacefully exercising { $gender ->
    [female] her
    [male] his
   *[other] their
} human rights.
# The asks follow, each completing this sentence ("release …"); $count: how many.
letter-asks-intro = { $voice ->
    [we] We respectfully ask you to:
   *[i] I respectfully ask you to:
}
# Instead of letter-asks-intro when there is one ask: it goes inside the sentence, unnumbered.
letter-ask = { $voice ->
    [we] We respectfully ask you to { $ask }.
   *[i] I respectfully ask you to { $ask }.
}
letter-closing = Yours sincerely,
letter-cc = { $count ->
    [one] Copy to:
   *[other] Copies to:
}
letter-cc-entry = { $title }, { $name }

## Fax cover sheet
fax-heading = FAX
fax-to = To
fax-from = From
fax-number = Fax
fax-phone = Phone
fax-date = Date
fax-pages = Pages, including this cover
fax-subject = Subject
fax-note = Urgent appeal: please pass this fax to the addressee without delay.

## Email to an authority
email-subject = { $subject } ({ $reference })

## Supporter alert (mail to supporters)
alert-subject = Urgent action: { $title }
# Instead of alert-subject once the deadline has passed: no "urgent".
alert-subject-past = Deadline passed: { $title }
# The notice of a stop action or closure: a closure is good news (the person freed, the
# charges dropped); an action that ends otherwise is a stop action.
alert-subject-outcome = { $kind ->
    [stop-action] Outcome: { $title }
   *[closure] Good news: { $title }
}
alert-reminder-subject = { $days ->
    [1] Last day
   *[other] { $days } days left
} to act for { $name }
# $name: the supporter's first name (the `first_name` column); $named: `yes` when it is given,
# `no` when not (then the greeting names nobody).
alert-greeting = { $named ->
    [yes] Dear { $name },
   *[no] Dear supporter,
}
alert-intro = { $org } asks you to act now on { $reference }.
# Instead of alert-intro once the deadline has passed: no call to act now.
alert-intro-past = { $org } writes to you about { $reference }.
# In the notice of a stop action, before the asks it still carries (as ua-outcome-asks).
alert-outcome-asks = We also ask you to:
# Instead of alert-outcome-asks when there is one ask (as ua-outcome-ask).
alert-outcome-ask = We also ask you to { $ask }.
# Instead of alert-intro in the notice of a stop action or closure.
alert-intro-outcome = { $org } writes to you with the outcome of { $reference }.
# In a reminder, instead of alert-intro; $days: the days left, today included.
alert-reminder-intro = A reminder: { $days ->
    [1] today is the last day to send appeals for { $reference }.
    [one] { $days } day is left to send appeals for { $reference }.
   *[other] { $days } days are left to send appeals for { $reference }.
}
alert-asks-heading = What to ask for
# Under alert-asks-heading (alerts, the action page, a UA past its deadline) when there is one
# ask: a sentence instead of a list of one item numbered "1)".
alert-ask = Ask the authorities to { $ask }.
alert-targets-heading = Whom to write to
alert-deadline = Please send your appeals { $before }.
alert-no-deadline = Please send your appeals as soon as possible.
# $title: the addressee's title.
alert-letter-heading = A letter ready to send, addressed to: { $title }
alert-mailto = Open the letter to { $title } in your mail program
# When the letter is too long for a link that every mail program opens whole.
alert-mailto-short = Write to { $title } in your mail program, then copy the letter above into it
# The mission's name follows on a line of its own, as in an address.
alert-embassy = Also send a copy to the mission of Kazakhstan in your country:
# In alerts, when no mission in the supporter's country is known.
alert-diplomatic = Also send copies to the diplomatic representatives of Kazakhstan accredited to your country.
alert-unsubscribe = You receive this because you joined the { $org } appeals list. To stop receiving these messages: { $url }
alert-thanks = Thank you for acting.
# Before the ready letters: why they carry the supporter's name and postal address.
alert-address-why = Kazakh state bodies do not consider anonymous appeals, so each letter starts with your name and postal address; where it shows a line in square brackets instead, write your address there.
# The button to the case's page on the action site (HTML part, when `site.base_url` is set).
alert-action-page = Open the action page

## Calendar export
# The calendar's name, as calendar programs show it.
ics-calendar-name = Urgent action deadlines
ics-summary = Appeals due: { $reference }, { $name }
ics-targets = Write to:
ics-alarm = { $reference }: { $days ->
    [one] the deadline is tomorrow
   *[other] the deadline is in { $days } days
}

## Public action site (appeal site)
# This language's name, in itself, for the language switcher.
site-language-name = English
site-skip = Skip to the content
site-languages = Language
site-index-title = Urgent actions
site-index-intro = Open appeals, most urgent first. Each has a letter ready to send.
site-index-empty = There are no open actions right now.
site-index-link = Open actions
site-archive-title = Archive
site-archive-intro = Actions that are closed, past their deadline or replaced by a later document.
site-archive-empty = The archive is empty.
site-archive-link = Earlier actions (archive)
site-feed = News feed (Atom)
site-feed-title = { $org }: urgent actions
site-built = Updated { $date }
site-privacy = This site sets no cookies and loads nothing from other sites.
# $kind: new, update, stop-action, closure; $number: the update's number.
site-kind = { $kind ->
    [update] Update { $number }
    [stop-action] Stop action
    [closure] Closure
   *[new] Urgent action
}
# $state: open, closing-soon, past-deadline, superseded, closed.
site-state = { $state ->
    [closing-soon] Closing soon
    [past-deadline] The deadline for appeals has passed
    [superseded] Replaced by a later document
    [closed] This action is closed
   *[open] Open
}
# $org: the campaign's organisation (for `past-deadline`), as in ua-after-deadline.
site-no-action = { $state ->
    [superseded] Please act on the latest document of this action instead.
    [past-deadline] Please check with { $org } before sending an appeal.
   *[other] This page is kept as a record: no appeals are needed now.
}
site-latest = Latest document of this action
site-closing-soon = Closing soon
# $before: the date in the "before" form ("before 7 June 2018"); $date: the date;
# $last: the last day to send.
site-card-deadline = Send { $before }
site-deadline-heading = When to send
# On pages that no longer ask for appeals (past the deadline, closed, replaced).
site-deadline-heading-past = Deadline for appeals
site-send-before = Deadline
# On pages that no longer ask for appeals: the same date, said of the past.
site-send-before-past = Appeals were due before
site-last-day = Last day to send
site-days-left = { $days ->
    [one] { $days } day left
   *[other] { $days } days left
}
site-deadline-passed = The deadline ({ $date }) has passed
site-add-calendar = Add the deadline to your calendar (.ics)
site-story-heading = { $state ->
    [closed] Details
   *[other] What happened
}
site-act-now = Write a letter now
# $state: as in site-state; once the action is closed the person may be safe.
site-person-heading = { $state ->
    [closed] Who this action is about
   *[other] Who is at risk
}
# $count: how many addressees (one letter each) follow.
site-targets-intro = { $count ->
    [1] The letter below is ready: add your name and address, then send it by email, fax or post.
   *[other] Write to each of them. The letters below are ready: add your name and address, then send them by email, fax or post.
}
site-holder = Office holder
site-address = Address
site-email-letter = Open this letter in your email program
site-email-paste = Write an email (paste the letter below into it)
site-to-letter = Go to the letter to copy
site-download-letter = Download the letter (text)
site-download-fax = Download the fax (PDF)
site-letter-heading = Your letter, ready to send
site-letter-intro = Replace the parts in square brackets with your own details.
site-copy = Copy the letter
site-copied = Copied. Paste it into your email or document.
site-selected = Selected: press Ctrl+C (⌘+C on a Mac) to copy.
site-chain-heading = Documents of this action
site-this-page = this page
# Placeholders in the letters offered on the site, replaced by the supporter.
site-your-name = [Your name]
site-your-email = [Your email]
# In a ready letter, where the supporter gave no postal address: the line to write it on.
letter-your-address = [Your postal address]
