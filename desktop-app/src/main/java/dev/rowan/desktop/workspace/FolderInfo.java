package dev.rowan.desktop.workspace;

import java.util.UUID;

public record FolderInfo(UUID id, UUID appId, String name, int position) {
}
