package dev.rowan.desktop.workspace;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridGrouping.GroupBy;
import dev.rowan.model.view.GridGrouping.Summary;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grouped results kept at close come back at the next open without reading the table ({@link SavedResults}), equal to
 * a full read; anything that may have changed the data in between (a record write of the table before the read, a
 * schema change, a damaged saved text) makes the next read a full one, and the saved rows never outlive an open.
 */
class SavedResultsTest {
    @TempDir
    Path dir;
    Workspace ws;
    TableDef t;
    TableDef other;
    static final List<SelectOption> OPTIONS = List.of(new SelectOption("o-red", "Red", "#ff0000"),
            new SelectOption("o-blue", "Blue", "#0000ff"), new SelectOption("o-green", "Green", "#00ff00"));

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        SchemaStore schema = new SchemaStore(ws);
        UUID app = schema.createApp("A").id();
        t = schema.createTable(app, null, "Sales", List.of(
                FieldDef.of(UUID.randomUUID(), "Region", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Tags", new FieldType.MultipleSelect(OPTIONS)),
                FieldDef.of(UUID.randomUUID(), "Year", new FieldType.NumberType(0)),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(2)),
                FieldDef.of(UUID.randomUUID(), "Due", new FieldType.DateType(false)),
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
        other = schema.createTable(app, null, "Other", List.of(FieldDef.of(UUID.randomUUID(), "N", new FieldType.Text())));
        Random r = new Random(11);
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(f(0).id(), r.nextInt(5) == 0 ? null : "R" + r.nextInt(4));
            List<String> tags = new ArrayList<>();
            for (SelectOption o : OPTIONS) if (r.nextInt(3) == 0) tags.add(o.id());
            v.put(f(1).id(), tags.isEmpty() ? null : tags);
            v.put(f(2).id(), BigDecimal.valueOf(2020 + r.nextInt(4)));
            v.put(f(3).id(), r.nextInt(7) == 0 ? null : BigDecimal.valueOf(r.nextInt(100_000), 2));
            v.put(f(4).id(), r.nextInt(6) == 0 ? null : LocalDate.of(2026, 1, 1).plusDays(r.nextInt(400)));
            v.put(f(5).id(), "n" + r.nextInt(40));
            rows.add(v);
        }
        new RecordStore(ws).insertAll(t, rows, () -> false);
        groupings = List.of(List.of(new GroupBy(f0(), false), new GroupBy(f2(), true)), List.of(new GroupBy(f1(), false)),
                List.of(new GroupBy(f2(), false), new GroupBy(f1(), false)));
    }

    @AfterEach
    void tearDown() {
        if (ws != null) ws.close();
    }

    private FieldDef f(int i) {
        return t.fields().get(i);
    }

    private Map<UUID, Summary> footer() {
        Map<UUID, Summary> m = new LinkedHashMap<>();
        m.put(f(3).id(), Summary.SUM);
        m.put(f(2).id(), Summary.AVG);
        m.put(f(4).id(), Summary.MIN);
        m.put(f(3).id(), Summary.MAX);
        m.put(f(0).id(), Summary.FILLED);
        m.put(f(5).id(), Summary.UNIQUE);
        m.put(f(1).id(), Summary.EMPTY);
        return m;
    }

    /** By region then year; by each tag; by year then each tag. */
    private List<List<GroupBy>> groupings;

    private UUID f0() {
        return t.fields().get(0).id();
    }

    private UUID f1() {
        return t.fields().get(1).id();
    }

    private UUID f2() {
        return t.fields().get(2).id();
    }

    private void reopen() {
        ws.close();
        ws = Workspace.open(dir);
        t = new SchemaStore(ws).table(t.id());
    }

    private long savedRows() {
        return ws.read(c -> {
            try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM rowan.kept_results")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void groupedResultsComeBackAfterAReopenEqualToAFullRead() {
        List<GroupSummaries.Result> before = new ArrayList<>();
        for (List<GroupBy> g : groupings) before.add(new GroupSummaries(ws).summarize(t, null, g, footer()));
        reopen();
        assertThat(savedRows()).as("the saved rows are taken at open").isZero();
        long full = GroupSummaries.FULL_READS.get();
        for (int i = 0; i < groupings.size(); i++) {
            GroupSummaries.Result back = new GroupSummaries(ws).summarize(t, null, groupings.get(i), footer());
            assertThat(back).isEqualTo(before.get(i));
            assertThat(back).isEqualTo(new GroupSummaries(ws).recompute(t, null, groupings.get(i), footer()));
        }
        assertThat(GroupSummaries.FULL_READS.get() - full).as("only the recomputes read the table")
                .isEqualTo(groupings.size());
    }

    @Test
    void aRestoredResultFollowsEditsAndSurvivesSettingsAndOtherTables() {
        new GroupSummaries(ws).summarize(t, null, groupings.getFirst(), footer());
        reopen();
        ws.putSetting("view.last." + t.id(), UUID.randomUUID().toString()); // switching views writes this
        new RecordStore(ws).insertAll(other, List.of(Map.of(other.fields().getFirst().id(), "x")), () -> false);
        long full = GroupSummaries.FULL_READS.get();
        new GroupSummaries(ws).summarize(t, null, groupings.getFirst(), footer());
        assertThat(GroupSummaries.FULL_READS.get()).as("restored, not read").isEqualTo(full);
        // an edit after the restore is followed like any kept result (to a listed group: a new group is read again)
        UUID any = new RecordStore(ws).page(t, null, List.of(), null, 1).rows().getFirst().id();
        new RecordStore(ws).update(t, List.of(new RecordStore.CellChange(any, f0(), null, "R1"),
                new RecordStore.CellChange(any, f(3).id(), null, new BigDecimal("12345.67"))));
        GroupSummaries.Result after = new GroupSummaries(ws).summarize(t, null, groupings.getFirst(), footer());
        assertThat(GroupSummaries.FULL_READS.get()).as("followed, not read").isEqualTo(full);
        assertThat(after).isEqualTo(new GroupSummaries(ws).recompute(t, null, groupings.getFirst(), footer()));
    }

    @Test
    void aWriteOfTheTableBeforeTheReadMakesItAFullRead() {
        new GroupSummaries(ws).summarize(t, null, groupings.getFirst(), footer());
        reopen();
        UUID any = new RecordStore(ws).page(t, null, List.of(), null, 1).rows().getFirst().id();
        new RecordStore(ws).update(t, List.of(new RecordStore.CellChange(any, f(3).id(), null, new BigDecimal("1.00"))));
        long full = GroupSummaries.FULL_READS.get();
        GroupSummaries.Result r = new GroupSummaries(ws).summarize(t, null, groupings.getFirst(), footer());
        assertThat(GroupSummaries.FULL_READS.get() - full).isEqualTo(1);
        assertThat(r).isEqualTo(new GroupSummaries(ws).recompute(t, null, groupings.getFirst(), footer()));
    }

    @Test
    void aSchemaChangeIsAnotherQuestion() {
        GroupSummaries.Result before = new GroupSummaries(ws).summarize(t, null, groupings.getFirst(), footer());
        reopen();
        new SchemaStore(ws).addField(t.id(), FieldDef.of(UUID.randomUUID(), "Note", new FieldType.Text()));
        t = new SchemaStore(ws).table(t.id());
        long full = GroupSummaries.FULL_READS.get();
        GroupSummaries.Result r = new GroupSummaries(ws).summarize(t, null, groupings.getFirst(), footer());
        assertThat(GroupSummaries.FULL_READS.get() - full).isEqualTo(1);
        assertThat(r).isEqualTo(before);
    }

    @Test
    void aDamagedSavedTextIsReadAgainAndNothingOutlivesAnOpen() throws Exception {
        GroupSummaries.Result before = new GroupSummaries(ws).summarize(t, null, groupings.getFirst(), footer());
        ws.close();
        ws = null;
        try (var c = DriverManager.getConnection(Workspace.url(dir), "rowan", "");
             Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE rowan.kept_results SET payload = '{\"groups\":[{\"k\":[\"x\"]}]}'");
        }
        ws = Workspace.open(dir);
        t = new SchemaStore(ws).table(t.id());
        long full = GroupSummaries.FULL_READS.get();
        assertThat(new GroupSummaries(ws).summarize(t, null, groupings.getFirst(), footer())).isEqualTo(before);
        assertThat(GroupSummaries.FULL_READS.get() - full).isEqualTo(1);
        // a process that ends without closing saves nothing: the rows read at open are gone from the file
        assertThat(savedRows()).isZero();
    }
}
