package dev.rowan.server.bench;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.ServerProcess;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 13's identity benchmark, against the packaged server as a child process (embedded PostgreSQL, the JVM
 * options of {@code ./rowan server}), so RSS is the real server's:
 * <ol>
 *   <li>password sign-ins (Argon2id) from 20 concurrent clients for {@code --seconds}: throughput, p50/p95/max
 *   latency, the answers, and the server's peak RSS (hashing memory is bounded by the PasswordGate semaphore);</li>
 *   <li>a record page read with a session token and with an API key, interleaved: p50 of each and the difference.</li>
 * </ol>
 * <pre>
 * ./mvnw -B -q -pl server -am package -DskipTests
 * java -cp "server/target/test-classes:server/target/server-0.1.0-SNAPSHOT.jar:server/target/libs/*" \
 *   dev.rowan.server.bench.IdentityBenchmark [--clients 20] [--seconds 20] [--pages 2000]
 * </pre>
 */
public final class IdentityBenchmark {
    private static final String OWNER = "admin@rowan.local";
    private static final String PASSWORD = "bench-password-123";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** {@code ./rowan}'s server options. */
    private static final String DEFAULT_JVM = "-XX:+UseSerialGC -Xms16m -Xmx128m -XX:MinHeapFreeRatio=10 "
            + "-XX:MaxHeapFreeRatio=30";

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        int clients = Integer.parseInt(opts.getOrDefault("clients", "20"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "20"));
        int pages = Integer.parseInt(opts.getOrDefault("pages", "2000"));
        String jvm = opts.getOrDefault("jvm", System.getenv().getOrDefault("ROWAN_JAVA_OPTS", DEFAULT_JVM));
        int port = ServerProcess.freePort();
        Path dataDir = Files.createTempDirectory("rowan-identity-bench");
        Process child = ServerProcess.start(ServerProcess.jar(jvm), port, dataDir, PASSWORD, Map.of(
                "ROWAN_LOGIN_IP_LIMIT", "100000000", "ROWAN_LOGIN_ACCOUNT_LIMIT", "100000000"));
        String base = "http://127.0.0.1:" + port;
        try {
            ApiClient owner = new ApiClient(base);
            waitForHealth(owner, child, dataDir);
            if (owner.login(OWNER, PASSWORD).status() != 200) throw new IllegalStateException("owner sign-in failed");
            List<String> emails = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String email = "bench-" + i + "@bench.rowan";
                var r = owner.post("/api/members", Map.of("email", email, "password", PASSWORD));
                if (r.status() != 201) throw new IllegalStateException("member not added: " + r.body());
                emails.add(email);
            }
            System.out.printf(Locale.ROOT, "server JVM: %s%n", jvm);
            logins(base, emails, seconds, child.pid());
            pages(owner, pages);
        } finally {
            child.destroy();
            child.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static void logins(String base, List<String> emails, int seconds, long pid) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong peakRss = new AtomicLong(rssKb(pid));
        long rssBefore = peakRss.get();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (running.get()) {
                peakRss.accumulateAndGet(rssKb(pid), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        ConcurrentLinkedQueue<Long> okNanos = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        long deadline;
        long started;
        try (ExecutorService pool = Executors.newFixedThreadPool(emails.size())) {
            List<java.util.concurrent.Future<?>> all = new ArrayList<>();
            long[] end = new long[1];
            for (String email : emails) {
                all.add(pool.submit(() -> {
                    go.await();
                    String body = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";
                    while (System.nanoTime() < end[0]) {
                        HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = HTTP.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        long took = System.nanoTime() - t0;
                        statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                        if (status == 200) okNanos.add(took);
                    }
                    return null;
                }));
            }
            started = System.nanoTime();
            end[0] = started + TimeUnit.SECONDS.toNanos(seconds);
            go.countDown();
            for (var f : all) f.get();
            deadline = System.nanoTime();
        }
        running.set(false);
        sampler.join();
        List<Long> lat = new ArrayList<>(okNanos);
        Collections.sort(lat);
        double secs = (deadline - started) / 1e9;
        System.out.printf(Locale.ROOT, "%nPassword sign-ins (Argon2id), %d concurrent clients, %.1f s%n", emails.size(), secs);
        System.out.printf(Locale.ROOT, "  answers (status=count):   %s%n", new TreeMap<>(statuses));
        System.out.printf(Locale.ROOT, "  throughput:               %.1f sign-ins/s%n", lat.size() / secs);
        System.out.printf(Locale.ROOT, "  latency p50 / p95 / max:  %.0f / %.0f / %.0f ms%n", pct(lat, 50), pct(lat, 95),
                lat.isEmpty() ? 0 : lat.getLast() / 1e6);
        System.out.printf(Locale.ROOT, "  server RSS before / peak: %d / %d MB (target <= 250 MB)%n", rssBefore / 1024,
                peakRss.get() / 1024);
    }

    @SuppressWarnings("unchecked")
    private static void pages(ApiClient owner, int pages) throws Exception {
        String app = owner.createApp("Bench");
        var table = owner.createTable(app, "Items", List.of(Map.of("name", "Title", "type", "text"),
                Map.of("name", "Qty", "type", "number")));
        String records = "/api/tables/" + table.get("id") + "/records";
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) rows.add(Map.of("fields", Map.of("Title", "Item " + i, "Qty", i)));
        var bulk = owner.post(records + "/bulk", Map.of("records", rows));
        if (bulk.status() / 100 != 2) throw new IllegalStateException("bulk failed: " + bulk.body());
        var key = owner.post("/api/keys", Map.of("name", "bench", "scopes", List.of("read")));
        if (key.status() != 201) throw new IllegalStateException("key failed: " + key.body());
        String page = records + "?limit=50";
        String session = owner.token();
        String apiKey = (String) key.get("key");
        for (int i = 0; i < 300; i++) {
            get(owner.base() + page, session);
            get(owner.base() + page, apiKey);
        }
        List<Long> bySession = new ArrayList<>();
        List<Long> byKey = new ArrayList<>();
        for (int i = 0; i < pages; i++) {
            // interleaved, alternating which goes first, so drift hits both alike
            if (i % 2 == 0) {
                bySession.add(get(owner.base() + page, session));
                byKey.add(get(owner.base() + page, apiKey));
            } else {
                byKey.add(get(owner.base() + page, apiKey));
                bySession.add(get(owner.base() + page, session));
            }
        }
        Collections.sort(bySession);
        Collections.sort(byKey);
        System.out.printf(Locale.ROOT, "%nRecord page (50 of 500 rows), %d requests each, one client%n", pages);
        System.out.printf(Locale.ROOT, "  session token  p50 / p95:  %.3f / %.3f ms%n", pct(bySession, 50), pct(bySession, 95));
        System.out.printf(Locale.ROOT, "  API key        p50 / p95:  %.3f / %.3f ms%n", pct(byKey, 50), pct(byKey, 95));
        System.out.printf(Locale.ROOT, "  API key extra at p50:      %.3f ms (target <= 1 ms)%n",
                pct(byKey, 50) - pct(bySession, 50));
    }

    private static long get(String url, String token) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build();
        long t0 = System.nanoTime();
        HttpResponse<String> res = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - t0;
        if (res.statusCode() != 200) throw new IllegalStateException("page failed: " + res.statusCode() + " " + res.body());
        return took;
    }

    private static double pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) return 0;
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (Exception e) {
            // the process is gone
        }
        return 0;
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
}
