package dev.rowan.server.tables;

import dev.rowan.model.schema.FieldSpec;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.ViewConfig;
import dev.rowan.model.view.ViewKind;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's side of view kinds: a view a client writes is checked with shared-model's {@link ViewConfig#parse}
 * (the same rules the desktop applies before it saves), and stored views go out read for the table as it is now
 * ({@link ViewConfig#read}: old shapes migrated, {@code card} as {@code gallery}, removed fields dropped), so every
 * client gets one JSON form whatever was stored.
 */
public final class Views {
    private static final Logger LOG = LoggerFactory.getLogger(Views.class);

    private Views() {
    }

    /** A view as a client wrote it: name, kind and typed configuration. */
    public record Checked(String name, ViewConfig config) {
        public String kind() {
            return config.kind().api();
        }
    }

    /**
     * A view body ({@code name}, {@code type}, {@code config}) checked against the table: a clear 422 with a path per
     * problem ({@code type}, {@code config.query.sorts[0].fieldId}, ...) when anything is wrong.
     */
    public static Checked check(TableDef table, Map<String, ? extends @Nullable Object> body) {
        String name = FieldSpec.checkName("View", body.get("name"));
        Object type = body.get("type");
        ViewConfig config = ViewConfig.parse(type instanceof String s ? s : null, body.get("config"), table);
        return new Checked(name, config);
    }

    /** Stored views (as the repositories read them: id, name, type, config, ...) in today's form for the table. */
    public static List<Map<String, Object>> read(TableDef table, List<Map<String, Object>> stored) {
        List<Map<String, Object>> out = new ArrayList<>(stored.size());
        for (Map<String, Object> v : stored) {
            String type = v.get("type") instanceof String s ? s : "";
            if (ViewKind.fromApi(type).isEmpty()) {
                out.add(v); // a kind this server does not know: passed on as stored, not guessed at
                continue;
            }
            ViewConfig.Read r = ViewConfig.read(type, v.get("config"), table);
            if (!r.dropped().isEmpty()) LOG.debug("View {} of table {} read without {}", v.get("id"), table.id(), r.dropped());
            Map<String, Object> m = new LinkedHashMap<>(v);
            m.put("type", r.config().kind().api());
            m.put("config", r.config().toMap());
            out.add(m);
        }
        return out;
    }
}
