package dev.rowan.server.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server as a child process on its embedded PostgreSQL, for benchmarks, the load test and the crash tests:
 * {@code java <launch…>} listening on 127.0.0.1, its data in {@code dataDir}, its output appended to
 * {@code dataDir/server.log}.
 */
public final class ServerProcess {
    public static final String JAR = "server/target/server-0.1.0-SNAPSHOT.jar";

    private ServerProcess() {
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The launch arguments of the packaged server jar with these JVM options ("-Xmx192m -XX:…"). */
    public static List<String> jar(String jvmOptions) {
        List<String> launch = new ArrayList<>(List.of(jvmOptions.strip().split("\\s+")));
        launch.addAll(List.of("-jar", JAR));
        return launch;
    }

    /** Starts {@code java <launch…>} with the owner's password and any further settings in {@code env}. */
    public static Process start(List<String> launch, int port, Path dataDir, String adminPassword,
                                Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(launch);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()));
        pb.environment().put("ROWAN_PORT", String.valueOf(port));
        pb.environment().put("ROWAN_HOST", "127.0.0.1");
        pb.environment().put("ROWAN_DATA_DIR", dataDir.toString());
        pb.environment().put("ROWAN_ADMIN_PASSWORD", adminPassword);
        pb.environment().remove("ROWAN_DB_URL");
        pb.environment().putAll(env);
        return pb.start();
    }
}
