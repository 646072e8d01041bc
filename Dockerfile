# syntax=docker/dockerfile:1
# Anteroom container image.
#
#   docker build -t anteroom .                                  # builds the jar inside (Maven)
#   docker build --build-arg JAR_FROM=prebuilt -t anteroom .    # uses target/*.jar from ./mvnw package
#
# The runtime image is any JRE 21+ laid out like the official Eclipse Temurin images
# (java on the PATH); override it with --build-arg JAVA_IMAGE=...
ARG BUILD_IMAGE=eclipse-temurin:25-jdk
ARG JAVA_IMAGE=eclipse-temurin:25-jre
# "build" compiles the jar here; "prebuilt" copies target/anteroom-*.jar from the context.
ARG JAR_FROM=build

# --- the jar, built from the sources ---
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN --mount=type=cache,target=/root/.m2 ./mvnw -q -B dependency:go-offline
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -q -B -Dmaven.test.skip=true package \
 && cp target/anteroom-*.jar /anteroom.jar

# --- or the jar already built by ./mvnw package ---
FROM ${BUILD_IMAGE} AS prebuilt
COPY target/anteroom-*.jar /anteroom.jar

# --- split the fat jar into layers: dependencies change less often than the application ---
FROM ${JAR_FROM} AS jar
FROM ${BUILD_IMAGE} AS extract
WORKDIR /extract
COPY --from=jar /anteroom.jar anteroom.jar
RUN java -Djarmode=tools -jar anteroom.jar extract --layers --launcher --destination layers

# --- the runtime image ---
FROM ${JAVA_IMAGE}
LABEL org.opencontainers.image.title="Anteroom" \
      org.opencontainers.image.description="Open-source virtual waiting room"
RUN groupadd --system --gid 10001 anteroom \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin anteroom \
 && mkdir -p /app/data \
 && chown 10001:10001 /app/data
WORKDIR /app
COPY --from=extract /extract/layers/dependencies/ ./
COPY --from=extract /extract/layers/spring-boot-loader/ ./
COPY --from=extract /extract/layers/snapshot-dependencies/ ./
COPY --from=extract /extract/layers/application/ ./

# The same variables as the README's Configuration table; secrets (SECRET_KEY, ADMIN_PASSWORD,
# DB_PASSWORD, SMTP_PASS, ANTEROOM_METRICS_TOKEN) are never set here: pass them at run time.
ENV PORT=8000 \
    ANTEROOM_DATA_DIR=/app/data \
    ANTEROOM_PROFILE=development \
    HOME=/app \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"

USER 10001:10001
VOLUME ["/app/data"]
EXPOSE 8000

# bash's /dev/tcp: no curl or wget needed in the base image. Six tries ten seconds apart cover the
# start (about 10 s); compose.yaml adds a start period.
HEALTHCHECK --interval=10s --timeout=5s --retries=6 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-8000} && printf 'GET /health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
