# Logging in (/login) and signing up (/signup): frontend/src/pages/auth.rs.
auth-login-heading = Log in
auth-email = Email
auth-password = Password
auth-login-submit = Log in
auth-login-wrong = Wrong email or password.
auth-forgot-link = Forgot password?
# Followed by a "Sign up" link.
auth-new-here = New here?
auth-signup-link = Sign up
auth-signup-heading = Sign up
auth-name = Name
auth-zone-required = Please enter your time zone.
auth-zone-hint = Your dashboard shows times in this zone.
auth-signup-submit = Create account
# Followed by a "Log in" link.
auth-have-account = Already have an account?
auth-login-link = Log in
# Getting back into an account (/forgot-password, /reset-password): frontend/src/pages/password.rs.
# Shown on the login page after a reset.
password-reset-done = Your new password is set, and every session was logged out. Log in with the new password.
password-forgot-heading = Forgot your password?
password-no-email = No email? Check the spam folder, or ask again.
password-send-another = Send another link
password-back-to-login = Back to log in
password-forgot-intro = Enter your account's email address and we will send you a link to choose a new password.
password-email = Email
password-send = Send the link
password-link-invalid = This link is not valid. Please ask for a new one.
password-reset-heading = Choose a new password
password-no-token = This link has no token. Please open the link from the email again, or ask for a new one.
password-ask-new-link = Ask for a new link
password-logs-out = Setting a new password logs you out everywhere.
password-set = Set the new password
# The start page (/): frontend/src/pages/landing.rs.
landing-tagline = Self-hosted meeting scheduling with built-in video rooms.
# The name of the navigation holding the two links below.
landing-nav = Account
landing-log-in = Log in
landing-sign-up = Sign up
