## Los correos de reserva (crates/domain/src/email.rs) y el de restablecimiento de contraseña
## (crates/domain/src/account_email.rs). `$when` es una fecha y hora escrita con el patrón del
## idioma; `$zone`, el nombre IANA de una zona horaria; `$offset`, p. ej., UTC+01:00.

email-subject = { $verb }: { $title } con { $other } el { $when } ({ $zone })

email-verb-request-host = Nueva solicitud
email-verb-request-guest = Solicitud recibida
email-verb-confirmed = Confirmada
email-verb-cancelled = Cancelada
email-verb-rescheduled = Reprogramada
email-verb-declined = Rechazada
email-verb-reminder = Recordatorio
email-verb-new-time-requested = Nueva hora solicitada

email-heading-request-guest = Hemos recibido su solicitud
email-heading-request-host = Un invitado quiere reunirse con usted
email-heading-confirmed = Su reunión está confirmada
email-heading-cancelled = Su reunión se ha cancelado
email-heading-rescheduled = Su reunión se ha reprogramado
email-heading-declined = Su solicitud ha sido rechazada
email-heading-reminder = Su reunión empieza en { $duration }
email-heading-reminder-soon = Su reunión empieza pronto
email-heading-new-time-requested = Elija una nueva hora

email-lead-request-guest = { $host } la confirmará o la rechazará; recibirá un correo electrónico en ambos casos, con el enlace de la reunión una vez confirmada.
email-lead-request-host = La hora queda reservada para esta solicitud hasta que la confirme o la rechace; si sigue pendiente cuando deba empezar la reunión, se rechazará.
email-lead-cancelled-by-host = { $host } (el anfitrión) la ha cancelado.
email-lead-cancelled-by-guest = { $guest } (el invitado) la ha cancelado.
email-lead-new-time-requested = { $host } le pide que elija una nueva hora para esta reunión. Hasta que lo haga, sigue reservada a la hora indicada abajo.

email-link-book-again = Reservar otra hora
email-link-withdraw = Retirar la solicitud
email-link-choose-new-time = Elegir una nueva hora
email-link-manage = Cancelar o reprogramar
email-link-decide = Confirmar o rechazar
email-link-dashboard = Abrir su panel

email-label-what = Qué
email-label-when = Cuándo
email-label-was = Antes
email-label-duration = Duración
email-label-guest = Invitado
email-label-host = Anfitrión
email-label-join = Unirse
email-label-notes = Notas
email-label-reason = Motivo
email-label-message = Mensaje
email-message-from = Mensaje de { $host }:
email-join-button = Unirse a la reunión

## «martes, 1 de diciembre de 2026, 9:00 – 9:30 (Europe/Berlin, UTC+01:00)»
email-when = { $start } – { $end } ({ $zone }, { $offset })
email-at = { $at } ({ $zone }, { $offset })

email-minutes = { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
}
email-hours = { $hours } h
email-hours-minutes = { $hours } h { $minutes } min

## La invitación (.ics) que acompaña a los correos.
email-invitation-summary = { $title }: { $guest } y { $host }
email-invitation-join = Únase a la videollamada: { $url }

## El correo de restablecimiento de contraseña.
email-reset-subject = Restablezca su contraseña de SmartCal
email-reset-hello = Hola, { $name }:
email-reset-asked = Alguien (esperamos que usted) ha solicitado restablecer la contraseña de su cuenta de SmartCal.
email-reset-choose = Elija una nueva contraseña aquí (el enlace solo funciona una vez, durante { $minutes } minutos):
email-reset-button = Elegir una nueva contraseña
email-reset-validity = El enlace solo funciona una vez, durante { $minutes } minutos.
email-reset-logout = Al establecer una nueva contraseña, se cerrará su sesión en todos los dispositivos.
email-reset-ignore = Si no lo ha solicitado usted, ignore este correo electrónico: su contraseña no cambiará.
