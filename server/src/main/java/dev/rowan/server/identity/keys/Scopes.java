package dev.rowan.server.identity.keys;

import java.util.List;
import java.util.Set;

/**
 * What an API key's scopes allow. {@code read}: every GET and the read-only POSTs (a query, a sync pull);
 * {@code write}: adding, changing and deleting records; {@code schema}: apps, folders, tables, fields, views and
 * their links; {@code admin}: members and table access, and the owner's admin role at all (without it a key of an
 * owner or admin acts as a member). A sync push carries data and schema changes, so it needs write and schema.
 * Account, key, session and company management never accept a key.
 */
public final class Scopes {
    public static final List<String> ALL = List.of("read", "write", "schema", "admin");
    private static final List<String> KEYLESS = List.of("/api/auth/", "/api/account", "/api/keys", "/api/sessions",
            "/api/companies", "/api/company");

    private Scopes() {
    }

    /** Whether a key may be used on this path at all. */
    public static boolean keyAllowed(String path) {
        for (String p : KEYLESS) {
            if (path.equals(p) || path.startsWith(p.endsWith("/") ? p : p + "/")) return false;
        }
        return true;
    }

    /** The scopes a request needs (all of them). */
    public static Set<String> needed(String method, String path) {
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) return Set.of("read");
        if (path.equals("/api/sync/pull") || path.matches("/api/tables/[^/]+/records/query")) return Set.of("read");
        if (path.equals("/api/sync/push")) return Set.of("write", "schema");
        if (path.equals("/api/members") || path.startsWith("/api/members/")
                || path.matches("/api/tables/[^/]+/access")) {
            return Set.of("admin");
        }
        if (path.matches("/api/tables/[^/]+/records(/.*)?")) return Set.of("write");
        return Set.of("schema");
    }
}
