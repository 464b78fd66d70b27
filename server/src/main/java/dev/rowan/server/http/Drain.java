package dev.rowan.server.http;

import dev.rowan.model.error.RowanException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts requests in flight so shutdown can wait for them before the database pool closes; once draining, new
 * requests are answered 503 with Retry-After (a load balancer sends them to another instance). Registered first,
 * it also tells {@link Problems} the Retry-After to put on 503 answers.
 */
public final class Drain implements Filter {
    /** The Retry-After of 503 answers, in the request context. */
    record RetryAfter(int seconds) {
    }

    private final AtomicInteger inflight = new AtomicInteger();
    private final Object lock = new Object();
    private final RetryAfter retryAfter;
    private volatile boolean draining;

    public Drain(int retryAfterSeconds) {
        this.retryAfter = new RetryAfter(Math.max(1, retryAfterSeconds));
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        req.context().register(retryAfter);
        inflight.incrementAndGet();
        try {
            if (draining) {
                res.header(HeaderNames.CONNECTION, "close");
                Problems.send(req, res, RowanException.unavailable(dev.rowan.model.error.Unavailable.Reason.SHUTTING_DOWN, "The server is shutting down; try "
                        + "again shortly"));
                return;
            }
            chain.proceed();
        } finally {
            if (inflight.decrementAndGet() == 0) {
                synchronized (lock) {
                    lock.notifyAll();
                }
            }
        }
    }

    public int inflight() {
        return inflight.get();
    }

    /**
     * Refuses new requests from now on and waits up to {@code maxMs} for the running ones to finish; true if they
     * all did.
     */
    public boolean drain(long maxMs) {
        draining = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMs);
        synchronized (lock) {
            while (inflight.get() > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) return false;
                try {
                    lock.wait(Math.min(left, 100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }
}
