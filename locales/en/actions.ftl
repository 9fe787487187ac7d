# Actions that count: the "I sent my appeal" link in alerts and reminders, the page `appeal serve`
# shows for it, and the counter on the action site. Variables: $org, the organisation; $count,
# a number of people (already rounded down).

## In alerts and reminders, before the link.
alert-acted-intro = Have you sent your appeal? Please let us know with one click, so that we can see how many people have acted:
alert-acted-link = I have sent my appeal

## The page behind the link (`appeal serve`).
acted-title = Your appeal
acted-question = Have you sent your appeal? Press the button to let us know. Nothing is recorded until you do, and then only that an appeal was sent: neither your email address nor where you are.
acted-button = I have sent my appeal
acted-done = Thank you! Your appeal has been counted. Every letter shows the authorities that people are watching this case.

## A link the server cannot read (altered, or from another organisation).
link-invalid-title = Link not valid
link-invalid = This link is not valid. Use the link in the latest email you received from { $org }, or reply to that email.

## The action site's counter (`site: {counter: true}`).
site-acted = At least { $count } people have sent appeals.
