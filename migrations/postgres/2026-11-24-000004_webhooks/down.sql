DROP INDEX outbox_recipient;
DROP TABLE webhook_attempts;
DROP TABLE webhooks;
