-- Failed logins per account (the email as typed, lowercased) and client (the peer address),
-- counted before the password is checked so concurrent guesses cannot pass the count; see
-- `smartcal_db::logins`. A row is forgotten a day after its last attempt.
CREATE TABLE login_attempts (
    account TEXT NOT NULL,
    client TEXT NOT NULL,
    failures INTEGER NOT NULL,
    last_at BIGINT NOT NULL,
    PRIMARY KEY (account, client)
);
CREATE INDEX login_attempts_last_at ON login_attempts (last_at);
