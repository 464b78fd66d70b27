package dev.rowan.desktop.workspace;

import dev.rowan.model.error.RowanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A second Rowan on a workspace another process has open (H2 allows one process per file) is told so in words, not
 * with the database's text: found starting the app twice on one workspace (it ended with a stack trace).
 */
class WorkspaceInUseTest {
    @TempDir
    Path dir;

    /** Holds the workspace open until its input closes (the other Rowan window). */
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(Workspace.url(Path.of(args[0])), "rowan", "")) {
            System.out.println("open");
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the test closes our input
            }
        }
    }

    @Test
    void aWorkspaceOpenInAnotherProcessIsRefusedWithAPlainMessage() throws Exception {
        Path folder = dir.resolve("ws");
        Workspace.open(folder).close(); // made, then closed
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), WorkspaceInUseTest.class.getName(), folder.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("open"));
            assertThat(line).as("the other process has the workspace open").isEqualTo("open");
            assertThatThrownBy(() -> Workspace.open(folder)).isInstanceOfSatisfying(RowanException.class, e -> {
                assertThat(e.getMessage()).contains("open in another Rowan window").contains(folder.toString())
                        .doesNotContain("mv.db").doesNotContain("90020").doesNotContain("server mode");
            });
        } finally {
            other.getOutputStream().close();
            if (!other.waitFor(20, TimeUnit.SECONDS)) other.destroyForcibly();
        }
        // once the other has closed it, it opens
        try (Workspace ws = Workspace.open(folder)) {
            assertThat(ws.folder()).isEqualTo(folder);
        }
    }
}
