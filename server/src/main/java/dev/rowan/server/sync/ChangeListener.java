package dev.rowan.server.sync;

import dev.rowan.server.db.Database;
import dev.rowan.server.journal.Journal;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * One dedicated connection per server instance that LISTENs on the change channel: every commit of a change on
 * any instance (Journal.reserve queues the NOTIFY in the writing transaction) reaches this instance's live
 * sessions. Reconnects with backoff; after a reconnect every session is poked once, since notifications sent
 * while disconnected are lost.
 */
public final class ChangeListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);

    private final Database db;
    private final LiveHub hub;
    private volatile boolean running = true;
    private volatile Connection conn;
    private final Thread thread;

    public ChangeListener(Database db, LiveHub hub) {
        this.db = db;
        this.hub = hub;
        this.thread = Thread.ofPlatform().daemon().name("rowan-change-listener").unstarted(this::run);
    }

    public ChangeListener start() {
        thread.start();
        return this;
    }

    private void run() {
        long backoff = 200;
        boolean first = true;
        while (running) {
            try (Connection c = db.openDedicated()) {
                conn = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + Journal.CHANNEL);
                }
                if (!first) hub.pokeAll();
                first = false;
                backoff = 200;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] ns = pg.getNotifications(1000);
                    if (ns == null) continue;
                    for (PGNotification n : ns) dispatch(n.getParameter());
                }
            } catch (SQLException e) {
                if (!running) return;
                LOG.warn("Live change listener lost its database connection ({}); retrying in {} ms", e.getMessage(),
                        backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    private void dispatch(String payload) {
        int sp = payload.indexOf(' ');
        if (sp < 0) return;
        try {
            hub.poke(UUID.fromString(payload.substring(0, sp)), Long.parseLong(payload.substring(sp + 1)));
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring a malformed change notification: {}", payload);
        }
    }

    @Override
    public void close() {
        running = false;
        Connection c = conn;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
