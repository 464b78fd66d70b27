/**
 * The desktop half of sync: the account, the HTTP/WebSocket client and the background engine that pushes the
 * outbox and pulls the server's changes into the workspace. No JavaFX here; screens observe {@link
 * dev.rowan.desktop.sync.SyncStatus}.
 */
@NullMarked
package dev.rowan.desktop.sync;

import org.jspecify.annotations.NullMarked;
