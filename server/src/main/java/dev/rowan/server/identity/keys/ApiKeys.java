package dev.rowan.server.identity.keys;

import dev.rowan.model.error.RowanException;
import dev.rowan.server.auth.AccountRepository;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.BearerKeys;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code Authorization: Bearer rk_...}: an API key acts as its owner in its company with the rights of both its scopes
 * and the owner's role now (a key of someone demoted or removed loses those rights at once; one of a suspended or
 * disabled user stops). Uses are counted in memory and written every {@code FLUSH_SECONDS} (and before keys are
 * listed), so a request pays one indexed read, as a session does.
 */
public final class ApiKeys implements BearerKeys, AutoCloseable {
    public static final String PREFIX = "rk_";
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    private static final long FLUSH_SECONDS = 2;
    /** A live socket only says "changes up to N are ready" and the client pulls: the read scope's business. */
    private static final String LIVE_SCOPE = "read";

    private final ApiKeyRepository keys;
    private final Tx tx;
    private final Map<UUID, Usage> usage = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().daemon().name("rowan-key-usage").unstarted(r));

    private static final class Usage {
        final AtomicLong count = new AtomicLong();
        volatile OffsetDateTime last = OffsetDateTime.now();
        volatile String ip = "";
    }

    public ApiKeys(ApiKeyRepository keys, Tx tx) {
        this.keys = keys;
        this.tx = tx;
        flusher.scheduleWithFixedDelay(this::flushQuietly, FLUSH_SECONDS, FLUSH_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public boolean claims(String token) {
        return token.startsWith(PREFIX);
    }

    @Override
    public Principal authenticate(String token, ServerRequest req) {
        String path = req.path().absolute().path();
        if (!Scopes.keyAllowed(path)) {
            throw RowanException.forbidden("API keys cannot manage accounts, keys, sessions or companies; "
                    + "sign in with a password for that");
        }
        Optional<ApiKeyRepository.Grant> found = token.length() > 200 ? Optional.empty()
                : keys.grant(AccountRepository.hashToken(token));
        ApiKeyRepository.Grant g = found.orElseThrow(() ->
                RowanException.unauthorized("The API key is unknown, expired or revoked"));
        for (String scope : Scopes.needed(req.prologue().method().text(), path)) {
            if (!g.scopes().contains(scope)) {
                throw RowanException.forbidden("This API key lacks the '" + scope + "' scope for "
                        + req.prologue().method().text() + " here");
            }
        }
        String ip = AuthFilter.clientIp(req);
        Usage u = usage.computeIfAbsent(g.keyId(), k -> new Usage());
        u.count.incrementAndGet();
        u.last = OffsetDateTime.now();
        u.ip = ip;
        // the owner's role now, and their admin powers only through the admin scope
        String role = Principal.adminRole(g.ownerRole()) && !g.scopes().contains("admin") ? "member" : g.ownerRole();
        return new Principal(g.userId(), g.companyId(), g.schemaName(), role, ip,
                req.headers().first(HeaderNames.USER_AGENT).orElse(""));
    }

    @Override
    public Optional<Principal> live(String token, String userAgent) {
        if (!claims(token) || token.length() > 200) return Optional.empty();
        return keys.grant(AccountRepository.hashToken(token)).filter(g -> g.scopes().contains(LIVE_SCOPE))
                .map(g -> new Principal(g.userId(), g.companyId(), g.schemaName(),
                        Principal.adminRole(g.ownerRole()) && !g.scopes().contains("admin") ? "member" : g.ownerRole(),
                        "", userAgent));
    }

    @Override
    public boolean stillLive(byte[] keyHash) {
        return keys.grant(keyHash).filter(g -> g.scopes().contains(LIVE_SCOPE)).isPresent();
    }

    /** Writes the uses counted so far. */
    public void flush() {
        for (Map.Entry<UUID, Usage> e : usage.entrySet()) {
            Usage u = e.getValue();
            long n = u.count.getAndSet(0);
            if (n == 0) continue;
            try {
                tx.inTransaction(c -> {
                    keys.addUses(c, e.getKey(), n, u.last, u.ip);
                    return null;
                });
            } catch (RuntimeException ex) {
                u.count.addAndGet(n); // counted next time
                throw ex;
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.debug("API key uses not written yet, trying later: {}", e.toString());
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
        flushQuietly();
    }
}
