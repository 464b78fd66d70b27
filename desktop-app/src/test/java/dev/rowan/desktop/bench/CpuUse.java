package dev.rowan.desktop.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * For the benchmarks' traces: CPU time of the process, of each Java thread and of the garbage collector since a
 * moment, so a wait can be told apart from work (the FX thread's own CPU against the JIT, the GC, the worker).
 */
record CpuUse(long process, Map<Long, Long> threads, long gcMs, long wall) {
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    static CpuUse now() {
        Map<Long, Long> t = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) t.put(id, THREADS.getThreadCpuTime(id));
        long gc = 0;
        for (var b : ManagementFactory.getGarbageCollectorMXBeans()) gc += b.getCollectionTime();
        return new CpuUse(OS.getProcessCpuTime(), t, gc, System.nanoTime());
    }

    /** What was used since this moment: wall, process CPU, GC, each Java thread over 5 ms, and the rest (JIT, GC, VM). */
    String since() {
        CpuUse n = now();
        StringBuilder b = new StringBuilder(String.format("wall %.0f ms, process CPU %.0f ms, GC %d ms;",
                (n.wall - wall) / 1e6, (n.process - process) / 1e6, n.gcMs - gcMs));
        long java = 0;
        for (var e : n.threads.entrySet()) {
            long d = e.getValue() - threads.getOrDefault(e.getKey(), 0L);
            java += d;
            var info = THREADS.getThreadInfo(e.getKey());
            if (d >= 5_000_000 && info != null) b.append(String.format(" %s %.0f", info.getThreadName(), d / 1e6));
        }
        return b.append(String.format("; outside Java threads (JIT compilers, GC, VM) %.0f ms",
                (n.process - process - java) / 1e6)).toString();
    }
}
