# Shared by every page, guest build and full app (frontend/src/lib.rs, api.rs, components/field.rs,
# loader.rs, dialog.rs, pages/landing.rs's not-found page).
common-brand = SmartCal
common-loading = Loading…
common-not-found-heading = Page not found
common-not-found-back = Back to the start page
# Followed by a "Log in" link.
common-not-logged-in = You are not logged in.
common-log-in = Log in
# The button of a confirmation dialog that cancels (next to e.g. "Delete").
common-keep-it = Keep it
# A failed call to the server, when the server gave no words of its own.
common-error-unreachable = Could not reach the server. Please try again.
common-error-unauthorized = Please log in again.
common-error-forbidden = You are not allowed to do this.
common-error-not-found = This could not be found. The link may be wrong or out of date.
common-error-conflict = This was changed in the meantime. Please reload the page and try again.
common-error-gone = This link no longer works.
common-error-too-large = That is too much text. Please shorten it.
common-error-invalid = Some of the details were not accepted. Please check them.
common-error-too-many = Too many attempts. Please wait a minute and try again.
common-error-server = The server had a problem. Please try again in a moment.
common-error-other = Something went wrong. Please try again.
# A new password's rule, under its field; $count: the least number of characters.
common-password-hint = { $count ->
    [one] At least { $count } character.
   *[other] At least { $count } characters.
}
common-new-password-label = { $count ->
    [one] New password (at least { $count } character)
   *[other] New password (at least { $count } characters)
}
# Field messages (the server's and the page's own check): fragments that follow the field's
# name; shown under the field with a capital letter and a full stop added.
common-rule-email = must be an email address like name@example.com
common-rule-required = must not be empty
# $count: the least number of characters.
common-rule-password-too-short = { $count ->
    [one] must be at least { $count } character
   *[other] must be at least { $count } characters
}
# $bytes: the greatest number of bytes.
common-rule-password-too-long = must be at most { $bytes } bytes
