DROP TABLE idempotency_keys;
DROP TABLE bookings;
DROP TABLE agendas;
DROP TABLE api_keys;
DROP TABLE sessions;
DROP TABLE hosts;
