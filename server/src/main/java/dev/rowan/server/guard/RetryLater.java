package dev.rowan.server.guard;

import dev.rowan.model.error.DetailedException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A refusal the client should retry after a while: 429 (it sent too much) or 503 (the server is busy). The problem
 * document carries {@code retryAfterSeconds} and {@code Problems} turns it into a {@code Retry-After} header.
 */
public final class RetryLater extends DetailedException {
    public static final String KEY = "retryAfterSeconds";

    private RetryLater(int status, String type, String message, long seconds) {
        super(status, type, message, List.of(), Map.of(KEY, seconds));
    }

    /** Seconds to announce: whole, rounded up, at least one. */
    public static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    public static RetryLater tooMany(String message, Duration after) {
        return new RetryLater(429, "too-many-requests", message, seconds(after));
    }

    public static RetryLater busy(String message, Duration after) {
        return new RetryLater(503, "busy", message, seconds(after));
    }
}
