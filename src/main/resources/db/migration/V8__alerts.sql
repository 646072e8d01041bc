-- Alerts, firing and resolved, so that a restart neither repeats a message nor forgets an alert.
-- An alert is kept per (kind, subject): subject is 'queue:<id>', 'application:<id>' or
-- 'system:<what>'. state: 1 firing, 2 resolved. open_mark is 0 while the alert fires and its id
-- once resolved, so the unique index allows one firing alert per key and any number of resolved
-- ones (H2 has no partial indexes). application_id is null for system alerts, which only super
-- admins see. No foreign keys: an alert outlives the queue or application it was about.
CREATE TABLE alerts (
  id BIGINT NOT NULL,
  kind VARCHAR(40) NOT NULL,
  subject VARCHAR(200) NOT NULL,
  application_id BIGINT,
  queue_id BIGINT,
  state SMALLINT NOT NULL,
  summary ${text}(2000) NOT NULL,
  started_at BIGINT NOT NULL,
  last_notified_at BIGINT NOT NULL,
  resolved_at BIGINT,
  notifications INTEGER NOT NULL,
  open_mark BIGINT DEFAULT 0 NOT NULL,
  CONSTRAINT pk_alerts PRIMARY KEY (id),
  CONSTRAINT ck_alerts_state CHECK (state BETWEEN 1 AND 2)
);
CREATE UNIQUE INDEX ux_alerts_open ON alerts (kind, subject, open_mark);
CREATE INDEX ix_alerts_state ON alerts (state);
CREATE INDEX ix_alerts_application ON alerts (application_id, started_at);
CREATE INDEX ix_alerts_started ON alerts (started_at);
