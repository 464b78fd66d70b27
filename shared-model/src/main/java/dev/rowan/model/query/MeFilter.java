package dev.rowan.model.query;

import dev.rowan.model.kind.UserKind;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * "Is me": a filter on a user field may hold {@link UserKind#ME} where a member id goes. Saved views keep it; this is
 * the one function that replaces it with the id of whoever runs the query, right before compiling — the server with
 * the request's principal, the desktop with the signed-in account. Conditions on other fields are left alone (a text
 * field may well contain "@me").
 */
public final class MeFilter {
    private MeFilter() {
    }

    /** {@code filter} with every {@code @me} on a user field of {@code table} replaced by {@code me}'s id. */
    public static @Nullable Filter resolve(TableDef table, @Nullable Filter filter, @Nullable UUID me) {
        if (filter == null || me == null) return filter;
        return switch (filter) {
            case Filter.Group g -> {
                List<Filter> out = new ArrayList<>(g.conditions().size());
                for (Filter f : g.conditions()) out.add(resolve(table, f, me));
                yield new Filter.Group(g.logic(), out);
            }
            case Filter.Condition c -> {
                boolean user = table.field(c.field()).map(f -> f.type() instanceof FieldType.User).orElse(false);
                yield user ? new Filter.Condition(c.field(), c.operator(), replace(c.value(), me.toString())) : c;
            }
        };
    }

    private static @Nullable Object replace(@Nullable Object value, String me) {
        if (UserKind.ME.equals(value)) return me;
        if (value instanceof List<?> l) {
            List<@Nullable Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(UserKind.ME.equals(o) ? me : o);
            return out;
        }
        return value;
    }
}
