package dev.rowan.server.sync;

import dev.rowan.server.auth.AccountRepository;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.http.Json;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import org.jspecify.annotations.Nullable;

import java.util.Map;
import java.util.Optional;

/**
 * One live session ({@code GET /api/live}, WebSocket). Authenticates with {@code ?access_token=<bearer token>} (a
 * session token, or an API key {@code rk_…} with the read scope)
 * at the upgrade, or with a first message {@code {"type":"auth","token":"..."}} within the auth timeout; then receives
 * {@code {"type":"changes","seq":N}} whenever changes of its company up to N have committed, and pulls. Everything
 * written to the socket goes through {@link LiveHub}'s per-socket sender.
 */
final class LiveEndpoint implements WsListener {
    private final AccountRepository accounts;
    private final dev.rowan.server.auth.BearerKeys keys;
    private final LiveHub hub;
    private boolean byKey;
    private @Nullable Principal principal;
    private byte @Nullable [] tokenHash;
    private @Nullable String userAgent;
    private LiveHub.@Nullable Socket socket;

    LiveEndpoint(AccountRepository accounts, dev.rowan.server.auth.BearerKeys keys, LiveHub hub) {
        this.accounts = accounts;
        this.keys = keys;
        this.hub = hub;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        userAgent = headers.first(io.helidon.http.HeaderNames.USER_AGENT).orElse("");
        Optional<String> token = prologue.query().first("access_token").asOptional();
        if (token.isPresent()) {
            principal = authenticate(token.get()).orElseThrow(() ->
                    new WsUpgradeException("The token is unknown, expired or signed out"));
        }
        return Optional.empty();
    }

    private Optional<Principal> authenticate(String token) {
        if (token.isBlank() || token.length() > 200) return Optional.empty();
        byte[] hash = AccountRepository.hashToken(token);
        String agent = userAgent == null ? "" : userAgent;
        // an API key never falls back to a session lookup, as in AuthFilter
        byKey = keys.claims(token);
        Optional<Principal> p = byKey ? keys.live(token, agent) : accounts.session(hash, "", agent);
        if (p.isPresent()) tokenHash = hash;
        return p;
    }

    private void join(Principal p, byte[] hash) {
        if (socket == null) return;
        if (byKey) hub.join(socket, p.companyId(), hash, keys::stillLive);
        else hub.join(socket, p.companyId(), hash);
    }

    @Override
    public void onOpen(WsSession session) {
        socket = hub.open(session);
        if (principal != null && tokenHash != null) join(principal, tokenHash);
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        if (principal != null || socket == null) return; // nothing to say to the server yet besides authentication
        try {
            Object m = Json.MAPPER.readValue(text, Object.class);
            if (m instanceof Map<?, ?> map && "auth".equals(map.get("type")) && map.get("token") instanceof String t) {
                Optional<Principal> p = authenticate(t);
                if (p.isPresent() && tokenHash != null) {
                    principal = p.get();
                    join(principal, tokenHash);
                    return;
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // falls through to the refusal
        }
        socket.close(WsCloseCodes.VIOLATED_POLICY, "Authenticate first: {\"type\":\"auth\",\"token\":\"...\"}");
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        if (socket != null) hub.closed(socket);
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        if (socket != null) hub.closed(socket);
    }
}
