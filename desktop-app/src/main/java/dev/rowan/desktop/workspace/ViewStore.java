package dev.rowan.desktop.workspace;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.view.ViewConfig;
import dev.rowan.model.view.ViewKind;
import org.jspecify.annotations.Nullable;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A table's views in the workspace: read with shared-model's {@link ViewConfig#read} for the table as it is now (a
 * stale or old-shaped config never fails; what was dropped is reported), saved after the same validation the server
 * applies to a push, with the VIEW mutation in the same transaction.
 */
public final class ViewStore {
    private final Workspace ws;

    /** A stored view read for its table: {@code dropped} lists what no longer fit (empty when nothing). */
    public record StoredView(UUID id, UUID tableId, String name, ViewConfig config, List<String> dropped) {
        public ViewKind kind() {
            return config.kind();
        }
    }

    public ViewStore(Workspace ws) {
        this.ws = ws;
    }

    /** The table's views of the kinds this release knows, in their order. */
    public List<StoredView> list(TableDef t) {
        return ws.read(c -> {
            List<StoredView> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, name, kind, config FROM rowan.views WHERE table_id = ? ORDER BY sort_order, id")) {
                ps.setObject(1, t.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String kind = rs.getString(3);
                        if (ViewKind.fromApi(kind).isEmpty()) continue;
                        ViewConfig.Read r = ViewConfig.readJson(kind, rs.getString(4), t);
                        out.add(new StoredView(rs.getObject(1, UUID.class), t.id(), rs.getString(2), r.config(),
                                r.dropped()));
                    }
                }
            }
            return out;
        });
    }

    /** The table's first view of a kind. */
    public Optional<StoredView> first(TableDef t, ViewKind kind) {
        return list(t).stream().filter(v -> v.kind() == kind).findFirst();
    }

    /**
     * Saves a view's configuration (a new view when {@code viewId} is null or not stored yet, placed last) and queues
     * it for the server. Refused, like a push would be, when the config does not fit the table. Returns the view's id.
     */
    public UUID save(TableDef t, @Nullable UUID viewId, String name, ViewConfig config) {
        List<FieldError> errors = config.validate(t);
        if (!errors.isEmpty()) {
            throw RowanException.invalid("The view's settings are not valid: " + errors.getFirst().field() + ": "
                    + errors.getFirst().message(), errors);
        }
        UUID id = viewId == null ? UUID.randomUUID() : viewId;
        String json = JsonText.write(config.toMap());
        return ws.write(c -> {
            int n = SchemaStore.exec(c, "UPDATE rowan.views SET name = ?, kind = ?, config = ? WHERE id = ? AND table_id = ?",
                    name, config.kind().api(), json, id, t.id());
            if (n == 0) {
                SchemaStore.exec(c, "INSERT INTO rowan.views (id, table_id, name, kind, config, sort_order) VALUES (?, ?, "
                        + "?, ?, ?, (SELECT coalesce(max(sort_order) + 1, 0) FROM rowan.views WHERE table_id = ?))",
                        id, t.id(), name, config.kind().api(), json, t.id());
            }
            Map<String, @Nullable Object> payload = new LinkedHashMap<>();
            payload.put("name", name);
            payload.put("type", config.kind().api());
            payload.put("config", config.toMap());
            Outbox.append(c, n == 0 ? Mutation.Op.CREATE : Mutation.Op.UPDATE, Mutation.Entity.VIEW, id, t.id(),
                    JsonText.write(payload));
            return id;
        });
    }
}
