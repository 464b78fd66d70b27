package dev.rowan.desktop.sync;

import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.json.JsonText;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The server's admin routes for the members and security screen (issue 13): the company's accounts with status and
 * lockout ({@code /api/users}), a member's role, removal and ownership transfer ({@code /api/company/...}), the
 * security policy ({@code /api/company/policy}) and a member's login history. The server decides who may (owners
 * and admins); a refusal is a {@link ServerApi.ApiError} with its sentence. Every call blocks: call it off the FX
 * thread.
 */
public final class AdminApi {
    private final ServerApi api;

    /** One account of the company as an admin sees it. */
    public record Member(UUID id, String email, String displayName, String role, String status, boolean locked,
                         @Nullable String lastLoginAt) {
    }

    /** The company's security policy; null numbers mean the server's default. */
    public record Policy(String requireMfa, @Nullable Integer sessionIdleSeconds, @Nullable Integer sessionMaxSeconds,
                         @Nullable Integer maxSessions, List<String> allowedEmailDomains) {
    }

    /** One sign-in attempt. */
    public record Login(String at, boolean success, String reason, String ip, String userAgent) {
    }

    public AdminApi(String url, String token) {
        this(new ServerApi(url, token));
    }

    AdminApi(ServerApi api) {
        this.api = api;
    }

    /** Signed in with the workspace's stored login; empty when the workspace is local only or signed out. */
    public static Optional<AdminApi> of(Workspace ws) {
        Optional<String> url = ws.setting(SyncEngine.URL);
        Optional<String> token = ws.setting(SyncEngine.TOKEN);
        if (url.isEmpty() || token.isEmpty()) return Optional.empty();
        return Optional.of(new AdminApi(url.get(), token.get()));
    }

    /** The signed-in person's role in the current company (owner, admin or member). */
    public String myRole() throws IOException, ServerApi.ApiError {
        return String.valueOf(api.get("/api/company").get("role"));
    }

    public static boolean manages(String role) {
        return role.equals("owner") || role.equals("admin");
    }

    public List<Member> members() throws IOException, ServerApi.ApiError {
        List<Member> out = new ArrayList<>();
        for (Map<?, ?> m : list(api.get("/api/users"))) {
            out.add(new Member(UUID.fromString(String.valueOf(m.get("id"))), String.valueOf(m.get("email")),
                    m.get("displayName") == null ? "" : String.valueOf(m.get("displayName")),
                    String.valueOf(m.get("role")), String.valueOf(m.get("status")),
                    Boolean.TRUE.equals(m.get("locked")),
                    m.get("lastLoginAt") == null ? null : String.valueOf(m.get("lastLoginAt"))));
        }
        return out;
    }

    public void changeRole(UUID user, String role) throws IOException, ServerApi.ApiError {
        api.call("PATCH", "/api/company/members/" + user, JsonText.write(Map.of("role", role)));
    }

    public void setStatus(UUID user, String status) throws IOException, ServerApi.ApiError {
        api.put("/api/users/" + user + "/status", JsonText.write(Map.of("status", status)));
    }

    public void unlock(UUID user) throws IOException, ServerApi.ApiError {
        api.post("/api/users/" + user + "/unlock", "{}");
    }

    public void remove(UUID user) throws IOException, ServerApi.ApiError {
        api.delete("/api/company/members/" + user);
    }

    public void transferOwnership(UUID user) throws IOException, ServerApi.ApiError {
        api.post("/api/company/transfer", JsonText.write(Map.of("userId", user.toString())));
    }

    public List<Login> loginHistory(UUID user) throws IOException, ServerApi.ApiError {
        return logins(api.get("/api/users/" + user + "/login-history"));
    }

    public Policy policy() throws IOException, ServerApi.ApiError {
        return policy(api.get("/api/company/policy"));
    }

    public Policy putPolicy(Policy p) throws IOException, ServerApi.ApiError {
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        body.put("requireMfa", p.requireMfa());
        body.put("sessionIdleSeconds", p.sessionIdleSeconds());
        body.put("sessionMaxSeconds", p.sessionMaxSeconds());
        body.put("maxSessions", p.maxSessions());
        body.put("allowedEmailDomains", p.allowedEmailDomains());
        return policy(api.put("/api/company/policy", JsonText.write(body)));
    }

    static List<Login> logins(Map<String, @Nullable Object> answer) {
        List<Login> out = new ArrayList<>();
        for (Map<?, ?> m : list(answer)) {
            out.add(new Login(text(m.get("at")), Boolean.TRUE.equals(m.get("success")), text(m.get("reason")),
                    text(m.get("ip")), text(m.get("userAgent"))));
        }
        return out;
    }

    private static Policy policy(Map<String, @Nullable Object> m) {
        List<String> domains = new ArrayList<>();
        if (m.get("allowedEmailDomains") instanceof List<?> l) for (Object o : l) domains.add(String.valueOf(o));
        return new Policy(String.valueOf(m.get("requireMfa")), number(m.get("sessionIdleSeconds")),
                number(m.get("sessionMaxSeconds")), number(m.get("maxSessions")), List.copyOf(domains));
    }

    private static @Nullable Integer number(@Nullable Object o) {
        return o instanceof Number n ? n.intValue() : null;
    }

    private static String text(@Nullable Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static List<Map<?, ?>> list(Map<String, @Nullable Object> answer) {
        List<Map<?, ?>> out = new ArrayList<>();
        if (answer.get("data") instanceof List<?> l) for (Object o : l) if (o instanceof Map<?, ?> m) out.add(m);
        return out;
    }
}
