-- The language of a host's dashboard and emails, and of a guest's emails and reminders: a BCP 47
-- tag of a language with a catalogue (`en`, `de`, `fr`, `es`, with an optional region such as
-- `de-AT`). Accounts and bookings from before speak English.
ALTER TABLE hosts ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';
ALTER TABLE bookings ADD COLUMN guest_locale TEXT NOT NULL DEFAULT 'en';
