package dev.rowan.model.view;

import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A gallery of cards (called {@code card} by servers before issue 9): the field that titles a card, the one under
 * it, and the fields a card shows ({@code query.fields}).
 */
public record GalleryConfig(RecordQuery query, @Nullable UUID titleField, @Nullable UUID subtitleField)
        implements ViewConfig {
    @Override
    public ViewKind kind() {
        return ViewKind.GALLERY;
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", kind().api());
        m.put("query", query.toMap());
        if (titleField != null) m.put("titleField", titleField.toString());
        if (subtitleField != null) m.put("subtitleField", subtitleField.toString());
        return m;
    }
}
