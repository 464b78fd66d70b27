package dev.rowan.desktop.kinds;

import dev.rowan.desktop.editors.DateTimeInput;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.DatePicker;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/** Dates typed in the preferred pattern (or ISO), date and time for date-time fields; Alt+Down: calendar. */
final class DateEditor extends GridEditor {
    private final boolean withTime;
    private final TextField tf = new TextField();
    private final DatePicker picker = new DatePicker();
    private final HBox box;

    DateEditor(EditorHost host, boolean withTime) {
        super(host);
        this.withTime = withTime;
        tf.getStyleClass().add("grid-editor");
        picker.getStyleClass().add("cell-calendar");
        picker.setEditable(false);
        picker.setFocusTraversable(false);
        picker.setPrefWidth(34);
        picker.setMinWidth(34);
        picker.setOnAction(e -> {
            LocalDate d = picker.getValue();
            if (d == null || !host.isOpen(this)) return;
            String time = withTime ? timePart(tf.getText()) : "";
            tf.setText(d.format(host.dates()) + (time.isEmpty() ? "" : " " + time));
            if (!withTime) host.save(0, 0);
            else tf.requestFocus();
        });
        HBox.setHgrow(tf, Priority.ALWAYS);
        box = new HBox(tf, picker);
        box.setAlignment(Pos.CENTER_LEFT);
        keys(tf, true);
        tf.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.DOWN && e.isAltDown() || e.getCode() == KeyCode.F4) {
                try {
                    picker.setValue(date(datePart(tf.getText())));
                } catch (RuntimeException ex) {
                    picker.setValue(null);
                }
                picker.show();
                e.consume();
            }
        });
    }

    public Node root() {
        return box;
    }

    public Node input() {
        return tf;
    }

    @Override
    public double minWidth() {
        return withTime ? 200 : 150;
    }

    public void start(String text, boolean typed) {
        String pattern = host.dates().format(LocalDate.of(2026, 1, 31));
        tf.setPromptText(withTime ? pattern + " 14:30" : pattern);
        tf.setText(text);
        tf.end();
    }

    public void commit() {
        String t = tf.getText().strip();
        if (t.isEmpty()) {
            host.commitText("");
            return;
        }
        try {
            LocalDate d = date(datePart(t));
            if (!withTime) {
                host.setValue(d);
                return;
            }
            String time = timePart(t);
            LocalTime lt = time.isEmpty() ? LocalTime.MIDNIGHT : time(time);
            host.setValue(d.atTime(lt).atZone(ZoneId.systemDefault()).toOffsetDateTime());
        } catch (RuntimeException e) {
            // not in the preferred pattern: the shared rules read ISO forms, and refuse with a message otherwise
            host.commitText(t);
        }
    }

    private static String datePart(String t) {
        int sp = t.indexOf(' ');
        return sp < 0 ? t : t.substring(0, sp);
    }

    private static String timePart(String t) {
        int sp = t.strip().indexOf(' ');
        return sp < 0 ? "" : t.strip().substring(sp + 1).strip();
    }

    private LocalDate date(String s) {
        return DateTimeInput.date(s, host.dates());
    }

    private static LocalTime time(String s) {
        LocalTime t = DateTimeInput.time(s);
        if (t == null) throw new IllegalArgumentException("not a time: " + s);
        return t;
    }
}
