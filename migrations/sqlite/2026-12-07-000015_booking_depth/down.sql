PRAGMA foreign_keys = OFF;
BEGIN;
DROP TABLE invites;
DELETE FROM bookings WHERE status IN ('pending', 'declined');
CREATE TABLE bookings_old (
    id TEXT PRIMARY KEY NOT NULL,
    agenda_id TEXT NOT NULL REFERENCES agendas(id),
    host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    start_at BIGINT NOT NULL,
    end_at BIGINT NOT NULL,
    guest_name TEXT NOT NULL,
    guest_email TEXT NOT NULL,
    guest_time_zone TEXT NOT NULL,
    notes TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
    room_name TEXT NOT NULL UNIQUE,
    meeting_url TEXT NOT NULL,
    manage_token_hash TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    cancelled_at BIGINT,
    cancel_reason TEXT,
    CHECK (end_at > start_at)
);
INSERT INTO bookings_old SELECT id, agenda_id, host_id, start_at, end_at, guest_name, guest_email,
    guest_time_zone, notes, status, room_name, meeting_url, manage_token_hash, sequence,
    created_at, updated_at, cancelled_at, cancel_reason FROM bookings;
DROP TABLE bookings;
ALTER TABLE bookings_old RENAME TO bookings;
CREATE INDEX bookings_host_time ON bookings(host_id, status, start_at, id);
CREATE INDEX bookings_agenda_time ON bookings(agenda_id, start_at);
ALTER TABLE agendas DROP COLUMN listed;
ALTER TABLE agendas DROP COLUMN reminders_minutes;
ALTER TABLE agendas DROP COLUMN requires_confirmation;
ALTER TABLE agendas DROP COLUMN questions;
COMMIT;
PRAGMA foreign_keys = ON;
