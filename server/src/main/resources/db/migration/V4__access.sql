-- Table access. Every member reads and edits an open table; a restricted table is seen only by owners, admins and
-- the users granted it here ('read' or 'edit'). Pulls leave out what a user cannot see; a change of access is a
-- change-log row per affected user, so the client purges the table (lost access) or backfills it (gained access).
ALTER TABLE tables ADD COLUMN restricted boolean NOT NULL DEFAULT false;

CREATE TABLE table_access (
    table_id uuid NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    user_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    level    text NOT NULL CHECK (level IN ('read', 'edit')),
    PRIMARY KEY (table_id, user_id)
);
CREATE INDEX table_access_user ON table_access (user_id);
