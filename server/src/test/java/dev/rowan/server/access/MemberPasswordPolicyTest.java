package dev.rowan.server.access;

import dev.rowan.server.RowanServer;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestDatabase;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The older {@code POST /api/members} and the first owner made at start apply the same password policy as the
 * accounts code (identity.accounts.PasswordPolicy): length, not the email, not a common password.
 */
class MemberPasswordPolicyTest {
    private static final String GOOD = "a decent member passphrase 5";

    @Test
    void addMemberRefusesEveryPasswordThePolicyRefusesAndStoresNothing() {
        ApiClient admin = TestServer.newTenant();
        String email = "policy-" + UUID.randomUUID() + "@test.rowan";
        // 9 characters (the old rule took 8), a common password, the email itself, its name part
        for (String weak : List.of("nine char", "password1234", "Qwertyuiop1", email, email.substring(0, email.indexOf('@')))) {
            var r = admin.post("/api/members", Map.of("email", email, "password", weak));
            assertThat(r.status()).as(weak).isEqualTo(422);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.body()).contains("\"password\"");
        }
        assertThat(admin.get("/api/members").data()).hasSize(1);
        var ok = admin.post("/api/members", Map.of("email", email, "password", GOOD));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(new ApiClient(TestServer.baseUrl()).login(email, GOOD).status()).isEqualTo(200);
    }

    @Test
    @Timeout(120)
    void theServerRefusesToCreateTheFirstOwnerWithAWeakConfiguredPassword() throws SQLException {
        String db = "bootstrap_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(TestDatabase.url(), TestDatabase.user(), TestDatabase.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db); // a generated name, no user input
        }
        String url = TestDatabase.url().replaceFirst("/postgres(\\?|$)", "/" + db + "$1");
        Map<String, String> weak = Map.of("ROWAN_DB_URL", url, "ROWAN_ADMIN_EMAIL", "first@bootstrap.test",
                "ROWAN_ADMIN_PASSWORD", "password123");
        assertThatThrownBy(() -> RowanServer.start(TestServer.settings(weak)).close())
                .hasStackTraceContaining("ROWAN_ADMIN_PASSWORD is refused");
        String strong = "first owner passphrase 77";
        try (RowanServer server = RowanServer.start(TestServer.settings(Map.of("ROWAN_DB_URL", url,
                "ROWAN_ADMIN_EMAIL", "first@bootstrap.test", "ROWAN_ADMIN_PASSWORD", strong)))) {
            ApiClient api = new ApiClient("http://127.0.0.1:" + server.port());
            // the refused start created no owner: the first one is made by the second start, with its password
            assertThat(api.login("first@bootstrap.test", "password123").status()).isEqualTo(401);
            assertThat(api.login("first@bootstrap.test", strong).status()).isEqualTo(200);
        }
    }
}
