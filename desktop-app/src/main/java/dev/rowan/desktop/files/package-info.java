/**
 * Attachments on the desktop (issue 12): {@link dev.rowan.desktop.files.DesktopFileActions} gives the attachment
 * editors the workspace's file cache and upload queue ({@code workspace.FileOutbox}, uploaded by the
 * {@code SyncEngine} before it pushes), a file chooser, an image preview and the system's application for other files.
 */
@NullMarked
package dev.rowan.desktop.files;

import org.jspecify.annotations.NullMarked;
