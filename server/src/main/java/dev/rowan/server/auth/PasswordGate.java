package dev.rowan.server.auth;

import dev.rowan.server.guard.RetryLater;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The only way request handlers hash or check passwords. Argon2id takes 19 MiB of heap per running hash, so at most
 * {@code concurrency} run at once: a burst of parallel sign-ins queues here (each waits up to {@code wait}) instead of
 * growing the heap by 19 MiB per request; past the wait the request is answered 503 with {@code Retry-After}.
 * With the default of 2 slots, hashing holds at most about 40 MiB whatever the load.
 */
public final class PasswordGate {
    private final Semaphore slots;
    private final Duration wait;

    public PasswordGate(int concurrency, Duration wait) {
        this.slots = new Semaphore(concurrency, true);
        this.wait = wait;
    }

    public boolean matches(String password, String hash) {
        return run(() -> Passwords.matches(password, hash));
    }

    public String hash(String password) {
        return run(() -> Passwords.hash(password));
    }

    /** Slots free right now (for tests and diagnostics). */
    public int available() {
        return slots.availablePermits();
    }

    private <T> T run(Supplier<T> work) {
        boolean got;
        try {
            got = slots.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            got = false;
        }
        if (!got) {
            throw RetryLater.busy("The server is busy checking other sign-ins; try again in a moment",
                    Duration.ofSeconds(1));
        }
        try {
            return work.get();
        } finally {
            slots.release();
        }
    }
}
