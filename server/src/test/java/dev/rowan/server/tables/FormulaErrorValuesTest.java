package dev.rowan.server.tables;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A formula that fails for a record (division by zero, a bad date) reads over HTTP as the documented error value
 * {@code {"error": "#DIV/0!" | "#ERROR", "reason"}} instead of null — in a page and a single read (a pull leaves it out: replicas compute their own) — while a
 * blank result stays null and a good one is its value; the page never fails.
 */
class FormulaErrorValuesTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(Map<String, Object> r) {
        return (Map<String, Object>) r.get("fields");
    }

    @Test
    @SuppressWarnings("unchecked")
    void failedFormulasReadAsErrorValuesWithTheirReason() {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Errors");
        String table = (String) api.createTable(app, "Sums", List.of(Map.of("name", "Item", "type", "text"),
                Map.of("name", "N", "type", "number", "config", Map.of("precision", 2)),
                Map.of("name", "M", "type", "number", "config", Map.of("precision", 0)))).get("id");
        String records = "/api/tables/" + table + "/records";
        for (String[] f : List.of(
                new String[]{"Ratio", "10 / {N}"},
                new String[]{"Day", "DATE(2024, {M}, 1)"},
                new String[]{"Blank", "IF({N} > 100, 1, BLANK())"})) {
            ApiClient.Response r = api.post("/api/tables/" + table + "/fields", Map.of("name", f[0], "type", "formula",
                    "config", Map.of("formula", f[1])));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("zero", api.post(records, Map.of("fields", Map.of("Item", "zero", "N", 0, "M", 13))).id());
        ids.put("two", api.post(records, Map.of("fields", Map.of("Item", "two", "N", 2, "M", 3))).id());

        ApiClient.Response page = api.get(records + "?limit=50");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Map<String, Map<String, Object>> byItem = new LinkedHashMap<>();
        for (Map<String, Object> r : page.data()) byItem.put((String) fields(r).get("Item"), fields(r));
        assertThat(byItem.get("zero").get("Ratio")).isEqualTo(Map.of("error", "#DIV/0!", "reason", "division by zero"));
        assertThat((Map<String, Object>) byItem.get("zero").get("Day")).containsEntry("error", "#ERROR")
                .hasEntrySatisfying("reason", r -> assertThat(r.toString()).contains("month"));
        assertThat(byItem.get("zero").get("Blank")).as("a blank result is no error").isNull();
        assertThat(new java.math.BigDecimal(byItem.get("two").get("Ratio").toString())).isEqualByComparingTo("5");
        assertThat(byItem.get("two").get("Day")).isEqualTo("2024-03-01");

        ApiClient.Response one = api.get(records + "/" + ids.get("zero"));
        assertThat(fields(one.map()).get("Ratio")).isEqualTo(Map.of("error", "#DIV/0!", "reason",
                "division by zero"));
        // a pull leaves it out: replicas store no computed values and compute their own marker
        ApiClient.Response pull = api.post("/api/sync/pull", Map.of("cursor", "0"));
        assertThat(pull.status()).as(pull.body()).isEqualTo(200);
        assertThat(pull.body()).doesNotContain("#DIV/0!");
    }
}
