ALTER TABLE hosts DROP COLUMN disabled_at;
