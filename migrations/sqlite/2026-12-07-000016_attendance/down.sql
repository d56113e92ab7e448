DROP INDEX bookings_confirmed_start;
DROP TABLE attendance;
DROP TABLE attendance_events;
