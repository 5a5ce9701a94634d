# syntax=docker/dockerfile:1
# gyeolje container image: a multi-stage build (the Rust toolchain only in the
# builder), a small Debian runtime, a non-root user and a /data volume for the
# embedded SQLite database. Configuration is the same GYEOLJE_* environment
# the binary reads everywhere (see `gyeolje serve --help`); docs/deployment.md
# explains running several of these on one PostgreSQL database.
#
#   docker build -t gyeolje .
#   docker run --rm -p 8080:8080 -v gyeolje-data:/data gyeolje
#   docker compose up            # two nodes + PostgreSQL (compose.yaml)

ARG RUST_IMAGE=rust:1.95-slim-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${RUST_IMAGE} AS build
WORKDIR /src
# SQLite is bundled (libsqlite3-sys), TLS is rustls: only a C compiler is
# needed beyond the toolchain, and the slim Rust image has one.
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin gyeolje \
    && install -D -m 0755 target/release/gyeolje /out/gyeolje

FROM ${RUNTIME_IMAGE}
# ca-certificates: callbacks to https merchant endpoints verify against the
# system roots. Nothing else is installed; the binary links only libc.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin gyeolje \
    && mkdir -p /data && chown gyeolje:gyeolje /data
COPY --from=build /out/gyeolje /usr/local/bin/gyeolje
USER gyeolje
WORKDIR /data
VOLUME ["/data"]
# Inside a container the server must listen on all interfaces to be reached
# through the published port; the database defaults to the volume.
ENV GYEOLJE_LISTEN=0.0.0.0:8080 \
    GYEOLJE_DATABASE=sqlite:///data/gyeolje.db
EXPOSE 8080
ENTRYPOINT ["gyeolje"]
CMD ["serve"]
