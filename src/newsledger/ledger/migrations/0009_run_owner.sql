-- 0009: which process on which machine a run is, so that the next run (and `stats`) can
-- tell a run that was killed (status 'died') from one still going.
ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN host TEXT;
