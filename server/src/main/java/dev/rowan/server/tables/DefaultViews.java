package dev.rowan.server.tables;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.FormConfig;
import dev.rowan.model.view.GalleryConfig;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.RecordQuery;
import dev.rowan.model.view.ViewConfig;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The views every new table starts with (seed 003 §1.4): a grid, a form and a gallery, as typed configurations
 * (so they pass the same validation a client's view does).
 */
final class DefaultViews {
    private DefaultViews() {
    }

    static List<TableRepository.ViewSpec> all(TableDef t) {
        return List.of(spec("Grid", grid(t), true), spec("Form", form(t), false), spec("Gallery", gallery(t), false));
    }

    private static TableRepository.ViewSpec spec(String name, ViewConfig config, boolean isDefault) {
        return new TableRepository.ViewSpec(name, config.kind().api(), config.toMap(), isDefault);
    }

    /** Every field in design order, each at its kind's default width, the first column frozen. */
    static GridConfig grid(TableDef t) {
        return new GridConfig(RecordQuery.ALL, Set.of(), ids(t.activeFields()), Map.of(), 1);
    }

    /** Every field, required where the field is; labels and inputs come from the fields themselves. */
    static FormConfig form(TableDef t) {
        return new FormConfig(RecordQuery.ALL, t.activeFields().stream()
                .map(f -> new FormConfig.Entry(f.id(), null, f.required())).toList(), FormConfig.SINGLE_COLUMN);
    }

    /** Cards titled by the first text field (else the first field), the next field under it, showing every field. */
    static GalleryConfig gallery(TableDef t) {
        List<FieldDef> fields = t.activeFields();
        FieldDef title = fields.stream().filter(f -> f.type().textual()).findFirst()
                .orElse(fields.isEmpty() ? null : fields.getFirst());
        FieldDef subtitle = fields.stream().filter(f -> f != title).findFirst().orElse(null);
        return new GalleryConfig(RecordQuery.ALL.withFields(ids(fields)), title == null ? null : title.id(),
                subtitle == null ? null : subtitle.id());
    }

    private static List<java.util.UUID> ids(List<FieldDef> fields) {
        return fields.stream().map(FieldDef::id).toList();
    }
}
