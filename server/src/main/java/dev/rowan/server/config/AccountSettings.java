package dev.rowan.server.config;

import dev.rowan.model.identity.SecurityBounds;
import io.helidon.config.Config;

import java.time.Duration;
import java.util.Map;

/**
 * Accounts (README, "Accounts"): self-registration, password policy, lockout, token lifetimes, avatars, mail.
 *
 * @param registration       {@code ROWAN_REGISTRATION}: whether anyone may sign up (off by default)
 * @param passwordMinLength  {@code ROWAN_PASSWORD_MIN_LENGTH}
 * @param lockoutThreshold   {@code ROWAN_LOCKOUT_THRESHOLD}: wrong passwords in a row that lock an account
 * @param lockoutDuration    {@code ROWAN_LOCKOUT_MINUTES}: how long it stays locked
 * @param resetTokenLifetime {@code ROWAN_RESET_TOKEN_MINUTES}: a password-reset link is good this long
 * @param verifyTokenLifetime {@code ROWAN_VERIFY_TOKEN_HOURS}: a verification or registration link is good this long
 * @param invitationLifetime {@code ROWAN_INVITATION_DAYS}: an invitation is good this long after it was (re)sent
 * @param avatarMaxBytes     {@code ROWAN_AVATAR_MAX_BYTES}
 * @param secretKey          {@code ROWAN_SECRET_KEY}: 32 bytes in base64 sealing stored secrets (TOTP, SSO client);
 *                           unset, the key file {@code secret.key} in the data directory (made on first start)
 */
public record AccountSettings(boolean registration, int passwordMinLength, int lockoutThreshold,
                              Duration lockoutDuration, Duration resetTokenLifetime, Duration verifyTokenLifetime,
                              Duration invitationLifetime, int avatarMaxBytes, MailSettings mail,
                              @org.jspecify.annotations.Nullable String secretKey) {

    public static AccountSettings from(Config r, Map<String, String> env) {
        String reg = text(env, "ROWAN_REGISTRATION", r.get("accounts.registration"), "false")
                .toLowerCase(java.util.Locale.ROOT);
        if (!reg.equals("true") && !reg.equals("false")) {
            throw new IllegalArgumentException("ROWAN_REGISTRATION must be true or false, not '" + reg + "'");
        }
        return new AccountSettings(reg.equals("true"),
                passwordMinLength(positive(env, "ROWAN_PASSWORD_MIN_LENGTH", r.get("accounts.password-min-length"),
                        String.valueOf(SecurityBounds.PASSWORD_MIN_LENGTH_DEFAULT))),
                positive(env, "ROWAN_LOCKOUT_THRESHOLD", r.get("accounts.lockout-threshold"), "10"),
                Duration.ofMinutes(positive(env, "ROWAN_LOCKOUT_MINUTES", r.get("accounts.lockout-minutes"), "15")),
                Duration.ofMinutes(positive(env, "ROWAN_RESET_TOKEN_MINUTES", r.get("accounts.reset-token-minutes"),
                        "60")),
                Duration.ofHours(positive(env, "ROWAN_VERIFY_TOKEN_HOURS", r.get("accounts.verify-token-hours"), "48")),
                Duration.ofDays(positive(env, "ROWAN_INVITATION_DAYS", r.get("accounts.invitation-days"), "7")),
                positive(env, "ROWAN_AVATAR_MAX_BYTES", r.get("accounts.avatar-max-bytes"), "262144"),
                MailSettings.from(r, env),
                env.get("ROWAN_SECRET_KEY"));
    }

    private static String text(Map<String, String> env, String name, Config node, String fallback) {
        String v = env.get(name);
        if (v != null && !v.isBlank()) return v.strip();
        return node.asString().orElse(fallback).strip();
    }

    private static int passwordMinLength(int n) {
        if (!SecurityBounds.PASSWORD_MIN_LENGTH.contains(n)) {
            throw new IllegalArgumentException("ROWAN_PASSWORD_MIN_LENGTH must be a whole number "
                    + SecurityBounds.PASSWORD_MIN_LENGTH.describe() + ", not " + n);
        }
        return n;
    }

    private static int positive(Map<String, String> env, String name, Config node, String fallback) {
        String v = text(env, name, node, fallback);
        try {
            int n = Integer.parseInt(v);
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number above 0, not '" + v + "'");
    }
}
