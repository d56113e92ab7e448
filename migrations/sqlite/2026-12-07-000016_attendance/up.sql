-- Attendance (SPEC §11): what the Jitsi server reported about each booking's room, and what
-- SmartCal concluded from it.

-- Every join, leave, creation and destruction reported, once: `event_key` names the event
-- (kind, session and time), so a repeated report inserts nothing. `side` is 'host' or 'guest'
-- for joins and leaves, '' for the room's own events.
CREATE TABLE attendance_events (
    booking_id TEXT NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
    event_key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('room_created', 'joined', 'left', 'room_destroyed')),
    side TEXT NOT NULL CHECK (side IN ('', 'host', 'guest')),
    session TEXT NOT NULL,                 -- occupant JID / JaaS participant; '' for the room
    at BIGINT NOT NULL,                    -- when it happened (the reporter's clock)
    source TEXT NOT NULL,                  -- 'event_sync' | 'jaas'
    received_at BIGINT NOT NULL,
    PRIMARY KEY (booking_id, event_key)
);

-- Per booking: the attendance the events add up to (recomputed on every new event), the
-- no-show decision, and which meeting webhooks were queued (each once).
CREATE TABLE attendance (
    booking_id TEXT PRIMARY KEY NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
    started_at BIGINT,
    ended_at BIGINT,
    host_joined_at BIGINT,
    host_left_at BIGINT,
    host_seconds BIGINT NOT NULL DEFAULT 0,
    guest_joined_at BIGINT,
    guest_left_at BIGINT,
    guest_seconds BIGINT NOT NULL DEFAULT 0,
    no_show TEXT CHECK (no_show IN ('none', 'host', 'guest', 'both')),
    no_show_decided_at BIGINT,
    started_announced_at BIGINT,
    ended_announced_at BIGINT,
    updated_at BIGINT NOT NULL
);

-- The no-show job looks for confirmed bookings whose start passed.
CREATE INDEX bookings_confirmed_start ON bookings(start_at) WHERE status = 'confirmed';
