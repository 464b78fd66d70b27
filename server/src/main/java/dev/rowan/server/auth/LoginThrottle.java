package dev.rowan.server.auth;

import dev.rowan.server.config.SecuritySettings;
import dev.rowan.server.guard.RateLimiter;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Limits failed sign-ins per account and per client address (README, "Abuse and access"). The account is the email
 * as typed (normalized), whether or not an account has it, so unknown emails are limited the same way and the
 * answer says nothing about which emails exist. Every attempt is counted when it is let through (so parallel
 * attempts cannot pass the limit together) and given back when it turns out right: a correct password clears the
 * account's count and returns the address's one attempt. Counts live in this server instance's memory.
 */
public final class LoginThrottle {
    private static final int MAX_KEYS = 50_000;

    /** Why an attempt was refused: which limit, and when to come back. */
    public record Refusal(String scope, Duration retryAfter) {
    }

    private final RateLimiter accounts;
    private final RateLimiter addresses;
    /** One audit row per key per window while it is refused: a flood of refused attempts cannot flood the log. */
    private final RateLimiter audits;

    public LoginThrottle(SecuritySettings s) {
        this.accounts = new RateLimiter(s.loginAccountLimit(), s.loginWindow(), MAX_KEYS);
        this.addresses = new RateLimiter(s.loginIpLimit(), s.loginWindow(), MAX_KEYS);
        this.audits = new RateLimiter(1, s.loginWindow(), MAX_KEYS);
    }

    static String account(String email) {
        String e = email.strip().toLowerCase(Locale.ROOT);
        return e.length() > 320 ? e.substring(0, 320) : e;
    }

    /** Counts an attempt, or says why it may not be made now (then nothing is counted). */
    public Optional<Refusal> admit(String email, String ip) {
        String key = account(email);
        Duration wait = addresses.tryAcquire(ip);
        if (!wait.isZero()) return Optional.of(new Refusal("address", wait));
        wait = accounts.tryAcquire(key);
        if (!wait.isZero()) {
            addresses.refund(ip);
            return Optional.of(new Refusal("account", wait));
        }
        return Optional.empty();
    }

    /** The password was right: the account starts afresh and the address gets its attempt back. */
    public void succeeded(String email, String ip) {
        accounts.reset(account(email));
        addresses.refund(ip);
    }

    /** The attempt was never decided (the server was busy): it does not count. */
    public void undecided(String email, String ip) {
        accounts.refund(account(email));
        addresses.refund(ip);
    }

    /** An admin lifted the account's lockout: its failed attempts are forgotten here too. */
    public void forget(String email) {
        accounts.reset(account(email));
    }

    /** Whether a refusal under this key should be written to the audit log (once per key and window). */
    public boolean auditRefusal(String scope, String email, String ip) {
        return audits.tryAcquire(scope.equals("account") ? "a:" + account(email) : "i:" + ip).isZero();
    }
}
