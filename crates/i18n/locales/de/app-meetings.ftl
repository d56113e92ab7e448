## The dashboard's frame and tabs (pages/dashboard.rs)

dashboard-heading = Dashboard
dashboard-signed-in = { $name } · Zeiten in { $zone }
dashboard-log-out = Abmelden
dashboard-onboarding-heading = Richten Sie Ihre erste Agenda ein
dashboard-onboarding-text = Eine Agenda ist eine Art von Termin, den Gäste buchen können: wie lange er dauert und wann Sie Zeit haben. Erstellen Sie eine und teilen Sie dann ihren Buchungslink.
dashboard-onboarding-create = Erste Agenda erstellen
dashboard-sections = Bereiche des Dashboards
dashboard-tab-upcoming = Anstehende Termine
dashboard-tab-past = Vergangen
dashboard-tab-agendas = Agenden
dashboard-tab-teams = Team
dashboard-tab-api-keys = API-Schlüssel
dashboard-tab-calendars = Kalender
dashboard-tab-account = Konto

## Upcoming Meetings (dashboard/upcoming.rs)

meetings-email = E-Mail
meetings-length-label = Dauer
meetings-length = { $minutes } Min., endet um { $end }
meetings-notes = Notizen
meetings-none = Keine anstehenden Termine.
meetings-list = Anstehende Termine
meetings-request = Anfrage
meetings-in-progress = Läuft gerade
meetings-new-time-requested = Neue Zeit angefragt
meetings-confirm = Bestätigen
meetings-confirm-named = Anfrage von { $name } bestätigen
meetings-decline = Ablehnen
meetings-decline-named = Anfrage von { $name } ablehnen
meetings-start = Meeting starten
meetings-start-named = Meeting mit { $name } starten
meetings-reschedule = Verschieben
meetings-reschedule-named = Termin mit { $name } verschieben
meetings-ask = Um neue Zeit bitten
meetings-ask-named = Um neue Zeit bitten: { $name } wählt eine neue Zeit
meetings-cancel = Absagen
meetings-cancel-named = Termin mit { $name } absagen
meetings-jitsi-note = meet.jit.si verlangt vom ersten Teilnehmer eine Anmeldung mit Google, GitHub oder Facebook; mit einem selbst betriebenen Jitsi oder JaaS entfällt das.
# The dialog asking before Cancel, Decline and Ask to reschedule.
meetings-cancel-meeting = Termin absagen
meetings-decline-request = Anfrage ablehnen
meetings-ask-title = Gast um eine neue Zeit bitten
meetings-cancel-question = Den Termin mit { $name } am { $when } absagen? Der Gast wird per E-Mail benachrichtigt.
meetings-decline-question = Die Anfrage von { $name } für { $when } ablehnen? Der Gast wird benachrichtigt, und die Zeit ist wieder frei.
meetings-ask-question = { $name } bitten, eine neue Zeit zu wählen? Der Gast erhält eine E-Mail mit einem Link zur Auswahl; bis dahin bleibt der Termin am { $when }.
meetings-reason-label = Grund (optional, wird dem Gast mitgeteilt)
meetings-message-label = Nachricht an den Gast (optional)
meetings-send-request = Anfrage senden
meetings-dont-send = Nicht senden
meetings-keep = Beibehalten
meetings-cancelled = Der Termin mit { $name } wurde abgesagt; der Gast wurde per E-Mail benachrichtigt.
meetings-declined = Die Anfrage von { $name } wurde abgelehnt.
meetings-asked = { $name } wurde gebeten, eine neue Zeit zu wählen, und hat eine E-Mail mit einem Link erhalten.
# The host moving a meeting to another free time.
meetings-move-now = Jetzt:
meetings-move-zone = Zeiten in { $zone }.
meetings-move-question = Den Termin mit { $name } auf { $when } verschieben? Gastgeber und Gast erhalten eine E-Mail.
meetings-move = Termin verschieben
meetings-pick-another = Andere Zeit wählen
meetings-close = Schließen
meetings-moved = Der Termin mit { $name } wurde auf { $when } verschoben; Sie beide erhalten eine E-Mail.
# One start of an agenda with seats, e.g. "3/10 booked".
meetings-seats-booked = { $booked }/{ $seats } gebucht
meetings-start-seated = Meeting { $title } am { $when } starten ({ $booked })
meetings-guests-of = Gäste von { $title }
meetings-cancel-seat-named = Platz von { $name } absagen

## Who came to a meeting's room (components/attendance.rs); $time is the time of day.

attendance-label = Teilnahme
attendance-host-absent = Gastgeber ist nicht erschienen
attendance-host-joined = Gastgeber beigetreten um { $time }, { $minutes } Min.
attendance-host-in-room = Gastgeber beigetreten um { $time }, noch im Raum
attendance-host-not-joined = Gastgeber ist noch nicht beigetreten
attendance-guest-absent = Gast ist nicht erschienen
attendance-guest-joined = Gast beigetreten um { $time }, { $minutes } Min.
attendance-guest-in-room = Gast beigetreten um { $time }, noch im Raum
attendance-guest-not-joined = Gast ist noch nicht beigetreten

## Past meetings and the Cancelled list (dashboard/past.rs)

past-heading = Vergangene Termine
past-none = Keine vergangenen Termine.
# After the time of a past meeting that was cancelled: "… · cancelled".
past-status-cancelled = abgesagt
past-no-show = Nicht erschienen
past-erase = Gastdaten löschen
past-erase-named = Gastdaten des Termins mit { $name } löschen
past-erase-question = Die Gastdaten des Termins mit { $name } am { $when } löschen? Name, E-Mail-Adresse und Notizen werden endgültig ersetzt, hier und in den gespeicherten E-Mails.
past-erase-confirm = Endgültig löschen
past-cancelled-heading = Abgesagt
past-cancelled-none = Keine abgesagten Termine.
past-cancelled-badge = Abgesagt
past-cancelled-by-host = Vom Gastgeber abgesagt.
past-cancelled-by-host-on = Vom Gastgeber abgesagt am { $when }.
past-cancelled-by-guest = Vom Gast abgesagt.
past-cancelled-by-guest-on = Vom Gast abgesagt am { $when }.
past-cancelled-unknown = Abgesagt.
past-cancelled-unknown-on = Abgesagt am { $when }.
past-reason = Grund
past-no-reason = Kein Grund angegeben

## API keys (dashboard/api_keys.rs)

keys-heading = API-Schlüssel
# $header is keys-intro-header, shown as code.
keys-intro = Integrationen senden einen Schlüssel als { $header }, um die API in Ihrem Namen zu nutzen.
keys-intro-header = Authorization: Bearer <Schlüssel>
keys-name = Name des Schlüssels
keys-name-missing = Bitte benennen Sie den Schlüssel, z. B. nach der Integration.
keys-create = Schlüssel erstellen
keys-new-heading = Neuer Schlüssel „{ $name }“
keys-copy-now = Kopieren Sie ihn jetzt: Er wird nur dieses eine Mal angezeigt.
keys-new-value = Der neue API-Schlüssel
keys-copy = Schlüssel kopieren
keys-copied = Schlüssel kopiert.
keys-copy-by-hand = Markieren Sie den Schlüssel und kopieren Sie ihn von Hand.
keys-hide = Fertig, Schlüssel ausblenden
keys-none = Keine API-Schlüssel.
keys-created-last-used = Erstellt am { $created } · zuletzt verwendet { $used }
keys-created-never-used = Erstellt am { $created } · nie verwendet
keys-revoke = Widerrufen
keys-revoke-named = { $name } widerrufen
keys-revoke-title = Schlüssel widerrufen
keys-revoke-question = Den Schlüssel „{ $name }“ widerrufen? Integrationen, die ihn verwenden, funktionieren sofort nicht mehr.
keys-revoked = Der Schlüssel „{ $name }“ wurde widerrufen.

## Account (dashboard/account.rs)

account-heading = Konto
account-change-password = Passwort ändern
account-current-password = Aktuelles Passwort
account-password-changed = Passwort geändert. Alle anderen Sitzungen wurden abgemeldet.
account-sessions = Sitzungen
account-sessions-lost = Ein Gerät verloren oder irgendwo angemeldet, wo Sie nicht angemeldet bleiben sollten?
account-log-out-others = Überall sonst abmelden
account-others-logged-out = Alle anderen Sitzungen wurden abgemeldet; diese bleibt bestehen.
account-language-heading = Sprache
account-language = Sprache des Dashboards und Ihrer E-Mails
account-language-saved = Sprache gespeichert.
account-language-failed = Die Sprache konnte nicht gespeichert werden. Bitte versuchen Sie es erneut.
