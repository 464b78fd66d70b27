package dev.rowan.model.schema;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.kind.FieldKind;
import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.kind.SelectKinds;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;

/** Builds a {@link FieldType} from its API kind string and config map, through the kind's descriptor. */
public final class FieldTypes {
    public static final List<String> KINDS = FieldKinds.NAMES;
    public static final List<String> COLORS = SelectKinds.COLORS;

    private FieldTypes() {
    }

    /**
     * @param previous the type before a change, so select options keep their ids when the kind stays a select
     */
    public static FieldType parse(String kind, Map<String, @Nullable Object> config, @Nullable FieldType previous) {
        FieldKind<?> k = FieldKinds.byName(kind).orElseThrow(() -> RowanException.invalid("type",
                "Unknown field type '" + shorten(kind) + "'; use one of " + KINDS));
        return k.parse(config, previous);
    }

    static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
