-- 0004 is reserved for the feeds work (subscriptions, pull feed, webhooks), developed on its own branch.
-- This placeholder keeps the numbering without gaps until that branch is merged; the merge replaces it.
SELECT 1;
