package dev.rowan.server.http;

import dev.rowan.model.error.RowanException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.io.ByteArrayOutputStream;

/**
 * The URL's path and query, percent-decoded, must be UTF-8 text without NUL, like bodies: the HTTP layer decodes
 * invalid sequences into replacement characters, which would then be compared or stored mangled. Checked once for
 * every route, before any handler runs.
 */
public final class UrlFilter implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        check(req.prologue().uriPath().rawPath(), "path");
        check(req.prologue().query().rawValue(), "query");
        chain.proceed();
    }

    static void check(String raw, String part) {
        if (raw == null || raw.isEmpty()) return;
        if (raw.indexOf('%') < 0 && raw.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) return;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                // a '%' must start an escape of two hex digits: the HTTP layer's decoder fails on "%", "%E" or
                // "%ZZ" with an internal error instead of an answer
                if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
                    throw RowanException.badRequest("The URL's " + part + " has a malformed %-escape; write a '%' as "
                            + "%25");
                }
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        byte[] decoded = bytes.toByteArray();
        for (byte b : decoded) {
            if (b == 0) {
                throw RowanException.invalid(part, "The URL's " + part + " contains a NUL character (%00), which "
                        + "text cannot hold");
            }
        }
        try {
            Utf8.check(decoded);
        } catch (RowanException e) {
            throw RowanException.badRequest("The URL's " + part + " is not valid UTF-8 once percent-decoded; encode "
                    + "text as UTF-8");
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
