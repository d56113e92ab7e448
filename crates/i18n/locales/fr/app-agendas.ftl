# The dashboard's Agendas tab and the agenda editor (frontend/src/dashboard/agendas.rs).

## The list
agendas-heading = Agendas
agendas-new = Nouvel agenda
agendas-empty = Aucun agenda pour l’instant. Créez-en un, puis partagez son lien de réservation.
agendas-summary = { $minutes ->
    [one] { $minutes } minute · { $zone }
   *[other] { $minutes } minutes · { $zone }
}
agendas-seats-per-time = { $seats ->
    [one] { $seats } place par créneau
   *[other] { $seats } places par créneau
}
agendas-badge-active = Actif
agendas-badge-inactive = Inactif
agendas-badge-unlisted = Non public
agendas-badge-requires-confirmation = Confirmation requise
agendas-copy-link = Copier le lien
agendas-copy-link-label = Copier le lien de réservation de { $title }
agendas-edit = Modifier
agendas-edit-label = Modifier { $title }
agendas-activate = Activer
agendas-activate-label = Activer { $title }
agendas-deactivate = Désactiver
agendas-deactivate-label = Désactiver { $title }
agendas-invites = Invitations
agendas-invites-label = Invitations pour { $title }
agendas-delete = Supprimer
agendas-delete-label = Supprimer { $title }
agendas-delete-title = Supprimer l’agenda
agendas-delete-question = Supprimer l’agenda « { $title } » ? Son lien de réservation ne fonctionnera plus.
agendas-deleted = « { $title } » a été supprimé.
agendas-now-active = « { $title } » est maintenant actif : les invités peuvent le réserver.
agendas-now-inactive = « { $title } » est maintenant inactif : sa page de réservation est fermée.
agendas-link-copied = Lien de réservation copié.
agendas-copy-by-hand = Copiez ce lien manuellement : { $url }

## The editor
agendas-edit-heading = Modifier l’agenda
agendas-first-heading = Votre premier agenda
agendas-new-heading = Nouvel agenda
agendas-first-title = Rendez-vous de 30 minutes
agendas-first-hint = Prêt à créer : 30 minutes, du lundi au vendredi de 09:00 à 17:00 dans votre fuseau horaire. Modifiez ce que vous voulez, puis créez-le et partagez son lien de réservation.
agendas-title = Titre
agendas-title-missing = Veuillez saisir un titre.
agendas-slug = Nom du lien (facultatif)
agendas-slug-hint = La fin du lien de réservation ; formée à partir du titre si vide.
agendas-description = Description
agendas-duration = Durée (minutes)
agendas-seats = Places par créneau
agendas-seats-hint = Combien d’invités peuvent réserver le même créneau ; ils se retrouvent dans une même salle. 1 : un rendez-vous par invité.
agendas-seats-range = Saisissez un nombre de 1 à 1000.
agendas-whole-number = Saisissez un nombre entier.
agendas-zone-hint = Les horaires hebdomadaires ci-dessous sont dans ce fuseau.
agendas-weekly-hours = Horaires hebdomadaires
agendas-weekly-hours-hint = Une fin à 00:00 signifie minuit à la fin de la journée.
agendas-unavailable = Indisponible
agendas-add-hours = + Ajouter des horaires
# $day: a weekday's name, a date (2026-12-24) or agendas-override-new-date.
agendas-add-hours-on = Ajouter des horaires pour { $day }
agendas-hours-from = { $day } : de
agendas-hours-until = { $day } : à
agendas-remove-hours = Supprimer ces horaires pour { $day }
agendas-hours-missing = Saisissez une heure de début et une heure de fin.
agendas-hours-order = La fin doit être après le début.
agendas-overrides = Exceptions de dates
agendas-overrides-hint = D’autres horaires à une date donnée. Une date sans horaires est un jour de congé.
agendas-add-override = Ajouter une exception de date
agendas-date = Date
agendas-override-date-missing = Choisissez une date.
# What the labels call an override whose date is not chosen yet.
agendas-override-new-date = la nouvelle date
agendas-remove-override = Supprimer l’exception pour { $date }
agendas-remove = Supprimer
agendas-day-off = Jour de congé
agendas-rules = Règles de réservation
agendas-buffer-before = Marge avant (minutes)
agendas-buffer-before-hint = Temps laissé libre avant chaque rendez-vous.
agendas-buffer-after = Marge après (minutes)
agendas-buffer-after-hint = Temps laissé libre après chaque rendez-vous.
agendas-notice = Préavis minimum (minutes)
agendas-notice-hint = 240 = 4 heures.
agendas-horizon = Jours réservables à l’avance
agendas-horizon-hint = Jusqu’à quand les invités peuvent réserver.
agendas-step = Heures de début toutes les (minutes)
agendas-step-hint = Vide : la durée.
agendas-max-day = Réservations maximum par jour
agendas-max-week = Réservations maximum par semaine
agendas-max-week-hint = Du lundi au dimanche. Vide : aucune limite.
agendas-max-month = Réservations maximum par mois
agendas-no-limit-hint = Vide : aucune limite.
agendas-active-label = Actif : les invités peuvent le réserver
agendas-listed = Public
agendas-listed-hint = Toute personne disposant du lien de réservation peut réserver. Désactivé : seuls les invités ayant une invitation.
agendas-requires-confirmation = Confirmation requise
agendas-confirm-hint = Chaque réservation est une demande que vous confirmez ou refusez ; son créneau reste bloqué en attendant.
agendas-reminders-invalid = Saisissez des minutes en nombres entiers séparés par des virgules, par ex. 15, 60, 1440.
agendas-correct-fields = Veuillez corriger les champs signalés.
agendas-saving = Enregistrement…
agendas-save = Enregistrer l’agenda
agendas-create = Créer l’agenda
agendas-cancel = Annuler
agendas-saved = « { $title } » a été enregistré.
agendas-created = « { $title } » a été créé.

# The editor's Questions (frontend/src/dashboard/questions.rs).
questions-edit-heading = Questions
questions-edit-hint = Posées dans le formulaire de réservation après le nom, l’e-mail et les notes.
questions-edit-none = Aucune question.
questions-edit-add = Ajouter une question
questions-edit-legend = Question { $number }
questions-edit-label = Libellé
questions-edit-key = Clé
questions-edit-key-hint = a–z, 0–9 et _ ; formée à partir du libellé si vide.
questions-edit-kind = Type de réponse
questions-edit-kind-short-text = Texte court
questions-edit-kind-long-text = Texte long
questions-edit-kind-email = E-mail
questions-edit-kind-phone = Téléphone
questions-edit-kind-number = Nombre
questions-edit-kind-select = Liste (une option)
questions-edit-kind-multi-select = Choix multiple (plusieurs options)
questions-edit-kind-checkbox = Case à cocher (oui ou non)
questions-edit-options = Options (une par ligne)
questions-edit-options-hint = De 2 à 50 options.
questions-edit-required = Obligatoire
questions-edit-move-up = Monter
questions-edit-move-down = Descendre
questions-edit-remove = Supprimer
# How the buttons' labels name a question: by its label, else by its number.
questions-edit-named = « { $label } »
questions-edit-unnamed = la question { $number }
questions-edit-move-up-label = Monter { $question }
questions-edit-move-down-label = Descendre { $question }
questions-edit-remove-label = Supprimer { $question }

# The editor's Reminders (frontend/src/dashboard/reminders.rs).
reminders-edit-heading = Rappels
reminders-edit-minutes-label = Minutes avant le début
reminders-edit-hint = Jusqu’à { $max }, séparés par des virgules, par ex. 60, 1440. L’hôte et l’invité reçoivent chacun un e-mail.
reminders-edit-none = Aucun rappel.
# $times: the reminder times, e.g. "15 min, 1 h 30 min, 1 day".
reminders-edit-summary = Rappels { $times } avant.
reminders-edit-add = + { $time }
reminders-edit-add-label = Ajouter un rappel { $time } avant
# A reminder time is written as its days, hours and minutes, e.g. "1 day 2 h 30 min".
reminders-edit-days = { $days ->
    [one] { $days } jour
   *[other] { $days } jours
}
reminders-edit-hours = { $hours } h
reminders-edit-minutes = { $minutes } min
