# A guest's booking page (/booking/{id}): see and cancel, withdraw or reschedule a booking.
manage-invalid-link = Buchung nicht gefunden oder der Link ist ungültig
manage-heading = Ihre Buchung
manage-moved = Ihre Buchung wurde auf { $when } verschoben.
manage-time-taken = Dieser Termin wurde gerade vergeben. Bitte wählen Sie einen anderen.
manage-same-time = Das ist bereits der Termin Ihrer Buchung. Bitte wählen Sie einen anderen.
manage-cancelled = Diese Buchung ist storniert
manage-declined = Diese Anfrage wurde abgelehnt
manage-not-offered = Diese Terminart wird nicht mehr angeboten; Sie können aber weiterhin stornieren.
# $host: the host's name (drawn apart from the sentence).
manage-pending = { $host } wird diese Anfrage bestätigen oder ablehnen; Sie erhalten eine E-Mail.
manage-what = Was
manage-host = Gastgeber
manage-when = Wann
manage-status = Status
manage-reason = Grund
manage-meeting-link = Meeting-Link
manage-join-call = Am Videoanruf teilnehmen
manage-zone-hint = Die Zeiten auf dieser Seite werden in dieser Zeitzone angezeigt.
manage-book-again = Einen anderen Termin buchen
manage-withdraw-heading = Zurückziehen
manage-cancel-heading = Stornieren
manage-reason-optional = Grund (optional)
manage-withdraw-question = Möchten Sie diese Anfrage wirklich zurückziehen?
manage-cancel-question = Möchten Sie diese Buchung wirklich stornieren?
manage-cancelling = Wird storniert…
manage-withdraw-yes = Ja, Anfrage zurückziehen
manage-cancel-yes = Ja, Buchung stornieren
manage-keep-request = Anfrage behalten
manage-keep-booking = Buchung behalten
manage-withdraw-request = Anfrage zurückziehen
manage-cancel-booking = Buchung stornieren
manage-reschedule = Verschieben
# $from, $to: the booking's time now and the new one (date and time).
manage-move-question = Ihren Termin von { $from } auf { $to } verschieben?
manage-moving = Wird verschoben…
manage-confirm = Bestätigen
manage-back = Zurück
manage-pick-hint = Wählen Sie einen Tag und dann eine neue Uhrzeit.
manage-status-pending = Anfrage ausstehend
manage-status-confirmed = Bestätigt
manage-status-declined = Abgelehnt
manage-status-cancelled = Storniert

# The host's page for a booking request (/decide/{id}), opened from the request email.
decide-invalid-link = Anfrage nicht gefunden: Sie wurde bereits entschieden, oder der Link ist ungültig
decide-heading = Buchungsanfrage
# $guest: the guest's name.
decide-confirmed = Bestätigt. { $guest } erhält die Bestätigung mit dem Meeting-Link.
decide-declined = Abgelehnt. { $guest } wird benachrichtigt, und der Termin ist wieder frei.
decide-notes = Notizen
decide-reason = Grund
decide-what = Was
decide-when = Wann
decide-guest = Gast
decide-guest-zone = Zeitzone des Gastes
decide-status = Status
decide-your-decision = Ihre Entscheidung
decide-told-either-way = Der Gast wird in jedem Fall benachrichtigt.
decide-confirm = Bestätigen
decide-decline-reason = Grund, falls Sie ablehnen (optional)
decide-decline = Ablehnen
decide-status-pending = Wartet auf Ihre Entscheidung
decide-status-confirmed = Bestätigt
decide-status-declined = Abgelehnt
decide-status-cancelled = Storniert

# Where a meeting's join link sends a visitor outside its join window (/join/{id}).
join-invalid-link = Meeting nicht gefunden oder der Link ist ungültig
join-heading = Ihr Meeting
# $link: a link to the guest's booking page, named by join-your-booking.
join-back-to-booking = { $link } (verschieben oder stornieren)
join-your-booking = Ihre Buchung
join-your-dashboard = Ihr Dashboard
join-cancelled = Dieses Meeting wurde abgesagt
join-nothing-to-join = Es gibt kein Meeting, an dem Sie teilnehmen können.
join-declined = Diese Anfrage wurde abgelehnt
join-not-confirmed = Diese Anfrage ist noch nicht bestätigt
# $host: the host's name.
join-guest-pending = { $host } wird sie bestätigen oder ablehnen; Sie erhalten eine E-Mail. Der Raum öffnet sich nur für ein bestätigtes Meeting.
# $link: a link to the decision page, named by join-confirm-or-decline.
join-host-pending = Sie wartet auf Ihre Entscheidung: { $link }.
join-confirm-or-decline = Bestätigen oder ablehnen
# $time: the time the room opens.
join-room-opens = Der Raum öffnet am { $time }
join-minutes-before = { $minutes ->
        [one] Das ist { $minutes } Minute vor Beginn.
       *[other] Das sind { $minutes } Minuten vor Beginn.
    }
join-keep-open = Lassen Sie diese Seite geöffnet, dann erscheint hier zu gegebener Zeit die Schaltfläche „Jetzt teilnehmen“, oder öffnen Sie Ihren Teilnahmelink dann erneut.
join-room-open = Der Raum ist geöffnet
join-now = Jetzt teilnehmen
join-ended = Dieses Meeting ist beendet
# $time: the time the room closed.
join-room-closed = Der Raum wurde am { $time } geschlossen.
join-what = Was
join-host = Gastgeber
join-guest = Gast
join-when = Wann
# $zone: a time-zone id such as Europe/Berlin.
join-zone-note = Alle Zeiten in Ihrer Zeitzone: { $zone }.
