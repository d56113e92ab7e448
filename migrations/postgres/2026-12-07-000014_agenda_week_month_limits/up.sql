-- At most this many bookings of the agenda per local week (Monday to Sunday) and per local
-- month, in the agenda's zone, beside max_bookings_per_day; NULL: no limit (SPEC §9).
ALTER TABLE agendas ADD COLUMN max_bookings_per_week INTEGER;
ALTER TABLE agendas ADD COLUMN max_bookings_per_month INTEGER;
