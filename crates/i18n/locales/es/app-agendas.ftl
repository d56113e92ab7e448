# The dashboard's Agendas tab and the agenda editor (frontend/src/dashboard/agendas.rs).

## The list
agendas-heading = Agendas
agendas-new = Nueva agenda
agendas-empty = Todavía no hay agendas. Cree una y comparta su enlace de reserva.
agendas-summary = { $minutes ->
    [one] { $minutes } minuto · { $zone }
   *[other] { $minutes } minutos · { $zone }
}
agendas-seats-per-time = { $seats ->
    [one] { $seats } plaza por horario
   *[other] { $seats } plazas por horario
}
agendas-badge-active = Activa
agendas-badge-inactive = Inactiva
agendas-badge-unlisted = No pública
agendas-badge-requires-confirmation = Requiere confirmación
agendas-copy-link = Copiar enlace
agendas-copy-link-label = Copiar el enlace de reserva de { $title }
agendas-edit = Editar
agendas-edit-label = Editar { $title }
agendas-activate = Activar
agendas-activate-label = Activar { $title }
agendas-deactivate = Desactivar
agendas-deactivate-label = Desactivar { $title }
agendas-invites = Invitaciones
agendas-invites-label = Invitaciones para { $title }
agendas-delete = Eliminar
agendas-delete-label = Eliminar { $title }
agendas-delete-title = Eliminar agenda
agendas-delete-question = ¿Eliminar la agenda «{ $title }»? Su enlace de reserva dejará de funcionar.
agendas-deleted = «{ $title }» se ha eliminado.
agendas-now-active = «{ $title }» ahora está activa: los invitados pueden reservarla.
agendas-now-inactive = «{ $title }» ahora está inactiva: su página de reserva está cerrada.
agendas-link-copied = Enlace de reserva copiado.
agendas-copy-by-hand = Copie este enlace manualmente: { $url }

## The editor
agendas-edit-heading = Editar agenda
agendas-first-heading = Su primera agenda
agendas-new-heading = Nueva agenda
agendas-first-title = Reunión de 30 minutos
agendas-first-hint = Lista para crear: 30 minutos, de lunes a viernes de 09:00 a 17:00 en su zona horaria. Cambie lo que quiera, luego créela y comparta su enlace de reserva.
agendas-title = Título
agendas-title-missing = Introduzca un título.
agendas-slug = Nombre del enlace (opcional)
agendas-slug-hint = El final del enlace de reserva; se forma a partir del título si está vacío.
agendas-description = Descripción
agendas-duration = Duración (minutos)
agendas-seats = Plazas por horario
agendas-seats-hint = Cuántos invitados pueden reservar el mismo horario; se reúnen en una misma sala. 1: una reunión por invitado.
agendas-seats-range = Introduzca un número del 1 al 1000.
agendas-whole-number = Introduzca un número entero.
agendas-zone-hint = El horario semanal de abajo está en esta zona.
agendas-weekly-hours = Horario semanal
agendas-weekly-hours-hint = Un final a las 00:00 significa medianoche al final del día.
agendas-unavailable = No disponible
agendas-add-hours = + Añadir horas
# $day: a weekday's name, a date (2026-12-24) or agendas-override-new-date.
agendas-add-hours-on = Añadir horas para { $day }
agendas-hours-from = { $day }: desde
agendas-hours-until = { $day }: hasta
agendas-remove-hours = Quitar estas horas para { $day }
agendas-hours-missing = Introduzca una hora de inicio y una de fin.
agendas-hours-order = El final debe ser posterior al inicio.
agendas-overrides = Excepciones de fecha
agendas-overrides-hint = Otras horas en una fecha concreta. Una fecha sin horas es un día libre.
agendas-add-override = Añadir una excepción de fecha
agendas-date = Fecha
agendas-override-date-missing = Elija una fecha.
# What the labels call an override whose date is not chosen yet.
agendas-override-new-date = la nueva fecha
agendas-remove-override = Quitar la excepción para { $date }
agendas-remove = Quitar
agendas-day-off = Día libre
agendas-rules = Reglas de reserva
agendas-buffer-before = Margen antes (minutos)
agendas-buffer-before-hint = Tiempo libre antes de cada reunión.
agendas-buffer-after = Margen después (minutos)
agendas-buffer-after-hint = Tiempo libre después de cada reunión.
agendas-notice = Antelación mínima (minutos)
agendas-notice-hint = 240 = 4 horas.
agendas-horizon = Días reservables por adelantado
agendas-horizon-hint = Con cuánta antelación pueden reservar los invitados.
agendas-step = Horas de inicio cada (minutos)
agendas-step-hint = Vacío: la duración.
agendas-max-day = Máximo de reservas por día
agendas-max-week = Máximo de reservas por semana
agendas-max-week-hint = De lunes a domingo. Vacío: sin límite.
agendas-max-month = Máximo de reservas por mes
agendas-no-limit-hint = Vacío: sin límite.
agendas-active-label = Activa: los invitados pueden reservarla
agendas-listed = Pública
agendas-listed-hint = Cualquiera con el enlace de reserva puede reservar. Desactivado: solo invitados con una invitación.
agendas-requires-confirmation = Requiere confirmación
agendas-confirm-hint = Cada reserva es una solicitud que usted confirma o rechaza; mientras tanto, su horario queda reservado.
agendas-reminders-invalid = Introduzca los minutos como números enteros separados por comas, p. ej. 15, 60, 1440.
agendas-correct-fields = Corrija los campos marcados.
agendas-saving = Guardando…
agendas-save = Guardar agenda
agendas-create = Crear agenda
agendas-cancel = Cancelar
agendas-saved = «{ $title }» se ha guardado.
agendas-created = «{ $title }» se ha creado.

# The editor's Questions (frontend/src/dashboard/questions.rs).
questions-edit-heading = Preguntas
questions-edit-hint = Se formulan en el formulario de reserva después del nombre, el correo electrónico y las notas.
questions-edit-none = No hay preguntas.
questions-edit-add = Añadir una pregunta
questions-edit-legend = Pregunta { $number }
questions-edit-label = Etiqueta
questions-edit-key = Clave
questions-edit-key-hint = a–z, 0–9 y _; se forma a partir de la etiqueta si está vacía.
questions-edit-kind = Tipo de respuesta
questions-edit-kind-short-text = Texto corto
questions-edit-kind-long-text = Texto largo
questions-edit-kind-email = Correo electrónico
questions-edit-kind-phone = Teléfono
questions-edit-kind-number = Número
questions-edit-kind-select = Lista (una opción)
questions-edit-kind-multi-select = Selección múltiple (varias opciones)
questions-edit-kind-checkbox = Casilla (sí o no)
questions-edit-options = Opciones (una por línea)
questions-edit-options-hint = De 2 a 50 opciones.
questions-edit-required = Obligatoria
questions-edit-move-up = Subir
questions-edit-move-down = Bajar
questions-edit-remove = Quitar
# How the buttons' labels name a question: by its label, else by its number.
questions-edit-named = «{ $label }»
questions-edit-unnamed = la pregunta { $number }
questions-edit-move-up-label = Subir { $question }
questions-edit-move-down-label = Bajar { $question }
questions-edit-remove-label = Quitar { $question }

# The editor's Reminders (frontend/src/dashboard/reminders.rs).
reminders-edit-heading = Recordatorios
reminders-edit-minutes-label = Minutos antes del inicio
reminders-edit-hint = Hasta { $max }, separados por comas, p. ej. 60, 1440. El anfitrión y el invitado reciben cada uno un correo electrónico.
reminders-edit-none = Sin recordatorios.
# $times: the reminder times, e.g. "15 min, 1 h 30 min, 1 day".
reminders-edit-summary = Recordatorios { $times } antes.
reminders-edit-add = + { $time }
reminders-edit-add-label = Añadir un recordatorio { $time } antes
# A reminder time is written as its days, hours and minutes, e.g. "1 day 2 h 30 min".
reminders-edit-days = { $days ->
    [one] { $days } día
   *[other] { $days } días
}
reminders-edit-hours = { $hours } h
reminders-edit-minutes = { $minutes } min
