-- Issue 13 (h-oidc): OpenID Connect single sign-on per company.

-- A company's provider. The client secret is kept to exchange codes and never answered by any route. Allowed email
-- domains come from company_policies.allowed_email_domains (one list for invitations and single sign-on).
CREATE TABLE company_sso (
    company_id    uuid PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
    issuer        text        NOT NULL,
    client_id     text        NOT NULL,
    client_secret text        NOT NULL,
    new_user_role text        NOT NULL DEFAULT 'member' CHECK (new_user_role IN ('member', 'admin')),
    jit           boolean     NOT NULL DEFAULT false,
    enabled       boolean     NOT NULL DEFAULT true,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    uuid
);

-- A started sign-in: found by the SHA-256 of its state, used once, short-lived. The PKCE verifier and the nonce stay
-- on the server; the client holds only the state.
CREATE TABLE sso_logins (
    state_hash    bytea PRIMARY KEY,
    company_id    uuid        NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    redirect_uri  text        NOT NULL,
    code_verifier text        NOT NULL,
    nonce         text        NOT NULL,
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz
);
CREATE INDEX sso_logins_expiry ON sso_logins (expires_at);
