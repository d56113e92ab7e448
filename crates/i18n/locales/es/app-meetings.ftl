## The dashboard's frame and tabs (pages/dashboard.rs)

dashboard-heading = Panel
dashboard-signed-in = { $name } · horas en { $zone }
dashboard-log-out = Cerrar sesión
dashboard-onboarding-heading = Configure su primera agenda
dashboard-onboarding-text = Una agenda es un tipo de reunión que los invitados pueden reservar: cuánto dura y cuándo está usted disponible. Cree una y luego comparta su enlace de reserva.
dashboard-onboarding-create = Crear su primera agenda
dashboard-sections = Secciones del panel
dashboard-tab-upcoming = Próximas reuniones
dashboard-tab-past = Pasadas
dashboard-tab-agendas = Agendas
dashboard-tab-teams = Equipo
dashboard-tab-api-keys = Claves de API
dashboard-tab-calendars = Calendarios
dashboard-tab-account = Cuenta

## Upcoming Meetings (dashboard/upcoming.rs)

meetings-email = Correo electrónico
meetings-length-label = Duración
meetings-length = { $minutes } min, termina a las { $end }
meetings-notes = Notas
meetings-none = No hay próximas reuniones.
meetings-list = Próximas reuniones
meetings-request = Solicitud
meetings-in-progress = En curso
meetings-new-time-requested = Nueva hora solicitada
meetings-confirm = Confirmar
meetings-confirm-named = Confirmar la solicitud de { $name }
meetings-decline = Rechazar
meetings-decline-named = Rechazar la solicitud de { $name }
meetings-start = Iniciar reunión
meetings-start-named = Iniciar la reunión con { $name }
meetings-reschedule = Reprogramar
meetings-reschedule-named = Reprogramar la reunión con { $name }
meetings-ask = Pedir otra hora
meetings-ask-named = Pedir otra hora: { $name } elige una nueva hora
meetings-cancel = Cancelar
meetings-cancel-named = Cancelar la reunión con { $name }
meetings-jitsi-note = meet.jit.si pide al primer participante que inicie sesión con Google, GitHub o Facebook; un Jitsi autoalojado o JaaS lo evita.
# The dialog asking before Cancel, Decline and Ask to reschedule.
meetings-cancel-meeting = Cancelar reunión
meetings-decline-request = Rechazar solicitud
meetings-ask-title = Pedir al invitado que elija otra hora
meetings-cancel-question = ¿Cancelar la reunión con { $name } el { $when }? Se avisará al invitado por correo electrónico.
meetings-decline-question = ¿Rechazar la solicitud de { $name } para el { $when }? Se avisará al invitado y la hora quedará libre de nuevo.
meetings-ask-question = ¿Pedir a { $name } que elija una nueva hora? Recibirá un correo electrónico con un enlace para elegirla; hasta entonces, la reunión sigue el { $when }.
meetings-reason-label = Motivo (opcional, se comunica al invitado)
meetings-message-label = Mensaje para el invitado (opcional)
meetings-send-request = Enviar solicitud
meetings-dont-send = No enviar
meetings-keep = Mantener
meetings-cancelled = Se canceló la reunión con { $name }; se le avisó por correo electrónico.
meetings-declined = Se rechazó la solicitud de { $name }.
meetings-asked = Se pidió a { $name } que elija una nueva hora; recibió un correo electrónico con un enlace.
# The host moving a meeting to another free time.
meetings-move-now = Ahora:
meetings-move-zone = Las horas están en { $zone }.
meetings-move-question = ¿Mover la reunión con { $name } al { $when }? El anfitrión y el invitado recibirán un correo electrónico.
meetings-move = Mover reunión
meetings-pick-another = Elegir otra hora
meetings-close = Cerrar
meetings-moved = Se movió la reunión con { $name } al { $when }; ambos reciben un correo electrónico.
# One start of an agenda with seats, e.g. "3/10 booked".
meetings-seats-booked = { $booked }/{ $seats } reservadas
meetings-start-seated = Iniciar la reunión { $title } del { $when } ({ $booked })
meetings-guests-of = Invitados de { $title }
meetings-cancel-seat-named = Cancelar la plaza de { $name }

## Who came to a meeting's room (components/attendance.rs); $time is the time of day.

attendance-label = Asistencia
attendance-host-absent = El anfitrión no se presentó
attendance-host-joined = El anfitrión se unió a las { $time }, { $minutes } min
attendance-host-in-room = El anfitrión se unió a las { $time }, sigue en la sala
attendance-host-not-joined = El anfitrión aún no se ha unido
attendance-guest-absent = El invitado no se presentó
attendance-guest-joined = El invitado se unió a las { $time }, { $minutes } min
attendance-guest-in-room = El invitado se unió a las { $time }, sigue en la sala
attendance-guest-not-joined = El invitado aún no se ha unido

## Past meetings and the Cancelled list (dashboard/past.rs)

past-heading = Reuniones pasadas
past-none = No hay reuniones pasadas.
# After the time of a past meeting that was cancelled: "… · cancelled".
past-status-cancelled = cancelada
past-no-show = No se presentó
past-erase = Borrar datos del invitado
past-erase-named = Borrar los datos del invitado de la reunión con { $name }
past-erase-question = ¿Borrar los datos del invitado de la reunión con { $name } el { $when }? Su nombre, correo electrónico y notas se sustituyen para siempre, aquí y en los correos guardados.
past-erase-confirm = Borrar para siempre
past-cancelled-heading = Canceladas
past-cancelled-none = No hay reuniones canceladas.
past-cancelled-badge = Cancelada
past-cancelled-by-host = Cancelada por el anfitrión.
past-cancelled-by-host-on = Cancelada por el anfitrión el { $when }.
past-cancelled-by-guest = Cancelada por el invitado.
past-cancelled-by-guest-on = Cancelada por el invitado el { $when }.
past-cancelled-unknown = Cancelada.
past-cancelled-unknown-on = Cancelada el { $when }.
past-reason = Motivo
past-no-reason = No se indicó ningún motivo

## API keys (dashboard/api_keys.rs)

keys-heading = Claves de API
# $header is keys-intro-header, shown as code.
keys-intro = Las integraciones envían una clave como { $header } para usar la API en su nombre.
keys-intro-header = Authorization: Bearer <clave>
keys-name = Nombre de la clave
keys-name-missing = Ponga un nombre a la clave, p. ej. el de la integración.
keys-create = Crear clave
keys-new-heading = Nueva clave «{ $name }»
keys-copy-now = Cópiela ahora: solo se muestra esta vez.
keys-new-value = La nueva clave de API
keys-copy = Copiar clave
keys-copied = Clave copiada.
keys-copy-by-hand = Seleccione la clave y cópiela a mano.
keys-hide = Listo, ocultar la clave
keys-none = No hay claves de API.
keys-created-last-used = Creada el { $created } · último uso { $used }
keys-created-never-used = Creada el { $created } · nunca usada
keys-revoke = Revocar
keys-revoke-named = Revocar { $name }
keys-revoke-title = Revocar clave
keys-revoke-question = ¿Revocar la clave «{ $name }»? Las integraciones que la usan dejarán de funcionar de inmediato.
keys-revoked = Se revocó la clave «{ $name }».

## Account (dashboard/account.rs)

account-heading = Cuenta
account-change-password = Cambiar contraseña
account-current-password = Contraseña actual
account-password-changed = Contraseña cambiada. Se cerraron todas las demás sesiones.
account-sessions = Sesiones
account-sessions-lost = ¿Perdió un dispositivo o inició sesión en algún lugar donde no debería seguir conectado?
account-log-out-others = Cerrar sesión en todos los demás sitios
account-others-logged-out = Se cerraron todas las demás sesiones; esta sigue abierta.
account-language-heading = Idioma
account-language = Idioma del panel y de sus correos electrónicos
account-language-saved = Idioma guardado.
account-language-failed = No se pudo guardar el idioma. Inténtelo de nuevo.
