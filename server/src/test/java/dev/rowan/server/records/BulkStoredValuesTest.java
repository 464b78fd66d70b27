package dev.rowan.server.records;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a bulk request stores (the streaming read, then binary COPY) reads back exactly as what single creates store
 * (the map path, then INSERT), for values of every common kind in the forms clients send them.
 */
class BulkStoredValuesTest {

    @Test
    @SuppressWarnings("unchecked")
    void bulkStoresWhatSingleCreatesStore() {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Stored");
        List<Map<String, Object>> fields = List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Notes", "type", "long_text"),
                Map.of("name", "Qty", "type", "number", "precision", 2),
                Map.of("name", "Price", "type", "currency", "config", Map.of("currencyCode", "eur")),
                Map.of("name", "Share", "type", "percent"),
                Map.of("name", "Due", "type", "date"),
                Map.of("name", "When", "type", "date", "includeTime", true),
                Map.of("name", "Status", "type", "single_select", "options", List.of("Open", "Closed")),
                Map.of("name", "Tags", "type", "multiple_select", "options", List.of("x", "y", "z")),
                Map.of("name", "Done", "type", "boolean"),
                Map.of("name", "Site", "type", "url"),
                Map.of("name", "Mail", "type", "email"),
                Map.of("name", "Phone", "type", "phone"),
                Map.of("name", "Data", "type", "json"),
                Map.of("name", "Stars", "type", "rating", "config", Map.of("max", 5)),
                Map.of("name", "Took", "type", "duration"),
                Map.of("name", "Opens", "type", "time"),
                Map.of("name", "Body", "type", "rich_text"));
        Map<String, Object> bulkTable = api.createTable(app, "Bulk", fields);
        Map<String, Object> singleTable = api.createTable(app, "Single", fields);

        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row("plain", "long\ntext", 12, 19.99, 0.5, "2024-02-29", "2024-01-02T03:04:05Z", "Open",
                List.of("x"), true, "example.com/a", " ada@example.com ", "+41 44 123 45 67",
                Map.of("k", List.of(1, true)), 5, "1:30", "9:00", "**bold**"));
        rows.add(row("ünïcode 🚀", "", 1.005, 7, 0.125, "1999-12-31", "2024-06-30T23:59:59.123456+02:00", "closed",
                List.of("z", "x", "z"), false, "https://example.com/?q=1", "b@c.de", "(01) 234-5678",
                List.of("a", 2), 0, 2700, "2:30 pm", "# H"));
        Map<String, Object> sparse = new LinkedHashMap<>();
        sparse.put("Title", "  spaced  ");
        sparse.put("Qty", null);
        sparse.put("Tags", List.of());
        sparse.put("Data", "just text");
        rows.add(Map.of("fields", sparse));
        rows.add(Map.of("fields", Map.of("Qty", 123456789012.345678, "Price", -0.004, "Share", 1e2)));

        ApiClient.Response bulk = api.post("/api/tables/" + bulkTable.get("id") + "/records/bulk",
                Map.of("records", rows));
        assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
        assertThat(((Number) bulk.map().get("created")).intValue()).as(bulk.body()).isEqualTo(rows.size());
        for (Map<String, Object> r : rows) {
            ApiClient.Response one = api.post("/api/tables/" + singleTable.get("id") + "/records", r);
            assertThat(one.status()).as(one.body()).isIn(200, 201);
        }

        List<Map<String, Object>> fromBulk = fieldsOf(api, bulkTable);
        List<Map<String, Object>> fromSingle = fieldsOf(api, singleTable);
        // rows made in the same millisecond may list in either order (ids are time-ordered to the millisecond)
        assertThat(fromBulk).hasSize(rows.size()).containsExactlyInAnyOrderElementsOf(fromSingle);
        // the values were converted, not passed through: the comparison is of stored, canonical values
        assertThat(fromBulk).anySatisfy(r -> assertThat(r).containsEntry("Mail", "ada@example.com")
                .containsEntry("Status", "Open"));
        assertThat(fromBulk).anySatisfy(r -> assertThat(r).containsEntry("Status", "Closed"));
    }

    private static Map<String, Object> row(Object... values) {
        String[] names = {"Title", "Notes", "Qty", "Price", "Share", "Due", "When", "Status", "Tags", "Done", "Site",
                "Mail", "Phone", "Data", "Stars", "Took", "Opens", "Body"};
        Map<String, Object> f = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) f.put(names[i], values[i]);
        return Map.of("fields", f);
    }

    /** Each record's fields in creation order. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> fieldsOf(ApiClient api, Map<String, Object> table) {
        ApiClient.Response r = api.get("/api/tables/" + table.get("id") + "/records?limit=100");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.data().stream().map(m -> (Map<String, Object>) m.get("fields")).toList();
    }
}
