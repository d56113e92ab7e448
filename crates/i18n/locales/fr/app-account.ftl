# Logging in (/login) and signing up (/signup): frontend/src/pages/auth.rs.
auth-login-heading = Connexion
auth-email = E-mail
auth-password = Mot de passe
auth-login-submit = Se connecter
auth-login-wrong = E-mail ou mot de passe incorrect.
auth-forgot-link = Mot de passe oublié ?
# Followed by a "Sign up" link.
auth-new-here = Pas encore de compte ?
auth-signup-link = S’inscrire
auth-signup-heading = Inscription
auth-name = Nom
auth-zone-required = Veuillez indiquer votre fuseau horaire.
auth-zone-hint = Votre tableau de bord affiche les heures dans ce fuseau horaire.
auth-signup-submit = Créer un compte
# Followed by a "Log in" link.
auth-have-account = Vous avez déjà un compte ?
auth-login-link = Se connecter
# Getting back into an account (/forgot-password, /reset-password): frontend/src/pages/password.rs.
# Shown on the login page after a reset.
password-reset-done = Votre nouveau mot de passe est enregistré et toutes les sessions ont été fermées. Connectez-vous avec le nouveau mot de passe.
password-forgot-heading = Mot de passe oublié ?
password-no-email = Pas d’e-mail ? Vérifiez votre dossier de courrier indésirable ou faites une nouvelle demande.
password-send-another = Envoyer un autre lien
password-back-to-login = Retour à la connexion
password-forgot-intro = Saisissez l’adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.
password-email = E-mail
password-send = Envoyer le lien
password-link-invalid = Ce lien n’est pas valide. Veuillez en demander un nouveau.
password-reset-heading = Choisir un nouveau mot de passe
password-no-token = Ce lien ne contient pas de jeton. Veuillez rouvrir le lien depuis l’e-mail ou en demander un nouveau.
password-ask-new-link = Demander un nouveau lien
password-logs-out = Définir un nouveau mot de passe vous déconnecte de partout.
password-set = Enregistrer le nouveau mot de passe
# The start page (/): frontend/src/pages/landing.rs.
landing-tagline = Planification de rendez-vous auto-hébergée, avec salles de visioconférence intégrées.
# The name of the navigation holding the two links below.
landing-nav = Compte
landing-log-in = Se connecter
landing-sign-up = S’inscrire
