package dev.rowan.desktop.views.kanban;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.grid.GridViewModel;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.views.RecordEditor;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
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

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The board's ViewModel on a real H2 workspace, without the FX thread. */
class KanbanViewModelTest {
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
    FieldDef qty;
    FieldDef status;
    String todo;
    String doing;
    String done;

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        schema = new SchemaStore(ws);
        records = new RecordStore(ws);
        views = new ViewStore(ws);
        history = new UndoStack();
        SameThreadTaskExecutor executor = new SameThreadTaskExecutor();
        ViewContext context = new ViewContext(schema, records, new RecordEditor(records, history), views, executor);
        vm = new KanbanViewModel(context);
        // the window's Ctrl+Z is the grid's command over the same history
        grid = new GridViewModel(schema, records, executor, views, history);
        t = schema.createTable(schema.createApp("A").id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0)),
                FieldDef.of(UUID.randomUUID(), "Status", FieldTypes.parse("single_select",
                        Map.of("options", List.of("Todo", "Doing", "Done")), null))));
        name = t.fields().get(0);
        qty = t.fields().get(1);
        status = t.fields().get(2);
        List<SelectOption> options = ((FieldType.SingleSelect) status.type()).options();
        todo = options.get(0).id();
        doing = options.get(1).id();
        done = options.get(2).id();
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        // 130 to do, 7 doing, none done, 3 without a status; Qty = i
        for (int i = 0; i < 140; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(name.id(), "task " + i);
            v.put(qty.id(), BigDecimal.valueOf(i));
            v.put(status.id(), i < 130 ? todo : i < 137 ? doing : null);
            rows.add(v);
        }
        records.insertAll(t, rows, () -> false);
        grid.open(t.id());
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    private List<String> labels() {
        return vm.columns().stream().map(KanbanColumn::label).toList();
    }

    private KanbanColumn col(String key) {
        return vm.column(key).orElseThrow();
    }

    private @Nullable Object statusOf(UUID id) {
        return records.byId(t, id).orElseThrow().value(status.id());
    }

    private KanbanConfig stored() {
        return (KanbanConfig) views.first(schema.table(t.id()), ViewKind.KANBAN).orElseThrow().config();
    }

    @Test
    void columnsAreTheOptionsInOrderThenNoValueEachPagingItsOwnRecords() {
        vm.open(t.id(), null);
        assertThat(labels()).containsExactly("Todo", "Doing", "Done", "No value");
        assertThat(vm.columns()).extracting(c -> c.count().get()).containsExactly(130L, 7L, 0L, 3L);
        KanbanColumn first = col(todo);
        assertThat(first.cards()).hasSize(KanbanViewModel.PAGE);
        assertThat(first.hasMore()).isTrue();
        vm.loadMore(first);
        vm.loadMore(first);
        assertThat(first.cards()).hasSize(130);
        assertThat(first.hasMore()).isFalse();
        assertThat(first.cards().stream().map(Row::id).distinct().count()).isEqualTo(130);
        // every card sits in the column of its value (read back from H2, not from the board)
        for (KanbanColumn c : vm.columns()) {
            for (Row r : c.cards()) {
                Object v = statusOf(r.id());
                assertThat(v == null ? KanbanConfig.NO_VALUE : v).isEqualTo(c.key());
            }
        }
        assertThat(col(KanbanConfig.NO_VALUE).cards()).extracting(vm::cardTitle)
                .containsExactlyInAnyOrder("task 137", "task 138", "task 139");
    }

    @Test
    void theViewsFilterAppliesToEveryColumnAndItsCount() {
        KanbanConfig c = KanbanConfig.stackedBy(status.id()).withQuery(dev.rowan.model.view.RecordQuery.ALL
                .withFilter(Filter.where(qty.id().toString(), Operator.GTE, 125)));
        UUID id = views.save(t, null, "Late ones", c);
        vm.open(t.id(), id);
        // independent count: Qty 125..129 are to do, 130..136 doing, 137..139 without a status
        assertThat(vm.columns()).extracting(x -> x.count().get()).containsExactly(5L, 7L, 0L, 3L);
        assertThat(col(todo).cards()).hasSize(5);
        assertThat(vm.viewId()).contains(id);
    }

    @Test
    void movingACardWritesTheRecordWithItsOutboxEntryAndIsOneUndoStep() {
        vm.open(t.id(), null);
        Row card = col(todo).cards().getFirst();
        long outbox = Outbox.size(ws);
        vm.move(card.id(), doing);
        assertThat(statusOf(card.id())).isEqualTo(doing);
        assertThat(col(doing).cards().getFirst().id()).isEqualTo(card.id());
        assertThat(col(todo).cards()).extracting(Row::id).doesNotContain(card.id());
        assertThat(col(todo).count().get()).isEqualTo(129);
        assertThat(col(doing).count().get()).isEqualTo(8);
        assertThat(Outbox.size(ws)).isEqualTo(outbox + 1);
        Mutation m = Outbox.pending(ws, 10_000).getLast();
        assertThat(m.entity()).isEqualTo(Mutation.Entity.RECORD);
        assertThat(m.op()).isEqualTo(Mutation.Op.UPDATE);
        assertThat(m.entityId()).isEqualTo(card.id());
        assertThat(JsonText.write(JsonText.parse(m.payload()))).contains("Doing").contains(status.id().toString());
        assertThat(history.canUndo().get()).isTrue();

        grid.undo();
        assertThat(statusOf(card.id())).isEqualTo(todo);
        assertThat(col(todo).cards()).extracting(Row::id).contains(card.id());
        assertThat(col(doing).cards()).extracting(Row::id).doesNotContain(card.id());
        assertThat(col(todo).count().get()).isEqualTo(130);
        assertThat(Outbox.size(ws)).isEqualTo(outbox + 2); // the undo goes out too

        grid.redo();
        assertThat(statusOf(card.id())).isEqualTo(doing);
        assertThat(col(doing).count().get()).isEqualTo(8);
    }

    /** Runs submitted work only when drained, in order, like the one background worker does. */
    static final class Queued implements dev.rowan.desktop.core.TaskExecutor {
        final java.util.ArrayDeque<Runnable> queue = new java.util.ArrayDeque<>();

        @Override
        public <T> Handle submit(String title, Work<T> work, java.util.function.Consumer<T> onSuccess,
                                 java.util.function.Consumer<Throwable> onError) {
            queue.add(() -> new SameThreadTaskExecutor().submit(title, work, onSuccess, onError));
            return () -> { };
        }

        void drain() {
            for (Runnable r; (r = queue.poll()) != null; ) r.run();
        }
    }

    @Test
    void aMoveMadeWhileTheBoardIsBeingReadIsNotUndoneByThatRead() {
        Queued worker = new Queued();
        KanbanViewModel board = new KanbanViewModel(new ViewContext(schema, records, new RecordEditor(records, history),
                views, worker));
        board.open(t.id(), null);
        worker.drain();
        Row card = board.column(todo).orElseThrow().cards().getFirst();
        Map<UUID, @Nullable Object> pulled = new HashMap<>();
        pulled.put(name.id(), "pulled");
        pulled.put(status.id(), doing);
        Row arrived = records.insert(t, pulled);
        board.refresh(); // a pull brought a record: the read is queued before the move's write
        board.move(card.id(), doing);
        // the stale read must not even briefly put the card back where it was
        boolean[] back = {false};
        board.column(todo).orElseThrow().cards().addListener((javafx.collections.ListChangeListener<Row>) ch ->
                back[0] |= ch.getList().stream().anyMatch(r -> r.id().equals(card.id())));
        worker.drain();
        assertThat(back[0]).as("the card flickered back into its old column").isFalse();
        assertThat(statusOf(card.id())).isEqualTo(doing);
        assertThat(board.column(todo).orElseThrow().cards()).extracting(Row::id).doesNotContain(card.id());
        assertThat(board.column(doing).orElseThrow().cards()).extracting(Row::id).contains(card.id());
        // the read the move made stale is made again: what the pull brought shows too
        assertThat(board.column(doing).orElseThrow().cards()).extracting(Row::id).contains(arrived.id());
        assertThat(board.column(doing).orElseThrow().count().get()).isEqualTo(9);
    }

    @Test
    void aCardMovedToNoValueEmptiesTheField() {
        vm.open(t.id(), null);
        Row card = col(doing).cards().getFirst();
        vm.move(card.id(), KanbanConfig.NO_VALUE);
        assertThat(statusOf(card.id())).isNull();
        assertThat(col(KanbanConfig.NO_VALUE).count().get()).isEqualTo(4);
    }

    @Test
    void plusCardCreatesARecordWithTheColumnsValueAndTheTypedTitle() {
        vm.open(t.id(), null);
        assertThat(vm.addCard(done, "  Ship it ")).isTrue();
        KanbanColumn c = col(done);
        assertThat(c.cards()).hasSize(1);
        Row row = records.byId(t, c.cards().getFirst().id()).orElseThrow();
        assertThat(row.value(status.id())).isEqualTo(done);
        assertThat(row.value(name.id())).isEqualTo("Ship it");
        assertThat(c.count().get()).isEqualTo(1);
        assertThat(Outbox.pending(ws, 10_000).getLast().op()).isEqualTo(Mutation.Op.CREATE);

        grid.undo();
        assertThat(records.byId(t, row.id())).isEmpty();
        assertThat(col(done).cards()).isEmpty();
        assertThat(col(done).count().get()).isZero();
    }

    @Test
    void aNewCardShowsWhereTheBoardsOrderPutsItAsAFreshReadShowsIt() {
        vm.open(t.id(), null);
        int before = col(doing).cards().size();
        assertThat(before).as("a column with cards already").isGreaterThan(1);
        assertThat(vm.addCard(doing, "Newest")).isTrue();
        List<UUID> shown = col(doing).cards().stream().map(Row::id).toList();
        assertThat(shown).hasSize(before + 1);
        // creation order: last; and the same order as the board read afresh
        assertThat(col(doing).cards().getLast().value(name.id())).isEqualTo("Newest");
        vm.open(t.id(), null);
        assertThat(col(doing).cards().stream().map(Row::id).toList()).isEqualTo(shown);
    }

    @Test
    void plusCardHandsTheStoredRecordToBeOpenedAndNothingWhenRefused() {
        vm.open(t.id(), null);
        List<UUID> opened = new ArrayList<>();
        assertThat(vm.addCard(doing, "Open me", opened::add)).isTrue();
        assertThat(opened).hasSize(1);
        Row row = records.byId(t, opened.getFirst()).orElseThrow();
        assertThat(row.value(status.id())).isEqualTo(doing);
        assertThat(row.value(name.id())).isEqualTo("Open me");
        assertThat(col(doing).cards()).extracting(Row::id).contains(opened.getFirst());

        schema.updateField(t.id(), new FieldDef(qty.id(), qty.name(), qty.type(), true, qty.unique(), qty.indexed(),
                null, qty.validation(), qty.description(), false, qty.position()));
        vm.open(t.id(), null);
        assertThat(vm.addCard(todo, "refused", opened::add)).isFalse();
        assertThat(opened).hasSize(1);
    }

    @Test
    void aNewCardIsRefusedWhenARequiredFieldWouldStayEmpty() {
        schema.updateField(t.id(), new FieldDef(qty.id(), qty.name(), qty.type(), true, qty.unique(), qty.indexed(),
                null, qty.validation(), qty.description(), false, qty.position()));
        vm.open(t.id(), null);
        long before = records.count(t, null);
        assertThat(vm.addCard(todo, "no qty")).isFalse();
        assertThat(vm.message().get()).contains("Qty");
        assertThat(records.count(t, null)).isEqualTo(before);
    }

    @Test
    void collapsedAndHiddenColumnsAreSavedInTheViewAndReopenSo() {
        vm.open(t.id(), null);
        vm.setCollapsed(todo, true);
        vm.setHidden(KanbanConfig.NO_VALUE, true);
        assertThat(labels()).containsExactly("Todo", "Doing", "Done");
        assertThat(vm.hiddenColumns()).extracting(KanbanColumn::label).containsExactly("No value");
        assertThat(stored().collapsedColumns()).containsExactly(todo);
        assertThat(stored().hiddenColumns()).containsExactly(KanbanConfig.NO_VALUE);
        assertThat(Outbox.pending(ws, 10_000).getLast().entity()).isEqualTo(Mutation.Entity.VIEW);

        KanbanViewModel again = new KanbanViewModel(new ViewContext(schema, records, new RecordEditor(records,
                new UndoStack()), views, new SameThreadTaskExecutor()));
        again.open(t.id(), null);
        KanbanColumn collapsed = again.column(todo).orElseThrow();
        assertThat(collapsed.collapsed().get()).isTrue();
        assertThat(collapsed.cards()).as("a collapsed column reads no cards").isEmpty();
        assertThat(collapsed.count().get()).as("but shows its count").isEqualTo(130);
        assertThat(again.columns()).extracting(KanbanColumn::label).containsExactly("Todo", "Doing", "Done");

        again.setCollapsed(todo, false);
        assertThat(collapsed.cards()).hasSize(KanbanViewModel.PAGE);
        again.setHidden(KanbanConfig.NO_VALUE, false);
        assertThat(again.columns()).extracting(KanbanColumn::label).containsExactly("Todo", "Doing", "Done", "No value");
        assertThat(again.column(KanbanConfig.NO_VALUE).orElseThrow().cards()).hasSize(3);
    }

    @Test
    void addingAColumnAddsAnOptionToTheStackFieldThroughTheSchema() {
        vm.open(t.id(), null);
        assertThat(vm.addColumn("Blocked")).isTrue();
        assertThat(labels()).containsExactly("Todo", "Doing", "Done", "Blocked", "No value");
        FieldType.SingleSelect s = (FieldType.SingleSelect) schema.table(t.id()).fieldById(status.id()).orElseThrow().type();
        assertThat(s.options()).extracting(SelectOption::label).containsExactly("Todo", "Doing", "Done", "Blocked");
        assertThat(s.options().getFirst().id()).as("existing options keep their ids").isEqualTo(todo);
        Mutation m = Outbox.pending(ws, 10_000).getLast();
        assertThat(m.entity()).isEqualTo(Mutation.Entity.FIELD);
        assertThat(m.entityId()).isEqualTo(status.id());
        // a card can go there at once
        Row card = col(todo).cards().getFirst();
        vm.move(card.id(), s.options().getLast().id());
        assertThat(statusOf(card.id())).isEqualTo(s.options().getLast().id());
        // a label the field already has is refused and changes nothing
        assertThat(vm.addColumn("doing")).isFalse();
        assertThat(vm.message().get()).contains("twice");
        assertThat(labels()).hasSize(5);
    }

    @Test
    void aBoardWhoseOptionOrStackFieldWasRemovedStillOpens() {
        vm.open(t.id(), null);
        vm.setHidden(done, true);
        vm.setCollapsed(doing, true);
        // the designer removes "Done"
        FieldType.SingleSelect s = (FieldType.SingleSelect) status.type();
        schema.updateField(t.id(), status.withType(FieldTypes.parse("single_select", Map.of("options",
                List.of(s.options().get(0).toMap(), s.options().get(1).toMap())), s)));
        vm.open(t.id(), null);
        assertThat(labels()).containsExactly("Todo", "Doing", "No value");
        assertThat(vm.hiddenColumns()).isEmpty();
        assertThat(vm.message().get()).contains("hiddenColumns");
        assertThat(col(doing).collapsed().get()).isTrue();

        // and then removes the field: the board opens without columns and asks for another stack field
        schema.setFieldHidden(t.id(), status.id(), true);
        vm.open(t.id(), null);
        assertThat(vm.columns()).isEmpty();
        assertThat(vm.message().get()).contains("stackField");
        assertThat(vm.config().get().stackField()).isNull();
    }

    @Test
    void aTableWithoutASingleSelectSaysWhatToDoAndAnotherStackFieldCanBeChosen() {
        TableDef plain = schema.createTable(schema.table(t.id()).appId(), null, "Plain", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
        vm.open(plain.id(), null);
        assertThat(vm.columns()).isEmpty();
        assertThat(vm.message().get()).contains("single select");

        FieldDef second = schema.addField(t.id(), FieldDef.of(UUID.randomUUID(), "Size",
                FieldTypes.parse("single_select", Map.of("options", List.of("S", "M")), null)));
        vm.open(t.id(), null);
        vm.setStackField(second.id());
        assertThat(labels()).containsExactly("S", "M", "No value");
        assertThat(col(KanbanConfig.NO_VALUE).count().get()).isEqualTo(140);
        assertThat(stored().stackField()).isEqualTo(second.id());
    }

    @Test
    void cardFieldsAndTheirLimitAreSavedAndShown() {
        vm.open(t.id(), null);
        vm.setCardFields(List.of(qty.id(), status.id()), 1);
        assertThat(vm.cardFields()).containsExactly(qty);
        assertThat(stored().cardFields()).containsExactly(qty.id(), status.id());
        assertThat(stored().cardLimit()).isEqualTo(1);
    }
}
