package dev.rowan.desktop.bench;

import dev.rowan.desktop.workspace.LinkSearch;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The record picker's search (numbers printed, never asserted): one page of 50 matches of the typed text over the
 * titles of a linked table of 100,000 records (which has the link's inverse field, as a designed link gives it),
 * read through {@link LinkSearch} as the picker reads it on every key. Run (from the worktree root, without
 * installing anything):
 * <pre>
 * ./mvnw -B -q -pl desktop-app -am -Pbenchmark test-compile
 * ./mvnw -B -q -pl desktop-app dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test -DexcludeGroupIds=dev.rowan
 * java -Xmx1g -cp "desktop-app/target/test-classes:desktop-app/target/classes:shared-model/target/classes:$(cat /tmp/cp.txt)" \
 *     dev.rowan.desktop.bench.LinkPickerBenchmark [records]
 * </pre>
 */
public final class LinkPickerBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("rowan-picker-bench");
        try (Workspace ws = Workspace.open(dir)) {
            SchemaStore schema = new SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            UUID app = schema.createApp("Bench").id();
            TableDef tasks = schema.createTable(app, null, "Tasks", List.of(
                    FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text())));
            TableDef projects = schema.createTable(app, null, "Projects", List.of(
                    FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
            schema.addField(projects.id(), FieldDef.of(UUID.randomUUID(), "Tasks",
                    new FieldType.Link(tasks.id(), null, false, null, true)), "Projects");
            tasks = schema.table(tasks.id());
            UUID title = tasks.fields().getFirst().id();
            List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Map<UUID, @Nullable Object> v = new HashMap<>();
                v.put(title, "Task " + i + " of the plan");
                rows.add(v);
            }
            long t0 = System.nanoTime();
            records.insertAll(tasks, rows, () -> false);
            System.out.printf(Locale.ROOT, "Record picker search on H2: %,d records in the linked table (loaded in %.1f s)%n",
                    n, (System.nanoTime() - t0) / 1e9);
            LinkSearch search = new LinkSearch(schema, records);
            for (String q : new String[]{"", "T", "Task 9", "Task 99999", "of the", "nothing like this"}) {
                double[] ms = new double[21];
                int found = 0;
                for (int r = 0; r < ms.length; r++) {
                    long s = System.nanoTime();
                    found = search.search(tasks, q, 50).size();
                    ms[r] = (System.nanoTime() - s) / 1e6;
                }
                Arrays.sort(ms, 1, ms.length);
                System.out.printf(Locale.ROOT, "  search %-22s %2d matches  p50 %7.1f ms  p90 %7.1f ms  (first %.1f ms)%n",
                        "\"" + q + "\"", found, ms[11], ms[19], ms[0]);
            }
        }
    }
}
