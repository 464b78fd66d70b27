package dev.rowan.desktop.bench;

import dev.rowan.desktop.workspace.GroupSummaries;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridGrouping.GroupBy;
import dev.rowan.model.view.GridGrouping.Summary;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The grouped grid grouped by each member of a user field with several members (slice h-grouphdr; not a unit test,
 * numbers are printed): groups and footer (sum, one level by member, two levels member → region), the count of the
 * group-order listing, and its first and a deep page, on 100,000 and 1,000,000 rows. Each figure is the median and
 * worst of 5 runs after one warm-up, each after a write of one record's number (which a kept grouping follows: these
 * are the reads after an edit); "first" is the warm-up, the first read of that shape (a full read, unless an earlier
 * line kept the same grouping: the listing's pages use the counts its count kept). Before those, at each size, the
 * COLD reads: each shape read once right after the workspace is closed and opened again (nothing kept, H2's page
 * cache empty; the very first line at 100,000 rows is also the first read in the JVM), in the order the grouped grid
 * reads them (its header numbers, then its listing's count, which takes the counts of the numbers kept just before),
 * a listing count no kept grouping answers (another filter), and a grouping with a unique count (not folded: read by
 * the join to positions).
 * Run (from the worktree root, after a reactor build):
 * {@code java -Xmx1g -cp <desktop test-classes:classes:shared-model classes:dependency classpath>
 * dev.rowan.desktop.bench.GroupedByEachValueBenchmark} ({@code -Drowan.bench.rows=100000}: the first size only)
 */
public final class GroupedByEachValueBenchmark {
    private static final int RUNS = 5;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("rowan-each-bench");
        Workspace ws = Workspace.open(dir);
        try {
            SchemaStore schema = new SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            TableDef t = schema.createTable(schema.createApp("Bench").id(), null, "Tasks", List.of(
                    FieldDef.of(UUID.randomUUID(), "Region", new FieldType.Text()),
                    FieldDef.of(UUID.randomUUID(), "Team", new FieldType.User(true)),
                    FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(2))));
            List<String> people = new ArrayList<>();
            for (int i = 0; i < 8; i++) people.add(UUID.randomUUID().toString());
            Random r = new Random(3);
            int inserted = 0;
            // -Drowan.bench.rows=100000 stops after the first size
            int most = Integer.getInteger("rowan.bench.rows", 1_000_000);
            for (int target : new int[] {100_000, 1_000_000}) {
                if (target > most) break;
                while (inserted < target) {
                    int n = Math.min(100_000, target - inserted);
                    List<Map<UUID, @Nullable Object>> rows = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        Map<UUID, @Nullable Object> v = new HashMap<>();
                        v.put(t.fields().get(0).id(), "Region " + r.nextInt(8));
                        List<String> team = new ArrayList<>();
                        for (String p : people) if (r.nextInt(4) == 0) team.add(p);
                        v.put(t.fields().get(1).id(), team.isEmpty() ? null : team);
                        v.put(t.fields().get(2).id(), BigDecimal.valueOf(r.nextInt(100_000), 2));
                        rows.add(v);
                    }
                    records.insertAll(t, rows, () -> false);
                    inserted += n;
                }
                ws.close();
                ws = Workspace.open(dir);
                records = new RecordStore(ws);
                cold(records, t, target);
                run(records, t, target);
            }
        } finally {
            ws.close();
        }
    }

    /** The first read of each shape in a workspace just opened (nothing kept), in this order. */
    private static void cold(RecordStore records, TableDef t, int rows) {
        GroupSummaries s = records.summaries();
        Map<UUID, Summary> footer = Map.of(t.fields().get(2).id(), Summary.SUM);
        List<GroupBy> one = List.of(new GroupBy(t.fields().get(1).id(), false));
        List<GroupBy> two = List.of(new GroupBy(t.fields().get(1).id(), false), new GroupBy(t.fields().get(0).id(), false));
        long t0 = System.nanoTime();
        s.summarize(t, null, one, footer);
        long t1 = System.nanoTime();
        s.summarize(t, null, two, footer);
        long t2 = System.nanoTime();
        s.listedCount(t, null, one);
        long t3 = System.nanoTime();
        s.listed(t, null, one, 0, 100);
        long t4 = System.nanoTime();
        // a listing whose grouping nothing kept (its own filter): counted by its own read
        s.listedCount(t, dev.rowan.model.query.Filter.where(t.fields().get(2).id().toString(),
                dev.rowan.model.query.Operator.GT, BigDecimal.ZERO), one);
        long t5 = System.nanoTime();
        // a unique count is not folded (EachValueFold): read by the join to positions
        s.summarize(t, null, one, Map.of(t.fields().get(0).id(), Summary.UNIQUE));
        long t6 = System.nanoTime();
        System.out.printf("%,d rows, COLD (workspace just opened): by member + footer %d ms, member → region + footer"
                        + " %d ms, listing count %d ms, its first page %d ms; listing count with a filter, nothing"
                        + " kept, %d ms; by member with a unique count (the join) %d ms%n", rows, (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000, (t5 - t4) / 1_000_000,
                (t6 - t5) / 1_000_000);
    }

    private static void run(RecordStore records, TableDef t, int rows) {
        GroupSummaries s = records.summaries();
        Map<UUID, Summary> footer = Map.of(t.fields().get(2).id(), Summary.SUM);
        List<GroupBy> one = List.of(new GroupBy(t.fields().get(1).id(), false));
        List<GroupBy> two = List.of(new GroupBy(t.fields().get(1).id(), false), new GroupBy(t.fields().get(0).id(), false));
        UUID any = records.page(t, null, List.of(), null, 1).rows().getFirst().id();
        String[] names = {"groups + footer, by member", "groups + footer, member → region", "listing count",
                "listing first page", "listing page at the middle"};
        for (int k = 0; k < names.length; k++) {
            long[] ms = new long[RUNS];
            long first = 0;
            for (int i = -1; i < RUNS; i++) {
                // a write first: the kept result of a grouping by each value is read again after any write
                records.update(t, List.of(new RecordStore.CellChange(any, t.fields().get(2).id(), null,
                        BigDecimal.valueOf(i + 7))));
                long t0 = System.nanoTime();
                switch (k) {
                    case 0 -> s.summarize(t, null, one, footer);
                    case 1 -> s.summarize(t, null, two, footer);
                    case 2 -> s.listedCount(t, null, one);
                    case 3 -> s.listed(t, null, one, 0, 100);
                    default -> s.listed(t, null, one, rows, 100);
                }
                if (i >= 0) ms[i] = (System.nanoTime() - t0) / 1_000_000;
                else first = (System.nanoTime() - t0) / 1_000_000;
            }
            Arrays.sort(ms);
            System.out.printf("%,d rows, %s: first %d ms, then median %d ms, worst %d ms%n", rows, names[k], first,
                    ms[RUNS / 2], ms[RUNS - 1]);
        }
    }
}
