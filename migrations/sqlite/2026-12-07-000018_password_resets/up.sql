-- Password resets (SPEC §15): one row per emailed link. The token is stored only as its
-- SHA-256 hash; a row is usable once (`used_at`) and until `expires_at` (60 minutes).
-- The row also carries its email's delivery, the way an outbox row does (the outbox's rows
-- belong to bookings): `mail_*` is claimed with a lease by the outbox worker of any process,
-- retried with backoff, and `mail_payload` (the rendered email, holding the link) is emptied
-- once sent. See `smartcal_db::password_resets`.
CREATE TABLE password_resets (
    id TEXT PRIMARY KEY NOT NULL,
    host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    mail_payload TEXT NOT NULL,
    mail_state TEXT NOT NULL,              -- 'pending' | 'sent' | 'failed'
    mail_attempts INTEGER NOT NULL,
    mail_next_attempt_at BIGINT NOT NULL,
    mail_lease_owner TEXT,
    mail_lease_until BIGINT,
    mail_last_error TEXT,
    mail_sent_at BIGINT
);
CREATE INDEX password_resets_host ON password_resets (host_id, expires_at);
CREATE INDEX password_resets_mail_due ON password_resets (mail_state, mail_next_attempt_at);
