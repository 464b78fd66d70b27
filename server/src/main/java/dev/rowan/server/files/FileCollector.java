package dev.rowan.server.files;

import dev.rowan.server.config.FileSettings;
import dev.rowan.server.db.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes files no record refers to any more (their record was deleted, the value changed, the table was removed,
 * or they were uploaded and never attached) once they have been unreferenced for the retention time, then the
 * blobs no file names. One company per transaction; runs every {@code ROWAN_FILE_SWEEP_SECONDS}.
 */
public final class FileCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileCollector.class);
    /** An upload that has not finished after this long was abandoned. */
    static final Duration STALE_UPLOAD = Duration.ofDays(1);

    private final FileRepository repo;
    private final Tx tx;
    private final FileSettings settings;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("rowan-file-collector").factory());

    public FileCollector(FileRepository repo, Tx tx, FileSettings settings) {
        this.repo = repo;
        this.tx = tx;
        this.settings = settings;
    }

    public FileCollector start() {
        long every = settings.sweepEvery().toSeconds();
        timer.scheduleWithFixedDelay(this::runSafely, every, every, TimeUnit.SECONDS);
        return this;
    }

    private void runSafely() {
        try {
            int n = sweep();
            if (n > 0) LOG.info("Deleted {} file(s) unreferenced for {}", n, settings.retention());
        } catch (RuntimeException e) {
            LOG.warn("Collecting unreferenced files failed; will retry", e);
        }
    }

    /** One pass over every company; returns the files deleted. Synchronized: the timer and tests may both call it. */
    public synchronized int sweep() {
        int total = 0;
        for (String schema : tx.read(repo::schemas)) total += sweep(schema);
        return total;
    }

    /** One company's pass (tests sweep only their own company). */
    public synchronized int sweepCompany(java.util.UUID companyId) {
        return sweep(dev.rowan.model.schema.PhysicalNames.companySchema(companyId));
    }

    private int sweep(String schema) {
        return tx.inLongTransaction(c -> {
            OffsetDateTime now = OffsetDateTime.now();
            return repo.collect(c, schema, repo.attachmentColumns(c, schema), now.minus(settings.retention()),
                    now.minus(STALE_UPLOAD));
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
