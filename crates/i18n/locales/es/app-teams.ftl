# The dashboard's Team tab (dashboard/teams.rs).
teams-heading = Equipos
teams-intro = Un equipo reserva a sus miembros en conjunto: sus agendas ofrecen un horario en el que todos los miembros están libres (colectiva), o en el que uno lo está y recibe la reserva (round robin).
teams-none = Aún no hay equipos.
teams-created = Se creó el equipo «{ $name }».
teams-name-required = Introduzca un nombre.
teams-slug-required = Introduzca un nombre de enlace, p. ej. ventas.
teams-new-heading = Nuevo equipo
teams-name-label = Nombre del equipo
teams-slug-label = Nombre de enlace del equipo
teams-links-hint = Los enlaces de reserva de equipo son /book/team/{"{"}nombre de enlace{"}"}/{"{"}agenda{"}"}.
teams-creating = Creando…
teams-create = Crear equipo
teams-remove-member-title = Quitar miembro
teams-remove-member-question = ¿Quitar a { $name } del equipo «{ $team }»? Dejará de recibir reservas de sus agendas; las reuniones ya reservadas con esta persona siguen siendo suyas.
teams-remove = Quitar
teams-member-removed = { $name } ya no forma parte de «{ $team }».
teams-agenda-created = Se creó «{ $title }».
teams-link-copied = Enlace de reserva copiado.
teams-copy-by-hand = Copie este enlace manualmente: { $url }
teams-link-name = Nombre de enlace: { $slug }
teams-you-own = Usted es el propietario
teams-members = Miembros
teams-owner = Propietario
teams-remove-member-label = Quitar a { $name } del equipo
teams-member-added = { $name } ahora forma parte de «{ $team }».
teams-agendas = Agendas del equipo
teams-no-agendas = Aún no hay agendas de equipo.
# A team agenda's line: its duration, "Collective" or "Round robin", its members' names.
teams-agenda-summary = { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    } · { $assignment } · { $members }
teams-copy-link-label = Copiar el enlace para reservar { $title }
teams-copy-link = Copiar enlace
teams-new-agenda-of = Nueva agenda de { $team }
teams-new-agenda = Nueva agenda de equipo
teams-collective = Colectiva
teams-round-robin = Round robin
teams-email-invalid = Introduzca una dirección de correo electrónico como nombre@example.com.
teams-member-email-label = Correo electrónico del anfitrión que desea añadir
teams-add-member = Añadir miembro
teams-title-required = Introduzca un título.
teams-whole-number = Introduzca un número entero.
teams-members-required = Elija al menos un miembro.
teams-end-after-start = El fin debe ser posterior al inicio.
teams-days-required = Elija al menos un día.
teams-correct-fields = Corrija los campos marcados.
teams-title-label = Título
teams-duration-label = Duración (minutos)
teams-assignment = Asignación
teams-collective-hint = Se ofrece un horario cuando todos los miembros elegidos están libres; la reunión es con todos ellos.
teams-round-robin-hint = Se ofrece un horario cuando uno de los miembros elegidos está libre; la reunión se asigna al miembro libre con menos reservas de esta agenda en los últimos 30 días.
teams-weekly-hours = Horario semanal
teams-hours-hint = El mismo horario en cada día elegido, en { $zone }. Un fin a las 00:00 significa la medianoche al final del día.
teams-from = Desde
teams-until = Hasta
teams-defaults-hint = Los márgenes, la antelación mínima (4 horas), los días reservables por adelantado (60) y las demás reglas de reserva mantienen sus valores predeterminados.
teams-create-agenda = Crear agenda de equipo
teams-cancel = Cancelar

# The dashboard's Calendars tab (dashboard/calendars.rs).
calendars-busy-ahead = { $count ->
        [one] { $count } franja ocupada próxima
       *[other] { $count } franjas ocupadas próximas
    }
calendars-kind-ical = Dirección iCal
calendars-kind-caldav = CalDAV
calendars-added-reading = Se añadió «{ $name }»; leyéndolo…
calendars-added-failed = Se añadió «{ $name }», pero no se pudo leer: { $error }
calendars-added-busy = Se añadió «{ $name }»: { $count ->
        [one] { $count } franja ocupada próxima
       *[other] { $count } franjas ocupadas próximas
    }.
calendars-again-reading = Volviendo a leer «{ $name }»…
calendars-again-failed = No se pudo volver a leer «{ $name }»: { $error }
calendars-again-busy = Se volvió a leer «{ $name }»: { $count ->
        [one] { $count } franja ocupada próxima
       *[other] { $count } franjas ocupadas próximas
    }.
calendars-link-copied = Enlace copiado.
calendars-copy-by-hand = Seleccione el enlace y cópielo manualmente.
calendars-url-required = Introduzca la dirección del calendario.
calendars-reading-name = Leyendo «{ $name }»…
calendars-remove-title = Quitar calendario
calendars-remove-question = ¿Quitar el calendario «{ $name }»? Sus horarios ocupados dejarán de bloquearse.
calendars-remove = Quitar
calendars-removed = Se quitó el calendario «{ $name }».
calendars-rotate-title = Crear un nuevo enlace de feed
calendars-rotate-question = ¿Crear un nuevo enlace de feed? El enlace actual dejará de funcionar; las aplicaciones de calendario suscritas a él tendrán que suscribirse de nuevo.
calendars-rotate-confirm = Crear un nuevo enlace
calendars-heading = Calendarios
calendars-intro = Los horarios ocupados de sus propios calendarios no se ofrecen a los invitados. Un calendario se lee al añadirlo y después con regularidad; si una lectura falla, se siguen usando sus últimos horarios ocupados válidos.
calendars-yours = Sus calendarios
calendars-none = Aún no hay calendarios.
calendars-reading = Leyendo…
calendars-last-synced = Última sincronización: { $time }
calendars-not-synced = Aún no sincronizado
calendars-last-tried = Último intento: { $time }
calendars-user = Usuario: { $name }
calendars-writes = Las reservas se anotan en este calendario.
calendars-sync-failed = Error de sincronización:
calendars-sync-now-label = Sincronizar ahora: { $name }
calendars-syncing = Sincronizando…
calendars-sync-now = Sincronizar ahora
calendars-remove-label = Quitar { $name }
calendars-add-heading = Añadir un calendario
calendars-kind = Tipo
calendars-url = URL
calendars-url-hint-caldav = La dirección de la colección del calendario, p. ej. https://cloud.example.com/remote.php/dav/calendars/you/personal/
calendars-url-hint-ical = La dirección secreta en formato iCal (https:// o webcal://) de la configuración de su calendario.
calendars-name-optional = Nombre (opcional)
calendars-username = Nombre de usuario
calendars-app-password = Contraseña de aplicación
calendars-password-hint = Se guarda cifrada y no se vuelve a mostrar.
calendars-write-back = Anotar las reservas en este calendario
calendars-adding = Añadiendo…
calendars-add = Añadir calendario
calendars-feed-heading = Suscribirse a sus reservas
calendars-feed-intro = Un enlace secreto al que pueden suscribirse las aplicaciones de calendario, con sus reservas confirmadas.
calendars-new-feed-heading = Su nuevo enlace de feed
calendars-new-feed-warning = Cópielo ahora: solo se muestra esta vez. Si vuelve a renovar el enlace, este dejará de funcionar.
calendars-feed-url = Enlace del feed (https)
calendars-copy-link = Copiar enlace
calendars-webcal-url = Enlace de suscripción (webcal)
calendars-copy-webcal = Copiar enlace webcal
calendars-done-hide = Listo, ocultar el enlace
calendars-feed-active-since = Hay un enlace de feed activo (creado el { $time }). Su dirección solo se mostró al crearlo.
calendars-feed-active = Hay un enlace de feed activo. Su dirección solo se mostró al crearlo.
calendars-no-feed = Aún no hay enlace de feed.
calendars-rotate = Renovar enlace de feed
calendars-create-feed = Crear enlace de feed

# An agenda's Invites (dashboard/invites.rs).
invites-expiry-invalid = Introduzca una fecha y una hora, o deje el campo vacío.
invites-revoke-title = Revocar invitación
# $invite: invites-quoted-note or invites-made.
invites-revoke-question = ¿Revocar la invitación { $invite }? Su enlace dejará de funcionar de inmediato.
invites-revoke = Revocar
invites-revoked = Se revocó la invitación { $invite }.
invites-heading = Invitaciones
invites-hint = Un enlace privado permite reservar { $title } una sola vez, aunque no aparezca en la lista.
invites-note-label = Nota (para quién es)
invites-expires-label = Caduca (opcional)
invites-create = Crear invitación
invites-new-heading = Nuevo enlace de invitación
invites-copy-now = Cópielo ahora: solo se muestra esta vez.
invites-new-link-label = El nuevo enlace de invitación
invites-link-copied = Enlace de invitación copiado.
invites-copy-by-hand = Seleccione el enlace y cópielo manualmente.
invites-copy = Copiar enlace de invitación
invites-done-hide = Listo, ocultar el enlace
invites-none = No hay invitaciones.
invites-created-expires = Creada el { $date } · caduca el { $time }
invites-created-never-expires = Creada el { $date } · no caduca nunca
invites-revoke-label = Revocar la invitación { $invite }
invites-state-open = Abierta
invites-state-used = Usada
invites-state-expired = Caducada
invites-no-note = Sin nota
# An invite without a note, named by when it was made.
invites-made = creada el { $time }
invites-quoted-note = «{ $note }»
