package dev.rowan.model.formula;

import org.jspecify.annotations.Nullable;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;

/** What the record functions and TODAY/NOW read while evaluating one record in memory. */
public interface EvalContext {
    /** The canonical value of a field (as {@link dev.rowan.model.value.FieldValues} stores it), null if empty. */
    @Nullable Object value(UUID fieldId);

    @Nullable UUID recordId();

    @Nullable OffsetDateTime createdAt();

    @Nullable OffsetDateTime updatedAt();

    Clock clock();

    /** One record's canonical values by field id and its system columns, for previews. */
    static EvalContext of(java.util.Map<UUID, ?> values, @Nullable UUID recordId, @Nullable OffsetDateTime createdAt,
                          @Nullable OffsetDateTime updatedAt, Clock clock) {
        return new EvalContext() {
            public @Nullable Object value(UUID fieldId) {
                return values.get(fieldId);
            }

            public @Nullable UUID recordId() {
                return recordId;
            }

            public @Nullable OffsetDateTime createdAt() {
                return createdAt;
            }

            public @Nullable OffsetDateTime updatedAt() {
                return updatedAt;
            }

            public Clock clock() {
                return clock;
            }
        };
    }

    /** A context without a record, for H2's alias calls (record functions are native there). */
    EvalContext NONE = new EvalContext() {
        public @Nullable Object value(UUID fieldId) {
            return null;
        }

        public @Nullable UUID recordId() {
            return null;
        }

        public @Nullable OffsetDateTime createdAt() {
            return null;
        }

        public @Nullable OffsetDateTime updatedAt() {
            return null;
        }

        public Clock clock() {
            return Clock.systemUTC();
        }
    };
}
