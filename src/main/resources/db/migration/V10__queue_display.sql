-- What the hosted waiting page (GET /wait/{queue_id}) shows of a queue, each part optional: a logo
-- (an https URL), a title (the queue's name when null) and a plain-text message.
ALTER TABLE queues ADD logo_url ${text}(2000);
ALTER TABLE queues ADD title ${text}(120);
ALTER TABLE queues ADD message ${text}(2000);
