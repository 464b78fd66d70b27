-- Sync: what a client pushed, applied at most once per (client, mutation), and the outcome that syncs back.
CREATE TABLE sync_mutations (
    id          bigserial PRIMARY KEY,
    company_id  uuid        NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    client_id   uuid        NOT NULL,
    mutation_id uuid        NOT NULL,
    user_id     uuid,
    entity      text        NOT NULL,
    entity_id   uuid        NOT NULL,
    op          text        NOT NULL,
    -- applied | conflict | rejected
    status      text        NOT NULL,
    -- the full per-mutation result as the push answered it (replays answer it again, byte for byte)
    result      jsonb       NOT NULL,
    -- change-log sequence the mutation produced, if it wrote anything
    seq         bigint,
    at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (company_id, client_id, mutation_id)
);
-- conflicts and rejections of one client, in order, for pulls that bring them back
CREATE INDEX sync_mutations_outcomes ON sync_mutations (company_id, client_id, id) WHERE status <> 'applied';

-- field-level conflict checks read a record's changes since the client's base version
CREATE INDEX change_log_entity ON change_log (company_id, entity_id, seq);

-- a client's own applied writes, excluded from its conflict checks
CREATE INDEX sync_mutations_seq ON sync_mutations (company_id, seq) WHERE seq IS NOT NULL;
