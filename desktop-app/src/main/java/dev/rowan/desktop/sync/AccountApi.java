package dev.rowan.desktop.sync;

import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.json.JsonText;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signed-in user's own account on the server: the second factor ({@code /api/account/mfa...}), sessions
 * ({@code /api/sessions}) and API keys ({@code /api/keys}), with the workspace's stored login. Every call blocks on
 * the network: call it off the FX thread. Failures are those of {@link ServerApi}.
 */
public final class AccountApi {
    private final ServerApi api;

    public record MfaStatus(boolean enabled, int backupCodesLeft, boolean requiredByCompany) {
    }

    /** A new authenticator to confirm: its secret, {@code otpauth://} URI and the URI as a QR code (PNG). */
    public record Enrolment(String secret, String uri, byte[] qrPng) {
    }

    public record Session(String id, boolean current, String company, String device, String ip, String lastUsedAt) {
    }

    public record ApiKey(String id, String name, String prefix, List<String> scopes, @Nullable String lastUsedAt,
                         long useCount, boolean revoked) {
    }

    /** A company of the user; {@code current} is the one this login works in. */
    public record CompanyItem(String id, String name, String role, boolean current) {
    }

    AccountApi(ServerApi api) {
        this.api = api;
    }

    /** A client for the workspace's server and login; empty when the workspace is local only or signed out. */
    public static Optional<AccountApi> of(Workspace ws) {
        Optional<String> url = ws.setting(SyncEngine.URL);
        Optional<String> token = ws.setting(SyncEngine.TOKEN);
        if (url.isEmpty() || token.isEmpty()) return Optional.empty();
        return Optional.of(new AccountApi(new ServerApi(url.get(), token.get())));
    }

    public MfaStatus mfaStatus() throws IOException, ServerApi.ApiError {
        Map<String, @Nullable Object> m = api.get("/api/account/mfa");
        return new MfaStatus(Boolean.TRUE.equals(m.get("enabled")), m.get("backupCodesLeft") instanceof Number n
                ? n.intValue() : 0, Boolean.TRUE.equals(m.get("requiredByCompany")));
    }

    public Enrolment startEnrolment() throws IOException, ServerApi.ApiError {
        Map<String, @Nullable Object> m = api.post("/api/account/mfa/totp", "{}");
        return new Enrolment(String.valueOf(m.get("secret")), String.valueOf(m.get("otpauthUri")),
                Base64.getDecoder().decode(String.valueOf(m.get("qrPng"))));
    }

    /** Turns the second factor on with its first code; answers the ten backup codes (shown once). */
    public List<String> confirm(String code) throws IOException, ServerApi.ApiError {
        return strings(api.post("/api/account/mfa/totp/confirm", JsonText.write(Map.of("code", code))).get("backupCodes"));
    }

    public List<String> regenerateBackupCodes(String code) throws IOException, ServerApi.ApiError {
        return strings(api.post("/api/account/mfa/backup-codes", JsonText.write(Map.of("code", code))).get("backupCodes"));
    }

    public List<CompanyItem> companies() throws IOException, ServerApi.ApiError {
        List<CompanyItem> out = new ArrayList<>();
        if (api.get("/api/companies").get("data") instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    out.add(new CompanyItem(String.valueOf(m.get("id")), String.valueOf(m.get("name")),
                            String.valueOf(m.get("role")), Boolean.TRUE.equals(m.get("current"))));
                }
            }
        }
        return out;
    }

    /** A session in another of the user's companies, without the password (the sign-in's answer shape). */
    public Map<String, @Nullable Object> switchCompany(String companyId) throws IOException, ServerApi.ApiError {
        return api.switchCompany(companyId);
    }

    public List<Session> sessions() throws IOException, ServerApi.ApiError {
        List<Session> out = new ArrayList<>();
        if (api.get("/api/sessions").get("data") instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    out.add(new Session(String.valueOf(m.get("id")), Boolean.TRUE.equals(m.get("current")),
                            String.valueOf(m.get("companyName")), String.valueOf(m.get("device")),
                            String.valueOf(m.get("ip")), String.valueOf(m.get("lastUsedAt"))));
                }
            }
        }
        return out;
    }

    public void revokeSession(String id) throws IOException, ServerApi.ApiError {
        api.delete("/api/sessions/" + id);
    }

    public List<ApiKey> keys() throws IOException, ServerApi.ApiError {
        List<ApiKey> out = new ArrayList<>();
        if (api.get("/api/keys").get("data") instanceof List<?> l) {
            for (Object o : l) if (o instanceof Map<?, ?> m) out.add(key(m));
        }
        return out;
    }

    /** Creates a key; answers it and its secret {@code rk_...}, which the server shows only this once. */
    public Map.Entry<ApiKey, String> createKey(String name, List<String> scopes) throws IOException, ServerApi.ApiError {
        Map<String, @Nullable Object> m = api.post("/api/keys", JsonText.write(Map.of("name", name, "scopes", scopes)));
        return Map.entry(key(m), String.valueOf(m.get("key")));
    }

    public void revokeKey(String id) throws IOException, ServerApi.ApiError {
        api.delete("/api/keys/" + id);
    }

    private static ApiKey key(Map<?, ?> m) {
        Object last = m.get("lastUsedAt");
        return new ApiKey(String.valueOf(m.get("id")), String.valueOf(m.get("name")), String.valueOf(m.get("prefix")),
                strings(m.get("scopes")), last == null ? null : last.toString(),
                m.get("useCount") instanceof Number n ? n.longValue() : 0, Boolean.TRUE.equals(m.get("revoked")));
    }

    private static List<String> strings(@Nullable Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) for (Object x : l) out.add(String.valueOf(x));
        return out;
    }
}
