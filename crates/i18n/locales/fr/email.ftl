## Les e-mails de réservation (crates/domain/src/email.rs) et l’e-mail de réinitialisation du
## mot de passe (crates/domain/src/account_email.rs). `$when` est une date et une heure écrites
## selon le modèle de la langue ; `$zone` le nom IANA d’un fuseau horaire ; `$offset` p. ex. UTC+01:00.

email-subject = { $verb } : { $title } avec { $other } le { $when } ({ $zone })

email-verb-request-host = Nouvelle demande
email-verb-request-guest = Demande reçue
email-verb-confirmed = Confirmé
email-verb-cancelled = Annulé
email-verb-rescheduled = Reprogrammé
email-verb-declined = Refusé
email-verb-reminder = Rappel
email-verb-new-time-requested = Nouvel horaire demandé

email-heading-request-guest = Votre demande a bien été reçue
email-heading-request-host = Un invité souhaite vous rencontrer
email-heading-confirmed = Votre rendez-vous est confirmé
email-heading-cancelled = Votre rendez-vous a été annulé
email-heading-rescheduled = Votre rendez-vous a été reprogrammé
email-heading-declined = Votre demande a été refusée
email-heading-reminder = Votre rendez-vous commence dans { $duration }
email-heading-reminder-soon = Votre rendez-vous commence bientôt
email-heading-new-time-requested = Veuillez choisir un nouvel horaire

email-lead-request-guest = { $host } la confirmera ou la refusera ; vous recevrez un e-mail dans les deux cas, avec le lien de la réunion une fois la demande confirmée.
email-lead-request-host = Le créneau est réservé pour cette demande jusqu’à ce que vous la confirmiez ou la refusiez ; si elle est toujours en attente à l’heure prévue du rendez-vous, elle est refusée.
email-lead-cancelled-by-host = Annulé par { $host } (l’hôte).
email-lead-cancelled-by-guest = Annulé par { $guest } (l’invité).
email-lead-new-time-requested = { $host } vous demande de choisir un nouvel horaire pour ce rendez-vous. En attendant, il reste réservé à l’horaire indiqué ci-dessous.

email-link-book-again = Réserver un autre créneau
email-link-withdraw = Retirer la demande
email-link-choose-new-time = Choisir un nouvel horaire
email-link-manage = Annuler ou reprogrammer
email-link-decide = Confirmer ou refuser
email-link-dashboard = Ouvrir votre tableau de bord

email-label-what = Quoi
email-label-when = Quand
email-label-was = Ancien horaire
email-label-duration = Durée
email-label-guest = Invité
email-label-host = Hôte
email-label-join = Rejoindre
email-label-notes = Notes
email-label-reason = Motif
email-label-message = Message
email-message-from = Message de { $host } :
email-join-button = Rejoindre la réunion

## « mardi 1 décembre 2026, 09:00 – 09:30 (Europe/Berlin, UTC+01:00) »
email-when = { $start } – { $end } ({ $zone }, { $offset })
email-at = { $at } ({ $zone }, { $offset })

email-minutes = { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}
email-hours = { $hours } h
email-hours-minutes = { $hours } h { $minutes } min

## L’invitation (.ics) jointe aux e-mails.
email-invitation-summary = { $title } : { $guest } et { $host }
email-invitation-join = Rejoindre la réunion vidéo : { $url }

## L’e-mail de réinitialisation du mot de passe.
email-reset-subject = Réinitialisez votre mot de passe SmartCal
email-reset-hello = Bonjour { $name },
email-reset-asked = Quelqu’un (vous, nous l’espérons) a demandé la réinitialisation du mot de passe de votre compte SmartCal.
email-reset-choose = Choisissez un nouveau mot de passe ici (le lien ne fonctionne qu’une fois, pendant { $minutes } minutes) :
email-reset-button = Choisir un nouveau mot de passe
email-reset-validity = Le lien ne fonctionne qu’une fois, pendant { $minutes } minutes.
email-reset-logout = Définir un nouveau mot de passe vous déconnecte de tous vos appareils.
email-reset-ignore = Si vous n’êtes pas à l’origine de cette demande, ignorez cet e-mail : votre mot de passe reste inchangé.
