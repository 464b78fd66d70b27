package dev.rowan.desktop.sync;

import dev.rowan.desktop.sync.Replicas.Client;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.FieldValues;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Links made on the server reach two desktop replicas: their workspaces create the junction, pulls write the links
 * into it, and H2 computes the link, lookup and rollup values with the same values as the server (the REST read);
 * a later change on the server (from the inverse side too) and a deleted record follow.
 */
class LinkSyncTest {
    private static final String PASSWORD = "a long enough password";
    @TempDir
    Path dir;
    private final Replicas replicas = new Replicas();

    @AfterEach
    void close() throws Exception {
        replicas.close();
    }

    /** Values of every record of a table as the API shows them, by record id then field name. */
    private static Map<String, Map<String, @Nullable Object>> local(Client c, UUID tableId) {
        TableDef t = c.schema.table(tableId);
        Map<String, Map<String, @Nullable Object>> out = new HashMap<>();
        for (Row r : c.records.page(t, null, List.of(), null, 1000).rows()) {
            Map<String, @Nullable Object> v = new HashMap<>();
            for (FieldDef f : t.activeFields()) v.put(f.name(), FieldValues.toApi(f.type(), r.value(f.id())));
            out.put(r.id().toString(), v);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, @Nullable Object>> server(ApiClient api, String tableId) {
        Map<String, Map<String, @Nullable Object>> out = new HashMap<>();
        for (Map<String, Object> r : api.get("/api/tables/" + tableId + "/records?limit=1000").data()) {
            Map<String, @Nullable Object> v = new HashMap<>((Map<String, Object>) r.get("fields"));
            // numbers as the desktop's API form gives them
            v.replaceAll((k, x) -> x instanceof Number n ? new java.math.BigDecimal(n.toString()).stripTrailingZeros() : x);
            out.put((String) r.get("id"), v);
        }
        return out;
    }

    private static Map<String, Map<String, @Nullable Object>> normal(Map<String, Map<String, @Nullable Object>> m) {
        Map<String, Map<String, @Nullable Object>> out = new HashMap<>();
        m.forEach((id, v) -> {
            Map<String, @Nullable Object> n = new HashMap<>();
            v.forEach((k, x) -> n.put(k, x instanceof java.math.BigDecimal d ? d.stripTrailingZeros() : x));
            out.put(id, n);
        });
        return out;
    }

    @Test
    void linksLookupsAndRollupsReachTwoReplicasWithTheServersValues() throws Exception {
        String email = "links-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD);
        ApiClient api = new ApiClient(TestServer.baseUrl());
        api.login(email, PASSWORD);
        String app = api.createApp("Links");
        String projects = (String) api.createTable(app, "Projects", List.of(Map.of("name", "Name", "type", "text")))
                .get("id");
        String tasks = (String) api.createTable(app, "Tasks", List.of(Map.of("name", "Title", "type", "text"),
                Map.of("name", "Hours", "type", "number", "config", Map.of("precision", 2)))).get("id");
        String link = api.post("/api/tables/" + projects + "/fields", Map.of("name", "Tasks", "type", "link",
                "config", Map.of("tableId", tasks, "inverseName", "Project"))).id();
        String hours = ApiClient.fieldId(api.get("/api/tables/" + tasks).map(), "Hours");
        String title = ApiClient.fieldId(api.get("/api/tables/" + tasks).map(), "Title");
        assertThat(api.post("/api/tables/" + projects + "/fields", Map.of("name", "Total", "type", "rollup",
                "config", Map.of("linkFieldId", link, "targetFieldId", hours, "function", "sum"))).status())
                .isEqualTo(201);
        assertThat(api.post("/api/tables/" + projects + "/fields", Map.of("name", "Titles", "type", "lookup",
                "config", Map.of("linkFieldId", link, "targetFieldId", title))).status()).isEqualTo(201);
        String p1 = api.post("/api/tables/" + projects + "/records", Map.of("fields", Map.of("Name", "One"))).id();
        String p2 = api.post("/api/tables/" + projects + "/records", Map.of("fields", Map.of("Name", "Two"))).id();
        String t1 = api.post("/api/tables/" + tasks + "/records", Map.of("fields", Map.of("Title", "a", "Hours", 1.5))).id();
        String t2 = api.post("/api/tables/" + tasks + "/records", Map.of("fields", Map.of("Title", "b", "Hours", 2))).id();
        String t3 = api.post("/api/tables/" + tasks + "/records", Map.of("fields", Map.of("Title", "c", "Hours", 4))).id();
        assertThat(api.patch("/api/tables/" + projects + "/records/" + p1,
                Map.of("fields", Map.of("Tasks", List.of(t1, t2)))).status()).isEqualTo(200);

        Client a = replicas.open(dir.resolve("a"), email, PASSWORD);
        Client b = replicas.open(dir.resolve("b"), email, PASSWORD);
        for (Client c : List.of(a, b)) {
            c.engine.syncOnce();
            assertThat(normal(local(c, UUID.fromString(projects)))).isEqualTo(server(api, projects));
            assertThat(normal(local(c, UUID.fromString(tasks)))).isEqualTo(server(api, tasks));
        }
        assertThat(local(a, UUID.fromString(projects)).get(p1).get("Titles")).isEqualTo(List.of("a", "b"));

        // changes on the server, one from the inverse side, and a deleted record
        assertThat(api.patch("/api/tables/" + tasks + "/records/" + t3,
                Map.of("fields", Map.of("Project", List.of(p2)))).status()).isEqualTo(200);
        assertThat(api.patch("/api/tables/" + projects + "/records/" + p1,
                Map.of("fields", Map.of("Tasks", Map.of("add", List.of(t3))))).status()).isEqualTo(200);
        assertThat(api.delete("/api/tables/" + tasks + "/records/" + t1).status()).isIn(200, 204);
        for (Client c : List.of(a, b)) {
            c.engine.syncOnce();
            assertThat(normal(local(c, UUID.fromString(projects)))).isEqualTo(server(api, projects));
            assertThat(normal(local(c, UUID.fromString(tasks)))).isEqualTo(server(api, tasks));
            assertThat(c.engine.conflicts().open()).isEmpty();
        }
        assertThat(local(b, UUID.fromString(projects)).get(p1).get("Total").toString()).isEqualTo("6");
        assertThat(local(b, UUID.fromString(projects)).get(p2).get("Titles")).isEqualTo(List.of("c"));

        // a local edit on one replica goes out through its outbox and reaches the server and the other replica
        TableDef ta = a.schema.table(UUID.fromString(projects));
        a.records.setLinks(ta, UUID.fromString(p2), ta.field("Tasks").orElseThrow(),
                List.of(UUID.fromString(t2), UUID.fromString(t3)));
        assertThat(local(a, UUID.fromString(projects)).get(p2).get("Titles")).as("offline, from H2")
                .isEqualTo(List.of("b", "c"));
        a.engine.syncOnce();
        assertThat(a.engine.conflicts().open()).isEmpty();
        assertThat(dev.rowan.desktop.workspace.Outbox.size(a.ws)).isZero();
        assertThat(server(api, projects).get(p2).get("Titles")).isEqualTo(List.of("b", "c"));
        b.engine.syncOnce();
        assertThat(normal(local(b, UUID.fromString(projects)))).isEqualTo(server(api, projects));
        assertThat(normal(local(b, UUID.fromString(tasks)))).isEqualTo(server(api, tasks));
        // an unknown id is refused locally and nothing is queued
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.records.setLinks(ta, UUID.fromString(p2),
                ta.field("Tasks").orElseThrow(), List.of(UUID.randomUUID()))).hasMessageContaining("No record");
        assertThat(dev.rowan.desktop.workspace.Outbox.size(a.ws)).isZero();
    }
}
