# The harness as a container: `docker build -t harness .` then `docker run --rm harness --help`.
# See docs/deploy.md (and deploy/k8s/ for a Kubernetes Job of agents).

# Build with the SDK, by the one publish command the tests run (SelfContainedPublishTests):
# whatever is tested is what the image holds.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN ./run.sh publish /opt/harness

# Run: the self-contained publish carries its own .NET and ASP.NET Core runtimes (Kestrel, for
# `fake serve`), so this stage needs only their native dependencies, not a second copy of them.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
COPY --from=build /opt/harness /opt/harness
# As run.sh: no delay before hot code is recompiled, which on a one-CPU container is a second
# and left measured seconds on unoptimised code (docs/load.md, JIT priming).
ENV DOTNET_TC_CallCountingDelayMs=0
# As run.sh: a 32 MB floor for the young generation; on one CPU the runtime falls back to
# workstation GC, whose 6 MB one was collected every second under load (docs/notes/harness-pauses.md).
ENV DOTNET_GCgen0size=0x2000000
# Results go under /data (a volume in deploy/k8s/), writable by the image's non-root user.
RUN mkdir -p /data && chown "$APP_UID:$APP_UID" /data
WORKDIR /data
USER $APP_UID
ENTRYPOINT ["/opt/harness/harness"]
CMD ["--help"]
