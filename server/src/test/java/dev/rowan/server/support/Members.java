package dev.rowan.server.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Company members for access tests: added through the API and signed in, and table access set through it. */
public final class Members {
    public static final String PASSWORD = "member password 1";

    private Members() {
    }

    /** Adds a person with this role through the API and returns them signed in to the owner's company. */
    public static ApiClient add(ApiClient owner, String name, String role) {
        String email = name + "-" + UUID.randomUUID() + "@test.rowan";
        var r = owner.post("/api/members", Map.of("email", email, "password", PASSWORD, "displayName", name,
                "role", role));
        if (r.status() != 201) throw new AssertionError("member not added: " + r.body());
        ApiClient m = new ApiClient(owner.base());
        if (m.login(email, PASSWORD).status() != 200) throw new AssertionError("member cannot sign in");
        m.companyId = owner.companyId;
        return m;
    }

    public static String userId(ApiClient c) {
        return String.valueOf(c.get("/api/auth/me").get("userId"));
    }

    /** Restricts (or opens) a table and grants it: member to "read" or "edit". */
    public static void setAccess(ApiClient owner, Object table, boolean restricted, Map<ApiClient, String> grants) {
        List<Map<String, Object>> list = new ArrayList<>();
        grants.forEach((who, level) -> list.add(Map.of("userId", userId(who), "level", level)));
        var r = owner.put("/api/tables/" + table + "/access", Map.of("restricted", restricted, "grants", list));
        if (r.status() != 200) throw new AssertionError("access not set: " + r.body());
    }

    /** One pushed mutation as a map, the way clients send it. */
    public static Map<String, Object> mutation(String op, String entity, Object entityId, Object parentId,
                                               Map<String, Object> payload) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("mutationId", UUID.randomUUID().toString());
        m.put("op", op);
        m.put("entity", entity);
        m.put("entityId", String.valueOf(entityId));
        if (parentId != null) m.put("parentId", String.valueOf(parentId));
        m.put("payload", payload);
        return m;
    }

    /** Pushes mutations under a client id and returns the per-mutation results. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> push(ApiClient api, UUID clientId, List<Map<String, Object>> mutations) {
        var r = api.post("/api/sync/push", Map.of("clientId", clientId.toString(), "mutations", mutations));
        if (r.status() != 200) throw new AssertionError("push refused: " + r.body());
        return (List<Map<String, Object>>) r.get("results");
    }
}
