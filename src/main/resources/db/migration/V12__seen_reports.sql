-- Which waiting visitors polled which node: every node writes, about once a second per queue, the
-- visitors it saw, and the node that owns the queue's application applies them all before it
-- decides who is idle. Written by nodes that share a PostgreSQL database; the tables exist on every
-- database only because every migration runs everywhere.

-- Numbers each queue's reports. The row lock taken by the numbering upsert is held to commit, so
-- report numbers come out in commit order: a reader that has read every report up to n and asks
-- for those after n never skips one committed later with a lower number (a sequence or identity
-- column would: its numbers are taken before commit). A table of its own rather than a column of
-- line_heads: reports are written every second by every node and carry up to megabytes, and on
-- line_heads they would queue behind join batches and releases (and those behind them), though the
-- two orders have nothing to do with each other. Rows are never deleted: a counter that started
-- again at 1 would hide new reports from a reader that had read further.
CREATE TABLE seen_heads (
  queue_id BIGINT NOT NULL,
  next_report BIGINT NOT NULL,
  CONSTRAINT pk_seen_heads PRIMARY KEY (queue_id)
);

-- One row per report: the seqs of the visitors seen (sorted, distinct, delta varints: see
-- SeenSeqsCodec), all counted as seen at tick (seconds since 2025-01-01, see Ticks). written_ms is
-- epoch millis of the database's clock (never a node's), for the purge; indexed because the purge
-- looks across all queues. No foreign key: reports outlive nothing they refer to, and are purged.
-- ${bytes}: BYTEA on PostgreSQL (it knows no other name for bytes; H2 accepts it too),
-- VARBINARY(MAX) on SQL Server (see DatabaseConfiguration).
CREATE TABLE seen_reports (
  queue_id BIGINT NOT NULL,
  report_no BIGINT NOT NULL,
  tick INT NOT NULL,
  written_ms BIGINT NOT NULL,
  seqs ${bytes} NOT NULL,
  CONSTRAINT pk_seen_reports PRIMARY KEY (queue_id, report_no)
);
CREATE INDEX ix_seen_reports_written ON seen_reports (written_ms);
