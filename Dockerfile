# Pointsmall API and tools. Build: docker build -t pointsmall:0.1.0 \
#   --build-arg VERSION=0.1.0 --build-arg REVISION=$(git rev-parse HEAD) \
#   --build-arg SOURCE=$(git remote get-url origin) .
# Stage 1 builds a virtualenv: first the locked dependencies (their own layer, rebuilt only
# when requirements/runtime.lock changes), then the package. Stage 2 copies only that venv onto
# a slim Python: no compilers, no pip cache, no embedded database servers (the `embedded` extra
# is for development), no sources beyond the installed package.
# The base is pinned by digest (scripts/pin-base-image resolves the current one for the tag).
ARG PYTHON_IMAGE=python:3.11-slim@sha256:9c900dea9e8fb7e16277c179b555cc72d29a352dbc33cff48ad5a0412fd5bfc7

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
RUN python -m venv /opt/venv
COPY requirements/runtime.lock requirements/runtime.lock
RUN /opt/venv/bin/pip install --require-hashes --no-deps -r requirements/runtime.lock
COPY pyproject.toml README.md ./
COPY app ./app
COPY schema ./schema
COPY tenants ./tenants
COPY migrations ./migrations
COPY web ./web
RUN /opt/venv/bin/pip install --no-deps . && /opt/venv/bin/pointsmall fetch-assets

FROM ${PYTHON_IMAGE}
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG SOURCE=""
LABEL org.opencontainers.image.title="pointsmall" \
      org.opencontainers.image.description="Multi-tenant loyalty points mall (积分商城) backend: one GraphQL API" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.base.name="${PYTHON_IMAGE}"
RUN groupadd --system --gid 10001 pointsmall \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin pointsmall
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    POINTSMALL_ENV=production
USER 10001:10001
EXPOSE 8000
# The API's liveness: /healthz on the port `serve` listens on (HEALTH_PORT for another port;
# `pointsmall worker` answers /healthz on its metrics port, 9000). Kubernetes uses the chart's
# probes instead.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["pointsmall", "healthcheck"]
ENTRYPOINT ["pointsmall"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
