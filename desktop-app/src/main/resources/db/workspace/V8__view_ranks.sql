-- A record's place in a view's manual order (kanban columns in manual order), as on the server (V13 there): one
-- fractional rank per (view, record), compared as plain text (H2 compares strings by their characters, which for
-- the rank's ASCII digits is the server's COLLATE "C" order). Ranks go with their view; a deleted record's rank
-- stays (an undone delete brings the record back with its place), and never shows, since reads join from records.
CREATE TABLE rowan.view_ranks (view_id UUID NOT NULL, record_id UUID NOT NULL, "rank" VARCHAR(64) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY (view_id, record_id),
    CONSTRAINT fk_view_ranks_view FOREIGN KEY (view_id) REFERENCES rowan.views (id) ON DELETE CASCADE);
CREATE INDEX ix_view_ranks_order ON rowan.view_ranks (view_id, "rank", record_id);
CREATE INDEX ix_view_ranks_record ON rowan.view_ranks (record_id);

-- Who may change a view, as the server says (its V7): a personal view is its creator's only, a locked one is changed
-- by owners/admins only. The view bar shows both and refuses locally what the server would refuse.
ALTER TABLE rowan.views ADD COLUMN personal BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE rowan.views ADD COLUMN locked BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE rowan.views ADD COLUMN owner_id UUID;
