package dev.rowan.server.guard;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Header;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import java.util.List;

/**
 * The first filter of every request: resolves the client's address once (see {@link ClientAddresses}) and puts the
 * headers every answer carries on the response before any handler runs, so no route can forget them:
 * {@code X-Content-Type-Options: nosniff} everywhere, and {@code Cache-Control: no-store} on every {@code /api}
 * answer (they carry tokens or company data, which no cache or browser history may keep).
 */
public final class RequestGuard implements Filter {
    public static final Header NOSNIFF = HeaderValues.create(HeaderNames.create("X-Content-Type-Options"), "nosniff");
    public static final Header NO_STORE = HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-store");
    private static final HeaderName PRAGMA = HeaderNames.create("Pragma");

    /** The resolved client address, registered in the request context. */
    public record ClientAddress(String ip) {
    }

    private final ClientAddresses addresses;

    public RequestGuard(ClientAddresses addresses) {
        this.addresses = addresses;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        List<String> xff = req.headers().contains(HeaderNames.X_FORWARDED_FOR)
                ? req.headers().get(HeaderNames.X_FORWARDED_FOR).allValues() : List.of();
        req.context().register(new ClientAddress(addresses.resolve(req.remotePeer().address(), xff)));
        headers(req, res);
        chain.proceed();
    }

    /** The headers every answer carries; Problems sets them again on error answers (Helidon resets those). */
    public static void headers(ServerRequest req, io.helidon.webserver.http.ServerResponse res) {
        res.header(NOSNIFF);
        if (req.path().absolute().path().startsWith("/api/")) {
            res.header(NO_STORE);
            res.header(PRAGMA, "no-cache");
        }
    }

    /** The client's address as {@link RequestGuard} resolved it (the socket peer if it did not run). */
    public static String clientIp(ServerRequest req) {
        return req.context().get(ClientAddress.class).map(ClientAddress::ip)
                .orElseGet(() -> req.remotePeer().host());
    }
}
