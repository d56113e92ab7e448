# Logging in (/login) and signing up (/signup): frontend/src/pages/auth.rs.
auth-login-heading = Iniciar sesión
auth-email = Correo electrónico
auth-password = Contraseña
auth-login-submit = Iniciar sesión
auth-login-wrong = Correo electrónico o contraseña incorrectos.
auth-forgot-link = ¿Olvidó su contraseña?
# Followed by a "Sign up" link.
auth-new-here = ¿Aún no tiene cuenta?
auth-signup-link = Registrarse
auth-signup-heading = Registrarse
auth-name = Nombre
auth-zone-required = Indique su zona horaria.
auth-zone-hint = Su panel muestra las horas en esta zona horaria.
auth-signup-submit = Crear cuenta
# Followed by a "Log in" link.
auth-have-account = ¿Ya tiene una cuenta?
auth-login-link = Iniciar sesión
# Getting back into an account (/forgot-password, /reset-password): frontend/src/pages/password.rs.
# Shown on the login page after a reset.
password-reset-done = Su nueva contraseña está establecida y se cerraron todas las sesiones. Inicie sesión con la nueva contraseña.
password-forgot-heading = ¿Olvidó su contraseña?
password-no-email = ¿No recibió el correo? Revise la carpeta de spam o vuelva a solicitarlo.
password-send-another = Enviar otro enlace
password-back-to-login = Volver al inicio de sesión
password-forgot-intro = Introduzca la dirección de correo electrónico de su cuenta y le enviaremos un enlace para elegir una nueva contraseña.
password-email = Correo electrónico
password-send = Enviar el enlace
password-link-invalid = Este enlace no es válido. Solicite uno nuevo.
password-reset-heading = Elegir una nueva contraseña
password-no-token = A este enlace le falta el token. Vuelva a abrir el enlace desde el correo electrónico o solicite uno nuevo.
password-ask-new-link = Solicitar un nuevo enlace
password-logs-out = Al establecer una nueva contraseña, se cerrará su sesión en todos los dispositivos.
password-set = Establecer la nueva contraseña
# The start page (/): frontend/src/pages/landing.rs.
landing-tagline = Programación de reuniones autoalojada con salas de videollamada integradas.
# The name of the navigation holding the two links below.
landing-nav = Cuenta
landing-log-in = Iniciar sesión
landing-sign-up = Registrarse
