-- Issue 10 (abuse and authorization).

-- Sliding idle timeout: a session unused for ROWAN_SESSION_IDLE_MINUTES is over (written at most once a minute).
ALTER TABLE sessions ADD COLUMN last_used_at timestamptz NOT NULL DEFAULT now();

-- Adding a member never attaches someone else's account silently: an email that already has an account is
-- invited (accepted_at NULL) and joins when its owner signs in to the company. Until then the company sees the
-- email and name it typed, exactly as for an account it created, so the answer does not tell who has an account.
ALTER TABLE memberships ADD COLUMN accepted_at timestamptz DEFAULT now();
ALTER TABLE memberships ADD COLUMN invited_email text;
ALTER TABLE memberships ADD COLUMN invited_name text;

-- Stored push results belong to the user who pushed (and the company), not to a client id anyone may learn.
UPDATE sync_mutations SET user_id = '00000000-0000-0000-0000-000000000000' WHERE user_id IS NULL;
ALTER TABLE sync_mutations ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE sync_mutations DROP CONSTRAINT sync_mutations_company_id_client_id_mutation_id_key;
ALTER TABLE sync_mutations ADD CONSTRAINT sync_mutations_owner_mutation
    UNIQUE (company_id, user_id, client_id, mutation_id);
DROP INDEX sync_mutations_outcomes;
CREATE INDEX sync_mutations_outcomes ON sync_mutations (company_id, user_id, client_id, id) WHERE status <> 'applied';
DROP INDEX sync_mutations_seq_ranges;
CREATE INDEX sync_mutations_seq_ranges ON sync_mutations (company_id, user_id, client_id, seq_last)
    WHERE seq_last IS NOT NULL;
