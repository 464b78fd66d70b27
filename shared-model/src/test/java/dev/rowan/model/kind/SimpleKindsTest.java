package dev.rowan.model.kind;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.value.Conversions;
import dev.rowan.model.value.FieldValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of rating, duration, time, rich text and barcode that the generic kind tests cannot know. */
class SimpleKindsTest {
    private static FieldDef field(FieldType type) {
        return FieldDef.of(UUID.randomUUID(), "F", type);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1:30       | 5400
            1:30:15    | 5415
            0:00:20    | 20
            90         | 5400
            1h 30m     | 5400
            1h30m      | 5400
            45m        | 2700
            20s        | 20
            2 hours    | 7200
            100:00     | 360000
            -0:30      | -1800
            """)
    void durationsAreTypedAsAPersonWritesThem(String typed, long seconds) {
        Object v = FieldValues.parseText(field(new FieldType.Duration()), typed);
        assertThat(v).isEqualTo(BigDecimal.valueOf(seconds));
    }

    @Test
    void durationsShowAsHoursMinutesAndSecondsOnlyWhenThereAreSome() {
        FieldType.Duration d = new FieldType.Duration();
        assertThat(FieldValues.formatText(d, new BigDecimal(5400))).isEqualTo("1:30");
        assertThat(FieldValues.formatText(d, new BigDecimal(5415))).isEqualTo("1:30:15");
        assertThat(FieldValues.formatText(d, new BigDecimal(90061))).isEqualTo("25:01:01");
        assertThat(FieldValues.formatText(d, new BigDecimal(-1800))).isEqualTo("-0:30");
        // the API speaks seconds
        assertThat(FieldValues.toWire(d, new BigDecimal(5400))).isEqualTo(new BigDecimal(5400));
        assertThat(FieldValues.coerce(field(d), 5400, "v")).isEqualTo(new BigDecimal(5400));
        assertThat(FieldValues.coerce(field(d), "1:30", "v")).isEqualTo(new BigDecimal(5400));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            soon
            1:75
            1:30:99
            1.5s
            99999999999:00
            1h 99x
            """)
    void durationsRefuseWhatIsNoDuration(String typed) {
        FieldDef f = field(new FieldType.Duration());
        assertThatThrownBy(() -> FieldValues.coerce(f, typed, "v")).isInstanceOf(RowanException.class);
        assertThatThrownBy(() -> FieldValues.coerce(f, true, "v")).isInstanceOf(RowanException.class);
        assertThatThrownBy(() -> FieldValues.coerce(f, 1.5, "v")).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> FieldValues.coerce(f, 1e12, "v")).hasMessageContaining("100,000 hours");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            14:30      | 14:30
            9:05       | 09:05
            09:05:10   | 09:05:10
            2:30 pm    | 14:30
            12:00 am   | 00:00
            12:15 PM   | 12:15
            7pm        | 19:00
            1430       | 14:30
            0:00       | 00:00
            23:59:59   | 23:59:59
            14:30:00   | 14:30
            """)
    void timesAreStoredInTheirIsoFormWhichSortsAsTimeDoes(String typed, String stored) {
        assertThat(FieldValues.parseText(field(new FieldType.TimeOfDay()), typed)).isEqualTo(stored);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            25:00
            12:60
            13 pm
            noon
            2026-01-01T10:00
            """)
    void timesRefuseWhatIsNoTimeOfDay(String typed) {
        assertThatThrownBy(() -> FieldValues.parseText(field(new FieldType.TimeOfDay()), typed))
                .isInstanceOf(RowanException.class).hasMessageContaining("not a time of day");
        assertThatThrownBy(() -> FieldValues.coerce(field(new FieldType.TimeOfDay()), 14, "v"))
                .isInstanceOf(RowanException.class);
    }

    @Test
    void ratingsAreWholeNumbersUpToTheMaximumAndStarsPasteBack() {
        FieldType.Rating five = new FieldType.Rating(5);
        FieldDef f = field(five);
        assertThat(FieldValues.parseText(f, "4")).isEqualTo(new BigDecimal(4));
        assertThat(FieldValues.parseText(f, "★★★☆☆")).isEqualTo(new BigDecimal(3));
        assertThat(FieldValues.coerce(f, 0, "v")).as("0 means not rated").isNull();
        assertThatThrownBy(() -> FieldValues.coerce(f, 6, "v")).hasMessageContaining("1 to 5");
        assertThatThrownBy(() -> FieldValues.coerce(f, -1, "v")).hasMessageContaining("1 to 5");
        assertThatThrownBy(() -> FieldValues.coerce(f, 2.5, "v")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> FieldValues.coerce(f, "3", "v")).isInstanceOf(RowanException.class);
        assertThat(RatingKind.stars(five, 3)).isEqualTo("★★★☆☆");
        assertThat(FieldTypes.parse("rating", Map.of("max", 10), null)).isEqualTo(new FieldType.Rating(10));
        assertThatThrownBy(() -> FieldTypes.parse("rating", Map.of("max", 11), null)).hasMessageContaining("1 to 10");
        assertThatThrownBy(() -> FieldTypes.parse("rating", Map.of("max", 0), null)).hasMessageContaining("1 to 10");
        assertThatThrownBy(() -> FieldTypes.parse("rating", Map.of("max", "5"), null)).hasMessageContaining("1 to 10");
    }

    @Test
    void fewerStarsCheckEveryRatingAndAboveTheNewMaximumFails() {
        assertThat(TypeChange.plan(new FieldType.Rating(5), new FieldType.Rating(10)))
                .isEqualTo(TypeChange.Plan.METADATA_ONLY);
        assertThat(TypeChange.plan(new FieldType.Rating(5), new FieldType.Rating(3))).isEqualTo(TypeChange.Plan.CONVERT);
        FieldDef three = field(new FieldType.Rating(3));
        assertThat(Conversions.convert(new FieldType.Rating(5), three, new BigDecimal(4)).failed()).isTrue();
        assertThat(Conversions.convert(new FieldType.Rating(5), three, new BigDecimal(2)).value())
                .isEqualTo(new BigDecimal(2));
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            ean13   | 4006381333931  | true
            ean13   | 4006381333932  | false
            ean13   | 400638133393   | false
            upc_a   | 036000291452   | true
            upc_a   | 036000291453   | false
            code39  | ROWAN-42       | true
            code39  | rowan          | false
            code128 | Rowan 42!      | true
            code128 | Ünïcode        | false
            qr      | Ünïcode ✓      | true
            """)
    void barcodesAreCheckedAgainstTheirFormat(String format, String code, boolean valid) {
        FieldDef f = field(new FieldType.Barcode(format));
        if (valid) {
            assertThat(FieldValues.parseText(f, code)).isEqualTo(code);
        } else {
            assertThatThrownBy(() -> FieldValues.parseText(f, code)).isInstanceOf(RowanException.class)
                    .hasMessageContaining("is not a valid " + BarcodeKind.label(format));
        }
    }

    @Test
    void barcodeFormatsAreConfigAndAChangeChecksStoredCodesUnlessToQr() {
        assertThat(FieldTypes.parse("barcode", Map.of("format", "EAN13"), null)).isEqualTo(new FieldType.Barcode("ean13"));
        assertThatThrownBy(() -> FieldTypes.parse("barcode", Map.of("format", "pdf417"), null))
                .hasMessageContaining("format must be one of");
        assertThat(TypeChange.plan(new FieldType.Barcode("ean13"), new FieldType.Barcode("upc_a")))
                .isEqualTo(TypeChange.Plan.CONVERT);
        assertThat(TypeChange.plan(new FieldType.Barcode("ean13"), new FieldType.Barcode("qr")))
                .isEqualTo(TypeChange.Plan.METADATA_ONLY);
        assertThat(Conversions.convert(new FieldType.Barcode("ean13"), field(new FieldType.Barcode("upc_a")),
                "4006381333931").failed()).isTrue();
    }

    @Test
    void richTextKeepsItsMarkdownAndAcceptsAnyText() {
        FieldDef f = field(new FieldType.RichText());
        String md = "# Title\n\n* a\n* b\n";
        assertThat(FieldValues.parseText(f, md)).isEqualTo(md);
        assertThat(TypeChange.alwaysConverts(new FieldType.LongText(), new FieldType.RichText())).isTrue();
        assertThat(FieldTypes.parse("markdown", Map.of(), null)).isEqualTo(new FieldType.RichText());
    }

    @Test
    void typeChangesBetweenTheNewKindsAndOldOnesConvertThroughText() {
        // a number of minutes becomes a duration, a duration becomes its h:mm text
        assertThat(Conversions.convert(new FieldType.NumberType(0), field(new FieldType.Duration()), new BigDecimal(90))
                .value()).isEqualTo(new BigDecimal(5400));
        assertThat(Conversions.convert(new FieldType.Duration(), field(new FieldType.Text()), new BigDecimal(5415))
                .value()).isEqualTo("1:30:15");
        assertThat(Conversions.convert(new FieldType.Text(), field(new FieldType.TimeOfDay()), "2:30 pm").value())
                .isEqualTo("14:30");
        assertThat(Conversions.convert(new FieldType.Text(), field(new FieldType.TimeOfDay()), "lunch").failed()).isTrue();
        assertThat(Conversions.convert(new FieldType.NumberType(0), field(new FieldType.Rating(5)), new BigDecimal(4))
                .value()).isEqualTo(new BigDecimal(4));
        assertThat(Conversions.convert(new FieldType.Rating(5), field(new FieldType.NumberType(1)), new BigDecimal(4))
                .value()).isEqualTo(new BigDecimal("4.0"));
    }

    @Test
    void aButtonsUrlFormulaIsResolvedByIdMustGiveTextAndOnlyWebAndMailUrlsOpen() {
        FieldDef name = FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text());
        FieldDef qty = FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0));
        FieldDef button = FieldDef.of(UUID.randomUUID(), "Go", FieldTypes.parse("button",
                Map.of("label", "Search", "formula", "\"https://x.example/?q=\" & {Name}"), null));
        FieldDef resolved = dev.rowan.model.formula.FormulaFields.resolve(java.util.List.of(name, qty), button);
        assertThat(resolved.type()).isEqualTo(new FieldType.Button("Search", "\"https://x.example/?q=\" & {fld:" + name.id() + "}"));
        FieldDef numeric = FieldDef.of(UUID.randomUUID(), "Bad", FieldTypes.parse("button",
                Map.of("formula", "{Qty} * 2"), null));
        assertThatThrownBy(() -> dev.rowan.model.formula.FormulaFields.resolve(java.util.List.of(name, qty), numeric))
                .hasMessageContaining("URL as text");
        assertThatThrownBy(() -> FieldTypes.parse("button", Map.of("label", "x\ny", "formula", "\"a\""), null))
                .hasMessageContaining("label");
        assertThatThrownBy(() -> FieldTypes.parse("button", Map.of("label", "Go"), null)).hasMessageContaining("formula");
        assertThatThrownBy(() -> FieldValues.coerce(resolved, "https://evil.example", "v")).hasMessageContaining("computed");
        assertThat(ButtonKind.opens("https://x.example/?q=1")).isTrue();
        assertThat(ButtonKind.opens("mailto:ada@example.com")).isTrue();
        assertThat(ButtonKind.opens("javascript:alert(1)")).isFalse();
        assertThat(ButtonKind.opens("file:///etc/passwd")).isFalse();
        assertThat(ButtonKind.opens("https://")).isFalse();
        assertThat(ButtonKind.opens(null)).isFalse();
    }
}
