-- Visitors in their queues. (queue_id, seq) is the key: seq is the join order within the queue
-- and the number a queue token carries, so polls that miss memory, transitions and the rebuild
-- after a restart all read by primary key. state: 1 waiting, 2 released, 3 cancelled, 4 expired.
-- A released row whose expires_at has passed is expired without being rewritten.
CREATE TABLE visitors (
  queue_id BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  priority SMALLINT NOT NULL,
  state SMALLINT NOT NULL,
  visitor_key ${text}(200),
  metadata ${text}(4000),
  joined_at BIGINT NOT NULL,
  released_at BIGINT,
  expires_at BIGINT,
  ended_at BIGINT,
  end_reason VARCHAR(16),
  CONSTRAINT pk_visitors PRIMARY KEY (queue_id, seq),
  CONSTRAINT fk_visitors_queue FOREIGN KEY (queue_id) REFERENCES queues (id),
  CONSTRAINT ck_visitors_state CHECK (state BETWEEN 1 AND 4),
  CONSTRAINT ck_visitors_priority CHECK (priority BETWEEN 0 AND 9)
);
