-- The line's log, which nodes that share a database follow into their own in-memory index.
--
-- line_heads holds one row per queue, updated by every transaction that changes the queue's line
-- (joins, releases, cancels, expiries, completions). Its row lock is held to commit, so the event
-- numbers a transaction takes come out in commit order: a follower that has read every event up to
-- n and asks for those after n never skips one committed later with a lower number. next_event is
-- the number the next event gets; next_seq is one past the highest visitor seq written.
CREATE TABLE line_heads (
  queue_id BIGINT NOT NULL,
  next_event BIGINT NOT NULL,
  next_seq BIGINT NOT NULL,
  CONSTRAINT pk_line_heads PRIMARY KEY (queue_id)
);

-- One row per change of the line, append-only and purged after a while (a node that starts builds
-- its index from the visitors rows and the head's next_event read together, then follows).
-- kind: 1 joined waiting, 2 joined released (let straight through), 3 released, 4 cancelled,
-- 5 expired (idle or pass), 6 completed. at_ms: for a join the join time, for a release the end of
-- the pass, otherwise when it happened. No foreign key: a queue's log outlives nothing it refers to.
CREATE TABLE line_events (
  queue_id BIGINT NOT NULL,
  event_no BIGINT NOT NULL,
  kind SMALLINT NOT NULL,
  seq BIGINT NOT NULL,
  priority SMALLINT NOT NULL,
  at_ms BIGINT NOT NULL,
  CONSTRAINT pk_line_events PRIMARY KEY (queue_id, event_no),
  CONSTRAINT ck_line_events_kind CHECK (kind BETWEEN 1 AND 6)
);

-- Which node paces each application. A node takes the lease when it is free or ran out, by the
-- database's clock (never a node's own; expires_at is epoch millis of that clock), and renews it while it lives; each take moves epoch on.
-- A release transaction locks the lease row FOR SHARE and checks holder, epoch and expiry, so a
-- node that was paused or cut off cannot commit a release after another node took over: the taker
-- waits for such a transaction to end, and the paused node's next check fails.
CREATE TABLE application_leases (
  application_id BIGINT NOT NULL,
  holder VARCHAR(120) NOT NULL,
  epoch BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  CONSTRAINT pk_application_leases PRIMARY KEY (application_id)
);
