## The dashboard's frame and tabs (pages/dashboard.rs)

dashboard-heading = Dashboard
dashboard-signed-in = { $name } · times in { $zone }
dashboard-log-out = Log out
dashboard-onboarding-heading = Set up your first agenda
dashboard-onboarding-text = An agenda is a kind of meeting guests can book: how long it is and when you are free. Create one, then share its booking link.
dashboard-onboarding-create = Create your first agenda
dashboard-sections = Dashboard sections
dashboard-tab-upcoming = Upcoming Meetings
dashboard-tab-past = Past
dashboard-tab-agendas = Agendas
dashboard-tab-teams = Team
dashboard-tab-api-keys = API keys
dashboard-tab-calendars = Calendars
dashboard-tab-account = Account

## Upcoming Meetings (dashboard/upcoming.rs)

meetings-email = Email
meetings-length-label = Length
meetings-length = { $minutes } min, ends { $end }
meetings-notes = Notes
meetings-none = No upcoming meetings.
meetings-list = Upcoming meetings
meetings-request = Request
meetings-in-progress = In progress
meetings-new-time-requested = New time requested
meetings-confirm = Confirm
meetings-confirm-named = Confirm the request of { $name }
meetings-decline = Decline
meetings-decline-named = Decline the request of { $name }
meetings-start = Start Meeting
meetings-start-named = Start Meeting with { $name }
meetings-reschedule = Reschedule
meetings-reschedule-named = Reschedule the meeting with { $name }
meetings-ask = Ask to reschedule
meetings-ask-named = Ask to reschedule: { $name } picks a new time
meetings-cancel = Cancel
meetings-cancel-named = Cancel the meeting with { $name }
meetings-jitsi-note = meet.jit.si asks the first participant to sign in with Google, GitHub or Facebook; a self-hosted Jitsi or JaaS avoids that.
# The dialog asking before Cancel, Decline and Ask to reschedule.
meetings-cancel-meeting = Cancel meeting
meetings-decline-request = Decline request
meetings-ask-title = Ask the guest to reschedule
meetings-cancel-question = Cancel the meeting with { $name } on { $when }? The guest will be told by email.
meetings-decline-question = Decline the request of { $name } for { $when }? The guest will be told, and the time is free again.
meetings-ask-question = Ask { $name } to choose a new time? They get an email with a link to pick one; the meeting stays on { $when } until they do.
meetings-reason-label = Reason (optional, told to the guest)
meetings-message-label = Message to the guest (optional)
meetings-send-request = Send request
meetings-dont-send = Don’t send
meetings-keep = Keep it
meetings-cancelled = Cancelled the meeting with { $name }; they were told by email.
meetings-declined = Declined the request of { $name }.
meetings-asked = Asked { $name } to choose a new time; they got an email with a link.
# The host moving a meeting to another free time.
meetings-move-now = Now:
meetings-move-zone = Times are in { $zone }.
meetings-move-question = Move the meeting with { $name } to { $when }? Host and guest get an email.
meetings-move = Move meeting
meetings-pick-another = Pick another time
meetings-close = Close
meetings-moved = Moved the meeting with { $name } to { $when }; both of you get an email.
# One start of an agenda with seats, e.g. "3/10 booked".
meetings-seats-booked = { $booked }/{ $seats } booked
meetings-start-seated = Start Meeting of { $title } at { $when } ({ $booked })
meetings-guests-of = Guests of { $title }
meetings-cancel-seat-named = Cancel the seat of { $name }

## Who came to a meeting's room (components/attendance.rs); $time is the time of day.

attendance-label = Attendance
attendance-host-absent = Host did not come
attendance-host-joined = Host joined { $time }, { $minutes } min
attendance-host-in-room = Host joined { $time }, still in the room
attendance-host-not-joined = Host has not joined
attendance-guest-absent = Guest did not come
attendance-guest-joined = Guest joined { $time }, { $minutes } min
attendance-guest-in-room = Guest joined { $time }, still in the room
attendance-guest-not-joined = Guest has not joined

## Past meetings and the Cancelled list (dashboard/past.rs)

past-heading = Past meetings
past-none = No past meetings.
# After the time of a past meeting that was cancelled: "… · cancelled".
past-status-cancelled = cancelled
past-no-show = No-show
past-erase = Erase guest data
past-erase-named = Erase guest data of the meeting with { $name }
past-erase-question = Erase the guest data of the meeting with { $name } on { $when }? Their name, email and notes are replaced for good, here and in the stored emails.
past-erase-confirm = Erase for good
past-cancelled-heading = Cancelled
past-cancelled-none = No cancelled meetings.
past-cancelled-badge = Cancelled
past-cancelled-by-host = Cancelled by the host.
past-cancelled-by-host-on = Cancelled by the host on { $when }.
past-cancelled-by-guest = Cancelled by the guest.
past-cancelled-by-guest-on = Cancelled by the guest on { $when }.
past-cancelled-unknown = Cancelled.
past-cancelled-unknown-on = Cancelled on { $when }.
past-reason = Reason
past-no-reason = No reason given

## API keys (dashboard/api_keys.rs)

keys-heading = API keys
# $header is keys-intro-header, shown as code.
keys-intro = Integrations send a key as { $header } to use the API in your name.
keys-intro-header = Authorization: Bearer <key>
keys-name = Key name
keys-name-missing = Please name the key, e.g. after the integration.
keys-create = Create key
keys-new-heading = New key “{ $name }”
keys-copy-now = Copy it now: it is shown only this once.
keys-new-value = The new API key
keys-copy = Copy key
keys-copied = Key copied.
keys-copy-by-hand = Select the key and copy it by hand.
keys-hide = Done, hide the key
keys-none = No API keys.
keys-created-last-used = Created { $created } · last used { $used }
keys-created-never-used = Created { $created } · never used
keys-revoke = Revoke
keys-revoke-named = Revoke { $name }
keys-revoke-title = Revoke key
keys-revoke-question = Revoke the key “{ $name }”? Integrations using it stop working at once.
keys-revoked = The key “{ $name }” was revoked.

## Account (dashboard/account.rs)

account-heading = Account
account-change-password = Change password
account-current-password = Current password
account-password-changed = Password changed. Every other session was logged out.
account-sessions = Sessions
account-sessions-lost = Lost a device, or logged in somewhere you should not stay logged in?
account-log-out-others = Log out everywhere else
account-others-logged-out = Every other session was logged out; this one stays.
account-language-heading = Language
account-language = Language of the dashboard and your emails
account-language-saved = Language saved.
account-language-failed = The language could not be saved. Please try again.
