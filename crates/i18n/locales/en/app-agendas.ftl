# The dashboard's Agendas tab and the agenda editor (frontend/src/dashboard/agendas.rs).

## The list
agendas-heading = Agendas
agendas-new = New agenda
agendas-empty = No agendas yet. Create one, then share its booking link.
agendas-summary = { $minutes ->
    [one] { $minutes } minute · { $zone }
   *[other] { $minutes } minutes · { $zone }
}
agendas-seats-per-time = { $seats ->
    [one] { $seats } seat per time
   *[other] { $seats } seats per time
}
agendas-badge-active = Active
agendas-badge-inactive = Inactive
agendas-badge-unlisted = Unlisted
agendas-badge-requires-confirmation = Requires confirmation
agendas-copy-link = Copy link
agendas-copy-link-label = Copy link to book { $title }
agendas-edit = Edit
agendas-edit-label = Edit { $title }
agendas-activate = Activate
agendas-activate-label = Activate { $title }
agendas-deactivate = Deactivate
agendas-deactivate-label = Deactivate { $title }
agendas-invites = Invites
agendas-invites-label = Invites for { $title }
agendas-delete = Delete
agendas-delete-label = Delete { $title }
agendas-delete-title = Delete agenda
agendas-delete-question = Delete the agenda “{ $title }”? Its booking link stops working.
agendas-deleted = “{ $title }” was deleted.
agendas-now-active = “{ $title }” is now active: guests can book it.
agendas-now-inactive = “{ $title }” is now inactive: its booking page is closed.
agendas-link-copied = Booking link copied.
agendas-copy-by-hand = Copy this link by hand: { $url }

## The editor
agendas-edit-heading = Edit agenda
agendas-first-heading = Your first agenda
agendas-new-heading = New agenda
agendas-first-title = 30 minute meeting
agendas-first-hint = Ready to create: 30 minutes, Monday to Friday 09:00–17:00 in your time zone. Change anything you like, then create it and share its booking link.
agendas-title = Title
agendas-title-missing = Please enter a title.
agendas-slug = Link name (optional)
agendas-slug-hint = The end of the booking link; made from the title when empty.
agendas-description = Description
agendas-duration = Duration (minutes)
agendas-seats = Seats per time
agendas-seats-hint = How many guests can book the same time; they meet in one room. 1: a meeting per guest.
agendas-seats-range = Enter a number from 1 to 1000.
agendas-whole-number = Enter a whole number.
agendas-zone-hint = The weekly hours below are in this zone.
agendas-weekly-hours = Weekly hours
agendas-weekly-hours-hint = An end of 00:00 means midnight at the end of the day.
agendas-unavailable = Unavailable
agendas-add-hours = + Add hours
# $day: a weekday's name, a date (2026-12-24) or agendas-override-new-date.
agendas-add-hours-on = Add hours on { $day }
agendas-hours-from = { $day }: from
agendas-hours-until = { $day }: until
agendas-remove-hours = Remove these hours on { $day }
agendas-hours-missing = Enter a start and an end time.
agendas-hours-order = The end must be after the start.
agendas-overrides = Date overrides
agendas-overrides-hint = Other hours on a given date. A date without hours is a day off.
agendas-add-override = Add a date override
agendas-date = Date
agendas-override-date-missing = Choose a date.
# What the labels call an override whose date is not chosen yet.
agendas-override-new-date = the new date
agendas-remove-override = Remove the override on { $date }
agendas-remove = Remove
agendas-day-off = Day off
agendas-rules = Booking rules
agendas-buffer-before = Buffer before (minutes)
agendas-buffer-before-hint = Kept free before each meeting.
agendas-buffer-after = Buffer after (minutes)
agendas-buffer-after-hint = Kept free after each meeting.
agendas-notice = Minimum notice (minutes)
agendas-notice-hint = 240 = 4 hours.
agendas-horizon = Bookable days ahead
agendas-horizon-hint = How far ahead guests can book.
agendas-step = Start times every (minutes)
agendas-step-hint = Empty: the duration.
agendas-max-day = Most bookings per day
agendas-max-week = Most bookings per week
agendas-max-week-hint = Monday to Sunday. Empty: no limit.
agendas-max-month = Most bookings per month
agendas-no-limit-hint = Empty: no limit.
agendas-active-label = Active: guests can book it
agendas-listed = Listed
agendas-listed-hint = Anyone with the booking link can book. Off: only guests with an invite.
agendas-requires-confirmation = Requires confirmation
agendas-confirm-hint = Each booking is a request you confirm or decline; it holds its time meanwhile.
agendas-reminders-invalid = Enter minutes as whole numbers separated by commas, e.g. 15, 60, 1440.
agendas-correct-fields = Please correct the marked fields.
agendas-saving = Saving…
agendas-save = Save agenda
agendas-create = Create agenda
agendas-cancel = Cancel
agendas-saved = “{ $title }” was saved.
agendas-created = “{ $title }” was created.

# The editor's Questions (frontend/src/dashboard/questions.rs).
questions-edit-heading = Questions
questions-edit-hint = Asked on the booking form after name, email and notes.
questions-edit-none = No questions.
questions-edit-add = Add a question
questions-edit-legend = Question { $number }
questions-edit-label = Label
questions-edit-key = Key
questions-edit-key-hint = a–z, 0–9 and _; made from the label when empty.
questions-edit-kind = Answer type
questions-edit-kind-short-text = Short text
questions-edit-kind-long-text = Long text
questions-edit-kind-email = Email
questions-edit-kind-phone = Phone
questions-edit-kind-number = Number
questions-edit-kind-select = Select (one option)
questions-edit-kind-multi-select = Multi select (any options)
questions-edit-kind-checkbox = Checkbox (yes or no)
questions-edit-options = Options (one per line)
questions-edit-options-hint = 2 to 50 options.
questions-edit-required = Required
questions-edit-move-up = Move up
questions-edit-move-down = Move down
questions-edit-remove = Remove
# How the buttons' labels name a question: by its label, else by its number.
questions-edit-named = “{ $label }”
questions-edit-unnamed = question { $number }
questions-edit-move-up-label = Move up { $question }
questions-edit-move-down-label = Move down { $question }
questions-edit-remove-label = Remove { $question }

# The editor's Reminders (frontend/src/dashboard/reminders.rs).
reminders-edit-heading = Reminders
reminders-edit-minutes-label = Minutes before the start
reminders-edit-hint = Up to { $max }, separated by commas, e.g. 60, 1440. Host and guest each get an email.
reminders-edit-none = No reminders.
# $times: the reminder times, e.g. "15 min, 1 h 30 min, 1 day".
reminders-edit-summary = Reminders { $times } before.
reminders-edit-add = + { $time }
reminders-edit-add-label = Add a reminder { $time } before
# A reminder time is written as its days, hours and minutes, e.g. "1 day 2 h 30 min".
reminders-edit-days = { $days ->
    [one] { $days } day
   *[other] { $days } days
}
reminders-edit-hours = { $hours } h
reminders-edit-minutes = { $minutes } min
