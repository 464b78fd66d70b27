-- A record's place in a view's manual order (a kanban column in manual order): a fractional rank per (view, record),
-- compared as ASCII text (shared-model Rank, RecordSql.rankedPage). A move writes one row; the same (view, record)
-- is last-writer-wins. Ranks go with their view and company; a deleted record's ranks stay (an undone delete brings
-- the record back with its id, and so with its place), and never show, since reads join from the records.
CREATE TABLE view_ranks (
    company_id uuid        NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    view_id    uuid        NOT NULL REFERENCES views (id) ON DELETE CASCADE,
    record_id  uuid        NOT NULL,
    rank       text        COLLATE "C" NOT NULL CHECK (length(rank) BETWEEN 1 AND 64),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid,
    PRIMARY KEY (view_id, record_id)
);
CREATE INDEX view_ranks_order ON view_ranks (view_id, rank, record_id);
CREATE INDEX view_ranks_record ON view_ranks (record_id);
