-- Public links to a view (issue 11): a calendar feed (.ics) or a shared form. One link per view and purpose; only
-- the SHA-256 of its token is stored, so the database never holds a usable link. Rotating replaces the hash
-- (the old link answers 404 at once); disabling deletes the row. The link acts for the member who made it, with
-- that member's current role: the links of a member who was removed, disabled or is no longer an owner or admin
-- stop working.
CREATE TABLE view_shares (
    view_id    uuid        NOT NULL REFERENCES views (id) ON DELETE CASCADE,
    purpose    text        NOT NULL CHECK (purpose IN ('calendar', 'form')),
    token_hash text        NOT NULL UNIQUE,
    created_by uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (view_id, purpose)
);
