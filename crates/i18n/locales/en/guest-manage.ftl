# A guest's booking page (/booking/{id}): see and cancel, withdraw or reschedule a booking.
manage-invalid-link = Booking not found or the link is invalid
manage-heading = Your booking
manage-moved = Your booking was moved to { $when }.
manage-time-taken = That time was just taken. Please choose another one.
manage-same-time = That is already your booking's time. Please choose another one.
manage-cancelled = This booking is cancelled
manage-declined = This request was declined
manage-not-offered = This meeting type is no longer offered; you can still cancel.
# $host: the host's name (drawn apart from the sentence).
manage-pending = { $host } will confirm or decline this request; you’ll get an email.
manage-what = What
manage-host = Host
manage-when = When
manage-status = Status
manage-reason = Reason
manage-meeting-link = Meeting link
manage-join-call = Join the video call
manage-zone-hint = The times on this page are shown in this zone.
manage-book-again = Book another time
manage-withdraw-heading = Withdraw
manage-cancel-heading = Cancel
manage-reason-optional = Reason (optional)
manage-withdraw-question = Do you really want to withdraw this request?
manage-cancel-question = Do you really want to cancel this booking?
manage-cancelling = Cancelling…
manage-withdraw-yes = Yes, withdraw request
manage-cancel-yes = Yes, cancel booking
manage-keep-request = Keep request
manage-keep-booking = Keep booking
manage-withdraw-request = Withdraw request
manage-cancel-booking = Cancel booking
manage-reschedule = Reschedule
# $from, $to: the booking's time now and the new one (date and time).
manage-move-question = Move your meeting from { $from } to { $to }?
manage-moving = Moving…
manage-confirm = Confirm
manage-back = Back
manage-pick-hint = Pick a day, then a new time.
manage-status-pending = Request pending
manage-status-confirmed = Confirmed
manage-status-declined = Declined
manage-status-cancelled = Cancelled

# The host's page for a booking request (/decide/{id}), opened from the request email.
decide-invalid-link = Request not found: it was decided already, or the link is invalid
decide-heading = Booking request
# $guest: the guest's name.
decide-confirmed = Confirmed. { $guest } gets the confirmation with the meeting link.
decide-declined = Declined. { $guest } is told, and the time is free again.
decide-notes = Notes
decide-reason = Reason
decide-what = What
decide-when = When
decide-guest = Guest
decide-guest-zone = Guest’s time zone
decide-status = Status
decide-your-decision = Your decision
decide-told-either-way = The guest is told either way.
decide-confirm = Confirm
decide-decline-reason = Reason if you decline (optional)
decide-decline = Decline
decide-status-pending = Waiting for your decision
decide-status-confirmed = Confirmed
decide-status-declined = Declined
decide-status-cancelled = Cancelled

# Where a meeting's join link sends a visitor outside its join window (/join/{id}).
join-invalid-link = Meeting not found or the link is invalid
join-heading = Your meeting
# $link: a link to the guest's booking page, named by join-your-booking.
join-back-to-booking = { $link } (reschedule or cancel)
join-your-booking = Your booking
join-your-dashboard = Your dashboard
join-cancelled = This meeting was cancelled
join-nothing-to-join = There is no meeting to join.
join-declined = This request was declined
join-not-confirmed = This request is not confirmed yet
# $host: the host's name.
join-guest-pending = { $host } will confirm or decline it; you’ll get an email. The room opens only for a confirmed meeting.
# $link: a link to the decision page, named by join-confirm-or-decline.
join-host-pending = It waits for your decision: { $link }.
join-confirm-or-decline = Confirm or decline it
# $time: the time the room opens.
join-room-opens = The room opens at { $time }
join-minutes-before = { $minutes ->
        [one] That is { $minutes } minute before the start.
       *[other] That is { $minutes } minutes before the start.
    }
join-keep-open = Keep this page open and a Join now button appears here then, or open your join link again.
join-room-open = The room is open
join-now = Join now
join-ended = This meeting has ended
# $time: the time the room closed.
join-room-closed = The room closed at { $time }.
join-what = What
join-host = Host
join-guest = Guest
join-when = When
# $zone: a time-zone id such as Europe/Berlin.
join-zone-note = Times are in your time zone, { $zone }.
