-- 0003: indexes for browsing by canonical speaker and by claim group (newsledger serve).
CREATE INDEX IF NOT EXISTS claims_speaker ON claims(speaker_id);
CREATE INDEX IF NOT EXISTS claims_group ON claims(group_id);
