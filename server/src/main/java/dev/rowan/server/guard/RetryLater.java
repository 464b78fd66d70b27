package dev.rowan.server.guard;

import dev.rowan.model.error.Refused;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.error.Unavailable;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Refusals the client should retry after a while: 429 (it sent too much) or 503 (the server is busy). The problem
 * document carries {@code retryAfterSeconds} and {@code Problems} turns it into a {@code Retry-After} header.
 */
public final class RetryLater {
    public static final String KEY = "retryAfterSeconds";

    private RetryLater() {
    }

    /** Seconds to announce: whole, rounded up, at least one. */
    public static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    public static RowanException tooMany(String message, Duration after) {
        return new Refused(Refused.Reason.TOO_MANY_REQUESTS, message, List.of(), Map.of(KEY, seconds(after)));
    }

    public static RowanException busy(String message, Duration after) {
        return new Unavailable(Unavailable.Reason.BUSY, message, List.of(), Map.of(KEY, seconds(after)));
    }
}
