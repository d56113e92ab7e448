# SmartCal in a container: one binary with the web app inside, running as an unprivileged user.
#
#   docker build -t smartcal .
#   docker run -d -p 8080:8080 -v smartcal-data:/data smartcal
#
# NOT built in CI: this project's machines run no container engine. The build stage runs the
# same `cargo xtask build` as everyone else, so the binary is the one the tests exercise.

# --- build: the SPA (trunk, wasm-bindgen, wasm-opt) and the release server ---------------------
# Any current stable Rust (the workspace needs 1.88 or newer).
FROM rust:1-bookworm AS build
# wasm-opt comes from npm's binaryen package (see crates/xtask).
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# Installs the wasm32 target, trunk and wasm-bindgen-cli at the pinned versions, builds the SPA
# into dist/, then `cargo build --release -p smartcal-server` (the SPA is embedded).
RUN cargo xtask build \
 && install -m 0755 target/release/smartcal /usr/local/bin/smartcal

# --- run: a slim image, no toolchain, no root ---------------------------------------------------
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system smartcal \
 && useradd --system --gid smartcal --home-dir /data --shell /usr/sbin/nologin smartcal \
 && mkdir -p /data \
 && chown smartcal:smartcal /data
COPY --from=build /usr/local/bin/smartcal /usr/local/bin/smartcal
USER smartcal
WORKDIR /data
ENV DATABASE_URL=sqlite:///data/smartcal.db \
    SMARTCAL_BIND=0.0.0.0:8080 \
    SMARTCAL_MAIL_DIR=/data/outbox \
    SMARTCAL_LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
# SIGTERM: in-flight requests finish (up to 30 s); give `docker stop -t 35`.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/smartcal"]
CMD ["serve"]
