# The trainer image (the retraining CronJobs, and compose's first trainings and replays): `nowcast train`,
# `evaluate`, `suite`, `replay`, `dead-letters`, `keygen`; no stream app, no embedded broker or Scala
# (docs/deployment-images.md lists its jars). Build from the repository root:
#   docker build -f deploy/docker/trainer.Dockerfile -t nowcast-trainer:0.1.0 .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -Dmaven.test.skip=true -pl trainer -am package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/nowcast nowcast \
    && mkdir -p /var/lib/nowcast && chown nowcast /var/lib/nowcast
WORKDIR /opt/nowcast
COPY --from=build /src/trainer/target/nowcast-trainer.jar ./
COPY --from=build /src/trainer/target/lib ./lib
COPY --from=build /src/jvm.options ./
# The shipped history: compose's first trainings and live replays read it.
COPY data ./data
USER nowcast
ENV JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75
# jvm.options: the model's JVM options (the Vector API module for its SIMD kernels, and how they compile).
ENTRYPOINT ["java", "@/opt/nowcast/jvm.options", "-jar", "/opt/nowcast/nowcast-trainer.jar"]
CMD ["--help"]
