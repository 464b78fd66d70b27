package dev.rowan.desktop.bench;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.views.RecordEditor;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.views.kanban.KanbanViewModel;
import dev.rowan.desktop.workspace.RankedPage;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Cursor;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.view.KanbanConfig;
import dev.rowan.model.view.Rank;
import org.jspecify.annotations.Nullable;

import java.io.PrintStream;
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
 * Manual order on a column of 100,000 records (issue 11, h-kanban3), H2 (prints numbers, asserts nothing): a view in
 * which every record is ranked and one in which the older half is, each: the first cards of the board (target
 * <= 300 ms), the page right after the last ranked card (where the unranked part begins) and a page deep in the
 * unranked part. Run after a reactor {@code test-compile} with
 * {@code java -cp desktop-app/target/test-classes:desktop-app/target/classes:shared-model/target/classes:$(cat cp.txt)
 * dev.rowan.desktop.bench.KanbanManualOrderBenchmark 100000} (cp.txt from {@code dependency:build-classpath}).
 */
public final class KanbanManualOrderBenchmark {
    private static final PrintStream OUT = System.out;

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
                // what finished work queued after it
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("rowan-kanban-order-bench");
        try (Workspace ws = Workspace.open(dir)) {
            SchemaStore schema = new SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            ViewStore views = new ViewStore(ws);
            List<SelectOption> options = List.of(new SelectOption("m1", "Todo", "blue"),
                    new SelectOption("m2", "Done", "green"));
            TableDef t = schema.createTable(schema.createApp("Bench").id(), null, "Ordered", List.of(
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
            List<Row> created = records.page(t, null, List.of(), null, rows).rows();
            OUT.printf("(setup: %,d rows in one column in %d ms)%n", rows, (System.nanoTime() - ts) / 1_000_000);
            Filter column = Filter.where(status.id().toString(), Operator.EQ, "Todo");
            run(ws, schema, records, views, t, status, created, column, rows, "every record ranked");
            run(ws, schema, records, views, t, status, created, column, rows / 2, "the older half ranked");
        }
    }

    private static void run(Workspace ws, SchemaStore schema, RecordStore records, ViewStore views, TableDef t,
                            FieldDef status, List<Row> created, Filter column, int ranked, String what) {
        UUID view = views.save(t, null, "Board " + what, KanbanConfig.stackedBy(status.id()).withManualOrder(true));
        // the first `ranked` records (created order) ranked in reverse, so the order is the ranks', not the rows'
        List<String> keys = Rank.after(null, ranked);
        ws.write(c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.view_ranks (view_id, record_id, "
                    + "\"rank\", updated_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)")) {
                for (int i = 0; i < ranked; i++) {
                    ps.setObject(1, view);
                    ps.setObject(2, created.get(i).id());
                    ps.setString(3, keys.get(ranked - 1 - i));
                    ps.addBatch();
                    if (i % 5_000 == 4_999) ps.executeBatch();
                }
                ps.executeBatch();
            }
            // as RankStore does for each rank it writes: a ranked record leaves the view's kept unranked records
            try (java.sql.PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.view_unranked u WHERE "
                    + "u.view_id = ? AND EXISTS (SELECT 1 FROM rowan.view_ranks r WHERE r.view_id = u.view_id AND "
                    + "r.record_id = u.record_id)")) {
                ps.setObject(1, view);
                ps.executeUpdate();
            }
            return null;
        });
        String label = String.format("manual order, one column of %,d, %s", created.size(), what);
        double[] first = new double[6];
        for (int run = 0; run < first.length; run++) {
            Stepper steps = new Stepper();
            KanbanViewModel vm = new KanbanViewModel(new ViewContext(schema, records,
                    new RecordEditor(records, new UndoStack()), views, steps));
            long t0 = System.nanoTime();
            vm.open(t.id(), view);
            steps.step();
            first[run] = (System.nanoTime() - t0) / 1e6;
            if (vm.column("m1").map(c -> c.cards().isEmpty()).orElse(true)) OUT.println("(first cards NOT SHOWN)");
            steps.drain();
        }
        report(label + ": first cards (cold run)", first[0], 300);
        report(label + ": first cards (median of 5 warm runs)", median(Arrays.copyOfRange(first, 1, first.length)), 300);

        // the page right after the last ranked card (the lowest rank is on the first created record)
        Row lastRanked = created.getFirst();
        Cursor seam = RecordSql.rankCursor(view, keys.getLast(), lastRanked.createdAt(), lastRanked.id());
        double[] seamPages = time(ws, 5, () -> records.rankedPage(t, column, view, seam, KanbanViewModel.PAGE));
        RankedPage after = records.rankedPage(t, column, view, seam, KanbanViewModel.PAGE);
        OUT.printf("%s: page after the last ranked card: %.1f ms median of 5, %s (%d cards)%n", label,
                median(seamPages), Arrays.toString(seamPages), after.page().rows().size());
        if (ranked < created.size()) {
            Row deep = created.get(ranked + (created.size() - ranked) * 4 / 5);
            Cursor inUnranked = RecordSql.rankCursor(view, null, deep.createdAt(), deep.id());
            double[] deepPages = time(ws, 5, () -> records.rankedPage(t, column, view, inUnranked, KanbanViewModel.PAGE));
            OUT.printf("%s: a page 80%% into the unranked cards: %.1f ms median of 5%n", label, median(deepPages));
        }
    }

    /** {@code n} timed runs, each after a write (H2 answers a repeated query from its cache until the data change). */
    /**
     * {@code n} timed runs, each after a write (H2 answers a repeated query from its cache until the data change):
     * one app's name set again.
     */
    private static double[] time(Workspace ws, int n, Runnable r) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            ws.write(c -> {
                try (var st = c.createStatement()) {
                    st.executeUpdate("UPDATE rowan.apps SET name = name");
                }
                return null;
            });
            long t0 = System.nanoTime();
            r.run();
            out[i] = (System.nanoTime() - t0) / 1e6;
        }
        return out;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void report(String what, double value, double target) {
        OUT.printf("%s: %.1f ms (target <= %.0f ms) %s%n", what, value, target, value <= target ? "OK" : "OVER");
    }
}
