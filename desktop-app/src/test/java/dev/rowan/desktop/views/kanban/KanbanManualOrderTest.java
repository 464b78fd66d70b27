package dev.rowan.desktop.views.kanban;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.grid.GridViewModel;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.views.RecordEditor;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.RankStore;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.view.KanbanConfig;
import dev.rowan.model.view.ViewKind;
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
 * A board in manual order on a real H2 workspace, without the FX thread: a card dropped within its column keeps its
 * place (one rank, one VIEW_RANK in the outbox, one undo step), also across pages and after reopening; a drop among
 * cards never ordered orders those above it in the same step; a drop into another column writes the record and its
 * rank in one transaction and one undo step; a sorted board does not reorder.
 */
class KanbanManualOrderTest {
    @TempDir
    Path dir;
    Workspace ws;
    SchemaStore schema;
    RecordStore records;
    ViewStore views;
    UndoStack history;
    KanbanViewModel vm;
    GridViewModel grid;
    TableDef t;
    FieldDef name;
    FieldDef status;
    String todo;
    String doing;

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        schema = new SchemaStore(ws);
        records = new RecordStore(ws);
        views = new ViewStore(ws);
        history = new UndoStack();
        SameThreadTaskExecutor executor = new SameThreadTaskExecutor();
        vm = new KanbanViewModel(new ViewContext(schema, records, new RecordEditor(records, history), views, executor));
        grid = new GridViewModel(schema, records, executor, views, history);
        t = schema.createTable(schema.createApp("A").id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Status", FieldTypes.parse("single_select",
                        Map.of("options", List.of("Todo", "Doing")), null))));
        name = t.fields().get(0);
        status = t.fields().get(1);
        List<SelectOption> options = ((FieldType.SingleSelect) status.type()).options();
        todo = options.get(0).id();
        doing = options.get(1).id();
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        // 120 to do (more than two pages), 3 doing; created in this order
        for (int i = 0; i < 123; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(name.id(), "task " + i);
            v.put(status.id(), i < 120 ? todo : doing);
            rows.add(v);
        }
        records.insertAll(t, rows, () -> false);
        grid.open(t.id());
        views.save(t, null, "Board", KanbanConfig.stackedBy(status.id()));
        vm.open(t.id(), null);
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    private KanbanColumn col(String key) {
        return vm.column(key).orElseThrow();
    }

    private List<String> titles(String key) {
        return col(key).cards().stream().map(vm::cardTitle).toList();
    }

    /** The column as a fresh board reads it from H2 (every page). */
    private List<String> reopened(String key) {
        KanbanViewModel other = new KanbanViewModel(new ViewContext(schema, records,
                new RecordEditor(records, new UndoStack()), views, new SameThreadTaskExecutor()));
        other.open(t.id(), null);
        KanbanColumn c = other.column(key).orElseThrow();
        while (c.hasMore()) other.loadMore(c);
        return c.cards().stream().map(other::cardTitle).toList();
    }

    private List<Mutation> ranksQueued() {
        return Outbox.pending(ws, 10_000).stream().filter(m -> m.entity() == Mutation.Entity.VIEW_RANK).toList();
    }

    @Test
    void manualOrderIsSavedWithTheViewAndASortedBoardDoesNotReorder() {
        List<String> sorted = titles(todo);
        Row third = col(todo).cards().get(2);
        vm.place(third.id(), todo, 0);
        assertThat(titles(todo)).isEqualTo(sorted);
        assertThat(vm.message().get()).contains("Manual order");
        assertThat(ranksQueued()).isEmpty();

        vm.setManualOrder(true);
        KanbanConfig stored = (KanbanConfig) views.first(schema.table(t.id()), ViewKind.KANBAN).orElseThrow().config();
        assertThat(stored.manualOrder()).isTrue();
        // never ordered: created order
        assertThat(titles(todo).subList(0, 3)).containsExactly("task 0", "task 1", "task 2");
    }

    @Test
    void aCardDroppedOnTopWritesOneRankIsOneUndoStepAndStaysAfterReopening() {
        vm.setManualOrder(true);
        UUID view = vm.viewId().orElseThrow();
        Row fifth = col(todo).cards().get(4);
        long outbox = Outbox.size(ws);
        vm.place(fifth.id(), todo, 0);
        assertThat(titles(todo).subList(0, 3)).containsExactly("task 4", "task 0", "task 1");
        assertThat(Outbox.size(ws)).isEqualTo(outbox + 1);
        Mutation m = Outbox.pending(ws, 10_000).getLast();
        assertThat(m.entity()).isEqualTo(Mutation.Entity.VIEW_RANK);
        assertThat(m.entityId()).isEqualTo(fifth.id());
        assertThat(m.parentId()).isEqualTo(view);
        assertThat(new RankStore(ws).rank(view, fifth.id())).isPresent();
        List<String> all = reopened(todo);
        assertThat(all).hasSize(120);
        assertThat(all.subList(0, 3)).containsExactly("task 4", "task 0", "task 1");

        grid.undo();
        assertThat(new RankStore(ws).rank(view, fifth.id())).isEmpty();
        assertThat(reopened(todo).subList(0, 5)).containsExactly("task 0", "task 1", "task 2", "task 3", "task 4");
        assertThat(titles(todo).subList(0, 5)).containsExactly("task 0", "task 1", "task 2", "task 3", "task 4");
        assertThat(Outbox.size(ws)).isEqualTo(outbox + 2); // the undo goes out too (rank back to none)
        grid.redo();
        assertThat(reopened(todo).getFirst()).isEqualTo("task 4");
    }

    @Test
    void dropsBetweenRankedCardsWriteOneRankEachAndDropsAmongUnorderedOnesOrderThoseAbove() {
        vm.setManualOrder(true);
        UUID view = vm.viewId().orElseThrow();
        // the 4th card between the 1st and 2nd: cards 0..1 get ranks first (they were never ordered), then it
        Row fourth = col(todo).cards().get(3);
        int before = ranksQueued().size();
        vm.place(fourth.id(), todo, 1);
        assertThat(titles(todo).subList(0, 4)).containsExactly("task 0", "task 3", "task 1", "task 2");
        assertThat(ranksQueued().size() - before).isEqualTo(2); // task 0 ranked, then task 3 after it
        assertThat(reopened(todo).subList(0, 4)).containsExactly("task 0", "task 3", "task 1", "task 2");

        // now between two ranked cards: exactly one rank
        vm.place(fourth.id(), todo, 0);
        before = ranksQueued().size();
        Row last = col(todo).cards().get(10);
        vm.place(last.id(), todo, 1);
        assertThat(ranksQueued().size() - before).isEqualTo(1);
        assertThat(reopened(todo).subList(0, 3)).containsExactly("task 3", "task 10", "task 0");
        // dragged to the end of what is loaded (after many unordered cards): one undo step for the whole batch
        Row top = col(todo).cards().getFirst();
        int loaded = col(todo).cards().size();
        vm.place(top.id(), todo, loaded);
        List<String> after = reopened(todo);
        assertThat(after.indexOf("task 3")).isEqualTo(loaded - 1);
        assertThat(titles(todo).getLast()).isEqualTo("task 3");
        UUID fiftieth = col(todo).cards().get(30).id();
        assertThat(new RankStore(ws).rank(view, fiftieth)).isPresent();
        grid.undo();
        assertThat(reopened(todo).subList(0, 3)).containsExactly("task 3", "task 10", "task 0");
        assertThat(new RankStore(ws).rank(view, fiftieth)).isEmpty();
    }

    @Test
    void twoHundredDropsBetweenTheSameNeighboursNeverFailAndARespaceIsOneUndoStep() {
        vm.setManualOrder(true);
        UUID view = vm.viewId().orElseThrow();
        RankStore store = new RankStore(ws);
        // the first 12 cards ordered once (a drop of the 13th above the 12th orders those above it)
        Row thirteenth = col(todo).cards().get(12);
        vm.place(thirteenth.id(), todo, 11);
        List<String> expected = new ArrayList<>(titles(todo));
        int respaces = 0;
        int lastRespace = -1;
        List<String> beforeRespace = null;
        Map<UUID, String> ranksBeforeRespace = null;
        for (int i = 0; i < 200; i++) {
            // the 12th card to just below the first: always between "task 0" and the card dropped before
            Row moved = col(todo).cards().get(11);
            List<String> was = titles(todo);
            Map<UUID, String> ranksWere = new HashMap<>();
            for (Row r : col(todo).cards().subList(0, 12)) ranksWere.put(r.id(), store.rank(view, r.id()).orElseThrow());
            int queued = ranksQueued().size();
            vm.place(moved.id(), todo, 1);
            assertThat(vm.message().get()).as("drop %d", i).doesNotContain("too finely");
            expected.remove(vm.cardTitle(moved));
            expected.add(1, vm.cardTitle(moved));
            assertThat(titles(todo)).as("drop %d", i).isEqualTo(expected);
            if (ranksQueued().size() - queued > 1) {
                respaces++;
                lastRespace = i;
                beforeRespace = was;
                ranksBeforeRespace = ranksWere;
            }
        }
        assertThat(respaces).as("the gap was spaced out again").isPositive();
        assertThat(reopened(todo).subList(0, expected.size())).isEqualTo(expected);
        for (Row r : col(todo).cards().subList(0, 12)) {
            assertThat(store.rank(view, r.id()).orElseThrow().length()).isLessThanOrEqualTo(16);
        }
        // undo the drops back to the last re-spacing one: the re-spaced cards get their old ranks back in one step
        for (int n = lastRespace; n < 200; n++) grid.undo();
        assertThat(reopened(todo).subList(0, beforeRespace.size())).isEqualTo(beforeRespace);
        for (Map.Entry<UUID, String> e : ranksBeforeRespace.entrySet()) {
            assertThat(store.rank(view, e.getKey())).contains(e.getValue());
        }
        assertThat(titles(todo)).isEqualTo(beforeRespace);
    }

    @Test
    void aDropIntoAnotherColumnWritesTheRecordAndItsRankInOneUndoStep() {
        vm.setManualOrder(true);
        UUID view = vm.viewId().orElseThrow();
        Row card = col(todo).cards().get(7);
        long outbox = Outbox.size(ws);
        vm.place(card.id(), doing, 1);
        assertThat(records.byId(t, card.id()).orElseThrow().value(status.id())).isEqualTo(doing);
        assertThat(titles(doing)).containsExactly("task 120", "task 7", "task 121", "task 122");
        assertThat(reopened(doing)).containsExactly("task 120", "task 7", "task 121", "task 122");
        assertThat(col(doing).count().get()).isEqualTo(4);
        assertThat(col(todo).count().get()).isEqualTo(119);
        List<Mutation> queued = Outbox.pending(ws, 10_000).subList((int) outbox, Outbox.size(ws) > 0 ? (int) Outbox.size(ws) : 0);
        assertThat(queued).extracting(Mutation::entity).contains(Mutation.Entity.RECORD, Mutation.Entity.VIEW_RANK);

        grid.undo();
        assertThat(records.byId(t, card.id()).orElseThrow().value(status.id())).isEqualTo(todo);
        assertThat(new RankStore(ws).rank(view, card.id())).isEmpty();
        assertThat(reopened(doing)).containsExactly("task 120", "task 121", "task 122");
        assertThat(reopened(todo).subList(6, 9)).containsExactly("task 6", "task 7", "task 8");
    }

    @Test
    void aNewBoardOfATableWithOneSingleSelectIsStackedByIt() {
        UUID id = views.save(schema.table(t.id()), null, "New board", KanbanConfig.EMPTY);
        KanbanViewModel fresh = new KanbanViewModel(new ViewContext(schema, records,
                new RecordEditor(records, new UndoStack()), views, new SameThreadTaskExecutor()));
        fresh.open(t.id(), id);
        assertThat(fresh.config().get().stackField()).isEqualTo(status.id());
        assertThat(fresh.columns()).extracting(KanbanColumn::label).containsExactly("Todo", "Doing", "No value");
        KanbanConfig stored = (KanbanConfig) views.list(schema.table(t.id())).stream()
                .filter(v -> v.id().equals(id)).findFirst().orElseThrow().config();
        assertThat(stored.stackField()).isEqualTo(status.id());

        // with two single selects it asks
        schema.addField(t.id(), FieldDef.of(UUID.randomUUID(), "Size",
                FieldTypes.parse("single_select", Map.of("options", List.of("S", "M")), null)));
        UUID second = views.save(schema.table(t.id()), null, "Another board", KanbanConfig.EMPTY);
        fresh.open(t.id(), second);
        assertThat(fresh.config().get().stackField()).isNull();
        assertThat(fresh.message().get()).contains("Choose the field");
    }
}
