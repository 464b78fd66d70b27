package dev.rowan.desktop.sync;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;


/** Fills a company on the test server through its REST API (bulk insert), as another client would: the server sync benchmark's table. */
public final class Seed {
    private Seed() {
    }

    /** Signs in as {@code email} and creates a table of 10 fields with {@code rows} rows; returns the table id. */
    public static String table(String email, String password, int rows) {
        ApiClient api = new ApiClient(TestServer.baseUrl());
        if (api.login(email, password).status() != 200) throw new IllegalStateException("login");
        return dev.rowan.server.bench.SyncBenchmark.table(api, rows).get("id").toString();
    }
}
