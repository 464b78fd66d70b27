package dev.rowan.desktop.navigator;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.UUID;

/** A node of the navigator tree. {@code appId} is the owning app (its own id for an app). */
public record NavItem(Kind kind, UUID id, UUID appId, @Nullable UUID folderId, String name, List<NavItem> children) {
    public enum Kind { APP, FOLDER, TABLE }

    public NavItem {
        children = List.copyOf(children);
    }

    @Override
    public String toString() {
        return name;
    }
}
