package dev.rowan.model.query;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads filters and sorts from their JSON form:
 * {@code {"operator":"and","conditions":[{"field":"Qty","operator":"gt","value":5}, ...]}} and
 * {@code [{"field":"Due","direction":"desc"}]}. Malformed input is a 400 that says what is wrong.
 */
public final class QueryParser {
    public static final int MAX_CONDITIONS = 200;
    public static final int MAX_DEPTH = 8;
    public static final int MAX_SORTS = 8;
    /**
     * Values of all in/notIn/between lists of one filter together. Each is a bound parameter, and PostgreSQL's
     * protocol takes at most 65,535 per statement: 66 lists of 1,000 would fail deep in the driver.
     */
    public static final int MAX_VALUES = 10_000;

    private QueryParser() {
    }

    public static Filter parseFilter(String json) {
        Object tree;
        try {
            tree = JsonText.parse(json);
        } catch (IllegalArgumentException e) {
            throw RowanException.invalid("filter", "filter is not valid JSON: " + e.getMessage());
        }
        return parseFilter(tree);
    }

    public static Filter parseFilter(@Nullable Object tree) {
        int[] count = {0, 0};
        return node(tree, "filter", 0, count);
    }

    private static Filter node(@Nullable Object tree, String path, int depth, int[] count) {
        if (depth > MAX_DEPTH) throw bad(path, "filter groups nest deeper than " + MAX_DEPTH + " levels");
        if (!(tree instanceof Map<?, ?> m)) throw bad(path, "expected an object");
        if (++count[0] > MAX_CONDITIONS) throw bad(path, "more than " + MAX_CONDITIONS + " conditions");
        Object op = m.get("operator");
        if (m.containsKey("conditions")) {
            for (Object k : m.keySet()) {
                if (!Set.of("operator", "conditions").contains(k)) throw bad(path + "." + k, "unknown property in a group");
            }
            Filter.Logic logic;
            if (op == null || "and".equalsIgnoreCase(String.valueOf(op))) {
                logic = Filter.Logic.AND;
            } else if ("or".equalsIgnoreCase(String.valueOf(op))) {
                logic = Filter.Logic.OR;
            } else {
                throw bad(path + ".operator", "a group's operator is 'and' or 'or'");
            }
            if (!(m.get("conditions") instanceof List<?> list)) throw bad(path + ".conditions", "expected a list");
            List<Filter> children = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                children.add(node(list.get(i), path + ".conditions[" + i + "]", depth + 1, count));
            }
            return new Filter.Group(logic, children);
        }
        for (Object k : m.keySet()) {
            if (!Set.of("operator", "field", "value").contains(k)) throw bad(path + "." + k, "unknown property in a condition");
        }
        if (!(m.get("field") instanceof String field) || field.isBlank()) {
            throw bad(path + ".field", "a condition needs a field name or id");
        }
        if (!(op instanceof String opName)) throw bad(path + ".operator", "a condition needs an operator");
        Operator operator = Operator.fromApi(opName).orElseThrow(() -> bad(path + ".operator",
                "unknown operator '" + shorten(opName) + "'; use one of eq ne gt gte lt lte in notIn contains "
                        + "notContains startsWith endsWith isNull isNotNull between"));
        Object value = m.get("value");
        if (operator.takesValue() && !m.containsKey("value")) throw bad(path + ".value", operator.api() + " needs a value");
        if (operator.takesList()) {
            if (!(value instanceof List<?> l)) throw bad(path + ".value", operator.api() + " needs a list value");
            if (operator == Operator.BETWEEN && l.size() != 2) throw bad(path + ".value", "between needs [low, high]");
            if (l.size() > 1000) throw bad(path + ".value", "at most 1000 values");
            count[1] += l.size();
            if (count[1] > MAX_VALUES) {
                throw bad(path + ".value", "more than " + MAX_VALUES + " values in all the lists of one filter; "
                        + "narrow the filter or split the query");
            }
        } else if (value instanceof List<?> || value instanceof Map<?, ?>) {
            throw bad(path + ".value", operator.api() + " needs a single value");
        }
        return new Filter.Condition(field, operator, value);
    }

    public static List<Sort> parseSort(String json) {
        Object tree;
        try {
            tree = JsonText.parse(json);
        } catch (IllegalArgumentException e) {
            throw RowanException.invalid("sort", "sort is not valid JSON: " + e.getMessage());
        }
        return parseSort(tree);
    }

    public static List<Sort> parseSort(@Nullable Object tree) {
        if (tree instanceof Map<?, ?>) tree = List.of(tree);
        if (!(tree instanceof List<?> list)) throw bad("sort", "expected a list of {field, direction}");
        if (list.size() > MAX_SORTS) throw bad("sort", "at most " + MAX_SORTS + " sort keys");
        List<Sort> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m) || !(m.get("field") instanceof String f) || f.isBlank()) {
                throw bad("sort[" + i + "]", "expected {\"field\": name, \"direction\": \"asc\"|\"desc\"}");
            }
            Object d = m.get("direction");
            String dir = d == null ? "asc" : String.valueOf(d).toLowerCase(Locale.ROOT);
            if (!dir.equals("asc") && !dir.equals("desc")) throw bad("sort[" + i + "].direction", "use asc or desc");
            out.add(new Sort(f, dir.equals("desc")));
        }
        return out;
    }

    private static RowanException bad(String path, String message) {
        return RowanException.invalid(path, "Invalid filter or sort at " + path + ": " + message);
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
