package dev.rowan.server.views;

import dev.rowan.model.link.LinkFields;
import dev.rowan.model.query.Filter;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a {@code /groups} answer reads, and nothing else: the one key under which {@link GroupsCache} keeps, catches up
 * and stores answers. Two requests with equal questions get the same rows from the same data, so a schema change
 * that touches none of this (a field added, renamed, removed or retyped elsewhere; a view's name or columns) keeps
 * the answer, and one that touches it (a read field's type or options) makes a new question.
 *
 * <p>It holds the physical table, the filter with every condition naming its field by id (a rename of a filter field
 * asks the same question), and per group, summed-up and filter field its id (the column) and type (how its values
 * are stored, compared and read). The field name, position, description, flags and default do not change stored
 * values. An answer that reads a link, lookup or rollup depends on the linked tables' definitions as the caller may
 * see them, so its question holds the whole table definition ({@code whole}) and is never stored.
 *
 * <p>A read field's data can also change without its definition ending different (a type changed and changed back
 * converts values twice): catching up therefore gives up at any change-log row of a read field
 * ({@link #fieldIds}), see {@link GroupsCache}.
 */
record GroupsQuestion(UUID company, UUID table, String physical, @Nullable Filter filter, List<Read> by,
                      List<Read> numbers, List<Read> filterFields, @Nullable TableDef whole, boolean summary) {

    /** Bumped when the stored form or the meaning of stored rows changes: older stored answers are then not found. */
    private static final String FORMAT = "groups-question-1";

    /** A read field: its id (which is its column) and type. */
    record Read(UUID id, FieldType type) {
        static Read of(FieldDef f) {
            return new Read(f.id(), f.type());
        }
    }

    /**
     * The question of {@code by} and {@code numbers} over {@code t}'s records matching {@code filter}; empty when the
     * filter names a field {@code t} has not (such answers are not kept).
     */
    static Optional<GroupsQuestion> of(UUID company, TableDef t, @Nullable Filter filter, List<FieldDef> by,
                                       List<FieldDef> numbers) {
        Set<FieldDef> filterFields = new LinkedHashSet<>();
        Filter byId;
        try {
            byId = byId(t, filter, filterFields);
        } catch (UnknownField e) {
            return Optional.empty();
        }
        List<FieldDef> all = new ArrayList<>(by);
        all.addAll(numbers);
        all.addAll(filterFields);
        boolean links = all.stream().anyMatch(f -> LinkFields.readsLinks(f.type()));
        return Optional.of(new GroupsQuestion(company, t.id(), t.qualifiedName(), byId,
                by.stream().map(Read::of).toList(), numbers.stream().map(Read::of).toList(),
                filterFields.stream().map(Read::of).toList(), links ? t : null, false));
    }

    /**
     * The question of a table summary ({@link TableSummaries}): {@code t}'s records without a filter grouped by up to
     * {@link TableSummaries#MAX_DIMENSIONS} stored fields, summing up {@code numbers}. Another question than a
     * {@code /groups} request's with the same levels (kept, followed and stored apart, and found again as a summary
     * after a restart).
     */
    static GroupsQuestion summaryOf(UUID company, TableDef t, List<FieldDef> dimensions, List<FieldDef> numbers) {
        return new GroupsQuestion(company, t.id(), t.qualifiedName(), null, dimensions.stream().map(Read::of).toList(),
                numbers.stream().map(Read::of).toList(), List.of(), null, true);
    }

    private static final class UnknownField extends Exception {
        UnknownField() {
            super(null, null, false, false);
        }
    }

    /** {@code filter} with each condition's field named by id; the fields it names added to {@code into}. */
    private static @Nullable Filter byId(TableDef t, @Nullable Filter filter, Set<FieldDef> into) throws UnknownField {
        return switch (filter) {
            case null -> null;
            case Filter.Group g -> {
                List<Filter> out = new ArrayList<>();
                for (Filter f : g.conditions()) out.add(byId(t, f, into));
                yield new Filter.Group(g.logic(), out);
            }
            case Filter.Condition c -> {
                FieldDef f = t.field(c.field()).orElseThrow(UnknownField::new);
                into.add(f);
                yield new Filter.Condition(f.id().toString(), c.operator(), c.value());
            }
        };
    }

    /** Whether {@code t} as it is now asks this question of the same columns with the same types. */
    boolean fits(TableDef t) {
        if (!t.id().equals(table) || !t.qualifiedName().equals(physical)) return false;
        if (whole != null) return whole.equals(t);
        for (List<Read> reads : List.of(by, numbers, filterFields)) {
            for (Read r : reads) {
                var f = t.fieldById(r.id());
                if (f.isEmpty() || f.get().hidden() || !f.get().type().equals(r.type())) return false;
            }
        }
        return true;
    }

    /** Every field the answer reads: group, summed-up and filter fields. */
    Set<UUID> fieldIds() {
        Set<UUID> ids = new LinkedHashSet<>();
        for (List<Read> reads : List.of(by, numbers, filterFields)) for (Read r : reads) ids.add(r.id());
        return ids;
    }

    /** Whether an answer to this question may be stored (its key is the same in the next JVM). */
    boolean storable() {
        return whole == null;
    }

    /**
     * A stable name of this question for the store (SHA-256 of its text form; every part is a record, list, string
     * or number whose text is the same in every JVM). Only for {@link #storable()} questions.
     */
    String hash() {
        String text = FORMAT + "|" + company + "|" + table + "|" + physical + "|" + filter + "|" + by + "|" + numbers
                + "|" + filterFields + (summary ? "|summary" : "");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
