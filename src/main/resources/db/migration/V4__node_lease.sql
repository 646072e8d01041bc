-- One row: which node owns this database's line, and the heartbeat /health writes to prove that
-- writes work. epoch grows each time a node takes the lease, so a node that was cut off can tell
-- on its return whether another node owned the line meanwhile (and must then stay fenced).
CREATE TABLE node_lease (
  id SMALLINT NOT NULL,
  epoch BIGINT NOT NULL,
  holder ${text}(200),
  acquired_at BIGINT,
  heartbeat_at BIGINT NOT NULL,
  CONSTRAINT pk_node_lease PRIMARY KEY (id)
);
INSERT INTO node_lease (id, epoch, heartbeat_at) VALUES (1, 0, 0);
