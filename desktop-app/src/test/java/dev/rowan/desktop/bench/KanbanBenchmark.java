package dev.rowan.desktop.bench;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.views.RecordEditor;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.views.kanban.KanbanColumn;
import dev.rowan.desktop.views.kanban.KanbanViewModel;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.KanbanConfig;
import org.jspecify.annotations.Nullable;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The kanban targets of issue 11 on this machine (prints numbers, asserts nothing): a board with 5 columns (4 options
 * and "No value") over a 100,000-row table, time to its first cards (target ≤ 300 ms), the counts after them, the
 * next page of a column, and a card dragged to another column until the record is updated in H2 with its outbox
 * entry (target ≤ 50 ms); then a column of 100,000 records in a view's manual order (every record ranked): its first
 * cards and a drag within it until the rank and its outbox entry are written. Run:
 * {@code ./mvnw -B -q -pl desktop-app -am -Pbenchmark test-compile exec:exec -Drowan.bench.main=dev.rowan.desktop.bench.KanbanBenchmark}
 * (first argument: rows, default 100,000).
 */
public final class KanbanBenchmark {
    private static final PrintStream OUT = System.out;

    /** Runs submitted work only when asked, one task at a time, so the first cards can be timed apart from counts. */
    private static final class Stepper implements TaskExecutor {
        private final Deque<Runnable> queue = new ArrayDeque<>();

        @Override
        public <T> Handle submit(String title, Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
            queue.add(() -> new SameThreadTaskExecutor().submit(title, work, onSuccess, onError));
            return () -> { };
        }

        boolean step() {
            Runnable r = queue.poll();
            if (r == null) return false;
            r.run();
            return true;
        }

        void drain() {
            while (step()) {
                // run what the finished work queued after it
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 && !args[0].equals("--") ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("rowan-kanban-bench");
        try (Workspace ws = Workspace.open(dir)) {
            SchemaStore schema = new SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            List<SelectOption> options = List.of(new SelectOption("o1", "Backlog", "gray"),
                    new SelectOption("o2", "Todo", "blue"), new SelectOption("o3", "Doing", "orange"),
                    new SelectOption("o4", "Done", "green"));
            TableDef t = schema.createTable(schema.createApp("Bench").id(), null, "Board", List.of(
                    FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                    FieldDef.of(UUID.randomUUID(), "Estimate", new FieldType.NumberType(0)),
                    FieldDef.of(UUID.randomUUID(), "Status", new FieldType.SingleSelect(options))));
            FieldDef status = t.fields().get(2);
            long ts = System.nanoTime();
            // 40 % backlog, 25 % to do, 15 % doing, 15 % done, 5 % without a status
            for (int done = 0; done < rows; done += 10_000) {
                List<Map<UUID, @Nullable Object>> chunk = new ArrayList<>();
                for (int i = done; i < Math.min(rows, done + 10_000); i++) {
                    Map<UUID, @Nullable Object> v = new HashMap<>();
                    v.put(t.fields().get(0).id(), "Card " + i);
                    v.put(t.fields().get(1).id(), BigDecimal.valueOf(i % 13));
                    int p = i % 20;
                    v.put(status.id(), p < 8 ? "o1" : p < 13 ? "o2" : p < 16 ? "o3" : p < 19 ? "o4" : null);
                    chunk.add(v);
                }
                records.insertAll(t, chunk, () -> false);
            }
            OUT.printf("(setup: %,d rows inserted in %d ms)%n", rows, ms(ts));
            ViewStore views = new ViewStore(ws);
            UUID view = views.save(t, null, "Board", KanbanConfig.stackedBy(status.id())
                    .withCardFields(List.of(t.fields().get(1).id()), 1));

            // time to first cards: open the board and run its first read (five pages of cards); cold, then warm
            double[] first = new double[6];
            double[] counts = new double[first.length];
            KanbanViewModel vm = null;
            Stepper steps = new Stepper();
            for (int run = 0; run < first.length; run++) {
                steps = new Stepper();
                vm = new KanbanViewModel(new ViewContext(schema, records, new RecordEditor(records, new UndoStack()),
                        views, steps));
                long t0 = System.nanoTime();
                vm.open(t.id(), view);
                steps.step();
                first[run] = (System.nanoTime() - t0) / 1e6;
                boolean shown = vm.columns().size() == 5 && vm.columns().stream().allMatch(c -> !c.cards().isEmpty());
                if (!shown) OUT.println("(first cards NOT SHOWN)");
                long t1 = System.nanoTime();
                steps.drain();
                counts[run] = (System.nanoTime() - t1) / 1e6;
            }
            report(String.format("kanban, 5 columns on %,d rows: first cards (cold run)", rows), first[0], 300);
            report(String.format("kanban, 5 columns on %,d rows: first cards (median of %d warm runs)", rows,
                    first.length - 1), median(Arrays.copyOfRange(first, 1, first.length)), 300);
            OUT.printf("kanban: all 5 column counts after the first cards: %.1f ms median (no target)%n",
                    median(Arrays.copyOfRange(counts, 1, counts.length)));

            // scrolling a column: its next pages
            KanbanColumn backlog = vm.column("o1").orElseThrow();
            double[] pages = new double[20];
            for (int i = 0; i < pages.length; i++) {
                long t0 = System.nanoTime();
                vm.loadMore(backlog);
                steps.drain();
                pages[i] = (System.nanoTime() - t0) / 1e6;
            }
            OUT.printf("kanban: next page of %d cards while scrolling a column: %.1f ms median, %.1f ms p95 (%,d cards loaded)%n",
                    KanbanViewModel.PAGE, median(pages), p95(pages), backlog.cards().size());

            // drag a card to another column: until the record and its outbox entry are written in H2
            double[] moves = new double[100];
            for (int i = 0; i < moves.length; i++) {
                KanbanColumn from = vm.column(i % 2 == 0 ? "o1" : "o3").orElseThrow();
                Row card = from.cards().get(i % 10);
                long t0 = System.nanoTime();
                vm.move(card.id(), i % 2 == 0 ? "o3" : "o1");
                steps.drain();
                moves[i] = (System.nanoTime() - t0) / 1e6;
                Object now = records.byId(t, card.id()).orElseThrow().value(status.id());
                if (!(i % 2 == 0 ? "o3" : "o1").equals(now)) OUT.println("(move " + i + " NOT STORED)");
            }
            report("kanban: drag a card to another column -> record updated locally (median of 100)", median(moves), 50);
            report("kanban: drag a card to another column -> record updated locally (p95 of 100)", p95(moves), 50);

            manualOrder(schema, records, views, ws, t.appId(), rows);
        }
    }

    /**
     * Manual order: one column holding every record of a table of {@code rows}, in a view's manual order where every
     * record has a rank (the worst case for the rank join: no record falls back to created order), time to its first
     * cards and to a drag within the column (one rank and its outbox entry written in H2).
     */
    private static void manualOrder(SchemaStore schema, RecordStore records, ViewStore views, Workspace ws, UUID app,
                                    int rows) {
        List<SelectOption> options = List.of(new SelectOption("m1", "Todo", "blue"), new SelectOption("m2", "Done", "green"));
        TableDef t = schema.createTable(app, null, "Ordered", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Status", new FieldType.SingleSelect(options))));
        FieldDef status = t.fields().get(1);
        long ts = System.nanoTime();
        for (int done = 0; done < rows; done += 10_000) {
            List<Map<UUID, @Nullable Object>> chunk = new ArrayList<>();
            for (int i = done; i < Math.min(rows, done + 10_000); i++) {
                Map<UUID, @Nullable Object> v = new HashMap<>();
                v.put(t.fields().get(0).id(), "Ordered " + i);
                v.put(status.id(), "m1");
                chunk.add(v);
            }
            records.insertAll(t, chunk, () -> false);
        }
        UUID view = views.save(t, null, "Ordered board", KanbanConfig.stackedBy(status.id()).withManualOrder(true));
        // every record ranked, in reverse creation order (so the order is the ranks', not the rows')
        List<String> keys = dev.rowan.model.view.Rank.after(null, rows);
        List<UUID> ids = new ArrayList<>();
        dev.rowan.desktop.workspace.Page page = records.page(t, null, List.of(), null, rows);
        for (Row r : page.rows()) ids.add(r.id());
        ws.write(c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.view_ranks (view_id, record_id, "
                    + "\"rank\", updated_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)")) {
                for (int i = 0; i < ids.size(); i++) {
                    ps.setObject(1, view);
                    ps.setObject(2, ids.get(i));
                    ps.setString(3, keys.get(ids.size() - 1 - i));
                    ps.addBatch();
                    if (i % 5_000 == 4_999) ps.executeBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
        OUT.printf("(setup: %,d ranked rows in one column in %d ms)%n", rows, ms(ts));
        double[] first = new double[6];
        KanbanViewModel vm = null;
        Stepper steps = new Stepper();
        for (int run = 0; run < first.length; run++) {
            steps = new Stepper();
            vm = new KanbanViewModel(new ViewContext(schema, records, new RecordEditor(records, new UndoStack()),
                    views, steps));
            long t0 = System.nanoTime();
            vm.open(t.id(), view);
            steps.step();
            first[run] = (System.nanoTime() - t0) / 1e6;
            if (vm.column("m1").map(c -> c.cards().isEmpty()).orElse(true)) OUT.println("(first cards NOT SHOWN)");
            steps.drain();
        }
        report(String.format("kanban manual order, one column of %,d ranked rows: first cards (cold run)", rows),
                first[0], 300);
        report(String.format("kanban manual order, one column of %,d ranked rows: first cards (median of %d warm runs)",
                rows, first.length - 1), median(Arrays.copyOfRange(first, 1, first.length)), 300);
        KanbanColumn col = vm.column("m1").orElseThrow();
        double[] drags = new double[100];
        for (int i = 0; i < drags.length; i++) {
            Row card = col.cards().get(10 + i % 20);
            int to = i % 3 == 0 ? 0 : 1 + i % 7;
            long t0 = System.nanoTime();
            vm.place(card.id(), "m1", to);
            steps.drain();
            drags[i] = (System.nanoTime() - t0) / 1e6;
        }
        report("kanban manual order: drag a card within its column -> rank written locally (median of 100)",
                median(drags), 50);
        report("kanban manual order: drag a card within its column -> rank written locally (p95 of 100)", p95(drags), 50);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : s[s.length / 2];
    }

    private static double p95(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)];
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void report(String what, double value, double target) {
        OUT.printf("%s: %.1f ms (target <= %.0f ms) %s%n", what, value, target, value <= target ? "OK" : "OVER");
    }
}
