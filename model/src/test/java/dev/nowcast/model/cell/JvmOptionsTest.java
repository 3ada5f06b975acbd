package dev.nowcast.model.cell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * jvm.options keeps every Vector API kernel out of its callers' compilations (docs/benchmarks.md, "Vector API"). HotSpot
 * accepts a compile command that matches no method without a word, so a renamed or added kernel would bring the
 * boxing back silently: each entry must name a kernel, and each kernel must have one.
 */
class JvmOptionsTest {
    private static final Path FILE = Path.of("..", "jvm.options");
    private static final String DONTINLINE = "-XX:CompileCommand=dontinline,"
            + VectorLanes.class.getName().replace('.', '/') + ".";

    private static List<String> options() throws IOException {
        return Files.readAllLines(FILE).stream().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty())
                .toList();
    }

    /** The kernels: what VectorLanes overrides of Lanes, not the helpers that pass vectors between them. */
    private static List<Method> kernels() {
        return Arrays.stream(VectorLanes.class.getDeclaredMethods())
                .filter(m -> !Modifier.isPrivate(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !m.getName().equals("describe")).toList();
    }

    private static String descriptor(Method m) {
        return MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
    }

    @Test
    void everyKernelIsCompiledOnItsOwnAndEveryEntryNamesOne() throws IOException {
        List<String> entries = options().stream().filter(o -> o.startsWith(DONTINLINE))
                .map(o -> o.substring(DONTINLINE.length())).toList();
        for (String entry : entries) {
            int paren = entry.indexOf('(');
            String name = paren < 0 ? entry : entry.substring(0, paren);
            List<Method> matched = Arrays.stream(VectorLanes.class.getDeclaredMethods())
                    .filter(m -> m.getName().equals(name))
                    .filter(m -> paren < 0 || descriptor(m).equals(entry.substring(paren))).toList();
            assertThat(matched).as("the methods of VectorLanes that %s matches", entry).hasSize(1);
            assertThat(kernels()).as("%s names a kernel (a helper that passes vectors must stay inlined)", entry)
                    .contains(matched.get(0));
        }
        Set<String> covered = entries.stream().map(e -> e.replaceAll("\\(.*", "")).collect(Collectors.toSet());
        assertThat(kernels()).allSatisfy(k -> assertThat(covered).as("kernels with a dontinline entry")
                .contains(k.getName()));
    }

    @Test
    void theCommandsPrintNothingAndTheModuleIsAdded() throws IOException {
        List<String> options = options();
        // quiet only silences the commands after it; printed, they would corrupt the CLI's stdout.
        assertThat(options.indexOf("-XX:CompileCommand=quiet")).isNotNegative()
                .isLessThan(options.indexOf(options.stream().filter(o -> o.startsWith(DONTINLINE)).findFirst()
                        .orElseThrow()));
        assertThat(options).contains("--add-modules=jdk.incubator.vector");
    }

    @Test
    void theTestsRunWithThem() throws IOException {
        // surefire's argLine reads the file, as every launcher does: the tests measure what production runs.
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).containsAll(options());
    }
}
