package dev.rowan.model.schema;

import java.util.LinkedHashMap;
import java.util.Map;

/** One choice of a select field. The id is stable; label and color may change. */
public record SelectOption(String id, String label, String color) {
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("label", label);
        m.put("color", color);
        return m;
    }
}
