package dev.nowcast.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.nowcast.config.cli.CommandLines;
import dev.nowcast.config.CommonSettings;
import dev.nowcast.config.KafkaPassthrough;
import dev.nowcast.config.ModelBinding;
import dev.nowcast.config.NowcastConfig;
import dev.nowcast.stream.NowcastStreamApp;
import dev.nowcast.stream.cli.NowcastStream;
import dev.nowcast.stream.config.StreamSettings;
import dev.nowcast.stream.testing.StreamAppFixture;
import dev.nowcast.stream.testing.TestModels;
import dev.nowcast.testsupport.LocalStackTest;
import dev.nowcast.trainer.cli.NowcastTrainer;
import dev.nowcast.testsupport.TestKafka;
import dev.nowcast.testsupport.TestRegistry;

/**
 * What can be checked of the deployment files without Docker or a cluster: they parse, every file and key they
 * reference exists, every nowcast command line in them is accepted by the real CLI, their settings load, and
 * every metric the Grafana dashboard queries appears in a real scrape of the running app.
 */
@LocalStackTest
class DeploymentIT {

    private static final Path ROOT = Path.of("..");
    /** The two images, by the Dockerfile that builds each and the command line its entry point runs. */
    private static final String STREAM_IMAGE = "nowcast-stream:0.1.0";
    private static final String TRAINER_IMAGE = "nowcast-trainer:0.1.0";
    private static final Map<String, String> DOCKERFILES = Map.of(STREAM_IMAGE, "deploy/docker/stream.Dockerfile",
            TRAINER_IMAGE, "deploy/docker/trainer.Dockerfile");

    @Test
    @SuppressWarnings("unchecked")
    void dockerComposeReferencesRealFilesCommandsAndSettings() throws Exception {
        Map<String, Object> compose = yaml(ROOT.resolve("docker-compose.yml"));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("kafka", "schema-registry", "stream-app-1", "stream-app-2", "trainer",
                "replay", "prometheus", "grafana");
        assertThat((String) services.get("kafka").get("image")).startsWith("apache/kafka:");
        assertThat((String) services.get("schema-registry").get("image")).startsWith("confluentinc/cp-schema-registry:");

        int nowcastServices = 0;
        for (Map.Entry<String, Map<String, Object>> e : services.entrySet()) {
            Map<String, Object> service = e.getValue();
            for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(ROOT.resolve(source)).as("%s mounts %s", e.getKey(), source).exists();
                }
            }
            String image = (String) service.get("image");
            if (!DOCKERFILES.containsKey(image)) {
                continue;
            }
            nowcastServices++;
            Map<String, Object> build = (Map<String, Object>) service.get("build");
            assertThat(build.get("dockerfile")).as(e.getKey()).isEqualTo(DOCKERFILES.get(image));
            List<String> command = (List<String>) service.get("command");
            assertAcceptedByTheImage(e.getKey(), image, command);
            for (int i = 0; i + 1 < command.size(); i++) {
                if (command.get(i).equals("--csv")) {
                    // The image copies data/ to /opt/nowcast/data.
                    assertThat(ROOT.resolve(command.get(i + 1).replace("/opt/nowcast/", ""))).exists();
                }
            }
            Map<String, String> env = new HashMap<>();
            ((Map<String, Object>) service.get("environment")).forEach((k, v) -> env.put(k, v.toString()));
            if (command.get(0).equals("stream")) {
                NowcastConfig config = NowcastConfig.load(null, env, Map.of(), StreamSettings.ALL,
                        StreamSettings.passthrough());
                assertThat(config.get(StreamSettings.HTTP_ADVERTISED_URL)).isEqualTo("http://" + e.getKey() + ":8080");
            } else {
                NowcastConfig.load(null, env, Map.of(), CommonSettings.ALL, KafkaPassthrough.clients());
            }
        }
        assertThat(nowcastServices).isGreaterThanOrEqualTo(5);
        // Each image copies its own module's jar and lib/, which hold only what its job runs.
        assertThat(Files.readString(ROOT.resolve(DOCKERFILES.get(STREAM_IMAGE))))
                .contains("stream-app/target/nowcast-stream.jar").contains("stream-app/target/lib");
        assertThat(Files.readString(ROOT.resolve(DOCKERFILES.get(TRAINER_IMAGE))))
                .contains("trainer/target/nowcast-trainer.jar").contains("trainer/target/lib");
        // ... and runs it with the model's JVM options, the file every launcher reads.
        for (String dockerfile : DOCKERFILES.values()) {
            assertThat(Files.readString(ROOT.resolve(dockerfile))).as(dockerfile)
                    .contains("COPY --from=build /src/jvm.options ./").contains("\"java\", \"@/opt/nowcast/jvm.options\"");
        }
        assertThat(ROOT.resolve("jvm.options")).exists();
        assertThat(ROOT.resolve("stream-app/target/nowcast-stream.jar")).exists();
        assertThat(ROOT.resolve("trainer/target/nowcast-trainer.jar")).exists();
        try (var lib = Files.list(ROOT.resolve("stream-app/target/lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()).toList()).as("the stream image's jars")
                    .noneMatch(j -> j.startsWith("kafka_2.") || j.startsWith("kafka-raft") || j.startsWith("scala-")
                            || j.startsWith("nowcast-trainer") || j.startsWith("nowcast-local-stack"))
                    .anyMatch(j -> j.startsWith("kafka-streams-"));
        }
        try (var lib = Files.list(ROOT.resolve("trainer/target/lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()).toList()).as("the trainer image's jars")
                    .noneMatch(j -> j.startsWith("kafka_2.") || j.startsWith("kafka-raft") || j.startsWith("scala-")
                            || j.startsWith("nowcast-stream-app") || j.startsWith("kafka-streams-")
                            || j.startsWith("nowcast-local-stack"));
        }

        Map<String, Object> prometheus = yaml(ROOT.resolve("deploy/prometheus/prometheus.yml"));
        String targets = prometheus.get("scrape_configs").toString();
        assertThat(targets).contains("stream-app-1:8080", "stream-app-2:8080", "metrics_path=/metrics");
        Map<String, Object> datasources = yaml(ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml"));
        assertThat(datasources.toString()).contains("url=http://prometheus:9090");
        Map<String, Object> dashboards = yaml(ROOT.resolve("deploy/grafana/provisioning/dashboards/nowcast.yml"));
        assertThat(dashboards.toString()).contains("path=/var/lib/grafana/dashboards");
        assertThat(services.get("grafana").get("volumes").toString())
                .contains("./deploy/grafana/dashboards:/var/lib/grafana/dashboards");
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetesManifestsParseAndReferenceExistingImagesKeysAndEndpoints(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path k8s = ROOT.resolve("deploy/k8s");
        Map<String, Object> kustomization = yaml(k8s.resolve("kustomization.yaml"));
        Map<String, Map<String, Object>> byKind = new HashMap<>();
        List<Map<String, Object>> workloads = new ArrayList<>();
        for (Object resource : (List<Object>) kustomization.get("resources")) {
            Path file = k8s.resolve(resource.toString());
            assertThat(file).exists();
            for (Object doc : new Yaml().loadAll(Files.readString(file))) {
                Map<String, Object> object = (Map<String, Object>) doc;
                assertThat(object).containsKeys("apiVersion", "kind", "metadata");
                byKind.put((String) object.get("kind") + "/" + ((Map<String, Object>) object.get("metadata")).get("name"), object);
            }
        }
        Map<String, Object> configMap = byKind.get("ConfigMap/nowcast-config");
        Map<String, String> configData = (Map<String, String>) configMap.get("data");
        Map<String, String> secretData = (Map<String, String>) byKind.get("Secret/nowcast-signing").get("stringData");
        Map<String, Object> statefulSet = byKind.get("StatefulSet/nowcast");
        assertThat(statefulSet).isNotNull();
        workloads.add((Map<String, Object>) ((Map<String, Object>) statefulSet.get("spec")).get("template"));
        // Every declared model is retrained by a CronJob of its own, on its own topics.
        for (ModelBinding binding : ModelBinding.parseAll(properties(configData.get("stream.properties"))
                .getProperty("nowcast.models"))) {
            Map<String, Object> cronJob = byKind.get("CronJob/nowcast-train-" + binding.model());
            assertThat(cronJob).as("a CronJob training " + binding.model()).isNotNull();
            Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    ((Map<String, Object>) cronJob.get("spec")).get("jobTemplate")).get("spec")).get("template");
            List<String> args = (List<String>) ((List<Map<String, Object>>) ((Map<String, Object>) template.get("spec"))
                    .get("containers")).get(0).get("args");
            assertThat(String.join(" ", args)).contains("--model " + binding.model())
                    .contains("--topic " + String.join(",", binding.topics()));
            workloads.add(template);
        }
        assertThat(properties(configData.get("trainer.properties")).getProperty("nowcast.models"))
                .isEqualTo(properties(configData.get("stream.properties")).getProperty("nowcast.models"));

        // The disruption budget and the ServiceMonitor select what exists.
        Map<String, Object> podLabels = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                ((Map<String, Object>) statefulSet.get("spec")).get("template")).get("metadata")).get("labels");
        Map<String, Object> pdb = (Map<String, Object>) byKind.get("PodDisruptionBudget/nowcast").get("spec");
        assertThat(podLabels).containsAllEntriesOf((Map<String, Object>) ((Map<String, Object>) pdb.get("selector"))
                .get("matchLabels"));
        Map<String, Object> monitor = (Map<String, Object>) byKind.get("ServiceMonitor/nowcast").get("spec");
        Map<String, Object> wanted = (Map<String, Object>) ((Map<String, Object>) monitor.get("selector")).get("matchLabels");
        List<Map<String, Object>> monitored = byKind.values().stream().filter(o -> "Service".equals(o.get("kind")))
                .filter(o -> ((Map<String, Object>) ((Map<String, Object>) o.get("metadata")).get("labels")).entrySet()
                        .containsAll(wanted.entrySet())).toList();
        assertThat(monitored).as("services the ServiceMonitor selects").hasSize(1);
        assertThat((List<Map<String, Object>>) ((Map<String, Object>) monitored.get(0).get("spec")).get("ports"))
                .extracting(port -> port.get("name"))
                .contains(((List<Map<String, Object>>) monitor.get("endpoints")).get(0).get("port"));
        // One set of alert rules: the Operator's PrometheusRule carries the rule file's groups.
        assertThat(byKind.get("PrometheusRule/nowcast").get("spec")).isEqualTo(yaml(ROOT.resolve(RULES)));

        for (Map<String, Object> template : workloads) {
            Map<String, Object> pod = (Map<String, Object>) template.get("spec");
            Map<String, Map<String, Object>> volumes = new HashMap<>();
            for (Map<String, Object> v : (List<Map<String, Object>>) pod.get("volumes")) {
                volumes.put((String) v.get("name"), v);
            }
            for (Map<String, Object> container : (List<Map<String, Object>>) pod.get("containers")) {
                String image = (String) container.get("image");
                assertThat(image).isIn(STREAM_IMAGE, TRAINER_IMAGE);
                List<String> args = (List<String>) container.get("args");
                assertAcceptedByTheImage((String) container.get("name"), image, args);
                for (Map<String, Object> mount : (List<Map<String, Object>>) container.get("volumeMounts")) {
                    Map<String, Object> volume = volumes.get((String) mount.get("name"));
                    if (volume == null) {
                        continue; // a volumeClaimTemplate
                    }
                    String key = (String) mount.get("subPath");
                    if (volume.containsKey("configMap")) {
                        assertThat(((Map<String, Object>) volume.get("configMap")).get("name")).isEqualTo("nowcast-config");
                        assertThat(configData).containsKey(key);
                    } else if (volume.containsKey("secret")) {
                        assertThat(secretData).containsKey(key);
                    }
                }
                for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                    if (container.containsKey(probe)) {
                        String path = (String) ((Map<String, Object>) ((Map<String, Object>) container.get(probe))
                                .get("httpGet")).get("path");
                        assertThat(path).isIn("/health/live", "/health/ready");
                    }
                }
            }
        }

        // The files the containers are given load as the commands' configuration.
        Path publicKey = tmp.resolve("signing-public.pem");
        Files.writeString(publicKey, "unused by the loader beyond readability");
        Properties stream = properties(configData.get("stream.properties"));
        stream.setProperty("nowcast.snapshot.verification-key", publicKey.toString());
        NowcastConfig.load(null, Map.of(), toMap(stream), StreamSettings.ALL, StreamSettings.passthrough());
        NowcastConfig.load(null, Map.of(), toMap(properties(configData.get("trainer.properties"))), CommonSettings.ALL,
                KafkaPassthrough.clients());
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertRuleIsCompleteAndParses() throws Exception {
        Map<String, Object> rules = yaml(ROOT.resolve(RULES));
        Set<String> alerts = new LinkedHashSet<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                String alert = (String) rule.get("alert");
                alerts.add(alert);
                assertThat(rule).as(alert).containsKeys("expr", "for", "labels", "annotations");
                assertThat((Map<String, Object>) rule.get("labels")).as(alert).containsKey("severity");
                assertThat((Map<String, Object>) rule.get("annotations")).as(alert).containsKeys("summary", "description");
                assertBalanced(alert, (String) rule.get("expr"));
            }
        }
        assertThat(alerts).containsExactlyInAnyOrder("NowcastConsumerLagGrowing", "NowcastModelNotInService",
                "NowcastDeadLettersRising", "NowcastCoverageOutOfBand", "NowcastWorseThanNaive", "NowcastInstanceNotReady");
        // Prometheus' own parser, where installed (.ci/run installs Debian's prometheus package for it).
        Path promtool = Path.of("/usr/bin/promtool");
        if (Files.isExecutable(promtool)) {
            Process check = new ProcessBuilder(promtool.toString(), "check", "rules", ROOT.resolve(RULES).toString())
                    .redirectErrorStream(true).start();
            String output = new String(check.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(check.waitFor()).as(output).isZero();
            assertThat(output).contains("SUCCESS: 6 rules found");
        }
    }

    private static void assertBalanced(String alert, String expr) {
        int depth = 0;
        for (char c : expr.toCharArray()) {
            depth += c == '(' || c == '{' || c == '[' ? 1 : c == ')' || c == '}' || c == ']' ? -1 : 0;
            assertThat(depth).as(alert + ": brackets of " + expr).isNotNegative();
        }
        assertThat(depth).as(alert + ": brackets of " + expr).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyMetricTheDashboardAndTheAlertsQueryIsInARealScrape(TestKafka kafka, TestRegistry registry)
            throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(ROOT.resolve("deploy/grafana/dashboards/nowcast.json").toFile());
        Set<String> metrics = new LinkedHashSet<>();
        Pattern name = Pattern.compile("\\b((?:nowcast|kafka|jvm)_[a-z0-9_]+)\\b");
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                expressions.add(target.get("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.at("/templating/list")) {
            expressions.add(variable.at("/query/query").asText());
        }
        for (Map<String, Object> group : (List<Map<String, Object>>) yaml(ROOT.resolve(RULES)).get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                expressions.add((String) rule.get("expr"));
            }
        }
        for (String expr : expressions) {
            Matcher m = name.matcher(expr);
            while (m.find()) {
                metrics.add(m.group(1));
            }
        }
        assertThat(metrics).contains("nowcast_predictions_total", "nowcast_step_latency_seconds_bucket",
                "nowcast_dead_letters_total", "nowcast_model_version", "kafka_consumer_fetch_manager_records_lag_max",
                "kafka_stream_state_updater_active_restoring_tasks", "kafka_consumer_coordinator_rebalance_total",
                "nowcast_ready", "nowcast_interval_hits_total", "nowcast_naive_abs_error_total");

        try (StreamAppFixture fixture = new StreamAppFixture(kafka, registry, "sensors", 1)) {
            NowcastStreamApp app = fixture.startApp(Map.of());
            fixture.publish(TestModels.snapshot("sensors", 2));
            fixture.publish(TestModels.snapshot("sensors", 1)); // stale: rejected, so the rejection counter exists
            StreamAppFixture.awaitReady(app, Duration.ofSeconds(60));
            fixture.replay(TestModels.sines(2, 30, 1), 0, 30);
            fixture.readPredictions(60);
            String scrape = StreamAppFixture.get(app.httpUrl() + "/metrics").body();
            for (String metric : metrics) {
                assertThat(Pattern.compile("(?m)^" + metric + "[{ ]").matcher(scrape).find())
                        .as("the dashboard queries %s; a real scrape must have it", metric).isTrue();
            }
            assertThat(StreamAppFixture.get(app.httpUrl() + "/health/live").statusCode()).isEqualTo(200);
            assertThat(StreamAppFixture.get(app.httpUrl() + "/health/ready").statusCode()).isEqualTo(200);
        }
    }

    private static final String RULES = "deploy/prometheus/nowcast-alerts.yml";

    /** The arguments parse with the command line of the image's entry point (not the whole distribution's). */
    private static void assertAcceptedByTheImage(String where, String image, List<String> args) {
        assertThat(args).as(where).isNotEmpty();
        Object root = STREAM_IMAGE.equals(image) ? new NowcastStream() : new NowcastTrainer();
        CommandLines.of(root).parseArgs(args.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        return (Map<String, Object>) new Yaml().load(Files.readString(file));
    }

    private static Properties properties(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> map = new HashMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        return map;
    }

}
