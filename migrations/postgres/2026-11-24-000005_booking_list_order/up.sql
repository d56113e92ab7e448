-- The host's booking list is ordered by (start_at, id): with `id` in the index the database
-- reads the first page straight from it, with or without fresh statistics, instead of reading
-- and sorting every booking of the host.
DROP INDEX bookings_host_time;
CREATE INDEX bookings_host_time ON bookings(host_id, status, start_at, id);
