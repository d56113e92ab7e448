# The dashboard's Team tab (dashboard/teams.rs).
teams-heading = Équipes
teams-intro = Une équipe se réserve en commun : ses agendas proposent un créneau où tous les membres sont libres (collectif), ou bien où l’un d’eux l’est et reçoit alors la réservation (round robin).
teams-none = Aucune équipe pour l’instant.
teams-created = L’équipe « { $name } » a été créée.
teams-name-required = Veuillez saisir un nom.
teams-slug-required = Veuillez saisir un nom de lien, par ex. ventes.
teams-new-heading = Nouvelle équipe
teams-name-label = Nom de l’équipe
teams-slug-label = Nom de lien de l’équipe
teams-links-hint = Les liens de réservation d’équipe sont /book/team/{"{"}nom de lien{"}"}/{"{"}agenda{"}"}.
teams-creating = Création…
teams-create = Créer l’équipe
teams-remove-member-title = Retirer le membre
teams-remove-member-question = Retirer { $name } de l’équipe « { $team } » ? Ce membre ne recevra plus de réservations de ses agendas ; les rendez-vous déjà réservés avec lui restent les siens.
teams-remove = Retirer
teams-member-removed = { $name } ne fait plus partie de « { $team } ».
teams-agenda-created = « { $title } » a été créé.
teams-link-copied = Lien de réservation copié.
teams-copy-by-hand = Copiez ce lien manuellement : { $url }
teams-link-name = Nom de lien : { $slug }
teams-you-own = Vous en êtes propriétaire
teams-members = Membres
teams-owner = Propriétaire
teams-remove-member-label = Retirer { $name } de l’équipe
teams-member-added = { $name } fait désormais partie de « { $team } ».
teams-agendas = Agendas de l’équipe
teams-no-agendas = Aucun agenda d’équipe pour l’instant.
# A team agenda's line: its duration, "Collective" or "Round robin", its members' names.
teams-agenda-summary = { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    } · { $assignment } · { $members }
teams-copy-link-label = Copier le lien pour réserver { $title }
teams-copy-link = Copier le lien
teams-new-agenda-of = Nouvel agenda de { $team }
teams-new-agenda = Nouvel agenda d’équipe
teams-collective = Collectif
teams-round-robin = Round robin
teams-email-invalid = Veuillez saisir une adresse e-mail comme nom@example.com.
teams-member-email-label = E-mail de l’hôte à ajouter
teams-add-member = Ajouter le membre
teams-title-required = Veuillez saisir un titre.
teams-whole-number = Saisissez un nombre entier.
teams-members-required = Choisissez au moins un membre.
teams-end-after-start = La fin doit être après le début.
teams-days-required = Choisissez au moins un jour.
teams-correct-fields = Veuillez corriger les champs signalés.
teams-title-label = Titre
teams-duration-label = Durée (minutes)
teams-assignment = Attribution
teams-collective-hint = Un créneau est proposé quand tous les membres choisis sont libres ; le rendez-vous a lieu avec chacun d’eux.
teams-round-robin-hint = Un créneau est proposé quand l’un des membres choisis est libre ; le rendez-vous revient au membre libre ayant eu le moins de réservations de cet agenda au cours des 30 derniers jours.
teams-weekly-hours = Horaires hebdomadaires
teams-hours-hint = Les mêmes horaires chaque jour choisi, dans le fuseau { $zone }. Une fin à 00:00 signifie minuit à la fin de la journée.
teams-from = De
teams-until = À
teams-defaults-hint = Les marges, le délai de prévenance (4 heures), les jours réservables à l’avance (60) et les autres règles de réservation gardent leurs valeurs par défaut.
teams-create-agenda = Créer l’agenda d’équipe
teams-cancel = Annuler

# The dashboard's Calendars tab (dashboard/calendars.rs).
calendars-busy-ahead = { $count ->
        [one] { $count } créneau occupé à venir
       *[other] { $count } créneaux occupés à venir
    }
calendars-kind-ical = Adresse iCal
calendars-kind-caldav = CalDAV
calendars-added-reading = « { $name } » a été ajouté ; lecture en cours…
calendars-added-failed = « { $name } » a été ajouté, mais n’a pas pu être lu : { $error }
calendars-added-busy = « { $name } » a été ajouté : { $count ->
        [one] { $count } créneau occupé à venir
       *[other] { $count } créneaux occupés à venir
    }.
calendars-again-reading = Nouvelle lecture de « { $name } » en cours…
calendars-again-failed = « { $name } » n’a pas pu être relu : { $error }
calendars-again-busy = « { $name } » a été relu : { $count ->
        [one] { $count } créneau occupé à venir
       *[other] { $count } créneaux occupés à venir
    }.
calendars-link-copied = Lien copié.
calendars-copy-by-hand = Sélectionnez le lien et copiez-le manuellement.
calendars-url-required = Veuillez saisir l’adresse du calendrier.
calendars-reading-name = Lecture de « { $name } »…
calendars-remove-title = Retirer le calendrier
calendars-remove-question = Retirer le calendrier « { $name } » ? Ses créneaux occupés ne seront plus bloqués.
calendars-remove = Retirer
calendars-removed = Le calendrier « { $name } » a été retiré.
calendars-rotate-title = Créer un nouveau lien de flux
calendars-rotate-question = Créer un nouveau lien de flux ? Le lien actuel cessera de fonctionner ; les applications d’agenda qui y sont abonnées devront s’abonner à nouveau.
calendars-rotate-confirm = Créer un nouveau lien
calendars-heading = Calendriers
calendars-intro = Les créneaux occupés de vos propres calendriers ne sont pas proposés aux invités. Un calendrier est lu lors de son ajout, puis régulièrement ; si une lecture échoue, ses derniers créneaux occupés valides restent utilisés.
calendars-yours = Vos calendriers
calendars-none = Aucun calendrier pour l’instant.
calendars-reading = Lecture…
calendars-last-synced = Dernière synchronisation : { $time }
calendars-not-synced = Pas encore synchronisé
calendars-last-tried = Dernière tentative : { $time }
calendars-user = Utilisateur : { $name }
calendars-writes = Les réservations sont inscrites dans ce calendrier.
calendars-sync-failed = Échec de la synchronisation :
calendars-sync-now-label = Synchroniser maintenant : { $name }
calendars-syncing = Synchronisation…
calendars-sync-now = Synchroniser maintenant
calendars-remove-label = Retirer { $name }
calendars-add-heading = Ajouter un calendrier
calendars-kind = Type
calendars-url = URL
calendars-url-hint-caldav = L’adresse de la collection du calendrier, par ex. https://cloud.example.com/remote.php/dav/calendars/you/personal/
calendars-url-hint-ical = L’adresse secrète au format iCal (https:// ou webcal://) indiquée dans les paramètres de votre calendrier.
calendars-name-optional = Nom (facultatif)
calendars-username = Nom d’utilisateur
calendars-app-password = Mot de passe d’application
calendars-password-hint = Stocké chiffré et jamais réaffiché.
calendars-write-back = Inscrire les réservations dans ce calendrier
calendars-adding = Ajout…
calendars-add = Ajouter le calendrier
calendars-feed-heading = S’abonner à vos réservations
calendars-feed-intro = Un lien secret auquel les applications d’agenda peuvent s’abonner, avec vos réservations confirmées.
calendars-new-feed-heading = Votre nouveau lien de flux
calendars-new-feed-warning = Copiez-le maintenant : il n’est affiché qu’une seule fois. Renouveler encore le lien désactivera celui-ci.
calendars-feed-url = Lien du flux (https)
calendars-copy-link = Copier le lien
calendars-webcal-url = Lien d’abonnement (webcal)
calendars-copy-webcal = Copier le lien webcal
calendars-done-hide = Terminé, masquer le lien
calendars-feed-active-since = Un lien de flux est actif (créé le { $time }). Son adresse n’a été affichée qu’à sa création.
calendars-feed-active = Un lien de flux est actif. Son adresse n’a été affichée qu’à sa création.
calendars-no-feed = Aucun lien de flux pour l’instant.
calendars-rotate = Renouveler le lien de flux
calendars-create-feed = Créer un lien de flux

# An agenda's Invites (dashboard/invites.rs).
invites-expiry-invalid = Saisissez une date et une heure, ou laissez le champ vide.
invites-revoke-title = Révoquer l’invitation
# $invite: invites-quoted-note or invites-made.
invites-revoke-question = Révoquer l’invitation { $invite } ? Son lien cessera immédiatement de fonctionner.
invites-revoke = Révoquer
invites-revoked = L’invitation { $invite } a été révoquée.
invites-heading = Invitations
invites-hint = Un lien privé permet de réserver { $title } une seule fois, même si l’agenda n’est pas répertorié.
invites-note-label = Note (destinataire)
invites-expires-label = Expiration (facultatif)
invites-create = Créer une invitation
invites-new-heading = Nouveau lien d’invitation
invites-copy-now = Copiez-le maintenant : il n’est affiché qu’une seule fois.
invites-new-link-label = Le nouveau lien d’invitation
invites-link-copied = Lien d’invitation copié.
invites-copy-by-hand = Sélectionnez le lien et copiez-le manuellement.
invites-copy = Copier le lien d’invitation
invites-done-hide = Terminé, masquer le lien
invites-none = Aucune invitation.
invites-created-expires = Créée le { $date } · expire le { $time }
invites-created-never-expires = Créée le { $date } · n’expire jamais
invites-revoke-label = Révoquer l’invitation { $invite }
invites-state-open = Ouverte
invites-state-used = Utilisée
invites-state-expired = Expirée
invites-no-note = Aucune note
# An invite without a note, named by when it was made.
invites-made = créée le { $time }
invites-quoted-note = « { $note } »
