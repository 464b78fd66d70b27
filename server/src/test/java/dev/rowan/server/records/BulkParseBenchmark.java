package dev.rowan.server.records;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * The parse side of a bulk load alone (no server, no database): 100,000 rows of {@code HttpBenchmark}'s 10-field
 * shape through {@link BulkParser}, read by the streaming reader and by the map path ({@link BulkParser#TREE}),
 * alternating; prints the median process CPU time per row of each. CPU time, not wall time, so that other work on
 * the machine moves it less. Run: {@code java -cp "server/target/test-classes:server/target/classes:server/target/libs/*"
 * dev.rowan.server.records.BulkParseBenchmark [passes]} with the server's JVM options.
 */
public final class BulkParseBenchmark {
    private BulkParseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        TableDef table = table();
        byte[] body = body(100_000);
        FieldLookup lookup = new FieldLookup(table);
        List<Double> stream = new ArrayList<>();
        List<Double> tree = new ArrayList<>();
        for (int k = 0; k < passes; k++) {
            tree.add(cpuPerRow(body, table, lookup, BulkParser.TREE));
            stream.add(cpuPerRow(body, table, lookup, BulkParser.STREAMING));
        }
        // the first passes warm the JIT up
        List<Double> s = stream.subList(passes / 3, passes).stream().sorted().toList();
        List<Double> t = tree.subList(passes / 3, passes).stream().sorted().toList();
        System.out.printf(Locale.ROOT, "bulk parse, 100,000 rows, CPU per row (median of %d passes after %d warm-up):%n",
                s.size(), passes / 3);
        System.out.printf(Locale.ROOT, "  map path (Jackson tree, text walk, RecordInput.parse)  %.2f µs%n", t.get(t.size() / 2));
        System.out.printf(Locale.ROOT, "  streaming (BulkRecordReader)                           %.2f µs%n", s.get(s.size() / 2));
    }

    private static double cpuPerRow(byte[] body, TableDef table, FieldLookup lookup, BulkParser.Element element)
            throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        int rows = 0;
        try (BulkParser parser = new BulkParser(() -> new ByteArrayInputStream(body), table, lookup, 100_000,
                element)) {
            while (true) {
                BulkParser.Item item = parser.next();
                if (item instanceof BulkParser.Row) {
                    rows++;
                } else if (!(item instanceof BulkParser.Refused)) {
                    if (!(item instanceof BulkParser.End)) throw new IllegalStateException(item.toString());
                    break;
                }
            }
        }
        if (rows != 100_000) throw new IllegalStateException("only " + rows + " rows were valid");
        return (os.getProcessCpuTime() - cpu) / 1_000.0 / rows;
    }

    private static TableDef table() {
        List<SelectOption> status = new ArrayList<>();
        for (String s : List.of("A", "B", "C", "D")) status.add(new SelectOption(UUID.randomUUID().toString(), s, "blue"));
        List<SelectOption> tags = new ArrayList<>();
        for (String s : List.of("x", "y", "z")) tags.add(new SelectOption(UUID.randomUUID().toString(), s, "blue"));
        List<FieldDef> fields = List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0)),
                FieldDef.of(UUID.randomUUID(), "Price", new FieldType.Currency("EUR", 2)),
                FieldDef.of(UUID.randomUUID(), "Share", new FieldType.Percent(0)),
                FieldDef.of(UUID.randomUUID(), "Due", new FieldType.DateType(false)),
                FieldDef.of(UUID.randomUUID(), "Status", new FieldType.SingleSelect(status)),
                FieldDef.of(UUID.randomUUID(), "Tags", new FieldType.MultipleSelect(tags)),
                FieldDef.of(UUID.randomUUID(), "Done", new FieldType.BooleanType()),
                FieldDef.of(UUID.randomUUID(), "Contact", new FieldType.Email()),
                FieldDef.of(UUID.randomUUID(), "Notes", new FieldType.LongText()));
        return new TableDef(UUID.randomUUID(), UUID.randomUUID(), "Bench", "c_bench", "dt_bench", fields);
    }

    /** The body HttpBenchmark sends, in its shape and value ranges. */
    private static byte[] body(int n) {
        Random r = new Random(14);
        String[] words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet".split(" ");
        StringBuilder sb = new StringBuilder("{\"records\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(',');
            sb.append("{\"fields\":{\"Title\":\"").append(words[r.nextInt(words.length)]).append(' ')
                    .append(words[r.nextInt(words.length)]).append(' ').append(r.nextInt(100_000))
                    .append("\",\"Qty\":").append(r.nextInt(1000))
                    .append(",\"Price\":").append(r.nextInt(100_000) / 100.0)
                    .append(",\"Share\":").append(r.nextInt(100))
                    .append(",\"Due\":\"").append(java.time.LocalDate.of(2020, 1, 1).plusDays(r.nextInt(3650)))
                    .append("\",\"Status\":\"").append("ABCD".charAt(r.nextInt(4)))
                    .append("\",\"Tags\":").append(r.nextBoolean() ? "[\"x\"]" : "[\"y\",\"z\"]")
                    .append(",\"Done\":").append(r.nextBoolean())
                    .append(",\"Contact\":\"user").append(r.nextInt(10_000)).append("@example.com\"")
                    .append(",\"Notes\":\"Note ").append(r.nextInt()).append("\"}}");
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
