package dev.rowan.server.auth;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Physical;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class AuthTest {
    private static final String PASSWORD = "a long enough passphrase 42";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String newEmail() {
        return "user-" + UUID.randomUUID() + "@test.rowan";
    }

    private static HttpResponse<String> getWithAuthorization(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestServer.baseUrl() + path)).GET();
        if (authorization != null) b.header("Authorization", authorization);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void loginAnswersTokenUserAndCompany() {
        String email = newEmail();
        UUID company = TestServer.createTenant(email, PASSWORD);
        ApiClient api = new ApiClient(TestServer.baseUrl());

        ApiClient.Response r = api.login(email, PASSWORD);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.map()).containsKeys("token", "user", "companyId");
        assertThat((String) r.get("token")).hasSizeGreaterThanOrEqualTo(40);
        assertThat(r.get("companyId")).isEqualTo(company.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> user = (Map<String, Object>) r.get("user");
        assertThat(user).containsEntry("email", email).containsKey("id");
        assertThat(user).doesNotContainKeys("password", "passwordHash");
        // the token works, and it is stored only as a hash
        assertThat(api.get("/api/auth/me").map()).containsEntry("companyId", company.toString());
        assertThat(Sql.count("SELECT count(*) FROM rowan.sessions WHERE user_id = ?", user.get("id"))).isEqualTo(1);
        assertThat(Sql.count("SELECT count(*) FROM rowan.sessions WHERE token_hash = ?",
                ((String) r.get("token")).getBytes())).isZero();
    }

    @Test
    void loginIsCaseInsensitiveOnEmail() {
        String email = newEmail();
        TestServer.createTenant(email, PASSWORD);
        assertThat(new ApiClient(TestServer.baseUrl()).login(email.toUpperCase(), PASSWORD).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wrong password", "unknown email", "empty password"})
    void badCredentialsAre401ProblemsThatDoNotSayWhichPartIsWrong(String kind) {
        String email = newEmail();
        TestServer.createTenant(email, PASSWORD);
        ApiClient api = new ApiClient(TestServer.baseUrl());

        ApiClient.Response r = switch (kind) {
            case "wrong password" -> api.login(email, PASSWORD + "x");
            case "unknown email" -> api.login(newEmail(), PASSWORD);
            default -> api.login(email, "");
        };

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.isProblem()).isTrue();
        assertThat(r.map()).containsEntry("status", 401).containsKeys("type", "title", "detail");
        assertThat((String) r.get("detail")).isEqualTo("Email or password is wrong");
        assertThat(api.token()).isNull();
        assertThat(Sql.count("SELECT count(*) FROM rowan.sessions s JOIN rowan.users u ON u.id = s.user_id "
                + "WHERE lower(u.email) = lower(?)", email)).isZero();
    }

    @Test
    void failedLoginIsAudited() {
        String email = newEmail();
        TestServer.createTenant(email, PASSWORD);
        new ApiClient(TestServer.baseUrl()).login(email, "nope");
        assertThat(Sql.count("SELECT count(*) FROM rowan.audit_log WHERE action = 'login.failed' "
                + "AND details->>'email' = ?", email)).isEqualTo(1);
    }

    static Stream<Arguments> badAuthorization() {
        return Stream.of(
                Arguments.of("missing header", null, "Bearer"),
                Arguments.of("not bearer", "Basic dXNlcjpwYXNz", "Bearer"),
                Arguments.of("empty bearer", "Bearer ", "Bearer"),
                Arguments.of("garbage token", "Bearer not-a-real-token", "invalid_token"),
                Arguments.of("very long token", "Bearer " + "x".repeat(5000), "invalid_token"),
                Arguments.of("sql in token", "Bearer ' OR 1=1 --", "invalid_token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAuthorization")
    void apiRoutesWithoutAValidTokenAre401WithWwwAuthenticate(String name, String authorization, String challenge)
            throws Exception {
        HttpResponse<String> r = getWithAuthorization("/api/apps", authorization);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                h -> assertThat(h).startsWith("Bearer").contains(challenge));
        Map<?, ?> body = ApiClient.JSON.readValue(r.body(), Map.class);
        assertThat(body.get("status")).isEqualTo(401);
        assertThat((String) body.get("detail")).isNotBlank();
    }

    @Test
    void logoutRevokesTheTokenAndOnlyThatToken() throws Exception {
        String email = newEmail();
        TestServer.createTenant(email, PASSWORD);
        ApiClient first = new ApiClient(TestServer.baseUrl());
        ApiClient second = new ApiClient(TestServer.baseUrl());
        first.login(email, PASSWORD);
        second.login(email, PASSWORD);
        assertThat(first.get("/api/apps").status()).isEqualTo(200);

        assertThat(first.post("/api/auth/logout", null).status()).isEqualTo(204);

        HttpResponse<String> after = getWithAuthorization("/api/apps", "Bearer " + first.token());
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
        assertThat(first.post("/api/auth/logout", null).status()).isEqualTo(401);
        assertThat(second.get("/api/apps").status()).isEqualTo(200);
        assertThat(Sql.count("SELECT count(*) FROM rowan.sessions s JOIN rowan.users u ON u.id = s.user_id "
                + "WHERE u.email = ? AND s.revoked_at IS NOT NULL", email)).isEqualTo(1);
    }

    @Test
    void passwordsAreStoredAsArgon2idHashes() {
        String email = newEmail();
        TestServer.createTenant(email, PASSWORD);
        new ApiClient(TestServer.baseUrl()).login(email, PASSWORD);

        String hash = (String) Sql.value("SELECT password_hash FROM rowan.users WHERE email = ?", email);
        assertThat(hash).startsWith("$argon2id$").doesNotContain(PASSWORD).contains("m=19456");
        // every hash is salted: the same password twice gives different hashes
        String other = newEmail();
        TestServer.createTenant(other, PASSWORD);
        assertThat(Sql.value("SELECT password_hash FROM rowan.users WHERE email = ?", other)).isNotEqualTo(hash);
        // and the bootstrap owner too
        assertThat(Sql.count("SELECT count(*) FROM rowan.users WHERE password_hash NOT LIKE '$argon2id$%'")).isZero();
    }

    @Test
    void loginSignsInToTheChosenCompanyAndListsAllOfTheUsersCompanies() throws Exception {
        String email = newEmail();
        UUID first = TestServer.createTenant(email, PASSWORD);
        UUID userId = UUID.fromString((String) Sql.value("SELECT id::text FROM rowan.users WHERE email = ?", email));
        UUID second;
        try (java.sql.Connection c = TestServer.jdbc()) {
            c.setAutoCommit(false);
            AccountRepository accounts = new AccountRepository(TestServer.get().database().dbClient());
            second = accounts.createCompany(c, "Second company");
            accounts.addMember(c, second, userId, "editor");
            c.commit();
        }
        UUID stranger = TestServer.createTenant(newEmail(), PASSWORD);
        List<Map<String, Object>> both = List.of(
                Map.of("id", first.toString(), "name", "Test company", "role", "owner"),
                Map.of("id", second.toString(), "name", "Second company", "role", "editor"));

        // without a choice: the oldest company
        ApiClient api = new ApiClient(TestServer.baseUrl());
        ApiClient.Response dflt = api.login(email, PASSWORD);
        assertThat(dflt.status()).isEqualTo(200);
        assertThat(dflt.map()).containsEntry("companyId", first.toString()).containsEntry("role", "owner")
                .containsEntry("companies", both);
        String inFirst = api.createApp("In the first company");

        ApiClient other = new ApiClient(TestServer.baseUrl());
        ApiClient.Response chosen = other.post("/api/auth/login", Map.of("email", email, "password", PASSWORD,
                "companyId", second.toString()));
        assertThat(chosen.status()).isEqualTo(200);
        assertThat(chosen.map()).containsEntry("companyId", second.toString()).containsEntry("role", "editor")
                .containsEntry("companies", both);
        other.token((String) chosen.get("token"));
        assertThat(other.get("/api/auth/me").map()).containsEntry("companyId", second.toString())
                .containsEntry("role", "editor");
        assertThat(other.get("/api/apps").data()).isEmpty();
        assertThat(other.get("/api/apps/" + inFirst).status()).isEqualTo(404);

        // a company the user does not belong to: 403, no session
        long sessions = Sql.count("SELECT count(*) FROM rowan.sessions WHERE user_id = ?", userId);
        ApiClient.Response denied = new ApiClient(TestServer.baseUrl()).post("/api/auth/login", Map.of("email", email,
                "password", PASSWORD, "companyId", stranger.toString()));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.isProblem()).isTrue();
        assertThat((String) denied.get("detail")).contains("not a member of company " + stranger);
        assertThat(denied.map()).doesNotContainKey("token");
        assertThat(Sql.count("SELECT count(*) FROM rowan.sessions WHERE user_id = ?", userId)).isEqualTo(sessions);
        assertThat(Sql.count("SELECT count(*) FROM rowan.audit_log WHERE user_id = ? AND action = 'login.denied'",
                userId)).isEqualTo(1);
        // not a UUID: 422; a wrong password still says only that
        ApiClient.Response malformed = new ApiClient(TestServer.baseUrl()).post("/api/auth/login", Map.of("email",
                email, "password", PASSWORD, "companyId", "acme"));
        assertThat(malformed.status()).isEqualTo(422);
        assertThat(malformed.isProblem()).isTrue();
        assertThat(malformed.body()).contains("companyId");
        assertThat(new ApiClient(TestServer.baseUrl()).post("/api/auth/login", Map.of("email", email, "password",
                "wrong", "companyId", second.toString())).status()).isEqualTo(401);
        assertThat(Sql.count("SELECT count(*) FROM rowan.sessions WHERE user_id = ?", userId)).isEqualTo(sessions);
    }

    // ---------------------------------------------------------------- tenant isolation

    // one pair of tenants for the isolation table: signing up costs two Argon2 hashes
    private static ApiClient owner;
    private static ApiClient intruder;

    @BeforeAll
    static void tenants() {
        owner = TestServer.newTenant();
        intruder = TestServer.newTenant();
    }

    record Foreign(String appId, String tableId, String recordId, String fieldId, String folderId, String schema,
                   String physical, String column) {
    }

    @SuppressWarnings("unchecked")
    private static Foreign foreignData(ApiClient owner) {
        String app = owner.createApp("Secret app");
        Map<String, Object> table = owner.createTable(app, "Secret table", List.of(Map.of("name", "Title", "type", "text")));
        String tableId = (String) table.get("id");
        String recordId = owner.post("/api/tables/" + tableId + "/records", Map.of("fields", Map.of("Title", "mine")))
                .id();
        String folderId = owner.post("/api/apps/" + app + "/folders", Map.of("name", "Secret folder")).id();
        Map<String, Object> field = ((List<Map<String, Object>>) table.get("fields")).getFirst();
        return new Foreign(app, tableId, recordId, (String) field.get("id"), folderId, Physical.schema(table),
                Physical.table(table), Physical.column(field));
    }

    static Stream<Arguments> foreignRequests() {
        Map<String, Object> record = Map.of("fields", Map.of("Title", "stolen"));
        return Stream.of(
                Arguments.of("GET", "/api/apps/{app}", null),
                Arguments.of("PUT", "/api/apps/{app}", Map.of("name", "Hijacked")),
                Arguments.of("PATCH", "/api/apps/{app}", Map.of("name", "Hijacked")),
                Arguments.of("DELETE", "/api/apps/{app}", null),
                Arguments.of("GET", "/api/apps/{app}/tables", null),
                Arguments.of("POST", "/api/apps/{app}/tables", Map.of("name", "Intruder")),
                Arguments.of("GET", "/api/apps/{app}/folders", null),
                Arguments.of("POST", "/api/apps/{app}/folders", Map.of("name", "Intruder")),
                Arguments.of("GET", "/api/folders/{folder}", null),
                Arguments.of("PATCH", "/api/folders/{folder}", Map.of("name", "Hijacked")),
                Arguments.of("DELETE", "/api/folders/{folder}", null),
                Arguments.of("POST", "/api/folders/{folder}/items", Map.of("type", "table", "id", "{table}")),
                Arguments.of("GET", "/api/tables/{table}", null),
                Arguments.of("PATCH", "/api/tables/{table}", Map.of("name", "Hijacked")),
                Arguments.of("DELETE", "/api/tables/{table}", null),
                Arguments.of("GET", "/api/tables/{table}/views", null),
                Arguments.of("POST", "/api/tables/{table}/fields", Map.of("name", "Extra", "type", "text")),
                Arguments.of("PATCH", "/api/tables/{table}/fields/{field}", Map.of("name", "Hijacked")),
                Arguments.of("PATCH", "/api/tables/{table}/fields/{field}", Map.of("type", "number")),
                Arguments.of("DELETE", "/api/tables/{table}/fields/{field}", null),
                Arguments.of("DELETE", "/api/tables/{table}/fields/{field}?purge=true", null),
                Arguments.of("GET", "/api/tables/{table}/records", null),
                Arguments.of("GET", "/api/tables/{table}/records/count", null),
                Arguments.of("POST", "/api/tables/{table}/records/query", Map.of()),
                Arguments.of("POST", "/api/tables/{table}/records", record),
                Arguments.of("POST", "/api/tables/{table}/records/bulk", Map.of("records", List.of(record))),
                Arguments.of("POST", "/api/tables/{table}/records/bulk-delete", Map.of("ids", List.of("{record}"))),
                Arguments.of("GET", "/api/tables/{table}/records/{record}", null),
                Arguments.of("PATCH", "/api/tables/{table}/records/{record}", record),
                Arguments.of("PUT", "/api/tables/{table}/records/{record}", record),
                Arguments.of("DELETE", "/api/tables/{table}/records/{record}", null));
    }

    private static String fill(String s, Foreign f) {
        return s.replace("{app}", f.appId()).replace("{table}", f.tableId()).replace("{record}", f.recordId())
                .replace("{field}", f.fieldId()).replace("{folder}", f.folderId());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("foreignRequests")
    void aTenantCannotReadChangeOrDeleteAnotherTenantsData(String method, String path, Object body) throws Exception {
        Foreign f = foreignData(owner);
        String json = body == null ? null : fill(ApiClient.JSON.writeValueAsString(body), f);
        long ownerChanges = Sql.changes(owner.companyId);

        ApiClient.Response r = intruder.send(method, fill(path, f), json);

        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.isProblem()).isTrue();
        assertThat(r.body()).doesNotContain("Secret");
        // nothing of the owner's changed
        assertThat(Sql.value("SELECT name FROM rowan.apps WHERE id = ?", f.appId())).isEqualTo("Secret app");
        assertThat(Sql.value("SELECT name FROM rowan.tables WHERE id = ?", f.tableId())).isEqualTo("Secret table");
        assertThat(Sql.value("SELECT name FROM rowan.folders WHERE id = ?", f.folderId())).isEqualTo("Secret folder");
        assertThat(Sql.rows("SELECT name, type, hidden_at IS NULL AS visible FROM rowan.fields WHERE table_id = ?",
                f.tableId())).containsExactly(Map.of("name", "Title", "type", "text", "visible", true));
        assertThat(Sql.columns(f.schema(), f.physical())).containsEntry(f.column(), "text");
        assertThat(Sql.rows("SELECT id::text AS id, \"" + f.column() + "\" AS v FROM \"" + f.schema() + "\".\""
                + f.physical() + "\"")).containsExactly(Map.of("id", f.recordId(), "v", "mine"));
        assertThat(Sql.changes(owner.companyId)).isEqualTo(ownerChanges);
        assertThat(Sql.changes(intruder.companyId)).isZero();
        assertThat(Sql.count("SELECT count(*) FROM rowan.tables WHERE company_id = ?", intruder.companyId)).isZero();
    }
}
