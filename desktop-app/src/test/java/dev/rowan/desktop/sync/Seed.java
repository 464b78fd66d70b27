package dev.rowan.desktop.sync;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Fills a company on the test server through its REST API (bulk insert), as another client would. */
public final class Seed {
    private Seed() {
    }

    /** Signs in as {@code email} and creates a table of 10 fields with {@code rows} rows; returns the table id. */
    public static String table(String email, String password, int rows) {
        ApiClient api = new ApiClient(TestServer.baseUrl());
        if (api.login(email, password).status() != 200) throw new IllegalStateException("login");
        String app = api.createApp("Seed " + UUID.randomUUID());
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
        return t.get("id").toString();
    }
}
