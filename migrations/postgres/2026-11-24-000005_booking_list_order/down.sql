DROP INDEX bookings_host_time;
CREATE INDEX bookings_host_time ON bookings(host_id, status, start_at);
