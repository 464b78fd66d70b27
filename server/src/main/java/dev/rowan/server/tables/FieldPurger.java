package dev.rowan.server.tables;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Purges removed fields once their retention has passed: a removed field stays restorable (hidden, data kept)
 * for {@code ROWAN_FIELD_RETENTION_DAYS}, then its column is dropped. Runs hourly and once at start.
 */
public final class FieldPurger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FieldPurger.class);
    private static final int BATCH = 100;

    private final TableRepository tables;
    private final SchemaCache schemas;
    private final Tx tx;
    private final Journal journal;
    private final Duration retention;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("rowan-field-purger").factory());

    public FieldPurger(TableRepository tables, SchemaCache schemas, Tx tx, Journal journal, Duration retention) {
        this.tables = tables;
        this.schemas = schemas;
        this.tx = tx;
        this.journal = journal;
        this.retention = retention;
    }

    public FieldPurger start() {
        timer.scheduleWithFixedDelay(this::runSafely, 1, 3600, TimeUnit.SECONDS);
        return this;
    }

    private void runSafely() {
        try {
            int n = purgeDue();
            if (n > 0) LOG.info("Purged {} removed field(s) older than {} days", n, retention.toDays());
        } catch (RuntimeException e) {
            LOG.warn("Purging removed fields failed; will retry in an hour", e);
        }
    }

    /** Purges every field removed longer ago than the retention; returns how many. */
    public int purgeDue() {
        int total = 0;
        while (true) {
            List<TableRepository.HiddenField> due = tx.read(c -> tables.hiddenBefore(c,
                    OffsetDateTime.now().minus(retention), BATCH));
            for (TableRepository.HiddenField h : due) {
                Principal system = Principal.system(h.companyId(), h.schemaName());
                boolean purged = tx.inTransaction(c -> {
                    TableDef def = schemas.lock(c, system, h.tableId(), true);
                    FieldDef f = def.fieldById(h.fieldId()).filter(FieldDef::hidden).orElse(null);
                    // restored or purged meanwhile
                    if (f == null) return false;
                    tables.purgeField(c, def, f);
                    TableHandler.journalField(journal, c, system, def.id(), f, "field.purge");
                    return true;
                });
                if (purged) total++;
            }
            if (due.size() < BATCH) return total;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
