package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import org.jspecify.annotations.Nullable;

import java.util.Map;

/**
 * The designer's ViewModel for a kind's own settings (decimal places, currency, time of day, options): the settings
 * as JavaFX properties, loaded from a {@link FieldType}, and turned back into the field's config and type by the
 * shared rules ({@link FieldTypes#parse}), which validate them. No JavaFX scene classes: the pane that shows them
 * is made by {@link KindUi#settingsPane}.
 */
public abstract sealed class KindSettings permits KindSettings.None, PrecisionSettings, DateSettings, OptionSettings,
        FormulaSettings, RatingSettings, BarcodeSettings, ButtonSettings, LinkSettings, UserSettings {
    private final String kind;

    KindSettings(String kind) {
        this.kind = kind;
    }

    /** The API's kind these settings are for. */
    public final String kind() {
        return kind;
    }

    /** The field's config as the API and the designer's patch write it. */
    public abstract Map<String, Object> config();

    /**
     * The type these settings describe, read by the shared rules; throws the validation error a person reads
     * (e.g. "currencyCode must be a three-letter ISO 4217 code") when they are not valid.
     *
     * @param previous the field's type before the change (select options keep their ids)
     */
    public final FieldType type(@Nullable FieldType previous) {
        return FieldTypes.parse(kind, config(), previous);
    }

    /** Takes over what the settings chosen before (another kind) share with these: decimal places, options. */
    public void carry(KindSettings from) {
    }

    /** A kind with no settings of its own (text, checkbox, e-mail, ...). */
    public static final class None extends KindSettings {
        None(String kind) {
            super(kind);
        }

        public Map<String, Object> config() {
            return Map.of();
        }
    }
}
