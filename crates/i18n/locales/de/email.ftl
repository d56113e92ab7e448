## Die Buchungs-E-Mails (crates/domain/src/email.rs) und die E-Mail zum Zurücksetzen des
## Passworts (crates/domain/src/account_email.rs). `$when` ist Datum und Uhrzeit im Muster der
## Sprache; `$zone` der IANA-Name einer Zeitzone; `$offset` z. B. UTC+01:00.

email-subject = { $verb }: { $title } mit { $other } am { $when } ({ $zone })

email-verb-request-host = Neue Anfrage
email-verb-request-guest = Anfrage erhalten
email-verb-confirmed = Bestätigt
email-verb-cancelled = Abgesagt
email-verb-rescheduled = Verschoben
email-verb-declined = Abgelehnt
email-verb-reminder = Erinnerung
email-verb-new-time-requested = Neue Zeit erbeten

email-heading-request-guest = Ihre Anfrage ist eingegangen
email-heading-request-host = Ein Gast möchte einen Termin mit Ihnen
email-heading-confirmed = Ihr Termin ist bestätigt
email-heading-cancelled = Ihr Termin wurde abgesagt
email-heading-rescheduled = Ihr Termin wurde verschoben
email-heading-declined = Ihre Anfrage wurde abgelehnt
email-heading-reminder = Ihr Termin beginnt in { $duration }
email-heading-reminder-soon = Ihr Termin beginnt in Kürze
email-heading-new-time-requested = Bitte wählen Sie eine neue Zeit

email-lead-request-guest = { $host } wird sie bestätigen oder ablehnen; Sie erhalten in jedem Fall eine E-Mail, nach der Bestätigung mit dem Meeting-Link.
email-lead-request-host = Die Zeit bleibt für diese Anfrage reserviert, bis Sie sie bestätigen oder ablehnen; ist sie zu Beginn des Termins noch offen, wird sie abgelehnt.
email-lead-cancelled-by-host = Abgesagt von { $host } (Gastgeber).
email-lead-cancelled-by-guest = Abgesagt von { $guest } (Gast).
email-lead-new-time-requested = { $host } bittet Sie, eine neue Zeit für diesen Termin zu wählen. Bis dahin bleibt er zur unten angegebenen Zeit gebucht.

email-link-book-again = Einen anderen Termin buchen
email-link-withdraw = Anfrage zurückziehen
email-link-choose-new-time = Neue Zeit wählen
email-link-manage = Absagen oder verschieben
email-link-decide = Bestätigen oder ablehnen
email-link-dashboard = Dashboard öffnen

email-label-what = Was
email-label-when = Wann
email-label-was = Vorher
email-label-duration = Dauer
email-label-guest = Gast
email-label-host = Gastgeber
email-label-join = Teilnehmen
email-label-notes = Notizen
email-label-reason = Grund
email-label-message = Nachricht
email-message-from = Nachricht von { $host }:
email-join-button = Am Meeting teilnehmen

## „Dienstag, 1. Dezember 2026, 09:00 – 09:30 (Europe/Berlin, UTC+01:00)“
email-when = { $start } – { $end } ({ $zone }, { $offset })
email-at = { $at } ({ $zone }, { $offset })

email-minutes = { $minutes ->
    [one] { $minutes } Minute
   *[other] { $minutes } Minuten
}
email-hours = { $hours } Std.
email-hours-minutes = { $hours } Std. { $minutes } Min.

## Die Einladung (.ics), die den E-Mails beiliegt.
email-invitation-summary = { $title }: { $guest } und { $host }
email-invitation-join = Am Videomeeting teilnehmen: { $url }

## Die E-Mail zum Zurücksetzen des Passworts.
email-reset-subject = Setzen Sie Ihr SmartCal-Passwort zurück
email-reset-hello = Hallo { $name },
email-reset-asked = jemand (hoffentlich Sie) hat angefordert, das Passwort Ihres SmartCal-Kontos zurückzusetzen.
email-reset-choose = Wählen Sie hier ein neues Passwort (der Link funktioniert nur einmal und ist { $minutes } Minuten lang gültig):
email-reset-button = Neues Passwort wählen
email-reset-validity = Der Link funktioniert nur einmal und ist { $minutes } Minuten lang gültig.
email-reset-logout = Wenn Sie ein neues Passwort festlegen, werden Sie überall abgemeldet.
email-reset-ignore = Falls Sie dies nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.
