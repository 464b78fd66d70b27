package dev.rowan.server.bench;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.ServerProcess;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load test of issue #10: {@code ./rowan load [--clients 50] [--seconds 120]} (see README). Starts a fresh server
 * (embedded PostgreSQL, temporary data folder) as a child process with the JVM options of {@code ./rowan server},
 * then runs {@code clients} concurrent clients mixing reads, single writes, bulk inserts, sync pushes and pulls,
 * while one slow client trickles bulk bodies a few bytes at a time and one WebSocket client connects to
 * {@code /api/live} and never reads. Prints throughput, p50/p95/p99 per kind, errors (anything but 2xx, 429 and
 * 503) and the server's peak RSS. Requests go to 127.0.0.1 only; every loop is bounded in count and time.
 */
public final class LoadTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final List<String> KINDS = List.of("read", "write", "bulk", "push", "pull");

    private final String base;
    private final String token;
    private final String table;
    private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> byDesign = new ConcurrentHashMap<>();
    private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger slowDone = new AtomicInteger();
    private final AtomicLong peakRssKb = new AtomicLong();
    private final AtomicLong peakHeapKb = new AtomicLong();
    private final AtomicLong peakConnections = new AtomicLong();
    private Path dataDir;

    private LoadTest(String base, String token, String table) {
        this.base = base;
        this.token = token;
        this.table = table;
        for (String k : KINDS) {
            latencies.put(k, Collections.synchronizedList(new ArrayList<>()));
            errors.put(k, new AtomicInteger());
            byDesign.put(k, new AtomicInteger());
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        int clients = Integer.parseInt(opts.getOrDefault("clients", "50"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "120"));
        String jvm = opts.getOrDefault("jvm", System.getenv().getOrDefault("ROWAN_JAVA_OPTS",
                "-XX:+UseSerialGC -Xms16m -Xmx128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"));
        int port = ServerProcess.freePort();
        Path dataDir = Files.createTempDirectory("rowan-load");
        String password = "load-test-password";
        Process child = ServerProcess.start(ServerProcess.jar(jvm), port, dataDir, password, Map.of());
        String base = "http://127.0.0.1:" + port;
        try {
            ApiClient api = new ApiClient(base);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                if (!child.isAlive()) throw new IllegalStateException("server exited; see " + dataDir.resolve("server.log"));
                try {
                    if (api.get("/health").status() == 200) break;
                } catch (RuntimeException e) {
                    // not up yet
                }
                if (System.nanoTime() > deadline) throw new IllegalStateException("server did not start");
                Thread.sleep(200);
            }
            if (api.login("admin@rowan.local", password).status() != 200) throw new IllegalStateException("login");
            String app = api.createApp("Load");
            Map<String, Object> t = api.createTable(app, "Orders", List.of(Map.of("name", "Title", "type", "text"),
                    Map.of("name", "Qty", "type", "number"), Map.of("name", "Status", "type", "single_select",
                            "config", Map.of("options", List.of("A", "B", "C")))));
            LoadTest load = new LoadTest(base, api.token(), (String) t.get("id"));
            load.dataDir = dataDir;
            load.seed(2_000);
            System.out.printf(Locale.ROOT, "Rowan load test: %d clients for %d s, %d cores, server JVM %s%n", clients,
                    seconds, Runtime.getRuntime().availableProcessors(), jvm);
            load.run(clients, seconds, child.pid());
        } finally {
            child.destroy();
            child.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private void seed(int rows) throws Exception {
        HttpResponse<String> r = send("POST", "/api/tables/" + table + "/records/bulk", bulkBody(rows, new Random(1)));
        if (r.statusCode() != 200) throw new IllegalStateException("seed failed: " + r.body());
    }

    private void run(int clients, int seconds, long pid) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Thread rss = Thread.ofPlatform().daemon().start(() -> {
            for (int tick = 0; System.nanoTime() < end + TimeUnit.SECONDS.toNanos(5); tick++) {
                peakRssKb.accumulateAndGet(rssKb(pid), Math::max);
                if (tick % 8 == 0) {
                    peakHeapKb.accumulateAndGet(heapUsedKb(pid), Math::max);
                    peakConnections.accumulateAndGet(serverConnections(), Math::max);
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Socket ws = stalledWebSocket();
        Thread slow = Thread.ofPlatform().start(() -> trickle(end));
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            int n = i;
            threads.add(Thread.ofPlatform().start(() -> client(n, end)));
        }
        for (Thread th : threads) th.join(TimeUnit.SECONDS.toMillis(seconds + 300));
        double elapsed = (System.nanoTime() - t0) / 1e9;
        slow.join(TimeUnit.SECONDS.toMillis(120));
        rss.join(10_000);
        ws.close();
        report(elapsed, pid);
    }

    /** One client: a bounded loop of mixed requests until the end time. */
    private void client(int n, long end) {
        Random random = new Random(n);
        UUID clientId = UUID.randomUUID();
        String cursor = "0";
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 1_000_000 && System.nanoTime() < end; i++) {
            int roll = random.nextInt(100);
            String kind = roll < 40 ? "read" : roll < 65 ? "write" : roll < 70 ? "bulk" : roll < 85 ? "push" : "pull";
            long t = System.nanoTime();
            try {
                HttpResponse<String> r = switch (kind) {
                    case "read" -> send("GET", "/api/tables/" + table + "/records?limit=50&sort=-Qty&filter="
                            + enc("{\"field\":\"Qty\",\"operator\":\"gt\",\"value\":" + random.nextInt(1000) + "}"),
                            null);
                    case "write" -> {
                        if (mine.isEmpty() || random.nextBoolean()) {
                            String id = UUID.randomUUID().toString();
                            HttpResponse<String> c = send("POST", "/api/tables/" + table + "/records", "{\"id\":\""
                                    + id + "\",\"fields\":{\"Title\":\"w" + i + "\",\"Qty\":" + random.nextInt(1000)
                                    + ",\"Status\":\"A\"}}");
                            if (c.statusCode() == 201 && mine.size() < 1000) mine.add(id);
                            yield c;
                        }
                        yield send("PATCH", "/api/tables/" + table + "/records/" + mine.get(random.nextInt(mine.size())),
                                "{\"fields\":{\"Qty\":" + random.nextInt(1000) + ",\"Status\":\"B\"}}");
                    }
                    case "bulk" -> send("POST", "/api/tables/" + table + "/records/bulk", bulkBody(200, random));
                    case "push" -> {
                        StringBuilder b = new StringBuilder("{\"clientId\":\"" + clientId + "\",\"mutations\":[");
                        for (int m = 0; m < 5; m++) {
                            b.append(m == 0 ? "" : ",").append("{\"mutationId\":\"").append(UUID.randomUUID())
                                    .append("\",\"op\":\"CREATE\",\"entity\":\"RECORD\",\"entityId\":\"")
                                    .append(UUID.randomUUID()).append("\",\"parentId\":\"").append(table)
                                    .append("\",\"payload\":{\"fields\":{\"Title\":\"p").append(i).append("\",\"Qty\":")
                                    .append(random.nextInt(1000)).append("}}}");
                        }
                        yield send("POST", "/api/sync/push", b.append("]}").toString());
                    }
                    default -> {
                        HttpResponse<String> p = send("POST", "/api/sync/pull", "{\"cursor\":\"" + cursor
                                + "\",\"limit\":500,\"clientId\":\"" + clientId + "\"}");
                        if (p.statusCode() == 200) {
                            int at = p.body().indexOf("\"cursor\":\"");
                            if (at >= 0) cursor = p.body().substring(at + 10, p.body().indexOf('"', at + 10));
                        }
                        yield p;
                    }
                };
                record(kind, t, r.statusCode(), r.body());
            } catch (Exception e) {
                errors.get(kind).incrementAndGet();
                if (errorSamples.size() < 10) errorSamples.add(kind + ": " + e);
            }
        }
    }

    private void record(String kind, long t0, int status, String body) {
        if (status >= 200 && status < 300) {
            latencies.get(kind).add(System.nanoTime() - t0);
        } else if (status == 429 || status == 503) {
            byDesign.get(kind).incrementAndGet();
        } else {
            errors.get(kind).incrementAndGet();
            if (errorSamples.size() < 10) errorSamples.add(kind + " " + status + ": " + body);
        }
    }

    /** Bulk uploads whose bodies arrive 256 bytes every 50 ms, one after another until the end. */
    private void trickle(long end) {
        byte[] body = bulkBody(100, new Random(7)).getBytes(StandardCharsets.UTF_8);
        for (int n = 0; n < 10_000 && System.nanoTime() < end; n++) {
            try (Socket s = new Socket("127.0.0.1", URI.create(base).getPort())) {
                OutputStream out = s.getOutputStream();
                out.write(("POST /api/tables/" + table + "/records/bulk HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                for (int off = 0; off < body.length; off += 256) {
                    out.write(body, off, Math.min(256, body.length - off));
                    out.flush();
                    Thread.sleep(50);
                }
                s.setSoTimeout(60_000);
                byte[] head = s.getInputStream().readNBytes(12);
                if (new String(head, StandardCharsets.US_ASCII).contains(" 200")) slowDone.incrementAndGet();
            } catch (Exception e) {
                if (errorSamples.size() < 10) errorSamples.add("slow: " + e);
            }
        }
    }

    /** A WebSocket on /api/live that is opened and authenticated, then never read from. */
    private Socket stalledWebSocket() throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new java.net.InetSocketAddress("127.0.0.1", URI.create(base).getPort()));
        s.getOutputStream().write(("GET /api/live?access_token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        s.setSoTimeout(10_000);
        StringBuilder head = new StringBuilder();
        int b;
        while (head.indexOf("\r\n\r\n") < 0 && (b = s.getInputStream().read()) >= 0) head.append((char) b);
        if (!head.toString().startsWith("HTTP/1.1 101")) throw new IllegalStateException("no WebSocket: " + head);
        System.out.println("live WebSocket: upgraded (101), from now on never read");
        return s;
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token);
        if (body != null) b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String bulkBody(int rows, Random random) {
        StringBuilder b = new StringBuilder("{\"records\":[");
        for (int i = 0; i < rows; i++) {
            b.append(i == 0 ? "" : ",").append("{\"fields\":{\"Title\":\"bulk ").append(random.nextInt(1_000_000))
                    .append("\",\"Qty\":").append(random.nextInt(1000)).append(",\"Status\":\"C\"}}");
        }
        return b.append("]}").toString();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return 0;
    }

    /** Heap in use right now, from {@code jcmd <pid> GC.heap_info} (the JDK's own tool). */
    private static long heapUsedKb(long pid) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            var m = java.util.regex.Pattern.compile("heap.*?used (\\d+)K").matcher(out);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (IOException | InterruptedException | RuntimeException e) {
            return 0;
        }
    }

    /** Pooled connections the server holds open to its PostgreSQL, from pg_stat_activity. */
    private long serverConnections() {
        try {
            List<String> pid = Files.readAllLines(dataDir.resolve("pg").resolve("postmaster.pid"));
            try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://localhost:" + pid.get(3).strip()
                    + "/postgres", "postgres", "postgres");
                 var rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_stat_activity WHERE "
                         + "application_name = 'rowan-server' AND backend_type = 'client backend'")) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            return 0;
        }
    }

    private void report(double elapsed, long pid) {
        System.out.printf(Locale.ROOT, "%-6s %8s %9s %9s %9s %9s %8s %9s%n", "kind", "ok", "per s", "p50 ms", "p95 ms",
                "p99 ms", "errors", "429/503");
        int totalErrors = 0;
        for (String k : KINDS) {
            List<Long> l = new ArrayList<>(latencies.get(k));
            Collections.sort(l);
            totalErrors += errors.get(k).get();
            System.out.printf(Locale.ROOT, "%-6s %8d %9.1f %9.1f %9.1f %9.1f %8d %9d%n", k, l.size(), l.size() / elapsed,
                    pct(l, 50), pct(l, 95), pct(l, 99), errors.get(k).get(), byDesign.get(k).get());
        }
        System.out.printf(Locale.ROOT, "slow client: %d trickled bulk uploads completed (200)%n", slowDone.get());
        System.out.printf(Locale.ROOT, "errors (not 429/503): %d%n", totalErrors);
        errorSamples.forEach(e -> System.out.println("  " + (e.length() > 300 ? e.substring(0, 300) : e)));
        System.out.printf(Locale.ROOT, "server peak RSS: %d MB (JVM process %d); peak heap in use %d MB (sampled); "
                + "peak pooled connections to PostgreSQL %d (pool size 16)%n", peakRssKb.get() / 1024, pid,
                peakHeapKb.get() / 1024, peakConnections.get());
    }

    private static double pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) return 0;
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }
}
