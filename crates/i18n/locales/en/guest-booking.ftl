# The guest's booking pages: the booking page and its confirmation (book-), a host's public
# page (host-), the month calendar (calendar-), the slot picker (picker-), the time-zone field
# (zone-), the booking form's questions (questions-), the calendar buttons (add-to-calendar-)
# and a booking's answers (answers-).

## The booking page

book-unknown-heading = Unknown agenda
book-unknown-text = This booking link does not exist (any more). Please check the link you were given.
book-invite-gone = This invite no longer works
book-failed = Something went wrong
book-time-gone = That time is no longer available. Please choose another one.
book-time-taken = That time was just taken. Please choose another one.
# An agenda's length (also on a host's page).
book-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
book-video-call = Video call (Jitsi)
book-requests = Bookings are requests: the host confirms or declines each one.
book-zone-hint = Times are shown in this zone. Type a city, a country or a zone, e.g. Tokyo, Germany or Pacific Time.
book-loading = Loading…
book-details = Your details
book-change-time = Change time
book-name = Name
book-email = Email
book-notes = Notes
book-name-missing = Please enter your name.
book-email-invalid = Please enter an email address like name@example.com.
book-sending = Sending…
book-send-request = Send request
book-confirm = Confirm booking

## The confirmation

book-not-found-heading = Booking not found
book-not-found-text = This confirmation link does not work. The link in your email shows your booking.
# $email is drawn in bold.
book-emailed = We emailed you at { $email }.
# The agenda's title and the host's name.
book-what = { $agenda } with { $host }
book-pending-heading = Request sent
book-pending-text = { $host } will confirm or decline; you’ll get an email.
book-pending-manage = View or withdraw the request
book-confirmed-heading = You are booked
book-join = Join the video call
book-confirmed-manage = Change or cancel
book-over-heading = This booking is no longer on
book-over-manage = See the booking

## A host's public page

host-unknown-heading = Unknown page
host-unknown-text = This booking page does not exist (any more). Please check the link you were given.
host-heading = Book a meeting with { $name }
host-empty = There is nothing to book here right now.
host-choose = Choose what you would like to meet about:

## The month calendar

calendar-previous = Previous month
calendar-next = Next month
# A day's button: $day is the date written out (Tuesday, December 1, 2026).
calendar-day-free = { $count ->
    [0] { $day }, no free times
    [one] { $day }, { $count } free time
   *[other] { $day }, { $count } free times
}

## The slot picker

picker-seats-left = { $count ->
    [one] { $count } seat left
   *[other] { $count } seats left
}
picker-next-available = Next available: { $day }
picker-loading-times = Loading times…
picker-none-on-day = No free times on { $day }.
# $month: a month and its year (December 2026).
picker-none-in-month = No free times in { $month }.
picker-looking = Looking for the next free day…
picker-none-ahead = No free times in the coming months.
picker-available-times = Available times

## The time-zone field (the search knows English names: keep the examples)

zone-label = Time zone
zone-found = Time zones found
zone-hint = Type a city, a country or a zone, e.g. Tokyo, Germany or Pacific Time.
# $time: the zone's clock now; $offset: its UTC offset (UTC+01:00).
zone-local-time = Local time { $time } ({ $offset })
# $value: what was typed; $zone: the zone kept (America/New_York).
zone-unknown = Unknown time zone “{ $value }”. Type a city, a country or a name such as Pacific Time, and pick from the list; the times stay in { $zone }.
# The legend of the 12 h / 24 h switch.
zone-clock = Clock

## The booking form's questions

questions-required = (required)
questions-choose = Choose…
questions-number = Please enter a number.
questions-choose-answer = Please choose an answer.
questions-answer = Please answer this question.

## Add to calendar (the event's title and details go to Google's and Outlook's templates)

add-to-calendar-group = Add to your calendar
add-to-calendar-ics = Add to calendar (.ics)
add-to-calendar-google = Add to Google Calendar
add-to-calendar-outlook = Add to Outlook
add-to-calendar-title = { $agenda } with { $host }
add-to-calendar-join = Join the video call: { $url }
add-to-calendar-join-email = Join the video call with the link in your confirmation email.

## A booking's answers

answers-yes = Yes
answers-no = No
