package dev.rowan.server.journal;

import java.util.UUID;

/**
 * Who made a change, as the change log and the audit log record it. The journal sits below the auth feature (which
 * writes audit entries itself), so it names the caller through this interface; {@code auth.Principal} implements it.
 */
public interface Actor {
    UUID userId();

    UUID companyId();

    String ip();

    String userAgent();
}
