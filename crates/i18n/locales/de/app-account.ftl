# Logging in (/login) and signing up (/signup): frontend/src/pages/auth.rs.
auth-login-heading = Anmelden
auth-email = E-Mail
auth-password = Passwort
auth-login-submit = Anmelden
auth-login-wrong = E-Mail-Adresse oder Passwort ist falsch.
auth-forgot-link = Passwort vergessen?
# Followed by a "Sign up" link.
auth-new-here = Neu hier?
auth-signup-link = Registrieren
auth-signup-heading = Registrieren
auth-name = Name
auth-zone-required = Bitte geben Sie Ihre Zeitzone an.
auth-zone-hint = Ihr Dashboard zeigt Zeiten in dieser Zeitzone an.
auth-signup-submit = Konto erstellen
# Followed by a "Log in" link.
auth-have-account = Sie haben bereits ein Konto?
auth-login-link = Anmelden
# Getting back into an account (/forgot-password, /reset-password): frontend/src/pages/password.rs.
# Shown on the login page after a reset.
password-reset-done = Ihr neues Passwort ist gespeichert, und alle Sitzungen wurden abgemeldet. Melden Sie sich mit dem neuen Passwort an.
password-forgot-heading = Passwort vergessen?
password-no-email = Keine E-Mail erhalten? Sehen Sie im Spam-Ordner nach oder fordern Sie den Link erneut an.
password-send-another = Weiteren Link senden
password-back-to-login = Zurück zur Anmeldung
password-forgot-intro = Geben Sie die E-Mail-Adresse Ihres Kontos ein. Wir senden Ihnen einen Link, mit dem Sie ein neues Passwort festlegen können.
password-email = E-Mail
password-send = Link senden
password-link-invalid = Dieser Link ist ungültig. Bitte fordern Sie einen neuen an.
password-reset-heading = Neues Passwort festlegen
password-no-token = Diesem Link fehlt das Token. Bitte öffnen Sie den Link aus der E-Mail erneut oder fordern Sie einen neuen an.
password-ask-new-link = Neuen Link anfordern
password-logs-out = Wenn Sie ein neues Passwort festlegen, werden Sie überall abgemeldet.
password-set = Neues Passwort speichern
# The start page (/): frontend/src/pages/landing.rs.
landing-tagline = Selbst gehostete Terminplanung mit integrierten Videoräumen.
# The name of the navigation holding the two links below.
landing-nav = Konto
landing-log-in = Anmelden
landing-sign-up = Registrieren
