package io.gymbridge.wire;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * Keeps one CPU out of its idle state while round trips come in quick succession, so that the
 * threads a round trip wakes (the transport's event loops, the caller) find a CPU awake.
 *
 * <p>Why: on virtual machines whose guest kernel does not poll before halting an idle vCPU (Linux's
 * {@code cpuidle-haltpoll} with {@code guest_halt_poll_ns=0}, the case on the machines gymbridge is
 * measured on), waking a thread on an idle vCPU costs a VM exit and a host reschedule: 30-150 µs
 * each, several per round trip. A loopback round trip measured 100-130 µs with 50-1000 µs of
 * learner work between calls against 30 µs in a tight loop; with this warmer, 24-39 µs for every
 * gap (docs/benchmarks.md, issue 13). The same effect is what the kernel's own halt polling gives
 * system-wide; this is the user-space form, bounded to the time the bridge is busy.
 *
 * <p>How: every round trip calls {@link #touch()}. A daemon thread spins ({@link
 * Thread#onSpinWait()}) until {@link #windowNanos()} has passed without a touch, then parks until
 * the next one. The thread runs under Linux's {@code SCHED_IDLE} policy: it gets a CPU only when no
 * other thread wants one, and any thread that wakes takes its CPU at once. That matters: spinning
 * at normal priority made training slower, not faster (the event loops and the JIT compiler waited
 * for the spinner's time slice; measured 330 µs a call against 140 without it). Where {@code
 * SCHED_IDLE} cannot be set (not Linux, no JNA), the warmer stays off. It costs up to one otherwise
 * idle core while an env is stepped in quick succession, and nothing between bursts (a learner's
 * update phase, an idle server). It is off on machines with one CPU.
 *
 * <p>Settings: the system property {@code gymbridge.spin.micros} (the window in µs; 0 turns it
 * off). Servers and clients each have their own, shared by everything in the JVM: {@link
 * #shared()}, reference-counted by {@link #acquire()} and {@link #release()}.
 */
public final class CpuWarmer {
    /** The system property that sets the window in µs; 0 turns the warmer off. */
    public static final String WINDOW_PROPERTY = "gymbridge.spin.micros";

    /** The default window: long enough to span a learner's work between two env calls. */
    public static final long DEFAULT_WINDOW_MICROS = 2000;

    private static final CpuWarmer SHARED = new CpuWarmer(windowFromProperty());

    private final long windowNanos;
    private volatile long lastTouch = System.nanoTime();
    private volatile boolean parked;
    private volatile Thread thread;
    private int users;
    private long spinNanos;

    /** A warmer with the given window; 0 makes one that never spins. */
    public CpuWarmer(long windowNanos) {
        if (windowNanos < 0) {
            throw new IllegalArgumentException("window must be >= 0, got " + windowNanos);
        }
        this.windowNanos = Runtime.getRuntime().availableProcessors() < 2 ? 0 : windowNanos;
    }

    /** The JVM's warmer, with the window of {@value #WINDOW_PROPERTY}. */
    public static CpuWarmer shared() {
        return SHARED;
    }

    private static long windowFromProperty() {
        String v = System.getProperty(WINDOW_PROPERTY);
        if (v == null || v.isBlank()) {
            return DEFAULT_WINDOW_MICROS * 1000;
        }
        try {
            long micros = Long.parseLong(v.trim());
            if (micros < 0) {
                throw new NumberFormatException();
            }
            return micros * 1000;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "-D"
                            + WINDOW_PROPERTY
                            + " must be a whole number of microseconds >= 0, got "
                            + v);
        }
    }

    /** The spin window in ns (0 when off). */
    public long windowNanos() {
        return windowNanos;
    }

    /** Whether this warmer spins at all (a window above 0 and at least 2 CPUs). */
    public boolean enabled() {
        return windowNanos > 0;
    }

    /** Starts the spinning thread for one more user; each call needs a {@link #release()}. */
    public synchronized void acquire() {
        if (!enabled()) {
            return;
        }
        if (users++ == 0) {
            Thread t = new Thread(this::run, "gymbridge-cpu-warmer");
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    /** One user fewer; the last one stops the thread. */
    public synchronized void release() {
        if (!enabled() || users == 0) {
            return;
        }
        if (--users == 0) {
            Thread t = thread;
            thread = null;
            LockSupport.unpark(t);
        }
    }

    /** A round trip happened (or is about to): spin for the next window. */
    public void touch() {
        if (windowNanos == 0) {
            return;
        }
        lastTouch = System.nanoTime();
        if (parked) {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** The total time the thread has spun, in ns (for benchmarks). */
    public synchronized long spinNanos() {
        return spinNanos;
    }

    private void run() {
        Thread self = Thread.currentThread();
        if (!IdlePriority.setForCurrentThread()) {
            return;
        }
        long spun = 0;
        while (thread == self) {
            long start = System.nanoTime();
            while (System.nanoTime() - lastTouch < windowNanos && thread == self) {
                Thread.onSpinWait();
            }
            spun += System.nanoTime() - start;
            parked = true;
            // touch() writes lastTouch, then reads parked; this writes parked, then reads
            // lastTouch: one of the two sees the other, so a touch never leaves it parked.
            if (System.nanoTime() - lastTouch >= windowNanos && thread == self) {
                synchronized (this) {
                    spinNanos += spun;
                }
                spun = 0;
                LockSupport.park(this);
            }
            parked = false;
        }
        synchronized (this) {
            spinNanos += spun;
        }
    }

    /** Linux's SCHED_IDLE for the calling thread, through libc's sched_setscheduler. */
    private static final class IdlePriority {
        private static final Logger log = Logger.getLogger(CpuWarmer.class.getName());
        private static final int SCHED_IDLE = 5;

        interface LibC extends Library {
            int sched_setscheduler(int pid, int policy, int[] param);
        }

        static boolean setForCurrentThread() {
            try {
                // /proc/thread-self links to "<pid>/task/<tid>": the kernel's id of this thread
                Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
                int tid = Integer.parseInt(link.getFileName().toString());
                LibC libc = Native.load("c", LibC.class);
                if (libc.sched_setscheduler(tid, SCHED_IDLE, new int[] {0}) == 0) {
                    return true;
                }
                log.fine(
                        () ->
                                "sched_setscheduler(SCHED_IDLE) failed: errno "
                                        + Native.getLastError());
            } catch (Exception | LinkageError e) {
                log.fine(() -> "cannot run the CPU warmer at idle priority: " + e);
            }
            return false;
        }
    }
}
