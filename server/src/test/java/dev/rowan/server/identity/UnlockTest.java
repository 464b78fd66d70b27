package dev.rowan.server.identity;

import dev.rowan.server.support.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With sign-in throttling as tight as the lockout (both at three failures), an admin's unlock must lift both: the
 * person signs in right after, instead of meeting the per-account throttle's 429.
 */
class UnlockTest {
    private static AccountsServer rowan;

    @BeforeAll
    static void start() {
        rowan = new AccountsServer(Map.of("ROWAN_LOGIN_ACCOUNT_LIMIT", "3", "ROWAN_LOGIN_WINDOW_SECONDS", "3600"));
    }

    @AfterAll
    static void stop() {
        rowan.close();
    }

    @Test
    void anUnlockLiftsTheLockoutAndTheAccountsThrottle() throws Exception {
        ApiClient admin = rowan.tenant();
        String email = "locked-" + UUID.randomUUID() + "@acme.test";
        assertThat(admin.post("/api/invitations", Map.of("email", email)).status()).isEqualTo(201);
        assertThat(rowan.post("/api/invitations/accept", Map.of("token", rowan.next(email).token(),
                "password", AccountsServer.PASSWORD), AccountsServer.ip()).status()).isEqualTo(200);
        String id = (String) admin.get("/api/users").data().stream().filter(u -> email.equals(u.get("email")))
                .findFirst().orElseThrow().get("id");
        for (int i = 0; i < AccountsServer.LOCKOUT_THRESHOLD; i++) {
            assertThat(rowan.login(email, "wrong " + i, AccountsServer.ip()).status()).isEqualTo(401);
        }
        assertThat(rowan.login(email, AccountsServer.PASSWORD, AccountsServer.ip()).status()).isEqualTo(429);
        assertThat(admin.post("/api/users/" + id + "/unlock", Map.of()).status()).isEqualTo(200);
        assertThat(rowan.login(email, AccountsServer.PASSWORD, AccountsServer.ip()).status()).isEqualTo(200);
    }
}
