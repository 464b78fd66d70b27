package dev.rowan.server.sync;

import io.helidon.websocket.WsSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The WebSocket sessions of this server instance by company, and the pokes sent to them. */
public final class LiveHub {
    private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);

    private final Map<UUID, Set<WsSession>> sessions = new ConcurrentHashMap<>();

    void join(UUID companyId, WsSession s) {
        sessions.computeIfAbsent(companyId, k -> ConcurrentHashMap.newKeySet()).add(s);
    }

    void leave(UUID companyId, WsSession s) {
        Set<WsSession> set = sessions.get(companyId);
        if (set != null) set.remove(s);
    }

    /** "Changes up to seq N are ready": every session of the company on this instance pulls. */
    public void poke(UUID companyId, long seq) {
        Set<WsSession> set = sessions.get(companyId);
        if (set == null || set.isEmpty()) return;
        String msg = "{\"type\":\"changes\",\"seq\":" + seq + "}";
        for (WsSession s : set) {
            try {
                synchronized (s) {
                    s.send(msg, true);
                }
            } catch (RuntimeException e) {
                LOG.debug("Dropping a live session that could not be written: {}", e.toString());
                set.remove(s);
            }
        }
    }

    /** After the listener reconnects, notifications may have been missed: everyone pulls once. */
    void pokeAll() {
        for (Map.Entry<UUID, Set<WsSession>> e : sessions.entrySet()) {
            for (WsSession s : e.getValue()) {
                try {
                    synchronized (s) {
                        s.send("{\"type\":\"changes\",\"seq\":-1}", true);
                    }
                } catch (RuntimeException ex) {
                    e.getValue().remove(s);
                }
            }
        }
    }

    public int size() {
        return sessions.values().stream().mapToInt(Set::size).sum();
    }
}
