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
 * One live session ({@code GET /api/live}, WebSocket). Authenticates with {@code ?access_token=<bearer token>}
 * at the upgrade, or with a first message {@code {"type":"auth","token":"..."}}; then receives
 * {@code {"type":"changes","seq":N}} whenever changes of its company up to N have committed, and pulls.
 */
final class LiveEndpoint implements WsListener {
    private final AccountRepository accounts;
    private final LiveHub hub;
    private @Nullable Principal principal;
    private @Nullable String ip;

    LiveEndpoint(AccountRepository accounts, LiveHub hub) {
        this.accounts = accounts;
        this.hub = hub;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        ip = headers.first(io.helidon.http.HeaderNames.X_FORWARDED_FOR).orElse("");
        Optional<String> token = prologue.query().first("access_token").asOptional();
        if (token.isPresent()) {
            principal = authenticate(token.get(), headers).orElseThrow(() ->
                    new WsUpgradeException("The token is unknown, expired or signed out"));
        }
        return Optional.empty();
    }

    private Optional<Principal> authenticate(String token, @Nullable Headers headers) {
        if (token.isBlank() || token.length() > 200) return Optional.empty();
        String ua = headers == null ? "" : headers.first(io.helidon.http.HeaderNames.USER_AGENT).orElse("");
        return accounts.session(AccountRepository.hashToken(token), ip == null ? "" : ip, ua);
    }

    @Override
    public void onOpen(WsSession session) {
        if (principal != null) welcome(session);
    }

    private void welcome(WsSession session) {
        hub.join(principal.companyId(), session);
        synchronized (session) {
            session.send("{\"type\":\"ready\"}", true);
        }
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        if (principal != null) return; // nothing to say to the server yet besides authentication
        try {
            Object m = Json.MAPPER.readValue(text, Object.class);
            if (m instanceof Map<?, ?> map && "auth".equals(map.get("type")) && map.get("token") instanceof String t) {
                Optional<Principal> p = authenticate(t, null);
                if (p.isPresent()) {
                    principal = p.get();
                    welcome(session);
                    return;
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // falls through to the refusal
        }
        session.close(WsCloseCodes.VIOLATED_POLICY, "Authenticate first: {\"type\":\"auth\",\"token\":\"...\"}");
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        if (principal != null) hub.leave(principal.companyId(), session);
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        if (principal != null) hub.leave(principal.companyId(), session);
    }
}
