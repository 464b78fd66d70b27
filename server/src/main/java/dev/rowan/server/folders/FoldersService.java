package dev.rowan.server.folders;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.sync.Operation;
import dev.rowan.server.apps.AppRepository;
import dev.rowan.server.apps.AppTables;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Params;
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
    private final FolderHandler handler;
    private final long maxBody;

    public FoldersService(FolderRepository folders, AppRepository apps, AppTables tables, FolderHandler handler, Tx tx,
                          long maxBody) {
        this.folders = folders;
        this.apps = apps;
        this.tables = tables;
        this.tx = tx;
        this.handler = handler;
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
        UUID id = tx.inTransaction(c -> handler.create(c, p,
                new Operation.CreateFolder(UUID.randomUUID(), appId, new Operation.Definition(body))));
        Json.created(res, find(p, id));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        find(p, id);
        Map<String, Object> body = Json.readObject(req, maxBody);
        tx.inTransaction(c -> {
            handler.update(c, p, new Operation.UpdateFolder(id, null, new Operation.Definition(body)));
            return null;
        });
        Json.ok(res, find(p, id));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        UUID id = Params.uuid(req, "id");
        boolean deleted = tx.inTransaction(c -> handler.delete(c, p,
                new Operation.DeleteFolder(id, null, Operation.Definition.empty())));
        if (!deleted) throw RowanException.notFound("No folder " + id);
        res.status(204).send();
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
            handler.journal(c, p, id, "items", (String) folder.get("name"));
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
            handler.journal(c, p, id, "items", (String) folder.get("name"));
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
            handler.journal(c, p, id, "items", (String) folder.get("name"));
            return null;
        });
        res.status(204).send();
    }
}
