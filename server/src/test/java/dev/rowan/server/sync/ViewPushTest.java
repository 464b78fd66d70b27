package dev.rowan.server.sync;

import dev.rowan.model.json.JsonText;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GalleryConfig;
import dev.rowan.model.view.ViewConfig;
import dev.rowan.model.view.ViewKind;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Views through sync push and back: a new table's default views pass push validation, a hostile view config is
 * refused with paths and changes nothing, and a view stored as {@code card} before issue 9 reads as a gallery.
 */
class ViewPushTest {

    private record Fixture(ApiClient api, UUID tableId, Map<String, Object> table) {
    }

    private static Fixture table() {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Views " + UUID.randomUUID());
        Map<String, Object> t = api.createTable(app, "Tasks", List.of(
                Map.of("name", "Title", "type", "text", "required", true),
                Map.of("name", "Qty", "type", "number"),
                Map.of("name", "Due", "type", "date"),
                Map.of("name", "Status", "type", "single_select", "config", Map.of("options", List.of("Open", "Done"))),
                Map.of("name", "Tags", "type", "multiple_select", "config", Map.of("options", List.of("a", "b"))),
                Map.of("name", "Done", "type", "boolean"),
                Map.of("name", "Notes", "type", "long_text")));
        return new Fixture(api, UUID.fromString((String) t.get("id")), t);
    }

    private static SyncClient client(ApiClient api) {
        ApiClient own = new ApiClient(api.base());
        own.token(api.token());
        return new SyncClient(own);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> views(Fixture fx) {
        var r = fx.api().get("/api/tables/" + fx.tableId() + "/views");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.data();
    }

    private static String fieldId(Fixture fx, String name) {
        return ApiClient.fieldId(fx.table(), name);
    }

    @Test
    void aNewTablesDefaultViewsAllPassPushValidation() {
        Fixture fx = table();
        List<Map<String, Object>> views = views(fx);
        assertThat(views).extracting(v -> v.get("type")).containsExactly("grid", "form", "gallery");
        // stored kinds are ones push accepts (the old default was 'card', which push refused)
        assertThat(Sql.rows("SELECT kind FROM rowan.views WHERE table_id = ? ORDER BY position", fx.tableId()))
                .extracting(r -> r.get("kind")).containsExactly("grid", "form", "gallery");
        SyncClient c = client(fx.api());
        for (Map<String, Object> v : views) {
            c.enqueue("UPDATE", "VIEW", UUID.fromString((String) v.get("id")), fx.tableId(),
                    Map.of("name", v.get("name"), "type", v.get("type"), "config", v.get("config")));
        }
        List<Map<String, Object>> res = c.push();
        assertThat(res).as(res.toString()).extracting(r -> r.get("status")).containsOnly("applied").hasSize(3);
        // pushed back unchanged, they read back the same
        assertThat(views(fx)).extracting(v -> v.get("config")).isEqualTo(views.stream().map(v -> v.get("config")).toList());
        Map<String, Object> grid = views.getFirst();
        assertThat(JsonText.write(grid.get("config"))).contains(fieldId(fx, "Title"), fieldId(fx, "Notes"));
    }

    @Test
    void aHostileViewConfigIsRefusedWithPathsAndChangesNothing() {
        Fixture fx = table();
        String before = JsonText.write(Sql.rows("SELECT id, name, kind, config::text AS c FROM rowan.views "
                + "WHERE table_id = ? ORDER BY id", fx.tableId()).toString());
        UUID company = fx.api().companyId;
        long changes = Sql.changes(company);
        UUID gridId = UUID.fromString((String) views(fx).getFirst().get("id"));
        SyncClient c = client(fx.api());
        String unknown = UUID.randomUUID().toString();
        c.enqueue("UPDATE", "VIEW", gridId, fx.tableId(), Map.of("name", "Grid", "type", "grid", "config",
                Map.of("query", Map.of("sorts", List.of(Map.of("fieldId", unknown)),
                        "filter", Map.of("field", fieldId(fx, "Status"), "operator", "gt", "value", "'; DROP TABLE x;--")),
                        "widths", Map.of(fieldId(fx, "Title"), 1e9), "onLoad", "alert(1)")));
        c.enqueue("CREATE", "VIEW", UUID.randomUUID(), fx.tableId(), Map.of("name", "Bad", "type", "spreadsheet",
                "config", Map.of()));
        c.enqueue("CREATE", "VIEW", UUID.randomUUID(), fx.tableId(), Map.of("name", "Old", "type", "card",
                "config", Map.of()));
        c.enqueue("CREATE", "VIEW", UUID.randomUUID(), fx.tableId(), Map.of("name", "List", "type", "grid",
                "config", List.of(1, 2)));
        List<Map<String, Object>> res = c.push();
        assertThat(res).extracting(r -> r.get("status")).containsOnly("rejected").hasSize(4);
        assertThat(res).extracting(r -> r.get("type")).containsOnly("validation");
        assertThat(paths(res.get(0))).contains("config.query.sorts[0].fieldId", "config.query.filter",
                "config.widths." + fieldId(fx, "Title"), "config.onLoad");
        assertThat(paths(res.get(1))).containsExactly("type");
        assertThat(paths(res.get(2))).containsExactly("type");
        assertThat(paths(res.get(3))).containsExactly("config");
        assertThat(res).allSatisfy(r -> assertThat((String) r.get("reason")).doesNotContain("dt_", "rowan.views",
                "Exception"));
        assertThat(JsonText.write(Sql.rows("SELECT id, name, kind, config::text AS c FROM rowan.views "
                + "WHERE table_id = ? ORDER BY id", fx.tableId()).toString())).isEqualTo(before);
        assertThat(Sql.changes(company)).isEqualTo(changes);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> paths(Map<String, Object> result) {
        return ((List<Map<String, Object>>) result.get("errors")).stream().map(e -> e.get("field")).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aViewStoredAsCardBeforeIssue9ReadsAsAGallery() {
        Fixture fx = table();
        UUID cardId = UUID.randomUUID();
        String title = fieldId(fx, "Title");
        String qty = fieldId(fx, "Qty");
        String old = "{\"type\":\"card\",\"titleField\":\"" + title + "\",\"subtitleField\":\"" + qty
                + "\",\"fields\":[\"" + title + "\",\"" + qty + "\"],\"layout\":\"grid\"}";
        Sql.rows("INSERT INTO rowan.views (id, table_id, name, kind, config, position) VALUES (?, ?, 'Cards', 'card', "
                + "CAST(? AS jsonb), 9) RETURNING id", cardId, fx.tableId(), old);

        Map<String, Object> card = views(fx).stream().filter(v -> v.get("id").equals(cardId.toString())).findFirst()
                .orElseThrow();
        assertThat(card).containsEntry("type", "gallery");
        Map<String, Object> config = (Map<String, Object>) card.get("config");
        assertThat(config).containsEntry("type", "gallery").containsEntry("titleField", title)
                .containsEntry("subtitleField", qty).doesNotContainKey("layout");
        assertThat((Map<String, Object>) config.get("query")).containsEntry("fields", List.of(title, qty));

        // the table a client pulls carries it the same way
        SyncClient c = client(fx.api());
        c.pull();
        List<Map<String, Object>> pulled = (List<Map<String, Object>>) c.tables.get(fx.tableId()).get("views");
        assertThat(pulled).filteredOn(v -> v.get("id").equals(cardId.toString())).singleElement()
                .satisfies(v -> assertThat(v).containsEntry("type", "gallery").containsEntry("config", config));

        // and what a client sends back from it is accepted
        c.enqueue("UPDATE", "VIEW", cardId, fx.tableId(), Map.of("name", "Cards", "type", "gallery", "config", config));
        assertThat(c.push()).extracting(r -> r.get("status")).containsExactly("applied");
        assertThat(Sql.value("SELECT kind FROM rowan.views WHERE id = ?", cardId)).isEqualTo("gallery");
        assertThat(ViewConfig.parse("gallery", config, tableDef(fx))).isInstanceOf(GalleryConfig.class)
                .extracting(ViewConfig::kind).isEqualTo(ViewKind.GALLERY);
    }

    /** The table's definition as the API describes it, enough for shared-model's checks. */
    @SuppressWarnings("unchecked")
    private static TableDef tableDef(Fixture fx) {
        List<dev.rowan.model.schema.FieldDef> fields = ((List<Map<String, Object>>) fx.table().get("fields")).stream()
                .map(f -> dev.rowan.model.schema.FieldDef.of(UUID.fromString((String) f.get("id")),
                        (String) f.get("name"), dev.rowan.model.schema.FieldTypes.parse((String) f.get("type"),
                                (Map<String, Object>) f.getOrDefault("config", Map.of()), null)))
                .toList();
        return new TableDef(fx.tableId(), UUID.randomUUID(), "Tasks", "", "t", fields);
    }
}
