-- 0007: what a figure measures, normalised (so that outlets that word it differently share
-- a claim group), its value converted to the base unit of its dimension, and its timing:
-- the past event it belongs to, the day of its event, running totals, headline figures.
ALTER TABLE claims ADD COLUMN measure TEXT;
ALTER TABLE claims ADD COLUMN thing TEXT;
ALTER TABLE claims ADD COLUMN outcome TEXT;
ALTER TABLE claims ADD COLUMN part INTEGER;
ALTER TABLE claims ADD COLUMN dimension TEXT;
ALTER TABLE claims ADD COLUMN base_unit TEXT;
ALTER TABLE claims ADD COLUMN base_value REAL;
ALTER TABLE claims ADD COLUMN base_low REAL;
ALTER TABLE claims ADD COLUMN base_high REAL;
ALTER TABLE claims ADD COLUMN era TEXT;
ALTER TABLE claims ADD COLUMN event_day TEXT;
ALTER TABLE claims ADD COLUMN running INTEGER;
ALTER TABLE claims ADD COLUMN headline INTEGER;
CREATE INDEX IF NOT EXISTS claims_measure ON claims(measure);
