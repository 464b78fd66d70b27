package dev.rowan.model.view;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Three-way merge of a view's configuration (issue 11: two people changing different settings of one view offline
 * both keep theirs). A <em>setting</em> is a top-level key of a config's JSON form ({@link ViewConfig#toMap()}:
 * {@code hidden}, {@code order}, {@code widths}, {@code frozenColumns}, {@code groups}, {@code summaries},
 * {@code colours}, {@code collapsed}, {@code stackField}, {@code cardFields}, {@code dateField}, ...), except
 * {@code query}, whose own keys are settings of their own ({@code query.filter}, {@code query.sorts},
 * {@code query.fields}); {@code type} is not a setting (another kind replaces the whole config).
 *
 * <p>A change carries the config it was made from ({@code base}) and the config it wants ({@code mine}); the server
 * holds the config as it is now ({@code theirs}). A setting equal in {@code base} and {@code mine} was not changed by
 * this change and keeps the server's value; one that differs takes {@code mine} (the last writer wins), and when the
 * server's value differs from both {@code base} and {@code mine} someone else changed it meanwhile: a {@link Contest}
 * records the value that lost. Values compare as JSON trees (numbers by value, whatever their Java type).
 */
public final class ViewMerge {
    private static final String QUERY = "query";
    private static final String PREFIX = QUERY + ".";

    private ViewMerge() {
    }

    /** One setting both sides changed: mine won, {@code theirs} (the other person's value) was replaced. */
    public record Contest(String setting, @Nullable Object mine, @Nullable Object theirs, @Nullable Object base) {
    }

    /** The merged config (JSON form) and the settings whose other value lost. */
    public record Result(Map<String, Object> config, List<Contest> contests) {
        public Result {
            contests = List.copyOf(contests);
        }
    }

    /**
     * Merges {@code mine} (made from {@code base}) into {@code theirs}. When the kinds differ (a view turned into
     * another kind on either side) there is nothing to merge setting by setting: {@code mine} is taken whole.
     */
    public static Result merge(Map<String, ?> theirs, Map<String, ?> base, Map<String, ?> mine) {
        if (!Objects.equals(theirs.get("type"), mine.get("type")) || !Objects.equals(base.get("type"), mine.get("type"))) {
            return new Result(copy(mine), List.of());
        }
        Map<String, @Nullable Object> t = settings(theirs);
        Map<String, @Nullable Object> b = settings(base);
        Map<String, @Nullable Object> m = settings(mine);
        Map<String, @Nullable Object> out = new LinkedHashMap<>(t);
        List<Contest> contests = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>(m.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            Object mv = m.get(k);
            Object bv = b.get(k);
            if (same(mv, bv)) continue; // not changed by this change: the server's value stays
            Object tv = t.get(k);
            if (mv == null) out.remove(k);
            else out.put(k, mv);
            if (!same(tv, bv) && !same(tv, mv)) contests.add(new Contest(k, mv, tv, bv));
        }
        Map<String, Object> config = unflatten(out);
        if (mine.get("type") != null) config.put("type", mine.get("type"));
        return new Result(config, contests);
    }

    // ---------------------------------------------------------------- a whole view (issue 11, slice h-viewmerge)

    /** The view's own settings beside its config's: its name, flags and place in the table's list. */
    public static final String NAME = "name";
    public static final String PERSONAL = "personal";
    public static final String LOCKED = "locked";
    public static final String POSITION = "position";
    private static final List<String> OWN = List.of(NAME, PERSONAL, LOCKED, POSITION);

    /**
     * A whole view merged: its own settings ({@code name}, {@code personal}, {@code locked}, {@code position}, those
     * either side has) and its config (JSON form; null when neither side has one), with the settings whose other
     * value lost.
     */
    public record ViewResult(Map<String, Object> own, @Nullable Map<String, Object> config, List<Contest> contests) {
        public ViewResult {
            contests = List.copyOf(contests);
        }
    }

    /**
     * Merges a whole view ({@code {name?, personal?, locked?, position?, config?}}) the way {@link #merge} merges a
     * config: the view's name and flags are settings like {@code query.sorts}, so a rename and a settings change made
     * offline both survive and two renames are a contest. A setting {@code mine} does not name keeps the server's
     * value; one {@code mine} names but {@code base} does not (a caller that did not say what it started from) takes
     * mine without a contest, as a change without a base always did. {@code position} is merged but never contested:
     * a place in a list also moves when other views move, so the last mover wins quietly.
     */
    public static ViewResult mergeView(Map<String, ?> theirs, Map<String, ?> base, Map<String, ?> mine) {
        List<Contest> contests = new ArrayList<>();
        Map<String, Object> config = null;
        if (mine.get("config") instanceof Map<?, ?> mc) {
            Map<String, ?> m = asMap(mc);
            if (base.get("config") instanceof Map<?, ?> bc && theirs.get("config") instanceof Map<?, ?> tc) {
                Result r = merge(asMap(tc), asMap(bc), m);
                config = r.config();
                contests.addAll(r.contests());
            } else {
                config = copy(m);
            }
        } else if (theirs.get("config") instanceof Map<?, ?> tc) {
            config = copy(asMap(tc));
        }
        Map<String, Object> own = new LinkedHashMap<>();
        for (String k : OWN) {
            Object tv = theirs.get(k);
            Object value = tv;
            if (mine.containsKey(k) && mine.get(k) != null) {
                Object mv = mine.get(k);
                if (!base.containsKey(k) || base.get(k) == null) {
                    value = mv;
                } else if (!same(mv, base.get(k))) {
                    value = mv;
                    if (!k.equals(POSITION) && !same(tv, base.get(k)) && !same(tv, mv)) {
                        contests.add(new Contest(k, mv, tv, base.get(k)));
                    }
                }
            }
            if (value != null) own.put(k, value);
        }
        return new ViewResult(own, config, contests);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> asMap(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }

    /** The settings of a config's JSON form, by setting name ({@code query.sorts}, {@code hidden}, ...). */
    public static Map<String, @Nullable Object> settings(Map<String, ?> config) {
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : config.entrySet()) {
            if (e.getKey().equals("type")) continue;
            if (e.getKey().equals(QUERY) && e.getValue() instanceof Map<?, ?> q) {
                for (Map.Entry<?, ?> qe : q.entrySet()) {
                    if (qe.getValue() != null) out.put(PREFIX + qe.getKey(), qe.getValue());
                }
            } else if (e.getValue() != null) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** {@code config} (JSON form) with one setting set to {@code value} (null: left out, as a default). */
    public static Map<String, Object> with(Map<String, ?> config, String setting, @Nullable Object value) {
        Map<String, @Nullable Object> s = settings(config);
        if (value == null) s.remove(setting);
        else s.put(setting, value);
        Map<String, Object> out = unflatten(s);
        if (config.get("type") != null) out.put("type", config.get("type"));
        return out;
    }

    private static Map<String, Object> unflatten(Map<String, @Nullable Object> settings) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> query = new LinkedHashMap<>();
        for (Map.Entry<String, @Nullable Object> e : settings.entrySet()) {
            if (e.getValue() == null) continue;
            if (e.getKey().startsWith(PREFIX)) query.put(e.getKey().substring(PREFIX.length()), e.getValue());
            else out.put(e.getKey(), e.getValue());
        }
        out.put(QUERY, query);
        return out;
    }

    private static Map<String, Object> copy(Map<String, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v != null) out.put(k, v);
        });
        return out;
    }

    /** Whether two JSON trees are equal: maps by their entries (absent = null), lists in order, numbers by value. */
    public static boolean same(@Nullable Object a, @Nullable Object b) {
        if (a == null || b == null) return empty(a) && empty(b);
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            Set<Object> keys = new LinkedHashSet<>(x.keySet());
            keys.addAll(y.keySet());
            for (Object k : keys) if (!same(x.get(k), y.get(k))) return false;
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) if (!same(x.get(i), y.get(i))) return false;
            return true;
        }
        return a.toString().equals(b.toString()) && (a instanceof String == b instanceof String);
    }

    /** An absent setting and an empty list or object mean the same (a grid without groups writes no "groups"). */
    private static boolean empty(@Nullable Object o) {
        return o == null || o instanceof Map<?, ?> m && m.isEmpty() || o instanceof List<?> l && l.isEmpty();
    }

    // ---------------------------------------------------------------- for people (the conflicts screen)

    /** A setting's name for people: "Sort", "Filter", "Hidden fields", or its key in words. */
    public static String label(String setting) {
        return switch (setting) {
            case "query.sorts" -> "Sort";
            case "query.filter" -> "Filter";
            case "query.fields" -> "Fields read";
            case "hidden" -> "Hidden fields";
            case "order" -> "Field order";
            case "widths" -> "Column widths";
            case "frozenColumns" -> "Frozen columns";
            case "groups" -> "Grouping";
            case "summaries" -> "Column summaries";
            case "colours" -> "Colours";
            case "collapsed" -> "Collapsed groups";
            case NAME -> "View name";
            case PERSONAL -> "Personal view (only its creator sees it)";
            case LOCKED -> "View locked";
            case POSITION -> "Place in the list";
            default -> words(setting.startsWith(PREFIX) ? setting.substring(PREFIX.length()) : setting);
        };
    }

    private static String words(String key) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char ch = key.charAt(i);
            if (i == 0) b.append(Character.toUpperCase(ch));
            else if (Character.isUpperCase(ch)) b.append(' ').append(Character.toLowerCase(ch));
            else b.append(ch);
        }
        return b.toString();
    }

    /**
     * A setting's value as people read it, fields by their names in {@code table} (null when the table is gone):
     * a sort as "Name ascending, Price descending", a filter as "Status is Done and Price > 3", lists joined with
     * commas, an empty value as "(none)". Never raw JSON.
     */
    public static String describe(String setting, @Nullable Object value, @Nullable TableDef table) {
        if (empty(value)) return "(none)";
        if (setting.equals(NAME)) return "\u201c" + value + "\u201d"; // a view's name as typed, never read as a field id
        if (setting.equals("query.sorts") && value instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) {
                if (o instanceof Map<?, ?> s) {
                    parts.add(name(s.get("fieldId"), table) + ("desc".equals(s.get("direction")) ? " descending" : " ascending"));
                } else {
                    parts.add(text(o, table));
                }
            }
            return String.join(", ", parts);
        }
        if (setting.equals("query.filter")) return filter(value, table);
        return text(value, table);
    }

    private static String filter(@Nullable Object node, @Nullable TableDef table) {
        if (!(node instanceof Map<?, ?> m)) return text(node, table);
        if (m.get("conditions") instanceof List<?> children) {
            String join = " " + String.valueOf(m.get("operator") != null ? m.get("operator") : "and")
                    .toLowerCase(Locale.ROOT) + " ";
            List<String> parts = new ArrayList<>();
            for (Object c : children) {
                String s = filter(c, table);
                parts.add(c instanceof Map<?, ?> cm && cm.get("conditions") != null ? "(" + s + ")" : s);
            }
            return parts.isEmpty() ? "(none)" : String.join(join, parts);
        }
        if (m.containsKey("fieldId") || m.containsKey("field")) {
            Object field = m.containsKey("fieldId") ? m.get("fieldId") : m.get("field");
            String op = m.get("operator") != null ? String.valueOf(m.get("operator")) : String.valueOf(m.get("op"));
            Object v = m.get("value");
            return name(field, table) + " " + words(op).toLowerCase(Locale.ROOT) + (v == null ? "" : " " + text(v, table));
        }
        return text(node, table);
    }

    private static String text(@Nullable Object o, @Nullable TableDef table) {
        if (o == null) return "(none)";
        if (o instanceof Boolean b) return b ? "yes" : "no";
        if (o instanceof String s) return name(s, table);
        if (o instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object x : l) parts.add(text(x, table));
            return String.join(", ", parts);
        }
        if (o instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                parts.add(name(String.valueOf(e.getKey()), table) + ": " + text(e.getValue(), table));
            }
            return String.join("; ", parts);
        }
        return o.toString();
    }

    /** A field id as the field's name in the table (a removed field reads "a removed field"); other text as is. */
    private static String name(@Nullable Object idOrText, @Nullable TableDef table) {
        if (idOrText == null) return "(none)";
        String s = idOrText.toString();
        UUID id;
        try {
            id = s.length() == 36 ? UUID.fromString(s) : null;
        } catch (IllegalArgumentException e) {
            id = null;
        }
        if (id == null) return s;
        if (table == null) return "a field";
        return table.fieldById(id).map(FieldDef::name).orElse("a removed field");
    }
}
