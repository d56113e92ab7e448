# The dashboard's Agendas tab and the agenda editor (frontend/src/dashboard/agendas.rs).

## The list
agendas-heading = Agenden
agendas-new = Neue Agenda
agendas-empty = Noch keine Agenden. Erstellen Sie eine und teilen Sie dann ihren Buchungslink.
agendas-summary = { $minutes ->
    [one] { $minutes } Minute · { $zone }
   *[other] { $minutes } Minuten · { $zone }
}
agendas-seats-per-time = { $seats ->
    [one] { $seats } Platz pro Termin
   *[other] { $seats } Plätze pro Termin
}
agendas-badge-active = Aktiv
agendas-badge-inactive = Inaktiv
agendas-badge-unlisted = Nicht öffentlich
agendas-badge-requires-confirmation = Bestätigung erforderlich
agendas-copy-link = Link kopieren
agendas-copy-link-label = Buchungslink für { $title } kopieren
agendas-edit = Bearbeiten
agendas-edit-label = { $title } bearbeiten
agendas-activate = Aktivieren
agendas-activate-label = { $title } aktivieren
agendas-deactivate = Deaktivieren
agendas-deactivate-label = { $title } deaktivieren
agendas-invites = Einladungen
agendas-invites-label = Einladungen für { $title }
agendas-delete = Löschen
agendas-delete-label = { $title } löschen
agendas-delete-title = Agenda löschen
agendas-delete-question = Die Agenda „{ $title }“ löschen? Ihr Buchungslink funktioniert dann nicht mehr.
agendas-deleted = „{ $title }“ wurde gelöscht.
agendas-now-active = „{ $title }“ ist jetzt aktiv: Gäste können buchen.
agendas-now-inactive = „{ $title }“ ist jetzt inaktiv: Die Buchungsseite ist geschlossen.
agendas-link-copied = Buchungslink kopiert.
agendas-copy-by-hand = Kopieren Sie diesen Link von Hand: { $url }

## The editor
agendas-edit-heading = Agenda bearbeiten
agendas-first-heading = Ihre erste Agenda
agendas-new-heading = Neue Agenda
agendas-first-title = 30-minütiges Meeting
agendas-first-hint = Bereit zum Erstellen: 30 Minuten, Montag bis Freitag 09:00–17:00 in Ihrer Zeitzone. Ändern Sie, was Sie möchten, erstellen Sie sie dann und teilen Sie ihren Buchungslink.
agendas-title = Titel
agendas-title-missing = Bitte geben Sie einen Titel ein.
agendas-slug = Linkname (optional)
agendas-slug-hint = Das Ende des Buchungslinks; wird aus dem Titel gebildet, wenn leer.
agendas-description = Beschreibung
agendas-duration = Dauer (Minuten)
agendas-seats = Plätze pro Termin
agendas-seats-hint = Wie viele Gäste denselben Termin buchen können; sie treffen sich in einem Raum. 1: ein Meeting pro Gast.
agendas-seats-range = Geben Sie eine Zahl von 1 bis 1000 ein.
agendas-whole-number = Geben Sie eine ganze Zahl ein.
agendas-zone-hint = Die Wochenzeiten unten gelten in dieser Zeitzone.
agendas-weekly-hours = Wochenzeiten
agendas-weekly-hours-hint = Ein Ende um 00:00 bedeutet Mitternacht am Ende des Tages.
agendas-unavailable = Nicht verfügbar
agendas-add-hours = + Zeiten hinzufügen
# $day: a weekday's name, a date (2026-12-24) or agendas-override-new-date.
agendas-add-hours-on = Zeiten hinzufügen für { $day }
agendas-hours-from = { $day }: von
agendas-hours-until = { $day }: bis
agendas-remove-hours = Diese Zeiten für { $day } entfernen
agendas-hours-missing = Geben Sie eine Start- und eine Endzeit ein.
agendas-hours-order = Das Ende muss nach dem Beginn liegen.
agendas-overrides = Abweichende Tage
agendas-overrides-hint = Andere Zeiten an einem bestimmten Datum. Ein Datum ohne Zeiten ist ein freier Tag.
agendas-add-override = Abweichenden Tag hinzufügen
agendas-date = Datum
agendas-override-date-missing = Wählen Sie ein Datum.
# What the labels call an override whose date is not chosen yet.
agendas-override-new-date = das neue Datum
agendas-remove-override = Abweichung für { $date } entfernen
agendas-remove = Entfernen
agendas-day-off = Freier Tag
agendas-rules = Buchungsregeln
agendas-buffer-before = Puffer davor (Minuten)
agendas-buffer-before-hint = Bleibt vor jedem Meeting frei.
agendas-buffer-after = Puffer danach (Minuten)
agendas-buffer-after-hint = Bleibt nach jedem Meeting frei.
agendas-notice = Mindestvorlauf (Minuten)
agendas-notice-hint = 240 = 4 Stunden.
agendas-horizon = Buchbare Tage im Voraus
agendas-horizon-hint = Wie weit im Voraus Gäste buchen können.
agendas-step = Startzeiten alle (Minuten)
agendas-step-hint = Leer: die Dauer.
agendas-max-day = Maximale Buchungen pro Tag
agendas-max-week = Maximale Buchungen pro Woche
agendas-max-week-hint = Montag bis Sonntag. Leer: keine Grenze.
agendas-max-month = Maximale Buchungen pro Monat
agendas-no-limit-hint = Leer: keine Grenze.
agendas-active-label = Aktiv: Gäste können buchen
agendas-listed = Öffentlich
agendas-listed-hint = Alle mit dem Buchungslink können buchen. Aus: nur Gäste mit einer Einladung.
agendas-requires-confirmation = Bestätigung erforderlich
agendas-confirm-hint = Jede Buchung ist eine Anfrage, die Sie bestätigen oder ablehnen; ihre Zeit bleibt so lange reserviert.
agendas-reminders-invalid = Geben Sie Minuten als ganze Zahlen durch Kommas getrennt ein, z. B. 15, 60, 1440.
agendas-correct-fields = Bitte korrigieren Sie die markierten Felder.
agendas-saving = Wird gespeichert…
agendas-save = Agenda speichern
agendas-create = Agenda erstellen
agendas-cancel = Abbrechen
agendas-saved = „{ $title }“ wurde gespeichert.
agendas-created = „{ $title }“ wurde erstellt.

# The editor's Questions (frontend/src/dashboard/questions.rs).
questions-edit-heading = Fragen
questions-edit-hint = Werden im Buchungsformular nach Name, E-Mail und Notizen gestellt.
questions-edit-none = Keine Fragen.
questions-edit-add = Frage hinzufügen
questions-edit-legend = Frage { $number }
questions-edit-label = Beschriftung
questions-edit-key = Schlüssel
questions-edit-key-hint = a–z, 0–9 und _; wird aus der Beschriftung gebildet, wenn leer.
questions-edit-kind = Antworttyp
questions-edit-kind-short-text = Kurzer Text
questions-edit-kind-long-text = Langer Text
questions-edit-kind-email = E-Mail
questions-edit-kind-phone = Telefon
questions-edit-kind-number = Zahl
questions-edit-kind-select = Auswahl (eine Option)
questions-edit-kind-multi-select = Mehrfachauswahl (beliebige Optionen)
questions-edit-kind-checkbox = Kontrollkästchen (ja oder nein)
questions-edit-options = Optionen (eine pro Zeile)
questions-edit-options-hint = 2 bis 50 Optionen.
questions-edit-required = Pflichtfeld
questions-edit-move-up = Nach oben
questions-edit-move-down = Nach unten
questions-edit-remove = Entfernen
# How the buttons' labels name a question: by its label, else by its number.
questions-edit-named = „{ $label }“
questions-edit-unnamed = Frage { $number }
questions-edit-move-up-label = { $question } nach oben verschieben
questions-edit-move-down-label = { $question } nach unten verschieben
questions-edit-remove-label = { $question } entfernen

# The editor's Reminders (frontend/src/dashboard/reminders.rs).
reminders-edit-heading = Erinnerungen
reminders-edit-minutes-label = Minuten vor Beginn
reminders-edit-hint = Bis zu { $max }, durch Kommas getrennt, z. B. 60, 1440. Gastgeber und Gast erhalten je eine E-Mail.
reminders-edit-none = Keine Erinnerungen.
# $times: the reminder times, e.g. "15 min, 1 h 30 min, 1 day".
reminders-edit-summary = Erinnerungen { $times } vorher.
reminders-edit-add = + { $time }
reminders-edit-add-label = Erinnerung { $time } vorher hinzufügen
# A reminder time is written as its days, hours and minutes, e.g. "1 day 2 h 30 min".
reminders-edit-days = { $days ->
    [one] { $days } Tag
   *[other] { $days } Tage
}
reminders-edit-hours = { $hours } Std.
reminders-edit-minutes = { $minutes } Min.
