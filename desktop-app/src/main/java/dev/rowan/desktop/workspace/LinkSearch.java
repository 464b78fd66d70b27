package dev.rowan.desktop.workspace;

import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.link.LinkFields;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.FieldValues;
import org.jspecify.annotations.Nullable;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
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

    /** Up to {@code limit} records of {@code t} whose title contains {@code text} ("" for the first ones), by title. */
    public List<Found> search(TableDef t, String text, int limit) {
        FieldDef title = titleField(t).orElse(null);
        Filter filter = null;
        List<Sort> sorts = List.of();
        if (title != null) {
            String q = text.strip();
            boolean contains = FieldKinds.of(title.type()).operators(title.type()).contains(Operator.CONTAINS);
            if (!q.isEmpty() && contains) filter = Filter.where(title.id().toString(), Operator.CONTAINS, q);
            if (FieldKinds.of(title.type()).ordered()) sorts = List.of(Sort.asc(title.id().toString()));
        }
        List<Found> out = new ArrayList<>();
        for (Row r : records.page(t, filter, sorts, null, limit).rows()) out.add(found(title, r));
        return out;
    }

    private static Found found(@Nullable FieldDef title, Row r) {
        Object v = title == null ? null : r.value(title.id());
        return new Found(r.id(), v == null ? "" : FieldValues.formatText(title.type(), v));
    }

    /** A new record of {@code t} with {@code title} in its title field (not stored: {@link RecordStore#restore} does). */
    public static Row newRecord(TableDef t, String title) {
        Map<UUID, @Nullable Object> values = new HashMap<>();
        FieldDef f = titleField(t).orElse(null);
        if (f != null && !title.isBlank()) values.put(f.id(), FieldValues.parseText(f, title.strip()));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        return new Row(dev.rowan.model.Ids.newId(), now, now, 0, values);
    }
}
