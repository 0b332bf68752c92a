-- 0008: faster webhook claims, and a server-side cursor for pull subscriptions.
-- feed_delivery.head marks the delivery at the front of its person's line within its subscription (the waiting one
-- with the lowest seq): only heads are claimed, so a claim reads the heads in seq order instead of testing every
-- waiting delivery against the others. It is set when deliveries are queued, moved to the next one when a head is
-- finished, recomputed on replay, and repaired periodically (a claim still checks the order itself).
ALTER TABLE feed_delivery ADD COLUMN head smallint NOT NULL DEFAULT 0;
UPDATE feed_delivery d SET head = 1
 WHERE d.status = 'pending'
   AND NOT EXISTS (SELECT 1 FROM feed_delivery e
                    WHERE e.subscription_id = d.subscription_id AND e.person_id = d.person_id
                      AND e.status = 'pending' AND e.seq < d.seq);
CREATE INDEX ix_feed_delivery_head ON feed_delivery (seq) WHERE status = 'pending' AND head = 1;

-- A pull subscription's consumed position: the highest "after" its client has asked with, and when.
ALTER TABLE feed_subscription ADD COLUMN cursor_seq bigint;
ALTER TABLE feed_subscription ADD COLUMN cursor_at timestamptz;
