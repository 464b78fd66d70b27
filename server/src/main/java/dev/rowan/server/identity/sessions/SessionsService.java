package dev.rowan.server.identity.sessions;

import dev.rowan.model.error.RowanException;
import dev.rowan.server.auth.AccountRepository;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Params;
import dev.rowan.server.journal.Journal;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/sessions}: the caller's live sessions in every company (device, address, last use) and ending them,
 * one or all but the current. An ended session stops at once on REST and its live sockets are closed.
 */
public final class SessionsService implements HttpService {
    private final SessionRepository sessions;
    private final SessionTerms terms;
    private final Tx tx;
    private final Journal journal;

    public SessionsService(SessionRepository sessions, SessionTerms terms, Tx tx, Journal journal) {
        this.sessions = sessions;
        this.terms = terms;
        this.tx = tx;
        this.journal = journal;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/sessions", this::list)
                .delete("/sessions/{id}", this::revoke)
                .post("/sessions/revoke-others", this::revokeOthers);
    }

    private static byte[] current(ServerRequest req) {
        return AccountRepository.hashToken(AuthFilter.bearer(req).orElseThrow());
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        byte[] mine = current(req);
        List<SessionRepository.SessionRow> rows = tx.read(c -> sessions.live(c, p.userId(), terms.defaultIdleSeconds()));
        Json.ok(res, Json.data(rows.stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("current", Arrays.equals(s.tokenHash(), mine));
            m.put("companyId", s.companyId());
            m.put("companyName", s.companyName());
            m.put("device", s.device() == null ? Devices.describe(s.userAgent() == null ? "" : s.userAgent()) : s.device());
            m.put("ip", s.ip());
            m.put("userAgent", s.userAgent());
            m.put("createdAt", s.createdAt().toString());
            m.put("lastUsedAt", s.lastUsedAt().toString());
            m.put("expiresAt", s.expiresAt().toString());
            return m;
        }).toList()));
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        byte[] hash = tx.inTransaction(c -> {
            byte[] h = sessions.revoke(c, p.userId(), id)
                    .orElseThrow(() -> RowanException.notFound("session " + id));
            journal.audit(c, p, "session.revoke", "session", id, Map.of());
            return h;
        });
        terms.revoked(List.of(hash));
        res.status(204).send();
    }

    private void revokeOthers(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        byte[] mine = current(req);
        List<byte[]> ended = tx.inTransaction(c -> {
            List<byte[]> h = sessions.revokeOthers(c, p.userId(), mine);
            journal.audit(c, p, "session.revoke-others", "user", p.userId(), Map.of("count", h.size()));
            return h;
        });
        terms.revoked(ended);
        Json.ok(res, Map.of("revoked", ended.size()));
    }
}
