-- Callbacks go through an outbox: the journal writes an event row in the transaction of the state
-- change that causes it (a release, a cancel, an idle expiry, a completion), so no release is
-- without its event and no event without its release, whatever crashes. Workers claim due rows,
-- deliver them and record the outcome on the row.
--
-- (queue_id, seq, event_type) is the key: each visitor has at most one event of each type, so a
-- write repeated after a restart (an expiry noticed twice) is refused rather than sent twice, and
-- the key gives the stable webhook-id. event_type: 1 visitor.released, 2 visitor.expired,
-- 3 visitor.cancelled, 4 visitor.completed. state: 1 pending, 2 delivered, 3 failed (after the
-- last retry). Delivered and failed rows are kept for a while and then purged.
CREATE TABLE callback_outbox (
  queue_id BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  event_type SMALLINT NOT NULL,
  occurred_at BIGINT NOT NULL,
  state SMALLINT NOT NULL,
  attempts INTEGER DEFAULT 0 NOT NULL,
  due_at BIGINT NOT NULL,
  claimed_until BIGINT,
  finished_at BIGINT,
  CONSTRAINT pk_callback_outbox PRIMARY KEY (queue_id, seq, event_type),
  CONSTRAINT ck_callback_outbox_type CHECK (event_type BETWEEN 1 AND 4),
  CONSTRAINT ck_callback_outbox_state CHECK (state BETWEEN 1 AND 3)
);
CREATE INDEX ix_callback_outbox_due ON callback_outbox (state, due_at);

-- Where the visitor stood when it joined, for the callback's position_at_join.
ALTER TABLE visitors ADD position_at_join INTEGER;

-- The events a queue sends; null means the default, visitor.released only. A comma-separated list
-- of event names.
ALTER TABLE queues ADD callback_events VARCHAR(200);

-- The application's Standard Webhooks secret (whsec_...), sealed with AES-GCM under SECRET_KEY as
-- signing keys are. After a rotation the previous one signs too, until previous_webhook_secret_until.
ALTER TABLE applications ADD webhook_secret VARCHAR(200);
ALTER TABLE applications ADD previous_webhook_secret VARCHAR(200);
ALTER TABLE applications ADD previous_webhook_secret_until BIGINT;

-- The queue-length alert threshold of a queue: null follows QUEUE_THRESHOLD, 0 turns the alert off
-- for this queue, any other number overrides the threshold.
ALTER TABLE queues ADD alert_queue_length INTEGER;
