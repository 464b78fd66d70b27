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
 * The server benchmark of issue #2, over HTTP: {@code ./rowan bench [--rows-large 1000000] [--url U --email E
 * --password P --pid N]}. Without --url it starts a fresh server (embedded PostgreSQL, temporary data folder) as a
 * child process with the JVM options of {@code ./rowan server}, so RSS is measured on the real process.
 * Prints one table of results against the targets.
 */
public final class HttpBenchmark {
    private static final String[] WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima "
            + "mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu").split(" ");
    private static final List<String> STATUS = List.of("A", "B", "C", "D");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ApiClient api;
    private final long pid;
    private final int largeRows;
    private final List<String[]> rows = new ArrayList<>();
    private final Random random = new Random(42);

    private HttpBenchmark(ApiClient api, long pid, int largeRows) {
        this.api = api;
        this.pid = pid;
        this.largeRows = largeRows;
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
        if (url == null) {
            int port = ServerProcess.freePort();
            dataDir = Files.createTempDirectory("rowan-bench");
            String jvm = opts.getOrDefault("jvm", System.getenv("ROWAN_JAVA_OPTS"));
            if (jvm == null) throw new IllegalStateException("run through ./rowan bench (it sets ROWAN_JAVA_OPTS)");
            child = ServerProcess.start(ServerProcess.jar(jvm), port, dataDir, password, Map.of());
            pid = child.pid();
            url = "http://127.0.0.1:" + port;
            waitForHealth(new ApiClient(url), child, dataDir);
        }
        try {
            ApiClient api = new ApiClient(url);
            var login = api.login(email, password);
            if (login.status() != 200) throw new IllegalStateException("login failed: " + login.body());
            new HttpBenchmark(api, pid, large).run();
        } finally {
            if (child != null) {
                child.destroy();
                child.waitFor(60, TimeUnit.SECONDS);
            }
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
        Thread.sleep(20_000);
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
        StringBuilder sb = new StringBuilder(n * 260).append("{\"records\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(',');
            sb.append("{\"fields\":").append(ApiClient.JSON.writeValueAsString(row())).append('}');
        }
        sb.append("]}");
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
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
        return n / (m / 1000);
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
