-- Issue 13 (h-identity2): the TOTP secret and the SSO client secret are stored sealed (AES-GCM under the server key,
-- identity.secrets.SecretBox). Every write from now on must be sealed; rows written before are sealed by the server
-- at start (identity.secrets.PlaintextSecrets), which is why the checks are NOT VALID (not applied to old rows).
ALTER TABLE mfa_totp ADD CONSTRAINT mfa_totp_secret_sealed CHECK (secret LIKE 'enc:v1:%') NOT VALID;
ALTER TABLE company_sso ADD CONSTRAINT company_sso_client_secret_sealed CHECK (client_secret LIKE 'enc:v1:%') NOT VALID;
