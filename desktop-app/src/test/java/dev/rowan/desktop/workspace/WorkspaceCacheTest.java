package dev.rowan.desktop.workspace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * H2's page cache is bounded to a sixteenth of the heap (it held every index key of a 1,000,000-row table after a
 * scroll-bar jump when it was a quarter: desktop {@code bench.Benchmark} measured 480-500 MB RSS against the 400 MB
 * target), and the workspace really runs with it.
 */
class WorkspaceCacheTest {
    private static final long MB = 1024L * 1024;

    @TempDir
    Path dir;

    @Test
    void aSixteenthOfTheHeapWithinBounds() {
        assertThat(Workspace.cacheKb(1024 * MB, null)).isEqualTo(64 * 1024);
        assertThat(Workspace.cacheKb(128 * MB, null)).as("at least 16 MB").isEqualTo(16 * 1024);
        assertThat(Workspace.cacheKb(16 * 1024 * MB, null)).as("at most 256 MB").isEqualTo(256 * 1024);
    }

    @Test
    void thePropertyOverridesItAndNonsenseIsIgnored() {
        assertThat(Workspace.cacheKb(1024 * MB, "32")).isEqualTo(32 * 1024);
        assertThat(Workspace.cacheKb(1024 * MB, " 200 ")).isEqualTo(200 * 1024);
        assertThat(Workspace.cacheKb(1024 * MB, "0")).as("at least 1 MB").isEqualTo(1024);
        assertThat(Workspace.cacheKb(1024 * MB, "lots")).isEqualTo(64 * 1024);
    }

    @Test
    void theOpenWorkspaceRunsWithIt() throws Exception {
        try (Workspace ws = Workspace.open(dir)) {
            long mb = ws.read(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.CACHE_MAX_SIZE'")) {
                    rs.next();
                    return Long.parseLong(rs.getString(1));
                }
            });
            assertThat(mb * 1024).isEqualTo(Workspace.cacheKb(Runtime.getRuntime().maxMemory(),
                    System.getProperty("rowan.workspace.cacheMb")));
        }
    }
}
