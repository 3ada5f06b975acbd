package dev.nowcast.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free and busy TCP ports on the loopback address; everything the local stack opens binds to 127.0.0.1. */
public final class FreePorts {

    /** The only address the local stack listens on. */
    public static final String LOOPBACK = "127.0.0.1";

    private FreePorts() {
    }

    /**
     * A port that was free on 127.0.0.1 a moment ago. The kernel hands out ephemeral ports in sequence, so a
     * port just released is not handed out again soon; callers still retry if the bind then fails.
     */
    public static int find() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on " + LOOPBACK, e);
        }
    }

    /** Whether something already listens on (or holds) 127.0.0.1:{@code port}. */
    public static boolean isBusy(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Fails fast with a message naming the setting when a configured port is taken, instead of letting a server
     * fail later with a bind error buried in its log.
     *
     * @param port    the configured port; 0 means "pick a free one" and is never busy
     * @param setting the name of the setting the user would change
     */
    public static void requireFree(int port, String setting) {
        if (port != 0 && isBusy(port)) {
            throw new IllegalStateException("Port " + port + " on " + LOOPBACK + " is already in use; choose another with "
                    + setting + " (or 0 for a free port)");
        }
    }
}
