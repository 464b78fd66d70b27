package dev.rowan.model.kind;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.rowan.model.query.Operator.EQ;
import static dev.rowan.model.query.Operator.IN;
import static dev.rowan.model.query.Operator.IS_NOT_NULL;
import static dev.rowan.model.query.Operator.IS_NULL;
import static dev.rowan.model.query.Operator.NE;
import static dev.rowan.model.query.Operator.NOT_IN;

/**
 * Members of the company (issue 12): one, or several when {@code multiple}. The canonical value is the list of user
 * ids as lowercase UUID text (one element for a single-member field), stored as a text array on both engines.
 *
 * <p>The API reads {@code {id, name}} (several: a list of them) — this descriptor gives the ids, the server adds the
 * names from its member directory ({@code records.MemberNames}); writes take ids (or {@code {id}} objects, so a read
 * value can be sent back). Whether an id is a current member is not the descriptor's to know: the server checks it on
 * every write path ({@code records.RecordWrites}). Filters: is / is not / is any of / is none of / empty / not empty,
 * with the value {@link #ME} for "the current user" ({@code query.MeFilter} replaces it before compiling). Sorts by
 * the first member's name, read from the member directory inside the query.
 */
public final class UserKind implements FieldKind<FieldType.User> {
    /** A record with several members is listed under each member (one member: the same groups either way). */
    @Override
    public boolean groupsByEachValue(FieldType.User type) {
        return type.multiple();
    }

    /** Sorted by a member's name, grouped by member id. */
    @Override
    public boolean sortsInGroupOrder(FieldType.User type) {
        return false;
    }

    /** The filter value that stands for the user running the query; saved views keep it, never an id. */
    public static final String ME = "@me";

    public String kind() {
        return "user";
    }

    public List<String> aliases() {
        return List.of("member", "collaborator");
    }

    public Class<FieldType.User> typeClass() {
        return FieldType.User.class;
    }

    public FieldType.User parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
        Object m = config.get("multiple");
        if (m == null) return new FieldType.User(previous instanceof FieldType.User u && u.multiple());
        if (!(m instanceof Boolean b)) throw RowanException.invalid("config.multiple", "multiple must be true or false");
        return new FieldType.User(b);
    }

    public Map<String, Object> config(FieldType.User type) {
        return Map.of("multiple", type.multiple());
    }

    public FieldType.User example() {
        return new FieldType.User(true);
    }

    public StorageClass storage(FieldType.User type) {
        return StorageClass.TEXT_ARRAY;
    }

    public List<Operator> operators(FieldType.User type) {
        return List.of(EQ, NE, IN, NOT_IN, IS_NULL, IS_NOT_NULL);
    }

    public boolean ordered() {
        return false;
    }

    public boolean indexable() {
        return false;
    }

    /** A user id as the canonical text, if {@code raw} is one (an id, or an object with one). */
    public static Optional<String> id(@Nullable Object raw) {
        Object v = raw instanceof Map<?, ?> m ? m.get("id") : raw;
        if (!(v instanceof String s) || s.length() != 36) return Optional.empty();
        try {
            return Optional.of(UUID.fromString(s).toString());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The ids of a canonical value (empty for none). */
    public static List<String> ids(@Nullable Object value) {
        if (!(value instanceof List<?> l)) return List.of();
        List<String> out = new ArrayList<>(l.size());
        for (Object o : l) out.add(String.valueOf(o));
        return out;
    }

    public @Nullable Object coerce(FieldType.User type, FieldDef field, Object raw, String key) {
        List<?> items = raw instanceof List<?> l ? l : List.of(raw);
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (Object o : items) {
            if (o instanceof String s && s.isEmpty() && items.size() == 1) return null;
            String id = id(o).orElseThrow(() -> ValueRules.wrong(key, field,
                    type.multiple() ? "a list of member ids" : "a member id"));
            ids.add(id);
        }
        if (ids.isEmpty()) return null;
        if (!type.multiple() && ids.size() > 1) {
            throw RowanException.invalid(key, field.name() + " holds one member; allow several in its settings first");
        }
        if (ids.size() > 1000) throw RowanException.invalid(key, field.name() + " holds at most 1000 members");
        return List.copyOf(ids);
    }

    /** {@code {id}} (several: a list of them); the server adds each member's name. */
    public @Nullable Object toApi(FieldType.User type, Object value) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String id : ids(value)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            out.add(m);
        }
        if (type.multiple()) return out;
        return out.isEmpty() ? null : out.getFirst();
    }

    public String formatText(FieldType.User type, Object value) {
        return String.join(", ", ids(value));
    }

    /** "id, id": what {@link #formatText} writes (the desktop shows and pastes names through its directory). */
    public Object parseInput(FieldType.User type, String text, String stripped, String key) {
        List<String> parts = new ArrayList<>();
        for (String part : stripped.split("[,;\\s]+")) {
            if (!part.isBlank()) parts.add(part.strip().toLowerCase(Locale.ROOT));
        }
        return parts;
    }

    public String canonicalText(FieldType.User type, Object value) {
        return JsonText.write(value);
    }

    public Object fromCanonicalText(FieldType.User type, String text) {
        Object v = JsonText.parse(text);
        if (!(v instanceof List<?>)) throw new IllegalArgumentException("not a list");
        return v;
    }

    public String sampleText() {
        return "2f1c1f8e-0000-4000-8000-000000000001, 2f1c1f8e-0000-4000-8000-000000000002";
    }

    /** Going from several to one converts (a record with two members fails the preview); the rest keeps values. */
    public boolean keepsValues(FieldType.User from, FieldType.User to) {
        return !from.multiple() || to.multiple();
    }
}
