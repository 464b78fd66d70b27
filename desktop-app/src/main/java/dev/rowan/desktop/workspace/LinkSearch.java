package dev.rowan.desktop.workspace;

import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.link.LinkFields;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.kind.StorageClass;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.FieldValues;
import org.jspecify.annotations.Nullable;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the record picker reads and makes in a linked table: records whose title (the table's first field that does
 * not itself read links — the title {@code sql.LinkSql} shows) contains the typed text, one page with a LIMIT through
 * the ordinary record query (so a local index on the title serves it), and a new record with a given title.
 */
public final class LinkSearch {
    private static final SqlDialect D = SqlDialect.H2;
    private static final RecordSql SQL = new RecordSql(D);
    private final SchemaStore schema;
    private final RecordStore records;

    public LinkSearch(SchemaStore schema, RecordStore records) {
        this.schema = schema;
        this.records = records;
    }

    /** A linked record: its id and its title as text. */
    public record Found(UUID id, String title) {
    }

    /** The table a link field links to, or empty when the workspace does not hold it (deleted or hidden). */
    public Optional<TableDef> target(FieldType.Link link) {
        return schema.findTable(link.targetTable());
    }

    /** The field that gives a record of {@code t} its title. */
    public static Optional<FieldDef> titleField(TableDef t) {
        for (FieldDef f : t.activeFields()) if (!LinkFields.readsLinks(f.type())) return Optional.of(f);
        return Optional.empty();
    }

    /**
     * Up to {@code limit} records of {@code t} whose title contains {@code text} ("" for the first ones): those whose
     * title starts with it first, then by title. A stored text title is read straight from its column (one scan
     * that stops at the limit, no computed columns); any other title through the ordinary record query.
     */
    public List<Found> search(TableDef t, String text, int limit) {
        FieldDef title = titleField(t).orElse(null);
        String q = text.strip();
        List<Found> out;
        if (title != null && FieldKinds.storage(title.type()) instanceof StorageClass.Text) {
            // titles that start with the text first (a scan that stops at the limit), then those containing it
            out = scan(t, title, q.isEmpty() ? "" : escape(q) + "%", limit);
            if (!q.isEmpty() && out.size() < limit) {
                java.util.Set<UUID> seen = new java.util.HashSet<>();
                for (Found f : out) seen.add(f.id());
                for (Found f : scan(t, title, "%" + escape(q) + "%", limit)) {
                    if (out.size() < limit && seen.add(f.id())) out.add(f);
                }
            }
        } else {
            out = query(t, title, q, limit);
        }
        String lower = q.toLowerCase(Locale.ROOT);
        out.sort(Comparator.comparing((Found f) -> !f.title().toLowerCase(Locale.ROOT).startsWith(lower))
                .thenComparing(Found::title, String.CASE_INSENSITIVE_ORDER));
        return out;
    }

    /** Records whose title matches {@code pattern} (ILIKE, escaped; "" for any), up to {@code limit}. */
    private List<Found> scan(TableDef t, FieldDef title, String pattern, int limit) {
        String col = D.quote(title.columnName());
        String sql = "SELECT id, " + col + " FROM " + SQL.from(t)
                + (pattern.isEmpty() ? "" : " WHERE " + col + " ILIKE ? ESCAPE '\\'") + " LIMIT ?";
        return records.workspace().read(c -> {
            List<Found> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (!pattern.isEmpty()) ps.setString(i++, pattern);
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String v = rs.getString(2);
                        out.add(new Found(rs.getObject(1, UUID.class), v == null ? "" : v));
                    }
                }
            }
            return out;
        });
    }

    private static String escape(String q) {
        return q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private List<Found> query(TableDef t, @Nullable FieldDef title, String q, int limit) {
        Filter filter = null;
        if (title != null && !q.isEmpty()
                && FieldKinds.of(title.type()).operators(title.type()).contains(Operator.CONTAINS)) {
            filter = Filter.where(title.id().toString(), Operator.CONTAINS, q);
        }
        List<Found> out = new ArrayList<>();
        for (Row r : records.page(t, filter, List.of(), null, limit).rows()) out.add(found(title, r));
        return out;
    }

    private static Found found(@Nullable FieldDef title, Row r) {
        Object v = title == null ? null : r.value(title.id());
        return new Found(r.id(), v == null ? "" : FieldValues.formatText(title.type(), v));
    }

    /**
     * A new record of {@code t} with {@code title} in its title field and the other fields' defaults (not stored:
     * {@link RecordStore#restore} does). Refused with a message saying what is missing when {@code t} requires a
     * field the picker cannot fill (one without a default other than the title): such a record is made in its table
     * (slice h-fieldgaps; before, it was stored without the required value).
     */
    public static Row newRecord(TableDef t, String title) {
        Map<UUID, @Nullable Object> values = new HashMap<>();
        FieldDef f = titleField(t).orElse(null);
        for (FieldDef g : t.activeFields()) {
            if (g.defaultValue() != null && !g.equals(f)) values.put(g.id(), g.defaultValue());
        }
        if (f != null && !title.isBlank()) values.put(f.id(), FieldValues.parseText(f, title.strip()));
        List<String> missing = new ArrayList<>();
        for (FieldDef g : t.activeFields()) {
            if (g.required() && values.get(g.id()) == null) missing.add(g.name());
        }
        if (!missing.isEmpty()) {
            throw dev.rowan.model.error.RowanException.invalid("title", "A new record in " + t.name() + " needs "
                    + String.join(", ", missing) + " too, which the picker cannot fill: add the record in the "
                    + t.name() + " table first, then link it");
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        return new Row(dev.rowan.model.Ids.newId(), now, now, 0, values);
    }
}
