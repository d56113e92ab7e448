ALTER TABLE agendas DROP COLUMN max_bookings_per_month;
ALTER TABLE agendas DROP COLUMN max_bookings_per_week;
