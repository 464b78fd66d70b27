package dev.rowan.server.guard;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most {@code limit} events per key within {@code window}, refilling steadily (the generic cell rate algorithm:
 * one number per key, the time the key's bucket is empty again). An attempt is counted when it is let through, so
 * parallel attempts cannot slip past the limit together; a caller may give it back ({@link #refund}) or forget the
 * key ({@link #reset}) when the attempt turned out fine. Memory is bounded: at most {@code maxKeys} keys are
 * tracked; when that many are active at once, attempts under new keys are refused (fail closed) until some expire.
 */
public final class RateLimiter {
    private final long interval;
    private final long tolerance;
    private final int maxKeys;
    private final LongSupplier clock;
    private final Map<String, Long> due = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong();

    public RateLimiter(int limit, Duration window, int maxKeys) {
        this(limit, window, maxKeys, System::nanoTime);
    }

    RateLimiter(int limit, Duration window, int maxKeys, LongSupplier clock) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
        this.interval = Math.max(1, window.toNanos() / limit);
        this.tolerance = window.toNanos() - interval;
        this.maxKeys = maxKeys;
        this.clock = clock;
        lastSweep.set(clock.getAsLong());
    }

    /**
     * Counts an attempt under {@code key} if the key has room: {@link Duration#ZERO} then, otherwise how long until
     * it has (nothing is counted).
     */
    public Duration tryAcquire(String key) {
        long now = clock.getAsLong();
        if (!due.containsKey(key) && due.size() >= maxKeys) {
            sweep(now);
            if (due.size() >= maxKeys) return Duration.ofNanos(interval);
        }
        long[] wait = new long[1];
        due.compute(key, (k, tat) -> {
            long t = tat == null || tat < now ? now : tat;
            if (t - now > tolerance) {
                wait[0] = t - tolerance - now;
                return tat;
            }
            return t + interval;
        });
        return Duration.ofNanos(wait[0]);
    }

    /** Gives one counted attempt back (it was not the kind this limiter is for). */
    public void refund(String key) {
        long now = clock.getAsLong();
        due.computeIfPresent(key, (k, tat) -> {
            long t = tat - interval;
            return t <= now ? null : t;
        });
    }

    /** Forgets the key's attempts. */
    public void reset(String key) {
        due.remove(key);
    }

    /** Keys currently tracked. */
    public int size() {
        return due.size();
    }

    private void sweep(long now) {
        long last = lastSweep.get();
        if (now - last < 1_000_000_000L || !lastSweep.compareAndSet(last, now)) return;
        due.values().removeIf(tat -> tat <= now);
    }
}
