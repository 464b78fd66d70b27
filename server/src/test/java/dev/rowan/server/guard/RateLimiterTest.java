package dev.rowan.server.guard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The limiter behind sign-in throttling, on a clock the test moves. */
class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    private RateLimiter limiter(int limit, Duration window, int keys) {
        return new RateLimiter(limit, window, keys, now::get);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @ParameterizedTest(name = "{0} per {1}s")
    @CsvSource({"1,60", "3,60", "5,900", "20,900", "100,10"})
    void letsTheLimitThroughThenSaysHowLongToWait(int limit, int seconds) {
        RateLimiter r = limiter(limit, Duration.ofSeconds(seconds), 100);
        for (int i = 0; i < limit; i++) assertThat(r.tryAcquire("k")).as("attempt %d", i + 1).isZero();
        Duration wait = r.tryAcquire("k");
        Duration interval = Duration.ofSeconds(seconds).dividedBy(limit);
        assertThat(wait).isPositive().isLessThanOrEqualTo(interval);
        // refused attempts are not counted: waiting exactly that long lets one more through
        for (int i = 0; i < 5; i++) assertThat(r.tryAcquire("k")).isEqualTo(wait);
        advance(wait);
        assertThat(r.tryAcquire("k")).isZero();
        assertThat(r.tryAcquire("k")).isPositive();
        // other keys are untouched
        assertThat(r.tryAcquire("other")).isZero();
        // a whole window later the full burst is back
        advance(Duration.ofSeconds(seconds));
        for (int i = 0; i < limit; i++) assertThat(r.tryAcquire("k")).isZero();
    }

    @Test
    void refundAndResetGiveAttemptsBack() {
        RateLimiter r = limiter(2, Duration.ofMinutes(1), 100);
        r.tryAcquire("k");
        r.tryAcquire("k");
        assertThat(r.tryAcquire("k")).isPositive();
        r.refund("k");
        assertThat(r.tryAcquire("k")).isZero();
        assertThat(r.tryAcquire("k")).isPositive();
        r.reset("k");
        assertThat(r.tryAcquire("k")).isZero();
        assertThat(r.tryAcquire("k")).isZero();
        // refunding more than was taken never banks extra attempts
        r.refund("k");
        r.refund("k");
        r.refund("k");
        assertThat(r.tryAcquire("k")).isZero();
        assertThat(r.tryAcquire("k")).isZero();
        assertThat(r.tryAcquire("k")).isPositive();
    }

    @Test
    void holdsAtMostMaxKeysAndRefusesNewOnesWhileFull() {
        RateLimiter r = limiter(3, Duration.ofMinutes(1), 1000);
        for (int i = 0; i < 5000; i++) r.tryAcquire("spray-" + i);
        assertThat(r.size()).isLessThanOrEqualTo(1000);
        assertThat(r.tryAcquire("new")).as("full of live keys: fail closed").isPositive();
        assertThat(r.tryAcquire("spray-1")).as("a tracked key goes on as before").isZero();
        // once they expire, the next new key sweeps them away
        advance(Duration.ofMinutes(2));
        assertThat(r.tryAcquire("new")).isZero();
        assertThat(r.size()).isEqualTo(1);
    }

    @Test
    void parallelAttemptsCannotPassTheLimitTogether() throws Exception {
        RateLimiter r = limiter(10, Duration.ofMinutes(15), 100);
        AtomicInteger passed = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 500; i++) {
                pool.submit(() -> {
                    go.await();
                    if (r.tryAcquire("k").isZero()) passed.incrementAndGet();
                    return null;
                });
            }
            go.countDown();
        }
        assertThat(passed).hasValue(10);
    }
}
