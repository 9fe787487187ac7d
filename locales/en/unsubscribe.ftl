# The unsubscribe server's page (`appeal serve`). Variable: $org, the organisation.
unsubscribe-title = Unsubscribe
unsubscribe-question = Stop receiving urgent-action emails from { $org }? Nothing changes until you press the button.
unsubscribe-button = Unsubscribe
unsubscribe-done = Done: you will receive no more urgent-action emails from { $org }. Thank you for the support you gave.
