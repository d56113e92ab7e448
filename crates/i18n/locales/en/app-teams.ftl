# The dashboard's Team tab (dashboard/teams.rs).
teams-heading = Teams
teams-intro = A team books its members together: its agendas offer a time when every member is free (collective), or when one is and give the booking to them (round robin).
teams-none = No teams yet.
teams-created = The team “{ $name }” was created.
teams-name-required = Please enter a name.
teams-slug-required = Please enter a link name, e.g. sales.
teams-new-heading = New team
teams-name-label = Team name
teams-slug-label = Team link name
teams-links-hint = Team booking links are /book/team/{"{"}link name{"}"}/{"{"}agenda{"}"}.
teams-creating = Creating…
teams-create = Create team
teams-remove-member-title = Remove member
teams-remove-member-question = Remove { $name } from the team “{ $team }”? They stop getting bookings of its agendas; the meetings already booked with them stay theirs.
teams-remove = Remove
teams-member-removed = { $name } was removed from “{ $team }”.
teams-agenda-created = “{ $title }” was created.
teams-link-copied = Booking link copied.
teams-copy-by-hand = Copy this link by hand: { $url }
teams-link-name = Link name: { $slug }
teams-you-own = You own it
teams-members = Members
teams-owner = Owner
teams-remove-member-label = Remove { $name } from the team
teams-member-added = { $name } was added to “{ $team }”.
teams-agendas = Team agendas
teams-no-agendas = No team agendas yet.
# A team agenda's line: its duration, "Collective" or "Round robin", its members' names.
teams-agenda-summary = { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    } · { $assignment } · { $members }
teams-copy-link-label = Copy link to book { $title }
teams-copy-link = Copy link
teams-new-agenda-of = New agenda of { $team }
teams-new-agenda = New team agenda
teams-collective = Collective
teams-round-robin = Round robin
teams-email-invalid = Please enter an email address like name@example.com.
teams-member-email-label = Email of the host to add
teams-add-member = Add member
teams-title-required = Please enter a title.
teams-whole-number = Enter a whole number.
teams-members-required = Choose at least one member.
teams-end-after-start = The end must be after the start.
teams-days-required = Choose at least one day.
teams-correct-fields = Please correct the marked fields.
teams-title-label = Title
teams-duration-label = Duration (minutes)
teams-assignment = Assignment
teams-collective-hint = A time is offered when every chosen member is free; the meeting is with all of them.
teams-round-robin-hint = A time is offered when one chosen member is free; the meeting goes to the free member with the fewest bookings of this agenda in the last 30 days.
teams-weekly-hours = Weekly hours
teams-hours-hint = The same hours on each chosen day, in { $zone }. An end of 00:00 means midnight at the end of the day.
teams-from = From
teams-until = Until
teams-defaults-hint = Buffers, notice (4 hours), bookable days ahead (60) and the other booking rules take their defaults.
teams-create-agenda = Create team agenda
teams-cancel = Cancel

# The dashboard's Calendars tab (dashboard/calendars.rs).
calendars-busy-ahead = { $count ->
        [one] { $count } busy time ahead
       *[other] { $count } busy times ahead
    }
calendars-kind-ical = iCal address
calendars-kind-caldav = CalDAV
calendars-added-reading = “{ $name }” was added; reading it…
calendars-added-failed = “{ $name }” was added, but it could not be read: { $error }
calendars-added-busy = “{ $name }” was added: { $count ->
        [one] { $count } busy time ahead
       *[other] { $count } busy times ahead
    }.
calendars-again-reading = “{ $name }” was read again; reading it…
calendars-again-failed = “{ $name }” was read again, but it could not be read: { $error }
calendars-again-busy = “{ $name }” was read again: { $count ->
        [one] { $count } busy time ahead
       *[other] { $count } busy times ahead
    }.
calendars-link-copied = Link copied.
calendars-copy-by-hand = Select the link and copy it by hand.
calendars-url-required = Please enter the calendar’s address.
calendars-reading-name = Reading “{ $name }”…
calendars-remove-title = Remove calendar
calendars-remove-question = Remove the calendar “{ $name }”? Its busy times are no longer kept free.
calendars-remove = Remove
calendars-removed = The calendar “{ $name }” was removed.
calendars-rotate-title = Make a new feed link
calendars-rotate-question = Make a new feed link? The current link stops working; calendar apps subscribed to it must subscribe again.
calendars-rotate-confirm = Make a new link
calendars-heading = Calendars
calendars-intro = Busy times in your own calendars are not offered to guests. A calendar is read when it is added and then regularly; if a read fails, its last good busy times keep being used.
calendars-yours = Your calendars
calendars-none = No calendars yet.
calendars-reading = Reading…
calendars-last-synced = Last synced { $time }
calendars-not-synced = Not synced yet
calendars-last-tried = Last tried { $time }
calendars-user = User { $name }
calendars-writes = Bookings are written to this calendar.
calendars-sync-failed = Sync failed:
calendars-sync-now-label = Sync now: { $name }
calendars-syncing = Syncing…
calendars-sync-now = Sync now
calendars-remove-label = Remove { $name }
calendars-add-heading = Add a calendar
calendars-kind = Kind
calendars-url = URL
calendars-url-hint-caldav = The calendar collection’s address, e.g. https://cloud.example.com/remote.php/dav/calendars/you/personal/
calendars-url-hint-ical = The secret address in iCal format (https:// or webcal://) from your calendar’s settings.
calendars-name-optional = Name (optional)
calendars-username = User name
calendars-app-password = App password
calendars-password-hint = Stored encrypted and never shown again.
calendars-write-back = Write bookings to this calendar
calendars-adding = Adding…
calendars-add = Add calendar
calendars-feed-heading = Subscribe to your bookings
calendars-feed-intro = A secret link that calendar apps can subscribe to, with your confirmed bookings.
calendars-new-feed-heading = Your new feed link
calendars-new-feed-warning = Copy it now: it is shown only this once. Rotating the link again disables this one.
calendars-feed-url = Feed link (https)
calendars-copy-link = Copy link
calendars-webcal-url = Subscription link (webcal)
calendars-copy-webcal = Copy webcal link
calendars-done-hide = Done, hide the link
calendars-feed-active-since = A feed link is active (made { $time }). Its address was shown only when it was made.
calendars-feed-active = A feed link is active. Its address was shown only when it was made.
calendars-no-feed = No feed link yet.
calendars-rotate = Rotate feed link
calendars-create-feed = Create feed link

# An agenda's Invites (dashboard/invites.rs).
invites-expiry-invalid = Enter a date and a time, or leave it empty.
invites-revoke-title = Revoke invite
# $invite: invites-quoted-note or invites-made.
invites-revoke-question = Revoke the invite { $invite }? Its link stops working at once.
invites-revoke = Revoke
invites-revoked = The invite { $invite } was revoked.
invites-heading = Invites
invites-hint = A private link books { $title } once, also when it is not listed.
invites-note-label = Note (whom it is for)
invites-expires-label = Expires (optional)
invites-create = Create invite
invites-new-heading = New invite link
invites-copy-now = Copy it now: it is shown only this once.
invites-new-link-label = The new invite link
invites-link-copied = Invite link copied.
invites-copy-by-hand = Select the link and copy it by hand.
invites-copy = Copy invite link
invites-done-hide = Done, hide the link
invites-none = No invites.
invites-created-expires = Created { $date } · expires { $time }
invites-created-never-expires = Created { $date } · never expires
invites-revoke-label = Revoke the invite { $invite }
invites-state-open = Open
invites-state-used = Used
invites-state-expired = Expired
invites-no-note = No note
# An invite without a note, named by when it was made.
invites-made = made { $time }
invites-quoted-note = “{ $note }”
