package dev.rowan.server.bench;

import dev.rowan.server.RowanServer;
import dev.rowan.server.config.Settings;
import dev.rowan.server.support.ApiClient;
import io.helidon.config.Config;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Attachment throughput and memory: uploads a {@code --mb} file (default 50 MB) and downloads it, printing MB/s for
 * each (best of 3); then streams a {@code --large-mb} file (default 1024 MB) up and down while sampling the heap every
 * 20 ms, printing the largest heap in use, to show that memory stays flat whatever the file's size. Server and client
 * run in this JVM (both stream: the client generates the bytes and hashes the download without keeping them), so run
 * it with a small heap, e.g. {@code -Xmx160m}: a server that held the file would fail. Run after {@code ./mvnw -B -q
 * package -DskipTests -pl server -am}: {@code java -Xmx160m -cp
 * "server/target/test-classes:server/target/server-0.1.0-SNAPSHOT.jar:server/target/libs/*"
 * dev.rowan.server.bench.FilesBenchmark}.
 */
public final class FilesBenchmark {
    private static final String PASSWORD = "bench-password-123";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private FilesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int mb = 50;
        int largeMb = 1024;
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--mb")) mb = Integer.parseInt(args[i + 1]);
            if (args[i].equals("--large-mb")) largeMb = Integer.parseInt(args[i + 1]);
        }
        Path data = Files.createTempDirectory("rowan-files-bench");
        Settings settings = Settings.from(Config.create(), Map.of("ROWAN_PORT", "0", "ROWAN_HOST", "127.0.0.1",
                "ROWAN_DATA_DIR", data.toString(), "ROWAN_ADMIN_PASSWORD", PASSWORD,
                "ROWAN_MAX_FILE_BYTES", String.valueOf((long) Math.max(mb, largeMb) << 20),
                "ROWAN_FILE_QUOTA_BYTES", String.valueOf(100L << 30)));
        try (RowanServer server = RowanServer.start(settings)) {
            String base = "http://127.0.0.1:" + server.port();
            ApiClient api = new ApiClient(base);
            if (api.login("admin@rowan.local", PASSWORD).status() != 200) throw new IllegalStateException("login");
            String app = api.createApp("Bench");
            String table = (String) api.createTable(app, "Files", List.of(Map.of("name", "Files", "type",
                    "attachment"))).get("id");
            long bytes = (long) mb << 20;
            double bestUp = 0;
            double bestDown = 0;
            for (int run = 0; run < 3; run++) {
                long t0 = System.nanoTime();
                // a different seed per run: deduplication would otherwise store nothing the second time
                String id = upload(api, table, bytes, run);
                double up = bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
                t0 = System.nanoTime();
                long got = download(api, id);
                double down = got / 1e6 / ((System.nanoTime() - t0) / 1e9);
                if (got != bytes) throw new IllegalStateException("downloaded " + got + " of " + bytes);
                bestUp = Math.max(bestUp, up);
                bestDown = Math.max(bestDown, down);
            }
            System.out.printf("attachment %d MB: upload %.1f MB/s, download %.1f MB/s (best of 3)%n", mb, bestUp,
                    bestDown);

            MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
            System.gc();
            long baseline = mem.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong();
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long large = (long) largeMb << 20;
            long t0 = System.nanoTime();
            String id = upload(api, table, large, 99);
            double up = large / 1e6 / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            long got = download(api, id);
            double down = got / 1e6 / ((System.nanoTime() - t0) / 1e9);
            sampler.interrupt();
            if (got != large) throw new IllegalStateException("downloaded " + got + " of " + large);
            System.out.printf("attachment %d MB streamed: upload %.1f MB/s, download %.1f MB/s; heap in use: %d MB "
                            + "before, at most %d MB during (max heap %d MB)%n", largeMb, up, down, baseline >> 20,
                    peak.get() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String upload(ApiClient api, String table, long bytes, long seed) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(api.base() + "/api/tables/" + table
                        + "/files?name=bench.bin"))
                .header("Authorization", "Bearer " + api.token())
                .header("Content-Type", "application/octet-stream")
                .timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(bytes, seed)), bytes))
                .build();
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new IllegalStateException("upload: " + r.statusCode() + " " + r.body());
        return (String) ((Map<?, ?>) ApiClient.JSON.readValue(r.body(), Map.class)).get("id");
    }

    private static long download(ApiClient api, String id) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(api.base() + "/api/files/" + id))
                .header("Authorization", "Bearer " + api.token()).timeout(Duration.ofMinutes(30)).build();
        HttpResponse<InputStream> r = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) throw new IllegalStateException("download: " + r.statusCode());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long total = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = r.body()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
                total += n;
            }
        }
        String etag = r.headers().firstValue("ETag").orElse("");
        if (!etag.equals("\"" + HexFormat.of().formatHex(sha.digest()) + "\"")) {
            throw new IllegalStateException("the download's hash differs from the stored one");
        }
        return total;
    }

    /** Pseudo-random bytes made on the fly (xorshift), so the client holds none of the file. */
    private static final class Generated extends InputStream {
        private long left;
        private long state;

        Generated(long bytes, long seed) {
            this.left = bytes;
            this.state = seed * 0x9E3779B97F4A7C15L + 1;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) return -1;
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                if ((i & 7) == 0) {
                    state ^= state << 13;
                    state ^= state >>> 7;
                    state ^= state << 17;
                }
                b[off + i] = (byte) (state >>> ((i & 7) * 8));
            }
            left -= n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(Integer.MAX_VALUE, left);
        }
    }
}
