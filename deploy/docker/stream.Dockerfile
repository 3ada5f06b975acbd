# The stream image: `nowcast stream` and nothing else (no trainer, no embedded broker or Scala; docs/deployment-images.md
# lists its jars). Build from the repository root:
#   docker build -f deploy/docker/stream.Dockerfile -t nowcast-stream:0.1.0 .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -Dmaven.test.skip=true -pl stream-app -am package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/nowcast nowcast \
    && mkdir -p /var/lib/nowcast && chown nowcast /var/lib/nowcast
WORKDIR /opt/nowcast
COPY --from=build /src/stream-app/target/nowcast-stream.jar ./
COPY --from=build /src/stream-app/target/lib ./lib
COPY --from=build /src/jvm.options ./
USER nowcast
# The heap share is an environment default, not an entrypoint flag, so that deployments can replace it
# (deploy/k8s sets its own from the benchmark figures); a flag on the command line would override theirs.
ENV NOWCAST_HTTP_HOST=0.0.0.0 \
    NOWCAST_STATE_DIR=/var/lib/nowcast/state \
    JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75
EXPOSE 8080
# jvm.options: the model's JVM options (the Vector API module for its SIMD kernels, and how they compile).
ENTRYPOINT ["java", "@/opt/nowcast/jvm.options", "-jar", "/opt/nowcast/nowcast-stream.jar"]
CMD ["stream"]
