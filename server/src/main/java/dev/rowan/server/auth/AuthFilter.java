package dev.rowan.server.auth;

import dev.rowan.model.error.RowanException;
import dev.rowan.server.http.Problems;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;

/** Every {@code /api} route but login and the calendar feed needs {@code Authorization: Bearer <token>} of a live session. */
public final class AuthFilter implements Filter {
    private final AccountRepository accounts;
    private final BearerKeys keys;
    /** Further routes that need no session (identity: registration, reset, accepting an invitation). */
    private final java.util.function.Predicate<String> open;

    public AuthFilter(AccountRepository accounts) {
        this(accounts, BearerKeys.NONE, path -> false);
    }

    /**
     * @param keys bearer credentials other than sessions (API keys)
     * @param open further routes anyone may call without a session
     */
    public AuthFilter(AccountRepository accounts, BearerKeys keys, java.util.function.Predicate<String> open) {
        this.accounts = accounts;
        this.keys = keys;
        this.open = open;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().absolute().path();
        if (!path.startsWith("/api/") || path.equals("/api/auth/login") || isCalendarFeed(path)
                || path.startsWith("/api/auth/mfa/") // the second step of a sign-in carries its own challenge
                || open.test(path)) {
            chain.proceed();
            return;
        }
        Optional<String> token = bearer(req);
        if (token.isEmpty()) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            Problems.send(req, res, RowanException.unauthorized("Sign in first: send Authorization: Bearer <token> "
                    + "from POST /api/auth/login"));
            return;
        }
        if (keys.claims(token.get())) {
            try {
                req.context().register(keys.authenticate(token.get(), req));
            } catch (RowanException e) {
                if (e.status() == 401) res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
                Problems.send(req, res, e);
                return;
            }
            chain.proceed();
            return;
        }
        Optional<Principal> principal = token.get().length() > 200 ? Optional.empty()
                : accounts.session(AccountRepository.hashToken(token.get()), clientIp(req),
                req.headers().first(HeaderNames.USER_AGENT).orElse(""));
        if (principal.isEmpty()) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            Problems.send(req, res, RowanException.unauthorized("The token is unknown, expired or signed out; "
                    + "sign in again"));
            return;
        }
        req.context().register(principal.get());
        chain.proceed();
    }

    /**
     * {@code /api/views/{id}/calendar.ics}: calendar programs subscribe without a sign-in; the feed checks its own
     * per-view token (share.ShareService) and answers 404 without a live one.
     */
    static boolean isCalendarFeed(String path) {
        return path.startsWith("/api/views/") && path.endsWith("/calendar.ics")
                && path.indexOf('/', "/api/views/".length()) == path.length() - "/calendar.ics".length();
    }

    public static Optional<String> bearer(ServerRequest req) {
        return req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).strip())
                .filter(t -> !t.isEmpty());
    }

    public static Principal principal(ServerRequest req) {
        return req.context().get(Principal.class)
                .orElseThrow(() -> RowanException.unauthorized("Sign in first"));
    }

    /** The client's address (X-Forwarded-For only from trusted proxies; see guard.ClientAddresses). */
    public static String clientIp(ServerRequest req) {
        return dev.rowan.server.guard.RequestGuard.clientIp(req);
    }
}
