-- Seats and teams (SPEC §10).

-- Seats: up to `seats` guests share one start of an agenda, and its Jitsi room, so a room name
-- is no longer one booking's: the guests of a seated start carry their first booking's room.
ALTER TABLE agendas ADD COLUMN seats INTEGER NOT NULL DEFAULT 1 CHECK (seats BETWEEN 1 AND 1000);
ALTER TABLE bookings DROP CONSTRAINT bookings_room_name_key;
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
ALTER TABLE agendas ADD COLUMN team_id TEXT REFERENCES teams(id) ON DELETE CASCADE;
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
