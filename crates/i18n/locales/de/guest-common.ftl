# Shared by every page, guest build and full app (frontend/src/lib.rs, api.rs, components/field.rs,
# loader.rs, dialog.rs, pages/landing.rs's not-found page).
common-brand = SmartCal
common-loading = Wird geladen…
common-not-found-heading = Seite nicht gefunden
common-not-found-back = Zurück zur Startseite
# Followed by a "Log in" link.
common-not-logged-in = Sie sind nicht angemeldet.
common-log-in = Anmelden
# The button of a confirmation dialog that cancels (next to e.g. "Delete").
common-keep-it = Behalten
# A failed call to the server, when the server gave no words of its own.
common-error-unreachable = Der Server ist nicht erreichbar. Bitte versuchen Sie es erneut.
common-error-unauthorized = Bitte melden Sie sich erneut an.
common-error-forbidden = Dazu sind Sie nicht berechtigt.
common-error-not-found = Das wurde nicht gefunden. Der Link ist möglicherweise falsch oder veraltet.
common-error-conflict = Das wurde inzwischen geändert. Bitte laden Sie die Seite neu und versuchen Sie es erneut.
common-error-gone = Dieser Link funktioniert nicht mehr.
common-error-too-large = Der Text ist zu lang. Bitte kürzen Sie ihn.
common-error-invalid = Einige Angaben wurden nicht akzeptiert. Bitte überprüfen Sie sie.
common-error-too-many = Zu viele Versuche. Bitte warten Sie eine Minute und versuchen Sie es erneut.
common-error-server = Auf dem Server ist ein Problem aufgetreten. Bitte versuchen Sie es gleich noch einmal.
common-error-other = Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.
# A new password's rule, under its field; $count: the least number of characters.
common-password-hint = Mindestens { $count } Zeichen.
common-new-password-label = Neues Passwort (mindestens { $count } Zeichen)
# Field messages (the server's and the page's own check): fragments that follow the field's
# name; shown under the field with a capital letter and a full stop added.
common-rule-email = muss eine E-Mail-Adresse wie name@example.com sein
common-rule-required = darf nicht leer sein
# $count: the least number of characters.
common-rule-password-too-short = muss mindestens { $count } Zeichen lang sein
# $bytes: the greatest number of bytes.
common-rule-password-too-long = darf höchstens { $bytes } Bytes lang sein
