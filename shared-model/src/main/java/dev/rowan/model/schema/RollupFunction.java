package dev.rowan.model.schema;

import java.util.Locale;
import java.util.Optional;

/** What a rollup computes over the linked records' values, named as the API spells it. */
public enum RollupFunction {
    COUNT("count"), COUNT_ALL("countAll"), COUNT_EMPTY("countEmpty"), SUM("sum"), AVG("avg"), MIN("min"),
    MAX("max"), EARLIEST("earliest"), LATEST("latest"), UNIQUE_COUNT("uniqueCount"), CONCAT("concat"),
    AND("and"), OR("or");

    private final String api;

    RollupFunction(String api) {
        this.api = api;
    }

    public String api() {
        return api;
    }

    public static Optional<RollupFunction> fromApi(String s) {
        for (RollupFunction f : values()) {
            if (f.api.equalsIgnoreCase(s.strip()) || f.name().equalsIgnoreCase(s.strip())) return Optional.of(f);
        }
        return Optional.empty();
    }

    /** Whether the function needs numbers (sum, avg) from the target field. */
    public boolean numeric() {
        return this == SUM || this == AVG;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
