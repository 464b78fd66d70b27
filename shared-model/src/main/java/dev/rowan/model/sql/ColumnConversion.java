package dev.rowan.model.sql;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.kind.TypeChange;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.Conversions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The one type-change routine of client and server. {@link TypeChange#plan} decides whether a change touches
 * stored values at all; when it does, {@link #apply} expands (a new column of the new type), converts every value
 * with the shared rules ({@link Conversions#convert}) and swaps the new column in under the old name. Runs inside
 * the caller's transaction; the caller then builds the field's indexes (each side reports clashes its own way).
 */
public final class ColumnConversion {
    private static final int BATCH = 5_000;
    private static final String SUFFIX = "_new";

    private final Ddl ddl;
    private final SqlDialect d;
    private final RecordSql records;

    private final MemberSource members;

    /** Where a type change to or from a user field reads the members (the server adds emails and memberships). */
    @FunctionalInterface
    public interface MemberSource {
        MemberDirectory load(Connection c, TableDef t) throws SQLException;
    }

    public ColumnConversion(Ddl ddl) {
        this(ddl, (c, t) -> MemberDirectory.read(c, ddl.dialect(), t));
    }

    public ColumnConversion(Ddl ddl, MemberSource members) {
        this.ddl = ddl;
        this.d = ddl.dialect();
        this.records = new RecordSql(d);
        this.members = members;
    }

    /**
     * One value's conversion: the shared rules ({@link Conversions#convert}), except between a user field and
     * another kind, which goes through the member directory (names out, names/emails/ids of current members in).
     */
    private static Conversions.Outcome convert(FieldType from, FieldDef to, Object value,
                                               @org.jspecify.annotations.Nullable MemberDirectory dir) {
        if (dir == null) return Conversions.convert(from, to, value);
        if (from instanceof FieldType.User) return Conversions.convert(new FieldType.Text(), to, dir.names(value));
        if (to.type() instanceof FieldType.User u) {
            return dir.users(u, dev.rowan.model.value.FieldValues.formatText(from, value));
        }
        return Conversions.convert(from, to, value);
    }

    private @org.jspecify.annotations.Nullable MemberDirectory directory(Connection c, TableDef t, FieldDef from,
                                                                        FieldDef to) throws SQLException {
        return MemberDirectory.needed(from.type(), to.type()) ? members.load(c, t) : null;
    }

    /** Whether a change from {@code from} to {@code to} converts stored values; else it is metadata only. */
    public static boolean converts(FieldDef from, FieldDef to) {
        return TypeChange.plan(from.type(), to.type()).converts();
    }

    /** Converts every non-empty value without writing: how many convert, how many fail, a few examples. */
    public Conversions.Preview preview(Connection c, TableDef t, FieldDef from, FieldDef to, int maxExamples)
            throws SQLException {
        Conversions.PreviewBuilder b = new Conversions.PreviewBuilder(maxExamples);
        // to an autonumber: the old values give way to numbers in created order, none fails
        if (dev.rowan.model.kind.FieldKinds.of(to.type()).assignedByServer()) return b.build();
        MemberDirectory dir = directory(c, t, from, to);
        scan(c, t, from, (id, value) -> b.add(id.toString(), from.type(), value, convert(from.type(), to, value, dir)));
        return b.build();
    }

    /**
     * Expand, convert, swap. A value that does not convert becomes empty when {@code clearInvalid}; otherwise it
     * stops the change with 409 (the caller previewed first, so it means a value changed since). {@code cancelled}
     * is asked between batches. Drops the old column's indexes; the caller builds the new ones.
     */
    public void apply(Connection c, TableDef t, FieldDef from, FieldDef to, boolean clearInvalid,
                      BooleanSupplier cancelled) throws SQLException {
        String column = from.columnName();
        String temp = column + SUFFIX;
        if (Ddl.computed(to)) {
            // to a formula: the stored values go (the preview counted them), and the column with them
            try (Statement s = c.createStatement()) {
                for (String q : ddl.dropIndexes(t, from)) s.execute(q);
                s.execute(ddl.dropColumn(t, column));
            }
            return;
        }
        if (dev.rowan.model.kind.FieldKinds.of(to.type()).assignedByServer()) {
            // to an autonumber: a new column numbered in created order (on the server; the desktop's waits for it)
            try (Statement s = c.createStatement()) {
                for (String q : ddl.dropIndexes(t, from)) s.execute(q);
                s.execute(ddl.dropColumn(t, column));
                for (String q : ddl.addField(t, to)) s.execute(q);
            }
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute(ddl.dropColumn(t, temp));
            for (String q : ddl.dropIndexes(t, from)) s.execute(q);
            s.execute(ddl.addColumn(t, temp, to.type()));
        }
        try (PreparedStatement write = c.prepareStatement("UPDATE " + records.from(t) + " SET " + d.quote(temp) + " = "
                + d.placeholder(to.type()) + " WHERE id = ?")) {
            int[] pending = {0};
            MemberDirectory dir = directory(c, t, from, to);
            scan(c, t, from, (id, value) -> {
                Conversions.Outcome o = convert(from.type(), to, value, dir);
                if (o.failed() && !clearInvalid) {
                    throw RowanException.conflict("A value changed during the type change; try again");
                }
                if (o.value() == null) return;
                d.bind(write, 1, to.type(), o.value());
                write.setObject(2, id);
                write.addBatch();
                if (++pending[0] % BATCH == 0) {
                    if (cancelled.getAsBoolean()) throw RowanException.conflict(dev.rowan.model.error.Conflict.Reason.CANCELLED, "Type change cancelled");
                    write.executeBatch();
                }
            });
            write.executeBatch();
        }
        try (Statement s = c.createStatement()) {
            s.execute(ddl.dropColumn(t, column));
            s.execute(ddl.renameColumn(t, temp, column));
        }
    }

    /** Whether a change drops stored values outright (to a computed kind): the preview says so for every value. */
    public static boolean dropsValues(FieldDef from, FieldDef to) {
        return !Ddl.computed(from) && Ddl.computed(to);
    }

    /** Drops what a failed {@link #apply} may have left when the caller could not roll it back. */
    public void dropLeftovers(Connection c, TableDef t, FieldDef from) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(ddl.dropColumn(t, from.columnName() + SUFFIX));
        }
    }

    @FunctionalInterface
    private interface RowConsumer {
        void accept(UUID id, Object value) throws SQLException;
    }

    /** Every non-empty value of {@code f}: a stored column, or a formula's values computed by the query (materialised). */
    private void scan(Connection c, TableDef t, FieldDef f, RowConsumer consumer) throws SQLException {
        String col = "t." + d.quote(f.columnName());
        SqlFragment source = records.source(t);
        try (PreparedStatement ps = c.prepareStatement("SELECT t.id, " + col + " FROM " + source.sql() + " WHERE "
                + col + " IS NOT NULL")) {
            source.bind(d, ps, 1);
            ps.setFetchSize(BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object v = d.read(rs, 2, f.type());
                    if (v != null) consumer.accept(rs.getObject(1, UUID.class), v);
                }
            }
        }
    }
}
