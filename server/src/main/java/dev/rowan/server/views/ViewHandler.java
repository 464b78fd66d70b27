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
    private static final Set<String> PATCH_KEYS = Set.of("name", "type", "config", "personal", "locked", "base");
    /** What a client's whole view may carry besides: its place in the table's list (the desktop's view bar sends it). */
    private static final Set<String> SAVE_KEYS = Set.of("name", "type", "config", "personal", "locked", "position",
            "base");

    private final ViewRepository views;
    private final SchemaCache schemas;
    private final Journal journal;
    private final SettingWriters writers = new SettingWriters();
    private final Overruled overruled;

    /** {@code overruled} tells a desktop that a view setting it had set lost a contest (the sync feature's). */
    public ViewHandler(ViewRepository views, SchemaCache schemas, Journal journal, Overruled overruled) {
        this.views = views;
        this.schemas = schemas;
        this.journal = journal;
        this.overruled = overruled;
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
        return save(c, p, tableId, viewId, body, null);
    }

    /**
     * {@link #save(Connection, Principal, UUID, UUID, Map)} for a change pushed by the desktop installation
     * {@code clientId} (null over REST): it is remembered as the maker of the settings it changed, and told through
     * its next pull when a later change that had not seen its value replaces one ({@link Overruled}).
     * {@code base} is the view as the change started from it ({@code {name?, personal?, locked?, position?, config}},
     * {@link ViewMerge#mergeView}), or, as older clients send it, only the config.
     */
    public Result save(Connection c, Principal p, UUID tableId, UUID viewId, Map<String, ?> body,
                       @Nullable UUID clientId) throws SQLException {
        Bodies.allowOnly(body, SAVE_KEYS);
        Integer position = Bodies.optionalInt(body, "position");
        if (position != null && position < 0) throw RowanException.invalid("position", "position is 0 or more");
        Map<String, ?> base = base(body.get("base"));
        TableDef def = schemas.lock(c, p, tableId, true);
        ViewRepository.Stored existing = views.get(c, p.companyId(), viewId, true).orElse(null);
        if (existing == null && views.exists(c, viewId)) throw takenId(viewId);
        if (existing != null) {
            if (!existing.tableId().equals(tableId)) throw takenId(viewId);
            requireChange(p, existing);
        }
        Views.Checked in = Views.check(def, body);
        boolean personal = flag(body, "personal", existing != null && existing.personal());
        boolean locked = flag(body, "locked", existing != null && existing.locked());
        List<ViewMerge.Contest> contests = List.of();
        Map<String, @Nullable Object> before = null;
        if (existing != null && ViewKind.fromApi(existing.kind()).isPresent()) {
            before = own(existing.name(), existing.personal(), existing.locked(), existing.position(),
                    ViewConfig.read(existing.kind(), existing.config(), def).config().toMap());
        }
        if (base != null && before != null) {
            Map<String, @Nullable Object> from = new LinkedHashMap<>(base);
            if (base.get("config") instanceof Map<?, ?> b) {
                from.put("config", ViewConfig.read(in.config().kind().api(), b, def).config().toMap());
            }
            Map<String, @Nullable Object> mine = own(in.name(), body.containsKey("personal") ? personal : null,
                    body.containsKey("locked") ? locked : null, position, in.config().toMap());
            ViewMerge.ViewResult merged = ViewMerge.mergeView(before, from, mine);
            // both inputs were valid alone; what no longer fits together (a sort on a field the other side removed)
            // is dropped as a read drops it, so the merge never makes a view unreadable
            Map<String, Object> config = merged.config() != null ? merged.config() : in.config().toMap();
            in = new Views.Checked((String) merged.own().get(ViewMerge.NAME),
                    ViewConfig.read(in.config().kind().api(), config, def).config());
            personal = Boolean.TRUE.equals(merged.own().get(ViewMerge.PERSONAL));
            locked = Boolean.TRUE.equals(merged.own().get(ViewMerge.LOCKED));
            // a place the change did not move keeps the server's (someone else's move stays)
            if (position != null && base.get(ViewMerge.POSITION) != null
                    && ViewMerge.same(position, base.get(ViewMerge.POSITION))) {
                position = null;
            }
            contests = merged.contests();
        }
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
        long seq = journal(c, p, viewId, tableId, op);
        if (before != null) {
            Map<String, @Nullable Object> after = own(in.name(), personal, locked, null, in.config().toMap());
            writers(c, p, clientId, viewId, seq, before, after, contests);
        }
        Result r = new Result(viewId, tableId, existing == null, existing != null, seq, contests);
        if (position != null) place(c, p, tableId, viewId, position);
        return r;
    }

    /**
     * Remembers who made the settings this change changed, and tells the makers of the values it replaced in a
     * contest (a desktop other than the caller's) that theirs lost.
     */
    private void writers(Connection c, Principal p, @Nullable UUID clientId, UUID viewId, long seq,
                         Map<String, @Nullable Object> before, Map<String, @Nullable Object> after,
                         List<ViewMerge.Contest> contests) throws SQLException {
        Map<String, @Nullable Object> was = settings(before);
        Map<String, @Nullable Object> now = settings(after);
        Set<String> keys = new java.util.LinkedHashSet<>(was.keySet());
        keys.addAll(now.keySet());
        List<String> changed = keys.stream().filter(k -> !ViewMerge.same(was.get(k), now.get(k))).toList();
        if (changed.isEmpty()) return;
        if (!contests.isEmpty()) {
            Map<String, SettingWriters.Writer> makers = writers.of(c, viewId,
                    contests.stream().map(ViewMerge.Contest::setting).toList());
            Map<SettingWriters.Writer, List<ViewMerge.Contest>> byLoser = new LinkedHashMap<>();
            for (ViewMerge.Contest k : contests) {
                SettingWriters.Writer w = makers.get(k.setting());
                if (w == null || w.clientId() == null) continue; // a REST caller was answered when it wrote
                if (w.userId().equals(p.userId()) && w.clientId().equals(clientId)) continue;
                byLoser.computeIfAbsent(w, x -> new java.util.ArrayList<>())
                        .add(new ViewMerge.Contest(k.setting(), k.theirs(), k.mine(), k.base()));
            }
            for (var e : byLoser.entrySet()) {
                overruled.tell(c, p.companyId(), e.getKey().userId(), e.getKey().clientId(), viewId, seq, e.getValue());
            }
        }
        writers.wrote(c, viewId, changed, new SettingWriters.Writer(p.userId(), clientId), seq);
    }

    /** A view's own settings and config's settings in one map, by setting name (position left out). */
    private static Map<String, @Nullable Object> settings(Map<String, @Nullable Object> view) {
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        out.put(ViewMerge.NAME, view.get(ViewMerge.NAME));
        out.put(ViewMerge.PERSONAL, view.get(ViewMerge.PERSONAL));
        out.put(ViewMerge.LOCKED, view.get(ViewMerge.LOCKED));
        if (view.get("config") instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, ?> config = (Map<String, ?>) m;
            out.putAll(ViewMerge.settings(config));
        }
        return out;
    }

    private static Map<String, @Nullable Object> own(String name, @Nullable Boolean personal, @Nullable Boolean locked,
                                                     @Nullable Integer position, Map<String, Object> config) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put(ViewMerge.NAME, name);
        if (personal != null) m.put(ViewMerge.PERSONAL, personal);
        if (locked != null) m.put(ViewMerge.LOCKED, locked);
        if (position != null) m.put(ViewMerge.POSITION, position);
        m.put("config", config);
        return m;
    }

    private static final Set<String> VIEW_FORM = Set.of("name", "config", "personal", "locked", "position");
    private static final Set<String> BASE_KEYS = Set.of("name", "type", "config", "personal", "locked", "position");

    /**
     * A change's {@code base} in one form, {@code {name?, personal?, locked?, position?, config?}}: the view as the
     * caller read it (what it has a {@code config} or a {@code name}), or a config alone (older clients). A base that
     * is not an object or whose members have the wrong types is a 422 and changes nothing.
     */
    static @Nullable Map<String, ?> base(@Nullable Object raw) {
        if (raw == null) return null;
        if (!(raw instanceof Map<?, ?> m)) throw RowanException.invalid("base", "base must be an object");
        @SuppressWarnings("unchecked")
        Map<String, ?> b = (Map<String, ?>) m;
        if (b.keySet().stream().noneMatch(VIEW_FORM::contains)) return Map.of("config", b);
        for (String k : b.keySet()) {
            if (!BASE_KEYS.contains(k)) {
                throw RowanException.invalid("base." + k, "base is the view as you read it: name, type, config, "
                        + "personal, locked, position");
            }
        }
        if (b.get("config") != null && !(b.get("config") instanceof Map<?, ?>)) {
            throw RowanException.invalid("base.config", "base.config must be an object");
        }
        if (b.get("name") != null && !(b.get("name") instanceof String)) {
            throw RowanException.invalid("base.name", "base.name must be text");
        }
        for (String f : List.of("personal", "locked")) {
            if (b.get(f) != null && !(b.get(f) instanceof Boolean)) {
                throw RowanException.invalid("base." + f, "base." + f + " must be true or false");
            }
        }
        if (b.get("position") != null && !(b.get("position") instanceof Number)) {
            throw RowanException.invalid("base.position", "base.position must be a number");
        }
        if (b.get("type") != null && !(b.get("type") instanceof String)) {
            throw RowanException.invalid("base.type", "base.type must be text");
        }
        return b;
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

    /**
     * Changes some of a view's settings ({@code name, type, config, personal, locked}); the rest stays. With
     * {@code base} (the view as the caller read it: any of {@code name, type, config, personal, locked}) the change
     * is merged as {@link #save} merges a push: what the caller did not change from its base keeps the server's
     * value, and a setting someone else changed meanwhile is taken from the caller and named in
     * {@link Result#contests()}. Without {@code base} what the body names replaces the server's value.
     */
    public Result patch(Connection c, Principal p, UUID viewId, Map<String, ?> body) throws SQLException {
        Bodies.allowOnly(body, PATCH_KEYS);
        Object rawBase = body.get("base");
        if (rawBase != null && (!(rawBase instanceof Map<?, ?> b)
                || b.keySet().stream().noneMatch(k -> Set.of("name", "config", "personal", "locked").contains(k)))) {
            throw RowanException.invalid("base", "base is the view as you read it: an object with its name, config, "
                    + "personal or locked");
        }
        base(rawBase); // member types checked before anything is read
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
