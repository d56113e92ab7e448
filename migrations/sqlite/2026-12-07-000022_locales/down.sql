ALTER TABLE bookings DROP COLUMN guest_locale;
ALTER TABLE hosts DROP COLUMN locale;
