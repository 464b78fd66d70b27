package dev.rowan.desktop.workspace;

import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.RollupFunction;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The paths around a stored rollup that no record write announces: the workspace opened after its file changed,
 * a column converted by ALTER (no row triggers), a read inside a write that is then rolled back, a bulk insert and
 * the linked table's removal. Each time the page filtered and sorted by the rollup shows the true values.
 */
class StoredRollupWorkspaceTest {
    @TempDir
    Path dir;

    private record Tables(TableDef projects, TableDef tasks, FieldDef link, FieldDef count, Row alpha, Row bravo,
                          List<Row> tasksRows) {
    }

    /** Projects with a rollup counting the notes of their tasks: Alpha 2 notes ("abc", "5"), Bravo 1 ("7"). */
    private static Tables seed(Workspace ws) {
        SchemaStore schema = new SchemaStore(ws);
        RecordStore records = new RecordStore(ws);
        UUID app = schema.createApp("Work").id();
        TableDef tasks = schema.createTable(app, null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Note", new FieldType.Text())));
        TableDef projects = schema.createTable(app, null, "Projects", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
        UUID linkId = UUID.randomUUID();
        FieldDef link = schema.addField(projects.id(), FieldDef.of(linkId, "Tasks",
                new FieldType.Link(tasks.id(), null, false, linkId, true)));
        FieldDef count = schema.addField(projects.id(), FieldDef.of(UUID.randomUUID(), "Notes",
                new FieldType.Rollup(linkId, tasks.fields().get(1).id(), RollupFunction.COUNT, null,
                        new FieldType.NumberType(0))));
        TableDef t = schema.table(tasks.id());
        TableDef p = schema.table(projects.id());
        UUID note = t.fields().get(1).id();
        Row a1 = records.insert(t, Map.of(note, "abc"));
        Row a2 = records.insert(t, Map.of(note, "5"));
        Row b1 = records.insert(t, Map.of(note, "7"));
        Row alpha = records.insert(p, Map.of(p.fields().get(0).id(), "Alpha"));
        Row bravo = records.insert(p, Map.of(p.fields().get(0).id(), "Bravo"));
        records.setLinks(p, alpha.id(), link, List.of(a1.id(), a2.id()));
        records.setLinks(p, bravo.id(), link, List.of(b1.id()));
        return new Tables(p, t, link, count, alpha, bravo, List.of(a1, a2, b1));
    }

    /** The names and counts of the page filtered by count > 0 and sorted by it, descending. */
    private static List<String> page(Workspace ws, UUID projectsId, UUID countId) {
        TableDef p = new SchemaStore(ws).table(projectsId);
        RecordStore records = new RecordStore(ws);
        return records.page(p, Filter.where(countId.toString(), Operator.GT, 0),
                List.of(Sort.desc(countId.toString()), Sort.asc(p.fields().get(0).id().toString())), null, 50)
                .rows().stream().map(r -> r.value(p.fields().get(0).id()) + "=" + number(r.value(countId))).toList();
    }

    private static String number(@Nullable Object o) {
        return o == null ? "null" : ((BigDecimal) o).stripTrailingZeros().toPlainString();
    }

    @Test
    void aWorkspaceOpenedAfterItsFileChangedRefreshesItsStoredRollups() throws Exception {
        Tables s;
        try (Workspace ws = Workspace.open(dir)) {
            s = seed(ws);
            assertThat(page(ws, s.projects().id(), s.count().id())).containsExactly("Alpha=2", "Bravo=1");
        }
        // the file changed while no workspace had it open: two more tasks linked to Bravo, written straight in SQL
        String junction = SqlDialect.H2.quote(dev.rowan.model.schema.PhysicalNames.junction(s.link().id()));
        String tasks = new RecordSql(SqlDialect.H2).from(s.tasks());
        try (var c = DriverManager.getConnection(Workspace.url(dir), "rowan", "");
             var st = c.createStatement()) {
            for (int i = 0; i < 2; i++) {
                UUID id = UUID.randomUUID();
                st.execute("INSERT INTO " + tasks + " (id, created_at, updated_at, " + SqlDialect.H2.quote(
                        s.tasks().fields().get(1).columnName()) + ") VALUES ('" + id + "', CURRENT_TIMESTAMP,"
                        + " CURRENT_TIMESTAMP, 'x')");
                st.execute("INSERT INTO " + junction + " (src, dst) VALUES ('" + s.bravo().id() + "', '" + id + "')");
            }
            st.execute("SHUTDOWN");
        }
        try (Workspace ws = Workspace.open(dir)) {
            assertThat(page(ws, s.projects().id(), s.count().id())).containsExactly("Bravo=3", "Alpha=2");
        }
    }

    @Test
    void aColumnConvertedWithoutRowTriggersRefreshesTheRollupsOverIt() {
        try (Workspace ws = Workspace.open(dir)) {
            Tables s = seed(ws);
            assertThat(page(ws, s.projects().id(), s.count().id())).containsExactly("Alpha=2", "Bravo=1");
            // Note to number, the invalid "abc" emptied: Alpha counts one note now
            SchemaStore schema = new SchemaStore(ws);
            FieldDef note = schema.table(s.tasks().id()).fields().get(1);
            schema.changeFieldType(s.tasks().id(), note.withType(new FieldType.NumberType(0)), true, () -> false);
            assertThat(page(ws, s.projects().id(), s.count().id())).containsExactly("Alpha=1", "Bravo=1");
        }
    }

    @Test
    void aReadInsideAWriteThatRollsBackLeavesTheStoredRollupTrue() {
        try (Workspace ws = Workspace.open(dir)) {
            Tables s = seed(ws);
            RecordStore records = new RecordStore(ws);
            assertThat(page(ws, s.projects().id(), s.count().id())).containsExactly("Alpha=2", "Bravo=1");
            UUID note = s.tasks().fields().get(1).id();
            assertThatThrownBy(() -> ws.write(c -> {
                records.update(s.tasks(), List.of(new RecordStore.CellChange(s.tasksRows().get(2).id(), note,
                        "7", null)));
                // read inside the write: computed, the new value seen
                assertThat(page(ws, s.projects().id(), s.count().id())).containsExactly("Alpha=2");
                throw new IllegalStateException("rolled back");
            })).hasMessage("rolled back");
            assertThat(page(ws, s.projects().id(), s.count().id())).containsExactly("Alpha=2", "Bravo=1");
            // and a committed change after it is seen
            records.update(s.tasks(), List.of(new RecordStore.CellChange(s.tasksRows().get(0).id(), note, "abc",
                    null)));
            assertThat(page(ws, s.projects().id(), s.count().id())).containsExactly("Alpha=1", "Bravo=1");
        }
    }

    @Test
    void bulkInsertsAndTheLinkedTablesRemovalAreSeen() {
        try (Workspace ws = Workspace.open(dir)) {
            Tables s = seed(ws);
            RecordStore records = new RecordStore(ws);
            SchemaStore schema = new SchemaStore(ws);
            assertThat(page(ws, s.projects().id(), s.count().id())).containsExactly("Alpha=2", "Bravo=1");
            // a paste of new projects (one bulk insert), then links for one of them
            List<Map<UUID, @Nullable Object>> rows = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Map<UUID, @Nullable Object> v = new HashMap<>();
                v.put(s.projects().fields().get(0).id(), "P" + i);
                rows.add(v);
            }
            List<Row> made = records.insertAll(s.projects(), rows, () -> false);
            records.setLinks(s.projects(), made.get(7).id(), s.link(), s.tasksRows().stream().map(Row::id).toList());
            assertThat(page(ws, s.projects().id(), s.count().id())).containsExactly("P7=3", "Alpha=2", "Bravo=1");
            assertThat(records.count(schema.table(s.projects().id()),
                    Filter.where(s.count().id().toString(), Operator.EQ, 0))).isEqualTo(29);
            // the linked table removed: the rollup is unavailable, nothing stored is read
            schema.deleteTable(s.tasks().id());
            assertThat(page(ws, s.projects().id(), s.count().id())).isEmpty();
        }
    }
}
