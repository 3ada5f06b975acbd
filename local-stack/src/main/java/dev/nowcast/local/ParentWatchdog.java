package dev.nowcast.local;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Ends a child process when the process that started it is gone, even if that parent died by kill -9 and could
 * not clean up. Servers the local stack starts as child processes (the Apicurio registry, a broker process) run
 * under this watchdog, so no server outlives a build or a demo.
 *
 * <p>As a main class it wraps another one: {@code ParentWatchdog <parent-pid> <main-class> [args...]}.
 */
public final class ParentWatchdog {

    private static final long POLL_MILLIS = 500;
    private static final long HALT_AFTER_MILLIS = 20_000;

    private ParentWatchdog() {
    }

    /**
     * Watches {@code parentPid} from a daemon thread; once it has exited, runs an orderly {@link System#exit},
     * and halts the JVM if shutdown hooks take longer than 20 s.
     */
    public static void watch(long parentPid) {
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        Thread watcher = new Thread(() -> {
            while (parent.map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Thread halter = new Thread(() -> {
                try {
                    Thread.sleep(HALT_AFTER_MILLIS);
                } catch (InterruptedException ignored) {
                    // exiting anyway
                }
                Runtime.getRuntime().halt(1);
            }, "nowcast-parent-watchdog-halt");
            halter.setDaemon(true);
            halter.start();
            System.exit(0);
        }, "nowcast-parent-watchdog");
        watcher.setDaemon(true);
        watcher.start();
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: ParentWatchdog <parent-pid> <main-class> [args...]");
            System.exit(2);
        }
        watch(Long.parseLong(args[0]));
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
