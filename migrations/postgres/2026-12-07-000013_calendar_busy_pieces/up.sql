-- Busy rows are now stored in pieces of at most a day (see smartcal_db::calendars::
-- MAX_PIECE_SECONDS), which lets slot queries read only the rows near their range. Rows
-- stored before may be longer: read every source again in full (no 304) at once.
UPDATE calendar_sources SET etag = NULL, last_modified = NULL, next_sync_at = 0;
