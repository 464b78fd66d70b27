package dev.rowan.desktop.views.gallery;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;

import java.util.Optional;

/**
 * Where a card's cover image comes from: the table's attachment field, when it has one. Rowan has no attachment field
 * kind yet, so {@link #NONE} is the only implementation and cards have no cover; when attachments arrive, an
 * implementation picks the field (and {@code GalleryView} draws the image above the title, where its slot is).
 */
public interface Covers {
    Covers NONE = t -> Optional.empty();

    /** The field whose first image covers a card. */
    Optional<FieldDef> coverField(TableDef table);
}
