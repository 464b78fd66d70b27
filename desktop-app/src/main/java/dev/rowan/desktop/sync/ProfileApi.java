package dev.rowan.desktop.sync;

import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.json.JsonText;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The server's account routes (issue 13): password reset and accepting an invitation without signing in; the
 * profile, password and the company's invitations with the workspace's stored login. Every call blocks on the
 * network: call it off the FX thread. Failures are those of {@link ServerApi}.
 */
public final class ProfileApi {
    private final ServerApi api;

    public record Profile(UUID id, String email, String displayName, String timezone, String language,
                          boolean emailVerified) {
    }

    public record Invitation(UUID id, String email, String role, String status, String expiresAt, int sentCount) {
    }

    /** What accepting an invitation did. */
    public record Accepted(UUID companyId, String email, String role, boolean accountCreated) {
    }

    ProfileApi(ServerApi api) {
        this.api = api;
    }

    /** For the routes that need no sign-in (reset, accepting an invitation). */
    public static ProfileApi anonymous(String url) {
        return new ProfileApi(new ServerApi(url, null));
    }

    /** Signed in with the workspace's stored login; empty when the workspace is local only or signed out. */
    public static Optional<ProfileApi> of(Workspace ws) {
        Optional<String> url = ws.setting(SyncEngine.URL);
        Optional<String> token = ws.setting(SyncEngine.TOKEN);
        if (url.isEmpty() || token.isEmpty()) return Optional.empty();
        return Optional.of(new ProfileApi(new ServerApi(url.get(), token.get())));
    }

    public String url() {
        return api.url();
    }

    public void requestReset(String email) throws IOException, ServerApi.ApiError {
        api.post("/api/auth/password-reset", JsonText.write(Map.of("email", email)));
    }

    public void confirmReset(String token, String password) throws IOException, ServerApi.ApiError {
        api.post("/api/auth/password-reset/confirm", JsonText.write(Map.of("token", token, "password", password)));
    }

    public Accepted acceptByCode(String email, String code, @Nullable String password, @Nullable String displayName)
            throws IOException, ServerApi.ApiError {
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("code", code);
        if (password != null && !password.isEmpty()) body.put("password", password);
        if (displayName != null && !displayName.isBlank()) body.put("displayName", displayName);
        Map<String, @Nullable Object> m = api.post("/api/invitations/accept", JsonText.write(body));
        return new Accepted(UUID.fromString(String.valueOf(m.get("companyId"))), String.valueOf(m.get("email")),
                String.valueOf(m.get("role")), Boolean.TRUE.equals(m.get("accountCreated")));
    }

    public Profile profile() throws IOException, ServerApi.ApiError {
        return profile(api.get("/api/account"));
    }

    /** Changes the given parts (null = unchanged). */
    public Profile updateProfile(@Nullable String displayName, @Nullable String timezone, @Nullable String language)
            throws IOException, ServerApi.ApiError {
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        if (displayName != null) body.put("displayName", displayName);
        if (timezone != null) body.put("timezone", timezone);
        if (language != null) body.put("language", language);
        return profile(api.call("PATCH", "/api/account", JsonText.write(body)));
    }

    /** Changes the password; the answer says how many other sessions ended. */
    public int changePassword(String current, String next) throws IOException, ServerApi.ApiError {
        Map<String, @Nullable Object> m = api.post("/api/account/password",
                JsonText.write(Map.of("currentPassword", current, "newPassword", next)));
        return m.get("otherSessionsEnded") instanceof Number n ? n.intValue() : 0;
    }

    public List<Invitation> invitations() throws IOException, ServerApi.ApiError {
        List<Invitation> out = new ArrayList<>();
        if (api.get("/api/invitations").get("data") instanceof List<?> l) {
            for (Object o : l) if (o instanceof Map<?, ?> m) out.add(invitation(m));
        }
        return out;
    }

    public Invitation invite(String email, String role) throws IOException, ServerApi.ApiError {
        return invitation(api.post("/api/invitations", JsonText.write(Map.of("email", email, "role", role))));
    }

    public Invitation resend(UUID id) throws IOException, ServerApi.ApiError {
        return invitation(api.post("/api/invitations/" + id + "/resend", "{}"));
    }

    public void cancel(UUID id) throws IOException, ServerApi.ApiError {
        api.call("DELETE", "/api/invitations/" + URLEncoder.encode(id.toString(), StandardCharsets.UTF_8), null);
    }

    private static Profile profile(Map<String, @Nullable Object> m) {
        return new Profile(UUID.fromString(String.valueOf(m.get("id"))), String.valueOf(m.get("email")),
                m.get("displayName") == null ? "" : String.valueOf(m.get("displayName")),
                String.valueOf(m.get("timezone")), String.valueOf(m.get("language")),
                Boolean.TRUE.equals(m.get("emailVerified")));
    }

    private static Invitation invitation(Map<?, ?> m) {
        return new Invitation(UUID.fromString(String.valueOf(m.get("id"))), String.valueOf(m.get("email")),
                String.valueOf(m.get("role")), String.valueOf(m.get("status")), String.valueOf(m.get("expiresAt")),
                m.get("sentCount") instanceof Number n ? n.intValue() : 1);
    }
}
