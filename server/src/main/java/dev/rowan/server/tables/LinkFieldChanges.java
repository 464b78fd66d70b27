package dev.rowan.server.tables;

import dev.rowan.model.error.NotFound;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.link.LinkFields;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldSpec;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.server.auth.Principal;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The schema side of link, lookup and rollup fields, inside the caller's transaction: a new link field makes its
 * junction table and its inverse field in the other table (a self-link's inverse goes into the same table) at
 * once; lookups and rollups are checked against the linked table ({@link LinkFields#resolve}); a purged link side
 * drops the junction when its partner is gone too. No SQL here: the repository and the DDL builder hold it.
 */
final class LinkFieldChanges {
    private static final dev.rowan.model.sql.LinkWriter LIMITS =
            new dev.rowan.model.sql.LinkWriter(dev.rowan.model.sql.SqlDialect.POSTGRES);
    private final TableRepository tables;
    private final SchemaCache schemas;

    LinkFieldChanges(TableRepository tables, SchemaCache schemas) {
        this.tables = tables;
        this.schemas = schemas;
    }

    /** A new field as it is stored: a link with its pair made, a lookup or rollup resolved, others unchanged. */
    FieldDef prepare(TableDef def, FieldDef f) {
        // input rules (required, unique, default) are refused for all three kinds; links pair up later
        return LinkFields.resolve(def, f);
    }

    /** The field made on the other side of a new link, or null when {@code f} is no link. */
    record Pair(FieldDef field, TableDef target, FieldDef inverse) {
    }

    /**
     * Makes a new link field's pair: locks the linked table (404 as a refusal of {@code config.tableId} when the
     * caller cannot see it), names the inverse field (the {@code inverseName} asked for, else this table's name,
     * made unique there), stores it and creates the junction. Returns the link field as it must be stored.
     */
    @Nullable Pair createPair(Connection c, Principal p, TableDef def, FieldDef f, Map<String, @Nullable Object> body)
            throws SQLException {
        if (!(f.type() instanceof FieldType.Link l)) return null;
        if (l.junction() != null && !l.junction().equals(f.id())) {
            throw RowanException.invalid("config.junctionId", "A new link field makes its own junction");
        }
        boolean self = l.targetTable().equals(def.id());
        TableDef target;
        try {
            target = self ? def : schemas.lock(c, p, l.targetTable(), true);
        } catch (NotFound e) {
            throw RowanException.invalid("config.tableId", "No table " + l.targetTable() + " to link to");
        }
        if (target.fields().size() >= TableHandler.MAX_FIELDS) {
            throw RowanException.invalid("config.tableId", target.name() + " holds " + TableHandler.MAX_FIELDS
                    + " fields already");
        }
        Object cfg = body.get("config");
        Object askedName = cfg instanceof Map<?, ?> m ? m.get("inverseName") : null;
        Object askedId = cfg instanceof Map<?, ?> m ? m.get("inverseFieldId") : null;
        UUID inverseId = askedId instanceof String s ? parseId(s) : UUID.randomUUID();
        Set<String> names = new HashSet<>();
        for (FieldDef x : target.activeFields()) names.add(x.name().toLowerCase(Locale.ROOT));
        if (self) names.add(f.name().toLowerCase(Locale.ROOT));
        String base = askedName == null ? def.name() : FieldSpec.checkName("Field", askedName);
        String name = base;
        for (int i = 2; names.contains(name.toLowerCase(Locale.ROOT)); i++) name = base + " (" + i + ")";
        int position = target.fields().stream().mapToInt(FieldDef::position).max().orElse(-1) + 1
                + (self ? 1 : 0);
        FieldDef inverse = FieldDef.of(inverseId, name, new FieldType.Link(def.id(), f.id(), false, f.id(), false))
                .withPosition(position);
        if (target.fieldById(inverseId).isPresent() || inverseId.equals(f.id())) {
            throw RowanException.conflict("The inverse field's id is taken; use another");
        }
        FieldDef link = f.withType(new FieldType.Link(l.targetTable(), inverseId, l.limitOne(), f.id(), true));
        tables.insertField(c, target.id(), inverse);
        tables.execute(c, tables.ddl().createJunction(def, target, f.id()));
        if (!self) tables.bumpVersion(c, target.id());
        return new Pair(link, target, inverse);
    }

    private static UUID parseId(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw RowanException.invalid("config.inverseFieldId", "inverseFieldId must be a UUID");
        }
    }

    /** A changed field: kinds that read links keep their kind; a lookup or rollup is resolved again. */
    FieldDef change(TableDef def, FieldDef current, FieldDef changed) {
        boolean was = LinkFields.readsLinks(current.type());
        boolean is = LinkFields.readsLinks(changed.type());
        if ((was || is) && !current.type().kind().equals(changed.type().kind())) {
            throw RowanException.invalid("type", "A " + (was ? current.type().kind() : changed.type().kind())
                    + " field cannot change its type; add a new field instead");
        }
        return LinkFields.resolve(def, changed);
    }

    /**
     * Refuses turning "limit to one" on over records that hold more than one link (422 saying how many); the rule and
     * its count live in shared-model's {@code LinkWriter}, which the desktop runs too.
     */
    void refuseLimitOne(Connection c, TableDef def, FieldDef current, FieldDef changed) throws SQLException {
        LIMITS.refuseLimitOne(c, def, current, changed);
    }

    /** After a link field is purged: drops the junction when the other side is gone as well. */
    void purged(Connection c, Principal p, TableDef def, FieldDef f) throws SQLException {
        if (!(f.type() instanceof FieldType.Link l) || l.junction() == null) return;
        boolean partner = false;
        if (l.inverseField() != null) {
            TableDef target = l.targetTable().equals(def.id()) ? def
                    : tables.load(c, p.companyId(), p.schemaName(), l.targetTable()).orElse(null);
            partner = target != null && target.fieldById(l.inverseField()).isPresent();
        }
        if (!partner) tables.execute(c, List.of(tables.ddl().dropJunction(def.schemaName(), l.junction())));
    }
}
