package dev.rowan.model.value;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.kind.TypeChange;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * Type-change rules, the same on client and server: a value converts by formatting it as the text a
 * person sees under the old type and parsing that text under the new type. A value that cannot follow
 * is reported, never silently emptied.
 */
public final class Conversions {
    private Conversions() {
    }

    /** Result of converting one value: the new canonical value, or why it failed. */
    public record Outcome(@Nullable Object value, @Nullable String failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    public static Outcome convert(FieldType from, FieldDef to, @Nullable Object value) {
        if (value == null) return new Outcome(null, null);
        if (from.equals(to.type())) return new Outcome(value, null);
        String text = FieldValues.formatText(from, value);
        try {
            // required is a rule for new input; a type change must not fail on existing empty values
            FieldDef lenient = new FieldDef(to.id(), to.name(), to.type(), false, false, false, null,
                    to.validation(), null, false, 0);
            return new Outcome(FieldValues.parseText(lenient, text), null);
        } catch (RowanException e) {
            return new Outcome(null, e.getMessage());
        }
    }

    /** True when every value of {@code from} converts to {@code to} without looking at data. */
    public static boolean alwaysConverts(FieldType from, FieldType to) {
        return TypeChange.alwaysConverts(from, to);
    }

    /** Whether a change from {@code from} to {@code to} converts stored values (else it is metadata only). */
    public static boolean needsConversion(FieldType from, FieldType to) {
        return TypeChange.plan(from, to).converts();
    }

    /** A summary of a trial conversion: how many values fail, with a few examples. */
    public record Preview(long total, long converted, long failed, List<Example> examples) {
        public record Example(String recordId, String value, String reason) {
        }
    }

    public static final class PreviewBuilder {
        private final int maxExamples;
        private long total;
        private long failed;
        private final List<Preview.Example> examples = new ArrayList<>();

        public PreviewBuilder(int maxExamples) {
            this.maxExamples = maxExamples;
        }

        public Outcome add(String recordId, FieldType from, FieldDef to, @Nullable Object value) {
            return add(recordId, from, value, convert(from, to, value));
        }

        /** Counts an outcome the caller computed (a type change that reads the member directory). */
        public Outcome add(String recordId, FieldType from, @Nullable Object value, Outcome o) {
            total++;
            if (o.failed()) {
                failed++;
                if (examples.size() < maxExamples) {
                    examples.add(new Preview.Example(recordId, FieldValues.formatText(from, value), o.failure()));
                }
            }
            return o;
        }

        public Preview build() {
            return new Preview(total, total - failed, failed, List.copyOf(examples));
        }
    }
}
