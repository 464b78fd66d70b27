package dev.rowan.server.identity.accounts;

import dev.rowan.server.guard.RateLimiter;
import dev.rowan.server.guard.RetryLater;

import java.time.Duration;
import java.util.Locale;

/**
 * Limits on the routes anyone can call without signing in (registration, reset requests, accepting an invitation
 * by code) and on checking a current password: per client address and per email, so nobody can mail-bomb an address
 * or guess codes. Counts live in this server instance's memory, like auth.LoginThrottle's.
 */
public final class AccountGuards {
    private static final int MAX_KEYS = 50_000;
    private final RateLimiter perAddress;
    private final RateLimiter perEmail;
    private final RateLimiter guesses;

    /**
     * @param addressLimit calls of one kind per client address per window
     * @param emailLimit   mails of one kind to one address per window
     * @param guessLimit   wrong codes, tokens or current passwords per client address (or user) per window
     */
    public AccountGuards(int addressLimit, int emailLimit, int guessLimit, Duration window) {
        this.perAddress = new RateLimiter(addressLimit, window, MAX_KEYS);
        this.perEmail = new RateLimiter(emailLimit, window, MAX_KEYS);
        this.guesses = new RateLimiter(guessLimit, window, MAX_KEYS);
    }

    public void call(String kind, String ip) {
        refuseIf(perAddress.tryAcquire(kind + "|" + ip));
    }

    /** Whether another mail of this kind may go to this address now (false: silently not sent). */
    public boolean mailAllowed(String kind, String email) {
        return perEmail.tryAcquire(kind + "|" + email.strip().toLowerCase(Locale.ROOT)).isZero();
    }

    /** Counts a guess (code, token, current password) before it is checked. */
    public void guess(String key) {
        refuseIf(guesses.tryAcquire(key));
    }

    /** The guess was right: it does not count. */
    public void right(String key) {
        guesses.refund(key);
    }

    private static void refuseIf(Duration wait) {
        if (!wait.isZero()) {
            throw RetryLater.tooMany("Too many attempts; try again in " + RetryLater.seconds(wait) + " seconds", wait);
        }
    }
}
