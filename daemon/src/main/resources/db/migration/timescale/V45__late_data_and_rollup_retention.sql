-- Late data and rollup retention on TimescaleDB.
--
-- The continuous aggregates' policies refresh only recent buckets (the 1-minute one the last hour), but
-- the DB writer accepts samples up to its maxSampleAge (3 days) late and replays its journal after an
-- outage. The writer records, in the same transaction as such samples, the hours they fall in; after
-- the commit it refreshes exactly those hours with refresh_continuous_aggregate (1-minute aggregates,
-- then 1-hour ones) and deletes the row. An hour that starts before raw retention's cutoff is never
-- refreshed: a refresh there would delete rollup rows whose raw samples are already dropped.
CREATE TABLE rollup_refresh (
    bucket timestamptz PRIMARY KEY   -- start of a UTC hour with back-filled samples, not yet refreshed
);

-- Rollups outlive raw samples (30 days): 1-minute rollups 90 days, 1-hour rollups 2 years
-- (the same figures as DbWriterConfig's defaults for the plain flavour; a test checks they agree).
SELECT add_retention_policy('vm_sample_1m', drop_after => INTERVAL '90 days');
SELECT add_retention_policy('host_sample_1m', drop_after => INTERVAL '90 days');
SELECT add_retention_policy('vm_sample_1h', drop_after => INTERVAL '730 days');
SELECT add_retention_policy('host_sample_1h', drop_after => INTERVAL '730 days');
