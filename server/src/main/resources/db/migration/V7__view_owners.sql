-- Saved views: who made a view, whether only they see it (personal), whether only owners/admins change it (locked).
-- Views made before this have no owner: they are shared and unlocked.
ALTER TABLE views
    ADD COLUMN owner_id uuid,
    ADD COLUMN personal boolean NOT NULL DEFAULT false,
    ADD COLUMN locked   boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT views_personal_owner CHECK (NOT personal OR owner_id IS NOT NULL),
    ADD CONSTRAINT views_personal_unlocked CHECK (NOT (personal AND locked));
