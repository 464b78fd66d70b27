package dev.rowan.model.schema;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** Optional value rules of a field: numeric range, text length, text pattern. */
public record Validation(@Nullable BigDecimal min, @Nullable BigDecimal max, @Nullable Integer minLength,
                         @Nullable Integer maxLength, @Nullable String pattern) {

    public static final Validation NONE = new Validation(null, null, null, null, null);

    public boolean isEmpty() {
        return min == null && max == null && minLength == null && maxLength == null && pattern == null;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (min != null) m.put("min", min);
        if (max != null) m.put("max", max);
        if (minLength != null) m.put("minLength", minLength);
        if (maxLength != null) m.put("maxLength", maxLength);
        if (pattern != null) m.put("pattern", pattern);
        return m;
    }
}
