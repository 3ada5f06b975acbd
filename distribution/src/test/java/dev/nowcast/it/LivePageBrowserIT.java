package dev.nowcast.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import dev.nowcast.demo.Demo;
import dev.nowcast.demo.DemoSettings;

/**
 * The live page in a real browser (Debian's Chromium, headless, driven through chromedriver) while the demo
 * runs: the charts show real data, they update, each model's error is shown against naive and seasonal naive,
 * and after the mid-demo retrain the page shows each model's version as the retrain decided it (a new one only
 * where it was published). Leaves a screenshot in {@code target/screenshots/live-page.png}.
 */
class LivePageBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Test
    void theLivePageDrawsRealDataThatUpdatesAndShowsTheSwappedModel(@TempDir Path profile) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (.ci/run installs them)");
        DemoSettings settings = new DemoSettings(0, 0, 0, 25, 0.3, Duration.ofSeconds(25), null, 1);
        ConsoleLines console = new ConsoleLines();
        try (Demo demo = new Demo(settings, console.stream()).start()) {
            ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                    .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync", "--no-first-run",
                            "--user-data-dir=" + profile, "--window-size=1400,1000");
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().build();
            ChromeDriver browser = new ChromeDriver(service, options);
            try {
                browser.get(demo.pageUrl());
                JavascriptExecutor js = browser;
                // 8 sensors, the index and 8 of the 30 airports (each model gets a third of the 24 charts).
                await("17 series with points on the page", Duration.ofSeconds(60),
                        () -> number(js, "return window.nowcast.series") >= 17 && number(js, "return window.nowcast.points") > 17 * 20);

                List<WebElement> charts = browser.findElements(By.cssSelector("#charts canvas"));
                assertThat(charts).hasSize(17);
                // Read before the charts' times, so that any redraw after them counts as an update.
                double updates = number(js, "return window.nowcast.updates");
                Map<String, Long> firstSeen = new HashMap<>();
                for (WebElement chart : charts) {
                    assertThat(Integer.parseInt(chart.getAttribute("data-points"))).isGreaterThan(10);
                    firstSeen.put(chart.findElement(By.xpath("..")).getAttribute("id"),
                            Long.parseLong(chart.getAttribute("data-last-observed-at")));
                }
                // The cards' titles are upper-cased by the style sheet.
                String summary = browser.findElement(By.id("summary")).getText().toLowerCase(java.util.Locale.ROOT);
                assertThat(summary).contains("sensors · lstm v1").contains("prices · lstm v1")
                        .contains("flights · lstm v1").contains("online mae");
                await("the flights model scored against seasonal naive", Duration.ofSeconds(30),
                        () -> text(js, "[data-model=flights] [data-baseline=seasonal-naive]").matches("(?s).*seasonal naive \\(1 d\\) [0-9.,]+, model [0-9.,]+ .*%.*"));
                // Drawn pixels, not an empty canvas: the actual line is light on a dark background.
                assertThat(number(js, "const c = document.querySelector('#charts canvas');"
                        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "let lit = 0; for (let i = 0; i < d.length; i += 4) { if (d[i] > 150 && d[i+1] > 150) lit++; }"
                        + "return lit;")).isGreaterThan(100);

                await("the charts to move on", Duration.ofSeconds(30), () -> {
                    int moved = 0;
                    for (WebElement chart : browser.findElements(By.cssSelector("#charts canvas"))) {
                        String id = chart.findElement(By.xpath("..")).getAttribute("id");
                        if (Long.parseLong(chart.getAttribute("data-last-observed-at")) > firstSeen.get(id)) {
                            moved++;
                        }
                    }
                    return moved == 17;
                });
                assertThat(number(js, "return window.nowcast.updates")).isGreaterThan(updates);

                List<String> decisions = console.await("every model's retrain decision", Duration.ofSeconds(180),
                        line -> line.contains("Retrained "), 3);
                for (String decision : decisions) {
                    // e.g. "Retrained flights v2: accepted: ...; published" or "...: rejected: ...; not published, ..."
                    String model = decision.replaceAll(".*Retrained (\\w+) v.*", "$1");
                    boolean published = decision.contains("; published");
                    assertThat(decision).contains(published ? ": accepted: " : ": rejected: ");
                    String expected = model + " · lstm v" + (published ? 2 : 1);
                    await("the page to show " + expected, Duration.ofSeconds(60),
                            () -> browser.findElement(By.id("summary")).getText().toLowerCase(java.util.Locale.ROOT)
                                    .contains(expected));
                    if (published) {
                        await(model + "'s charts to mark the swap", Duration.ofSeconds(30),
                                () -> Boolean.TRUE.equals(js.executeScript("return window.nowcast.swapsMarked.has(arguments[0])",
                                        model + " v2")));
                    }
                }
                for (String decision : decisions) {
                    String model = decision.replaceAll(".*Retrained (\\w+) v.*", "$1");
                    assertThat(js.executeScript("return window.nowcast.swapsMarked.has(arguments[0])", model + " v2"))
                            .as("a swap of " + model + " marked on the charts").isEqualTo(decision.contains("; published"));
                }
                for (WebElement chart : browser.findElements(By.cssSelector("#charts canvas"))) {
                    assertThat(Integer.parseInt(chart.getAttribute("data-y-ticks"))).as("value axis labels").isGreaterThanOrEqualTo(3);
                    assertThat(Integer.parseInt(chart.getAttribute("data-x-ticks"))).as("time axis labels").isGreaterThanOrEqualTo(2);
                }
                assertThat(text(js, "[data-model=sensors] [data-rate=anomalies]"))
                        .matches("flagged [0-9.]+% of points, expected 0\\.27%");
                Path shots = Path.of("target/screenshots");
                Files.createDirectories(shots);
                Files.write(shots.resolve("live-page.png"), browser.getScreenshotAs(OutputType.BYTES));
                assertThat(Files.size(shots.resolve("live-page.png"))).isGreaterThan(20_000);

                // A phone-sized window: no horizontal scrollbar, no text cut off.
                browser.manage().window().setSize(new org.openqa.selenium.Dimension(420, 900));
                double before = number(js, "return window.nowcast.updates");
                await("a redraw at 420 px", Duration.ofSeconds(10), () -> number(js, "return window.nowcast.updates") > before + 1);
                assertThat(number(js, "return window.innerWidth")).isLessThanOrEqualTo(420);
                assertThat(number(js, "return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
                        .as("horizontal overflow at 420 px").isLessThanOrEqualTo(0);
                assertThat(number(js, "return [...document.querySelectorAll('.card h2, .card .row, .chart .title span')]"
                        + ".filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > window.innerWidth).length"))
                        .as("texts cut at 420 px").isZero();
                Files.write(shots.resolve("live-page-420px.png"), browser.getScreenshotAs(OutputType.BYTES));
            } finally {
                browser.quit();
            }
        }
    }

    /**
     * The text of the element {@code selector} finds, read in one script: the cards are re-rendered every second,
     * so an element found by one WebDriver call can be gone by the next.
     */
    private static String text(JavascriptExecutor js, String selector) {
        Object text = js.executeScript("const e = document.querySelector(arguments[0]);"
                + " return e ? e.textContent.replace(/\\s+/g, ' ').trim() : ''", selector);
        return String.valueOf(text);
    }

    private static double number(JavascriptExecutor js, String script) {
        Object value = js.executeScript(script);
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    private static void await(String what, Duration timeout, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(250);
        }
    }


    /** The demo's console, echoed to standard output and kept line by line for the test to wait on. */
    private static final class ConsoleLines {
        private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();

        java.io.PrintStream stream() {
            return new java.io.PrintStream(new java.io.OutputStream() {
                @Override
                public synchronized void write(int b) {
                    System.out.write(b);
                    if (b == '\n') {
                        lines.add(partial.toString(java.nio.charset.StandardCharsets.UTF_8));
                        partial.reset();
                    } else {
                        partial.write(b);
                    }
                }
            }, true, java.nio.charset.StandardCharsets.UTF_8);
        }

        List<String> await(String what, Duration timeout, java.util.function.Predicate<String> match, int count)
                throws InterruptedException {
            LivePageBrowserIT.await(what, timeout, () -> lines.stream().filter(match).count() >= count);
            return lines.stream().filter(match).toList();
        }
    }
}
