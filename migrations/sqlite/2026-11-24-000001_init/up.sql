-- SmartCal schema (SQLite). Instants are BIGINT Unix seconds, UTC. Ids are lowercase UUID text.
CREATE TABLE hosts (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,            -- stored lowercase: unique case-insensitively
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    time_zone TEXT NOT NULL,
    password_hash TEXT NOT NULL,           -- argon2id PHC string
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,  -- SHA-256 hex of the cookie value
    host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_host ON sessions(host_id);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY NOT NULL,
    host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,         -- SHA-256 hex of the key
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_keys_host ON api_keys(host_id);

CREATE TABLE agendas (
    id TEXT PRIMARY KEY NOT NULL,
    host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    time_zone TEXT NOT NULL,
    availability TEXT NOT NULL,            -- JSON: [{weekday,start,end}]
    date_overrides TEXT NOT NULL,          -- JSON: [{date,intervals:[{start,end}]}]
    buffer_before_minutes INTEGER NOT NULL,
    buffer_after_minutes INTEGER NOT NULL,
    min_notice_minutes INTEGER NOT NULL,
    horizon_days INTEGER NOT NULL,
    slot_step_minutes INTEGER NOT NULL,
    max_bookings_per_day INTEGER,
    active BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT                      -- soft delete: past bookings keep their agenda
);
CREATE UNIQUE INDEX agendas_host_slug ON agendas(host_id, slug) WHERE deleted_at IS NULL;

CREATE TABLE bookings (
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
    manage_token_hash TEXT NOT NULL,       -- SHA-256 hex of the guest's manage token
    sequence INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    cancelled_at BIGINT,
    cancel_reason TEXT,
    CHECK (end_at > start_at)
);
CREATE INDEX bookings_host_time ON bookings(host_id, status, start_at);
CREATE INDEX bookings_agenda_time ON bookings(agenda_id, start_at);

CREATE TABLE idempotency_keys (
    idem_key TEXT PRIMARY KEY NOT NULL,    -- "{scope}:{Idempotency-Key}"
    request_hash TEXT NOT NULL,
    booking_id TEXT NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
    response_body TEXT NOT NULL,           -- the first 201 body; purged after 24 hours
    created_at BIGINT NOT NULL
);
