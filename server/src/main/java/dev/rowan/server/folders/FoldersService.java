package dev.rowan.server.folders;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldSpec;
import dev.rowan.server.auth.Destructive;
import dev.rowan.server.apps.AppRepository;
import dev.rowan.server.apps.AppTables;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Params;
import dev.rowan.server.journal.Journal;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Folders: {@code /api/apps/{appId}/folders} and {@code /api/folders/{id}}, nesting through {@code parentId},
 * and items (tables and subfolders) placed, ordered and removed with {@code /api/folders/{id}/items}.
 */
public final class FoldersService implements HttpService {
    private final FolderRepository folders;
    private final AppRepository apps;
    private final AppTables tables;
    private final Tx tx;
    private final Journal journal;
    private final long maxBody;

    public FoldersService(FolderRepository folders, AppRepository apps, AppTables tables, Tx tx, Journal journal,
                          long maxBody) {
        this.folders = folders;
        this.apps = apps;
        this.tables = tables;
        this.tx = tx;
        this.journal = journal;
        this.maxBody = maxBody;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/apps/{appId}/folders", this::list)
                .post("/apps/{appId}/folders", this::create)
                .get("/folders/{id}", this::get)
                .put("/folders/{id}", this::update)
                .patch("/folders/{id}", this::update)
                .delete("/folders/{id}", this::delete)
                .get("/folders/{id}/items", this::items)
                .post("/folders/{id}/items", this::addItem)
                .put("/folders/{id}/items", this::reorder)
                .delete("/folders/{folderId}/items/{itemId}", this::removeItem);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID appId = Params.uuid(req, "appId");
        if (apps.get(p.companyId(), appId).isEmpty()) throw RowanException.notFound("No app " + appId);
        Json.ok(res, Json.data(folders.list(p.companyId(), appId)));
    }

    private Map<String, Object> find(Principal p, UUID id) {
        return folders.get(p.companyId(), id).orElseThrow(() -> RowanException.notFound("No folder " + id));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        Map<String, Object> out = new LinkedHashMap<>(find(p, id));
        out.put("items", items(p, id));
        Json.ok(res, out);
    }

    private List<Map<String, Object>> items(Principal p, UUID id) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> f : folders.children(p.companyId(), id)) {
            Map<String, Object> m = new LinkedHashMap<>(f);
            m.put("type", "folder");
            items.add(m);
        }
        for (Map<String, Object> t : tables.summariesIn(p, id)) {
            Map<String, Object> m = new LinkedHashMap<>(t);
            m.put("type", "table");
            items.add(m);
        }
        items.sort(java.util.Comparator.comparingInt(m -> (Integer) m.get("position")));
        return items;
    }

    private void items(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        find(p, id);
        Json.ok(res, Json.data(items(p, id)));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID appId = Params.uuid(req, "appId");
        Map<String, Object> body = Json.readObject(req, maxBody);
        UUID id = tx.inTransaction(c -> createFolder(c, p, appId, body));
        Json.created(res, find(p, id));
    }

    /**
     * Creates a folder from a create body ({@code id?, name, description?, parentId?}) inside the caller's
     * transaction, with change-log and audit entries; returns its id. REST create and sync push share it.
     */
    public UUID createFolder(Connection c, Principal p, UUID appId, Map<String, ?> body) throws SQLException {
        Bodies.allowOnly(body, Set.of("id", "name", "description", "parentId"));
        if (!apps.exists(c, p.companyId(), appId)) throw RowanException.notFound("No app " + appId);
        String name = FieldSpec.checkName("Folder", body.get("name"));
        String description = Bodies.optionalText(body, "description", 10_000);
        UUID given = Bodies.optionalUuid(body, "id");
        UUID id = given == null ? UUID.randomUUID() : given;
        UUID parentId = Bodies.optionalUuid(body, "parentId");
        if (parentId != null) requireSameApp(c, p, parentId, appId);
        if (given != null && folders.exists(c, p.companyId(), given)) {
            throw dev.rowan.server.db.SqlErrors.idTaken();
        }
        folders.insert(c, p.companyId(), id, appId, parentId, name, description);
        journal(c, p, id, "create", name);
        return id;
    }

    private void requireSameApp(Connection c, Principal p, UUID folderId, UUID appId) throws SQLException {
        UUID app = folders.appOfItem(c, p.companyId(), "folder", folderId)
                .orElseThrow(() -> RowanException.invalid("parentId", "No folder " + folderId));
        if (!app.equals(appId)) throw RowanException.invalid("parentId", "The parent folder belongs to another app");
    }

    private void journal(Connection c, Principal p, UUID id, String op, String name) throws SQLException {
        long seq = journal.reserve(c, p.companyId(), 1);
        journal.change(c, p, seq, "folder", id, null, op, Map.of("name", name));
        journal.audit(c, p, "folder." + op, "folder", id, Map.of("name", name));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        find(p, id);
        Map<String, Object> body = Json.readObject(req, maxBody);
        tx.inTransaction(c -> {
            updateFolder(c, p, id, body);
            return null;
        });
        Json.ok(res, find(p, id));
    }

    /**
     * Changes the properties given ({@code name, description, parentId, position}) inside the caller's
     * transaction, with change-log and audit entries; 404 if the company has no such folder.
     */
    public void updateFolder(Connection c, Principal p, UUID id, Map<String, ?> body) throws SQLException {
        Bodies.allowOnly(body, Set.of("name", "description", "parentId", "position"));
        String name = body.containsKey("name") ? FieldSpec.checkName("Folder", body.get("name")) : null;
        String description = Bodies.optionalText(body, "description", 10_000);
        UUID parent = Bodies.optionalUuid(body, "parentId");
        Integer position = Bodies.optionalInt(body, "position");
        Map<String, Object> current = folders.lock(c, p.companyId(), id)
                .orElseThrow(() -> RowanException.notFound("No folder " + id));
        UUID parentId = body.containsKey("parentId") ? parent : (UUID) current.get("parentId");
        if (parentId != null) {
            requireSameApp(c, p, parentId, (UUID) current.get("appId"));
            if (folders.isSelfOrDescendant(c, id, parentId)) {
                throw RowanException.invalid("parentId", "A folder cannot move into itself or its own subfolder");
            }
        }
        String newName = name != null ? name : (String) current.get("name");
        folders.update(c, p.companyId(), id, parentId, newName,
                body.containsKey("description") ? description : (String) current.get("description"),
                position == null ? (Integer) current.get("position") : position);
        journal(c, p, id, "update", newName);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        if (!tx.inTransaction(c -> deleteFolder(c, p, id))) throw RowanException.notFound("No folder " + id);
        res.status(204).send();
    }

    /**
     * Deletes a folder and its subfolders inside the caller's transaction; the tables in them move to the app's
     * top level (folder_id ON DELETE SET NULL). False if the company has no such folder. The change log gets the
     * folder's entry, a tombstone per subfolder and an update per moved table, so replicas follow.
     */
    public boolean deleteFolder(Connection c, Principal p, UUID id) throws SQLException {
        Map<String, Object> current = folders.lock(c, p.companyId(), id).orElse(null);
        if (current == null) return false;
        List<UUID> subfolders = folders.descendants(c, id);
        List<UUID> all = new ArrayList<>(subfolders);
        all.add(id);
        List<UUID> moved = folders.tablesIn(c, p.companyId(), all);
        if (!moved.isEmpty()) Destructive.require(p, "delete a folder that holds tables");
        folders.delete(c, p.companyId(), id);
        if (!moved.isEmpty() || !subfolders.isEmpty()) {
            long seq = journal.reserve(c, p.companyId(), moved.size() + subfolders.size());
            for (UUID t : moved) journal.change(c, p, seq++, "table", t, t, "update",
                    java.util.Collections.singletonMap("folderId", null));
            for (UUID f : subfolders) journal.change(c, p, seq++, "folder", f, null, "delete", null);
        }
        journal(c, p, id, "delete", (String) current.get("name"));
        return true;
    }

    private record Item(String type, UUID id) {
    }

    private static Item item(@Nullable Object raw, String path) {
        if (!(raw instanceof Map<?, ?> m)) throw RowanException.invalid(path, "an item is {\"type\": \"table\"|\"folder\", \"id\": ...}");
        Object type = m.get("type") == null ? "table" : m.get("type");
        if (!"table".equals(type) && !"folder".equals(type)) {
            throw RowanException.invalid(path + ".type", "type is table or folder");
        }
        @SuppressWarnings("unchecked")
        UUID id = Bodies.optionalUuid((Map<String, ?>) m, "id");
        if (id == null) throw RowanException.invalid(path + ".id", "id is required");
        return new Item((String) type, id);
    }

    /** Moves a table or folder into this folder, at the end or at {@code position}. */
    private void addItem(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        Map<String, Object> folder = find(p, id);
        Map<String, Object> body = Json.readObject(req, maxBody);
        Bodies.allowOnly(body, Set.of("type", "id", "position"));
        Item item = item(body, "item");
        Integer position = Bodies.optionalInt(body, "position");
        int pos = position != null ? position : items(p, id).size();
        tx.inTransaction(c -> {
            place(c, p, folder, item, pos);
            journal(c, p, id, "items", (String) folder.get("name"));
            return null;
        });
        Json.created(res, Json.data(items(p, id)));
    }

    private void place(Connection c, Principal p, Map<String, Object> folder, Item item, int pos) throws SQLException {
        UUID folderId = (UUID) folder.get("id");
        // moving a table is a change of the table: 403 if the caller may only read it; one they cannot see is
        // refused exactly like an id that does not exist
        if (item.type().equals("table")) {
            try {
                tables.lockForChange(c, p, item.id());
            } catch (RowanException e) {
                if (e.status() == 404) throw RowanException.invalid("id", "No table " + item.id());
                throw e;
            }
        }
        UUID app = folders.appOfItem(c, p.companyId(), item.type(), item.id())
                .orElseThrow(() -> RowanException.invalid("id", "No " + item.type() + " " + item.id()));
        if (!app.equals(folder.get("appId"))) {
            throw RowanException.invalid("id", "The " + item.type() + " belongs to another app");
        }
        if (item.type().equals("folder") && folders.isSelfOrDescendant(c, item.id(), folderId)) {
            throw RowanException.invalid("id", "A folder cannot move into itself or its own subfolder");
        }
        folders.place(c, p.companyId(), item.type(), item.id(), folderId, pos);
    }

    /** Sets the order of this folder's items: {@code {"items": [{"type","id"}, ...]}} (items not yet here move in). */
    private void reorder(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        Map<String, Object> folder = find(p, id);
        Map<String, Object> body = Json.readObject(req, maxBody);
        Bodies.allowOnly(body, Set.of("items"));
        if (!(body.get("items") instanceof List<?> raw)) throw RowanException.invalid("items", "items must be a list");
        if (raw.size() > 10_000) throw RowanException.invalid("items", "at most 10000 items");
        List<Item> order = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            Item it = item(raw.get(i), "items[" + i + "]");
            if (!seen.add(it.id())) throw RowanException.invalid("items[" + i + "]", "item listed twice");
            order.add(it);
        }
        tx.inTransaction(c -> {
            for (int i = 0; i < order.size(); i++) place(c, p, folder, order.get(i), i);
            journal(c, p, id, "items", (String) folder.get("name"));
            return null;
        });
        Json.ok(res, Json.data(items(p, id)));
    }

    /** Takes an item out of this folder, back to the app's root. */
    private void removeItem(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "folderId");
        UUID itemId = Params.uuid(req, "itemId");
        Map<String, Object> folder = find(p, id);
        boolean isTable = tables.holds(p, id, itemId);
        boolean isFolder = folders.children(p.companyId(), id).stream().anyMatch(f -> itemId.equals(f.get("id")));
        if (!isTable && !isFolder) throw RowanException.notFound("No item " + itemId + " in folder " + folder.get("name"));
        tx.inTransaction(c -> {
            if (isTable) tables.lockForChange(c, p, itemId);
            folders.place(c, p.companyId(), isTable ? "table" : "folder", itemId, null, 0);
            journal(c, p, id, "items", (String) folder.get("name"));
            return null;
        });
        res.status(204).send();
    }
}
