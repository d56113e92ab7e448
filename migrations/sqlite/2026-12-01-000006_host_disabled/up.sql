-- An operator can disable a host (`smartcal admin disable-host`): they cannot log in, their
-- sessions and API keys stop working, their booking pages answer 404; their bookings stay.
-- NULL: active; otherwise when the host was disabled (Unix seconds, UTC).
ALTER TABLE hosts ADD COLUMN disabled_at BIGINT;
