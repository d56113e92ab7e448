## Die Buchungsseite

book-unknown-heading = Unbekannte Agenda
book-unknown-text = Dieser Buchungslink existiert nicht (mehr). Bitte prüfen Sie den Link, den Sie erhalten haben.
book-invite-gone = Diese Einladung gilt nicht mehr
book-failed = Etwas ist schiefgelaufen
book-time-gone = Diese Zeit ist nicht mehr verfügbar. Bitte wählen Sie eine andere.
book-time-taken = Diese Zeit wurde gerade vergeben. Bitte wählen Sie eine andere.
book-minutes = { $count ->
    [one] { $count } Minute
   *[other] { $count } Minuten
}
book-video-call = Videoanruf (Jitsi)
book-requests = Buchungen sind Anfragen: Der Gastgeber bestätigt oder lehnt jede einzeln ab.
book-zone-hint = Die Zeiten werden in dieser Zeitzone angezeigt. Geben Sie eine Stadt, ein Land oder eine Zeitzone ein, z. B. Tokyo, Deutschland oder Pacific Time.
book-loading = Wird geladen…
book-details = Ihre Angaben
book-change-time = Zeit ändern
book-name = Name
book-email = E-Mail
book-notes = Anmerkungen
book-name-missing = Bitte geben Sie Ihren Namen ein.
book-email-invalid = Bitte geben Sie eine E-Mail-Adresse wie name@example.com ein.
book-sending = Wird gesendet…
book-send-request = Anfrage senden
book-confirm = Buchung bestätigen

## Die Bestätigung

book-not-found-heading = Buchung nicht gefunden
book-not-found-text = Dieser Bestätigungslink funktioniert nicht. Über den Link in Ihrer E-Mail gelangen Sie zu Ihrer Buchung.
book-emailed = Wir haben Ihnen eine E-Mail an { $email } gesendet.
book-what = { $agenda } mit { $host }
book-pending-heading = Anfrage gesendet
book-pending-text = { $host } wird bestätigen oder ablehnen; Sie erhalten eine E-Mail.
book-pending-manage = Anfrage ansehen oder zurückziehen
book-confirmed-heading = Ihr Termin ist gebucht
book-join = Am Videoanruf teilnehmen
book-confirmed-manage = Ändern oder absagen
book-over-heading = Diese Buchung findet nicht mehr statt
book-over-manage = Buchung ansehen

## Die öffentliche Seite eines Gastgebers

host-unknown-heading = Unbekannte Seite
host-unknown-text = Diese Buchungsseite existiert nicht (mehr). Bitte prüfen Sie den Link, den Sie erhalten haben.
host-heading = Einen Termin mit { $name } buchen
host-empty = Hier gibt es derzeit nichts zu buchen.
host-choose = Wählen Sie, worüber Sie sprechen möchten:

## Der Monatskalender

calendar-previous = Vorheriger Monat
calendar-next = Nächster Monat
calendar-day-free = { $count ->
    [0] { $day }, keine freien Zeiten
    [one] { $day }, { $count } freie Zeit
   *[other] { $day }, { $count } freie Zeiten
}

## Die Zeitauswahl

picker-seats-left = { $count ->
    [one] { $count } Platz frei
   *[other] { $count } Plätze frei
}
picker-next-available = Nächster freier Termin: { $day }
picker-loading-times = Zeiten werden geladen…
picker-none-on-day = Keine freien Zeiten am { $day }.
picker-none-in-month = Keine freien Zeiten im { $month }.
picker-looking = Nächster freier Tag wird gesucht…
picker-none-ahead = Keine freien Zeiten in den kommenden Monaten.
picker-available-times = Verfügbare Zeiten

## Das Zeitzonenfeld (Länder auf Deutsch oder Englisch; Städte und Zonen mit ihren englischen Namen)

zone-label = Zeitzone
zone-found = Gefundene Zeitzonen
zone-hint = Geben Sie eine Stadt, ein Land oder eine Zeitzone ein, z. B. Tokyo, Deutschland oder Pacific Time.
zone-local-time = Ortszeit { $time } ({ $offset })
zone-unknown = Unbekannte Zeitzone „{ $value }“. Geben Sie eine Stadt, ein Land oder einen Namen wie Pacific Time ein und wählen Sie aus der Liste; die Zeiten bleiben in { $zone }.
zone-clock = Zeitformat

## Die Fragen des Buchungsformulars

questions-required = (erforderlich)
questions-choose = Bitte wählen…
questions-number = Bitte geben Sie eine Zahl ein.
questions-choose-answer = Bitte wählen Sie eine Antwort.
questions-answer = Bitte beantworten Sie diese Frage.

## Zum Kalender hinzufügen

add-to-calendar-group = Zu Ihrem Kalender hinzufügen
add-to-calendar-ics = Zum Kalender hinzufügen (.ics)
add-to-calendar-google = Zu Google Kalender hinzufügen
add-to-calendar-outlook = Zu Outlook hinzufügen
add-to-calendar-title = { $agenda } mit { $host }
add-to-calendar-join = Am Videoanruf teilnehmen: { $url }
add-to-calendar-join-email = Nehmen Sie über den Link in Ihrer Bestätigungs-E-Mail am Videoanruf teil.

## Die Antworten einer Buchung

answers-yes = Ja
answers-no = Nein
