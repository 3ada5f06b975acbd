package dev.nowcast.trainer.cli;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C (SIGINT) for a long command: the first press asks the work to stop cleanly ({@link #requested()}),
 * the second aborts. The JDK's own handling cannot do this: once it starts shutting down on the first press it
 * ignores the second. Like Kafka's {@code LoggingSignalHandler}, this reaches {@code sun.misc.Signal} (module
 * jdk.unsupported) by reflection, so that the build carries no internal-API warning; where it is missing, Ctrl-C
 * keeps the JVM's default behaviour. The previous handler is restored on {@link #close()}.
 */
final class CtrlC implements AutoCloseable {
    private final Runnable onFirst;
    private final Runnable onSecond;
    private final AtomicInteger presses = new AtomicInteger();
    private Object signal;
    private Object previous;
    private Method handle;

    CtrlC(Runnable onFirst, Runnable onSecond) {
        this.onFirst = onFirst;
        this.onSecond = onSecond;
    }

    /** Handles SIGINT with {@code onFirst} on the first press and {@code onSecond} on the next ones. */
    static CtrlC install(Runnable onFirst, Runnable onSecond) {
        CtrlC c = new CtrlC(onFirst, onSecond);
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            c.pressed();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "CtrlC handler";
                    });
            c.signal = signalClass.getConstructor(String.class).newInstance("INT");
            c.handle = signalClass.getMethod("handle", signalClass, handlerClass);
            c.previous = c.handle.invoke(null, c.signal, handler);
        } catch (ReflectiveOperationException | IllegalArgumentException | LinkageError e) {
            // No sun.misc.Signal, or no SIGINT on this platform: Ctrl-C ends the JVM as usual.
            c.handle = null;
        }
        return c;
    }

    /** A press of Ctrl-C (called by the signal handler; tests call it directly). */
    void pressed() {
        if (presses.incrementAndGet() == 1) {
            onFirst.run();
        } else {
            onSecond.run();
        }
    }

    /** Whether Ctrl-C was pressed. */
    boolean requested() {
        return presses.get() > 0;
    }

    @Override
    public void close() {
        if (handle != null) {
            try {
                handle.invoke(null, signal, previous);
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                // The JVM is going away with the handler that was installed: nothing left to restore for.
            }
            handle = null;
        }
    }
}
