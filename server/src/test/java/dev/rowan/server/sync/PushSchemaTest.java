package dev.rowan.server.sync;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Physical;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pushed apps, folders, table updates and deletes, bulk record creates and field payloads in the API shape: each
 * applied through the same code as its REST route, journaled so other replicas pull it, and bad input rejected
 * per mutation without changing anything.
 */
class PushSchemaTest {

    private static SyncClient client(ApiClient api) {
        ApiClient own = new ApiClient(api.base());
        own.token(api.token());
        return new SyncClient(own);
    }

    /** Pushes one mutation and returns its result. */
    private static Map<String, Object> push1(SyncClient c, String op, String entity, UUID id, UUID parent,
                                             Map<String, Object> payload) {
        c.enqueue(op, entity, id, parent, payload);
        List<Map<String, Object>> res = c.push();
        assertThat(res).hasSize(1);
        return res.getFirst();
    }

    private static Map<String, Object> applied(Map<String, Object> r) {
        assertThat(r.get("status")).as(String.valueOf(r)).isEqualTo("applied");
        return r;
    }

    private static Map<String, Object> rejected(Map<String, Object> r, String reasonPart) {
        assertThat(r.get("status")).as(String.valueOf(r)).isEqualTo("rejected");
        assertThat((String) r.get("reason")).as(String.valueOf(r)).contains(reasonPart);
        return r;
    }

    private static long changeLog(ApiClient api) {
        return Sql.changes(api.companyId);
    }

    private static Map<String, Object> nullable(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> fields(Map<String, Object> table) {
        return (List<Map<String, Object>>) table.get("fields");
    }

    // ---------------------------------------------------------------- apps and folders

    @Test
    void appsAndFoldersPushedOfflineAreCreatedChangedAndDeletedAndOtherClientsPullThem() {
        ApiClient api = TestServer.newTenant();
        SyncClient one = client(api);
        SyncClient two = client(api);
        two.pull();
        UUID app = UUID.randomUUID();
        UUID folder = UUID.randomUUID();
        UUID sub = UUID.randomUUID();
        UUID table = UUID.randomUUID();
        UUID field = UUID.randomUUID();
        one.enqueue("CREATE", "APP", app, null, Map.of("name", "Offline app", "description", "made on a plane",
                "icon", "plane", "color", "blue"));
        one.enqueue("UPDATE", "APP", app, null, Map.of("name", "Renamed app", "position", 5));
        one.enqueue("CREATE", "FOLDER", folder, app, Map.of("name", "Box"));
        one.enqueue("CREATE", "FOLDER", sub, app, Map.of("name", "Inner", "parentFolderId", folder.toString()));
        one.enqueue("UPDATE", "FOLDER", folder, null, Map.of("name", "Big box", "position", 3));
        one.enqueue("CREATE", "TABLE", table, app, Map.of("name", "Things", "folderId", sub.toString(),
                "fields", List.of(Map.of("id", field.toString(), "name", "Title", "type", "text"))));
        one.enqueue("CREATE", "RECORD", UUID.randomUUID(), table, Map.of("fields", Map.of(field.toString(), "x")));
        List<Map<String, Object>> res = one.push();
        assertThat(res).extracting(r -> r.get("status")).containsOnly("applied").hasSize(7);

        assertThat(api.get("/api/apps/" + app).map()).containsEntry("name", "Renamed app")
                .containsEntry("description", "made on a plane").containsEntry("icon", "plane")
                .containsEntry("color", "blue").containsEntry("position", 5);
        assertThat(api.get("/api/folders/" + folder).map()).containsEntry("name", "Big box")
                .containsEntry("position", 3).containsEntry("appId", app.toString());
        assertThat(api.get("/api/folders/" + sub).map()).containsEntry("parentId", folder.toString());
        assertThat(Sql.rows("SELECT entity, op FROM rowan.change_log WHERE entity_id IN (?, ?, ?) ORDER BY seq",
                app, folder, sub)).extracting(m -> m.get("entity") + " " + m.get("op"))
                .containsExactly("app create", "app update", "folder create", "folder create", "folder update");
        assertThat(Sql.count("SELECT count(*) FROM rowan.audit_log WHERE company_id = ? AND action LIKE 'app.%'",
                api.companyId)).isEqualTo(2);

        two.pull();
        assertThat(two.apps).containsKey(app);
        assertThat(two.apps.get(app)).containsEntry("name", "Renamed app").containsEntry("position", 5);
        assertThat(two.folders.keySet()).containsExactlyInAnyOrder(folder, sub);
        assertThat(two.folders.get(folder)).containsEntry("name", "Big box").containsEntry("appId", app.toString());
        assertThat(two.folders.get(sub)).containsEntry("parentId", folder.toString());
        assertThat(two.tables.get(table)).containsEntry("folderId", sub.toString());

        // deleting the folder takes its subfolder; the table inside moves to the app's top level and lives on
        applied(push1(one, "DELETE", "FOLDER", folder, null, Map.of()));
        assertThat(Sql.count("SELECT count(*) FROM rowan.folders WHERE id IN (?, ?)", folder, sub)).isZero();
        assertThat(Sql.value("SELECT folder_id FROM rowan.tables WHERE id = ?", table)).isNull();
        two.pull();
        assertThat(two.folders).isEmpty();
        assertThat(two.tables.get(table)).containsEntry("folderId", null);
        assertThat(api.get("/api/tables/" + table + "/records/count").get("count")).isEqualTo(1);
        assertThat(push1(one, "DELETE", "FOLDER", folder, null, Map.of())).containsEntry("status", "applied")
                .containsEntry("note", "already deleted");

        // deleting the app drops its tables, as DELETE /api/apps/{id} does, and replicas get the tombstones
        String physical = (String) Sql.value("SELECT physical_name FROM rowan.tables WHERE id = ?", table);
        String schema = (String) Sql.value("SELECT schema_name FROM rowan.companies WHERE id = ?", api.companyId);
        assertThat(Sql.tableExists(schema, physical)).isTrue();
        Map<String, Object> del = one.enqueue("DELETE", "APP", app, null, Map.of());
        applied(one.push().getFirst());
        assertThat(api.get("/api/apps/" + app).status()).isEqualTo(404);
        assertThat(Sql.tableExists(schema, physical)).isFalse();
        assertThat(Sql.count("SELECT count(*) FROM rowan.tables WHERE id = ?", table)).isZero();
        two.pull();
        assertThat(two.apps).doesNotContainKey(app);
        assertThat(two.tables).doesNotContainKey(table);
        // a replay answers the stored result; a second delete finds nothing to do
        one.outbox.add(del);
        assertThat(one.push().getFirst()).containsEntry("status", "applied").containsEntry("replayed", true);
        assertThat(push1(one, "DELETE", "APP", app, null, Map.of())).containsEntry("status", "applied")
                .containsEntry("note", "already deleted");
    }

    @Test
    void badAppAndFolderMutationsAreRejectedOneByOneAndChangeNothing() {
        ApiClient api = TestServer.newTenant();
        SyncClient c = client(api);
        UUID app = UUID.fromString(api.createApp("Existing"));
        UUID folder = UUID.fromString((String) api.post("/api/apps/" + app + "/folders", Map.of("name", "F")).id());
        UUID child = UUID.fromString((String) api.post("/api/apps/" + app + "/folders",
                Map.of("name", "Child", "parentId", folder.toString())).id());
        UUID otherApp = UUID.fromString(api.createApp("Other"));
        UUID otherFolder = UUID.fromString((String) api.post("/api/apps/" + otherApp + "/folders",
                Map.of("name", "Elsewhere")).id());
        long log = changeLog(api);
        long apps = Sql.count("SELECT count(*) FROM rowan.apps WHERE company_id = ?", api.companyId);
        long folders = Sql.count("SELECT count(*) FROM rowan.folders WHERE company_id = ?", api.companyId);
        String tooLong = "x".repeat(101);
        UUID unknown = UUID.randomUUID();

        c.enqueue("CREATE", "FOLDER", UUID.randomUUID(), unknown, Map.of("name", "Orphan"));
        c.enqueue("CREATE", "FOLDER", UUID.randomUUID(), null, Map.of("name", "No app"));
        c.enqueue("CREATE", "FOLDER", UUID.randomUUID(), app, Map.of("name", "Bad parent", "parentFolderId", "nope"));
        c.enqueue("CREATE", "FOLDER", UUID.randomUUID(), app, Map.of("name", "Foreign parent",
                "parentFolderId", otherFolder.toString()));
        c.enqueue("CREATE", "FOLDER", folder, app, Map.of("name", "Same id"));
        c.enqueue("CREATE", "FOLDER", UUID.randomUUID(), app, Map.of("name", " "));
        c.enqueue("UPDATE", "FOLDER", folder, null, Map.of("parentFolderId", child.toString()));
        c.enqueue("UPDATE", "FOLDER", unknown, null, Map.of("name", "Ghost"));
        c.enqueue("UPDATE", "FOLDER", folder, null, Map.of("position", "first"));
        c.enqueue("CREATE", "APP", UUID.randomUUID(), null, Map.of("name", tooLong));
        c.enqueue("CREATE", "APP", UUID.randomUUID(), null, Map.of("name", "Extra", "owner", "me"));
        c.enqueue("CREATE", "APP", app, null, Map.of("name", "Same id"));
        c.enqueue("CREATE", "APP", UUID.randomUUID(), null, Map.of("description", "no name"));
        c.enqueue("UPDATE", "APP", unknown, null, Map.of("name", "Ghost"));
        c.enqueue("UPDATE", "APP", app, null, Map.of());
        c.enqueue("UPDATE", "APP", app, null, Map.of("name", tooLong));
        c.enqueue("DELETE", "APP", app, null, Map.of("cascade", true));
        List<Map<String, Object>> res = c.push();
        assertThat(res).hasSize(17);
        rejected(res.get(0), "No app " + unknown);
        rejected(res.get(1), "names its app in parentId");
        rejected(res.get(2), "parentFolderId must be a UUID");
        rejected(res.get(3), "belongs to another app");
        rejected(res.get(4), "already in use");
        rejected(res.get(5), "must not be blank");
        rejected(res.get(6), "itself or its own subfolder");
        rejected(res.get(7), "No folder " + unknown);
        rejected(res.get(8), "position must be a whole number");
        rejected(res.get(9), "at most 100 characters");
        rejected(res.get(10), "Unknown properties");
        rejected(res.get(11), "already in use");
        rejected(res.get(12), "App name is required");
        rejected(res.get(13), "No app " + unknown);
        rejected(res.get(14), "at least one of");
        rejected(res.get(15), "at most 100 characters");
        rejected(res.get(16), "Unknown properties");

        assertThat(changeLog(api)).isEqualTo(log);
        assertThat(Sql.count("SELECT count(*) FROM rowan.apps WHERE company_id = ?", api.companyId)).isEqualTo(apps);
        assertThat(Sql.count("SELECT count(*) FROM rowan.folders WHERE company_id = ?", api.companyId))
                .isEqualTo(folders);
        assertThat(api.get("/api/apps/" + app).map()).containsEntry("name", "Existing");
        assertThat(api.get("/api/folders/" + folder).map()).containsEntry("parentId", null).containsEntry("name", "F");
        // the rejections come back through pull for a client that lost the answer
        c.pull();
        assertThat(c.pulledResults).hasSize(17).allSatisfy(r -> assertThat(r).containsEntry("status", "rejected"));

        // a malformed envelope refuses the whole push
        var bad = c.api.post("/api/sync/push", Map.of("clientId", c.clientId.toString(), "mutations", List.of(
                Map.of("mutationId", UUID.randomUUID().toString(), "op", "CREATE", "entity", "APP",
                        "entityId", "not-a-uuid", "payload", Map.of("name", "A")))));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.isProblem()).isTrue();
        assertThat(bad.body()).contains("mutations[0].entityId");
        assertThat(changeLog(api)).isEqualTo(log);
    }

    // ---------------------------------------------------------------- tables

    @Test
    void tableUpdatesRenameMoveReorderFieldsAndDeleteLikeTheRestRoutes() {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Tables");
        Map<String, Object> t = api.createTable(app, "Orders", List.of(Map.of("name", "A", "type", "text"),
                Map.of("name", "B", "type", "text"), Map.of("name", "C", "type", "text")));
        api.createTable(app, "Taken", List.of());
        UUID id = UUID.fromString((String) t.get("id"));
        String folder = api.post("/api/apps/" + app + "/folders", Map.of("name", "Box")).id();
        UUID a = UUID.fromString(ApiClient.fieldId(t, "A"));
        UUID b = UUID.fromString(ApiClient.fieldId(t, "B"));
        UUID c = UUID.fromString(ApiClient.fieldId(t, "C"));
        SyncClient one = client(api);
        SyncClient two = client(api);
        two.pull();

        Map<String, Object> renamed = applied(push1(one, "UPDATE", "TABLE", id, null, Map.of("name", "taken")));
        assertThat(renamed).containsEntry("renamedTo", "taken (2)");
        assertThat((String) renamed.get("note")).contains("was taken meanwhile");
        applied(push1(one, "UPDATE", "TABLE", id, null, Map.of("folderId", folder, "position", 7)));
        assertThat(api.get("/api/tables/" + id).map()).containsEntry("name", "taken (2)")
                .containsEntry("folderId", folder).containsEntry("position", 7);
        applied(push1(one, "UPDATE", "TABLE", id, null, nullable("folderId", null)));
        assertThat(api.get("/api/tables/" + id).map()).containsEntry("folderId", null).containsEntry("position", 7);

        UUID gone = UUID.randomUUID();
        Map<String, Object> reordered = applied(push1(one, "UPDATE", "TABLE", id, null,
                Map.of("fieldOrder", List.of(c.toString(), gone.toString(), a.toString()))));
        assertThat(reordered.get("skippedFieldIds")).isEqualTo(List.of(gone.toString()));
        assertThat(fields(api.get("/api/tables/" + id).map())).extracting(f -> f.get("name"))
                .containsExactly("C", "A", "B");
        assertThat(Sql.rows("SELECT op FROM rowan.change_log WHERE entity = 'table' AND entity_id = ? ORDER BY seq",
                id)).extracting(m -> m.get("op")).containsExactly("create", "update", "update", "update", "update");

        two.pull();
        assertThat(two.tables.get(id)).containsEntry("name", "taken (2)").containsEntry("folderId", null);
        assertThat(fields(two.tables.get(id))).extracting(f -> f.get("id"))
                .containsExactly(c.toString(), a.toString(), b.toString());

        // bad updates: rejected with the reason, nothing changes
        String otherApp = api.createApp("Other");
        String foreignFolder = api.post("/api/apps/" + otherApp + "/folders", Map.of("name", "Theirs")).id();
        long log = changeLog(api);
        one.enqueue("UPDATE", "TABLE", id, null, Map.of("folderId", "nope"));
        one.enqueue("UPDATE", "TABLE", id, null, Map.of("folderId", foreignFolder));
        one.enqueue("UPDATE", "TABLE", id, null, Map.of("folderId", UUID.randomUUID().toString()));
        one.enqueue("UPDATE", "TABLE", id, null, Map.of("name", "y".repeat(101)));
        one.enqueue("UPDATE", "TABLE", id, null, Map.of("fieldOrder", List.of(a.toString(), a.toString())));
        one.enqueue("UPDATE", "TABLE", id, null, Map.of("fieldOrder", List.of("first")));
        one.enqueue("UPDATE", "TABLE", id, null, Map.of("fieldOrder", a.toString()));
        one.enqueue("UPDATE", "TABLE", id, null, Map.of("colour", "red"));
        one.enqueue("UPDATE", "TABLE", id, null, Map.of());
        one.enqueue("UPDATE", "TABLE", UUID.randomUUID(), null, Map.of("name", "Ghost"));
        List<Map<String, Object>> res = one.push();
        rejected(res.get(0), "folderId must be a UUID");
        rejected(res.get(1), "belongs to another app");
        rejected(res.get(2), "No folder");
        rejected(res.get(3), "at most 100 characters");
        rejected(res.get(4), "listed twice");
        rejected(res.get(5), "payload.fieldOrder[0] must be a UUID");
        rejected(res.get(6), "fieldOrder must be a list");
        rejected(res.get(7), "Unknown properties");
        rejected(res.get(8), "at least one of");
        rejected(res.get(9), "No table");
        assertThat(changeLog(api)).isEqualTo(log);
        assertThat(api.get("/api/tables/" + id).map()).containsEntry("name", "taken (2)").containsEntry("folderId", null);
        assertThat(fields(api.get("/api/tables/" + id).map())).extracting(f -> f.get("name"))
                .containsExactly("C", "A", "B");

        // delete drops the physical table; a replay answers the stored result; a later delete finds nothing
        String schema = Physical.schema(t);
        String physical = Physical.table(t);
        api.post("/api/tables/" + id + "/records", Map.of("fields", Map.of("A", "row")));
        Map<String, Object> del = one.enqueue("DELETE", "TABLE", id, UUID.fromString(app), Map.of());
        applied(one.push().getFirst());
        assertThat(Sql.tableExists(schema, physical)).isFalse();
        assertThat(api.get("/api/tables/" + id).status()).isEqualTo(404);
        one.outbox.add(del);
        assertThat(one.push().getFirst()).containsEntry("replayed", true).containsEntry("status", "applied");
        assertThat(push1(one, "DELETE", "TABLE", id, null, Map.of())).containsEntry("status", "applied")
                .containsEntry("note", "already deleted");
        two.pull();
        assertThat(two.tables).doesNotContainKey(id);
        assertThat(two.records).isEmpty();
    }

    // ---------------------------------------------------------------- bulk record create

    @Test
    void aBulkRecordCreateInsertsEveryValidRowSkipsTheOthersAndReplaysWithoutDuplicates() {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Bulk");
        Map<String, Object> t = api.createTable(app, "Rows", List.of(Map.of("name", "Title", "type", "text",
                "required", true), Map.of("name", "Qty", "type", "number"), Map.of("name", "Code", "type", "text",
                "unique", true)));
        UUID table = UUID.fromString((String) t.get("id"));
        String title = ApiClient.fieldId(t, "Title");
        String qty = ApiClient.fieldId(t, "Qty");
        String code = ApiClient.fieldId(t, "Code");
        UUID existing = UUID.fromString(api.post("/api/tables/" + table + "/records",
                Map.of("fields", Map.of("Title", "already here", "Code", "taken"))).id());
        SyncClient one = client(api);
        SyncClient two = client(api);
        two.pull();
        long logBefore = Sql.count("SELECT count(*) FROM " + Sql.RECORD_LOG + " l WHERE company_id = ? "
                + "AND entity = 'record'", api.companyId);

        List<Map<String, Object>> rows = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            rows.add(Map.of("id", id.toString(), "fields", Map.of(title, "row " + i, qty, i, code, "c" + i)));
        }
        // five bad rows: not a number, no title, a unique value taken, an id taken, an unknown field; one without id
        rows.set(10, Map.of("id", ids.get(10).toString(), "fields", Map.of(title, "bad", qty, "many")));
        rows.set(20, Map.of("id", ids.get(20).toString(), "fields", Map.of(qty, 1)));
        rows.set(30, Map.of("id", ids.get(30).toString(), "fields", Map.of(title, "dup", code, "taken")));
        rows.set(40, Map.of("id", existing.toString(), "fields", Map.of(title, "same id")));
        rows.set(50, Map.of("id", ids.get(50).toString(), "fields", Map.of("Nope", "x", title, "t")));
        rows.set(60, Map.of("fields", Map.of(title, "no id")));
        UUID edited = ids.get(4999);
        one.enqueue("CREATE", "RECORD", ids.getFirst(), table, Map.of("records", rows));
        // the same client edits one of its new rows right away, based on the version it had (none): not a conflict
        one.enqueue("UPDATE", "RECORD", edited, table, Map.of("fields", Map.of(title, "edited"), "baseVersion", 0,
                "base", Map.of(title, "row 4999")));
        Map<String, Object> body = Map.of("clientId", one.clientId.toString(), "mutations", List.copyOf(one.outbox));
        List<Map<String, Object>> res = one.push();
        Map<String, Object> bulk = applied(res.get(0));
        assertThat(bulk).containsEntry("created", 4994);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> skipped = (List<Map<String, Object>>) bulk.get("rejectedRecords");
        assertThat(skipped).extracting(r -> r.get("index")).containsExactly(10, 20, 30, 40, 50, 60);
        assertThat(skipped).extracting(r -> r.get("id")).containsExactly(ids.get(10).toString(),
                ids.get(20).toString(), ids.get(30).toString(), existing.toString(), ids.get(50).toString(), null);
        assertThat((String) skipped.get(0).get("reason")).contains("records[10].fields." + qty);
        assertThat((String) skipped.get(1).get("reason")).contains("Title is required");
        assertThat((String) skipped.get(2).get("reason")).contains("Code");
        assertThat((String) skipped.get(4).get("reason")).contains("Unknown field 'Nope'");
        assertThat((String) skipped.get(5).get("reason")).contains("id is required");
        assertThat(res.get(1)).containsEntry("status", "applied");

        var count = api.get("/api/tables/" + table + "/records/count");
        assertThat(((Number) count.get("count")).intValue()).isEqualTo(4995);
        assertThat(api.get("/api/tables/" + table + "/records/" + existing).body()).contains("already here");
        assertThat(api.get("/api/tables/" + table + "/records/" + edited).body()).contains("edited");
        // one change per inserted row as a pull reads the log, each with its own sequence inside the mutation's
        // block (rows that broke a constraint made the loader redo the chunk row by row: rows of their own here)
        List<Map<String, Object>> inserts = Sql.rows("SELECT seq FROM " + Sql.RECORD_LOG + " l WHERE company_id = ? "
                + "AND entity = 'record' AND op = 'insert' AND seq BETWEEN ? AND ?", api.companyId, bulk.get("seq"),
                bulk.get("lastSeq"));
        assertThat(inserts).hasSize(4994);
        long logAfter = Sql.count("SELECT count(*) FROM " + Sql.RECORD_LOG + " l WHERE company_id = ? "
                + "AND entity = 'record'", api.companyId);
        assertThat(logAfter - logBefore).isEqualTo(4994 + 1);

        // another client pulls every new row
        assertThat(two.pull()).isEqualTo(4994);
        assertThat(two.records).hasSize(4995);
        assertThat(two.fields(edited)).containsEntry(title, "edited");

        // the push answer was lost: the replay inserts nothing and answers the stored results
        var replay = one.api.post("/api/sync/push", body);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> again = (List<Map<String, Object>>) replay.get("results");
        assertThat(again).allSatisfy(r -> assertThat(r).containsEntry("replayed", true));
        assertThat(again.getFirst()).containsEntry("created", 4994);
        assertThat(Sql.count("SELECT count(*) FROM " + Sql.RECORD_LOG + " l WHERE company_id = ? "
                + "AND entity = 'record'", api.companyId)).isEqualTo(logAfter);
        assertThat(((Number) api.get("/api/tables/" + table + "/records/count").get("count")).intValue())
                .isEqualTo(4995);

        // a later push of this client edits another of its rows from version 0: still its own row, no conflict;
        // another client editing from version 0 meets the insert it did not make and the field conflicts
        assertThat(push1(one, "UPDATE", "RECORD", ids.get(1), table, Map.of("fields", Map.of(title, "mine"),
                "baseVersion", 0))).containsEntry("status", "applied");
        SyncClient three = client(api);
        assertThat(push1(three, "UPDATE", "RECORD", ids.get(2), table, Map.of("fields", Map.of(title, "theirs"),
                "baseVersion", 0))).containsEntry("status", "conflict");
    }

    @Test
    void aBulkCreateWithNoValidRowIsRejectedAndMalformedBulksChangeNothing() {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Bulk bad");
        Map<String, Object> t = api.createTable(app, "Rows", List.of(Map.of("name", "Qty", "type", "number")));
        UUID table = UUID.fromString((String) t.get("id"));
        String qty = ApiClient.fieldId(t, "Qty");
        SyncClient c = client(api);
        long log = changeLog(api);
        UUID first = UUID.randomUUID();
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 5001; i++) tooMany.add(Map.of("id", (i == 0 ? first : UUID.randomUUID()).toString(),
                "fields", Map.of(qty, i)));
        c.enqueue("CREATE", "RECORD", first, table, Map.of("records", List.of(
                Map.of("id", first.toString(), "fields", Map.of(qty, "one")),
                Map.of("id", UUID.randomUUID().toString(), "fields", Map.of(qty, "two")))));
        c.enqueue("CREATE", "RECORD", first, table, Map.of("records", tooMany));
        c.enqueue("CREATE", "RECORD", first, table, Map.of("records", List.of()));
        c.enqueue("CREATE", "RECORD", first, table, Map.of("records", "all of them"));
        c.enqueue("CREATE", "RECORD", UUID.randomUUID(), table, Map.of("records", List.of(
                Map.of("id", first.toString(), "fields", Map.of(qty, 1)))));
        c.enqueue("CREATE", "RECORD", first, table, Map.of("records", List.of(
                Map.of("id", first.toString(), "fields", Map.of(qty, 1))), "fields", Map.of()));
        c.enqueue("CREATE", "RECORD", first, UUID.randomUUID(), Map.of("records", List.of(
                Map.of("id", first.toString(), "fields", Map.of(qty, 1)))));
        List<Map<String, Object>> res = c.push();
        Map<String, Object> none = rejected(res.get(0), "None of the 2 records");
        assertThat(none).containsEntry("created", 0);
        assertThat((List<?>) none.get("rejectedRecords")).hasSize(2);
        rejected(res.get(1), "at most 5000");
        rejected(res.get(2), "non-empty list");
        rejected(res.get(3), "non-empty list");
        rejected(res.get(4), "id of its first record");
        rejected(res.get(5), "Unknown properties");
        rejected(res.get(6), "No table");
        assertThat(changeLog(api)).isEqualTo(log);
        assertThat(((Number) api.get("/api/tables/" + table + "/records/count").get("count")).intValue()).isZero();
    }

    // ---------------------------------------------------------------- record writes of one unit

    @Test
    void recordWritesOfOneUnitSeeEachOtherAndAreJournaledAndAudited() {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Unit");
        Map<String, Object> t = api.createTable(app, "Rows", List.of(Map.of("name", "Title", "type", "text"),
                Map.of("name", "Qty", "type", "number")));
        UUID table = UUID.fromString((String) t.get("id"));
        String title = ApiClient.fieldId(t, "Title");
        String qty = ApiClient.fieldId(t, "Qty");
        List<UUID> r = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            r.add(UUID.fromString(api.post("/api/tables/" + table + "/records", Map.of("fields",
                    Map.of("Title", "r" + i, "Qty", i))).id()));
        }
        SyncClient one = client(api);
        one.pull();
        SyncClient two = client(api);
        two.pull();
        long lastSeq = Sql.count("SELECT max(seq) FROM rowan.change_log WHERE company_id = ?", api.companyId);
        long audits = Sql.count("SELECT count(*) FROM rowan.audit_log WHERE company_id = ? AND action LIKE 'record.%'",
                api.companyId);
        UUID created = UUID.randomUUID();
        one.edit(table, r.get(0), Map.of(title, "a"));
        one.edit(table, r.get(0), Map.of(qty, 5));
        one.enqueue("DELETE", "RECORD", r.get(1), table, Map.of());
        one.enqueue("UPDATE", "RECORD", r.get(1), table, Map.of("fields", Map.of(title, "too late"),
                "baseVersion", one.records.get(r.get(1)).get("rowVersion")));
        one.create(table, created, Map.of(title, "new"));
        one.enqueue("UPDATE", "RECORD", created, table, Map.of("fields", Map.of(title, "new, edited")));
        one.enqueue("UPDATE", "RECORD", r.get(2), table, Map.of("fields", Map.of(qty, "not a number")));
        one.enqueue("UPDATE", "RECORD", r.get(3), UUID.randomUUID(), Map.of("fields", Map.of(title, "x")));
        one.edit(table, r.get(3), Map.of(title, "d"));
        one.enqueue("DELETE", "RECORD", UUID.randomUUID(), table, Map.of());
        List<Map<String, Object>> res = one.push();
        assertThat(res).extracting(x -> x.get("status")).containsExactly("applied", "applied", "applied",
                "conflict", "applied", "applied", "rejected", "rejected", "applied", "applied");
        assertThat(res.get(3)).containsEntry("kind", "deleted");
        rejected(res.get(7), "No table");
        assertThat(res.get(9)).containsEntry("note", "already deleted");

        // one change-log row per write, in push order, and an audit row each
        assertThat(Sql.rows("SELECT op, entity_id::text AS id FROM rowan.change_log WHERE company_id = ? AND seq > ? "
                + "ORDER BY seq", api.companyId, lastSeq)).extracting(x -> x.get("op") + " " + x.get("id"))
                .containsExactly("update " + r.get(0), "update " + r.get(0), "delete " + r.get(1),
                        "insert " + created, "update " + created, "update " + r.get(3));
        assertThat(Sql.count("SELECT count(*) FROM rowan.audit_log WHERE company_id = ? AND action LIKE 'record.%'",
                api.companyId) - audits).isEqualTo(6);
        two.pull();
        assertThat(two.fields(r.get(0))).containsEntry(title, "a").containsEntry(qty, 5);
        assertThat(two.records).doesNotContainKey(r.get(1)).containsKey(created);
        assertThat(two.fields(created)).containsEntry(title, "new, edited");
        assertThat(two.fields(r.get(2))).containsEntry(qty, 2);
        assertThat(two.fields(r.get(3))).containsEntry(title, "d");
    }

    // ---------------------------------------------------------------- fields in the API shape

    private static final List<String> SHAPE = List.of("id", "name", "type", "config", "required", "unique",
            "indexed", "defaultValue", "validation", "description");

    /** A field as the API shows it, cut to the shape the desktop sends. */
    private static Map<String, Object> shape(Map<String, Object> apiField) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : SHAPE) m.put(k, apiField.get(k));
        return m;
    }

    @Test
    void fieldCreateAcceptsTheApiFieldShapeOfEveryType() {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Shapes");
        List<Map<String, Object>> specs = List.of(
                nullable("name", "Text", "type", "text", "defaultValue", "hello", "validation",
                        Map.of("minLength", 1, "maxLength", 20, "pattern", "^[a-z]+$"), "description", "a text"),
                nullable("name", "Long", "type", "long_text"),
                nullable("name", "Number", "type", "number", "config", Map.of("precision", 2), "defaultValue", 1.5,
                        "validation", Map.of("min", 0, "max", 100), "required", true, "indexed", true),
                nullable("name", "Money", "type", "currency", "config", Map.of("currencyCode", "EUR")),
                nullable("name", "Share", "type", "percent", "config", Map.of("precision", 1)),
                nullable("name", "Day", "type", "date", "defaultValue", "2026-03-01"),
                nullable("name", "When", "type", "date", "config", Map.of("includeTime", true)),
                nullable("name", "Pick", "type", "single_select", "config", Map.of("options", List.of(
                        Map.of("label", "Red", "color", "red"), Map.of("label", "Blue", "color", "#3366ff"))),
                        "defaultValue", "Red"),
                nullable("name", "Tags", "type", "multiple_select", "options", List.of("a", "b")),
                nullable("name", "Done", "type", "boolean", "defaultValue", false),
                nullable("name", "Site", "type", "url"),
                nullable("name", "Mail", "type", "email", "unique", true),
                nullable("name", "Tel", "type", "phone"),
                nullable("name", "Data", "type", "json"));
        Map<String, Object> source = api.createTable(app, "Source", specs);
        Map<String, Object> target = api.createTable(app, "Target", List.of());
        UUID targetId = UUID.fromString((String) target.get("id"));
        SyncClient c = client(api);
        List<Map<String, Object>> sent = new ArrayList<>();
        for (Map<String, Object> f : fields(source)) {
            Map<String, Object> payload = shape(f);
            UUID id = UUID.randomUUID();
            payload.put("id", id.toString());
            sent.add(payload);
            c.enqueue("CREATE", "FIELD", id, targetId, payload);
        }
        List<Map<String, Object>> res = c.push();
        assertThat(res).hasSize(specs.size()).allSatisfy(PushSchemaTest::applied);

        List<Map<String, Object>> created = fields(api.get("/api/tables/" + targetId).map());
        assertThat(created).hasSize(specs.size());
        for (int i = 0; i < created.size(); i++) assertThat(shape(created.get(i))).isEqualTo(sent.get(i));
    }

    @Test
    void fieldUpdateAcceptsTheApiShapeWithABaseName() {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Shapes");
        Map<String, Object> t = api.createTable(app, "T", List.of(nullable("name", "Status", "type", "single_select",
                "options", List.of("Open", "Closed"), "defaultValue", "Open"), nullable("name", "Amount", "type",
                "number", "config", Map.of("precision", 1))));
        UUID table = UUID.fromString((String) t.get("id"));
        api.post("/api/tables/" + table + "/records", Map.of("fields", Map.of("Status", "Closed", "Amount", 2.5)));
        SyncClient c = client(api);
        Map<String, Object> status = fields(t).get(0);
        Map<String, Object> amount = fields(t).get(1);

        Map<String, Object> p1 = shape(status);
        p1.remove("id");
        p1.put("name", "State");
        p1.put("description", "where it is");
        p1.put("base", Map.of("name", "Status"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> options = new ArrayList<>((List<Map<String, Object>>) ((Map<String, Object>)
                status.get("config")).get("options"));
        options.add(Map.of("label", "Parked", "color", "gray"));
        p1.put("config", Map.of("options", options));
        Map<String, Object> p2 = shape(amount);
        p2.remove("id");
        p2.put("required", true);
        p2.put("validation", Map.of("min", 0));
        p2.put("base", Map.of("name", "Amount"));
        c.enqueue("UPDATE", "FIELD", UUID.fromString((String) status.get("id")), table, p1);
        c.enqueue("UPDATE", "FIELD", UUID.fromString((String) amount.get("id")), table, p2);
        assertThat(c.push()).allSatisfy(PushSchemaTest::applied);

        List<Map<String, Object>> now = fields(api.get("/api/tables/" + table).map());
        assertThat(now.get(0)).containsEntry("name", "State").containsEntry("description", "where it is")
                .containsEntry("defaultValue", "Open");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> nowOptions = (List<Map<String, Object>>) ((Map<String, Object>)
                now.get(0).get("config")).get("options");
        assertThat(nowOptions).extracting(o -> o.get("label")).containsExactly("Open", "Closed", "Parked");
        // option ids are kept, so existing values still read
        assertThat(nowOptions.subList(0, 2)).isEqualTo(options.subList(0, 2));
        assertThat(now.get(1)).containsEntry("required", true).containsEntry("validation", Map.of("min", 0));
        var rows = api.get("/api/tables/" + table + "/records").data();
        assertThat(rows.getFirst().get("fields").toString()).isEqualTo("{State=Closed, Amount=2.5}");
    }

    @Test
    void aFieldUpdateWithRemovedFalseRestoresARemovedField() {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Restore");
        Map<String, Object> t = api.createTable(app, "T", List.of(Map.of("name", "Title", "type", "text"),
                Map.of("name", "Notes", "type", "text"), Map.of("name", "Code", "type", "text")));
        UUID table = UUID.fromString((String) t.get("id"));
        UUID notes = UUID.fromString(ApiClient.fieldId(t, "Notes"));
        UUID code = UUID.fromString(ApiClient.fieldId(t, "Code"));
        api.post("/api/tables/" + table + "/records", Map.of("fields", Map.of("Title", "r", "Notes", "kept",
                "Code", "c1")));
        SyncClient one = client(api);
        SyncClient two = client(api);
        applied(push1(one, "DELETE", "FIELD", notes, table, Map.of()));
        two.pull();
        assertThat(fields(two.tables.get(table))).filteredOn(f -> f.get("id").equals(notes.toString()))
                .allSatisfy(f -> assertThat(f).containsEntry("removed", true));

        // an edit of a removed field without "removed": false stays a conflict
        assertThat(push1(one, "UPDATE", "FIELD", notes, table, Map.of("description", "x")))
                .containsEntry("status", "conflict").containsEntry("kind", "removed");
        Map<String, Object> restored = applied(push1(one, "UPDATE", "FIELD", notes, table,
                Map.of("removed", false, "description", "back again")));
        assertThat(restored).containsEntry("restored", true).doesNotContainKey("renamedTo");
        Map<String, Object> tableNow = api.get("/api/tables/" + table).map();
        assertThat(fields(tableNow)).extracting(f -> f.get("name")).containsExactly("Title", "Notes", "Code");
        assertThat(fields(tableNow).get(1)).containsEntry("description", "back again");
        assertThat(api.get("/api/tables/" + table + "/records").data().getFirst().get("fields").toString())
                .contains("Notes=kept");
        assertThat(Sql.rows("SELECT op FROM rowan.change_log WHERE entity = 'field' AND entity_id = ? ORDER BY seq",
                notes)).extracting(m -> m.get("op")).containsExactly("remove", "restore", "update");
        two.pull();
        assertThat(fields(two.tables.get(table))).filteredOn(f -> f.get("id").equals(notes.toString()))
                .singleElement().satisfies(f -> assertThat(f).doesNotContainKey("removed"));

        // restoring a field whose name was taken meanwhile restores it under a free name
        applied(push1(one, "DELETE", "FIELD", code, table, Map.of()));
        assertThat(api.post("/api/tables/" + table + "/fields", Map.of("name", "code", "type", "text")).status())
                .isEqualTo(201);
        Map<String, Object> clash = applied(push1(one, "UPDATE", "FIELD", code, table, Map.of("removed", false)));
        assertThat(clash).containsEntry("restored", true).containsEntry("renamedTo", "Code (2)");
        assertThat(fields(api.get("/api/tables/" + table).map())).extracting(f -> f.get("name"))
                .containsExactly("Title", "Notes", "Code (2)", "code");
        assertThat(api.get("/api/tables/" + table + "/records").data().getFirst().get("fields").toString())
                .contains("Code (2)=c1");

        // "removed": false on a visible field is a plain update; anything but false is refused
        applied(push1(one, "UPDATE", "FIELD", notes, table, Map.of("removed", false, "name", "Remarks")));
        long log = changeLog(api);
        rejected(push1(one, "UPDATE", "FIELD", notes, table, Map.of("removed", true)), "FIELD DELETE");
        rejected(push1(one, "UPDATE", "FIELD", notes, table, Map.of("removed", "no")), "true or false");
        assertThat(changeLog(api)).isEqualTo(log);
        assertThat(fields(api.get("/api/tables/" + table).map())).extracting(f -> f.get("name"))
                .containsExactly("Title", "Remarks", "Code (2)", "code");
    }
}
