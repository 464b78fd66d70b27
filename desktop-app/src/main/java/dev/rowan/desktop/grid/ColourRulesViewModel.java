package dev.rowan.desktop.grid;

import dev.rowan.desktop.filter.FilterBarViewModel;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Filter;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridGrouping;
import dev.rowan.model.view.GridGrouping.ColourRule;
import dev.rowan.model.view.GridGrouping.RowColours;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * The row-colour rules of the grid's view being edited: each rule is a colour and a filter, edited with the filter
 * bar's own condition builder ({@link FilterBarViewModel} over the rule's filter), so a condition means the same here
 * as in the filter bar. {@link #save()} stores them as the view's colours (one undo step, as every grid setting);
 * rules replace colouring by a select field. The first rule a record matches paints its row.
 */
public final class ColourRulesViewModel {
    /** Colours a new rule takes in turn (light, so text stays readable). */
    public static final List<String> PALETTE = List.of("#fde68a", "#bbf7d0", "#bfdbfe", "#fecaca", "#e9d5ff", "#fed7aa");

    /** One rule being edited: its colour ({@code #rrggbb}) and its conditions. */
    public static final class Rule {
        private final StringProperty colour = new SimpleStringProperty();
        private final ObjectProperty<@Nullable Filter> filter = new SimpleObjectProperty<>();
        private final FilterBarViewModel conditions;

        Rule(GridViewModel grid, String colour, @Nullable Filter filter) {
            this.colour.set(colour);
            this.filter.set(filter);
            ObjectProperty<@Nullable Filter> own = this.filter;
            this.conditions = new FilterBarViewModel(new FilterBarViewModel.Target() {
                public ObservableValue<@Nullable TableDef> table() {
                    return grid.table();
                }

                public @Nullable Filter filter() {
                    return own.get();
                }

                public Observable changes() {
                    return own;
                }

                public void apply(@Nullable Filter f) {
                    own.set(f);
                }
            });
        }

        public StringProperty colour() {
            return colour;
        }

        public FilterBarViewModel conditions() {
            return conditions;
        }

        /** The rule's filter as last applied from its conditions. */
        public @Nullable Filter filter() {
            return filter.get();
        }
    }

    private final GridViewModel grid;
    private final ObservableList<Rule> rules = FXCollections.observableArrayList();
    private final StringProperty message = new SimpleStringProperty("");

    public ColourRulesViewModel(GridViewModel grid) {
        this.grid = grid;
        grid.table().addListener((o, a, b) -> load());
        load();
    }

    /** The rules of the view as stored (edits not saved are dropped). */
    public void load() {
        List<Rule> out = new ArrayList<>();
        if (grid.table().get() != null) {
            for (ColourRule r : grid.view().get().colours().rules()) out.add(new Rule(grid, r.colour(), r.filter()));
        }
        rules.setAll(out);
        message.set("");
    }

    /** A new rule at the end with the next colour and one condition to fill in. */
    public @Nullable Rule add() {
        if (rules.size() >= GridGrouping.MAX_RULES) {
            message.set("At most " + GridGrouping.MAX_RULES + " colour rules");
            return null;
        }
        Rule r = new Rule(grid, PALETTE.get(rules.size() % PALETTE.size()), null);
        r.conditions().addCondition(r.conditions().root());
        rules.add(r);
        return r;
    }

    public void remove(Rule r) {
        rules.remove(r);
    }

    /** Moves a rule {@code by} places (earlier rules win). */
    public void move(Rule r, int by) {
        int from = rules.indexOf(r);
        int to = from + by;
        if (from < 0 || to < 0 || to >= rules.size()) return;
        rules.remove(from);
        rules.add(to, r);
    }

    /**
     * Stores the rules as the view's row colours (one undo step). False, with a message, when a rule's conditions
     * are incomplete or a colour is not {@code #rrggbb}; nothing is stored then.
     */
    public boolean save() {
        List<ColourRule> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            String colour = r.colour().get();
            if (colour == null || !GridGrouping.COLOUR.matcher(colour).matches()) {
                message.set("Rule " + (i + 1) + ": choose a colour");
                return false;
            }
            if (!r.conditions().apply()) {
                message.set("Rule " + (i + 1) + ": " + r.conditions().message().get());
                return false;
            }
            if (r.filter() == null) {
                message.set("Rule " + (i + 1) + ": add a condition");
                return false;
            }
            out.add(new ColourRule(r.filter(), colour));
        }
        try {
            grid.setColours(out.isEmpty() ? RowColours.NONE : new RowColours(null, out));
        } catch (RowanException e) {
            message.set(e.getMessage());
            return false;
        }
        message.set(out.isEmpty() ? "Rows are not coloured" : "Saved");
        return true;
    }

    public ObservableList<Rule> rules() {
        return rules;
    }

    public StringProperty message() {
        return message;
    }
}
