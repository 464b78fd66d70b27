package dev.rowan.desktop.bench;

import dev.rowan.desktop.core.FxTaskExecutor;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.views.RecordEditor;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.views.kanban.KanbanColumn;
import dev.rowan.desktop.views.kanban.KanbanView;
import dev.rowan.desktop.views.kanban.KanbanViewModel;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.TableDef;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The first board a person opens (issue 11, h-kanban4; prints numbers, asserts nothing): a window (headless Monocle,
 * the app's theme and stylesheets, the app's background executor) showing a board in manual order whose one column
 * holds 100,000 ranked records, placed in an already shown main window as the view host does, timed from making the
 * board to the frame in which the first card's title is in the scene.
 * The first open of the JVM is what a person waits for (classes loaded, code not yet compiled, first layout); the
 * repeats show the rest. Run it in a fresh JVM: {@code java -Dprism.order=sw -Dglass.platform=Monocle
 * -Dmonocle.platform=Headless -cp <test classpath> dev.rowan.desktop.bench.KanbanFirstOpenBenchmark 100000};
 * with {@code -Drowan.bench.trace=true} it also prints, per board, when the board was made, when the ViewModel's open
 * returned, when each layout pulse ended and when cards arrived (ms from the start): where the wait is.
 * {@code -Drowan.bench.idle=<ms>} leaves the window idle that long before the first board; with
 * {@code -Drowan.bench.rehearse=true} the first board is rehearsed off-screen first, as the app does when idle
 * ({@code KanbanRehearsal}). {@code KanbanFromAppBenchmark} measures the board as a person reaches it in the app.
 */
public final class KanbanFirstOpenBenchmark {
    private static final PrintStream OUT = System.out;
    /** With -Drowan.bench.trace=true: when the board was built, the cards arrived and each layout pulse ended. */
    private static final boolean TRACE_ON = Boolean.getBoolean("rowan.bench.trace");
    private static final StringBuilder TRACE = new StringBuilder();

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        if (TRACE_ON) CpuUse.now(); // the management beans are loaded before the first board
        // the main window, shown before the workspace opens, as in the app (the navigator would be on its left)
        BorderPane window = new BorderPane();
        CountDownLatch shown = new CountDownLatch(1);
        Platform.runLater(() -> {
            javafx.application.Application.setUserAgentStylesheet(
                    new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
            Stage stage = new Stage();
            Scene scene = new Scene(window, 1280, 800);
            scene.getStylesheets().add(dev.rowan.desktop.core.Styles.STYLESHEET);
            stage.setScene(scene);
            stage.show();
            shown.countDown();
        });
        shown.await();
        Path dir = Files.createTempDirectory("rowan-kanban-first-open");
        try (Workspace ws = Workspace.open(dir); FxTaskExecutor executor = new FxTaskExecutor()) {
            SchemaStore schema = new SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            ViewStore views = new ViewStore(ws);
            long ts = System.nanoTime();
            RankedBoardData data = RankedBoardData.create(ws, rows, false);
            TableDef t = data.table();
            UUID view = data.board();
            OUT.printf("(setup: %,d ranked rows in one column in %d ms)%n", rows,
                    (System.nanoTime() - ts) / 1_000_000);
            ViewContext ctx = new ViewContext(schema, records, new RecordEditor(records, new UndoStack()), views,
                    executor);
            long idle = Long.getLong("rowan.bench.idle", 0);
            if (Boolean.getBoolean("rowan.bench.rehearse")) {
                // as the app does once its window is idle (Desktop.rehearseBoardWhenIdle)
                CompletableFuture<Double> rehearsed = new CompletableFuture<>();
                Platform.runLater(() -> {
                    long r = System.nanoTime();
                    dev.rowan.desktop.views.kanban.KanbanRehearsal.run(ctx, () -> DateTimeFormatter.ISO_LOCAL_DATE,
                            window.getScene());
                    rehearsed.complete((System.nanoTime() - r) / 1e6);
                });
                OUT.printf("(the first board rehearsed off-screen in %.0f ms)%n", rehearsed.get(60, TimeUnit.SECONDS));
            }
            Thread.sleep(idle); // -Drowan.bench.idle: the window idle before the first board (as a person looks)
            double[] drawn = new double[6];
            double[] model = new double[6];
            for (int run = 0; run < drawn.length; run++) {
                double[] both = drawnFirstCards(ctx, t.id(), view, window);
                model[run] = both[0];
                drawn[run] = both[1];
            }
            OUT.printf("first board of the JVM, ViewModel's first cards: %.1f ms; window to first cards "
                    + "drawn: %.1f ms (target <= 300 ms) %s%n", model[0], drawn[0],
                    drawn[0] <= 300 ? "OK" : "OVER");
            OUT.printf("the next 5 boards: ViewModel median %.1f ms, window median %.1f ms%n",
                    median(Arrays.copyOfRange(model, 1, model.length)),
                    median(Arrays.copyOfRange(drawn, 1, drawn.length)));
        }
        Platform.exit();
        System.exit(0);
    }

    /** Milliseconds from the open to the ViewModel's first cards of the column, and to the first card drawn. */
    private static double[] drawnFirstCards(ViewContext ctx, UUID table, UUID view, BorderPane window)
            throws Exception {
        CompletableFuture<double[]> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            long s = System.nanoTime();
            java.time.Instant startedAt = java.time.Instant.now(); // to find the board in a JFR recording
            long cpu = TRACE_ON ? CpuUse.THREADS.getCurrentThreadCpuTime() : 0;
            CpuUse use = TRACE_ON ? CpuUse.now() : null;
            KanbanViewModel vm = new KanbanViewModel(ctx);
            KanbanView kv = new KanbanView(vm, () -> DateTimeFormatter.ISO_LOCAL_DATE);
            window.setCenter(kv.root()); // as the view host places a board in the main window
            long built = System.nanoTime();
            if (TRACE_ON) {
                vm.columns().addListener((javafx.collections.ListChangeListener<KanbanColumn>) ch -> {
                    for (KanbanColumn col : vm.columns()) {
                        col.cards().addListener((javafx.collections.ListChangeListener<Row>) x ->
                                TRACE.append(String.format(" cards@%.0f", (System.nanoTime() - s) / 1e6)));
                    }
                });
            }
            vm.open(table, view);
            if (TRACE_ON) {
                TRACE.setLength(0);
                TRACE.append(String.format("at %s: built %.0f, opened %.0f;", startedAt, (built - s) / 1e6,
                        (System.nanoTime() - s) / 1e6));
            }
            double[] out = {-1, -1};
            // checked after each layout pulse (not by spinning on the FX thread, which would take a core from the
            // worker reading the cards)
            Runnable[] check = new Runnable[1];
            Runnable[] before = new Runnable[1];
            before[0] = () -> TRACE.append(String.format(" layout@%.0f", (System.nanoTime() - s) / 1e6));
            if (TRACE_ON) window.getScene().addPreLayoutPulseListener(before[0]);
            check[0] = () -> {
                if (TRACE_ON) TRACE.append(String.format(" pulse@%.0f", (System.nanoTime() - s) / 1e6));
                if (out[0] < 0 && vm.column(RankedBoardData.COLUMN).map(c -> !c.cards().isEmpty()).orElse(false)) {
                    out[0] = (System.nanoTime() - s) / 1e6;
                }
                if (out[1] < 0 && kv.root().lookup("." + KanbanView.CARD_TITLE) != null) {
                    out[1] = (System.nanoTime() - s) / 1e6;
                    window.getScene().removePostLayoutPulseListener(check[0]);
                    window.getScene().removePreLayoutPulseListener(before[0]);
                    if (TRACE_ON) {
                        TRACE.append(String.format("; FX thread CPU %.0f ms",
                                (CpuUse.THREADS.getCurrentThreadCpuTime() - cpu) / 1e6));
                        TRACE.append("; ").append(use.since());
                        OUT.println(TRACE);
                    }
                    done.complete(out);
                }
            };
            window.getScene().addPostLayoutPulseListener(check[0]);
        });
        double[] out = done.get(60, TimeUnit.SECONDS);
        CountDownLatch cleared = new CountDownLatch(1);
        Platform.runLater(() -> {
            window.setCenter(null);
            cleared.countDown();
        });
        cleared.await();
        Thread.sleep(200); // the counts of the board just shown finish in the background
        return out;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
