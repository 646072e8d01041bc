-- Aggregates for the dashboard API, so history never scans visitor rows. dashboard_minutes holds
-- one row per (queue, minute, writer): a writer is one process since its start, which rewrites its
-- whole tally of the minute at every flush, so rewriting is idempotent and a restart (a new writer)
-- never adds to the last process's counts; readers add up the writers. dashboard_rollups holds
-- hour (resolution 2) and day (3) rows; dashboard_rolled marks a period rolled, written after its
-- rows. Times are epoch millis (UTC period starts). wait_buckets are counts per fixed bucket
-- (dashboard.WaitBuckets), comma-separated. No foreign keys: history outlives deleted queues.
CREATE TABLE dashboard_minutes (
  queue_id BIGINT NOT NULL,
  minute_start BIGINT NOT NULL,
  writer VARCHAR(40) NOT NULL,
  application_id BIGINT NOT NULL,
  joins BIGINT NOT NULL,
  releases BIGINT NOT NULL,
  expiries BIGINT NOT NULL,
  cancellations BIGINT NOT NULL,
  completions BIGINT NOT NULL,
  wait_count BIGINT NOT NULL,
  wait_sum_ms BIGINT NOT NULL,
  wait_buckets VARCHAR(400) NOT NULL,
  length_end INTEGER NOT NULL,
  length_max INTEGER NOT NULL,
  CONSTRAINT pk_dashboard_minutes PRIMARY KEY (queue_id, minute_start, writer)
);
CREATE INDEX ix_dashboard_minutes_start ON dashboard_minutes (minute_start);
CREATE INDEX ix_dashboard_minutes_app ON dashboard_minutes (application_id, minute_start);

CREATE TABLE dashboard_rollups (
  resolution SMALLINT NOT NULL,
  queue_id BIGINT NOT NULL,
  period_start BIGINT NOT NULL,
  application_id BIGINT NOT NULL,
  joins BIGINT NOT NULL,
  releases BIGINT NOT NULL,
  expiries BIGINT NOT NULL,
  cancellations BIGINT NOT NULL,
  completions BIGINT NOT NULL,
  wait_count BIGINT NOT NULL,
  wait_sum_ms BIGINT NOT NULL,
  wait_buckets VARCHAR(400) NOT NULL,
  length_end INTEGER NOT NULL,
  length_max INTEGER NOT NULL,
  CONSTRAINT pk_dashboard_rollups PRIMARY KEY (resolution, queue_id, period_start)
);
CREATE INDEX ix_dashboard_rollups_start ON dashboard_rollups (resolution, period_start);
CREATE INDEX ix_dashboard_rollups_app ON dashboard_rollups (resolution, application_id, period_start);

CREATE TABLE dashboard_rolled (
  resolution SMALLINT NOT NULL,
  period_start BIGINT NOT NULL,
  CONSTRAINT pk_dashboard_rolled PRIMARY KEY (resolution, period_start)
);
