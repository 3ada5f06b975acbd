package dev.nowcast.config;

/** The one form of every command's error line, so that users and scripts see the same prefix everywhere. */
public final class CommandErrors {

    private CommandErrors() {
    }

    /** {@code "nowcast train: error: MESSAGE"} for the command {@code nowcast train}. */
    public static String line(String command, String message) {
        return command + ": error: " + message;
    }

    /** {@code "nowcast evaluate: warning: MESSAGE"}: the command goes on. */
    public static String warning(String command, String message) {
        return command + ": warning: " + message;
    }

    /** The line for a bad setting, which the {@link ConfigException}'s message names. */
    public static String badSetting(String command, ConfigException e) {
        return line(command, "bad setting " + e.getMessage());
    }
}
