-- Booking depth (SPEC §9): questions and answers, requests the host confirms, reminders,
-- unlisted agendas and private invites.
ALTER TABLE agendas ADD COLUMN questions TEXT NOT NULL DEFAULT '[]';          -- JSON: [Question]
ALTER TABLE agendas ADD COLUMN requires_confirmation BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE agendas ADD COLUMN reminders_minutes TEXT NOT NULL DEFAULT '[]';  -- JSON: [u32]
ALTER TABLE agendas ADD COLUMN listed BOOLEAN NOT NULL DEFAULT TRUE;

ALTER TABLE bookings DROP CONSTRAINT bookings_status_check;
ALTER TABLE bookings ADD CONSTRAINT bookings_status_check
    CHECK (status IN ('pending', 'confirmed', 'declined', 'cancelled'));
ALTER TABLE bookings ADD COLUMN answers TEXT NOT NULL DEFAULT '[]'; -- JSON: [{key,label,value}]
ALTER TABLE bookings ADD COLUMN reminders_minutes TEXT NOT NULL DEFAULT '[]'; -- the agenda's when booked
ALTER TABLE bookings ADD COLUMN decide_token_hash TEXT;  -- SHA-256 hex of the decide token
ALTER TABLE bookings ADD COLUMN decided_at BIGINT;
ALTER TABLE bookings ADD COLUMN decline_reason TEXT;
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
