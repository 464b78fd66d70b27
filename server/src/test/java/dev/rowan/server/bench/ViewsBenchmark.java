package dev.rowan.server.bench;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.ServerProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Issue 11's server benchmark for saved views, over HTTP: {@code ./rowan bench-views [--rows 100000,1000000]
 * [--url U --email E --password P]}. Without --url it starts a fresh server (embedded PostgreSQL, temporary data
 * folder) as a child process with the JVM options of {@code ./rowan server}. Per size it loads a table, makes a grid
 * view, and times {@code GET /api/views/:id/groups?groupBy=Status,Team} (two levels, count and sum/avg/min/max of the
 * three numeric fields) and the view's first page of records; prints p50/p95.
 */
public final class ViewsBenchmark {
    private static final List<String> STATUS = List.of("Backlog", "Todo", "Doing", "Review", "Done");
    private static final List<String> TEAMS = List.of("North", "South", "East", "West", "Core", "Ops", "Web", "Data");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ApiClient api;
    private final Random random = new Random(11);

    private ViewsBenchmark(ApiClient api) {
        this.api = api;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        List<Integer> sizes = new ArrayList<>();
        for (String s : opts.getOrDefault("rows", "100000,1000000").split(",")) sizes.add(Integer.parseInt(s.strip()));
        Process child = null;
        String url = opts.get("url");
        String email = opts.getOrDefault("email", "admin@rowan.local");
        String password = opts.getOrDefault("password", "bench-password");
        Path dataDir = null;
        if (url == null) {
            int port = ServerProcess.freePort();
            dataDir = Files.createTempDirectory("rowan-bench-views");
            String jvm = opts.getOrDefault("jvm", System.getenv("ROWAN_JAVA_OPTS"));
            if (jvm == null) throw new IllegalStateException("run through ./rowan bench-views (it sets ROWAN_JAVA_OPTS)");
            child = ServerProcess.start(ServerProcess.jar(jvm), port, dataDir, password, Map.of());
            url = "http://127.0.0.1:" + port;
            waitForHealth(new ApiClient(url), child, dataDir);
        }
        try {
            ApiClient api = new ApiClient(url);
            var login = api.login(email, password);
            if (login.status() != 200) throw new IllegalStateException("login failed: " + login.body());
            new ViewsBenchmark(api).run(sizes);
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

    private void run(List<Integer> sizes) throws Exception {
        System.out.println("Rowan saved-views benchmark over HTTP (" + Runtime.getRuntime().availableProcessors()
                + " cores)");
        String app = api.createApp("Views benchmark " + System.currentTimeMillis());
        for (int rows : sizes) {
            Map<String, Object> t = createTable(app, "views " + rows);
            String tableId = (String) t.get("id");
            long t0 = System.nanoTime();
            for (int done = 0; done < rows; done += 100_000) bulk(tableId, Math.min(100_000, rows - done));
            System.out.printf(Locale.ROOT, "  (loaded %,d rows in %.1f s)%n", rows, ms(t0) / 1000);
            var v = api.post("/api/tables/" + tableId + "/views", Map.of("name", "Board", "type", "grid"));
            check(v, 201);
            String n = String.format(Locale.ROOT, "%,d", rows);
            List<Double> groups = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                long g0 = System.nanoTime();
                var r = api.get("/api/views/" + v.id() + "/groups?groupBy=Status,Team");
                double m = ms(g0);
                check(r, 200);
                if (((Number) r.get("count")).intValue() != rows) throw new IllegalStateException("wrong count: " + r.get("count"));
                if (i >= 5) groups.add(m);
            }
            report("grouped (2 levels: Status, Team) with count/sum/avg/min/max of 3 numbers @" + n + ", p50 / p95",
                    p(groups, 50) + " / " + p(groups, 95) + " ms", rows >= 1_000_000 ? "<= 150 ms p50" : "");
            // the same read right after a record write (the kept answer follows the write by a delta, views.GroupsCache)
            String anyRecord = (String) api.get("/api/tables/" + tableId + "/records?limit=1").data().getFirst().get("id");
            List<Double> afterWrite = new ArrayList<>();
            List<Double> writes = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                long w0 = System.nanoTime();
                check(api.patch("/api/tables/" + tableId + "/records/" + anyRecord, Map.of("fields", Map.of("Qty", i))), 200);
                if (i >= 2) writes.add(ms(w0));
                long g0 = System.nanoTime();
                var r = api.get("/api/views/" + v.id() + "/groups?groupBy=Status,Team");
                double m = ms(g0);
                check(r, 200);
                if (i >= 2) afterWrite.add(m);
            }
            report("grouped (2 levels), first read after a record write @" + n + ", p50 / p95",
                    p(afterWrite, 50) + " / " + p(afterWrite, 95) + " ms", rows >= 1_000_000 ? "<= 150 ms p50" : "");
            report("that record write (PATCH Qty, a grouped answer kept) @" + n + ", p50 / p95",
                    p(writes, 50) + " / " + p(writes, 95) + " ms", "");
            List<Double> oneSum = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                long g0 = System.nanoTime();
                var r = api.get("/api/views/" + v.id() + "/groups?groupBy=Status,Team&aggregate=Qty");
                double m = ms(g0);
                check(r, 200);
                if (i >= 5) oneSum.add(m);
            }
            report("grouped (2 levels) with count/sum/avg/min/max of Qty only @" + n + ", p50 / p95",
                    p(oneSum, 50) + " / " + p(oneSum, 95) + " ms", "");
            List<Double> pages = new ArrayList<>();
            String sorted = "{\"query\":{\"sorts\":[{\"fieldId\":\"" + ApiClient.fieldId(t, "Qty")
                    + "\",\"direction\":\"desc\"}]}}";
            var sv = api.post("/api/tables/" + tableId + "/views", Map.of("name", "By qty", "type", "grid", "config",
                    ApiClient.JSON.readValue(sorted, Map.class)));
            check(sv, 201);
            for (int i = 0; i < 25; i++) {
                long p0 = System.nanoTime();
                var r = api.get("/api/views/" + sv.id() + "/records?limit=50&filter=" + ApiClient.q(
                        "{\"field\":\"Status\",\"operator\":\"eq\",\"value\":\"" + STATUS.get(i % STATUS.size()) + "\"}"));
                double m = ms(p0);
                check(r, 200);
                if (i >= 5) pages.add(m);
            }
            report("view records: first 50 by Qty desc, extra filter Status = X @" + n + ", p50 / p95",
                    p(pages, 50) + " / " + p(pages, 95) + " ms", "");
        }
    }

    private static void report(String what, String measured, String target) {
        System.out.printf(Locale.ROOT, "  %-92s %-22s %s%n", what, measured, target);
    }

    private Map<String, Object> createTable(String app, String name) {
        List<Map<String, Object>> fields = List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Qty", "type", "number"),
                Map.of("name", "Price", "type", "currency", "config", Map.of("currencyCode", "EUR")),
                Map.of("name", "Hours", "type", "number"),
                Map.of("name", "Status", "type", "single_select", "config", Map.of("options", STATUS)),
                Map.of("name", "Team", "type", "single_select", "config", Map.of("options", TEAMS)));
        var r = api.post("/api/apps/" + app + "/tables", Map.of("name", name, "fields", fields));
        check(r, 201);
        return r.map();
    }

    private Map<String, Object> row() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Title", "card " + random.nextInt(1_000_000));
        f.put("Qty", random.nextInt(1000));
        f.put("Price", random.nextInt(100_000) / 100.0);
        if (random.nextInt(10) > 0) f.put("Hours", random.nextInt(400));
        if (random.nextInt(20) > 0) f.put("Status", STATUS.get(random.nextInt(STATUS.size())));
        f.put("Team", TEAMS.get(random.nextInt(TEAMS.size())));
        return f;
    }

    private void bulk(String tableId, int n) throws IOException {
        StringBuilder sb = new StringBuilder(n * 140).append("{\"records\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(',');
            sb.append("{\"fields\":").append(ApiClient.JSON.writeValueAsString(row())).append('}');
        }
        sb.append("]}");
        HttpRequest req = HttpRequest.newBuilder(URI.create(api.base() + "/api/tables/" + tableId + "/records/bulk"))
                .header("Authorization", "Bearer " + api.token()).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(sb.toString().getBytes(StandardCharsets.UTF_8))).build();
        HttpResponse<String> r;
        try {
            r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (r.statusCode() != 200 || !r.body().startsWith("{\"created\":" + n + ",")) {
            throw new IllegalStateException("bulk failed: HTTP " + r.statusCode() + " " + r.body().substring(0,
                    Math.min(500, r.body().length())));
        }
    }

    private static void check(ApiClient.Response r, int status) {
        if (r.status() != status) throw new IllegalStateException("HTTP " + r.status() + ": " + r.body());
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
