# syntax=docker/dockerfile:1
# plimsoll as a static binary on a distroless base.

FROM rust:1.95-alpine3.22 AS build
RUN apk add --no-cache musl-dev=1.2.5-r10
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY crates ./crates
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin plimsoll \
    && install -m 0755 target/release/plimsoll /usr/local/bin/plimsoll

FROM gcr.io/distroless/static-debian12:nonroot
LABEL org.opencontainers.image.title="plimsoll" \
      org.opencontainers.image.description="Keeps a delivery stack fit to ship" \
      org.opencontainers.image.source="https://github.com/plimsoll-dev/plimsoll" \
      org.opencontainers.image.licenses="MIT OR Apache-2.0"
COPY --from=build /usr/local/bin/plimsoll /usr/local/bin/plimsoll
USER 65532:65532
WORKDIR /workspace
# A command-line tool, not a service: nothing to probe.
HEALTHCHECK NONE
ENTRYPOINT ["/usr/local/bin/plimsoll"]
CMD ["check", "."]
