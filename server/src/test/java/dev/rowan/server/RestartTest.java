package dev.rowan.server;

import dev.rowan.server.config.Settings;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With no database configured the server runs an embedded PostgreSQL in its data folder, which survives restarts. */
class RestartTest {
    private static final String PASSWORD = "restart passphrase 123";

    @Test
    @Timeout(240)
    @SuppressWarnings("unchecked")
    void dataInTheEmbeddedDatabaseSurvivesARestart(@TempDir Path dataDir) {
        Settings settings = TestServer.settings(Map.of(
                "ROWAN_DB_URL", "",
                "ROWAN_DB_USER", "",
                "ROWAN_DB_PASSWORD", "",
                "ROWAN_DATA_DIR", dataDir.toString(),
                "ROWAN_EMBEDDED_DB_PORT", "0",
                "ROWAN_ADMIN_EMAIL", "owner@restart.test",
                "ROWAN_ADMIN_PASSWORD", PASSWORD));
        assertThat(settings.embeddedDatabase()).isTrue();

        String appId;
        String tableId;
        try (RowanServer server = RowanServer.start(settings)) {
            ApiClient api = new ApiClient("http://127.0.0.1:" + server.port());
            ApiClient.Response health = api.get("/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.map()).containsEntry("status", "UP").containsEntry("database", "UP");
            assertThat(api.login("owner@restart.test", PASSWORD).status()).isEqualTo(200);
            appId = api.createApp("Survivor");
            Map<String, Object> table = api.createTable(appId, "Kept", List.of(Map.of("name", "T", "type", "text")));
            tableId = (String) table.get("id");
            assertThat(api.post("/api/tables/" + tableId + "/records", Map.of("fields", Map.of("T", "still here")))
                    .status()).isEqualTo(201);
        }
        assertThat(Files.isDirectory(dataDir.resolve("pg"))).isTrue();

        try (RowanServer server = RowanServer.start(settings)) {
            ApiClient api = new ApiClient("http://127.0.0.1:" + server.port());
            assertThat(api.get("/health").map()).containsEntry("status", "UP");
            // the owner is not created twice, and the old password still works
            assertThat(api.login("owner@restart.test", PASSWORD).status()).isEqualTo(200);
            assertThat(api.get("/api/apps").data()).extracting(m -> m.get("id"), m -> m.get("name"))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(appId, "Survivor"));
            assertThat(api.get("/api/tables/" + tableId + "/records").data())
                    .extracting(m -> ((Map<String, Object>) m.get("fields")).get("T")).containsExactly("still here");
        }
    }
}
