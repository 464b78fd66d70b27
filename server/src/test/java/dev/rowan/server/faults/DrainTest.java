package dev.rowan.server.faults;

import dev.rowan.server.RowanServer;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Stopping the server lets the requests in flight finish (and commit) before the database pool closes. */
class DrainTest {

    @Test
    @Timeout(120)
    void aRequestInFlightDuringStopCompletesAndIsStored() throws Exception {
        ApiClient shared = TestServer.newTenant();
        String table = (String) shared.createTable(shared.createApp("Drain"), "T",
                List.of(Map.of("name", "Title", "type", "text"))).get("id");
        RowanServer server = RowanServer.start(TestServer.settings(Map.of()));
        ApiClient api = new ApiClient("http://127.0.0.1:" + server.port());
        api.token(shared.token());
        StringBuilder body = new StringBuilder("{\"records\": [");
        for (int i = 0; i < 500; i++) body.append(i == 0 ? "" : ",").append("{\"fields\": {\"Title\": \"r").append(i)
                .append("\"}}");
        byte[] bytes = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);

        CompletableFuture<Void> stopped;
        try (SlowRequest slow = new SlowRequest(server.port(), "POST", "/api/tables/" + table + "/records/bulk",
                api.token(), bytes)) {
            Thread.sleep(300); // the upload is in its handler, waiting for the rest of its body
            stopped = CompletableFuture.runAsync(server::close);
            Thread.sleep(1_500);
            assertThat(stopped).as("stop waits for the request in flight").isNotDone();
            String answer = slow.finish();
            assertThat(SlowRequest.status(answer)).as(answer).isEqualTo(200);
        }
        stopped.get(60, TimeUnit.SECONDS);
        assertThat(shared.get("/api/tables/" + table + "/records/count").get("count")).isEqualTo(500);
    }
}
