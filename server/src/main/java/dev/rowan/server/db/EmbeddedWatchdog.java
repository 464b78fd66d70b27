package dev.rowan.server.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches the embedded PostgreSQL and starts it again, on the same data folder and port, when its postmaster has
 * died (killed, crashed, stopped by hand). PostgreSQL recovers from its WAL on start, so every committed change is
 * still there; meanwhile requests are answered 503 and the pool reconnects once it is back. The server itself
 * keeps running: nothing else needs restarting.
 */
public final class EmbeddedWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedWatchdog.class);

    private final Path dir;
    private final int port;
    private final long periodMs;
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile EmbeddedPostgres current;
    private volatile boolean running = true;
    private Thread thread;

    EmbeddedWatchdog(EmbeddedPostgres embedded, Path dir, long periodMs) {
        this.current = embedded;
        this.dir = dir;
        this.port = embedded.getPort();
        this.periodMs = periodMs;
    }

    void start() {
        if (periodMs <= 0) return;
        thread = Thread.ofPlatform().daemon().name("rowan-pg-watchdog").start(this::run);
    }

    EmbeddedPostgres current() {
        return current;
    }

    /** How often the database was started again. */
    public int restarts() {
        return restarts.get();
    }

    /** The postmaster's process id, from its pid file; empty while none is running. */
    public OptionalLong postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("postmaster.pid"));
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.getFirst().strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private boolean alive() {
        OptionalLong pid = postmasterPid();
        return pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false);
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(periodMs);
            } catch (InterruptedException e) {
                return;
            }
            if (!running || alive()) continue;
            synchronized (this) {
                if (!running) return;
                LOG.error("The embedded PostgreSQL in {} is not running; starting it again", dir);
                Database.closeEmbedded(current); // releases its lock on the data folder
                try {
                    current = Database.startEmbedded(dir, port, true);
                    restarts.incrementAndGet();
                    LOG.warn("The embedded PostgreSQL is running again (restart {})", restarts.get());
                } catch (RuntimeException e) {
                    LOG.error("The embedded PostgreSQL could not be started again; retrying in {} ms", periodMs, e);
                }
            }
        }
    }

    synchronized void stop() {
        running = false;
        if (thread != null) thread.interrupt();
    }
}
