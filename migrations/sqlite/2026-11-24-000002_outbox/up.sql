-- The durable outbox: messages written in the same transaction as the booking change that
-- causes them, delivered by a worker in any `smartcal` process. A row is claimed with a lease
-- (lease_owner, lease_until); a lease that expires (its process died) lets another claim it.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY NOT NULL,
    booking_id TEXT NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,                 -- 'email'
    kind TEXT NOT NULL,                    -- 'confirmation' | 'cancellation' | 'reschedule'
    recipient TEXT NOT NULL,               -- 'host' | 'guest'
    payload TEXT NOT NULL,                 -- JSON: the rendered message; emptied once sent
    state TEXT NOT NULL,                   -- 'pending' | 'sent' | 'failed'
    attempts INTEGER NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_booking ON outbox(booking_id, created_at);
