package dev.rowan.server.sync;

import io.helidon.webserver.spi.ServerConnection;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The WebSocket sessions of this server instance by company, and the pokes sent to them.
 *
 * <p>Nobody ever writes to a socket but its own sender (a virtual thread per socket): a poke only records "changes up
 * to N" in the socket's one-slot queue (a newer poke replaces an unsent older one, since pulling covers both) and
 * wakes the sender, so announcing a change costs the same however slow any client is, and a client that stops
 * reading blocks nobody but its own sender. A write stuck longer than the send timeout drops that socket. A socket
 * must authenticate within the auth timeout or is closed, and authenticated sockets re-check their session
 * periodically (and at once on sign-out here), so a signed-out or expired session stops being poked.
 */
public final class LiveHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
    private static final long NONE = Long.MIN_VALUE;

    private final Duration authTimeout;
    private final Duration sendTimeout;
    private final Predicate<byte[]> sessionLive;
    private final Map<UUID, Set<Socket>> sessions = new ConcurrentHashMap<>();
    private final Set<Socket> all = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().daemon().name("rowan-live-timer").unstarted(r));
    private final AtomicBoolean checking = new AtomicBoolean();

    /**
     * @param sessionLive whether a session (by token hash) is still signed in, not expired and not idle
     */
    public LiveHub(Duration authTimeout, Duration recheck, Duration sendTimeout, Predicate<byte[]> sessionLive) {
        this.authTimeout = authTimeout;
        this.sendTimeout = sendTimeout;
        this.sessionLive = sessionLive;
        long tick = Math.max(100, Math.min(1000, sendTimeout.toMillis() / 4));
        timer.scheduleWithFixedDelay(this::watchdog, tick, tick, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> Thread.startVirtualThread(this::recheckSessions),
                recheck.toMillis(), recheck.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One live socket: its session, its company once authenticated, its pending poke and its sender. */
    final class Socket {
        private final WsSession session;
        private final long openedAt = System.nanoTime();
        private volatile @Nullable UUID companyId;
        private volatile byte @Nullable [] tokenHash;
        /** Whether the credential behind {@link #tokenHash} still holds (a session, or an API key). */
        private volatile Predicate<byte[]> stillLive = h -> false;
        private final AtomicLong pendingSeq = new AtomicLong(NONE);
        private volatile boolean readyPending;
        private volatile long sendingSince;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final Thread sender;

        Socket(WsSession session) {
            this.session = session;
            this.sender = Thread.ofVirtual().name("rowan-live-sender").unstarted(this::sendLoop);
        }

        private void sendLoop() {
            while (!closed.get()) {
                LockSupport.park(this);
                if (Thread.interrupted() && closed.get()) return;
                try {
                    if (readyPending) {
                        readyPending = false;
                        write("{\"type\":\"ready\"}");
                    }
                    long seq = pendingSeq.getAndSet(NONE);
                    if (seq != NONE) write("{\"type\":\"changes\",\"seq\":" + seq + "}");
                } catch (RuntimeException e) {
                    LOG.debug("Dropping a live session that could not be written: {}", e.toString());
                    drop();
                    return;
                }
            }
        }

        private void write(String text) {
            synchronized (session) {
                sendingSince = System.nanoTime();
                try {
                    session.send(text, true);
                } finally {
                    sendingSince = 0;
                }
            }
        }

        void poke(long seq) {
            pendingSeq.accumulateAndGet(seq, Math::max);
            LockSupport.unpark(sender);
        }

        boolean authenticated() {
            return companyId != null;
        }

        /** Says goodbye with a close frame if the client takes it; then the connection is cut regardless. */
        void close(int code, String reason) {
            if (!closed.compareAndSet(false, true)) return;
            leave(this);
            sender.interrupt();
            Thread.startVirtualThread(() -> {
                synchronized (session) {
                    try {
                        session.close(code, reason);
                    } catch (RuntimeException e) {
                        LOG.debug("Close frame not sent: {}", e.toString());
                    }
                }
            });
            timer.schedule(this::cut, 2, TimeUnit.SECONDS);
        }

        /** A socket that does not read: cut the connection (closing it unblocks the stuck write). */
        void drop() {
            if (closed.compareAndSet(false, true)) leave(this);
            cut();
        }

        private void cut() {
            sender.interrupt();
            if (session instanceof ServerConnection c) c.close(true);
        }
    }

    /** A socket opened: it has the auth timeout to authenticate. */
    Socket open(WsSession session) {
        Socket s = new Socket(session);
        all.add(s);
        s.sender.start();
        timer.schedule(() -> {
            if (!s.authenticated()) {
                s.close(WsCloseCodes.VIOLATED_POLICY, "Authenticate within " + authTimeout.toSeconds() + " s");
            }
        }, authTimeout.toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    /** The socket authenticated with this session: it joins its company's pokes and is told it is ready. */
    void join(Socket s, UUID companyId, byte[] tokenHash) {
        join(s, companyId, tokenHash, sessionLive);
    }

    /**
     * The socket authenticated with another credential (an API key, by its hash): the periodic re-check asks
     * {@code stillLive}, and {@link #revoked} with that hash closes it at once.
     */
    void join(Socket s, UUID companyId, byte[] tokenHash, Predicate<byte[]> stillLive) {
        if (s.closed.get()) return;
        s.stillLive = stillLive;
        s.tokenHash = tokenHash;
        s.companyId = companyId;
        sessions.computeIfAbsent(companyId, k -> ConcurrentHashMap.newKeySet()).add(s);
        s.readyPending = true;
        LockSupport.unpark(s.sender);
    }

    /** The client closed the socket, or it failed. */
    void closed(Socket s) {
        if (s.closed.compareAndSet(false, true)) leave(s);
        s.sender.interrupt();
    }

    private void leave(Socket s) {
        all.remove(s);
        UUID company = s.companyId;
        if (company != null) {
            Set<Socket> set = sessions.get(company);
            if (set != null) set.remove(s);
        }
    }

    /** "Changes up to seq N are ready": every session of the company on this instance pulls. Never blocks. */
    public void poke(UUID companyId, long seq) {
        Set<Socket> set = sessions.get(companyId);
        if (set == null) return;
        for (Socket s : set) s.poke(seq);
    }

    /** After the listener reconnects, notifications may have been missed: everyone pulls once. */
    void pokeAll() {
        for (Set<Socket> set : sessions.values()) {
            for (Socket s : set) s.poke(-1);
        }
    }

    /**
     * A session was signed out, or an API key revoked or its owner suspended, on this instance: the sockets that
     * authenticated with it close now (other instances notice on re-check).
     */
    public void revoked(byte[] tokenHash) {
        for (Socket s : all) {
            byte[] h = s.tokenHash;
            if (h != null && Arrays.equals(h, tokenHash)) s.close(WsCloseCodes.VIOLATED_POLICY, "Signed out");
        }
    }

    /** Authenticated sockets on this instance. */
    public int size() {
        return sessions.values().stream().mapToInt(Set::size).sum();
    }


    private void watchdog() {
        long now = System.nanoTime();
        for (Socket s : all) {
            long since = s.sendingSince;
            if (since != 0 && now - since > sendTimeout.toNanos()) {
                LOG.info("Dropping a live session that has not read for {} s", sendTimeout.toSeconds());
                s.drop();
            } else if (!s.authenticated() && now - s.openedAt > authTimeout.toNanos() + 3_000_000_000L) {
                s.drop(); // did not authenticate and did not take the close either
            }
        }
    }

    private void recheckSessions() {
        if (!checking.compareAndSet(false, true)) return;
        try {
            for (Socket s : all) {
                byte[] h = s.tokenHash;
                if (h == null) continue;
                boolean live;
                try {
                    live = s.stillLive.test(h);
                } catch (RuntimeException e) {
                    LOG.debug("Live session re-check failed, trying later: {}", e.toString());
                    return;
                }
                if (!live) s.close(WsCloseCodes.VIOLATED_POLICY, "The session is over; sign in again");
            }
        } finally {
            checking.set(false);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
