-- Booking depth (SPEC §9): questions and answers, requests the host confirms, reminders,
-- unlisted agendas and private invites.
PRAGMA foreign_keys = OFF;
BEGIN;

ALTER TABLE agendas ADD COLUMN questions TEXT NOT NULL DEFAULT '[]';          -- JSON: [Question]
ALTER TABLE agendas ADD COLUMN requires_confirmation BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE agendas ADD COLUMN reminders_minutes TEXT NOT NULL DEFAULT '[]';  -- JSON: [u32]
ALTER TABLE agendas ADD COLUMN listed BOOLEAN NOT NULL DEFAULT TRUE;

-- The status gains `pending` and `declined`; a booking keeps its answers as asked, and a
-- request its host's decide token (hashed) and the decision.
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
INSERT INTO bookings_new (id, agenda_id, host_id, start_at, end_at, guest_name, guest_email,
    guest_time_zone, notes, status, room_name, meeting_url, manage_token_hash, sequence,
    created_at, updated_at, cancelled_at, cancel_reason)
SELECT id, agenda_id, host_id, start_at, end_at, guest_name, guest_email, guest_time_zone, notes,
    status, room_name, meeting_url, manage_token_hash, sequence, created_at, updated_at,
    cancelled_at, cancel_reason
FROM bookings;
DROP TABLE bookings;
ALTER TABLE bookings_new RENAME TO bookings;
CREATE INDEX bookings_host_time ON bookings(host_id, status, start_at, id);
CREATE INDEX bookings_agenda_time ON bookings(agenda_id, start_at);
-- Requests still pending at their start are declined by a background job.
CREATE INDEX bookings_pending_start ON bookings(start_at) WHERE status = 'pending';

-- Private invites: a link that books an agenda once. The token is shown once, stored hashed.
CREATE TABLE invites (
    id TEXT PRIMARY KEY NOT NULL,
    agenda_id TEXT NOT NULL REFERENCES agendas(id),
    host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    note TEXT NOT NULL,
    expires_at BIGINT,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    booking_id TEXT REFERENCES bookings(id) ON DELETE SET NULL, -- set once, when it books
    used_at BIGINT
);
CREATE INDEX invites_agenda ON invites(agenda_id, created_at);

COMMIT;
PRAGMA foreign_keys = ON;
