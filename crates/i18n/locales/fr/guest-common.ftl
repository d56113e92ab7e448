# Shared by every page, guest build and full app (frontend/src/lib.rs, api.rs, components/field.rs,
# loader.rs, dialog.rs, pages/landing.rs's not-found page).
common-brand = SmartCal
common-loading = Chargement…
common-not-found-heading = Page introuvable
common-not-found-back = Retour à la page d’accueil
# Followed by a "Log in" link.
common-not-logged-in = Vous n’êtes pas connecté.
common-log-in = Se connecter
# The button of a confirmation dialog that cancels (next to e.g. "Delete").
common-keep-it = Conserver
# A failed call to the server, when the server gave no words of its own.
common-error-unreachable = Impossible de joindre le serveur. Veuillez réessayer.
common-error-unauthorized = Veuillez vous reconnecter.
common-error-forbidden = Vous n’êtes pas autorisé à effectuer cette action.
common-error-not-found = Élément introuvable. Le lien est peut-être erroné ou périmé.
common-error-conflict = Cet élément a été modifié entre-temps. Veuillez recharger la page et réessayer.
common-error-gone = Ce lien ne fonctionne plus.
common-error-too-large = Le texte est trop long. Veuillez le raccourcir.
common-error-invalid = Certaines informations n’ont pas été acceptées. Veuillez les vérifier.
common-error-too-many = Trop de tentatives. Veuillez patienter une minute, puis réessayer.
common-error-server = Le serveur a rencontré un problème. Veuillez réessayer dans un instant.
common-error-other = Une erreur est survenue. Veuillez réessayer.
# A new password's rule, under its field; $count: the least number of characters.
common-password-hint = { $count ->
    [one] Au moins { $count } caractère.
   *[other] Au moins { $count } caractères.
}
common-new-password-label = { $count ->
    [one] Nouveau mot de passe (au moins { $count } caractère)
   *[other] Nouveau mot de passe (au moins { $count } caractères)
}
# Field messages (the server's and the page's own check): fragments that follow the field's
# name; shown under the field with a capital letter and a full stop added.
common-rule-email = doit être une adresse e-mail comme nom@example.com
common-rule-required = ce champ est obligatoire
# $count: the least number of characters.
common-rule-password-too-short = { $count ->
    [one] doit contenir au moins { $count } caractère
   *[other] doit contenir au moins { $count } caractères
}
# $bytes: the greatest number of bytes.
common-rule-password-too-long = ne doit pas dépasser { $bytes } octets
