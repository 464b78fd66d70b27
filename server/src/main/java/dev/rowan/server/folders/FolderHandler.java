package dev.rowan.server.folders;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldSpec;
import dev.rowan.model.sync.Operation;
import dev.rowan.server.apps.AppRepository;
import dev.rowan.server.auth.Destructive;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.SqlErrors;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.journal.Journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The folder operations, run inside the caller's transaction with their change-log and audit entries; the REST
 * service ({@link FoldersService}) and the sync push both call these. Definitions are in the REST shape: the
 * parent folder is {@code parentId}. No SQL here: the repositories hold it.
 */
public final class FolderHandler {
    private final FolderRepository folders;
    private final AppRepository apps;
    private final Journal journal;

    public FolderHandler(FolderRepository folders, AppRepository apps, Journal journal) {
        this.folders = folders;
        this.apps = apps;
        this.journal = journal;
    }

    /**
     * Creates a folder in the operation's app ({@code id?, name, description?, parentId?}); its id is the
     * definition's {@code id} if given, else the operation's. An id already in use is refused.
     */
    public UUID create(Connection c, Principal p, Operation.CreateFolder op) throws SQLException {
        UUID appId = op.appId();
        if (appId == null) throw RowanException.invalid("parentId", "A folder mutation names its app in parentId");
        Map<String, ?> body = op.folder().json();
        Bodies.allowOnly(body, Set.of("id", "name", "description", "parentId"));
        if (!apps.exists(c, p.companyId(), appId)) throw RowanException.notFound("No app " + appId);
        String name = FieldSpec.checkName("Folder", body.get("name"));
        String description = Bodies.optionalText(body, "description", 10_000);
        UUID given = Bodies.optionalUuid(body, "id");
        UUID id = given == null ? op.entityId() : given;
        UUID parentId = Bodies.optionalUuid(body, "parentId");
        if (parentId != null) requireSameApp(c, p, parentId, appId);
        if (folders.exists(c, p.companyId(), id)) throw SqlErrors.idTaken();
        folders.insert(c, p.companyId(), id, appId, parentId, name, description);
        journal(c, p, id, "create", name);
        return id;
    }

    /** Changes the properties given ({@code name, description, parentId, position}); 404 if there is no such folder. */
    public void update(Connection c, Principal p, Operation.UpdateFolder op) throws SQLException {
        UUID id = op.entityId();
        Map<String, ?> body = op.changes().json();
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

    /**
     * Deletes a folder and its subfolders; the tables in them move to the app's top level (folder_id ON DELETE SET
     * NULL). False if the company has no such folder. The change log gets the folder's entry, a tombstone per
     * subfolder and an update per moved table, so replicas follow.
     */
    public boolean delete(Connection c, Principal p, Operation.DeleteFolder op) throws SQLException {
        UUID id = op.entityId();
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

    private void requireSameApp(Connection c, Principal p, UUID folderId, UUID appId) throws SQLException {
        UUID app = folders.appOfItem(c, p.companyId(), "folder", folderId)
                .orElseThrow(() -> RowanException.invalid("parentId", "No folder " + folderId));
        if (!app.equals(appId)) throw RowanException.invalid("parentId", "The parent folder belongs to another app");
    }

    /** The change-log and audit entries of a change to a folder (its items included). */
    void journal(Connection c, Principal p, UUID id, String op, String name) throws SQLException {
        long seq = journal.reserve(c, p.companyId(), 1);
        journal.change(c, p, seq, "folder", id, null, op, Map.of("name", name));
        journal.audit(c, p, "folder." + op, "folder", id, Map.of("name", name));
    }
}
