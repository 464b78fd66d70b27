package dev.rowan.server.records;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Record timestamps, strictly increasing per server to the microsecond, so rows of one bulk insert keep their
 * order under the default sort (created_at, id).
 */
final class Clock {
    private static final AtomicLong LAST = new AtomicLong();

    private Clock() {
    }

    static OffsetDateTime next() {
        return OffsetDateTime.ofInstant(Instant.EPOCH.plus(nextMicros(), ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /** As {@link #next}, in microseconds since 1970 (a bulk load writes it to COPY without making a date-time). */
    static long nextMicros() {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        return LAST.updateAndGet(prev -> Math.max(prev + 1, now));
    }
}
