package dev.rowan.desktop.sync;

import dev.rowan.desktop.grid.CellValues;
import dev.rowan.desktop.sync.Replicas.Client;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.formula.CellErrors;
import dev.rowan.model.formula.ErrorValue;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Formula error values over links on two desktops and the server (issue 12, slice h-fieldgaps2). The rule: a pull
 * carries the server's computed values, but a replica never stores them — its H2 computes formulas, lookups and
 * rollups from the records and links it holds ({@code Replica.applyRecords}), and the grid and form mark a formula's
 * error with the shared {@link CellErrors} over that row. So every desktop shows what the server shows — the value,
 * or {@code #DIV/0!} where the server answers {@code {"error": "#DIV/0!"}} — also when only a linked record changed
 * (no change-log entry of the record showing the formula: a stored copy of the server's value would go stale there).
 */
class LinkFormulaErrorSyncTest {
    private static final String PASSWORD = "a long enough password";
    @TempDir
    Path dir;
    private final Replicas replicas = new Replicas();

    @AfterEach
    void close() throws Exception {
        replicas.close();
    }

    private static void ok(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }

    /** What the server shows per project name: the error marker, the number as plain text, or "" for blank. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> onServer(ApiClient api, String projects, String field) {
        ApiClient.Response page = api.get("/api/tables/" + projects + "/records?limit=50");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, Object> r : page.data()) {
            Map<String, Object> f = (Map<String, Object>) r.get("fields");
            Object v = f.get(field);
            out.put((String) f.get("Name"), v instanceof Map<?, ?> m ? String.valueOf(m.get("error"))
                    : v == null ? "" : new BigDecimal(v.toString()).stripTrailingZeros().toPlainString());
        }
        return out;
    }

    /** What a desktop shows per project name, by the grid's rule (the local value, or the formula's error marker). */
    private static Map<String, String> onDesktop(Client c, UUID projects, String field) {
        TableDef t = c.schema.table(projects);
        FieldDef f = t.field(field).orElseThrow();
        FieldDef name = t.field("Name").orElseThrow();
        Map<String, String> out = new LinkedHashMap<>();
        for (Row r : c.records.page(t, null, List.of(), null, 50).rows()) {
            Object v = r.value(f.id());
            String shown;
            if (v != null) {
                shown = ((BigDecimal) v).stripTrailingZeros().toPlainString();
            } else {
                Optional<ErrorValue> e = CellErrors.of(t.fields(), f, CellValues.of(t, r), r.id(), r.createdAt(),
                        r.updatedAt(), Clock.systemUTC());
                shown = e.map(CellErrors::marker).orElse("");
            }
            out.put(String.valueOf(r.value(name.id())), shown);
        }
        return out;
    }

    @Test
    void desktopsShowTheServersErrorValuesComputedFromTheirOwnRecords() throws Exception {
        String email = "link-errors-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD);
        ApiClient api = new ApiClient(TestServer.baseUrl());
        assertThat(api.login(email, PASSWORD).status()).isEqualTo(200);
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
        String hoursId = null;
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tf = (List<Map<String, Object>>) api.get("/api/tables/" + tasks).get("fields");
        for (Map<String, Object> f : tf) if ("Hours".equals(f.get("name"))) hoursId = (String) f.get("id");
        ok(api.post(pf, Map.of("name", "Total", "type", "rollup",
                "config", Map.of("linkFieldId", link.id(), "targetFieldId", hoursId, "function", "sum"))));
        ok(api.post(pf, Map.of("name", "Per hour", "type", "formula", "config", Map.of("formula", "100 / {Total}"))));
        String zero = api.post(tr, Map.of("fields", Map.of("Title", "idle", "Hours", 0))).id();
        String four = api.post(tr, Map.of("fields", Map.of("Title", "busy", "Hours", 4))).id();
        api.post(pr, Map.of("fields", Map.of("Name", "lazy", "Tasks", List.of(zero))));
        api.post(pr, Map.of("fields", Map.of("Name", "good", "Tasks", List.of(four))));
        api.post(pr, Map.of("fields", Map.of("Name", "none")));
        UUID projectsId = UUID.fromString(projects);

        Client a = replicas.open(dir.resolve("a"), email, PASSWORD);
        Client b = replicas.open(dir.resolve("b"), email, PASSWORD);
        a.engine.syncOnce();
        b.engine.syncOnce();
        // "none" links nothing: the sum is blank, and so is 100 / blank (blank, not an error, on every engine)
        Map<String, String> expected = Map.of("lazy", "#DIV/0!", "good", "25", "none", "");
        assertThat(onServer(api, projects, "Per hour")).isEqualTo(expected);
        assertThat(onDesktop(a, projectsId, "Per hour")).isEqualTo(expected);
        assertThat(onDesktop(b, projectsId, "Per hour")).isEqualTo(expected);

        // only a linked task changes on the server (no change of any project): the desktops follow after a pull
        ok(api.patch(tr + "/" + four, Map.of("fields", Map.of("Hours", 0))));
        a.engine.syncOnce();
        b.engine.syncOnce();
        expected = Map.of("lazy", "#DIV/0!", "good", "#DIV/0!", "none", "");
        assertThat(onServer(api, projects, "Per hour")).isEqualTo(expected);
        assertThat(onDesktop(a, projectsId, "Per hour")).isEqualTo(expected);
        assertThat(onDesktop(b, projectsId, "Per hour")).isEqualTo(expected);

        // a desktop edits a task (5 hours for "idle"): the server and the other desktop agree once synced
        TableDef ta = a.schema.table(UUID.fromString(tasks));
        FieldDef hours = ta.field("Hours").orElseThrow();
        a.records.update(ta, List.of(new RecordStore.CellChange(UUID.fromString(zero), hours.id(),
                new BigDecimal("0.00"), new BigDecimal("5"))));
        // the editing desktop computes it at once, offline
        assertThat(onDesktop(a, projectsId, "Per hour")).containsEntry("lazy", "20");
        a.engine.syncOnce();
        b.engine.syncOnce();
        expected = Map.of("lazy", "20", "good", "#DIV/0!", "none", "");
        assertThat(onServer(api, projects, "Per hour")).isEqualTo(expected);
        assertThat(onDesktop(a, projectsId, "Per hour")).isEqualTo(expected);
        assertThat(onDesktop(b, projectsId, "Per hour")).isEqualTo(expected);
        assertThat(a.engine.conflicts().open()).isEmpty();
    }
}
