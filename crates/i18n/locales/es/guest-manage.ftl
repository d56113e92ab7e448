# A guest's booking page (/booking/{id}): see and cancel, withdraw or reschedule a booking.
manage-invalid-link = Reserva no encontrada o el enlace no es válido
manage-heading = Su reserva
manage-moved = Su reserva se ha movido al { $when }.
manage-time-taken = Esa hora se acaba de reservar. Elija otra, por favor.
manage-same-time = Esa ya es la hora de su reserva. Elija otra, por favor.
manage-cancelled = Esta reserva está cancelada
manage-declined = Esta solicitud fue rechazada
manage-not-offered = Este tipo de reunión ya no se ofrece; aún puede cancelarla.
# $host: the host's name (drawn apart from the sentence).
manage-pending = { $host } confirmará o rechazará esta solicitud; recibirá un correo electrónico.
manage-what = Qué
manage-host = Anfitrión
manage-when = Cuándo
manage-status = Estado
manage-reason = Motivo
manage-meeting-link = Enlace de la reunión
manage-join-call = Unirse a la videollamada
manage-zone-hint = Las horas de esta página se muestran en esta zona horaria.
manage-book-again = Reservar otra hora
manage-withdraw-heading = Retirar
manage-cancel-heading = Cancelar
manage-reason-optional = Motivo (opcional)
manage-withdraw-question = ¿Seguro que desea retirar esta solicitud?
manage-cancel-question = ¿Seguro que desea cancelar esta reserva?
manage-cancelling = Cancelando…
manage-withdraw-yes = Sí, retirar solicitud
manage-cancel-yes = Sí, cancelar reserva
manage-keep-request = Mantener solicitud
manage-keep-booking = Mantener reserva
manage-withdraw-request = Retirar solicitud
manage-cancel-booking = Cancelar reserva
manage-reschedule = Reprogramar
# $from, $to: the booking's time now and the new one (date and time).
manage-move-question = ¿Mover su reunión del { $from } al { $to }?
manage-moving = Moviendo…
manage-confirm = Confirmar
manage-back = Atrás
manage-pick-hint = Elija un día y luego una nueva hora.
manage-status-pending = Solicitud pendiente
manage-status-confirmed = Confirmada
manage-status-declined = Rechazada
manage-status-cancelled = Cancelada

# The host's page for a booking request (/decide/{id}), opened from the request email.
decide-invalid-link = Solicitud no encontrada: ya se decidió o el enlace no es válido
decide-heading = Solicitud de reserva
# $guest: the guest's name.
decide-confirmed = Confirmada. { $guest } recibe la confirmación con el enlace de la reunión.
decide-declined = Rechazada. Se avisa a { $guest } y la hora vuelve a estar libre.
decide-notes = Notas
decide-reason = Motivo
decide-what = Qué
decide-when = Cuándo
decide-guest = Invitado
decide-guest-zone = Zona horaria del invitado
decide-status = Estado
decide-your-decision = Su decisión
decide-told-either-way = Se avisará al invitado en ambos casos.
decide-confirm = Confirmar
decide-decline-reason = Motivo si la rechaza (opcional)
decide-decline = Rechazar
decide-status-pending = Esperando su decisión
decide-status-confirmed = Confirmada
decide-status-declined = Rechazada
decide-status-cancelled = Cancelada

# Where a meeting's join link sends a visitor outside its join window (/join/{id}).
join-invalid-link = Reunión no encontrada o el enlace no es válido
join-heading = Su reunión
# $link: a link to the guest's booking page, named by join-your-booking.
join-back-to-booking = { $link } (reprogramar o cancelar)
join-your-booking = Su reserva
join-your-dashboard = Su panel
join-cancelled = Esta reunión se canceló
join-nothing-to-join = No hay ninguna reunión a la que unirse.
join-declined = Esta solicitud fue rechazada
join-not-confirmed = Esta solicitud aún no está confirmada
# $host: the host's name.
join-guest-pending = { $host } la confirmará o la rechazará; recibirá un correo electrónico. La sala solo se abre para una reunión confirmada.
# $link: a link to the decision page, named by join-confirm-or-decline.
join-host-pending = Espera su decisión: { $link }.
join-confirm-or-decline = Confirmarla o rechazarla
# $time: the time the room opens.
join-room-opens = La sala se abre el { $time }
join-minutes-before = { $minutes ->
        [one] Es { $minutes } minuto antes del inicio.
       *[other] Son { $minutes } minutos antes del inicio.
    }
join-keep-open = Mantenga esta página abierta y, llegado el momento, aparecerá aquí el botón «Unirse ahora»; o vuelva a abrir entonces su enlace para unirse.
join-room-open = La sala está abierta
join-now = Unirse ahora
join-ended = Esta reunión ha terminado
# $time: the time the room closed.
join-room-closed = La sala se cerró el { $time }.
join-what = Qué
join-host = Anfitrión
join-guest = Invitado
join-when = Cuándo
# $zone: a time-zone id such as Europe/Berlin.
join-zone-note = Las horas se muestran en su zona horaria, { $zone }.
