## La página de reserva

book-unknown-heading = Agenda desconocida
book-unknown-text = Este enlace de reserva no existe (o ya no existe). Compruebe el enlace que recibió.
book-invite-gone = Esta invitación ya no es válida
book-failed = Algo salió mal
book-time-gone = Esa hora ya no está disponible. Elija otra.
book-time-taken = Alguien acaba de reservar esa hora. Elija otra.
book-minutes = { $count ->
    [one] { $count } minuto
   *[other] { $count } minutos
}
book-video-call = Videollamada (Jitsi)
book-requests = Las reservas son solicitudes: el anfitrión confirma o rechaza cada una.
book-zone-hint = Las horas se muestran en esta zona horaria. Escriba una ciudad, un país o una zona, p. ej., Tokyo, Alemania o Pacific Time.
book-loading = Cargando…
book-details = Sus datos
book-change-time = Cambiar hora
book-name = Nombre
book-email = Correo electrónico
book-notes = Notas
book-name-missing = Introduzca su nombre.
book-email-invalid = Introduzca una dirección de correo electrónico como name@example.com.
book-sending = Enviando…
book-send-request = Enviar solicitud
book-confirm = Confirmar reserva

## La confirmación

book-not-found-heading = Reserva no encontrada
book-not-found-text = Este enlace de confirmación no funciona. El enlace de su correo electrónico muestra su reserva.
book-emailed = Le hemos enviado un correo electrónico a { $email }.
book-what = { $agenda } con { $host }
book-pending-heading = Solicitud enviada
book-pending-text = { $host } la confirmará o rechazará; recibirá un correo electrónico.
book-pending-manage = Ver o retirar la solicitud
book-confirmed-heading = Su reserva está confirmada
book-join = Unirse a la videollamada
book-confirmed-manage = Cambiar o cancelar
book-over-heading = Esta reserva ya no sigue en pie
book-over-manage = Ver la reserva

## La página pública de un anfitrión

host-unknown-heading = Página desconocida
host-unknown-text = Esta página de reservas no existe (o ya no existe). Compruebe el enlace que recibió.
host-heading = Reserve una reunión con { $name }
host-empty = Ahora mismo no hay nada que reservar aquí.
host-choose = Elija el tema de su reunión:

## El calendario mensual

calendar-previous = Mes anterior
calendar-next = Mes siguiente
calendar-day-free = { $count ->
    [0] { $day }, sin horas libres
    [one] { $day }, { $count } hora libre
   *[other] { $day }, { $count } horas libres
}

## La selección de hora

picker-seats-left = { $count ->
    [one] Queda { $count } plaza
   *[other] Quedan { $count } plazas
}
picker-next-available = Próxima disponibilidad: { $day }
picker-loading-times = Cargando horas…
picker-none-on-day = No hay horas libres el { $day }.
picker-none-in-month = No hay horas libres en { $month }.
picker-looking = Buscando el próximo día libre…
picker-none-ahead = No hay horas libres en los próximos meses.
picker-available-times = Horas disponibles

## El campo de zona horaria (países en español o en inglés; ciudades y zonas con su nombre en inglés)

zone-label = Zona horaria
zone-found = Zonas horarias encontradas
zone-hint = Escriba una ciudad, un país o una zona, p. ej., Tokyo, Alemania o Pacific Time.
zone-local-time = Hora local { $time } ({ $offset })
zone-unknown = Zona horaria desconocida «{ $value }». Escriba una ciudad, un país o un nombre como Pacific Time y elija de la lista; las horas siguen en { $zone }.
zone-clock = Formato de hora

## Las preguntas del formulario

questions-required = (obligatorio)
questions-choose = Elija…
questions-number = Introduzca un número.
questions-choose-answer = Elija una respuesta.
questions-answer = Responda a esta pregunta.

## Añadir al calendario

add-to-calendar-group = Añadir a su calendario
add-to-calendar-ics = Añadir al calendario (.ics)
add-to-calendar-google = Añadir a Google Calendar
add-to-calendar-outlook = Añadir a Outlook
add-to-calendar-title = { $agenda } con { $host }
add-to-calendar-join = Únase a la videollamada: { $url }
add-to-calendar-join-email = Únase a la videollamada con el enlace de su correo electrónico de confirmación.

## Las respuestas de una reserva

answers-yes = Sí
answers-no = No
