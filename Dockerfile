# Noaber in a container: a static binary on a minimal base, running as a
# non-root user, with its database on the /data volume.
#
#   docker build -t noaber .
#   docker run -d --name noaber -v noaber-data:/data \
#     -v $PWD/noaber.toml:/etc/noaber/noaber.toml:ro \
#     -e NOABER_DISCORD_TOKEN=... -p 127.0.0.1:8080:8080 noaber
#
# In noaber.toml set [http] listen = "0.0.0.0:8080" so the published port
# reaches /healthz, /readyz and /metrics; the admin listener stays on the
# container's loopback, so backups run inside the container:
#   docker exec noaber noaber backup /data/backup-$(date +%F).db

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/noaber ./cmd/noaber \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/noaber /usr/local/bin/noaber
COPY --from=build --chown=65532:65532 /out/data /data
ENV NOABER_DB=/data/noaber.db
USER 65532:65532
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK NONE
ENTRYPOINT ["/usr/local/bin/noaber"]
CMD ["serve", "--config", "/etc/noaber/noaber.toml"]
