## The dashboard's frame and tabs (pages/dashboard.rs)

dashboard-heading = Tableau de bord
dashboard-signed-in = { $name } · heures en { $zone }
dashboard-log-out = Se déconnecter
dashboard-onboarding-heading = Configurez votre premier agenda
dashboard-onboarding-text = Un agenda est un type de rendez-vous que les invités peuvent réserver : sa durée et vos disponibilités. Créez-en un, puis partagez son lien de réservation.
dashboard-onboarding-create = Créer votre premier agenda
dashboard-sections = Sections du tableau de bord
dashboard-tab-upcoming = Rendez-vous à venir
dashboard-tab-past = Passés
dashboard-tab-agendas = Agendas
dashboard-tab-teams = Équipe
dashboard-tab-api-keys = Clés API
dashboard-tab-calendars = Calendriers
dashboard-tab-account = Compte

## Upcoming Meetings (dashboard/upcoming.rs)

meetings-email = E-mail
meetings-length-label = Durée
meetings-length = { $minutes } min, se termine à { $end }
meetings-notes = Notes
meetings-none = Aucun rendez-vous à venir.
meetings-list = Rendez-vous à venir
meetings-request = Demande
meetings-in-progress = En cours
meetings-new-time-requested = Nouvel horaire demandé
meetings-confirm = Confirmer
meetings-confirm-named = Confirmer la demande de { $name }
meetings-decline = Refuser
meetings-decline-named = Refuser la demande de { $name }
meetings-start = Démarrer la réunion
meetings-start-named = Démarrer la réunion avec { $name }
meetings-reschedule = Reprogrammer
meetings-reschedule-named = Reprogrammer le rendez-vous avec { $name }
meetings-ask = Demander un autre horaire
meetings-ask-named = Demander un autre horaire : { $name } choisit un nouvel horaire
meetings-cancel = Annuler
meetings-cancel-named = Annuler le rendez-vous avec { $name }
meetings-jitsi-note = meet.jit.si demande au premier participant de se connecter avec Google, GitHub ou Facebook ; un Jitsi auto-hébergé ou JaaS évite cela.
# The dialog asking before Cancel, Decline and Ask to reschedule.
meetings-cancel-meeting = Annuler le rendez-vous
meetings-decline-request = Refuser la demande
meetings-ask-title = Demander à l’invité de choisir un autre horaire
meetings-cancel-question = Annuler le rendez-vous avec { $name } le { $when } ? L’invité en sera informé par e-mail.
meetings-decline-question = Refuser la demande de { $name } pour le { $when } ? L’invité en sera informé, et le créneau sera de nouveau libre.
meetings-ask-question = Demander à { $name } de choisir un nouvel horaire ? L’invité recevra un e-mail avec un lien pour en choisir un ; le rendez-vous reste le { $when } d’ici là.
meetings-reason-label = Motif (facultatif, communiqué à l’invité)
meetings-message-label = Message à l’invité (facultatif)
meetings-send-request = Envoyer la demande
meetings-dont-send = Ne pas envoyer
meetings-keep = Conserver
meetings-cancelled = Le rendez-vous avec { $name } a été annulé ; l’invité en a été informé par e-mail.
meetings-declined = La demande de { $name } a été refusée.
meetings-asked = { $name } a été invité à choisir un nouvel horaire et a reçu un e-mail avec un lien.
# The host moving a meeting to another free time.
meetings-move-now = Actuellement :
meetings-move-zone = Heures en { $zone }.
meetings-move-question = Déplacer le rendez-vous avec { $name } au { $when } ? L’hôte et l’invité recevront un e-mail.
meetings-move = Déplacer le rendez-vous
meetings-pick-another = Choisir un autre horaire
meetings-close = Fermer
meetings-moved = Le rendez-vous avec { $name } a été déplacé au { $when } ; vous recevez tous les deux un e-mail.
# One start of an agenda with seats, e.g. "3/10 booked".
meetings-seats-booked = { $booked }/{ $seats } réservées
meetings-start-seated = Démarrer la réunion { $title } du { $when } ({ $booked })
meetings-guests-of = Invités de { $title }
meetings-cancel-seat-named = Annuler la place de { $name }

## Who came to a meeting's room (components/attendance.rs); $time is the time of day.

attendance-label = Présence
attendance-host-absent = L’hôte n’est pas venu
attendance-host-joined = L’hôte a rejoint à { $time }, { $minutes } min
attendance-host-in-room = L’hôte a rejoint à { $time }, toujours dans la salle
attendance-host-not-joined = L’hôte n’a pas encore rejoint
attendance-guest-absent = L’invité n’est pas venu
attendance-guest-joined = L’invité a rejoint à { $time }, { $minutes } min
attendance-guest-in-room = L’invité a rejoint à { $time }, toujours dans la salle
attendance-guest-not-joined = L’invité n’a pas encore rejoint

## Past meetings and the Cancelled list (dashboard/past.rs)

past-heading = Rendez-vous passés
past-none = Aucun rendez-vous passé.
# After the time of a past meeting that was cancelled: "… · cancelled".
past-status-cancelled = annulé
past-no-show = Absence
past-erase = Effacer les données de l’invité
past-erase-named = Effacer les données de l’invité du rendez-vous avec { $name }
past-erase-question = Effacer les données de l’invité du rendez-vous avec { $name } le { $when } ? Son nom, son e-mail et ses notes seront remplacés définitivement, ici et dans les e-mails enregistrés.
past-erase-confirm = Effacer définitivement
past-cancelled-heading = Annulés
past-cancelled-none = Aucun rendez-vous annulé.
past-cancelled-badge = Annulé
past-cancelled-by-host = Annulé par l’hôte.
past-cancelled-by-host-on = Annulé par l’hôte le { $when }.
past-cancelled-by-guest = Annulé par l’invité.
past-cancelled-by-guest-on = Annulé par l’invité le { $when }.
past-cancelled-unknown = Annulé.
past-cancelled-unknown-on = Annulé le { $when }.
past-reason = Motif
past-no-reason = Aucun motif indiqué

## API keys (dashboard/api_keys.rs)

keys-heading = Clés API
# $header is keys-intro-header, shown as code.
keys-intro = Les intégrations envoient une clé sous la forme { $header } pour utiliser l’API en votre nom.
keys-intro-header = Authorization: Bearer <clé>
keys-name = Nom de la clé
keys-name-missing = Veuillez nommer la clé, par exemple d’après l’intégration.
keys-create = Créer une clé
keys-new-heading = Nouvelle clé « { $name } »
keys-copy-now = Copiez-la maintenant : elle n’est affichée qu’une seule fois.
keys-new-value = La nouvelle clé API
keys-copy = Copier la clé
keys-copied = Clé copiée.
keys-copy-by-hand = Sélectionnez la clé et copiez-la manuellement.
keys-hide = Terminé, masquer la clé
keys-none = Aucune clé API.
keys-created-last-used = Créée le { $created } · dernière utilisation { $used }
keys-created-never-used = Créée le { $created } · jamais utilisée
keys-revoke = Révoquer
keys-revoke-named = Révoquer { $name }
keys-revoke-title = Révoquer la clé
keys-revoke-question = Révoquer la clé « { $name } » ? Les intégrations qui l’utilisent cesseront de fonctionner immédiatement.
keys-revoked = La clé « { $name } » a été révoquée.

## Account (dashboard/account.rs)

account-heading = Compte
account-change-password = Changer le mot de passe
account-current-password = Mot de passe actuel
account-password-changed = Mot de passe modifié. Toutes les autres sessions ont été déconnectées.
account-sessions = Sessions
account-sessions-lost = Vous avez perdu un appareil ou êtes resté connecté là où vous ne devriez pas l’être ?
account-log-out-others = Se déconnecter partout ailleurs
account-others-logged-out = Toutes les autres sessions ont été déconnectées ; celle-ci reste ouverte.
account-language-heading = Langue
account-language = Langue du tableau de bord et de vos e-mails
account-language-saved = Langue enregistrée.
account-language-failed = La langue n’a pas pu être enregistrée. Veuillez réessayer.
