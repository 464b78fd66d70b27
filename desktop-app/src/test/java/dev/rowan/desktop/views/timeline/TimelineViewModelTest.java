package dev.rowan.desktop.views.timeline;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.grid.GridViewModel;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.views.RecordEditor;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.views.timeline.TimelineViewModel.Bar;
import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.RecordQuery;
import dev.rowan.model.view.TimelineConfig;
import dev.rowan.model.view.ViewKind;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The timeline's ViewModel on a real H2 workspace, without the FX thread. */
class TimelineViewModelTest {
    @TempDir
    Path dir;
    Workspace ws;
    SchemaStore schema;
    RecordStore records;
    ViewStore views;
    UndoStack history;
    TimelineViewModel vm;
    TableDef t;
    FieldDef name;
    FieldDef start;
    FieldDef end;
    FieldDef team;

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        schema = new SchemaStore(ws);
        records = new RecordStore(ws);
        views = new ViewStore(ws);
        history = new UndoStack();
        AppInfo app = schema.createApp("A");
        t = schema.createTable(app.id(), null, "Plan", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Start", new FieldType.DateType(false)),
                FieldDef.of(UUID.randomUUID(), "End", new FieldType.DateType(false)),
                FieldDef.of(UUID.randomUUID(), "Team", new FieldType.SingleSelect(List.of(
                        new SelectOption("a", "Alpha", "blue"), new SelectOption("b", "Beta", "green"))))));
        name = t.fields().get(0);
        start = t.fields().get(1);
        end = t.fields().get(2);
        team = t.fields().get(3);
        vm = new TimelineViewModel(new ViewContext(schema, records, new RecordEditor(records, history), views,
                new SameThreadTaskExecutor()), ZoneId.of("UTC"));
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    private Row insert(String title, @Nullable LocalDate s, @Nullable LocalDate e, @Nullable String option) {
        Map<UUID, @Nullable Object> m = new HashMap<>();
        m.put(name.id(), title);
        m.put(start.id(), s);
        m.put(end.id(), e);
        m.put(team.id(), option);
        return records.insert(t, m);
    }

    private Bar bar(String title) {
        return vm.bars().stream().filter(b -> b.title().equals(title)).findFirst().orElseThrow();
    }

    private void openWeek() {
        views.save(t, null, "Plan", new TimelineConfig(RecordQuery.ALL, start.id(), end.id(), team.id(), null,
                TimelineConfig.WEEK));
        vm.open(t.id(), null);
        vm.showFrom(LocalDate.of(2026, 11, 2));
    }

    @Test
    void barsOfTheVisibleSpanInLanesAndUndatedRecordsAside() {
        insert("design", LocalDate.of(2026, 11, 3), LocalDate.of(2026, 11, 9), "a");
        insert("build", LocalDate.of(2026, 11, 10), LocalDate.of(2026, 12, 4), "b");
        insert("started before", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 5), "a");
        insert("far later", LocalDate.of(2027, 6, 1), LocalDate.of(2027, 6, 2), "a");
        insert("someday", null, null, "b");
        openWeek();
        assertThat(TimelineViewModel.spanDays(TimelineConfig.WEEK)).isEqualTo(112);
        assertThat(vm.bars()).extracting(Bar::title).containsExactlyInAnyOrder("design", "build", "started before");
        assertThat(bar("build").start()).isEqualTo(LocalDate.of(2026, 11, 10));
        assertThat(bar("build").end()).isEqualTo(LocalDate.of(2026, 12, 4));
        assertThat(bar("design").lane()).isEqualTo("Alpha");
        assertThat(vm.lanes()).containsExactlyInAnyOrder("Alpha", "Beta");
        assertThat(vm.undated()).extracting(Bar::title).containsExactly("someday");
    }

    @Test
    void resizingAndMovingWriteTheFieldsAsOneUndoableEdit() {
        Row r = insert("design", LocalDate.of(2026, 11, 3), LocalDate.of(2026, 11, 9), "a");
        openWeek();
        long outbox = Outbox.size(ws);
        vm.setDays(r.id(), LocalDate.of(2026, 11, 3), LocalDate.of(2026, 11, 12));
        assertThat(records.byId(t, r.id()).orElseThrow().value(end.id())).isEqualTo(LocalDate.of(2026, 11, 12));
        assertThat(bar("design").end()).isEqualTo(LocalDate.of(2026, 11, 12));
        vm.setDays(r.id(), LocalDate.of(2026, 11, 5), LocalDate.of(2026, 11, 14));
        Row moved = records.byId(t, r.id()).orElseThrow();
        assertThat(moved.value(start.id())).isEqualTo(LocalDate.of(2026, 11, 5));
        assertThat(moved.value(end.id())).isEqualTo(LocalDate.of(2026, 11, 14));
        assertThat(Outbox.size(ws)).isEqualTo(outbox + 2);

        new GridViewModel(schema, records, new SameThreadTaskExecutor(), views, history).undo();
        Row undone = records.byId(t, r.id()).orElseThrow();
        assertThat(undone.value(start.id())).as("one step undoes both fields of the move").isEqualTo(LocalDate.of(2026, 11, 3));
        assertThat(undone.value(end.id())).isEqualTo(LocalDate.of(2026, 11, 12));
        assertThat(bar("design").start()).isEqualTo(LocalDate.of(2026, 11, 3));
    }

    @Test
    void droppingAnUndatedRecordOnADayPlacesIt() {
        Row r = insert("someday", null, null, null);
        openWeek();
        assertThat(vm.undated()).hasSize(1);
        vm.setDays(r.id(), LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 20));
        assertThat(vm.undated()).isEmpty();
        assertThat(bar("someday").start()).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(records.byId(t, r.id()).orElseThrow().value(end.id())).isEqualTo(LocalDate.of(2026, 11, 20));
    }

    @Test
    void zoomAndGroupingAreSavedToTheView() {
        openWeek();
        vm.setZoom(TimelineConfig.QUARTER);
        vm.setGroupField(null);
        TimelineConfig stored = (TimelineConfig) views.first(t, ViewKind.TIMELINE).orElseThrow().config();
        assertThat(stored.zoom()).isEqualTo(TimelineConfig.QUARTER);
        assertThat(stored.groupField()).isNull();
        assertThat(vm.to()).isEqualTo(vm.from().get().plusDays(91L * 16));
    }
    @Test
    void everySettingsChangeIsOneUndoStepStoredInTheView() {
        UUID id = views.save(t, null, "Plan", new TimelineConfig(RecordQuery.ALL, start.id(), end.id(), null, null,
                "week"));
        vm.open(t.id(), id);
        vm.setZoom("month");
        vm.setGroupField(team.id());
        GridViewModel grid = new GridViewModel(schema, records, new SameThreadTaskExecutor(), views, history);
        grid.undo();
        assertThat(vm.config().get().groupField()).isNull();
        assertThat(vm.config().get().zoom()).isEqualTo("month");
        grid.undo();
        assertThat(vm.config().get().zoom()).isEqualTo("week");
        TimelineConfig stored = (TimelineConfig) views.list(t).stream().filter(v -> v.id().equals(id)).findFirst()
                .orElseThrow().config();
        assertThat(stored.zoom()).isEqualTo("week");
        grid.redo();
        assertThat(vm.config().get().zoom()).isEqualTo("month");
    }

}
