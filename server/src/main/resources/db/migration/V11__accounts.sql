-- Accounts (issue 13, h-accounts): profile, status, lockout, email verification, one-time tokens, invitations,
-- login history. `users.disabled` stays the one flag every session lookup checks; the account code keeps it equal to
-- "status is not active or the account is deleted", so a suspension ends sessions without touching the lookup.

ALTER TABLE users ADD COLUMN status            text NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'suspended', 'deactivated'));
ALTER TABLE users ADD COLUMN status_reason     text;
ALTER TABLE users ADD COLUMN status_changed_at timestamptz;
ALTER TABLE users ADD COLUMN status_changed_by uuid;
ALTER TABLE users ADD COLUMN deleted_at        timestamptz;
ALTER TABLE users ADD COLUMN deleted_by        uuid;
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;
ALTER TABLE users ADD COLUMN timezone          text NOT NULL DEFAULT 'UTC';
ALTER TABLE users ADD COLUMN language          text NOT NULL DEFAULT 'en';
ALTER TABLE users ADD COLUMN avatar            bytea;
ALTER TABLE users ADD COLUMN avatar_type       text;
ALTER TABLE users ADD COLUMN failed_logins     integer NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_failed_login_at timestamptz;
ALTER TABLE users ADD COLUMN locked_until      timestamptz;
ALTER TABLE users ADD COLUMN last_login_at     timestamptz;
ALTER TABLE users ADD COLUMN login_count       integer NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN password_changed_at timestamptz;
ALTER TABLE users ADD COLUMN updated_at        timestamptz NOT NULL DEFAULT now();

-- Single-use secrets mailed to someone: email verification, password reset, a pending self-registration (whose
-- account is only created when its link is followed, with the data kept in `payload`). Only the SHA-256 is stored.
CREATE TABLE account_tokens (
    token_hash bytea PRIMARY KEY,
    purpose    text        NOT NULL CHECK (purpose IN ('verify', 'reset', 'register')),
    user_id    uuid REFERENCES users (id) ON DELETE CASCADE,
    email      text        NOT NULL,
    payload    jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    ip         text
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

CREATE TABLE invitations (
    id            uuid PRIMARY KEY,
    company_id    uuid        NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    email         text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('member', 'admin', 'owner')),
    token_hash    bytea       NOT NULL UNIQUE,
    code_hash     bytea       NOT NULL,
    state         text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'cancelled')),
    invited_by    uuid        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    sent_count    integer     NOT NULL DEFAULT 1,
    last_sent_at  timestamptz NOT NULL DEFAULT now(),
    accepted_at   timestamptz,
    accepted_by   uuid,
    cancelled_at  timestamptz,
    cancelled_by  uuid
);
CREATE INDEX invitations_company ON invitations (company_id, created_at);
CREATE INDEX invitations_code ON invitations (code_hash) WHERE state = 'pending';
-- one open invitation per email and company
CREATE UNIQUE INDEX invitations_open ON invitations (company_id, lower(email)) WHERE state = 'pending';

CREATE TABLE login_history (
    id         bigserial PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    company_id uuid,
    success    boolean     NOT NULL,
    reason     text,
    ip         text,
    user_agent text,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_history_user ON login_history (user_id, at DESC);
