package dev.nowcast.stream.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nowcast.config.Setting;

/** Keeps the README's configuration table true: it must list every setting with its default and variable. */
class ReadmeSettingsTest {

    static final String START = "<!-- settings:start -->";
    static final String END = "<!-- settings:end -->";

    static String table() {
        StringBuilder t = new StringBuilder("| setting | environment variable | default | meaning |\n|---|---|---|---|\n");
        for (Setting<?> s : StreamSettings.ALL) {
            t.append("| `").append(s.key()).append("` | `").append(s.envVar()).append("` | ")
                    .append(s.defaultValue() == null ? "(unset)" : "`" + s.defaultValue().replace(
                            System.getProperty("java.io.tmpdir"), "${java.io.tmpdir}") + "`")
                    .append(" | ").append(s.description().replace("|", "\\|")).append(" |\n");
        }
        return t.toString();
    }

    @Test
    void theReadmeListsEverySettingAsTheCodeDefinesIt() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("README has " + START).isNotNegative();
        assertThat(end).as("README has " + END).isGreaterThan(start);
        assertThat(readme.substring(start + START.length(), end).strip())
                .as("README settings table; replace it with:%n%s", table())
                .isEqualTo(table().strip());
    }
}
