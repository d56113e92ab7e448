## La page de réservation

book-unknown-heading = Agenda inconnu
book-unknown-text = Ce lien de réservation n’existe pas (ou plus). Veuillez vérifier le lien que vous avez reçu.
book-invite-gone = Cette invitation n’est plus valable
book-failed = Une erreur s’est produite
book-time-gone = Ce créneau n’est plus disponible. Veuillez en choisir un autre.
book-time-taken = Ce créneau vient d’être réservé. Veuillez en choisir un autre.
book-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
book-video-call = Appel vidéo (Jitsi)
book-requests = Les réservations sont des demandes : l’hôte confirme ou refuse chacune d’elles.
book-zone-hint = Les horaires sont affichés dans ce fuseau. Saisissez une ville, un pays ou un fuseau, p. ex. Tokyo, Allemagne ou Pacific Time.
book-loading = Chargement…
book-details = Vos coordonnées
book-change-time = Changer d’horaire
book-name = Nom
book-email = E-mail
book-notes = Remarques
book-name-missing = Veuillez saisir votre nom.
book-email-invalid = Veuillez saisir une adresse e-mail comme name@example.com.
book-sending = Envoi…
book-send-request = Envoyer la demande
book-confirm = Confirmer la réservation

## La confirmation

book-not-found-heading = Réservation introuvable
book-not-found-text = Ce lien de confirmation ne fonctionne pas. Le lien figurant dans votre e-mail affiche votre réservation.
book-emailed = Nous vous avons envoyé un e-mail à { $email }.
book-what = { $agenda } avec { $host }
book-pending-heading = Demande envoyée
book-pending-text = { $host } confirmera ou refusera ; vous recevrez un e-mail.
book-pending-manage = Voir ou retirer la demande
book-confirmed-heading = Votre rendez-vous est réservé
book-join = Rejoindre l’appel vidéo
book-confirmed-manage = Modifier ou annuler
book-over-heading = Ce rendez-vous n’a plus lieu
book-over-manage = Voir la réservation

## La page publique d’un hôte

host-unknown-heading = Page inconnue
host-unknown-text = Cette page de réservation n’existe pas (ou plus). Veuillez vérifier le lien que vous avez reçu.
host-heading = Prendre rendez-vous avec { $name }
host-empty = Il n’y a rien à réserver ici pour le moment.
host-choose = Choisissez l’objet de votre rendez-vous :

## Le calendrier mensuel

calendar-previous = Mois précédent
calendar-next = Mois suivant
calendar-day-free = { $count ->
    [0] { $day }, aucun créneau libre
    [one] { $day }, { $count } créneau libre
   *[other] { $day }, { $count } créneaux libres
}

## Le choix du créneau

picker-seats-left = { $count ->
    [one] { $count } place restante
   *[other] { $count } places restantes
}
picker-next-available = Prochaine disponibilité : { $day }
picker-loading-times = Chargement des créneaux…
picker-none-on-day = Aucun créneau libre le { $day }.
picker-none-in-month = Aucun créneau libre en { $month }.
picker-looking = Recherche du prochain jour disponible…
picker-none-ahead = Aucun créneau libre dans les prochains mois.
picker-available-times = Créneaux disponibles

## Le champ du fuseau horaire (pays en français ou en anglais ; villes et fuseaux sous leur nom anglais)

zone-label = Fuseau horaire
zone-found = Fuseaux horaires trouvés
zone-hint = Saisissez une ville, un pays ou un fuseau, p. ex. Tokyo, Allemagne ou Pacific Time.
zone-local-time = Heure locale { $time } ({ $offset })
zone-unknown = Fuseau horaire inconnu « { $value } ». Saisissez une ville, un pays ou un nom comme Pacific Time, puis choisissez dans la liste ; les horaires restent en { $zone }.
zone-clock = Format horaire

## Les questions du formulaire

questions-required = (obligatoire)
questions-choose = Choisir…
questions-number = Veuillez saisir un nombre.
questions-choose-answer = Veuillez choisir une réponse.
questions-answer = Veuillez répondre à cette question.

## Ajouter à l’agenda

add-to-calendar-group = Ajouter à votre agenda
add-to-calendar-ics = Ajouter à l’agenda (.ics)
add-to-calendar-google = Ajouter à Google Agenda
add-to-calendar-outlook = Ajouter à Outlook
add-to-calendar-title = { $agenda } avec { $host }
add-to-calendar-join = Rejoindre l’appel vidéo : { $url }
add-to-calendar-join-email = Rejoignez l’appel vidéo avec le lien figurant dans votre e-mail de confirmation.

## Les réponses d’une réservation

answers-yes = Oui
answers-no = Non
