package dev.rowan.desktop.workspace;

import org.jspecify.annotations.Nullable;

import java.util.UUID;

/** A table as the navigator lists it; {@link SchemaStore#table} loads its full definition. */
public record TableInfo(UUID id, UUID appId, @Nullable UUID folderId, String name, int position) {
}
