package dev.rowan.desktop.views.kanban;

import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.KanbanConfig;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The first board of a JVM, drawn once in advance (issue 11, h-kanbanfirst): a small board of made-up cards, made
 * with the real {@link KanbanView} in a scene that is never shown (the window's stylesheets and size), its CSS
 * applied and laid out, then dropped. The first use of the board's controls in a JVM (their skins and behaviours,
 * the board's stylesheet and style classes, the cells of its lists, the classes and code behind them) is then not
 * paid when a person first opens a board. Nothing is read or stored: the ViewModel's executor runs no work.
 * The window runs it once, when it has been idle for a second after showing ({@code Desktop}: no input, no
 * background task); after the grid was drawn it holds the FX thread for 0.09–0.14 s on the shared 2-core test machine
 * at load 2 (up to 1 s at load 7–10).
 * Styling the same board more times (to have the JIT compile the CSS engine's busiest code before the first board)
 * was tried and measured no better.
 */
public final class KanbanRehearsal {
    private static final TaskExecutor NO_WORK = new TaskExecutor() {
        @Override
        public <T> Handle submit(String title, Work<T> work, java.util.function.Consumer<T> onSuccess,
                                 java.util.function.Consumer<Throwable> onError) {
            return () -> { };
        }
    };

    private KanbanRehearsal() {
    }

    /**
     * Makes, styles and lays out a board like the ones {@code context} shows, off-screen, with the stylesheets of
     * {@code like} (the window's scene) at its size; on the FX thread. Returns how many cards were drawn.
     */
    public static int run(ViewContext context, Supplier<DateTimeFormatter> dates, Scene like) {
        List<SelectOption> options = List.of(new SelectOption("r1", "Todo", "blue"),
                new SelectOption("r2", "Doing", "orange"), new SelectOption("r3", "Done", "green"));
        FieldDef title = FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text());
        FieldDef stack = FieldDef.of(UUID.randomUUID(), "Status", new FieldType.SingleSelect(options));
        FieldDef estimate = FieldDef.of(UUID.randomUUID(), "Estimate", new FieldType.NumberType(0));
        UUID id = UUID.randomUUID();
        TableDef t = new TableDef(id, UUID.randomUUID(), "Rehearsal", "", PhysicalNames.table(id, id),
                List.of(title, stack, estimate));
        KanbanConfig config = KanbanConfig.stackedBy(stack.id()).withCardFields(List.of(estimate.id(), stack.id()),
                KanbanConfig.DEFAULT_CARD_LIMIT);
        List<Row> cards = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now();
        for (int i = 0; i < 24; i++) {
            Map<UUID, Object> v = new HashMap<>();
            v.put(title.id(), "A card to draw the board once " + i);
            v.put(stack.id(), options.get(i % 2).id());
            v.put(estimate.id(), BigDecimal.valueOf(i));
            cards.add(new Row(UUID.randomUUID(), now, now, 1, new HashMap<>(v)));
        }
        KanbanViewModel vm = new KanbanViewModel(context.schema(), context.records(), context.editor().store(),
                new UndoStack(), context.views(), NO_WORK);
        vm.showSample(t, config, cards);
        KanbanView board = new KanbanView(vm, dates);
        StackPane root = new StackPane(board.root());
        Scene scene = new Scene(root, Math.max(like.getWidth(), 640), Math.max(like.getHeight(), 480));
        scene.getStylesheets().setAll(like.getStylesheets());
        root.getStyleClass().setAll(like.getRoot().getStyleClass()); // the density class (compact) and the like
        root.applyCss();
        root.layout();
        int drawn = root.lookupAll("." + KanbanView.CARD_TITLE).size();
        root.getChildren().clear();
        return drawn;
    }
}
