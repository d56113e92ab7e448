-- Who cancelled a booking: 'host' or 'guest' (NULL while it is not cancelled, and for
-- bookings cancelled before this was recorded). Emails and the host's Cancelled list say it.
ALTER TABLE bookings ADD COLUMN cancelled_by TEXT;
