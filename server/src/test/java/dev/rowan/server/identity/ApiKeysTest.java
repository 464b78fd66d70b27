package dev.rowan.server.identity;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Http;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys: shown once, stored hashed, scoped, never stronger than their owner now, revocable, counted. */
class ApiKeysTest {

    private static Map<String, Object> newKey(ApiClient api, List<String> scopes) {
        var r = api.post("/api/keys", Map.of("name", "script " + scopes, "scopes", scopes));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.map();
    }

    private static ApiClient as(String key) {
        ApiClient c = new ApiClient(TestServer.baseUrl());
        c.token(key);
        return c;
    }

    private static String recordsPath(ApiClient api) {
        String app = api.createApp("Keys app");
        var table = api.createTable(app, "Things", List.of(Map.of("name", "Title", "type", "text")));
        return "/api/tables/" + table.get("id") + "/records";
    }

    @Test
    void aKeyIsShownOnceAndStoredAsAHashWithAVisiblePrefix() {
        var owner = IdentityFixture.owner();
        var k = newKey(owner.api(), List.of("read"));
        String key = (String) k.get("key");
        assertThat(key).startsWith("rk_").startsWith((String) k.get("prefix"));
        List<Map<String, Object>> listed = owner.api().get("/api/keys").data();
        assertThat(listed).hasSize(1);
        assertThat(listed.getFirst()).doesNotContainKey("key").containsEntry("prefix", k.get("prefix"))
                .containsEntry("scopes", List.of("read")).containsEntry("revoked", false);
        assertThat(Sql.count("SELECT count(*) FROM rowan.api_keys WHERE id = CAST(? AS uuid) "
                + "AND key_hash = sha256(convert_to(?, 'UTF8'))", k.get("id"), key)).isEqualTo(1);
        assertThat(Sql.count("SELECT count(*) FROM rowan.api_keys WHERE prefix LIKE ? OR name LIKE ?",
                "%" + key.substring(12) + "%", "%" + key.substring(12) + "%")).isZero();
    }

    @Test
    void aKeyWorksOnDataRoutesWithinItsScopesAndIsCounted() {
        var owner = IdentityFixture.owner();
        String records = recordsPath(owner.api());
        ApiClient reader = as((String) newKey(owner.api(), List.of("read")).get("key"));
        ApiClient writer = as((String) newKey(owner.api(), List.of("read", "write")).get("key"));
        assertThat(reader.get(records).status()).isEqualTo(200);
        assertThat(reader.post(records, Map.of("fields", Map.of("Title", "no"))).status()).isEqualTo(403);
        var created = writer.post(records, Map.of("fields", Map.of("Title", "yes")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        // schema changes need the schema scope
        assertThat(writer.post("/api/apps", Map.of("name", "x")).status()).isEqualTo(403);
        assertThat(reader.get(records).data()).hasSize(1);
        List<Map<String, Object>> keys = owner.api().get("/api/keys").data();
        Map<String, Object> r = keys.stream().filter(x -> x.get("scopes").equals(List.of("read"))).findFirst()
                .orElseThrow();
        // two reads; the refused write is not a use
        assertThat(r.get("useCount")).isEqualTo(2);
        assertThat(r.get("lastUsedAt")).isNotNull();
        assertThat(r.get("lastUsedIp")).isEqualTo("127.0.0.1");
    }

    @Test
    void aKeyNeverManagesAccountsKeysSessionsOrCompanies() {
        var owner = IdentityFixture.owner();
        ApiClient all = as((String) newKey(owner.api(), List.of("read", "write", "schema", "admin")).get("key"));
        for (String path : List.of("/api/keys", "/api/sessions", "/api/account/mfa", "/api/companies", "/api/company",
                "/api/company/policy", "/api/auth/me")) {
            var r = all.get(path);
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.isProblem()).isTrue();
        }
        assertThat(all.post("/api/keys", Map.of("name", "child", "scopes", List.of("read"))).status()).isEqualTo(403);
        assertThat(owner.api().get("/api/keys").data()).hasSize(1);
    }

    @Test
    void aKeyHasNoMoreRightsThanItsOwnerHasNow() {
        var owner = IdentityFixture.owner();
        var admin = IdentityFixture.member(owner.api(), "admin");
        ApiClient adminKey = as((String) newKey(admin.api(), List.of("read", "admin")).get("key"));
        var add = adminKey.post("/api/members", Map.of("email", "k-" + System.nanoTime() + "@test.rowan",
                "password", "a fine password 1"));
        assertThat(add.status()).as(add.body()).isEqualTo(201);
        // demoted: the key's admin scope no longer gives admin rights
        assertThat(owner.api().patch("/api/company/members/" + admin.id(), Map.of("role", "member")).status())
                .isEqualTo(200);
        assertThat(adminKey.post("/api/members", Map.of("email", "k2-" + System.nanoTime() + "@test.rowan",
                "password", "a fine password 1")).status()).isEqualTo(403);
        // a member cannot make an admin-scoped key
        assertThat(admin.api().post("/api/keys", Map.of("name", "x", "scopes", List.of("admin"))).status())
                .isEqualTo(422);
        // without the admin scope, an owner's key acts as a member
        ApiClient ownerKey = as((String) newKey(owner.api(), List.of("read", "write")).get("key"));
        assertThat(ownerKey.post("/api/members", Map.of("email", "k3@test.rowan", "password", "a fine password 1"))
                .status()).isEqualTo(403);
        // removed from the company: the key stops
        ApiClient memberKey = as((String) newKey(admin.api(), List.of("read")).get("key"));
        assertThat(memberKey.get("/api/apps").status()).isEqualTo(200);
        assertThat(owner.api().delete("/api/company/members/" + admin.id()).status()).isEqualTo(204);
        assertThat(memberKey.get("/api/apps").status()).isEqualTo(401);
    }

    @Test
    void revokedAndExpiredKeysStopAtOnce() {
        var owner = IdentityFixture.owner();
        var k = newKey(owner.api(), List.of("read"));
        ApiClient c = as((String) k.get("key"));
        assertThat(c.get("/api/apps").status()).isEqualTo(200);
        assertThat(owner.api().delete("/api/keys/" + k.get("id")).status()).isEqualTo(204);
        var after = Http.send(TestServer.baseUrl(), "GET", "/api/apps", null, "Authorization", "Bearer " + k.get("key"));
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.header("WWW-Authenticate")).contains("invalid_token");
        assertThat(owner.api().delete("/api/keys/" + k.get("id")).status()).isEqualTo(404);

        var soon = owner.api().post("/api/keys", Map.of("name", "soon", "scopes", List.of("read"),
                "expiresAt", java.time.OffsetDateTime.now().plusDays(1).toString()));
        assertThat(soon.status()).isEqualTo(201);
        ApiClient s = as((String) soon.get("key"));
        assertThat(s.get("/api/apps").status()).isEqualTo(200);
        IdentityFixture.sql("UPDATE rowan.api_keys SET expires_at = now() - interval '1 second' WHERE id = CAST(? AS uuid)",
                soon.get("id"));
        assertThat(s.get("/api/apps").status()).isEqualTo(401);
        // a key of another company's person is not even listed or revocable here
        var other = IdentityFixture.owner();
        assertThat(other.api().delete("/api/keys/" + soon.get("id")).status()).isEqualTo(404);
        assertThat(other.api().get("/api/keys").data()).isEmpty();
    }
}
