package dev.rowan.server.tables;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Physical;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Removed fields stay restorable for the retention period, then their columns are dropped. */
class FieldPurgerTest {

    @Test
    void fieldsRemovedLongerThanTheRetentionArePurgedAndRecentOnesStayRestorable() throws Exception {
        ApiClient api = TestServer.newTenant();
        Map<String, Object> table = api.createTable(api.createApp("Purge"), "Things", List.of(
                Map.of("name", "Old", "type", "text"), Map.of("name", "Recent", "type", "number"),
                Map.of("name", "Kept", "type", "text")));
        String tableId = (String) table.get("id");
        assertThat(api.post("/api/tables/" + tableId + "/records",
                Map.of("fields", Map.of("Old", "a", "Recent", 1, "Kept", "k"))).status()).isEqualTo(201);
        String old = ApiClient.fieldId(table, "Old");
        String recent = ApiClient.fieldId(table, "Recent");
        assertThat(api.delete("/api/tables/" + tableId + "/fields/" + old).status()).isEqualTo(204);
        assertThat(api.delete("/api/tables/" + tableId + "/fields/" + recent).status()).isEqualTo(204);
        try (Connection c = TestServer.jdbc(); PreparedStatement ps = c.prepareStatement(
                "UPDATE rowan.fields SET hidden_at = now() - interval '31 days' WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(old));
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        String physical = Physical.table(table);
        String oldColumn = "f_" + old.replace("-", "").substring(0, 16);
        String recentColumn = "f_" + recent.replace("-", "").substring(0, 16);
        assertThat(columns(physical)).contains(oldColumn, recentColumn);

        int purged = TestServer.get().purger().purgeDue();

        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(columns(physical)).doesNotContain(oldColumn).contains(recentColumn);
        assertThat(api.post("/api/tables/" + tableId + "/fields/" + old + "/restore", null).status()).isEqualTo(404);
        assertThat(api.post("/api/tables/" + tableId + "/fields/" + recent + "/restore", null).status()).isEqualTo(200);
        var record = api.get("/api/tables/" + tableId + "/records").data().getFirst();
        assertThat((Map<String, Object>) record.get("fields")).containsEntry("Recent", 1).containsEntry("Kept", "k")
                .doesNotContainKey("Old");
        try (Connection c = TestServer.jdbc(); PreparedStatement ps = c.prepareStatement(
                "SELECT op, user_id FROM rowan.change_log WHERE entity_id = ? ORDER BY seq DESC LIMIT 1")) {
            ps.setObject(1, UUID.fromString(old));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("purge");
                assertThat(rs.getObject(2, UUID.class)).isEqualTo(new UUID(0, 0));
            }
        }
    }

    private static List<String> columns(String table) throws Exception {
        try (Connection c = TestServer.jdbc(); PreparedStatement ps = c.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?")) {
            ps.setString(1, table);
            List<String> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        }
    }
}
