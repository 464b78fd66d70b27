/** Sync protocol types shared by the desktop outbox and the server's push endpoint. */
@NullMarked
package dev.rowan.model.sync;

import org.jspecify.annotations.NullMarked;
