package dev.rowan.server.identity.sessions;

import dev.rowan.server.db.Tx;
import dev.rowan.server.identity.companies.Policy;
import dev.rowan.server.identity.companies.PolicyRepository;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The one place a session gets its company's terms: idle timeout, absolute lifetime (never longer than the server's),
 * the device it came from, and the limit on concurrent sessions (a new session ends the user's oldest beyond it).
 * Every session-creating path (password sign-in, second factor, company switch) calls {@link #sessionCreated}.
 */
public final class SessionTerms {
    private final PolicyRepository policies;
    private final SessionRepository sessions;
    private final Tx tx;
    private final Duration defaultIdle;
    private final Duration defaultLifetime;
    private final Consumer<byte[]> onRevoke;

    /** @param onRevoke told every session ended here (its live sockets close at once) */
    public SessionTerms(PolicyRepository policies, SessionRepository sessions, Tx tx, Duration defaultIdle,
                        Duration defaultLifetime, Consumer<byte[]> onRevoke) {
        this.policies = policies;
        this.sessions = sessions;
        this.tx = tx;
        this.defaultIdle = defaultIdle;
        this.defaultLifetime = defaultLifetime;
        this.onRevoke = onRevoke;
    }

    public void sessionCreated(Connection c, byte[] tokenHash, UUID userId, UUID companyId, String userAgent)
            throws SQLException {
        Policy p = policies.get(c, companyId);
        sessions.applyTerms(c, tokenHash, p.sessionIdleSeconds(), p.sessionMaxSeconds(), Devices.describe(userAgent));
        if (p.maxSessions() != null) {
            revoked(sessions.trim(c, userId, companyId, p.maxSessions(), defaultIdle.toSeconds()));
        }
    }

    public Map<String, Object> terms(UUID companyId) {
        Policy p = tx.read(c -> policies.get(c, companyId));
        Map<String, Object> out = new LinkedHashMap<>();
        long max = defaultLifetime.toSeconds();
        out.put("expiresInSeconds", p.sessionMaxSeconds() == null ? max : Math.min(max, p.sessionMaxSeconds()));
        out.put("idleTimeoutSeconds", p.sessionIdleSeconds() == null ? defaultIdle.toSeconds() : p.sessionIdleSeconds());
        return out;
    }

    /** Tells the live sockets of ended sessions (call after, or within, the transaction that ended them). */
    public void revoked(List<byte[]> tokenHashes) {
        tokenHashes.forEach(onRevoke);
    }

    public long defaultIdleSeconds() {
        return defaultIdle.toSeconds();
    }
}
