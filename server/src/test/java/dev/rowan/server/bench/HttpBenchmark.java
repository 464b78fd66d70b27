package dev.rowan.server.bench;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.ServerProcess;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The server benchmark of issue #2, over HTTP: {@code ./rowan bench [--rows-large 1000000] [--only bulk] [--url U
 * --email E --password P --pid N --db-url JDBC]}. Without --url it starts a fresh server (embedded PostgreSQL,
 * temporary data folder) as a child process with the JVM options of {@code ./rowan server}, so RSS is measured on
 * the real process. The raw COPY baseline (issue 14) connects to that server's PostgreSQL ({@code --db-url} for a
 * server started elsewhere). {@code --only bulk} runs the bulk measures only. Prints one table of results.
 */
public final class HttpBenchmark {
    private static final String[] WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima "
            + "mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu").split(" ");
    private static final List<String> STATUS = List.of("A", "B", "C", "D");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ApiClient api;
    private final long pid;
    private final int largeRows;
    /** JDBC URL of the server's PostgreSQL (for the raw COPY baseline), or null when it is not reachable. */
    private final String dbUrl;
    private final boolean bulkOnly;
    private final List<String[]> rows = new ArrayList<>();
    private final Random random = new Random(42);

    private HttpBenchmark(ApiClient api, long pid, int largeRows, String dbUrl, boolean bulkOnly) {
        this.api = api;
        this.pid = pid;
        this.largeRows = largeRows;
        this.dbUrl = dbUrl;
        this.bulkOnly = bulkOnly;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        int large = Integer.parseInt(opts.getOrDefault("rows-large", "1000000"));
        Process child = null;
        String url = opts.get("url");
        long pid = Long.parseLong(opts.getOrDefault("pid", "0"));
        String email = opts.getOrDefault("email", "admin@rowan.local");
        String password = opts.getOrDefault("password", "bench-password");
        Path dataDir = null;
        // the raw COPY baseline connects to the same PostgreSQL (postgres/postgres on the embedded one)
        String dbUrl = opts.get("db-url");
        if (url == null) {
            int port = ServerProcess.freePort();
            int dbPort = ServerProcess.freePort();
            dbUrl = "jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres?user=postgres&password=postgres";
            dataDir = Files.createTempDirectory("rowan-bench");
            String jvm = opts.getOrDefault("jvm", System.getenv("ROWAN_JAVA_OPTS"));
            if (jvm == null) throw new IllegalStateException("run through ./rowan bench (it sets ROWAN_JAVA_OPTS)");
            child = ServerProcess.start(ServerProcess.jar(jvm), port, dataDir, password,
                    Map.of("ROWAN_EMBEDDED_DB_PORT", String.valueOf(dbPort)));
            pid = child.pid();
            url = "http://127.0.0.1:" + port;
            waitForHealth(new ApiClient(url), child, dataDir);
        }
        try {
            ApiClient api = new ApiClient(url);
            var login = api.login(email, password);
            if (login.status() != 200) throw new IllegalStateException("login failed: " + login.body());
            new HttpBenchmark(api, pid, large, dbUrl, "bulk".equals(opts.get("only"))).run();
        } finally {
            if (child != null) {
                child.destroy();
                child.waitFor(60, TimeUnit.SECONDS);
            }
            // the server's data folder (its PostgreSQL holds GBs after a 1,000,000-row run) goes with it
            if (dataDir != null && (child == null || !child.isAlive())) deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static void waitForHealth(ApiClient api, Process child, Path dataDir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new IllegalStateException("server exited: " + Files.readString(dataDir.resolve("server.log")));
            }
            try {
                if (api.get("/health").status() == 200) return;
            } catch (RuntimeException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("server did not become healthy");
    }

    private record Row(String what, String measured, String target, String nocodb, String directus) {
    }

    private final List<Row> results = new ArrayList<>();

    private void report(String what, String measured, String target, String nocodb, String directus) {
        results.add(new Row(what, measured, target, nocodb, directus));
        System.out.printf(Locale.ROOT, "  %-58s %s%n", what, measured);
    }

    private void run() throws Exception {
        System.out.println("Rowan HTTP benchmark (" + Runtime.getRuntime().availableProcessors() + " cores)");
        if (!bulkOnly) Thread.sleep(20_000);
        long idle = rssMb();
        String app = api.createApp("Benchmark " + System.currentTimeMillis());

        // (a) create a table with 10 typed fields
        List<Double> createTable = new ArrayList<>();
        for (int i = 0; i < 5; i++) createTable(app, "warmup " + i, false);
        for (int i = 0; i < 40; i++) {
            long t0 = System.nanoTime();
            createTable(app, "t" + i, false);
            createTable.add(ms(t0));
        }
        report("(a) create table with 10 typed fields, p50", p(createTable, 50) + " ms", "<= 25 ms", "75 ms", "116 ms");

        // (c) bulk insert 100,000 rows in one request, into the plain 10-field table of (a)
        bulk((String) createTable(app, "warm-up", false).get("id"), 20_000);
        Map<String, Object> plain = createTable(app, "plain hundred thousand", false);
        String idPlain = (String) plain.get("id");
        double rate = bulk(idPlain, 100_000);
        report("(c) bulk insert 100,000 rows (one request)", String.format(Locale.ROOT, "%,.0f rows/s", rate),
                ">= 50,000 rows/s", "1,741 rows/s", "587 rows/s");
        // issue 14: the same 100,000 rows in batches of 1,000, and as a raw COPY into a table of the same shape
        List<Map<String, Object>> same = new ArrayList<>(100_000);
        for (int i = 0; i < 100_000; i++) same.add(row());
        Map<String, Object> batched = createTable(app, "batches of 1,000", false);
        bulkInBatches((String) createTable(app, "warm-up batches", false).get("id"), same.subList(0, 10_000), 1_000);
        double[] perBatch = bulkInBatches((String) batched.get("id"), same, 1_000);
        // one request and raw COPY alternate three times (medians): a busy machine moves single runs a lot
        List<Double> ones = new ArrayList<>();
        List<Double> raws = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            ones.add(bulk((String) createTable(app, "same rows, one request " + k, false).get("id"), same));
            if (dbUrl != null) raws.add(rawCopy(batched, same));
        }
        double rateOne = Double.parseDouble(p(ones, 50));
        if (dbUrl != null) {
            double raw = Double.parseDouble(p(raws, 50));
            report("(c) raw COPY of the same 100,000 rows into the same table shape (no Rowan), median of 3",
                    String.format(Locale.ROOT, "%,.0f rows/s", raw), "", "", "");
            report("(c) same rows, one request, median of 3 alternating with raw COPY, share of raw COPY",
                    String.format(Locale.ROOT, "%,.0f rows/s = %.0f %%", rateOne, 100 * rateOne / raw), ">= 80 %", "", "");
        } else {
            report("(c) same rows, one request", String.format(Locale.ROOT, "%,.0f rows/s", rateOne), "", "", "");
        }
        report("(c) same rows in batches of 1,000 (100 requests)",
                String.format(Locale.ROOT, "%,.0f rows/s", perBatch[0]), ">= 25,000 rows/s", "", "");
        report("    one batch of 1,000 rows, p50 / p95", String.format(Locale.ROOT, "%.1f / %.1f ms", perBatch[1],
                perBatch[2]), "", "", "");
        if (bulkOnly) {
            printTable();
            return;
        }

        Map<String, Object> t100k = createTable(app, "hundred thousand", true);
        String id100k = (String) t100k.get("id");
        double rateIndexed = bulk(id100k, 100_000);
        report("    same into a table with 4 indexed fields (btree + trigram)",
                String.format(Locale.ROOT, "%,.0f rows/s", rateIndexed), "", "", "");

        // (b) add and drop a field on the 100,000-row table
        List<Double> add = new ArrayList<>();
        List<Double> drop = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            long t0 = System.nanoTime();
            var r = api.post("/api/tables/" + id100k + "/fields", Map.of("name", "extra " + i, "type", "number"));
            double addMs = ms(t0);
            check(r, 201);
            long t1 = System.nanoTime();
            check(api.delete("/api/tables/" + id100k + "/fields/" + r.id() + "?purge=true"), 204);
            double dropMs = ms(t1);
            if (i >= 3) {
                add.add(addMs);
                drop.add(dropMs);
            }
        }
        report("(b) add field on 100,000 rows, p50", p(add, 50) + " ms", "<= 30 ms", "", "");
        report("(b) drop field on 100,000 rows, p50", p(drop, 50) + " ms", "<= 30 ms", "", "");

        // (d) filtered, sorted page of 50
        report("(d) number > X and select = B, by date desc, 50 rows @100k, p50",
                p(pages(id100k, false), 50) + " ms", "<= 10 ms", "59 ms", "39 ms");
        report("(d) text contains, by date desc, 50 rows @100k, p50",
                p(pages(id100k, true), 50) + " ms", "", "92 ms", "");

        // (g) issue 14: the same queries on a table created WITHOUT index flags, as people create tables; after
        // each query shape has been seen a few times the server builds its index in the background
        Map<String, Object> noFlags = createTable(app, "no index flags", false);
        String idNoFlags = (String) noFlags.get("id");
        bulk(idNoFlags, 100_000);
        if (dbUrl != null) report("(g) no index flags: table size @100k, heap / with indexes and TOAST", sizes(idNoFlags), "", "", "");
        List<Double> firstFilter = new ArrayList<>();
        List<Double> firstContains = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            firstFilter.add(page(idNoFlags, false, i, ""));
            firstContains.add(page(idNoFlags, true, i, ""));
        }
        long w0 = System.nanoTime();
        waitForAutomaticIndexes(idNoFlags, 3);
        System.out.printf(Locale.ROOT, "  (automatic indexes ready %.1f s after the third query)%n", ms(w0) / 1000);
        report("(g) no index flags: filter + sort as (d), first 3 requests (before the index), mean",
                String.format(Locale.ROOT, "%.1f ms", mean(firstFilter)), "", "", "");
        report("(g) no index flags: filter + sort as (d), after 3 sightings, 50 rows @100k, p50",
                p(pages(idNoFlags, false), 50) + " ms", "<= 10 ms", "", "52 ms");
        report("(g) no index flags: text contains as (d), first 3 requests (before the index), mean",
                String.format(Locale.ROOT, "%.1f ms", mean(firstContains)), "", "", "");
        report("(g) no index flags: text contains as (d), after 3 sightings, 50 rows @100k, p50",
                p(pages(idNoFlags, true), 50) + " ms", "<= 10 ms", "96 ms (best peer)", "");
        report("(g) no index flags: filter + sort page with count=capped (cap 10,000) @100k, p50",
                p(pages(idNoFlags, false, "&count=capped"), 50) + " ms", "<= 15 ms", "85 ms", "");
        report("(g) no index flags: text contains page with count=capped (cap 10,000) @100k, p50",
                p(pages(idNoFlags, true, "&count=capped"), 50) + " ms", "<= 15 ms", "131 ms", "");

        // (e) single create and update
        List<Double> creates = new ArrayList<>();
        List<Double> updates = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 550; i++) {
            long t0 = System.nanoTime();
            var r = api.post("/api/tables/" + idPlain + "/records", Map.of("fields", row()));
            double m = ms(t0);
            check(r, 201);
            ids.add(r.id());
            if (i >= 50) creates.add(m);
        }
        for (int i = 0; i < 550; i++) {
            long t0 = System.nanoTime();
            var r = api.patch("/api/tables/" + idPlain + "/records/" + ids.get(i),
                    Map.of("fields", Map.of("Qty", random.nextInt(1000), "Status", "C")));
            double m = ms(t0);
            check(r, 200);
            if (i >= 50) updates.add(m);
        }
        report("(e) single create, p50", p(creates, 50) + " ms", "<= 5 ms", "15 ms", "13 ms");
        report("(e) single update, p50", p(updates, 50) + " ms", "<= 5 ms", "13 ms", "12 ms");

        // (d) at the large size
        if (largeRows > 0) {
            Map<String, Object> big = createTable(app, "large", true);
            String idBig = (String) big.get("id");
            long t0 = System.nanoTime();
            for (int done = 0; done < largeRows; done += 100_000) bulk(idBig, Math.min(100_000, largeRows - done));
            System.out.printf(Locale.ROOT, "  (loaded %,d rows in %.1f s)%n", largeRows, ms(t0) / 1000);
            String n = String.format(Locale.ROOT, "%,d", largeRows);
            report("(d) number > X and select = B, by date desc, 50 rows @" + n + ", p50",
                    p(pages(idBig, false), 50) + " ms", "<= 20 ms", "", "");
            report("(d) text contains, by date desc, 50 rows @" + n + ", p50",
                    p(pages(idBig, true), 50) + " ms", "", "", "");
            List<Double> counts = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long c0 = System.nanoTime();
                check(api.get("/api/tables/" + idBig + "/records/count"), 200);
                counts.add(ms(c0));
            }
            report("    exact count @" + n + " (separate request), p50", p(counts, 50) + " ms", "", "", "");

            // (g) at the large size: no index flags, indexes built after 3 sightings
            String idBigNoFlags = (String) createTable(app, "large, no index flags", false).get("id");
            for (int done = 0; done < largeRows; done += 100_000) bulk(idBigNoFlags, Math.min(100_000, largeRows - done));
            for (int i = 0; i < 3; i++) {
                page(idBigNoFlags, false, i, "");
                page(idBigNoFlags, true, i, "");
            }
            long w1 = System.nanoTime();
            waitForAutomaticIndexes(idBigNoFlags, 3);
            System.out.printf(Locale.ROOT, "  (automatic indexes ready %.1f s after the third query)%n", ms(w1) / 1000);
            report("(g) no index flags: filter + sort as (d), after 3 sightings, 50 rows @" + n + ", p50",
                    p(pages(idBigNoFlags, false), 50) + " ms", "<= 20 ms", "", "");
            report("(g) no index flags: text contains as (d), after 3 sightings, 50 rows @" + n + ", p50",
                    p(pages(idBigNoFlags, true), 50) + " ms", "<= 20 ms", "", "");
            report("(g) no index flags: filter + sort page with count=capped @" + n + ", p50",
                    p(pages(idBigNoFlags, false, "&count=capped"), 50) + " ms", "", "", "");
        }

        // (f) memory
        report("(f) server RSS idle", idle + " MB", "", "256 MB", "271 MB");
        report("(f) server RSS right after load", rssMb() + " MB", "<= 200 MB", "800 MB", "660 MB");
        Thread.sleep(20_000);
        report("(f) server RSS 20 s after load", rssMb() + " MB", "<= 200 MB", "", "");
        printTable();
    }

    private void printTable() {
        System.out.println();
        System.out.println("| measure | Rowan | target | NocoDB 0.301.3 | Directus 12.4.0 |");
        System.out.println("|---|---|---|---|---|");
        for (Row r : results) {
            System.out.println("| " + r.what() + " | " + r.measured() + " | " + r.target() + " | " + r.nocodb()
                    + " | " + r.directus() + " |");
        }
    }

    private List<Double> pages(String tableId, boolean contains) {
        return pages(tableId, contains, "");
    }

    private List<Double> pages(String tableId, boolean contains, String extra) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            double m = page(tableId, contains, i, extra);
            if (i >= 20) out.add(m);
        }
        return out;
    }

    /** One page of the (d) query shape (values vary with {@code i}); returns its time in ms. */
    private double page(String tableId, boolean contains, int i, String extra) {
        String sort = "[{\"field\":\"Due\",\"direction\":\"desc\"}]";
        String filter = contains
                ? "{\"operator\":\"and\",\"conditions\":[{\"field\":\"Title\",\"operator\":\"contains\",\"value\":\""
                + WORDS[i % WORDS.length].substring(0, 4) + "\"}]}"
                : "{\"operator\":\"and\",\"conditions\":[{\"field\":\"Qty\",\"operator\":\"gt\",\"value\":"
                + (i * 37 % 500) + "},{\"field\":\"Status\",\"operator\":\"eq\",\"value\":\"B\"}]}";
        long t0 = System.nanoTime();
        var r = api.get("/api/tables/" + tableId + "/records?limit=50&sort=" + ApiClient.q(sort) + "&filter="
                + ApiClient.q(filter) + extra);
        double m = ms(t0);
        check(r, 200);
        if (r.data().size() != 50) throw new IllegalStateException("expected a full page: " + r.data().size());
        if (!extra.isEmpty() && !(r.get("count") instanceof Number)) {
            throw new IllegalStateException("expected a count with the page: " + r.body());
        }
        return m;
    }

    /** Polls the table's indexes until {@code n} automatic ones are ready (the background builds). */
    @SuppressWarnings("unchecked")
    private void waitForAutomaticIndexes(String tableId, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            var r = api.get("/api/tables/" + tableId + "/indexes");
            check(r, 200);
            long ready = ((List<Map<String, Object>>) r.get("automatic")).stream()
                    .filter(a -> "ready".equals(a.get("state"))).count();
            if (ready >= n) return;
            Thread.sleep(200);
        }
        throw new IllegalStateException("automatic indexes not ready: " + api.get("/api/tables/" + tableId
                + "/indexes").body());
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    /** The 10-field table of every measure; {@code indexed} marks Title, Qty, Due and Status indexed. */
    private Map<String, Object> createTable(String app, String name, boolean indexed) {
        List<Map<String, Object>> fields = List.of(
                Map.of("name", "Title", "type", "text", "indexed", indexed),
                Map.of("name", "Qty", "type", "number", "indexed", indexed),
                Map.of("name", "Price", "type", "currency", "config", Map.of("currencyCode", "EUR")),
                Map.of("name", "Share", "type", "percent"),
                Map.of("name", "Due", "type", "date", "indexed", indexed),
                Map.of("name", "Status", "type", "single_select", "indexed", indexed, "config", Map.of("options", STATUS)),
                Map.of("name", "Tags", "type", "multiple_select", "config", Map.of("options", List.of("x", "y", "z"))),
                Map.of("name", "Done", "type", "boolean"),
                Map.of("name", "Contact", "type", "email"),
                Map.of("name", "Notes", "type", "long_text"));
        var r = api.post("/api/apps/" + app + "/tables", Map.of("name", name, "fields", fields));
        check(r, 201);
        return r.map();
    }

    private Map<String, Object> row() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Title", WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " "
                + random.nextInt(100_000));
        f.put("Qty", random.nextInt(1000));
        f.put("Price", random.nextInt(100_000) / 100.0);
        f.put("Share", random.nextInt(100));
        f.put("Due", LocalDate.of(2020, 1, 1).plusDays(random.nextInt(3650)).toString());
        f.put("Status", STATUS.get(random.nextInt(STATUS.size())));
        f.put("Tags", random.nextBoolean() ? List.of("x") : List.of("y", "z"));
        f.put("Done", random.nextBoolean());
        f.put("Contact", "user" + random.nextInt(10_000) + "@example.com");
        f.put("Notes", "Note " + random.nextInt());
        return f;
    }


    private double bulk(String tableId, int n) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) rows.add(row());
        return bulk(tableId, rows);
    }

    /** Sends the rows in one bulk request; returns rows per second. */
    private double bulk(String tableId, List<Map<String, Object>> rows) throws IOException {
        return rows.size() / (bulkRequest(tableId, bulkBody(rows), rows.size()) / 1000);
    }

    private static byte[] bulkBody(List<Map<String, Object>> rows) throws IOException {
        StringBuilder sb = new StringBuilder(rows.size() * 260).append("{\"records\":[");
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append("{\"fields\":").append(ApiClient.JSON.writeValueAsString(rows.get(i))).append('}');
        }
        sb.append("]}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The rows in requests of {@code batch} rows, one after another: {rows/s overall, p50 ms, p95 ms}. */
    private double[] bulkInBatches(String tableId, List<Map<String, Object>> rows, int batch) throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += batch) bodies.add(bulkBody(rows.subList(i, Math.min(rows.size(), i + batch))));
        List<Double> times = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < bodies.size(); i++) {
            times.add(bulkRequest(tableId, bodies.get(i), Math.min(batch, rows.size() - i * batch)));
        }
        double total = ms(t0);
        return new double[]{rows.size() / (total / 1000), Double.parseDouble(p(times, 50)), Double.parseDouble(p(times, 95))};
    }

    /**
     * The baseline: the same rows COPYed straight into a table made LIKE the Rowan table (same columns, types,
     * primary key and index), over JDBC in one transaction, as fast as PostgreSQL takes them. The CSV is made
     * before the clock starts, as the JSON bodies are.
     */
    @SuppressWarnings("unchecked")
    private double rawCopy(Map<String, Object> table, List<Map<String, Object>> rows) throws Exception {
        String tableHex = ((String) table.get("id")).replace("-", "").substring(0, 16);
        List<Map<String, Object>> fields = (List<Map<String, Object>>) table.get("fields");
        StringBuilder cols = new StringBuilder("id, created_at, updated_at, created_by, updated_by, row_version");
        for (Map<String, Object> f : fields) {
            cols.append(", f_").append(((String) f.get("id")).replace("-", "").substring(0, 16));
        }
        String user = java.util.UUID.randomUUID().toString();
        StringBuilder csv = new StringBuilder(rows.size() * 300);
        String now = java.time.OffsetDateTime.now().toString();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> r = rows.get(i);
            csv.append(java.util.UUID.randomUUID()).append(',').append(now).append(',').append(now).append(',')
                    .append(user).append(',').append(user).append(',').append(i);
            for (Map<String, Object> f : fields) {
                csv.append(',');
                Object v = r.get((String) f.get("name"));
                switch (v) {
                    case null -> {
                    }
                    case String s -> csv.append('"').append(s.replace("\"", "\"\"")).append('"');
                    case List<?> l -> csv.append("\"{").append(String.join(",", (List<String>) l)).append("}\"");
                    default -> csv.append(v);
                }
            }
            csv.append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(dbUrl);
             java.sql.Statement st = c.createStatement()) {
            String physical;
            try (var rs = st.executeQuery("SELECT schemaname || '.' || tablename FROM pg_tables WHERE tablename LIKE 'dt\\_%\\_"
                    + tableHex + "'")) {
                if (!rs.next()) throw new IllegalStateException("table " + tableHex + " not found");
                physical = rs.getString(1);
            }
            st.execute("DROP TABLE IF EXISTS public.raw_copy_baseline");
            st.execute("CREATE TABLE public.raw_copy_baseline (LIKE " + physical + " INCLUDING ALL)");
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            long n = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(
                    "COPY public.raw_copy_baseline (" + cols + ") FROM STDIN WITH (FORMAT csv)",
                    new java.io.ByteArrayInputStream(bytes), 256 * 1024);
            c.commit();
            double m = ms(t0);
            if (n != rows.size()) throw new IllegalStateException("raw COPY loaded " + n);
            c.setAutoCommit(true);
            st.execute("DROP TABLE public.raw_copy_baseline");
            return n / (m / 1000);
        }
    }

    /** The table's heap and total size (indexes, TOAST) as PostgreSQL reports them. */
    private String sizes(String tableId) throws java.sql.SQLException {
        String tableHex = tableId.replace("-", "").substring(0, 16);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(dbUrl);
             java.sql.Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT pg_relation_size(c.oid), pg_total_relation_size(c.oid) FROM pg_class c "
                     + "WHERE c.relkind = 'r' AND c.relname LIKE 'dt\\_%\\_" + tableHex + "'")) {
            if (!rs.next()) return "?";
            return String.format(Locale.ROOT, "%.1f / %.1f MB", rs.getLong(1) / 1048576.0, rs.getLong(2) / 1048576.0);
        }
    }

    /** One bulk request with a body made beforehand; returns its time in ms. */
    private double bulkRequest(String tableId, byte[] body, int n) throws IOException {
        // the response (a result per row) is read but not parsed: the client's JSON work is not the server's time
        HttpRequest req = HttpRequest.newBuilder(URI.create(api.base() + "/api/tables/" + tableId + "/records/bulk"))
                .header("Authorization", "Bearer " + api.token()).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long t0 = System.nanoTime();
        HttpResponse<String> r;
        try {
            r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        double m = ms(t0);
        if (r.statusCode() != 200 || !r.body().startsWith("{\"created\":" + n + ",")) {
            throw new IllegalStateException("bulk failed: HTTP " + r.statusCode() + " " + r.body().substring(0,
                    Math.min(500, r.body().length())));
        }
        return m;
    }

    private static void check(ApiClient.Response r, int status) {
        if (r.status() != status) throw new IllegalStateException("HTTP " + r.status() + ": " + r.body());
    }

    private long rssMb() {
        if (pid <= 0) return -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    private static String p(List<Double> values, int percentile) {
        List<Double> s = new ArrayList<>(values);
        s.sort(Double::compare);
        double v = s.get(Math.min(s.size() - 1, (int) Math.ceil(percentile / 100.0 * s.size()) - 1));
        return String.format(Locale.ROOT, "%.1f", v);
    }

}
