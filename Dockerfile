# Pointsmall API and tools. Build: docker build -t pointsmall:0.1.0 .
# Stage 1 builds a virtualenv with the package; stage 2 copies only that venv onto a slim
# Python: no compilers, no pip cache, no sources beyond the installed package.
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
RUN python -m venv /opt/venv
COPY pyproject.toml README.md ./
COPY app ./app
COPY schema ./schema
COPY tenants ./tenants
COPY migrations ./migrations
COPY web ./web
RUN /opt/venv/bin/pip install . && /opt/venv/bin/pointsmall fetch-assets

FROM python:3.11-slim
RUN groupadd --system --gid 10001 pointsmall \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin pointsmall
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    POINTSMALL_ENV=production
USER 10001:10001
EXPOSE 8000
ENTRYPOINT ["pointsmall"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
