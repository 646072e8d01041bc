-- Counts the changes of a queue row, so that a node reading settings in the background keeps the
-- newer of two copies (a refresh that read before a pause must not undo it when it lands after).
ALTER TABLE queues ADD row_version BIGINT DEFAULT 0 NOT NULL;
