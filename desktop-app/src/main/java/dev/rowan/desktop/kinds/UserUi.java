package dev.rowan.desktop.kinds;

import dev.rowan.desktop.workspace.MemberDirectory;
import dev.rowan.model.kind.UserKind;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.layout.FlowPane;
import javafx.util.StringConverter;
import org.jspecify.annotations.Nullable;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The user field: members as chips of their names (from the workspace's member directory, so offline too; a removed
 * member keeps their name, an id the directory does not know shows shortened). The grid edits it with the option
 * picker over the company's active members (type to search, arrows, Enter/Tab), the form with a member box (one) or
 * ticks (several). Values stay ids; the shared rules parse "id, id". Settings: allow several.
 */
final class UserUi extends KindUi<FieldType.User> {
    private static final String COLOR = "blue";
    private static final String FORMER = "gray";

    UserUi() {
        super(FieldType.User.class, "User", new FieldType.User(false));
    }

    /** A member as the option picker and chips show them: id as the option id, name as its label. */
    static SelectOption option(String id) {
        return MemberDirectory.name(id).map(n -> new SelectOption(id, n, active(id) ? COLOR : FORMER))
                .orElseGet(() -> new SelectOption(id, "(" + id.substring(0, Math.min(8, id.length())) + "…)", FORMER));
    }

    private static boolean active(String id) {
        for (MemberDirectory.Member m : MemberDirectory.last()) if (m.id().toString().equals(id)) return m.active();
        return false;
    }

    /** The active members as options (what may be newly set), plus those {@code chosen} already names. */
    static List<SelectOption> options(Set<String> chosen) {
        List<SelectOption> out = new ArrayList<>();
        for (MemberDirectory.Member m : MemberDirectory.last()) {
            if (m.active() || chosen.contains(m.id().toString())) out.add(option(m.id().toString()));
        }
        // ids the directory does not list (not pulled yet): still shown, so an untouched value saves unchanged
        for (String id : chosen) if (out.stream().noneMatch(o -> o.id().equals(id))) out.add(option(id));
        return out;
    }

    /** The picker's stand-in type: the members as the options of a select. */
    static FieldType.Select asSelect(FieldType.User t, Set<String> chosen) {
        List<SelectOption> o = options(chosen);
        return t.multiple() ? new FieldType.MultipleSelect(o) : new FieldType.SingleSelect(o);
    }

    @Override
    String textOf(FieldType.User t, Object value, DateTimeFormatter dates) {
        List<String> names = new ArrayList<>();
        for (String id : UserKind.ids(value)) names.add(option(id).label());
        return String.join(", ", names);
    }

    @Override
    CellLook lookOf(FieldType.User t, @Nullable Object value, DateTimeFormatter dates) {
        if (value == null) return new CellLook.Text("");
        List<SelectOption> chips = new ArrayList<>();
        for (String id : UserKind.ids(value)) chips.add(option(id));
        return new CellLook.Chips(chips);
    }

    @Override
    public boolean sortable() {
        return true;
    }

    public FilterInput filterInput() {
        return FilterInput.OPTION;
    }

    GridEditor gridEditorOf(FieldType.User t, EditorHost host) {
        Set<String> chosen = new LinkedHashSet<>(UserKind.ids(host.value()));
        return new OptionEditor(host, asSelect(t, chosen), t.multiple(), true);
    }

    Node formEditorOf(FieldType.User t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        Set<String> chosen = new LinkedHashSet<>(ids(text.get()));
        if (!t.multiple()) {
            ComboBox<@Nullable SelectOption> box = new ComboBox<>();
            box.getItems().add(null);
            box.getItems().addAll(options(chosen));
            box.setConverter(new StringConverter<>() {
                @Override
                public String toString(@Nullable SelectOption o) {
                    return o == null ? "" : o.label();
                }

                @Override
                public @Nullable SelectOption fromString(String s) {
                    return null;
                }
            });
            for (SelectOption o : box.getItems()) if (o != null && chosen.contains(o.id())) box.setValue(o);
            box.valueProperty().addListener((obs, a, b) -> text.set(b == null ? "" : b.id()));
            return box;
        }
        FlowPane ticks = new FlowPane(8, 4);
        for (SelectOption o : options(chosen)) {
            CheckBox cb = new CheckBox(o.label());
            cb.setSelected(chosen.contains(o.id()));
            cb.selectedProperty().addListener((obs, a, b) -> {
                if (b) chosen.add(o.id());
                else chosen.remove(o.id());
                text.set(String.join(", ", chosen));
            });
            ticks.getChildren().add(cb);
        }
        return ticks;
    }

    private static List<String> ids(@Nullable String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        for (String p : text.split("[,;\\s]+")) if (!p.isBlank()) out.add(p.strip());
        return out;
    }

    public KindSettings settings(FieldType from) {
        return new UserSettings(from);
    }
}
