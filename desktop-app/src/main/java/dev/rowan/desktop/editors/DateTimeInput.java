package dev.rowan.desktop.editors;

import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.control.DatePicker;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.util.StringConverter;
import org.jspecify.annotations.Nullable;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A date with a time of day: a date picker (typed in the preferred pattern, or picked) and a time field, in the
 * user's time zone. It writes the ISO form with the zone's offset into the bound text, so the stored instant is
 * the one the user meant; text it cannot read is left to the form's validation, which says what is wrong.
 */
public final class DateTimeInput {
    private DateTimeInput() {
    }

    public static HBox of(StringProperty text, Supplier<DateTimeFormatter> dates) {
        DatePicker date = new DatePicker();
        date.setEditable(true);
        date.setConverter(new StringConverter<>() {
            public String toString(@Nullable LocalDate d) {
                return d == null ? "" : d.format(dates.get());
            }

            public @Nullable LocalDate fromString(@Nullable String s) {
                return s == null || s.isBlank() ? null : date(s, dates.get());
            }
        });
        date.setPromptText(dates.get().format(LocalDate.of(2026, 1, 31)));
        date.getStyleClass().add("form-date");
        TextField time = new TextField();
        time.setPromptText("14:30");
        time.setPrefColumnCount(6);
        time.getStyleClass().add("form-time");
        boolean[] syncing = {false};
        Runnable fromText = () -> {
            syncing[0] = true;
            try {
                OffsetDateTime v = read(text.get());
                if (v == null) {
                    date.setValue(null);
                    time.clear();
                } else {
                    var z = v.atZoneSameInstant(ZoneId.systemDefault());
                    date.setValue(z.toLocalDate());
                    time.setText(z.toLocalTime().withNano(0).toString());
                }
            } finally {
                syncing[0] = false;
            }
        };
        Runnable toText = () -> {
            if (syncing[0]) return;
            syncing[0] = true;
            try {
                LocalDate d = date.getValue();
                String t = time.getText().strip();
                if (d == null && t.isEmpty()) {
                    text.set("");
                } else if (d == null) {
                    text.set(t);
                } else {
                    LocalTime lt = t.isEmpty() ? LocalTime.MIDNIGHT : time(t);
                    text.set(lt == null ? d + " " + t : d.atTime(lt).atZone(ZoneId.systemDefault()).toOffsetDateTime().toString());
                }
            } finally {
                syncing[0] = false;
            }
        };
        fromText.run();
        date.valueProperty().addListener((o, a, b) -> toText.run());
        time.textProperty().addListener((o, a, b) -> toText.run());
        text.addListener((o, a, b) -> {
            if (!syncing[0]) fromText.run();
        });
        HBox box = new HBox(6, date, time);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static @Nullable OffsetDateTime read(@Nullable String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return OffsetDateTime.parse(s.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A date typed in the preferred pattern, or in ISO form; throws if it is neither. */
    public static LocalDate date(String s, DateTimeFormatter preferred) {
        try {
            return LocalDate.parse(s.strip(), preferred);
        } catch (DateTimeParseException e) {
            return LocalDate.parse(s.strip());
        }
    }

    /** "14:30", "14:30:05", "2:30 pm"; null if it is none of these. */
    public static @Nullable LocalTime time(String s) {
        String u = s.toUpperCase(Locale.ROOT).replace(".", "");
        for (String p : List.of("H:mm", "H:mm:ss", "h:mm a", "h:mma", "h a", "ha")) {
            try {
                return LocalTime.parse(u, DateTimeFormatter.ofPattern(p, Locale.ENGLISH));
            } catch (DateTimeParseException ignored) {
                // next pattern
            }
        }
        return null;
    }
}
