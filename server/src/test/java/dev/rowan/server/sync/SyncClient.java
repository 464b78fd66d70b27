package dev.rowan.server.sync;

import dev.rowan.server.support.ApiClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A small test-side replica, the way the desktop sync engine uses the protocol: a cursor, local tables and
 * records keyed by id, and an outbox of mutations with base versions. No GUI, no H2: just the protocol.
 */
final class SyncClient {
    final ApiClient api;
    final UUID clientId = UUID.randomUUID();
    String cursor = null;
    long resultsCursor = 0;
    int limit = 1000;
    final Map<UUID, Map<String, Object>> tables = new HashMap<>();
    final Map<UUID, Map<String, Object>> apps = new HashMap<>();
    final Map<UUID, Map<String, Object>> folders = new HashMap<>();
    /** record id -> {tableId, rowVersion, fields{fieldId: value}} */
    final Map<UUID, Map<String, Object>> records = new HashMap<>();
    final List<Map<String, Object>> outbox = new ArrayList<>();
    final List<Map<String, Object>> pulledResults = new ArrayList<>();
    int pages;

    SyncClient(ApiClient api) {
        this.api = api;
    }

    /** Pulls until caught up; returns the number of record entries received. */
    @SuppressWarnings("unchecked")
    int pull() {
        int n = 0;
        while (true) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (cursor != null) body.put("cursor", cursor);
            body.put("limit", limit);
            body.put("clientId", clientId.toString());
            body.put("resultsCursor", resultsCursor);
            var r = api.post("/api/sync/pull", body);
            if (r.status() != 200) throw new AssertionError("pull failed: " + r.body());
            apply(r.map());
            n += ((List<?>) r.get("records")).size();
            pages++;
            if (!Boolean.TRUE.equals(r.get("hasMore"))) return n;
        }
    }

    /** Reloads one table whole (its pages first, then the log as usual); returns the record ids the reload sent. */
    @SuppressWarnings("unchecked")
    List<UUID> refresh(UUID table) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cursor", cursor);
        body.put("limit", limit);
        body.put("refresh", table.toString());
        List<UUID> ids = new ArrayList<>();
        var r = api.post("/api/sync/pull", body);
        while (true) {
            if (r.status() != 200) throw new AssertionError("refresh failed: " + r.body());
            apply(r.map());
            pages++;
            boolean reloading = "backfill".equals(r.get("phase"));
            if (reloading) {
                for (Map<String, Object> e : (List<Map<String, Object>>) r.get("records")) ids.add(UUID.fromString((String) e.get("id")));
            }
            if (!reloading || !Boolean.TRUE.equals(r.get("hasMore"))) break;
            r = api.post("/api/sync/pull", Map.of("cursor", cursor, "limit", limit));
        }
        pull();
        return ids;
    }

    @SuppressWarnings("unchecked")
    void apply(Map<String, Object> page) {
        for (Map<String, Object> s : (List<Map<String, Object>>) page.get("schema")) {
            Map<UUID, Map<String, Object>> target = switch ((String) s.get("entity")) {
                case "app" -> apps;
                case "folder" -> folders;
                default -> tables;
            };
            UUID id = UUID.fromString((String) s.get("id"));
            if ("delete".equals(s.get("op"))) {
                target.remove(id);
                // a table's tombstone (deleted, or no longer visible) takes its rows with it
                if (target == tables) records.values().removeIf(r -> id.toString().equals(String.valueOf(r.get("tableId"))));
            } else {
                target.put(id, (Map<String, Object>) s.get("data"));
            }
        }
        for (Map<String, Object> e : (List<Map<String, Object>>) page.get("records")) {
            UUID id = UUID.fromString((String) e.get("id"));
            if ("delete".equals(e.get("op"))) {
                records.remove(id);
            } else {
                Map<String, Object> rec = (Map<String, Object>) e.get("record");
                Map<String, Object> local = new LinkedHashMap<>();
                local.put("tableId", e.get("tableId"));
                local.put("rowVersion", ((Number) rec.get("rowVersion")).longValue());
                local.put("fields", new LinkedHashMap<>((Map<String, Object>) rec.get("fields")));
                records.put(id, local);
            }
        }
        cursor = (String) page.get("cursor");
        if (page.get("results") instanceof List<?> l) {
            pulledResults.addAll((List<Map<String, Object>>) l);
            resultsCursor = ((Number) page.get("resultsCursor")).longValue();
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> fields(UUID recordId) {
        return (Map<String, Object>) records.get(recordId).get("fields");
    }

    /** An offline edit: applied locally at once, queued with the version and values it was based on. */
    void edit(UUID tableId, UUID recordId, Map<String, Object> changes) {
        Map<String, Object> local = records.get(recordId);
        Map<String, Object> base = new LinkedHashMap<>();
        for (String k : changes.keySet()) base.put(k, fields(recordId).get(k));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("fields", changes);
        payload.put("baseVersion", local.get("rowVersion"));
        payload.put("base", base);
        fields(recordId).putAll(changes);
        enqueue("UPDATE", "RECORD", recordId, tableId, payload);
    }

    void create(UUID tableId, UUID recordId, Map<String, Object> values) {
        Map<String, Object> local = new LinkedHashMap<>();
        local.put("tableId", tableId.toString());
        local.put("rowVersion", 0L);
        local.put("fields", new LinkedHashMap<>(values));
        records.put(recordId, local);
        enqueue("CREATE", "RECORD", recordId, tableId, Map.of("fields", values));
    }

    void delete(UUID tableId, UUID recordId) {
        Map<String, Object> local = records.remove(recordId);
        enqueue("DELETE", "RECORD", recordId, tableId, Map.of("baseVersion", local.get("rowVersion")));
    }

    Map<String, Object> enqueue(String op, String entity, UUID entityId, UUID parentId, Map<String, Object> payload) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mutationId", UUID.randomUUID().toString());
        m.put("op", op);
        m.put("entity", entity);
        m.put("entityId", entityId.toString());
        if (parentId != null) m.put("parentId", parentId.toString());
        m.put("payload", payload);
        outbox.add(m);
        return m;
    }

    /** Pushes the outbox; every mutation answered leaves it. Returns the results. */
    List<Map<String, Object>> push() {
        var r = api.post("/api/sync/push", Map.of("clientId", clientId.toString(), "mutations", outbox));
        if (r.status() != 200) throw new AssertionError("push failed: " + r.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) r.get("results");
        outbox.subList(0, results.size()).clear();
        return results;
    }
}
