package dev.rowan.server.bench;

import dev.rowan.server.RowanServer;
import dev.rowan.server.auth.AccountRepository;
import dev.rowan.server.auth.Passwords;
import dev.rowan.server.config.Settings;
import dev.rowan.server.support.ApiClient;
import io.helidon.config.Config;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The sync benchmark of issue #4:
 * <pre>
 * ./mvnw -B -q install -DskipTests -pl server -am
 * java -cp "server/target/test-classes:server/target/server-0.1.0-SNAPSHOT.jar:server/target/libs/*" \
 *   dev.rowan.server.bench.SyncBenchmark [--large true] [--edits 100]
 * </pre>
 * Starts a server in this JVM on a fresh, durable embedded PostgreSQL (fsync on, like {@code ./rowan server}) in a
 * temporary folder, and measures over HTTP: first sync of 100,000 rows x 10 fields (and with {@code --large true}
 * of 1,000,000 rows, in a company of its own), the time from an edit on one client to its value on another client
 * connected to /api/live (poke + pull), and one push of 10,000 queued mutations.
 */
public final class SyncBenchmark {
    private static final String PASSWORD = "bench-password-123";

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        boolean large = Boolean.parseBoolean(opts.getOrDefault("large", "false"));
        int edits = Integer.parseInt(opts.getOrDefault("edits", "100"));
        Path data = Files.createTempDirectory("rowan-sync-bench");
        Settings settings = Settings.from(Config.create(), Map.of("ROWAN_PORT", "0", "ROWAN_HOST", "127.0.0.1",
                "ROWAN_DATA_DIR", data.toString(), "ROWAN_ADMIN_PASSWORD", PASSWORD));
        List<String[]> lines = new ArrayList<>();
        try (RowanServer server = RowanServer.start(settings)) {
            String base = "http://127.0.0.1:" + server.port();
            ApiClient api = new ApiClient(base);
            if (api.login("admin@rowan.local", PASSWORD).status() != 200) throw new IllegalStateException("login");
            Map<String, Object> table = table(api, 100_000);
            double s = firstSync(api);
            lines.add(row("first sync, 100,000 rows x 10 fields", s, "s", 5));
            double[] live = live(server, api, table, edits);
            lines.add(row("edit -> other client (poke + pull), p50", live[0], "ms", 500));
            lines.add(row("edit -> other client (poke + pull), p95", live[1], "ms", 500));
            double push = push(api, table, 10_000);
            lines.add(row("push of 10,000 queued mutations", push, "s", 5));
            if (large) {
                ApiClient other = tenant(server, base);
                table(other, 1_000_000);
                lines.add(row("first sync, 1,000,000 rows x 10 fields", firstSync(other), "s", 60));
            }
        }
        System.out.printf(Locale.ROOT, "%n%-45s %12s %10s%n", "measure", "value", "target");
        for (String[] l : lines) System.out.printf(Locale.ROOT, "%-45s %12s %10s %s%n", l[0], l[1], l[2], l[3]);
    }

    private static String[] row(String what, double v, String unit, double target) {
        return new String[]{what, String.format(Locale.ROOT, "%.2f %s", v, unit),
                String.format(Locale.ROOT, "<= %s %s", target, unit), v <= target ? "ok" : "OVER"};
    }

    private static ApiClient tenant(RowanServer server, String base) throws Exception {
        String email = "large-" + UUID.randomUUID() + "@bench.rowan";
        try (Connection c = server.database().dataSource().getConnection()) {
            c.setAutoCommit(false);
            AccountRepository accounts = new AccountRepository(server.database().dbClient());
            UUID company = accounts.createCompany(c, "Large");
            UUID user = accounts.createUser(c, email, Passwords.hash(PASSWORD), "Bench");
            accounts.addMember(c, company, user, "owner");
            c.commit();
        }
        ApiClient api = new ApiClient(base);
        if (api.login(email, PASSWORD).status() != 200) throw new IllegalStateException("login");
        return api;
    }

    /** A table of 10 fields (text, number, date, boolean, select...) filled with {@code rows} rows by bulk COPY. */
    public static Map<String, Object> table(ApiClient api, int rows) {
        String app = api.createApp("Bench " + UUID.randomUUID());
        List<Map<String, Object>> fields = new ArrayList<>();
        for (int i = 0; i < 4; i++) fields.add(Map.of("name", "Text" + i, "type", "text"));
        for (int i = 0; i < 3; i++) fields.add(Map.of("name", "Num" + i, "type", "number"));
        fields.add(Map.of("name", "Due", "type", "date"));
        fields.add(Map.of("name", "Done", "type", "boolean"));
        fields.add(Map.of("name", "Note", "type", "text"));
        Map<String, Object> t = api.createTable(app, "Items", fields);
        int chunk = 50_000;
        for (int done = 0; done < rows; done += chunk) {
            StringBuilder sb = new StringBuilder("{\"records\":[");
            for (int i = done; i < Math.min(rows, done + chunk); i++) {
                if (i > done) sb.append(',');
                sb.append("{\"fields\":{\"Text0\":\"alpha ").append(i).append("\",\"Text1\":\"bravo\",\"Text2\":\"c")
                        .append(i % 97).append("\",\"Text3\":\"delta echo\",\"Num0\":").append(i)
                        .append(",\"Num1\":").append(i % 1000).append(".5,\"Num2\":7,\"Due\":\"2026-0")
                        .append(1 + i % 9).append("-1").append(i % 10).append("\",\"Done\":").append(i % 2 == 0)
                        .append(",\"Note\":\"n\"}}");
            }
            sb.append("]}");
            var r = api.send("POST", "/api/tables/" + t.get("id") + "/records/bulk", sb.toString());
            if (r.status() != 200) throw new IllegalStateException("bulk: " + r.body());
        }
        return t;
    }

    /** Pages of 5,000 until caught up, each parsed as JSON as a client would; returns seconds. */
    private static double firstSync(ApiClient api) {
        long t0 = System.nanoTime();
        String cursor = null;
        long rows = 0;
        while (true) {
            Map<String, Object> body = new HashMap<>();
            if (cursor != null) body.put("cursor", cursor);
            body.put("limit", 5000);
            var r = api.post("/api/sync/pull", body);
            if (r.status() != 200) throw new IllegalStateException("pull: " + r.body());
            rows += ((List<?>) r.get("records")).size();
            cursor = (String) r.get("cursor");
            if (!Boolean.TRUE.equals(r.get("hasMore"))) break;
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "first sync: %d rows in %.2f s%n", rows, s);
        return s;
    }

    /** Client B listens on /api/live and pulls on each poke; client A edits. Returns {p50, p95} in ms. */
    @SuppressWarnings("unchecked")
    private static double[] live(RowanServer server, ApiClient a, Map<String, Object> table, int edits)
            throws Exception {
        ApiClient b = new ApiClient(a.base());
        b.token(a.token());
        // B is caught up
        String[] cursor = {null};
        while (true) {
            Map<String, Object> body = new HashMap<>();
            if (cursor[0] != null) body.put("cursor", cursor[0]);
            body.put("limit", 10_000);
            var r = b.post("/api/sync/pull", body);
            cursor[0] = (String) r.get("cursor");
            if (!Boolean.TRUE.equals(r.get("hasMore"))) break;
        }
        LinkedBlockingQueue<String> pokes = new LinkedBlockingQueue<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:"
                + server.port() + "/api/live?access_token=" + b.token()), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence d, boolean last) {
                pokes.add(d.toString());
                w.request(1);
                return CompletableFuture.completedFuture(null);
            }
        }).join();
        pokes.poll(5, TimeUnit.SECONDS); // ready
        String tableId = (String) table.get("id");
        String text0 = ApiClient.fieldId(table, "Text0");
        var page = a.get("/api/tables/" + tableId + "/records?limit=" + edits);
        List<String> ids = page.data().stream().map(m -> (String) m.get("id")).toList();
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < edits; i++) {
            String value = "live " + i;
            String id = ids.get(i % ids.size());
            long t0 = System.nanoTime();
            var w = a.patch("/api/tables/" + tableId + "/records/" + id, Map.of("fields", Map.of("Text0", value)));
            if (w.status() != 200) throw new IllegalStateException("edit: " + w.body());
            boolean seen = false;
            while (!seen) {
                String poke = pokes.poll(10, TimeUnit.SECONDS);
                if (poke == null) throw new IllegalStateException("no poke");
                var r = b.post("/api/sync/pull", Map.of("cursor", cursor[0], "limit", 1000));
                cursor[0] = (String) r.get("cursor");
                for (Map<String, Object> e : (List<Map<String, Object>>) r.get("records")) {
                    Map<String, Object> rec = (Map<String, Object>) e.get("record");
                    if (id.equals(e.get("id")) && rec != null
                            && value.equals(((Map<String, Object>) rec.get("fields")).get(text0))) {
                        seen = true;
                    }
                }
            }
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        ms.sort(null);
        return new double[]{ms.get(ms.size() / 2), ms.get((int) Math.ceil(ms.size() * 0.95) - 1)};
    }

    /** One push of {@code n} queued record edits (distinct records, with base versions); returns seconds. */
    private static double push(ApiClient api, Map<String, Object> table, int n) {
        String tableId = (String) table.get("id");
        String text1 = ApiClient.fieldId(table, "Text1");
        List<Map<String, Object>> mutations = new ArrayList<>(n);
        String cursor = null;
        while (mutations.size() < n) {
            String q = "/api/tables/" + tableId + "/records?limit=1000" + (cursor == null ? "" : "&cursor="
                    + ApiClient.q(cursor));
            var page = api.get(q);
            for (Map<String, Object> rec : page.data()) {
                if (mutations.size() == n) break;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("mutationId", UUID.randomUUID().toString());
                m.put("op", "UPDATE");
                m.put("entity", "RECORD");
                m.put("entityId", rec.get("id"));
                m.put("parentId", tableId);
                m.put("payload", Map.of("fields", Map.of(text1, "pushed"), "baseVersion", rec.get("rowVersion")));
                mutations.add(m);
            }
            cursor = (String) page.get("nextCursor");
        }
        long t0 = System.nanoTime();
        var r = api.post("/api/sync/push", Map.of("clientId", UUID.randomUUID().toString(), "mutations", mutations));
        double s = (System.nanoTime() - t0) / 1e9;
        if (r.status() != 200) throw new IllegalStateException("push: " + r.body());
        long applied = ((List<Map<String, Object>>) r.get("results")).stream()
                .filter(x -> "applied".equals(x.get("status"))).count();
        System.out.printf(Locale.ROOT, "push: %d of %d applied in %.2f s%n", applied, n, s);
        if (applied != n) throw new IllegalStateException("not all applied");
        return s;
    }
}
