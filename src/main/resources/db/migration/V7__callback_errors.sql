-- The attempts of an outbox event so far, as "<epoch millis>:<status or error kind>" joined by
-- commas, so that the error record written after the last one lists every attempt with its time.
ALTER TABLE callback_outbox ADD attempt_log VARCHAR(1000);

-- An event whose last delivery attempt failed. event_type and (queue_id, seq) name the outbox
-- event (its webhook-id is derived from them); occurred_at lets a redelivery re-create a purged
-- outbox row. http_status is null when there was no answer, error_kind then says why (timeout,
-- connection_failed, refused_address, no_target, no_webhook_secret, ...). response_snippet is at
-- most 1 KiB of the answer, without control characters. attempt_log as on the outbox row.
-- retried_at: when someone asked for it to be delivered again.
CREATE TABLE callback_errors (
  id BIGINT NOT NULL,
  application_id BIGINT NOT NULL,
  queue_id BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  event_type SMALLINT NOT NULL,
  occurred_at BIGINT NOT NULL,
  target_url ${text}(2000),
  http_status INTEGER,
  error_kind VARCHAR(40),
  response_snippet ${text}(1024),
  attempt_log VARCHAR(1000),
  created_at BIGINT NOT NULL,
  retried_at BIGINT,
  CONSTRAINT pk_callback_errors PRIMARY KEY (id)
);
CREATE INDEX ix_callback_errors_application ON callback_errors (application_id, created_at);
CREATE INDEX ix_callback_errors_queue ON callback_errors (queue_id, created_at);
CREATE INDEX ix_callback_errors_created ON callback_errors (created_at);

-- The purge finds finished outbox rows by when they finished, in chunks.
CREATE INDEX ix_callback_outbox_finished ON callback_outbox (finished_at);
