# fundarb node image: build with Maven, run on a slim JRE as a non-root user.
# Data is mounted at /data (the shared data layout); the journal goes to the named volume /runs
# unless FUNDARB_JOURNAL is postgres (see docker-compose.yml).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /opt/fundarb fundarb && mkdir -p /opt/fundarb /runs /data \
    && chown -R fundarb /opt/fundarb /runs
COPY --from=build /src/ops/target/fundarb.jar /opt/fundarb/fundarb.jar
COPY --from=build /src/conf /opt/fundarb/conf
USER fundarb
WORKDIR /opt/fundarb
EXPOSE 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD ["sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8081 && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"up\"' <&3"]
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-Dfundarb.admin.host=0.0.0.0", "-jar", "/opt/fundarb/fundarb.jar"]
CMD ["paper", "--data", "/data", "--speed", "3600", "--out", "/runs/paper"]
