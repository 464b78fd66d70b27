package dev.rowan.desktop.sync;

import dev.rowan.desktop.sync.Replicas.Client;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.link.LinkValues;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.RollupFunction;
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
 * Link fields designed on the desktop, offline: the link (with its inverse made locally in the other table), a
 * lookup and a rollup, and links picked in the grid (a cell edit of the link), reach the server as the same fields
 * with the same ids — the server makes the inverse with the id and name the desktop chose — and a second replica.
 */
class LinkDesignSyncTest {
    private static final String PASSWORD = "a long enough password";
    @TempDir
    Path dir;
    private final Replicas replicas = new Replicas();

    @AfterEach
    void close() throws Exception {
        replicas.close();
    }

    private static Map<String, Map<String, @Nullable Object>> local(Client c, UUID tableId) {
        TableDef t = c.schema.table(tableId);
        Map<String, Map<String, @Nullable Object>> out = new HashMap<>();
        for (Row r : c.records.page(t, null, List.of(), null, 1000).rows()) {
            Map<String, @Nullable Object> v = new HashMap<>();
            for (FieldDef f : t.activeFields()) {
                Object x = FieldValues.toApi(f.type(), r.value(f.id()));
                v.put(f.name(), x instanceof java.math.BigDecimal d ? d.stripTrailingZeros() : x);
            }
            out.put(r.id().toString(), v);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, @Nullable Object>> server(ApiClient api, String tableId) {
        Map<String, Map<String, @Nullable Object>> out = new HashMap<>();
        for (Map<String, Object> r : api.get("/api/tables/" + tableId + "/records?limit=1000").data()) {
            Map<String, @Nullable Object> v = new HashMap<>((Map<String, Object>) r.get("fields"));
            v.replaceAll((k, x) -> x instanceof Number n ? new java.math.BigDecimal(n.toString()).stripTrailingZeros() : x);
            out.put((String) r.get("id"), v);
        }
        return out;
    }

    @Test
    void aLinkLookupAndRollupMadeOfflineSyncWithTheirInverseAndPickedLinks() throws Exception {
        String email = "linkui-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD);
        ApiClient api = new ApiClient(TestServer.baseUrl());
        api.login(email, PASSWORD);
        String app = api.createApp("Links");
        String projects = (String) api.createTable(app, "Projects", List.of(Map.of("name", "Name", "type", "text")))
                .get("id");
        String tasks = (String) api.createTable(app, "Tasks", List.of(Map.of("name", "Title", "type", "text"),
                Map.of("name", "Hours", "type", "number", "config", Map.of("precision", 1)))).get("id");
        String p1 = api.post("/api/tables/" + projects + "/records", Map.of("fields", Map.of("Name", "One"))).id();
        String t1 = api.post("/api/tables/" + tasks + "/records", Map.of("fields", Map.of("Title", "a", "Hours", 1.5))).id();
        String t2 = api.post("/api/tables/" + tasks + "/records", Map.of("fields", Map.of("Title", "b", "Hours", 2))).id();

        Client a = replicas.open(dir.resolve("a"), email, PASSWORD);
        Client b = replicas.open(dir.resolve("b"), email, PASSWORD);
        a.engine.syncOnce();
        b.engine.syncOnce();

        // offline on A: the designer's calls
        UUID pid = UUID.fromString(projects);
        UUID tid = UUID.fromString(tasks);
        FieldDef link = a.schema.addField(pid, FieldDef.of(UUID.randomUUID(), "Tasks",
                new FieldType.Link(tid, null, false, null, true)), "Project");
        TableDef tt = a.schema.table(tid);
        FieldDef inverse = tt.field("Project").orElseThrow();
        FieldDef lookup = a.schema.addField(pid, FieldDef.of(UUID.randomUUID(), "Titles",
                new FieldType.Lookup(link.id(), tt.field("Title").orElseThrow().id(), new FieldType.Text())));
        FieldDef rollup = a.schema.addField(pid, FieldDef.of(UUID.randomUUID(), "Total",
                new FieldType.Rollup(link.id(), tt.field("Hours").orElseThrow().id(), RollupFunction.SUM, null,
                        new FieldType.NumberType(0))));
        // the grid's picker writes a link cell as one cell edit
        TableDef pa = a.schema.table(pid);
        a.records.update(pa, List.of(new RecordStore.CellChange(UUID.fromString(p1), link.id(), null,
                List.of(LinkValues.of(UUID.fromString(t1), "a"), LinkValues.of(UUID.fromString(t2), "b")))));
        assertThat(local(a, pid).get(p1).get("Titles")).as("offline, from H2").isEqualTo(List.of("a", "b"));
        assertThat(local(a, pid).get(p1).get("Total").toString()).isEqualTo("3.5");
        assertThat(local(a, tid).get(t1).get("Project")).isEqualTo(List.of(Map.of("id", p1, "title", "One")));

        a.engine.syncOnce();
        assertThat(a.engine.conflicts().open()).isEmpty();
        assertThat(Outbox.size(a.ws)).isZero();
        // the server made the same pair: the link and its inverse with the ids and name chosen on the desktop
        assertThat(ApiClient.fieldId(api.get("/api/tables/" + projects).map(), "Tasks")).isEqualTo(link.id().toString());
        assertThat(ApiClient.fieldId(api.get("/api/tables/" + tasks).map(), "Project")).isEqualTo(inverse.id().toString());
        assertThat(ApiClient.fieldId(api.get("/api/tables/" + projects).map(), "Titles")).isEqualTo(lookup.id().toString());
        assertThat(ApiClient.fieldId(api.get("/api/tables/" + projects).map(), "Total")).isEqualTo(rollup.id().toString());
        assertThat(server(api, projects)).isEqualTo(local(a, pid));
        assertThat(server(api, tasks)).isEqualTo(local(a, tid));
        // after A pulls its own changes back nothing is doubled
        a.engine.syncOnce();
        assertThat(a.schema.table(tid).activeFields()).extracting(FieldDef::name).containsExactly("Title", "Hours", "Project");
        assertThat(local(a, pid)).isEqualTo(server(api, projects));

        b.engine.syncOnce();
        assertThat(local(b, pid)).isEqualTo(server(api, projects));
        assertThat(local(b, tid)).isEqualTo(server(api, tasks));
        assertThat(b.engine.conflicts().open()).isEmpty();
    }
}
