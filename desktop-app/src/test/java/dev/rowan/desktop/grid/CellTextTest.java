package dev.rowan.desktop.grid;

import dev.rowan.model.schema.FieldType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** How values read in cells and counts: money in the locale's own way, plural-aware counts. */
class CellTextTest {
    @Test
    void moneyIsWrittenTheWayTheLocaleWritesIt() {
        FieldType.Currency eur = new FieldType.Currency("EUR", 2);
        assertThat(CellText.money(new BigDecimal("-1200.50"), eur, Locale.US)).isEqualTo("-€1,200.50");
        assertThat(CellText.money(new BigDecimal("-1200.50"), eur, Locale.GERMANY)).isEqualTo("-1.200,50\u00a0€");
        assertThat(CellText.money(new BigDecimal("5"), new FieldType.Currency("JPY", 0), Locale.US)).isEqualTo("¥5");
        // a code Java does not know still shows, with its code
        assertThat(CellText.money(new BigDecimal("5"), new FieldType.Currency("XYZ", 2), Locale.US)).contains("5.00");
    }

    @Test
    void countsSayRecordOrRecords() {
        assertThat(GridViewModel.records(0)).isEqualTo("0 records");
        assertThat(GridViewModel.records(1)).isEqualTo("1 record");
        assertThat(GridViewModel.records(12_500)).isEqualTo("12,500 records");
    }
}
