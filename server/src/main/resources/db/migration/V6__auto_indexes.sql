-- Issue 14 (fast by default): indexes the server builds by itself for the query shapes a table keeps seeing.
-- One row per automatic index; the index itself lives in the company schema next to the table.
CREATE TABLE auto_indexes (
    table_id     uuid        NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    name         text        NOT NULL,
    schema_name  text        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('btree', 'trigram')),
    -- [{"column": "f_…", "ref": field id or createdAt/updatedAt/id, "descending": bool}]
    columns      jsonb       NOT NULL,
    state        text        NOT NULL CHECK (state IN ('building', 'ready', 'failed')),
    seen         integer     NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    built_at     timestamptz,
    -- idx_scan of pg_stat_user_indexes when last looked at, and when it last grew
    last_scans   bigint      NOT NULL DEFAULT 0,
    last_used_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (table_id, name)
);
