-- Stored rollups (issue 12): a rollup's values kept in a side table sr_<field hex> in the company schema
-- (shared-model sql.StoredRollups). seq is the change-log sequence its side table is fresh up to: every change of the
-- company up to it is reflected (null: never filled, or reset by a change that left no change-log row). Readers bring
-- it up to date under an advisory lock per field (server rollups.RollupFreshness).
CREATE TABLE stored_rollups (
    field_id   uuid   PRIMARY KEY,
    table_id   uuid   NOT NULL,
    company_id uuid   NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    seq        bigint
);
CREATE INDEX stored_rollups_table ON stored_rollups (company_id, table_id);
