package dev.rowan.desktop.workspace;

import java.util.UUID;

public record AppInfo(UUID id, String name, int position) {
}
