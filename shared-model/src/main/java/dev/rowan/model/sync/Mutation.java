package dev.rowan.model.sync;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * One local change waiting in the client's outbox. {@code mutationId} makes a replay idempotent; {@code parentId}
 * is the owning entity (the table of a record or field, the app of a table). {@code payload} is a JSON object:
 * for records the changed values keyed by field id in canonical text form, for schema entities their definition.
 */
public record Mutation(UUID mutationId, Op op, Entity entity, UUID entityId, @Nullable UUID parentId, String payload,
                       Instant createdAt) {

    public enum Op { CREATE, UPDATE, DELETE }

    /**
     * What a mutation changes. {@code VIEW_RANK} is a record's place in a view's manual order: entity = the record,
     * parent = the view, payload {@code {"rank": "…"}} (null: back to unranked), op UPDATE only.
     */
    public enum Entity { APP, FOLDER, TABLE, FIELD, VIEW, RECORD, VIEW_RANK }

    public static Mutation of(Op op, Entity entity, UUID entityId, @Nullable UUID parentId, String payload) {
        return new Mutation(UUID.randomUUID(), op, entity, entityId, parentId, payload, Instant.now());
    }
}
