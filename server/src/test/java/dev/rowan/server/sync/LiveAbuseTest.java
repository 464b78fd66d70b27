package dev.rowan.server.sync;

import dev.rowan.server.RowanServer;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live socket under abuse: unauthenticated sockets are closed after the auth timeout, a session that signs out
 * or ends stops being poked and its socket closes, and a client that stops reading is dropped without delaying
 * pokes to anyone else. A server of its own with timeouts of a second or two.
 */
class LiveAbuseTest {
    private static final Pattern SEQ = Pattern.compile("\"seq\":(-?\\d+)");
    private static RowanServer server;

    @BeforeAll
    static void start() {
        server = RowanServer.start(TestServer.settings(Map.of("ROWAN_LIVE_AUTH_SECONDS", "1",
                "ROWAN_LIVE_RECHECK_SECONDS", "1", "ROWAN_LIVE_SEND_TIMEOUT_SECONDS", "2")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A well-behaved client: reads every message and remembers how it was closed. */
    static final class Client implements WebSocket.Listener {
        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final WebSocket ws;

        Client(String query) {
            ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/api/live" + query), this).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            messages.add(data.toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }

        /** Waits for a poke announcing {@code seq} or later (pokes not yet sent are merged into the newest). */
        boolean sawPoke(long seq, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                String m = messages.poll(50, TimeUnit.MILLISECONDS);
                if (m == null) continue;
                Matcher mm = SEQ.matcher(m);
                if (mm.find() && Long.parseLong(mm.group(1)) >= seq) return true;
            }
            return false;
        }
    }

    private static ApiClient tenant() {
        ApiClient api = TestServer.newTenant();
        ApiClient own = new ApiClient("http://127.0.0.1:" + server.port());
        own.token(api.token());
        own.companyId = api.companyId;
        return own;
    }

    private static void awaitSockets(int authenticated) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.sync().hub().size() != authenticated && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(server.sync().hub().size()).isEqualTo(authenticated);
    }

    /** A raw TCP client that upgrades to a WebSocket and then does whatever the test says (or nothing). */
    private static Socket rawUpgrade(String query, int receiveBuffer) throws Exception {
        Socket s = new Socket();
        if (receiveBuffer > 0) s.setReceiveBufferSize(receiveBuffer);
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        s.getOutputStream().write(("GET /api/live" + query + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.setSoTimeout(5000);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) break;
            head.write(b);
        }
        assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
        return s;
    }

    /** Reads until the server ends the connection; true if it did within the time. */
    private static boolean endsWithin(Socket s, int seconds) throws Exception {
        s.setSoTimeout(200);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        byte[] buf = new byte[65536];
        while (System.nanoTime() < deadline) {
            try {
                if (s.getInputStream().read(buf) < 0) return true;
            } catch (SocketTimeoutException e) {
                // keep reading
            } catch (SocketException e) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aSocketThatNeverAuthenticatesIsClosedAfterTheAuthTimeout() throws Exception {
        Client silent = new Client("");
        assertThat(silent.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
        // a raw socket that takes the upgrade and then says nothing at all is cut too
        try (Socket raw = rawUpgrade("", 0)) {
            assertThat(endsWithin(raw, 10)).isTrue();
        }
        // one that authenticates in time stays
        ApiClient api = tenant();
        Client ok = new Client("");
        ok.ws.sendText("{\"type\":\"auth\",\"token\":\"" + api.token() + "\"}", true).join();
        assertThat(ok.messages.poll(5, TimeUnit.SECONDS)).contains("ready");
        Thread.sleep(2500);
        assertThat(ok.closed).isNotDone();
        ok.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void signingOutClosesTheSessionsSocketsAndStopsThePokes() throws Exception {
        ApiClient api = tenant();
        Client live = new Client("?access_token=" + api.token());
        assertThat(live.messages.poll(5, TimeUnit.SECONDS)).contains("ready");
        assertThat(api.post("/api/auth/logout", Map.of()).status()).isEqualTo(204);
        assertThat(live.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
        server.sync().hub().poke(api.companyId, 424242);
        assertThat(live.sawPoke(0, 1)).isFalse();
    }

    @Test
    void aSessionEndedElsewhereIsNoticedByTheRecheck() throws Exception {
        ApiClient api = tenant();
        Client live = new Client("?access_token=" + api.token());
        assertThat(live.messages.poll(5, TimeUnit.SECONDS)).contains("ready");
        // signed out on another instance, or idle past its timeout: nothing this instance was told about
        try (Connection c = TestServer.jdbc(); PreparedStatement ps = c.prepareStatement(
                "UPDATE rowan.sessions SET last_used_at = now() - interval '30 days' WHERE token_hash = ?")) {
            ps.setBytes(1, dev.rowan.server.auth.AccountRepository.hashToken(api.token()));
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(live.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
        server.sync().hub().poke(api.companyId, 515151);
        assertThat(live.sawPoke(0, 1)).isFalse();
    }

    @Test
    void aClientThatStopsReadingIsDroppedAndDelaysNobody() throws Exception {
        ApiClient api = tenant();
        UUID company = api.companyId;
        int before = server.sync().hub().size();
        Client reader = new Client("?access_token=" + api.token());
        assertThat(reader.messages.poll(5, TimeUnit.SECONDS)).contains("ready");
        try (Socket stuck = rawUpgrade("?access_token=" + api.token(), 2048)) {
            awaitSockets(before + 2);
            // pokes as fast as they come until the stuck socket's buffers are full and it is dropped; the reading
            // client keeps getting them meanwhile
            long seq = 1_000_000;
            long started = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (server.sync().hub().size() > before + 1 && System.nanoTime() < deadline) {
                server.sync().hub().poke(company, seq++);
                if (seq % 500_000 == 0) {
                    assertThat(reader.sawPoke(seq - 1, 10)).as("poke %d reached the reading client", seq - 1).isTrue();
                }
            }
            LoggerFactory.getLogger(LiveAbuseTest.class).info("Stuck socket dropped after {} pokes in {} ms",
                    seq - 1_000_000, (System.nanoTime() - started) / 1_000_000);
            assertThat(server.sync().hub().size()).as("the stuck socket was dropped").isEqualTo(before + 1);
            // a real change reaches the reading client promptly
            String app = api.createApp("After");
            var t = api.createTable(app, "T", List.of(Map.of("name", "X", "type", "text")));
            var r = api.post("/api/tables/" + t.get("id") + "/records", Map.of("fields", Map.of("X", "y")));
            long rowVersion = ((Number) r.get("rowVersion")).longValue();
            assertThat(reader.sawPoke(rowVersion, 5)).isTrue();
            // and the stuck client's connection was really ended (after the frames it had buffered)
            assertThat(endsWithin(stuck, 20)).isTrue();
        }
        reader.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
}
