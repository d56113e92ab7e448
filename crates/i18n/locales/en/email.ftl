## The booking emails (crates/domain/src/email.rs) and the password reset email
## (crates/domain/src/account_email.rs). `$when` is a date and time written by the locale's
## own pattern; `$zone` a time zone's IANA name; `$offset` like UTC+01:00.

email-subject = { $verb }: { $title } with { $other } on { $when } ({ $zone })

email-verb-request-host = New request
email-verb-request-guest = Request received
email-verb-confirmed = Confirmed
email-verb-cancelled = Cancelled
email-verb-rescheduled = Rescheduled
email-verb-declined = Declined
email-verb-reminder = Reminder
email-verb-new-time-requested = New time requested

email-heading-request-guest = Your request was received
email-heading-request-host = A guest asks to meet you
email-heading-confirmed = Your meeting is confirmed
email-heading-cancelled = Your meeting was cancelled
email-heading-rescheduled = Your meeting was rescheduled
email-heading-declined = Your request was declined
email-heading-reminder = Your meeting starts in { $duration }
email-heading-reminder-soon = Your meeting starts soon
email-heading-new-time-requested = Please choose a new time

email-lead-request-guest = { $host } will confirm or decline it; you will get an email either way, with the meeting link once it is confirmed.
email-lead-request-host = The time is held for this request until you confirm or decline it; if it is still open when the meeting would start, it is declined.
email-lead-cancelled-by-host = { $host } (the host) cancelled it.
email-lead-cancelled-by-guest = { $guest } (the guest) cancelled it.
email-lead-new-time-requested = { $host } asks you to choose a new time for this meeting. Until you do, it stays booked at the time below.

email-link-book-again = Book another time
email-link-withdraw = Withdraw the request
email-link-choose-new-time = Choose a new time
email-link-manage = Cancel or reschedule
email-link-decide = Confirm or decline
email-link-dashboard = Open your dashboard

email-label-what = What
email-label-when = When
email-label-was = Was
email-label-duration = Duration
email-label-guest = Guest
email-label-host = Host
email-label-join = Join
email-label-notes = Notes
email-label-reason = Reason
email-label-message = Message
email-message-from = Message from { $host }:
email-join-button = Join meeting

## "Tuesday, December 1, 2026 at 9:00 AM – 9:30 AM (Europe/Berlin, UTC+01:00)"
email-when = { $start } – { $end } ({ $zone }, { $offset })
email-at = { $at } ({ $zone }, { $offset })

email-minutes = { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}
email-hours = { $hours } h
email-hours-minutes = { $hours } h { $minutes } min

## The invitation (.ics) the emails carry.
email-invitation-summary = { $title }: { $guest } and { $host }
email-invitation-join = Join the video meeting: { $url }

## The password reset email.
email-reset-subject = Reset your SmartCal password
email-reset-hello = Hello { $name },
email-reset-asked = someone (we hope you) asked to reset the password of your SmartCal account.
email-reset-choose = Choose a new password here (the link works once, for { $minutes } minutes):
email-reset-button = Choose a new password
email-reset-validity = The link works once, for { $minutes } minutes.
email-reset-logout = Setting a new password logs you out everywhere.
email-reset-ignore = If you did not ask for this, ignore this email: your password stays as it is.
