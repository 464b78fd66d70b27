package dev.rowan.server.views;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.ViewConfig;
import dev.rowan.model.view.ViewKind;
import dev.rowan.model.view.ViewMerge;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.journal.Journal;
import dev.rowan.server.tables.SchemaCache;
import dev.rowan.server.tables.Views;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The one place a view changes: REST ({@link ViewsService}) and the sync push's VIEW operations both call it, so the
 * rules (shared-model's config checks, personal views seen and changed only by their creator, locked views changed
 * only by owners/admins) and the change-log/audit entries are the same whichever way a change comes. Every method
 * runs inside the caller's transaction.
 */
public final class ViewHandler {
    public static final int MAX_VIEWS_PER_TABLE = 500;
    private static final Set<String> KEYS = Set.of("name", "type", "config", "personal", "locked");
    /** What a client's whole view may carry besides: its place in the table's list (the desktop's view bar sends it). */
    private static final Set<String> SAVE_KEYS = Set.of("name", "type", "config", "personal", "locked", "position",
            "base");

    private final ViewRepository views;
    private final SchemaCache schemas;
    private final Journal journal;

    public ViewHandler(ViewRepository views, SchemaCache schemas, Journal journal) {
        this.views = views;
        this.schemas = schemas;
        this.journal = journal;
    }

    /** What a change did: whether it created the view, whether there was one to change, and its change-log seq. */
    public record Result(UUID viewId, UUID tableId, boolean created, boolean existed, long seq,
                         List<ViewMerge.Contest> contests) {
        public Result {
            contests = List.copyOf(contests);
        }

        public Result(UUID viewId, UUID tableId, boolean created, boolean existed, long seq) {
            this(viewId, tableId, created, existed, seq, List.of());
        }
    }

    /**
     * Creates or replaces a view with a client-made id ({@code name, type, config?, personal?, locked?}); flags not
     * given keep their value (false for a new view). With {@code base} (the config the change was made from) an
     * existing view is merged setting by setting ({@link ViewMerge}): settings the change did not touch keep the
     * server's value, and settings someone else changed meanwhile take the caller's (last writer wins) and are
     * returned in {@link Result#contests()}. A view id of another table is a 409, a personal view of
     * someone else a 404, a locked one changed by a member a 403, a bad config a 422 with a path per problem.
     */
    public Result save(Connection c, Principal p, UUID tableId, UUID viewId, Map<String, ?> body) throws SQLException {
        Bodies.allowOnly(body, SAVE_KEYS);
        Integer position = Bodies.optionalInt(body, "position");
        if (position != null && position < 0) throw RowanException.invalid("position", "position is 0 or more");
        TableDef def = schemas.lock(c, p, tableId, true);
        ViewRepository.Stored existing = views.get(c, p.companyId(), viewId, true).orElse(null);
        if (existing == null && views.exists(c, viewId)) throw takenId(viewId);
        if (existing != null) {
            if (!existing.tableId().equals(tableId)) throw takenId(viewId);
            requireChange(p, existing);
        }
        Views.Checked in = Views.check(def, body);
        List<ViewMerge.Contest> contests = List.of();
        Object base = body.get("base");
        if (base != null && !(base instanceof Map<?, ?>)) throw RowanException.invalid("base", "base must be an object");
        if (base instanceof Map<?, ?> b && existing != null && ViewKind.fromApi(existing.kind()).isPresent()) {
            ViewConfig.Read now = ViewConfig.read(existing.kind(), existing.config(), def);
            ViewConfig.Read from = ViewConfig.read(in.config().kind().api(), b, def);
            ViewMerge.Result merged = ViewMerge.merge(now.config().toMap(), from.config().toMap(), in.config().toMap());
            // both inputs were valid alone; what no longer fits together (a sort on a field the other side removed)
            // is dropped as a read drops it, so the merge never makes a view unreadable
            in = new Views.Checked(in.name(), ViewConfig.read(in.config().kind().api(), merged.config(), def).config());
            contests = merged.contests();
        }
        boolean personal = flag(body, "personal", existing != null && existing.personal());
        boolean locked = flag(body, "locked", existing != null && existing.locked());
        if (personal && locked) throw RowanException.invalid("locked", "A personal view cannot be locked; only its creator sees it");
        boolean lockChanged = existing == null ? locked : locked != existing.locked();
        if (lockChanged && !p.admin()) {
            throw RowanException.forbidden("Only owners and admins lock or unlock a view");
        }
        if (existing != null && personal != existing.personal() && !p.userId().equals(existing.ownerId())) {
            throw RowanException.forbidden("Only the view's creator makes it personal or shared");
        }
        String op;
        if (existing == null) {
            if (views.visible(c, tableId, p.userId()).size() >= MAX_VIEWS_PER_TABLE) {
                throw RowanException.invalid("id", "A table has at most " + MAX_VIEWS_PER_TABLE + " views");
            }
            views.insert(c, tableId, viewId, in.name(), in.kind(), in.config().toMap(), p.userId(), personal, locked);
            op = "create";
        } else {
            views.update(c, viewId, in.name(), in.kind(), in.config().toMap(), personal, locked);
            op = "update";
        }
        Result r = new Result(viewId, tableId, existing == null, existing != null, journal(c, p, viewId, tableId, op),
                contests);
        if (position != null) place(c, p, tableId, viewId, position);
        return r;
    }

    /**
     * Moves a view to {@code position} in the table's list (the views the caller sees; past the end means last), as
     * a reorder does: the views whose place changes are journalled, and a locked view moves only for owners/admins.
     */
    private void place(Connection c, Principal p, UUID tableId, UUID viewId, int position) throws SQLException {
        List<ViewRepository.Stored> all = views.visible(c, tableId, p.userId());
        List<UUID> order = new java.util.ArrayList<>(all.stream().map(ViewRepository.Stored::id).toList());
        if (!order.remove(viewId)) return;
        order.add(Math.min(position, order.size()), viewId);
        List<UUID> before = all.stream().map(ViewRepository.Stored::id).toList();
        boolean placed = true;
        for (int i = 0; i < all.size(); i++) placed &= all.get(i).position() == i;
        if (order.equals(before) && placed) return;
        reorder(c, p, tableId, order);
    }

    /** Changes some of a view's settings ({@code name, type, config, personal, locked}); the rest stays. */
    public Result patch(Connection c, Principal p, UUID viewId, Map<String, ?> body) throws SQLException {
        Bodies.allowOnly(body, KEYS);
        ViewRepository.Stored v = visible(c, p, viewId);
        Map<String, @Nullable Object> whole = new LinkedHashMap<>();
        whole.put("name", v.name());
        whole.put("type", v.kind());
        whole.put("config", stored(c, p, v));
        whole.putAll(body);
        if (body.containsKey("type") && !body.containsKey("config") && !v.kind().equals(body.get("type"))) {
            whole.remove("config"); // another kind starts from its defaults
        }
        return save(c, p, v.tableId(), viewId, whole);
    }

    /** A copy of a view (shared, unlocked unless it was personal) named {@code name} or "Name copy", at the end. */
    public Result duplicate(Connection c, Principal p, UUID viewId, UUID newId, @Nullable String name)
            throws SQLException {
        ViewRepository.Stored v = visible(c, p, viewId);
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        body.put("name", name != null ? name : copyName(v.name()));
        body.put("type", v.kind());
        body.put("config", stored(c, p, v));
        body.put("personal", v.personal());
        body.put("locked", false);
        return save(c, p, v.tableId(), newId, body);
    }

    /**
     * Deletes a view. {@code tableId} (the push's parent) must be its table when given; a view that is not there is
     * a 404 unless {@code missingOk} (a push deleting what is already gone: journalled, nothing else).
     */
    public Result delete(Connection c, Principal p, @Nullable UUID tableId, UUID viewId, boolean missingOk)
            throws SQLException {
        ViewRepository.Stored v = views.get(c, p.companyId(), viewId, true).orElse(null);
        if (v != null && tableId != null && !v.tableId().equals(tableId)) throw takenId(viewId);
        UUID table = v != null ? v.tableId() : tableId;
        if (table == null) throw RowanException.notFound("No view " + viewId);
        schemas.lock(c, p, table, true);
        if (v == null) {
            if (!missingOk) throw RowanException.notFound("No view " + viewId);
            return new Result(viewId, table, false, false, journal(c, p, viewId, table, "delete"));
        }
        requireChange(p, v);
        views.delete(c, viewId);
        return new Result(viewId, table, false, true, journal(c, p, viewId, table, "delete"));
    }

    /**
     * Puts a table's views in the given order (ids of views the caller sees, each once); views not listed follow.
     * Locked views may be moved only by owners/admins.
     */
    public long reorder(Connection c, Principal p, UUID tableId, List<UUID> ids) throws SQLException {
        schemas.lock(c, p, tableId, true);
        List<ViewRepository.Stored> all = views.visible(c, tableId, p.userId());
        Map<UUID, ViewRepository.Stored> byId = new LinkedHashMap<>();
        for (ViewRepository.Stored v : all) byId.put(v.id(), v);
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            UUID id = ids.get(i);
            if (!seen.add(id)) throw RowanException.invalid("ids[" + i + "]", "A view is listed twice");
            if (!byId.containsKey(id)) throw RowanException.invalid("ids[" + i + "]", "No view " + id + " in this table");
        }
        List<UUID> order = new java.util.ArrayList<>(ids);
        for (ViewRepository.Stored v : all) if (!seen.contains(v.id())) order.add(v.id());
        for (int i = 0; i < order.size(); i++) {
            ViewRepository.Stored v = byId.get(order.get(i));
            if (v != null && v.locked() && !p.admin() && v.position() != i) {
                throw RowanException.forbidden("View '" + v.name() + "' is locked; only owners and admins move it");
            }
        }
        views.reorder(c, tableId, order);
        long seq = journal.reserve(c, p.companyId(), order.size());
        for (int i = 0; i < order.size(); i++) {
            journal.change(c, p, seq + i, "view", order.get(i), tableId, "update", null);
        }
        journal.audit(c, p, "view.reorder", "table", tableId, Map.of("views", order.size()));
        return seq;
    }

    /**
     * A view of the caller's company that is not someone else's personal view, or 404. Whether the caller sees its
     * table is the caller's check ({@link SchemaCache#get} outside the transaction, or the lock a change takes).
     */
    public ViewRepository.Stored visible(Connection c, Principal p, UUID viewId) throws SQLException {
        return views.get(c, p.companyId(), viewId, false)
                .filter(x -> x.visibleTo(p.userId()))
                .orElseThrow(() -> RowanException.notFound("No view " + viewId));
    }

    /** The views of a table the caller sees, in the API's form (configs read for the table as it is now). */
    public List<Map<String, Object>> list(Connection c, Principal p, TableDef def) throws SQLException {
        return views.visible(c, def.id(), p.userId()).stream().map(v -> json(def, v)).toList();
    }

    /**
     * A stored view in the API's form: its config read for the table as it is now (a removed field is dropped, never
     * an error) and, when something had to be dropped, {@code dropped} saying what.
     */
    public static Map<String, Object> json(TableDef def, ViewRepository.Stored v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id());
        m.put("tableId", v.tableId());
        m.put("name", v.name());
        if (ViewKind.fromApi(v.kind()).isEmpty()) {
            m.put("type", v.kind());
            m.put("config", v.config() == null ? Map.of() : v.config());
        } else {
            ViewConfig.Read r = ViewConfig.read(v.kind(), v.config(), def);
            m.put("type", r.config().kind().api());
            m.put("config", r.config().toMap());
            if (!r.dropped().isEmpty()) m.put("dropped", r.dropped());
        }
        m.put("isDefault", v.isDefault());
        m.put("position", v.position());
        m.put("personal", v.personal());
        m.put("locked", v.locked());
        if (v.ownerId() != null) m.put("ownerId", v.ownerId());
        return m;
    }

    /** The view's config as read for its table now (what a patch or copy starts from: nothing stale kept). */
    private Object stored(Connection c, Principal p, ViewRepository.Stored v) throws SQLException {
        TableDef def = schemas.lock(c, p, v.tableId(), true);
        return json(def, v).get("config");
    }

    private static void requireChange(Principal p, ViewRepository.Stored v) {
        if (!v.visibleTo(p.userId())) throw RowanException.notFound("No view " + v.id());
        if (v.locked() && !p.admin()) {
            throw RowanException.forbidden("View '" + v.name() + "' is locked; only owners and admins change it");
        }
    }

    private static boolean flag(Map<String, ?> body, String key, boolean dflt) {
        Object o = body.get(key);
        if (o == null) return dflt;
        if (o instanceof Boolean b) return b;
        throw RowanException.invalid(key, key + " must be true or false");
    }

    private static String copyName(String name) {
        String n = name + " copy";
        return n.length() > 200 ? name : n;
    }

    private static RowanException takenId(UUID viewId) {
        return RowanException.conflict("The view id " + viewId + " belongs to another table");
    }

    private long journal(Connection c, Principal p, UUID viewId, UUID tableId, String op) throws SQLException {
        long seq = journal.reserve(c, p.companyId(), 1);
        journal.change(c, p, seq, "view", viewId, tableId, op, null);
        journal.audit(c, p, "view." + op, "view", viewId, Map.of("table", tableId));
        return seq;
    }
}
