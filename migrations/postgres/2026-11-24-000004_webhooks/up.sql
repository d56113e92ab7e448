-- Integrators' webhooks. Deliveries are outbox rows (channel 'webhook', recipient = webhook id,
-- kind = event); every attempt is logged in webhook_attempts.
CREATE TABLE webhooks (
    id TEXT PRIMARY KEY NOT NULL,
    host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,                  -- signs deliveries (HMAC-SHA256); shown once
    events TEXT NOT NULL,                  -- comma-separated event names
    description TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    consecutive_failures INTEGER NOT NULL, -- failed attempts since the last success
    last_success_at BIGINT,
    last_failure_at BIGINT
);
CREATE INDEX webhooks_host ON webhooks(host_id);

CREATE TABLE webhook_attempts (
    id TEXT PRIMARY KEY NOT NULL,
    delivery_id TEXT NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
    webhook_id TEXT NOT NULL,
    attempted_at BIGINT NOT NULL,
    duration_ms BIGINT NOT NULL,
    status_code INTEGER,                   -- absent when no HTTP answer came (timeout, refused)
    error TEXT                             -- absent on success
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id, attempted_at);
CREATE INDEX outbox_recipient ON outbox(channel, recipient, created_at);
