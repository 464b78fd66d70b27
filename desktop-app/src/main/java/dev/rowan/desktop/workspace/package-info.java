/** The local H2 workspace: metadata, user tables through shared-model's H2 dialect, and the outbox. */
@NullMarked
package dev.rowan.desktop.workspace;

import org.jspecify.annotations.NullMarked;
