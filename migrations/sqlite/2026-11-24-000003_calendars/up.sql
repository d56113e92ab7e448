-- Host calendars: where a host's busy times come from (an iCalendar feed or a CalDAV
-- calendar), the busy intervals last read from each, and the host's subscribable feed.
-- A source is synced by one process at a time: it claims the row with a lease
-- (lease_owner, lease_until), like the outbox.
CREATE TABLE calendar_sources (
    id TEXT PRIMARY KEY NOT NULL,
    host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                    -- 'ical' | 'caldav'
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    username TEXT,
    password_enc TEXT,                     -- CalDAV password, encrypted (SMARTCAL_SECRET_KEY)
    write_back BOOLEAN NOT NULL,           -- CalDAV: put confirmed bookings into this calendar
    etag TEXT,
    last_modified TEXT,
    last_sync_at BIGINT,                   -- last successful sync
    last_attempt_at BIGINT,
    last_error TEXT,                       -- of the last attempt; NULL when it succeeded
    busy_count INTEGER NOT NULL,
    next_sync_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX calendar_sources_host ON calendar_sources(host_id, created_at);
CREATE INDEX calendar_sources_due ON calendar_sources(next_sync_at);

-- The busy intervals of each source's last successful sync (UTC Unix seconds).
CREATE TABLE calendar_busy (
    source_id TEXT NOT NULL REFERENCES calendar_sources(id) ON DELETE CASCADE,
    host_id TEXT NOT NULL,
    start_at BIGINT NOT NULL,
    end_at BIGINT NOT NULL,
    PRIMARY KEY (source_id, start_at, end_at)
);
CREATE INDEX calendar_busy_host ON calendar_busy(host_id, start_at);

-- The host's subscribable feed of bookings: the token is shown once, stored hashed.
CREATE TABLE calendar_feeds (
    host_id TEXT PRIMARY KEY NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
