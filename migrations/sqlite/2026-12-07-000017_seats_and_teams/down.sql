PRAGMA foreign_keys = OFF;
BEGIN;
DROP TABLE booking_hosts;
DROP TABLE agenda_members;
DROP INDEX agendas_team_slug;
DROP INDEX agendas_host_slug;
ALTER TABLE agendas DROP COLUMN assignment;
ALTER TABLE agendas DROP COLUMN team_id;
CREATE UNIQUE INDEX agendas_host_slug ON agendas(host_id, slug) WHERE deleted_at IS NULL;
DROP TABLE team_members;
DROP TABLE teams;
-- Seated starts' later guests get rooms of their own again before the name is unique.
UPDATE bookings SET room_name = room_name || '-' || substr(id, 1, 8)
WHERE id NOT IN (SELECT min(id) FROM bookings GROUP BY room_name);
CREATE TABLE bookings_new (
    id TEXT PRIMARY KEY NOT NULL,
    agenda_id TEXT NOT NULL REFERENCES agendas(id),
    host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    start_at BIGINT NOT NULL,
    end_at BIGINT NOT NULL,
    guest_name TEXT NOT NULL,
    guest_email TEXT NOT NULL,
    guest_time_zone TEXT NOT NULL,
    notes TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'declined', 'cancelled')),
    room_name TEXT NOT NULL UNIQUE,
    meeting_url TEXT NOT NULL,
    manage_token_hash TEXT NOT NULL,       -- SHA-256 hex of the guest's manage token
    sequence INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    cancelled_at BIGINT,
    cancel_reason TEXT,
    answers TEXT NOT NULL DEFAULT '[]',    -- JSON: [{key,label,value}] as asked
    reminders_minutes TEXT NOT NULL DEFAULT '[]', -- JSON: [u32], the agenda's when booked
    decide_token_hash TEXT,                -- SHA-256 hex of the host's decide link token
    decided_at BIGINT,
    decline_reason TEXT,
    CHECK (end_at > start_at)
);
INSERT INTO bookings_new SELECT id, agenda_id, host_id, start_at, end_at, guest_name, guest_email,
    guest_time_zone, notes, status, room_name, meeting_url, manage_token_hash, sequence,
    created_at, updated_at, cancelled_at, cancel_reason, answers, reminders_minutes,
    decide_token_hash, decided_at, decline_reason
FROM bookings;
DROP TABLE bookings;
ALTER TABLE bookings_new RENAME TO bookings;
CREATE INDEX bookings_host_time ON bookings(host_id, status, start_at, id);
CREATE INDEX bookings_agenda_time ON bookings(agenda_id, start_at);
CREATE INDEX bookings_pending_start ON bookings(start_at) WHERE status = 'pending';
CREATE INDEX bookings_confirmed_start ON bookings(start_at) WHERE status = 'confirmed';
ALTER TABLE agendas DROP COLUMN seats;
COMMIT;
PRAGMA foreign_keys = ON;
