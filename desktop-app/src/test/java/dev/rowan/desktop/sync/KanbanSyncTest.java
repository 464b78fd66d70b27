package dev.rowan.desktop.sync;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.sync.Replicas.Client;
import dev.rowan.desktop.views.RecordEditor;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.views.kanban.KanbanViewModel;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.KanbanConfig;
import dev.rowan.model.view.ViewKind;
import dev.rowan.server.support.TestServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a board changes offline reaches the server and another desktop: a card moved to another column (the record),
 * a new column (an option of the stack field) and a collapsed column (the view's settings), through the outbox and a
 * real server, read back by a second replica.
 */
class KanbanSyncTest {
    private static final String PASSWORD = "a long enough password";
    @TempDir
    Path dir;
    private final Replicas replicas = new Replicas();
    private String email;

    @BeforeEach
    void tenant() {
        email = "kanban-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD);
    }

    @AfterEach
    void close() throws Exception {
        replicas.close();
    }

    private Client client(String name) throws Exception {
        return replicas.open(dir.resolve(name), email, PASSWORD);
    }

    private static KanbanViewModel board(Client c) {
        return new KanbanViewModel(new ViewContext(c.schema, c.records, new RecordEditor(c.records, new UndoStack()),
                new ViewStore(c.ws), new SameThreadTaskExecutor()));
    }

    @Test
    void aMovedCardANewColumnAndACollapsedColumnReachTheOtherDesktop() throws Exception {
        Client a = client("a");
        TableDef t = a.schema.createTable(a.schema.createApp("Work").id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Status", FieldTypes.parse("single_select",
                        Map.of("options", List.of("Todo", "Doing")), null))));
        FieldDef status = t.fields().get(1);
        List<SelectOption> options = ((FieldType.SingleSelect) status.type()).options();
        String todo = options.get(0).id();
        String doing = options.get(1).id();
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(t.fields().get(0).id(), "task " + i);
            v.put(status.id(), todo);
            rows.add(v);
        }
        a.records.insertAll(t, rows, () -> false);
        new ViewStore(a.ws).save(t, null, "Board", KanbanConfig.stackedBy(status.id()));
        a.engine.syncOnce();
        assertThat(Outbox.size(a.ws)).isZero();

        Client b = client("b");
        b.engine.syncOnce();
        KanbanViewModel onB = board(b);
        onB.open(t.id(), null);
        assertThat(onB.viewId()).isPresent();
        assertThat(onB.columns()).extracting(c -> c.count().get()).containsExactly(5L, 0L, 0L);
        // offline on b: a card to Doing, a new column, Todo collapsed
        Row card = onB.column(todo).orElseThrow().cards().getFirst();
        onB.move(card.id(), doing);
        assertThat(onB.addColumn("Done")).isTrue();
        onB.setCollapsed(todo, true);
        assertThat(Outbox.size(b.ws)).isEqualTo(3);
        b.engine.syncOnce();
        assertThat(Outbox.size(b.ws)).isZero();
        assertThat(b.engine.conflicts().open()).isEmpty();

        a.engine.syncOnce();
        TableDef onServer = a.schema.table(t.id());
        assertThat(a.records.byId(onServer, card.id()).orElseThrow().value(status.id())).isEqualTo(doing);
        FieldType.SingleSelect now = (FieldType.SingleSelect) onServer.fieldById(status.id()).orElseThrow().type();
        assertThat(now.options()).extracting(SelectOption::label).containsExactly("Todo", "Doing", "Done");
        KanbanConfig saved = (KanbanConfig) new ViewStore(a.ws).first(onServer, ViewKind.KANBAN).orElseThrow().config();
        assertThat(saved.collapsedColumns()).containsExactly(todo);

        KanbanViewModel onA = board(a);
        onA.open(t.id(), null);
        assertThat(onA.columns()).extracting(c -> c.label()).containsExactly("Todo", "Doing", "Done", "No value");
        assertThat(onA.columns()).extracting(c -> c.count().get()).containsExactly(4L, 1L, 0L, 0L);
        assertThat(onA.column(todo).orElseThrow().collapsed().get()).isTrue();
    }

    /** The cards of a column in the board's order, every page read. */
    private static List<String> column(KanbanViewModel vm, String key) {
        var col = vm.column(key).orElseThrow();
        while (col.hasMore()) vm.loadMore(col);
        return col.cards().stream().map(vm::cardTitle).toList();
    }

    @Test
    void aCardReorderedOnOneDesktopKeepsItsPlaceOnTheOtherAndTheLastWriterWins() throws Exception {
        Client a = client("a");
        TableDef t = a.schema.createTable(a.schema.createApp("Work").id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Status", FieldTypes.parse("single_select",
                        Map.of("options", List.of("Todo", "Doing")), null))));
        FieldDef status = t.fields().get(1);
        List<SelectOption> options = ((FieldType.SingleSelect) status.type()).options();
        String todo = options.get(0).id();
        String doing = options.get(1).id();
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(t.fields().get(0).id(), "task " + i);
            v.put(status.id(), i < 5 ? todo : doing);
            rows.add(v);
        }
        a.records.insertAll(t, rows, () -> false);
        new ViewStore(a.ws).save(t, null, "Board", KanbanConfig.stackedBy(status.id()).withManualOrder(true));
        a.engine.syncOnce();
        Client b = client("b");
        b.engine.syncOnce();

        // offline on a: task 3 to the top, task 0 to Doing between nothing and task 5
        KanbanViewModel onA = board(a);
        onA.open(t.id(), null);
        assertThat(onA.manualOrder()).isTrue();
        assertThat(column(onA, todo)).containsExactly("task 0", "task 1", "task 2", "task 3", "task 4");
        Row three = onA.column(todo).orElseThrow().cards().get(3);
        onA.place(three.id(), todo, 0);
        Row zero = onA.column(todo).orElseThrow().cards().get(1);
        onA.place(zero.id(), doing, 1);
        assertThat(column(onA, todo)).containsExactly("task 3", "task 1", "task 2", "task 4");
        assertThat(column(onA, doing)).containsExactly("task 5", "task 0");
        a.engine.syncOnce();
        assertThat(Outbox.size(a.ws)).isZero();
        assertThat(a.engine.conflicts().open()).isEmpty();

        b.engine.syncOnce();
        KanbanViewModel onB = board(b);
        onB.open(t.id(), null);
        assertThat(column(onB, todo)).containsExactly("task 3", "task 1", "task 2", "task 4");
        assertThat(column(onB, doing)).containsExactly("task 5", "task 0");

        // both move task 4 offline; b pushes last and wins on both desktops
        Row fourOnA = onA.column(todo).orElseThrow().cards().get(3);
        onA.place(fourOnA.id(), todo, 1);
        Row fourOnB = onB.column(todo).orElseThrow().cards().get(3);
        onB.place(fourOnB.id(), todo, 0);
        a.engine.syncOnce();
        b.engine.syncOnce();
        a.engine.syncOnce();
        assertThat(a.engine.conflicts().open()).isEmpty();
        assertThat(b.engine.conflicts().open()).isEmpty();
        onA.open(t.id(), null);
        onB.open(t.id(), null);
        assertThat(column(onB, todo)).containsExactly("task 4", "task 3", "task 1", "task 2");
        assertThat(column(onA, todo)).containsExactly("task 4", "task 3", "task 1", "task 2");
    }

    @Test
    void twoHundredDropsIntoOneGapWithRespacingReachTheOtherDesktopInTheSameOrder() throws Exception {
        Client a = client("a");
        TableDef t = a.schema.createTable(a.schema.createApp("Work").id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Status", FieldTypes.parse("single_select",
                        Map.of("options", List.of("Todo")), null))));
        FieldDef status = t.fields().get(1);
        String todo = ((FieldType.SingleSelect) status.type()).options().getFirst().id();
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(t.fields().get(0).id(), "task " + i);
            v.put(status.id(), todo);
            rows.add(v);
        }
        a.records.insertAll(t, rows, () -> false);
        new ViewStore(a.ws).save(t, null, "Board", KanbanConfig.stackedBy(status.id()).withManualOrder(true));
        a.engine.syncOnce();
        Client b = client("b");
        b.engine.syncOnce();

        // offline on a: the last card to just below the first, 200 times (always the same gap, split again and
        // again until its neighbourhood is spaced out), synced in between now and then
        KanbanViewModel onA = board(a);
        onA.open(t.id(), null);
        int biggestStep = 0;
        for (int i = 0; i < 200; i++) {
            var col = onA.column(todo).orElseThrow();
            long queued = Outbox.size(a.ws);
            onA.place(col.cards().getLast().id(), todo, 1);
            biggestStep = (int) Math.max(biggestStep, Outbox.size(a.ws) - queued);
            if (i % 50 == 49) a.engine.syncOnce();
        }
        assertThat(biggestStep).as("a drop that re-spaced its neighbours").isGreaterThan(1);
        a.engine.syncOnce();
        assertThat(Outbox.size(a.ws)).isZero();
        assertThat(a.engine.conflicts().open()).isEmpty();
        List<String> onAOrder = column(onA, todo);
        // the same moves on a list: the last card to index 1, 200 times
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) expected.add("task " + i);
        for (int i = 0; i < 200; i++) expected.add(1, expected.removeLast());
        assertThat(onAOrder).isEqualTo(expected);

        b.engine.syncOnce();
        KanbanViewModel onB = board(b);
        onB.open(t.id(), null);
        assertThat(column(onB, todo)).isEqualTo(onAOrder);
        onA.open(t.id(), null);
        assertThat(column(onA, todo)).isEqualTo(onAOrder);
    }
}
