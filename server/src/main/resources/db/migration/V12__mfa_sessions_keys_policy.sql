-- Issue 13 (h-mfa): the TOTP second factor, sessions one can list and revoke, API keys, companies' security policy.

-- One authenticator app per user; it counts only once confirmed with a correct code. last_step is the newest time
-- step a code was accepted for: a code of that step or an earlier one is refused (replay).
CREATE TABLE mfa_totp (
    user_id      uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret       text        NOT NULL,
    confirmed_at timestamptz,
    last_step    bigint      NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- Ten single-use backup codes per user, stored as hashes; regenerating replaces them all.
CREATE TABLE mfa_backup_codes (
    user_id   uuid  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash bytea NOT NULL,
    used_at   timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- The short-lived second step of a sign-in: 'verify' (a code completes it) or 'enrol' (the company requires a second
-- factor the user has not set up: the token serves only to enrol, and enrolling completes the sign-in).
CREATE TABLE mfa_challenges (
    token_hash bytea PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    company_id uuid        NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    purpose    text        NOT NULL CHECK (purpose IN ('verify', 'enrol')),
    attempts   integer     NOT NULL DEFAULT 0,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    ip         text,
    user_agent text
);
CREATE INDEX mfa_challenges_expiry ON mfa_challenges (expires_at);

-- Sessions get an id to list and revoke them by, the device they came from, and their company's idle timeout
-- (NULL: the server's default). The company's absolute lifetime is written into expires_at.
ALTER TABLE sessions ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX sessions_id ON sessions (id);
ALTER TABLE sessions ADD COLUMN idle_seconds integer;
ALTER TABLE sessions ADD COLUMN device text;
CREATE INDEX sessions_company_user ON sessions (company_id, user_id) WHERE revoked_at IS NULL;

-- A company's security policy; no row means the defaults (no MFA required, the server's session lengths, no limit).
CREATE TABLE company_policies (
    company_id            uuid PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
    require_mfa           text        NOT NULL DEFAULT 'off' CHECK (require_mfa IN ('off', 'admins', 'everyone')),
    session_idle_seconds  integer CHECK (session_idle_seconds > 0),
    session_max_seconds   integer CHECK (session_max_seconds > 0),
    max_sessions          integer CHECK (max_sessions > 0),
    allowed_email_domains text[]      NOT NULL DEFAULT '{}',
    updated_at            timestamptz NOT NULL DEFAULT now(),
    updated_by            uuid
);

-- API keys: rk_<prefix>_<secret>; only the prefix (to recognise a key) and the SHA-256 of the whole key are kept.
-- A key acts for its user in its company with at most its scopes and at most the user's role there now.
CREATE TABLE api_keys (
    id           uuid PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    company_id   uuid        NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name         text        NOT NULL,
    prefix       text        NOT NULL UNIQUE,
    key_hash     bytea       NOT NULL UNIQUE,
    scopes       text[]      NOT NULL,
    expires_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_ip   text,
    last_used_at timestamptz,
    last_used_ip text,
    use_count    bigint      NOT NULL DEFAULT 0,
    revoked_at   timestamptz
);
CREATE INDEX api_keys_owner ON api_keys (user_id, company_id);
