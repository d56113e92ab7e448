# Shared by every page, guest build and full app (frontend/src/lib.rs, api.rs, components/field.rs,
# loader.rs, dialog.rs, pages/landing.rs's not-found page).
common-brand = SmartCal
common-loading = Cargando…
common-not-found-heading = Página no encontrada
common-not-found-back = Volver a la página de inicio
# Followed by a "Log in" link.
common-not-logged-in = No ha iniciado sesión.
common-log-in = Iniciar sesión
# The button of a confirmation dialog that cancels (next to e.g. "Delete").
common-keep-it = Conservar
# A failed call to the server, when the server gave no words of its own.
common-error-unreachable = No se pudo conectar con el servidor. Inténtelo de nuevo.
common-error-unauthorized = Vuelva a iniciar sesión.
common-error-forbidden = No tiene permiso para hacer esto.
common-error-not-found = No se encontró. Es posible que el enlace sea incorrecto o esté desactualizado.
common-error-conflict = Esto se modificó mientras tanto. Vuelva a cargar la página e inténtelo de nuevo.
common-error-gone = Este enlace ya no funciona.
common-error-too-large = El texto es demasiado largo. Acórtelo, por favor.
common-error-invalid = Algunos datos no se aceptaron. Revíselos, por favor.
common-error-too-many = Demasiados intentos. Espere un minuto e inténtelo de nuevo.
common-error-server = El servidor tuvo un problema. Inténtelo de nuevo en un momento.
common-error-other = Algo salió mal. Inténtelo de nuevo.
# A new password's rule, under its field; $count: the least number of characters.
common-password-hint = { $count ->
    [one] Al menos { $count } carácter.
   *[other] Al menos { $count } caracteres.
}
common-new-password-label = { $count ->
    [one] Nueva contraseña (al menos { $count } carácter)
   *[other] Nueva contraseña (al menos { $count } caracteres)
}
# Field messages (the server's and the page's own check): fragments that follow the field's
# name; shown under the field with a capital letter and a full stop added.
common-rule-email = debe ser una dirección de correo electrónico como nombre@example.com
common-rule-required = este campo es obligatorio
# $count: the least number of characters.
common-rule-password-too-short = { $count ->
    [one] debe tener al menos { $count } carácter
   *[other] debe tener al menos { $count } caracteres
}
# $bytes: the greatest number of bytes.
common-rule-password-too-long = debe tener como máximo { $bytes } bytes
