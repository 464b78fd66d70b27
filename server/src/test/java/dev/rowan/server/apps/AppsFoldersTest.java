package dev.rowan.server.apps;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Physical;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class AppsFoldersTest {
    private static ApiClient api;

    @BeforeAll
    static void tenant() {
        api = TestServer.newTenant();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(ApiClient.Response r) {
        return (List<Map<String, Object>>) r.get("items");
    }

    @Test
    void appsCanBeCreatedListedReadReplacedPatchedAndDeleted() {
        ApiClient.Response created = api.post("/api/apps", Map.of("name", "  CRM  ", "description", "Customers",
                "icon", "users", "color", "#3366ff"));
        assertThat(created.status()).isEqualTo(201);
        String id = created.id();
        assertThat(created.map()).containsEntry("name", "CRM").containsEntry("description", "Customers")
                .containsEntry("icon", "users").containsEntry("color", "#3366ff").containsKeys("createdAt", "position");
        assertThat(api.get("/api/apps").data()).extracting(m -> m.get("id")).contains(id);
        assertThat(api.get("/api/apps/" + id).map()).containsEntry("name", "CRM");

        ApiClient.Response put = api.put("/api/apps/" + id, Map.of("name", "Sales", "description", "Deals"));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.map()).containsEntry("name", "Sales").containsEntry("description", "Deals");

        ApiClient.Response patch = api.patch("/api/apps/" + id, Map.of("color", "green"));
        assertThat(patch.status()).isEqualTo(200);
        assertThat(patch.map()).containsEntry("name", "Sales").containsEntry("color", "green")
                .containsEntry("icon", "users");
        Map<String, Object> nullDescription = new HashMap<>();
        nullDescription.put("description", null);
        assertThat(api.patch("/api/apps/" + id, nullDescription).map()).containsEntry("description", null)
                .containsEntry("name", "Sales");
        assertThat(Sql.rows("SELECT name, color FROM rowan.apps WHERE id = ?", id))
                .containsExactly(Map.of("name", "Sales", "color", "green"));

        assertThat(api.delete("/api/apps/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/apps/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/api/apps/" + id).status()).isEqualTo(404);
        assertThat(Sql.count("SELECT count(*) FROM rowan.apps WHERE id = ?", id)).isZero();
        assertThat(Sql.count("SELECT count(*) FROM rowan.change_log WHERE entity = 'app' AND entity_id = ?", id))
                .isEqualTo(5);
    }

    @Test
    void clientSuppliedAppIdIsKeptAndADuplicateIsAConflict() {
        String id = UUID.randomUUID().toString();
        assertThat(api.post("/api/apps", Map.of("id", id, "name", "Offline app")).id()).isEqualTo(id);
        ApiClient.Response again = api.post("/api/apps", Map.of("id", id, "name", "Other"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.isProblem()).isTrue();
        assertThat(Sql.value("SELECT name FROM rowan.apps WHERE id = ?", id)).isEqualTo("Offline app");
    }

    @Test
    void foldersNestThroughParentIdAndCanBeRenamedAndDeleted() {
        String app = api.createApp("Folders");
        ApiClient.Response top = api.post("/api/apps/" + app + "/folders", Map.of("name", "Top"));
        assertThat(top.status()).isEqualTo(201);
        assertThat(top.map()).containsEntry("appId", app).containsEntry("parentId", null);
        ApiClient.Response child = api.post("/api/apps/" + app + "/folders", Map.of("name", "Child",
                "parentId", top.id()));
        assertThat(child.map()).containsEntry("parentId", top.id());
        String grandchild = api.post("/api/apps/" + app + "/folders", Map.of("name", "Grandchild",
                "parentId", child.id())).id();

        assertThat(api.get("/api/apps/" + app + "/folders").data()).extracting(m -> m.get("name"))
                .containsExactlyInAnyOrder("Top", "Child", "Grandchild");
        ApiClient.Response topRead = api.get("/api/folders/" + top.id());
        assertThat(items(topRead)).extracting(m -> m.get("id"), m -> m.get("type"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(child.id(), "folder"));

        assertThat(api.patch("/api/folders/" + child.id(), Map.of("name", "Renamed")).map())
                .containsEntry("name", "Renamed").containsEntry("parentId", top.id());
        assertThat(api.put("/api/folders/" + child.id(), Map.of("name", "Renamed again", "parentId", top.id()))
                .map()).containsEntry("name", "Renamed again");

        // deleting a folder takes its subfolders with it
        assertThat(api.delete("/api/folders/" + top.id()).status()).isEqualTo(204);
        assertThat(api.get("/api/folders/" + top.id()).status()).isEqualTo(404);
        assertThat(Sql.count("SELECT count(*) FROM rowan.folders WHERE id IN (?, ?, ?)", top.id(), child.id(),
                grandchild)).isZero();
    }

    @Test
    void aFolderCannotMoveIntoItselfOrItsDescendants() {
        String app = api.createApp("Cycles");
        String a = api.post("/api/apps/" + app + "/folders", Map.of("name", "A")).id();
        String b = api.post("/api/apps/" + app + "/folders", Map.of("name", "B", "parentId", a)).id();
        String c = api.post("/api/apps/" + app + "/folders", Map.of("name", "C", "parentId", b)).id();
        long changes = Sql.changes(api.companyId);

        for (ApiClient.Response r : List.of(
                api.patch("/api/folders/" + a, Map.of("parentId", a)),
                api.patch("/api/folders/" + a, Map.of("parentId", c)),
                api.put("/api/folders/" + a, Map.of("name", "A", "parentId", b)),
                api.post("/api/folders/" + c + "/items", Map.of("type", "folder", "id", a)))) {
            assertThat(r.status()).as(r.body()).isEqualTo(422);
            assertThat(r.isProblem()).isTrue();
            assertThat((String) r.get("detail")).contains("itself or its own subfolder");
        }
        assertThat(Sql.value("SELECT parent_id FROM rowan.folders WHERE id = ?", a)).isNull();
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes);
        // moving the other way round is fine
        assertThat(api.patch("/api/folders/" + c, Map.of("parentId", a)).status()).isEqualTo(200);
    }

    @Test
    void aParentFolderOfAnotherAppIsRejected() {
        String app1 = api.createApp("One");
        String app2 = api.createApp("Two");
        String folder1 = api.post("/api/apps/" + app1 + "/folders", Map.of("name", "F1")).id();
        ApiClient.Response r = api.post("/api/apps/" + app2 + "/folders", Map.of("name", "F2", "parentId", folder1));
        assertThat(r.status()).isEqualTo(422);
        assertThat(Sql.count("SELECT count(*) FROM rowan.folders WHERE app_id = ?", app2)).isZero();
    }

    @Test
    void folderItemsAreAddedReorderedAndRemoved() {
        String app = api.createApp("Items");
        String folder = api.post("/api/apps/" + app + "/folders", Map.of("name", "Box")).id();
        String sub = api.post("/api/apps/" + app + "/folders", Map.of("name", "Sub")).id();
        String t1 = (String) api.createTable(app, "T1", List.of()).get("id");
        String t2 = (String) api.createTable(app, "T2", List.of()).get("id");

        ApiClient.Response added = api.post("/api/folders/" + folder + "/items", Map.of("type", "table", "id", t1));
        assertThat(added.status()).isEqualTo(201);
        api.post("/api/folders/" + folder + "/items", Map.of("type", "table", "id", t2));
        api.post("/api/folders/" + folder + "/items", Map.of("type", "folder", "id", sub));
        assertThat(api.get("/api/folders/" + folder + "/items").data()).extracting(m -> m.get("id"))
                .containsExactly(t1, t2, sub);
        assertThat(Sql.value("SELECT folder_id::text FROM rowan.tables WHERE id = ?", t1)).isEqualTo(folder);
        assertThat(Sql.value("SELECT parent_id::text FROM rowan.folders WHERE id = ?", sub)).isEqualTo(folder);

        ApiClient.Response reordered = api.put("/api/folders/" + folder + "/items", Map.of("items", List.of(
                Map.of("type", "folder", "id", sub), Map.of("type", "table", "id", t2),
                Map.of("type", "table", "id", t1))));
        assertThat(reordered.status()).isEqualTo(200);
        assertThat(reordered.data()).extracting(m -> m.get("id")).containsExactly(sub, t2, t1);
        assertThat(api.get("/api/folders/" + folder + "/items").data()).extracting(m -> m.get("id"))
                .containsExactly(sub, t2, t1);

        assertThat(api.delete("/api/folders/" + folder + "/items/" + t2).status()).isEqualTo(204);
        assertThat(api.get("/api/folders/" + folder + "/items").data()).extracting(m -> m.get("id"))
                .containsExactly(sub, t1);
        assertThat(Sql.value("SELECT folder_id FROM rowan.tables WHERE id = ?", t2)).isNull();
        assertThat(api.delete("/api/folders/" + folder + "/items/" + t2).status()).isEqualTo(404);

        // deleting the folder moves its tables to the app's root; the tables live on
        assertThat(api.delete("/api/folders/" + folder).status()).isEqualTo(204);
        assertThat(Sql.value("SELECT folder_id FROM rowan.tables WHERE id = ?", t1)).isNull();
        assertThat(api.get("/api/tables/" + t1).status()).isEqualTo(200);
    }

    @Test
    void reorderRejectsDuplicatesAndItemsOfOtherAppsWithoutChangingAnything() {
        String app = api.createApp("Reorder");
        String other = api.createApp("Elsewhere");
        String folder = api.post("/api/apps/" + app + "/folders", Map.of("name", "Box")).id();
        String t1 = (String) api.createTable(app, "T1", List.of()).get("id");
        String foreign = (String) api.createTable(other, "Foreign", List.of()).get("id");
        api.post("/api/folders/" + folder + "/items", Map.of("type", "table", "id", t1));

        ApiClient.Response twice = api.put("/api/folders/" + folder + "/items", Map.of("items", List.of(
                Map.of("type", "table", "id", t1), Map.of("type", "table", "id", t1))));
        assertThat(twice.status()).isEqualTo(422);
        ApiClient.Response elsewhere = api.put("/api/folders/" + folder + "/items", Map.of("items", List.of(
                Map.of("type", "table", "id", t1), Map.of("type", "table", "id", foreign))));
        assertThat(elsewhere.status()).isEqualTo(422);
        assertThat(Sql.value("SELECT folder_id FROM rowan.tables WHERE id = ?", foreign)).isNull();
        assertThat(api.get("/api/folders/" + folder + "/items").data()).extracting(m -> m.get("id"))
                .containsExactly(t1);
    }

    @Test
    void deletingAnAppDropsItsPhysicalTablesAndMetadata() {
        String app = api.createApp("Doomed");
        String keep = api.createApp("Kept");
        Map<String, Object> t1 = api.createTable(app, "One", List.of(Map.of("name", "A", "type", "text")));
        Map<String, Object> t2 = api.createTable(app, "Two", List.of(Map.of("name", "B", "type", "number")));
        Map<String, Object> kept = api.createTable(keep, "Stays", List.of());
        api.post("/api/tables/" + t1.get("id") + "/records", Map.of("fields", Map.of("A", "x")));
        String schema = Physical.schema(t1);
        assertThat(Sql.tableExists(schema, Physical.table(t1))).isTrue();
        assertThat(Sql.tableExists(schema, Physical.table(t2))).isTrue();

        assertThat(api.delete("/api/apps/" + app).status()).isEqualTo(204);

        assertThat(Sql.tableExists(schema, Physical.table(t1))).isFalse();
        assertThat(Sql.tableExists(schema, Physical.table(t2))).isFalse();
        assertThat(Sql.count("SELECT count(*) FROM information_schema.tables WHERE table_name IN (?, ?)",
                Physical.table(t1), Physical.table(t2))).isZero();
        assertThat(Sql.count("SELECT count(*) FROM rowan.tables WHERE app_id = ?", app)).isZero();
        assertThat(Sql.count("SELECT count(*) FROM rowan.fields WHERE table_id IN (?, ?)", t1.get("id"), t2.get("id")))
                .isZero();
        assertThat(Sql.count("SELECT count(*) FROM rowan.views WHERE table_id IN (?, ?)", t1.get("id"), t2.get("id")))
                .isZero();
        assertThat(api.get("/api/tables/" + t1.get("id")).status()).isEqualTo(404);
        assertThat(api.get("/api/tables/" + t1.get("id") + "/records").status()).isEqualTo(404);
        assertThat(Sql.tableExists(schema, Physical.table(kept))).isTrue();
    }
}
