package io.fedstream.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CPU time of the measured calls, for figures quoted per CPU-second: on a machine shared with other
 * builds a call's wall time includes the time it waits for a core, its CPU time does not. JMH
 * reports each counter as the sum over the measured iterations (secondary results {@code
 * threadCpuNs}, {@code processCpuNs}, {@code calls}; with {@code Mode.SingleShotTime} each
 * iteration is one call, so the JSON's per-iteration values and their minimum are per call too).
 * Thread CPU time is the calling thread's; process CPU time also counts the threads a native
 * library computes on (OpenBLAS), and JIT and GC threads.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** CPU nanoseconds of the calling thread in the measured calls. */
    public long threadCpuNs;

    /** CPU nanoseconds of the whole process in the measured calls. */
    public long processCpuNs;

    /** Measured calls. */
    public long calls;

    private long threadStart;
    private long processStart;

    @Setup(Level.Iteration)
    public void reset() {
        threadCpuNs = 0;
        processCpuNs = 0;
        calls = 0;
    }

    void start() {
        processStart = OS.getProcessCpuTime();
        threadStart = THREADS.getCurrentThreadCpuTime();
    }

    void stop() {
        threadCpuNs += THREADS.getCurrentThreadCpuTime() - threadStart;
        processCpuNs += OS.getProcessCpuTime() - processStart;
        calls++;
    }
}
