"""The Helm chart, rendered and linted by Helm's own SDK (offline) and every manifest checked
against the Kubernetes API schemas with kubernetes-validate --strict."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import helm_python as helm
import kubernetes_validate
import pytest
import yaml

CHART = Path(__file__).resolve().parents[2] / "helm" / "pointsmall"
KUBERNETES = "1.30.0"
OWNER_URL = "postgresql://pointsmall:pw@db:5432/pointsmall"
RUNTIME_URL = "postgresql://pointsmall_runtime:pw@db:5432/pointsmall"
SECRETS = {
    "secrets": {
        "databaseUrl": OWNER_URL,
        "runtimeDatabaseUrl": RUNTIME_URL,
        "redisUrl": "redis://redis:6379/0",
        "jwtSecret": "s" * 40,
    }
}
NON_DEFAULT = {
    "image": {"repository": "registry.example.com/pointsmall", "tag": "1.2.3"},
    "secrets": {"existingSecret": "pointsmall-prod", "existingMigrationSecret": "pointsmall-owner"},
    "api": {
        "replicas": 3,
        "autoscaling": {"enabled": False},
        "podDisruptionBudget": {"enabled": False},
    },
    "worker": {"enabled": False},
    "ingress": {
        "enabled": True,
        "className": "nginx",
        "host": "api.pointsmall.example.com",
        "tls": {"enabled": True, "secretName": "pointsmall-tls"},
    },
    "networkPolicy": {"enabled": False},
    "serviceAccount": {"create": False, "name": "pointsmall-runtime"},
    "config": {"logLevel": "WARNING", "extraEnv": {"GRAPHQL_MAX_DEPTH": "10"}},
}


def render(values: dict[str, Any], chart: Path = CHART) -> list[dict[str, Any]]:
    manifests = helm.Chart.load(chart).render(
        values, name="pm", namespace="loyalty", is_install=True
    )
    return [
        doc
        for name, text in manifests.items()
        if not name.endswith("NOTES.txt")  # what Helm prints after an install, not a manifest
        for doc in yaml.safe_load_all(text)
        if doc
    ]


def by_kind(docs: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        found.setdefault(doc["kind"], []).append(doc)
    return found


def containers(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    workloads = [d for d in docs if d["kind"] in {"Deployment", "Job"}]
    return [c for w in workloads for c in w["spec"]["template"]["spec"]["containers"]]


def test_the_chart_lints_clean() -> None:
    report = helm.lint(CHART, SECRETS, strict=True, kube_version=f"v{KUBERNETES}")
    assert report["errors"] == []
    assert [m for m in report["messages"] if m["severity"] >= 2] == []


RS256 = {
    "secrets": {k: v for k, v in SECRETS["secrets"].items() if k != "jwtSecret"},
    "jwt": {"algorithm": "RS256", "keySecret": "pointsmall-jwt"},
}


@pytest.mark.parametrize(
    "values", [SECRETS, NON_DEFAULT, RS256], ids=["defaults", "non-default", "rs256"]
)
def test_every_manifest_is_valid_kubernetes(values: dict[str, Any]) -> None:
    for doc in render(values):
        kubernetes_validate.validate(doc, KUBERNETES, strict=True)


def test_defaults_run_the_api_safely_and_migrate_in_a_hook() -> None:
    docs = by_kind(render(SECRETS))
    assert set(docs) == {
        "ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Job", "NetworkPolicy",
        "PodDisruptionBudget", "Secret", "Service", "ServiceAccount",
    }  # fmt: skip
    api_deployment, worker = sorted(docs["Deployment"], key=lambda d: d["metadata"]["name"])
    worker_container = worker["spec"]["template"]["spec"]["containers"][0]
    assert worker_container["args"] == ["worker", "--host", "0.0.0.0", "--port", "9000"]  # noqa: S104
    assert worker_container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "metrics"}
    assert worker_container["ports"] == [
        {"name": "metrics", "containerPort": 9000, "protocol": "TCP"}
    ]
    budgets = {pdb["metadata"]["name"]: pdb["spec"] for pdb in docs["PodDisruptionBudget"]}
    assert budgets["pm-pointsmall-worker"]["maxUnavailable"] == 1
    [policy] = docs["NetworkPolicy"]
    assert {p["port"] for p in policy["spec"]["ingress"][0]["ports"]} == {8000, 9000}
    api = api_deployment["spec"]["template"]["spec"]["containers"][0]
    assert api["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert api["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert "--migrate" not in api["args"]
    job = docs["Job"][0]
    assert job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
    assert job["spec"]["template"]["spec"]["containers"][0]["args"] == ["migrate"]
    for container in containers(render(SECRETS)):
        context = container["securityContext"]
        assert context["readOnlyRootFilesystem"] is True
        assert context["allowPrivilegeEscalation"] is False
        assert "resources" in container


def test_non_default_values_change_what_is_rendered() -> None:
    docs = by_kind(render(NON_DEFAULT))
    assert "Secret" not in docs
    assert {"HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy"}.isdisjoint(docs)
    [api] = docs["Deployment"]
    assert api["spec"]["replicas"] == 3
    assert api["spec"]["template"]["spec"]["serviceAccountName"] == "pointsmall-runtime"
    images = {c["image"] for c in containers(render(NON_DEFAULT))}
    assert images == {"registry.example.com/pointsmall:1.2.3"}
    job = docs["Job"][0]["spec"]["template"]["spec"]["containers"][0]
    assert job["envFrom"] == [{"secretRef": {"name": "pointsmall-prod"}}]
    owner = {"secretKeyRef": {"name": "pointsmall-owner", "key": "DATABASE_URL"}}
    assert {"name": "DATABASE_URL", "valueFrom": owner} in job["env"]
    ingress = docs["Ingress"][0]["spec"]
    assert [p["path"] for p in ingress["rules"][0]["http"]["paths"]] == ["/graphql", "/exports"]
    assert ingress["tls"][0]["secretName"] == "pointsmall-tls"
    assert docs["ConfigMap"][0]["data"]["GRAPHQL_MAX_DEPTH"] == "10"


@pytest.mark.parametrize(
    "values",
    [
        {"secrets": SECRETS["secrets"] | {"jwtSecret": "short"}},
        SECRETS | {"api": {"port": 0}},
        SECRETS | {"unknownKey": True},
        SECRETS | {"config": {"logLevel": "CHATTY"}},
    ],
    ids=["short-jwt-secret", "port-0", "unknown-key", "log-level"],
)
def test_the_values_schema_refuses_bad_values(values: dict[str, Any]) -> None:
    with pytest.raises(helm.HelmError):
        helm.Chart.load(CHART).validate_schema(values)


def test_secrets_are_required_unless_an_existing_secret_is_named() -> None:
    with pytest.raises(helm.HelmError, match=r"secrets\.runtimeDatabaseUrl"):
        render({"secrets": {"databaseUrl": OWNER_URL}})
    with pytest.raises(helm.HelmError, match=r"secrets\.databaseUrl"):
        render({"secrets": SECRETS["secrets"] | {"databaseUrl": ""}})
    with pytest.raises(helm.HelmError, match=r"existingMigrationSecret"):
        render({"secrets": {"existingSecret": "pointsmall-prod"}})


def test_only_the_migration_job_gets_the_owners_credential() -> None:
    docs = by_kind(render(SECRETS))
    secrets = {s["metadata"]["name"]: s["stringData"] for s in docs["Secret"]}
    runtime, migration = secrets["pm-pointsmall-secrets"], secrets["pm-pointsmall-migrate"]

    assert runtime["DATABASE_URL"] == RUNTIME_URL
    assert migration["DATABASE_URL"] == OWNER_URL
    assert OWNER_URL not in yaml.safe_dump([d for d in render(SECRETS) if d["kind"] != "Secret"])
    for deployment in docs["Deployment"]:
        [container] = deployment["spec"]["template"]["spec"]["containers"]
        assert {"secretRef": {"name": "pm-pointsmall-secrets"}} in container["envFrom"]
    [job] = docs["Job"]
    [migrate] = job["spec"]["template"]["spec"]["containers"]
    assert migrate["envFrom"] == [{"secretRef": {"name": "pm-pointsmall-migrate"}}]


def test_rs256_keys_are_mounted_from_a_secret_in_every_pod() -> None:
    values = RS256
    docs = render(values)
    workloads = [d for d in docs if d["kind"] in {"Deployment", "Job"}]

    assert len(workloads) == 3
    for workload in workloads:
        pod = workload["spec"]["template"]["spec"]
        volume = {"secretName": "pointsmall-jwt", "defaultMode": 0o440}
        assert {"name": "jwt-keys", "secret": volume} in pod["volumes"]
        [container] = pod["containers"]
        mount = {"name": "jwt-keys", "mountPath": "/etc/pointsmall/jwt", "readOnly": True}
        assert mount in container["volumeMounts"]
        env = {e["name"]: e.get("value") for e in container["env"]}
        assert env["JWT_ALGORITHM"] == "RS256"
        assert env["JWT_PRIVATE_KEY_FILE"] == "/etc/pointsmall/jwt/private.pem"
        assert env["JWT_PUBLIC_KEY_FILE"] == "/etc/pointsmall/jwt/public.pem"
    assert all("JWT_SECRET" not in d["stringData"] for d in docs if d["kind"] == "Secret")
    with pytest.raises(helm.HelmError, match=r"jwt\.keySecret"):
        render({**values, "jwt": {"algorithm": "ES256"}})


def test_a_broken_template_fails(tmp_path: Path) -> None:
    broken = tmp_path / "pointsmall"
    shutil.copytree(CHART, broken)
    (broken / "templates" / "broken.yaml").write_text("kind: {{ .Values.api.nope.deeper }\n")

    report = helm.lint(broken, SECRETS, strict=True)

    assert report["errors"] or [m for m in report["messages"] if m["severity"] >= 3]
    with pytest.raises(helm.HelmError):
        render(SECRETS, broken)


def test_webhooks_may_leave_only_for_public_addresses_and_allowed_networks() -> None:
    policy = by_kind(render(SECRETS))["NetworkPolicy"][0]
    webhooks = next(rule for rule in policy["spec"]["egress"] if "to" in rule)
    blocks = [peer["ipBlock"] for peer in webhooks["to"]]
    assert {port["port"] for port in webhooks["ports"]} == {80, 443}
    assert blocks[0]["cidr"] == "0.0.0.0/0"
    assert {"10.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10", "127.0.0.0/8"} <= set(
        blocks[0]["except"]
    )
    assert "fc00::/7" in blocks[1]["except"]
    open_ports = {
        p["port"] for rule in policy["spec"]["egress"] if "to" not in rule for p in rule["ports"]
    }
    assert {80, 443}.isdisjoint(open_ports)

    on_premise = {**SECRETS, "networkPolicy": {"webhookAllowedCidrs": ["10.20.0.0/16"]}}
    docs = by_kind(render(on_premise))
    allowed = next(r for r in docs["NetworkPolicy"][0]["spec"]["egress"] if "to" in r)["to"]
    assert {"cidr": "10.20.0.0/16"} in [peer["ipBlock"] for peer in allowed]
    assert docs["ConfigMap"][0]["data"]["WEBHOOK_ALLOWED_NETWORKS"] == "10.20.0.0/16"


def _api_workers(values: dict[str, Any]) -> str:
    deployments = by_kind(render(SECRETS | values))["Deployment"]
    api = next(d for d in deployments if d["metadata"]["name"].endswith("-api"))
    args: list[str] = api["spec"]["template"]["spec"]["containers"][0]["args"]
    return args[args.index("--workers") + 1]


def test_the_api_runs_a_worker_process_per_core_of_its_cpu_limit() -> None:
    assert _api_workers({}) == "1"
    two_cores = {"api": {"resources": {"limits": {"cpu": "2"}}}}
    assert _api_workers(two_cores) == "2"
    assert _api_workers({"api": {"resources": {"limits": {"cpu": "1500m"}}}}) == "2"
    assert _api_workers({"api": {"resources": {"limits": {"cpu": "250m"}}}}) == "1"
    assert _api_workers({"api": {"workers": 3, "resources": {"limits": {"cpu": "2"}}}}) == "3"


def _budgets(values: dict[str, Any]) -> set[str]:
    docs = by_kind(render(SECRETS | values)).get("PodDisruptionBudget", [])
    return {pdb["metadata"]["name"] for pdb in docs}


def test_no_api_disruption_budget_where_it_would_block_a_node_drain() -> None:
    one = {"api": {"replicas": 1, "autoscaling": {"enabled": False}}}
    two = {"api": {"replicas": 2, "autoscaling": {"enabled": False}}}
    autoscaled_from_one = {"api": {"autoscaling": {"enabled": True, "minReplicas": 1}}}
    assert "pm-pointsmall-api" not in _budgets(one)
    assert "pm-pointsmall-api" not in _budgets(autoscaled_from_one)
    assert "pm-pointsmall-api" in _budgets(two)
    assert "pm-pointsmall-api" in _budgets({})  # autoscaling from 2 by default


def test_api_pods_spread_over_nodes_by_default() -> None:
    def spread(values: dict[str, Any]) -> Any:
        deployments = by_kind(render(SECRETS | values))["Deployment"]
        api = next(d for d in deployments if d["metadata"]["name"].endswith("-api"))
        return api["spec"]["template"]["spec"].get("topologySpreadConstraints")

    [constraint] = spread({})
    assert constraint["topologyKey"] == "kubernetes.io/hostname"
    assert constraint["whenUnsatisfiable"] == "ScheduleAnyway"
    assert constraint["labelSelector"]["matchLabels"]["app.kubernetes.io/component"] == "api"
    assert spread({"api": {"topologySpread": False}}) is None


def test_the_install_notes_say_how_to_reach_the_api_and_make_an_operator() -> None:
    notes = helm.Chart.load(CHART).render(SECRETS, name="pm", namespace="loyalty", is_install=True)
    text = next(body for name, body in notes.items() if name.endswith("NOTES.txt"))
    assert "/readyz" in text
    assert "create-operator --email" in text


def test_a_citus_coordinator_and_a_redis_cluster_are_plain_urls() -> None:
    values = SECRETS | {
        "secrets": SECRETS["secrets"]
        | {"redisUrl": "redis://redis-cluster-0.redis:6379/0?cluster=true"},
        "config": {"citusShardCount": 64},
    }
    docs = by_kind(render(values))
    job = docs["Job"][0]["spec"]["template"]["spec"]["containers"][0]
    assert {"name": "CITUS_SHARD_COUNT", "value": "64"} in job["env"]
    secret = next(s for s in docs["Secret"] if "REDIS_URL" in s.get("stringData", {}))
    assert secret["stringData"]["REDIS_URL"].endswith("?cluster=true")
