package dev.rowan.server.bench;

import dev.rowan.server.RowanServer;
import dev.rowan.server.auth.AccountRepository;
import dev.rowan.server.auth.Passwords;
import dev.rowan.server.config.Settings;
import dev.rowan.server.support.ApiClient;
import io.helidon.config.Config;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Heap during a burst of parallel sign-ins (issue 10): each Argon2id check takes 19 MiB, so without a bound 50 at
 * once want ~950 MiB. Prints the peak heap in use while the burst runs, the answers and the time.
 * <pre>
 * ./mvnw -B -q -pl server -am package -DskipTests
 * java -Xmx192m -cp "server/target/test-classes:server/target/server-0.1.0-SNAPSHOT.jar:server/target/libs/*" \
 *   dev.rowan.server.bench.LoginBurst [--logins 50] [--concurrency 2] [--wait-ms 2000]
 * </pre>
 * {@code --concurrency 50} shows the unbounded case. Server and clients share this JVM, so the client side's
 * allocations (small) are included.
 */
public final class LoginBurst {
    private static final String PASSWORD = "burst-password-123";

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        int logins = Integer.parseInt(opts.getOrDefault("logins", "50"));
        String concurrency = opts.getOrDefault("concurrency", "2");
        String waitMs = opts.getOrDefault("wait-ms", "2000");
        Settings settings = Settings.from(Config.create(), Map.of("ROWAN_PORT", "0", "ROWAN_HOST", "127.0.0.1",
                "ROWAN_DATA_DIR", Files.createTempDirectory("rowan-login-burst").toString(),
                "ROWAN_ADMIN_PASSWORD", PASSWORD, "ROWAN_HASH_CONCURRENCY", concurrency, "ROWAN_HASH_WAIT_MS", waitMs,
                "ROWAN_LOGIN_IP_LIMIT", "100000"));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (RowanServer server = RowanServer.start(settings)) {
            String base = "http://127.0.0.1:" + server.port();
            List<String> emails = users(server, logins);
            // warm up the path once, then start from a collected heap
            if (new ApiClient(base).login(emails.getFirst(), PASSWORD).status() != 200) throw new IllegalStateException();
            System.gc();
            long baseline = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(baseline);
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (sampling.get()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            HttpClient http = HttpClient.newHttpClient();
            CountDownLatch go = new CountDownLatch(1);
            Map<Integer, Integer> statuses = new TreeMap<>();
            long started;
            try (ExecutorService pool = Executors.newFixedThreadPool(logins)) {
                List<Future<Integer>> out = new ArrayList<>();
                for (String email : emails) {
                    out.add(pool.submit(() -> {
                        go.await();
                        HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email
                                        + "\",\"password\":\"" + PASSWORD + "\"}")).build();
                        try {
                            return http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
                        } catch (Exception e) {
                            return -1;
                        }
                    }));
                }
                started = System.nanoTime();
                go.countDown();
                for (Future<Integer> f : out) statuses.merge(f.get(), 1, Integer::sum);
            }
            long ms = (System.nanoTime() - started) / 1_000_000;
            sampling.set(false);
            sampler.join();
            long mib = 1024 * 1024;
            System.out.printf(Locale.ROOT, "%n%d parallel sign-ins, hashing concurrency %s, wait %s ms, -Xmx %d MiB%n",
                    logins, concurrency, waitMs, memory.getHeapMemoryUsage().getMax() / mib);
            System.out.printf(Locale.ROOT, "answers (status=count): %s  (-1 = connection failed)%n", statuses);
            System.out.printf(Locale.ROOT, "burst took %d ms%n", ms);
            System.out.printf(Locale.ROOT, "heap in use: %d MiB before, peak %d MiB during the burst%n",
                    baseline / mib, peak.get() / mib);
        }
    }

    private static List<String> users(RowanServer server, int n) throws Exception {
        String hash = Passwords.hash(PASSWORD);
        List<String> emails = new ArrayList<>();
        try (Connection c = server.database().dataSource().getConnection()) {
            c.setAutoCommit(false);
            AccountRepository accounts = new AccountRepository(server.database().dbClient());
            UUID company = accounts.createCompany(c, "Burst");
            for (int i = 0; i < n; i++) {
                String email = "burst-" + i + "-" + UUID.randomUUID() + "@bench.rowan";
                accounts.addMember(c, company, accounts.createUser(c, email, hash, "Burst " + i), "member");
                emails.add(email);
            }
            c.commit();
        }
        return emails;
    }
}
