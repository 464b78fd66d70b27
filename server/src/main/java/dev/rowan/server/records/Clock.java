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
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        long t = LAST.updateAndGet(prev -> Math.max(prev + 1, now));
        return OffsetDateTime.ofInstant(Instant.EPOCH.plus(t, ChronoUnit.MICROS), ZoneOffset.UTC);
    }
}
