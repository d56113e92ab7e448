# The dashboard's Team tab (dashboard/teams.rs).
teams-heading = Teams
teams-intro = Ein Team wird gemeinsam gebucht: Seine Agenden bieten eine Zeit an, zu der alle Mitglieder frei sind (kollektiv), oder zu der eines frei ist, das dann die Buchung erhält (Round Robin).
teams-none = Noch keine Teams.
teams-created = Das Team „{ $name }“ wurde erstellt.
teams-name-required = Bitte geben Sie einen Namen ein.
teams-slug-required = Bitte geben Sie einen Linknamen ein, z. B. vertrieb.
teams-new-heading = Neues Team
teams-name-label = Teamname
teams-slug-label = Linkname des Teams
teams-links-hint = Team-Buchungslinks lauten /book/team/{"{"}Linkname{"}"}/{"{"}Agenda{"}"}.
teams-creating = Wird erstellt…
teams-create = Team erstellen
teams-remove-member-title = Mitglied entfernen
teams-remove-member-question = { $name } aus dem Team „{ $team }“ entfernen? Das Mitglied erhält dann keine Buchungen seiner Agenden mehr; bereits mit ihm gebuchte Termine bleiben bei ihm.
teams-remove = Entfernen
teams-member-removed = { $name } wurde aus „{ $team }“ entfernt.
teams-agenda-created = „{ $title }“ wurde erstellt.
teams-link-copied = Buchungslink kopiert.
teams-copy-by-hand = Kopieren Sie diesen Link bitte von Hand: { $url }
teams-link-name = Linkname: { $slug }
teams-you-own = Sie sind Inhaber
teams-members = Mitglieder
teams-owner = Inhaber
teams-remove-member-label = { $name } aus dem Team entfernen
teams-member-added = { $name } wurde zu „{ $team }“ hinzugefügt.
teams-agendas = Team-Agenden
teams-no-agendas = Noch keine Team-Agenden.
# A team agenda's line: its duration, "Collective" or "Round robin", its members' names.
teams-agenda-summary = { $minutes ->
        [one] { $minutes } Minute
       *[other] { $minutes } Minuten
    } · { $assignment } · { $members }
teams-copy-link-label = Link zum Buchen von { $title } kopieren
teams-copy-link = Link kopieren
teams-new-agenda-of = Neue Agenda von { $team }
teams-new-agenda = Neue Team-Agenda
teams-collective = Kollektiv
teams-round-robin = Round Robin
teams-email-invalid = Bitte geben Sie eine E-Mail-Adresse wie name@example.com ein.
teams-member-email-label = E-Mail-Adresse des Gastgebers, der hinzugefügt werden soll
teams-add-member = Mitglied hinzufügen
teams-title-required = Bitte geben Sie einen Titel ein.
teams-whole-number = Geben Sie eine ganze Zahl ein.
teams-members-required = Wählen Sie mindestens ein Mitglied aus.
teams-end-after-start = Das Ende muss nach dem Beginn liegen.
teams-days-required = Wählen Sie mindestens einen Tag aus.
teams-correct-fields = Bitte korrigieren Sie die markierten Felder.
teams-title-label = Titel
teams-duration-label = Dauer (Minuten)
teams-assignment = Zuteilung
teams-collective-hint = Eine Zeit wird angeboten, wenn alle gewählten Mitglieder frei sind; der Termin findet mit allen statt.
teams-round-robin-hint = Eine Zeit wird angeboten, wenn eines der gewählten Mitglieder frei ist; der Termin geht an das freie Mitglied mit den wenigsten Buchungen dieser Agenda in den letzten 30 Tagen.
teams-weekly-hours = Wöchentliche Zeiten
teams-hours-hint = Dieselben Zeiten an jedem gewählten Tag, in { $zone }. Ein Ende um 00:00 bedeutet Mitternacht am Ende des Tages.
teams-from = Von
teams-until = Bis
teams-defaults-hint = Puffer, Vorlaufzeit (4 Stunden), buchbare Tage im Voraus (60) und die übrigen Buchungsregeln behalten ihre Standardwerte.
teams-create-agenda = Team-Agenda erstellen
teams-cancel = Abbrechen

# The dashboard's Calendars tab (dashboard/calendars.rs).
calendars-busy-ahead = { $count ->
        [one] { $count } kommende belegte Zeit
       *[other] { $count } kommende belegte Zeiten
    }
calendars-kind-ical = iCal-Adresse
calendars-kind-caldav = CalDAV
calendars-added-reading = „{ $name }“ wurde hinzugefügt und wird jetzt abgerufen…
calendars-added-failed = „{ $name }“ wurde hinzugefügt, konnte aber nicht abgerufen werden: { $error }
calendars-added-busy = „{ $name }“ wurde hinzugefügt: { $count ->
        [one] { $count } kommende belegte Zeit
       *[other] { $count } kommende belegte Zeiten
    }.
calendars-again-reading = „{ $name }“ wird erneut abgerufen…
calendars-again-failed = „{ $name }“ konnte nicht erneut abgerufen werden: { $error }
calendars-again-busy = „{ $name }“ wurde erneut abgerufen: { $count ->
        [one] { $count } kommende belegte Zeit
       *[other] { $count } kommende belegte Zeiten
    }.
calendars-link-copied = Link kopiert.
calendars-copy-by-hand = Markieren Sie den Link und kopieren Sie ihn von Hand.
calendars-url-required = Bitte geben Sie die Adresse des Kalenders ein.
calendars-reading-name = „{ $name }“ wird abgerufen…
calendars-remove-title = Kalender entfernen
calendars-remove-question = Den Kalender „{ $name }“ entfernen? Seine belegten Zeiten werden dann nicht mehr blockiert.
calendars-remove = Entfernen
calendars-removed = Der Kalender „{ $name }“ wurde entfernt.
calendars-rotate-title = Neuen Feed-Link erstellen
calendars-rotate-question = Einen neuen Feed-Link erstellen? Der aktuelle Link funktioniert dann nicht mehr; Kalender-Apps, die ihn abonniert haben, müssen neu abonnieren.
calendars-rotate-confirm = Neuen Link erstellen
calendars-heading = Kalender
calendars-intro = Belegte Zeiten in Ihren eigenen Kalendern werden Gästen nicht angeboten. Ein Kalender wird beim Hinzufügen und danach regelmäßig abgerufen; schlägt ein Abruf fehl, gelten weiter seine zuletzt erfolgreich abgerufenen belegten Zeiten.
calendars-yours = Ihre Kalender
calendars-none = Noch keine Kalender.
calendars-reading = Wird abgerufen…
calendars-last-synced = Zuletzt synchronisiert: { $time }
calendars-not-synced = Noch nicht synchronisiert
calendars-last-tried = Zuletzt versucht: { $time }
calendars-user = Benutzer: { $name }
calendars-writes = Buchungen werden in diesen Kalender eingetragen.
calendars-sync-failed = Synchronisierung fehlgeschlagen:
calendars-sync-now-label = Jetzt synchronisieren: { $name }
calendars-syncing = Wird synchronisiert…
calendars-sync-now = Jetzt synchronisieren
calendars-remove-label = { $name } entfernen
calendars-add-heading = Kalender hinzufügen
calendars-kind = Art
calendars-url = URL
calendars-url-hint-caldav = Die Adresse der Kalendersammlung, z. B. https://cloud.example.com/remote.php/dav/calendars/you/personal/
calendars-url-hint-ical = Die geheime Adresse im iCal-Format (https:// oder webcal://) aus den Einstellungen Ihres Kalenders.
calendars-name-optional = Name (optional)
calendars-username = Benutzername
calendars-app-password = App-Passwort
calendars-password-hint = Wird verschlüsselt gespeichert und nie wieder angezeigt.
calendars-write-back = Buchungen in diesen Kalender eintragen
calendars-adding = Wird hinzugefügt…
calendars-add = Kalender hinzufügen
calendars-feed-heading = Ihre Buchungen abonnieren
calendars-feed-intro = Ein geheimer Link, den Kalender-Apps abonnieren können, mit Ihren bestätigten Buchungen.
calendars-new-feed-heading = Ihr neuer Feed-Link
calendars-new-feed-warning = Kopieren Sie ihn jetzt: Er wird nur dieses eine Mal angezeigt. Wird der Link noch einmal erneuert, funktioniert dieser nicht mehr.
calendars-feed-url = Feed-Link (https)
calendars-copy-link = Link kopieren
calendars-webcal-url = Abonnement-Link (webcal)
calendars-copy-webcal = Webcal-Link kopieren
calendars-done-hide = Fertig, Link ausblenden
calendars-feed-active-since = Ein Feed-Link ist aktiv (erstellt { $time }). Seine Adresse wurde nur bei der Erstellung angezeigt.
calendars-feed-active = Ein Feed-Link ist aktiv. Seine Adresse wurde nur bei der Erstellung angezeigt.
calendars-no-feed = Noch kein Feed-Link.
calendars-rotate = Feed-Link erneuern
calendars-create-feed = Feed-Link erstellen

# An agenda's Invites (dashboard/invites.rs).
invites-expiry-invalid = Geben Sie ein Datum und eine Uhrzeit ein oder lassen Sie das Feld leer.
invites-revoke-title = Einladung widerrufen
# $invite: invites-quoted-note or invites-made.
invites-revoke-question = Die Einladung { $invite } widerrufen? Ihr Link funktioniert dann sofort nicht mehr.
invites-revoke = Widerrufen
invites-revoked = Die Einladung { $invite } wurde widerrufen.
invites-heading = Einladungen
invites-hint = Ein privater Link bucht { $title } einmal, auch wenn die Agenda nicht gelistet ist.
invites-note-label = Notiz (für wen sie ist)
invites-expires-label = Läuft ab (optional)
invites-create = Einladung erstellen
invites-new-heading = Neuer Einladungslink
invites-copy-now = Kopieren Sie ihn jetzt: Er wird nur dieses eine Mal angezeigt.
invites-new-link-label = Der neue Einladungslink
invites-link-copied = Einladungslink kopiert.
invites-copy-by-hand = Markieren Sie den Link und kopieren Sie ihn von Hand.
invites-copy = Einladungslink kopieren
invites-done-hide = Fertig, Link ausblenden
invites-none = Keine Einladungen.
invites-created-expires = Erstellt am { $date } · läuft ab am { $time }
invites-created-never-expires = Erstellt am { $date } · läuft nie ab
invites-revoke-label = Die Einladung { $invite } widerrufen
invites-state-open = Offen
invites-state-used = Verwendet
invites-state-expired = Abgelaufen
invites-no-note = Keine Notiz
# An invite without a note, named by when it was made.
invites-made = vom { $time }
invites-quoted-note = „{ $note }“
