package dev.rowan.desktop.sync;

import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.json.JsonText;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signed-in person's own extras (issue 13): their login history, their avatar image, and the current company
 * (its name and their role; renaming it is for owners and admins, leaving it for anyone but its only owner). Every
 * call blocks: call it off the FX thread. Failures are those of {@link ServerApi}.
 */
public final class MyAccountApi {
    private final ServerApi api;

    /** The current company and the signed-in person's role in it. */
    public record Company(String id, String name, String role) {
    }

    /** Another of the person's companies with a session there (the sign-in's answer shape). */
    public record Elsewhere(String companyId, String name, Map<String, @Nullable Object> answer) {
    }

    private final String url;

    public MyAccountApi(String url, String token) {
        this.url = url;
        this.api = new ServerApi(url, token);
    }

    /**
     * Before leaving the current company: a session in another of the person's companies (leaving ends this login's
     * sessions in the company it leaves, so the switch is asked first). Empty when there is none to go to (a company
     * that needs a second factor not set up refuses the switch: the next one is tried).
     */
    public Optional<Elsewhere> sessionElsewhere() throws IOException, ServerApi.ApiError {
        if (api.get("/api/companies").get("data") instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof Map<?, ?> m) || Boolean.TRUE.equals(m.get("current"))) continue;
                String id = String.valueOf(m.get("id"));
                try {
                    return Optional.of(new Elsewhere(id, String.valueOf(m.get("name")), api.switchCompany(id)));
                } catch (ServerApi.ApiError e) {
                    if (e.status() != 403) throw e;
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the workspace holds a session the server still takes. */
    public static boolean sessionLive(Workspace ws) throws IOException {
        Optional<String> url = ws.setting(SyncEngine.URL);
        Optional<String> token = ws.setting(SyncEngine.TOKEN);
        return url.isPresent() && token.isPresent() && sessionLive(url.get(), token.get());
    }

    /** Whether the server still takes this session (false when it answers 401 or 403). */
    public static boolean sessionLive(String url, String token) throws IOException {
        try {
            new ServerApi(url, token).get("/api/auth/me");
            return true;
        } catch (ServerApi.ApiError e) {
            if (e.status() == 401 || e.status() == 403) return false;
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Ends a session taken by {@link #sessionElsewhere} that is not used after all. */
    public void signOutElsewhere(Elsewhere e) {
        if (!(e.answer().get("token") instanceof String token)) return;
        try {
            new ServerApi(url, token).post("/api/auth/logout", "{}");
        } catch (IOException | ServerApi.ApiError ex) {
            // it expires on its own
        }
    }

    /** Signed in with the workspace's stored login; empty when the workspace is local only or signed out. */
    public static Optional<MyAccountApi> of(Workspace ws) {
        Optional<String> url = ws.setting(SyncEngine.URL);
        Optional<String> token = ws.setting(SyncEngine.TOKEN);
        if (url.isEmpty() || token.isEmpty()) return Optional.empty();
        return Optional.of(new MyAccountApi(url.get(), token.get()));
    }

    public List<AdminApi.Login> loginHistory() throws IOException, ServerApi.ApiError {
        return AdminApi.logins(api.get("/api/account/login-history"));
    }

    /** The avatar's bytes, empty when none is set. */
    public Optional<byte[]> avatar() throws IOException, ServerApi.ApiError {
        return api.getBytes("/api/account/avatar");
    }

    /** Sets the avatar: PNG, JPEG or GIF whose bytes match {@code contentType} (the server checks). */
    public void putAvatar(String contentType, byte[] bytes) throws IOException, ServerApi.ApiError {
        api.putBytes("/api/account/avatar", contentType, bytes);
    }

    public Company company() throws IOException, ServerApi.ApiError {
        return company(api.get("/api/company"));
    }

    public Company renameCompany(String name) throws IOException, ServerApi.ApiError {
        return company(api.call("PATCH", "/api/company", JsonText.write(Map.of("name", name))));
    }

    /** Leaves the current company: this login's sessions there end. */
    public void leaveCompany() throws IOException, ServerApi.ApiError {
        api.post("/api/company/leave", "{}");
    }

    private static Company company(Map<String, @Nullable Object> m) {
        return new Company(String.valueOf(m.get("id")), String.valueOf(m.get("name")), String.valueOf(m.get("role")));
    }
}
