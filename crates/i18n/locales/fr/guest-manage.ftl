# A guest's booking page (/booking/{id}): see and cancel, withdraw or reschedule a booking.
manage-invalid-link = Réservation introuvable ou lien non valide
manage-heading = Votre réservation
manage-moved = Votre réservation a été déplacée au { $when }.
manage-time-taken = Ce créneau vient d’être réservé. Veuillez en choisir un autre.
manage-same-time = C’est déjà l’horaire de votre réservation. Veuillez en choisir un autre.
manage-cancelled = Cette réservation est annulée
manage-declined = Cette demande a été refusée
manage-not-offered = Ce type de rendez-vous n’est plus proposé ; vous pouvez toujours annuler.
# $host: the host's name (drawn apart from the sentence).
manage-pending = { $host } confirmera ou refusera cette demande ; vous recevrez un e-mail.
manage-what = Quoi
manage-host = Hôte
manage-when = Quand
manage-status = Statut
manage-reason = Motif
manage-meeting-link = Lien de la réunion
manage-join-call = Rejoindre l’appel vidéo
manage-zone-hint = Les horaires de cette page sont affichés dans ce fuseau horaire.
manage-book-again = Réserver un autre créneau
manage-withdraw-heading = Retirer
manage-cancel-heading = Annuler
manage-reason-optional = Motif (facultatif)
manage-withdraw-question = Voulez-vous vraiment retirer cette demande ?
manage-cancel-question = Voulez-vous vraiment annuler cette réservation ?
manage-cancelling = Annulation…
manage-withdraw-yes = Oui, retirer la demande
manage-cancel-yes = Oui, annuler la réservation
manage-keep-request = Conserver la demande
manage-keep-booking = Conserver la réservation
manage-withdraw-request = Retirer la demande
manage-cancel-booking = Annuler la réservation
manage-reschedule = Reprogrammer
# $from, $to: the booking's time now and the new one (date and time).
manage-move-question = Déplacer votre rendez-vous du { $from } au { $to } ?
manage-moving = Déplacement…
manage-confirm = Confirmer
manage-back = Retour
manage-pick-hint = Choisissez un jour, puis un nouvel horaire.
manage-status-pending = Demande en attente
manage-status-confirmed = Confirmée
manage-status-declined = Refusée
manage-status-cancelled = Annulée

# The host's page for a booking request (/decide/{id}), opened from the request email.
decide-invalid-link = Demande introuvable : elle a déjà été traitée, ou le lien n’est pas valide
decide-heading = Demande de réservation
# $guest: the guest's name.
decide-confirmed = Confirmée. { $guest } reçoit la confirmation avec le lien de la réunion.
decide-declined = Refusée. Nous en informons { $guest }, et le créneau est de nouveau libre.
decide-notes = Notes
decide-reason = Motif
decide-what = Quoi
decide-when = Quand
decide-guest = Invité
decide-guest-zone = Fuseau horaire de l’invité
decide-status = Statut
decide-your-decision = Votre décision
decide-told-either-way = L’invité est informé dans les deux cas.
decide-confirm = Confirmer
decide-decline-reason = Motif en cas de refus (facultatif)
decide-decline = Refuser
decide-status-pending = En attente de votre décision
decide-status-confirmed = Confirmée
decide-status-declined = Refusée
decide-status-cancelled = Annulée

# Where a meeting's join link sends a visitor outside its join window (/join/{id}).
join-invalid-link = Réunion introuvable ou lien non valide
join-heading = Votre réunion
# $link: a link to the guest's booking page, named by join-your-booking.
join-back-to-booking = { $link } (reprogrammer ou annuler)
join-your-booking = Votre réservation
join-your-dashboard = Votre tableau de bord
join-cancelled = Cette réunion a été annulée
join-nothing-to-join = Il n’y a aucune réunion à rejoindre.
join-declined = Cette demande a été refusée
join-not-confirmed = Cette demande n’est pas encore confirmée
# $host: the host's name.
join-guest-pending = { $host } la confirmera ou la refusera ; vous recevrez un e-mail. La salle n’ouvre que pour une réunion confirmée.
# $link: a link to the decision page, named by join-confirm-or-decline.
join-host-pending = Elle attend votre décision : { $link }.
join-confirm-or-decline = La confirmer ou la refuser
# $time: the time the room opens.
join-room-opens = La salle ouvre le { $time }
join-minutes-before = { $minutes ->
        [one] C’est { $minutes } minute avant le début.
       *[other] C’est { $minutes } minutes avant le début.
    }
join-keep-open = Gardez cette page ouverte : un bouton « Rejoindre maintenant » apparaîtra ici le moment venu. Vous pouvez aussi rouvrir votre lien de participation à ce moment-là.
join-room-open = La salle est ouverte
join-now = Rejoindre maintenant
join-ended = Cette réunion est terminée
# $time: the time the room closed.
join-room-closed = La salle a fermé le { $time }.
join-what = Quoi
join-host = Hôte
join-guest = Invité
join-when = Quand
# $zone: a time-zone id such as Europe/Berlin.
join-zone-note = Les horaires sont indiqués dans votre fuseau horaire, { $zone }.
