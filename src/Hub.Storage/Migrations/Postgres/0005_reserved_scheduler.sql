-- 0005 is reserved for the scheduler work (connectors, runs, quarantine), developed on its own branch.
-- This placeholder keeps the numbering without gaps until that branch is merged; the merge replaces it.
SELECT 1;
