# The rsvp-stack executable in a container: ghcr.io/rsvp-stack/rsvp-stack:0.1.0.
# Build it with bin/images, which builds the jar when it is missing and labels the image with the
# release and the git commit the jar was built from (VERSION, REVISION: its manifest, as --version
# prints them). By hand, with a registry:
#   ./mvnw -B -DskipTests -pl launchers -am package
#   docker build --build-arg VERSION=0.1.0 --build-arg REVISION=$(git rev-parse --short=12 HEAD) \
#     -t ghcr.io/rsvp-stack/rsvp-stack:0.1.0 .
# Run a subcommand by naming it: docker run ... ghcr.io/rsvp-stack/rsvp-stack:0.1.0 archiver --help
# JAR: rsvp-stack.jar (default), the production executable without test doubles; bin/images also
# builds ghcr.io/rsvp-stack/rsvp-stack-demo:0.1.0 with JAR=rsvp-stack-demo.jar, which adds the
# embedded CouchbaseMock for 'demo' and 'couchbase-mock' (the compose file's Couchbase).
# BASE: any image with a Java 17 runtime, curl, groupadd and useradd. With a registry, the official
# JRE image; without one, bin/images makes a Debian base with debootstrap and passes it here
# (--build-arg BASE=rsvp-stack-base:<hash>); bin/test builds this image that way and runs it.
ARG BASE=eclipse-temurin:17-jre
FROM ${BASE}

# What runs: `docker inspect` shows these; "unknown" when built without bin/images or the build args.
ARG VERSION=unknown
ARG REVISION=unknown
LABEL org.opencontainers.image.title="rsvp-stack" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"

# A fixed, unprivileged UID: files mounted into the container (the secrets under
# /etc/rsvp-stack/secrets on the nodes) are owned by it. /var/lib/rsvp-archiver belongs to it so
# that a fresh Docker volume mounted there is writable (Docker copies the ownership).
RUN groupadd --system --gid 10001 rsvp \
    && useradd --system --uid 10001 --gid rsvp --home-dir /opt/rsvp-stack --shell /usr/sbin/nologin rsvp \
    && mkdir -p /opt/rsvp-stack /var/lib/rsvp-archiver \
    && chown rsvp:rsvp /var/lib/rsvp-archiver

ARG JAR=rsvp-stack.jar
COPY --chown=root:root launchers/target/${JAR} /opt/rsvp-stack/rsvp-stack.jar

USER 10001:10001
WORKDIR /opt/rsvp-stack

# In a container the web server must listen on every interface to be reachable through -p.
ENV RSVP_WEB_HOST=0.0.0.0

# The web server's port and its management port (/metrics). The archiver's status port (8081),
# lb-sync's (8405) and the simulator's (8090) are published with -p when those subcommands run.
EXPOSE 3000 4000

# GET /healthz on RSVP_HEALTH_PORT: the web server's port by default. For the archiver, set
# RSVP_HEALTH_PORT to its status port (docker run -e RSVP_HEALTH_PORT=8081 ... archiver
# --status-port 8081); for subcommands without an HTTP port (sidekick, sim) run with
# --no-healthcheck, or replace the check with --health-cmd. curl is part of the base image.
ENV RSVP_HEALTH_PORT=3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${RSVP_HEALTH_PORT}/healthz" || exit 1

# SIGTERM (docker stop) shuts the launcher down cleanly within 10 s and it exits 143.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-jar", "/opt/rsvp-stack/rsvp-stack.jar"]
CMD ["web"]
