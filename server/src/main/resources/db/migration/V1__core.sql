-- Rowan's own schema. User tables live in one schema per company (co_<hex>), created by the server.

CREATE TABLE companies (
    id          uuid PRIMARY KEY,
    name        text        NOT NULL,
    schema_name text        NOT NULL UNIQUE,
    -- last change-log sequence; the row lock taken to bump it serializes a company's writers, so sequences
    -- commit in order and a pull cursor can never skip a change that commits late
    change_seq  bigint      NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    email         text        NOT NULL,
    password_hash text        NOT NULL,
    display_name  text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    disabled      boolean     NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE memberships (
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       text NOT NULL,
    PRIMARY KEY (company_id, user_id)
);

CREATE TABLE sessions (
    token_hash  bytea PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    company_id  uuid        NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    ip          text,
    user_agent  text
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE apps (
    id          uuid PRIMARY KEY,
    company_id  uuid        NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    description text,
    icon        text,
    color       text,
    position    integer     NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    created_by  uuid
);
CREATE INDEX apps_company ON apps (company_id, position);

CREATE TABLE folders (
    id          uuid PRIMARY KEY,
    company_id  uuid        NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    app_id      uuid        NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    parent_id   uuid REFERENCES folders (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    description text,
    position    integer     NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX folders_app ON folders (app_id, parent_id, position);

CREATE TABLE tables (
    id            uuid PRIMARY KEY,
    company_id    uuid        NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    app_id        uuid        NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    folder_id     uuid REFERENCES folders (id) ON DELETE SET NULL,
    name          text        NOT NULL,
    description   text,
    physical_name text        NOT NULL UNIQUE,
    position      integer     NOT NULL DEFAULT 0,
    -- bumped by every schema change; request handlers compare it with their cached definition
    version       bigint      NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    created_by    uuid
);
CREATE UNIQUE INDEX tables_name ON tables (app_id, lower(name));
CREATE INDEX tables_folder ON tables (folder_id, position);

CREATE TABLE fields (
    id            uuid PRIMARY KEY,
    table_id      uuid        NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    name          text        NOT NULL,
    type          text        NOT NULL,
    config        jsonb       NOT NULL DEFAULT '{}',
    required      boolean     NOT NULL DEFAULT false,
    is_unique     boolean     NOT NULL DEFAULT false,
    indexed       boolean     NOT NULL DEFAULT false,
    default_value jsonb,
    validation    jsonb       NOT NULL DEFAULT '{}',
    description   text,
    hidden_at     timestamptz,
    position      integer     NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fields_table ON fields (table_id, position);
-- names are unique among a table's visible fields, ignoring case
CREATE UNIQUE INDEX fields_name ON fields (table_id, lower(name)) WHERE hidden_at IS NULL;

CREATE TABLE views (
    id         uuid PRIMARY KEY,
    table_id   uuid        NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    name       text        NOT NULL,
    kind       text        NOT NULL,
    config     jsonb       NOT NULL DEFAULT '{}',
    is_default boolean     NOT NULL DEFAULT false,
    position   integer     NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX views_table ON views (table_id, position);

-- What sync pulls: every data and schema change of a company, in commit order.
CREATE TABLE change_log (
    company_id uuid        NOT NULL,
    seq        bigint      NOT NULL,
    entity     text        NOT NULL,
    entity_id  uuid        NOT NULL,
    table_id   uuid,
    op         text        NOT NULL,
    data       jsonb,
    user_id    uuid,
    at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, seq)
);

-- Who did what, when, from where.
CREATE TABLE audit_log (
    id         bigserial PRIMARY KEY,
    company_id uuid,
    user_id    uuid,
    action     text        NOT NULL,
    entity     text        NOT NULL,
    entity_id  uuid,
    details    jsonb,
    ip         text,
    user_agent text,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_company_at ON audit_log (company_id, at);
