package dev.rowan.model.kind;

/**
 * How a field's values are stored, independent of the engine. Each SQL dialect turns a storage class into its
 * column type, parameter marker and JDBC binding, so a new field kind that stores like an existing one needs no
 * SQL of its own.
 */
public sealed interface StorageClass {

    /** Text of any length: strings, option ids. */
    record Text() implements StorageClass {
    }

    /** An exact decimal read back with {@code scale} digits after the point. */
    record Decimal(int scale) implements StorageClass {
    }

    record Bool() implements StorageClass {
    }

    /** A calendar date without time. */
    record Date() implements StorageClass {
    }

    /** An instant, kept in UTC. */
    record Timestamp() implements StorageClass {
    }

    record Json() implements StorageClass {
    }

    /** An array of text (option ids). */
    record TextArray() implements StorageClass {
    }

    /**
     * A computed value with no column of its own: the query selects an expression whose values are read (and
     * compared with bound parameters) as {@code value}. DDL creates, converts and drops nothing for it.
     */
    record Computed(StorageClass value) implements StorageClass {
    }

    Text TEXT = new Text();
    Bool BOOL = new Bool();
    Date DATE = new Date();
    Timestamp TIMESTAMP = new Timestamp();
    Json JSON = new Json();
    TextArray TEXT_ARRAY = new TextArray();

    /** A decimal of this scale; 0..10 come from a cache (binding and reading ask per value). */
    static Decimal decimal(int scale) {
        return scale >= 0 && scale < Decimals.CACHE.length ? Decimals.CACHE[scale] : new Decimal(scale);
    }

    /** Holder of the cached decimals (interfaces cannot have private static fields). */
    final class Decimals {
        private static final Decimal[] CACHE = new Decimal[11];

        static {
            for (int i = 0; i < CACHE.length; i++) CACHE[i] = new Decimal(i);
        }

        private Decimals() {
        }
    }
}
