package dev.rowan.desktop.grid;

import dev.rowan.desktop.kinds.FieldUis;
import dev.rowan.desktop.kinds.Formats;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How a value reads in a grid cell: each kind says so in its UI descriptor ({@link FieldUis}). */
public final class CellText {
    private CellText() {
    }

    public static String display(FieldType type, @Nullable Object v, DateTimeFormatter dates) {
        return FieldUis.of(type).text(type, v, dates);
    }

    /** Money the way the user's locale writes it: "-€1,200.50" in English, "-1.200,50 €" in German. */
    public static String money(BigDecimal d, FieldType.Currency c) {
        return money(d, c, Locale.getDefault(Locale.Category.FORMAT));
    }

    static String money(BigDecimal d, FieldType.Currency c, Locale locale) {
        return Formats.money(d, c, locale);
    }
}
