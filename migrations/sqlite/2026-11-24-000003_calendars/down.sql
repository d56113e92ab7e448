DROP TABLE calendar_feeds;
DROP TABLE calendar_busy;
DROP TABLE calendar_sources;
