package dev.rowan.desktop.sync;

import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.json.JsonText;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The server's members and table-access routes ({@code /api/members}, {@code /api/tables/{id}/access}), signed in
 * with the workspace's stored login. Every call blocks on the network: call it off the FX thread. Failures are
 * those of {@link ServerApi}: {@link IOException} when the server cannot be reached, {@link ServerApi.ApiError}
 * for an error answer (403 for non-admins, 404 for a table the server does not have, 422 with field errors).
 */
public final class AccessApi {
    private final ServerApi api;

    /** A member of the company; owners and admins always open every table. */
    public record Member(UUID id, String email, @Nullable String displayName, String role) {
        public boolean admin() {
            return role.equals("owner") || role.equals("admin");
        }
    }

    /** A grant's level: {@code read} makes writes refused, {@code edit} allows them. */
    public enum Level {
        READ, EDIT;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Level of(String json) {
            return valueOf(json.toUpperCase(Locale.ROOT));
        }
    }

    /** Who may open a table: everyone ({@code restricted} false) or owners, admins and the granted members. */
    public record TableAccess(UUID tableId, boolean restricted, Map<UUID, Level> grants) {
        public TableAccess {
            grants = Map.copyOf(grants);
        }
    }

    AccessApi(ServerApi api) {
        this.api = api;
    }

    /** A client for the workspace's server and login; empty when the workspace is local only or signed out. */
    public static Optional<AccessApi> of(Workspace ws) {
        Optional<String> url = ws.setting(SyncEngine.URL);
        Optional<String> token = ws.setting(SyncEngine.TOKEN);
        if (url.isEmpty() || token.isEmpty()) return Optional.empty();
        return Optional.of(new AccessApi(new ServerApi(url.get(), token.get())));
    }

    public String url() {
        return api.url();
    }

    public List<Member> members() throws IOException, ServerApi.ApiError {
        List<Member> out = new ArrayList<>();
        if (api.get("/api/members").get("data") instanceof List<?> l) {
            for (Object o : l) if (o instanceof Map<?, ?> m) out.add(member(m));
        }
        return out;
    }

    /** Adds someone to the company; {@code password} is needed only for a person new to the server. */
    public Member addMember(String email, @Nullable String password, @Nullable String displayName, String role)
            throws IOException, ServerApi.ApiError {
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        body.put("email", email);
        if (password != null) body.put("password", password);
        if (displayName != null) body.put("displayName", displayName);
        body.put("role", role);
        return member(api.post("/api/members", JsonText.write(body)));
    }

    public TableAccess access(UUID tableId) throws IOException, ServerApi.ApiError {
        return tableAccess(tableId, api.get("/api/tables/" + tableId + "/access"));
    }

    public TableAccess putAccess(UUID tableId, boolean restricted, Map<UUID, Level> grants)
            throws IOException, ServerApi.ApiError {
        List<Map<String, String>> list = new ArrayList<>();
        grants.forEach((u, l) -> list.add(Map.of("userId", u.toString(), "level", l.json())));
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        body.put("restricted", restricted);
        body.put("grants", list);
        return tableAccess(tableId, api.put("/api/tables/" + tableId + "/access", JsonText.write(body)));
    }

    private static Member member(Map<?, ?> m) {
        Object name = m.get("displayName");
        return new Member(UUID.fromString(String.valueOf(m.get("id"))), String.valueOf(m.get("email")),
                name == null ? null : name.toString(), String.valueOf(m.get("role")));
    }

    private static TableAccess tableAccess(UUID tableId, Map<String, @Nullable Object> m) {
        Map<UUID, Level> grants = new LinkedHashMap<>();
        if (m.get("grants") instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> g) {
                    grants.put(UUID.fromString(String.valueOf(g.get("userId"))), Level.of(String.valueOf(g.get("level"))));
                }
            }
        }
        return new TableAccess(tableId, Boolean.TRUE.equals(m.get("restricted")), grants);
    }
}
