package dev.rowan.server.share;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real headless Chromium driven through chromedriver's W3C WebDriver protocol (plain JSON over HTTP, so no client
 * library is needed): open a page, type into and click elements found by CSS selector, read the page back. Chromium
 * and chromedriver come from Debian's packages ({@code .ci/install-chromium}).
 */
final class WebDriverSession implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Process driver;
    private final String base;
    private final String session;

    /** The chromedriver and Chromium binaries, when both are installed. */
    static Optional<Path[]> binaries() {
        Path driver = Path.of("/usr/bin/chromedriver");
        Path browser = Path.of("/usr/bin/chromium");
        return Files.isExecutable(driver) && Files.isExecutable(browser) ? Optional.of(new Path[]{driver, browser})
                : Optional.empty();
    }

    WebDriverSession(Path driverBinary, Path browserBinary) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        driver = new ProcessBuilder(driverBinary.toString(), "--port=" + port).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        base = "http://127.0.0.1:" + port;
        waitUntilReady();
        Map<String, Object> caps = Map.of("capabilities", Map.of("alwaysMatch", Map.of("browserName", "chrome",
                "goog:chromeOptions", Map.of("binary", browserBinary.toString(), "args", List.of("--headless=new",
                        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1024,900")))));
        Map<?, ?> value = (Map<?, ?>) call("POST", "/session", caps);
        session = (String) value.get("sessionId");
        // a find waits for its element: after a submit, the next page's elements appear once it has loaded
        call("POST", "/session/" + session + "/timeouts", Map.of("implicit", 15_000, "pageLoad", 30_000));
    }

    private void waitUntilReady() throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"ready\":true")) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("chromedriver did not start");
    }

    private Object call(String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        Map<?, ?> m = JSON.readValue(r.body(), Map.class);
        if (r.statusCode() != 200) throw new IllegalStateException("WebDriver " + path + ": " + r.body());
        return m.get("value");
    }

    void open(String url) throws Exception {
        call("POST", "/session/" + session + "/url", Map.of("url", url));
    }

    private String find(String css) throws Exception {
        Map<?, ?> v = (Map<?, ?>) call("POST", "/session/" + session + "/element",
                Map.of("using", "css selector", "value", css));
        return (String) v.get(ELEMENT);
    }

    void type(String css, String text) throws Exception {
        String id = find(css);
        call("POST", "/session/" + session + "/element/" + id + "/clear", Map.of());
        call("POST", "/session/" + session + "/element/" + id + "/value", Map.of("text", text));
    }

    void click(String css) throws Exception {
        call("POST", "/session/" + session + "/element/" + find(css) + "/click", Map.of());
    }

    /** The value property of an input as the browser holds it now. */
    String value(String css) throws Exception {
        return String.valueOf(call("GET", "/session/" + session + "/element/" + find(css) + "/property/value", null));
    }

    String text(String css) throws Exception {
        return String.valueOf(call("GET", "/session/" + session + "/element/" + find(css) + "/text", null));
    }

    String source() throws Exception {
        return String.valueOf(call("GET", "/session/" + session + "/source", null));
    }

    /** A PNG of the browser window, written to {@code file}. */
    void screenshot(Path file) throws Exception {
        String png = String.valueOf(call("GET", "/session/" + session + "/screenshot", null));
        Files.createDirectories(file.getParent());
        Files.write(file, java.util.Base64.getDecoder().decode(png));
    }

    String title() throws Exception {
        return String.valueOf(call("GET", "/session/" + session + "/title", null));
    }

    @Override
    public void close() {
        try {
            call("DELETE", "/session/" + session, null);
        } catch (Exception e) {
            // the driver is stopped below anyway
        } finally {
            driver.destroy();
        }
    }
}
