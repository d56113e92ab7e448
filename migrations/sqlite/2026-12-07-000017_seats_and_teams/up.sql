-- Seats and teams (SPEC §10).
PRAGMA foreign_keys = OFF;
BEGIN;

-- Seats: up to `seats` guests share one start of an agenda, and its Jitsi room, so a room name
-- is no longer one booking's: the guests of a seated start carry their first booking's room.
ALTER TABLE agendas ADD COLUMN seats INTEGER NOT NULL DEFAULT 1 CHECK (seats BETWEEN 1 AND 1000);
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
    room_name TEXT NOT NULL,
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
CREATE INDEX bookings_room ON bookings(room_name);

-- Teams: a named group of hosts with a public slug; its creator is its owner (and a member).
CREATE TABLE teams (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    owner_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE TABLE team_members (
    team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (team_id, host_id)
);
CREATE INDEX team_members_host ON team_members(host_id);

-- A team agenda belongs to its team (its `host_id` is the team's owner, who made it) and
-- books its members: all of them (`collective`) or one (`round_robin`).
-- (No REFERENCES on SQLite: a column in a foreign key could not be dropped again.)
ALTER TABLE agendas ADD COLUMN team_id TEXT;
ALTER TABLE agendas ADD COLUMN assignment TEXT CHECK (assignment IN ('collective', 'round_robin'));
-- Personal agendas' slugs are unique per host, team agendas' per team.
DROP INDEX agendas_host_slug;
CREATE UNIQUE INDEX agendas_host_slug ON agendas(host_id, slug) WHERE deleted_at IS NULL AND team_id IS NULL;
CREATE UNIQUE INDEX agendas_team_slug ON agendas(team_id, slug) WHERE deleted_at IS NULL AND team_id IS NOT NULL;
CREATE TABLE agenda_members (
    agenda_id TEXT NOT NULL REFERENCES agendas(id) ON DELETE CASCADE,
    host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    PRIMARY KEY (agenda_id, host_id)
);

-- The other hosts of a collective booking (its `host_id` is the first member): their busy time
-- includes it, they get its emails and moderator links.
CREATE TABLE booking_hosts (
    booking_id TEXT NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
    host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    PRIMARY KEY (booking_id, host_id)
);
CREATE INDEX booking_hosts_host ON booking_hosts(host_id, booking_id);

COMMIT;
PRAGMA foreign_keys = ON;
