package dev.rowan.server;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    @Test
    void createTableAndRecordEndToEnd() {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Projects");
        Map<String, Object> table = api.createTable(app, "Tasks", List.of(
                Map.of("name", "Title", "type", "text"), Map.of("name", "Qty", "type", "number")));
        var created = api.post("/api/tables/" + table.get("id") + "/records",
                Map.of("fields", Map.of("Title", "Hello", "Qty", 3)));
        assertThat(created.status()).isEqualTo(201);
        var list = api.get("/api/tables/" + table.get("id") + "/records");
        assertThat(list.data()).hasSize(1);
        assertThat(list.data().getFirst().get("fields")).isEqualTo(Map.of("Title", "Hello", "Qty", 3));
    }
}
