package dev.rowan.server.links;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Formulas that read lookups and rollups show their error value like any other formula (issue 12, h-fieldgaps):
 * a division by a rollup that is zero, or by the count of an empty lookup, reads as {@code {"error": "#DIV/0!"}}
 * in a page and a single read, while a good value stays its value and a blank result stays null.
 */
class LinkFormulaErrorValuesTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(Map<String, Object> r) {
        return (Map<String, Object>) r.get("fields");
    }

    private static void ok(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }

    @Test
    void formulasOverLookupsAndRollupsReadAsErrorValues() {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("LinkErrors");
        String projects = (String) api.createTable(app, "Projects", List.of(Map.of("name", "Name", "type", "text")))
                .get("id");
        String tasks = (String) api.createTable(app, "Tasks", List.of(Map.of("name", "Title", "type", "text"),
                Map.of("name", "Hours", "type", "number", "config", Map.of("precision", 2)))).get("id");
        String pf = "/api/tables/" + projects + "/fields";
        String pr = "/api/tables/" + projects + "/records";
        String tr = "/api/tables/" + tasks + "/records";
        ApiClient.Response link = api.post(pf, Map.of("name", "Tasks", "type", "link",
                "config", Map.of("tableId", tasks, "inverseName", "Project")));
        ok(link);
        String titleId = null;
        String hoursId = null;
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tf = (List<Map<String, Object>>) api.get("/api/tables/" + tasks).get("fields");
        for (Map<String, Object> f : tf) {
            if ("Title".equals(f.get("name"))) titleId = (String) f.get("id");
            if ("Hours".equals(f.get("name"))) hoursId = (String) f.get("id");
        }
        ok(api.post(pf, Map.of("name", "Titles", "type", "lookup",
                "config", Map.of("linkFieldId", link.id(), "targetFieldId", titleId))));
        ok(api.post(pf, Map.of("name", "Total", "type", "rollup",
                "config", Map.of("linkFieldId", link.id(), "targetFieldId", hoursId, "function", "sum"))));
        ok(api.post(pf, Map.of("name", "Per hour", "type", "formula", "config", Map.of("formula", "100 / {Total}"))));
        ok(api.post(pf, Map.of("name", "Per task", "type", "formula",
                "config", Map.of("formula", "100 / COUNTA({Titles})"))));
        ok(api.post(pf, Map.of("name", "Maybe", "type", "formula",
                "config", Map.of("formula", "IF({Total} > 100, {Total}, BLANK())"))));

        String zero = api.post(tr, Map.of("fields", Map.of("Title", "idle", "Hours", 0))).id();
        String four = api.post(tr, Map.of("fields", Map.of("Title", "busy", "Hours", 4))).id();
        String lazy = api.post(pr, Map.of("fields", Map.of("Name", "lazy", "Tasks", List.of(zero)))).id();
        api.post(pr, Map.of("fields", Map.of("Name", "good", "Tasks", List.of(four))));
        api.post(pr, Map.of("fields", Map.of("Name", "none")));

        ApiClient.Response page = api.get(pr + "?limit=50");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Map<String, Map<String, Object>> by = new LinkedHashMap<>();
        for (Map<String, Object> r : page.data()) by.put((String) fields(r).get("Name"), fields(r));
        Map<String, Object> div0 = Map.of("error", "#DIV/0!", "reason", "division by zero");
        assertThat(by.get("lazy").get("Per hour")).as(page.body()).isEqualTo(div0);
        assertThat(by.get("none").get("Per task")).as(page.body()).isEqualTo(div0);
        assertThat(new java.math.BigDecimal(by.get("good").get("Per hour").toString())).isEqualByComparingTo("25");
        assertThat(new java.math.BigDecimal(by.get("good").get("Per task").toString())).isEqualByComparingTo("100");
        assertThat(by.get("good").get("Maybe")).as("a blank result is no error").isNull();
        assertThat(by.get("lazy").get("Maybe")).isNull();

        ApiClient.Response one = api.get(pr + "/" + lazy);
        assertThat(fields(one.map()).get("Per hour")).isEqualTo(div0);
    }
}
