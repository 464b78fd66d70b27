package dev.rowan.server.sync;

import dev.rowan.server.RowanServer;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Live pokes over WebSocket, fanned out between server instances through PostgreSQL LISTEN/NOTIFY. */
class LiveTest {
    private static final Pattern SEQ = Pattern.compile("\"seq\":(-?\\d+)");

    /** A WebSocket client that queues every text message. */
    static final class Socket implements WebSocket.Listener {
        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final WebSocket ws;

        Socket(int port, String query) {
            ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/live" + query), this).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            messages.add(data.toString());
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }

        /** Waits for a poke announcing at least {@code seq}. */
        long awaitPoke(long seq) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                String m = messages.poll(100, TimeUnit.MILLISECONDS);
                if (m == null || !m.contains("\"changes\"")) continue;
                Matcher mm = SEQ.matcher(m);
                if (mm.find() && Long.parseLong(mm.group(1)) >= seq) return Long.parseLong(mm.group(1));
            }
            throw new AssertionError("no poke for seq " + seq + " within 10 s");
        }

        void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }

    @Test
    void twoServersOnOneDatabaseBothDeliverPokes() throws Exception {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Live");
        Map<String, Object> t = api.createTable(app, "T", List.of(Map.of("name", "Title", "type", "text")));
        RowanServer second = RowanServer.start(TestServer.settings(Map.of()));
        try {
            Socket onFirst = new Socket(TestServer.get().port(), "?access_token=" + api.token());
            Socket onSecond = new Socket(second.port(), "");
            onSecond.ws.sendText("{\"type\":\"auth\",\"token\":\"" + api.token() + "\"}", true).join();
            assertThat(onFirst.messages.poll(10, TimeUnit.SECONDS)).contains("ready");
            assertThat(onSecond.messages.poll(10, TimeUnit.SECONDS)).contains("ready");
            // a write on the first server reaches sessions on both
            var r = api.post("/api/tables/" + t.get("id") + "/records", Map.of("fields", Map.of("Title", "x")));
            long seq = ((Number) r.get("rowVersion")).longValue();
            assertThat(onFirst.awaitPoke(seq)).isGreaterThanOrEqualTo(seq);
            assertThat(onSecond.awaitPoke(seq)).isGreaterThanOrEqualTo(seq);
            // and a write through the second server as well
            ApiClient viaSecond = new ApiClient("http://127.0.0.1:" + second.port());
            viaSecond.token(api.token());
            var r2 = viaSecond.post("/api/tables/" + t.get("id") + "/records", Map.of("fields", Map.of("Title", "y")));
            long seq2 = ((Number) r2.get("rowVersion")).longValue();
            assertThat(onFirst.awaitPoke(seq2)).isGreaterThanOrEqualTo(seq2);
            assertThat(onSecond.awaitPoke(seq2)).isGreaterThanOrEqualTo(seq2);
            onFirst.close();
            onSecond.close();
        } finally {
            second.close();
        }
    }

    @Test
    void anotherCompanysChangesAreNotAnnouncedAndBadTokensAreRefused() throws Exception {
        ApiClient mine = TestServer.newTenant();
        ApiClient other = TestServer.newTenant();
        String app = other.createApp("Other");
        Socket s = new Socket(TestServer.get().port(), "?access_token=" + mine.token());
        assertThat(s.messages.poll(10, TimeUnit.SECONDS)).contains("ready");
        other.createTable(app, "T", List.of(Map.of("name", "Title", "type", "text")));
        assertThat(s.messages.poll(1, TimeUnit.SECONDS)).isNull();
        s.close();
        assertThatThrownBy(() -> new Socket(TestServer.get().port(), "?access_token=nope"))
                .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class)
                .rootCause().hasMessageContaining("401");
        assertThat(mine.get("/api/live").status()).isEqualTo(426);
    }
}
