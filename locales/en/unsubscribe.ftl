# The unsubscribe server's page (`appeal unsubscribe-server`). Variable: $org, the organisation.
unsubscribe-title = Unsubscribe
unsubscribe-question = Stop receiving urgent-action emails from { $org }? Nothing changes until you press the button.
unsubscribe-button = Unsubscribe
unsubscribe-done = Done: you will receive no more urgent-action emails from { $org }. Thank you for the support you gave.
unsubscribe-invalid = This unsubscribe link is not valid. Use the link in the latest email you received, or reply to that email and ask to be removed.
