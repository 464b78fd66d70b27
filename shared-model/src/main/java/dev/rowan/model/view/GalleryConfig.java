package dev.rowan.model.view;

import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A gallery of cards (called {@code card} by servers before issue 9): the field that titles a card, the one under
 * it, the fields a card shows ({@code query.fields}, in order) and the size of the cards ({@link #SIZES}).
 */
public record GalleryConfig(RecordQuery query, @Nullable UUID titleField, @Nullable UUID subtitleField, String cardSize)
        implements ViewConfig {
    public static final String SMALL = "small";
    public static final String MEDIUM = "medium";
    public static final String LARGE = "large";
    /** The card sizes, smallest first. */
    public static final List<String> SIZES = List.of(SMALL, MEDIUM, LARGE);

    public GalleryConfig {
        if (!SIZES.contains(cardSize)) throw new IllegalArgumentException("card size " + cardSize);
    }

    /** Medium cards. */
    public GalleryConfig(RecordQuery query, @Nullable UUID titleField, @Nullable UUID subtitleField) {
        this(query, titleField, subtitleField, MEDIUM);
    }

    public GalleryConfig withQuery(RecordQuery q) {
        return new GalleryConfig(q, titleField, subtitleField, cardSize);
    }

    public GalleryConfig withTitleField(@Nullable UUID f) {
        return new GalleryConfig(query, f, subtitleField, cardSize);
    }

    public GalleryConfig withCardSize(String size) {
        return new GalleryConfig(query, titleField, subtitleField, size);
    }

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
        m.put("cardSize", cardSize);
        return m;
    }
}
