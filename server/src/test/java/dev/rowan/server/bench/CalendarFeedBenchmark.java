package dev.rowan.server.bench;

import dev.rowan.server.RowanServer;
import dev.rowan.server.config.Settings;
import dev.rowan.server.support.ApiClient;
import io.helidon.config.Config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * How long a calendar program waits for a shared feed: a table of {@code --rows} records (default 100,000) with dates
 * spread over three years around today, a calendar view with a link, and the feed fetched over HTTP without a
 * sign-in ({@code --runs} times per case, default 20): the default range (capped at 5,000 events), a month, a week.
 * Prints p50/p95 per case and the events each returned. Run after {@code ./mvnw -B -q package -DskipTests -pl server
 * -am}: {@code java -cp "server/target/test-classes:server/target/server-0.1.0-SNAPSHOT.jar:server/target/libs/*"
 * dev.rowan.server.bench.CalendarFeedBenchmark}.
 */
public final class CalendarFeedBenchmark {
    private static final String PASSWORD = "bench-password-123";

    private CalendarFeedBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 1 && args[0].equals("--rows") ? Integer.parseInt(args[1]) : 100_000;
        int runs = 20;
        Path data = Files.createTempDirectory("rowan-ics-bench");
        Settings settings = Settings.from(Config.create(), Map.of("ROWAN_PORT", "0", "ROWAN_HOST", "127.0.0.1",
                "ROWAN_DATA_DIR", data.toString(), "ROWAN_ADMIN_PASSWORD", PASSWORD));
        List<String> lines = new ArrayList<>();
        try (RowanServer server = RowanServer.start(settings)) {
            String base = "http://127.0.0.1:" + server.port();
            ApiClient api = new ApiClient(base);
            if (api.login("admin@rowan.local", PASSWORD).status() != 200) throw new IllegalStateException("login");
            String app = api.createApp("Bench");
            Map<String, Object> t = api.createTable(app, "Events", List.of(Map.of("name", "Title", "type", "text"),
                    Map.of("name", "Day", "type", "date"), Map.of("name", "Note", "type", "text")));
            String table = (String) t.get("id");
            LocalDate first = LocalDate.now().minusYears(1);
            int chunk = 50_000;
            for (int done = 0; done < rows; done += chunk) {
                StringBuilder sb = new StringBuilder("{\"records\":[");
                for (int i = done; i < Math.min(rows, done + chunk); i++) {
                    if (i > done) sb.append(',');
                    sb.append("{\"fields\":{\"Title\":\"Event ").append(i).append("\",\"Day\":\"")
                            .append(first.plusDays(i % 1095)).append("\",\"Note\":\"n\"}}");
                }
                sb.append("]}");
                var r = api.send("POST", "/api/tables/" + table + "/records/bulk", sb.toString());
                if (r.status() != 200) throw new IllegalStateException("bulk: " + r.body());
            }
            String view = UUID.randomUUID().toString();
            api.put("/api/tables/" + table + "/views/" + view, Map.of("name", "Calendar", "type", "calendar",
                    "config", Map.of()));
            String token = (String) api.post("/api/views/" + view + "/calendar-link", null).get("token");
            ApiClient anonymous = new ApiClient(base);
            for (String[] c : List.of(new String[]{"default range (-90..+365 days, cap 5,000)", ""},
                    new String[]{"next 30 days", "&pastDays=0&futureDays=30"},
                    new String[]{"next 7 days", "&pastDays=0&futureDays=7"})) {
                String url = "/api/views/" + view + "/calendar.ics?token=" + token + c[1];
                anonymous.get(url); // warm up
                double[] ms = new double[runs];
                int events = 0;
                long bytes = 0;
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    var r = anonymous.get(url);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                    if (r.status() != 200) throw new IllegalStateException(r.body());
                    events = r.body().split("BEGIN:VEVENT", -1).length - 1;
                    bytes = r.body().length();
                }
                Arrays.sort(ms);
                lines.add(String.format(Locale.ROOT, "%-45s %6d events %8d KB  p50 %7.1f ms  p95 %7.1f ms", c[0],
                        events, bytes / 1024, ms[runs / 2], ms[(int) Math.ceil(runs * 0.95) - 1]));
            }
        }
        System.out.printf(Locale.ROOT, "%ncalendar.ics over HTTP, %,d records in the table, %d runs per case%n",
                rows, runs);
        lines.forEach(System.out::println);
    }
}
