package dev.rowan.desktop.views.gallery;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.FileRef;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a card's cover image comes from: the table's first attachment field, whose first image the card shows when
 * the desktop has its bytes ({@link #firstAttachment}: the workspace's file cache; never fetched while cards are
 * drawn). {@link #NONE} gives cards no cover.
 */
public interface Covers {
    Covers NONE = t -> Optional.empty();

    /** The field whose first image covers a card. */
    Optional<FieldDef> coverField(TableDef table);

    /** The local bytes of an image, if the desktop has them. */
    default Optional<Path> image(FileRef file) {
        return Optional.empty();
    }

    /** The table's first attachment field; images found by {@code cached}. */
    static Covers firstAttachment(Function<FileRef, Optional<Path>> cached) {
        return new Covers() {
            public Optional<FieldDef> coverField(TableDef table) {
                return table.activeFields().stream().filter(f -> f.type() instanceof FieldType.Attachment).findFirst();
            }

            @Override
            public Optional<Path> image(FileRef file) {
                return cached.apply(file);
            }
        };
    }
}
