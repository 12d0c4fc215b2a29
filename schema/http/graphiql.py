"""GraphiQL from local files, so `/graphql` in a browser works with no internet access.

Strawberry's own GraphiQL page loads React and GraphiQL from unpkg.com; offline it shows
"Loading..." forever. No package on PyPI carries GraphiQL's browser build, so the install step
(`pointsmall fetch-assets`, run by scripts/install and the Dockerfile) takes the same files
from the npm registry, checks each against the SHA-384 that strawberry's page pins for it, and
keeps them beside this module. The page here names them by those hashes too (subresource
integrity) and runs no inline script: its start-up code is `graphiql_static/init.js`, so the
page is served under a Content-Security-Policy that allows scripts from this origin only.
"""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

STATIC = Path(__file__).with_name("graphiql_static")
VENDOR = STATIC / "vendor"
URL_PREFIX = "/graphiql"
NPM_REGISTRY = "https://registry.npmjs.org"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


@dataclass(frozen=True)
class Asset:
    """One file of an npm package, pinned by the hash strawberry's GraphiQL page gives it."""

    name: str
    package: str
    version: str
    path: str
    integrity: str

    @property
    def tarball(self) -> str:
        base = self.package.rsplit("/", 1)[-1]
        return f"{NPM_REGISTRY}/{self.package}/-/{base}-{self.version}.tgz"

    @property
    def file(self) -> Path:
        return VENDOR / self.name

    def matches(self, content: bytes) -> bool:
        digest = base64.b64encode(hashlib.sha384(content).digest()).decode()
        return self.integrity == f"sha384-{digest}"


# The versions and hashes of strawberry-graphql 0.341's GraphiQL page.
SCRIPTS = (
    Asset(
        "react.production.min.js",
        "react",
        "18.2.0",
        "umd/react.production.min.js",
        "sha384-tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8",
    ),
    Asset(
        "react-dom.production.min.js",
        "react-dom",
        "18.2.0",
        "umd/react-dom.production.min.js",
        "sha384-bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh",
    ),
    Asset(
        "graphiql.min.js",
        "graphiql",
        "3.8.3",
        "graphiql.min.js",
        "sha384-HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie",
    ),
    Asset(
        "plugin-explorer.umd.js",
        "@graphiql/plugin-explorer",
        "1.0.2",
        "dist/index.umd.js",
        "sha384-2oonKe47vfHIZnmB6ZZ10vl7T0Y+qrHQF2cmNTaFDuPshpKqpUMGMc9jgj9MLDZ9",
    ),
)
STYLES = (
    Asset(
        "graphiql.min.css",
        "graphiql",
        "3.8.3",
        "graphiql.min.css",
        "sha384-Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM",
    ),
    Asset(
        "plugin-explorer.css",
        "@graphiql/plugin-explorer",
        "1.0.2",
        "dist/style.css",
        "sha384-5DFJlDPW2tSATRbM8kzoP1j194jexLswuNmClWoRr2Q0x7R68JIQzPHZ02Faktwi",
    ),
)
ASSETS = SCRIPTS + STYLES


class AssetError(RuntimeError):
    """A file could not be fetched, or is not the file its hash names."""


def missing() -> list[Asset]:
    """The assets not on disk, or not what their hash says."""
    return [a for a in ASSETS if not (a.file.is_file() and a.matches(a.file.read_bytes()))]


def fetch() -> list[Asset]:
    """Download what is missing from the npm registry; returns what was written."""
    wanted = missing()
    VENDOR.mkdir(parents=True, exist_ok=True)
    tarballs: dict[str, tarfile.TarFile] = {}
    for asset in wanted:
        if asset.tarball not in tarballs:
            tarballs[asset.tarball] = _download(asset.tarball)
        content = _member(tarballs[asset.tarball], f"package/{asset.path}")
        if not asset.matches(content):
            raise AssetError(f"{asset.package}@{asset.version}/{asset.path} fails its hash")
        asset.file.write_bytes(content)
    return wanted


def _download(url: str) -> tarfile.TarFile:
    if not url.startswith(NPM_REGISTRY + "/"):
        raise AssetError(f"not an npm registry URL: {url}")
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:  # noqa: S310 - https, checked above
            return tarfile.open(fileobj=io.BytesIO(answer.read()), mode="r:gz")
    except OSError as error:
        raise AssetError(f"could not download {url}: {error}") from error


def _member(archive: tarfile.TarFile, name: str) -> bytes:
    member = archive.extractfile(name)
    if member is None:
        raise AssetError(f"{name} is not in the package")
    return member.read()


def page() -> str:
    """The GraphiQL page: local files only, each pinned by its hash, no inline script."""
    vendor = f"{URL_PREFIX}/vendor"
    styles = "".join(
        f'    <link rel="stylesheet" href="{vendor}/{a.name}" integrity="{a.integrity}">\n'
        for a in STYLES
    )
    scripts = "".join(
        f'    <script src="{vendor}/{a.name}" integrity="{a.integrity}"></script>\n'
        for a in SCRIPTS
    )
    return (
        '<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8">\n'
        "    <title>Pointsmall GraphiQL</title>\n"
        f'    <link rel="stylesheet" href="{URL_PREFIX}/graphiql.css">\n'
        f"{styles}  </head>\n  <body>\n"
        '    <div id="graphiql">Loading GraphiQL&hellip;</div>\n'
        f"{scripts}"
        f'    <script src="{URL_PREFIX}/init.js"></script>\n'
        "  </body>\n</html>\n"
    )


def unavailable_page() -> str:
    """What a browser sees when the install step has not fetched GraphiQL's files."""
    names = ", ".join(a.name for a in missing())
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>GraphiQL not installed</title></head><body>"
        "<h1>GraphiQL's files are not installed</h1>"
        f"<p>Missing: {names}. Run <code>scripts/install</code> (or "
        "<code>pointsmall fetch-assets</code>) once with access to the npm registry; after "
        "that the page works offline. POST queries to this URL work without it.</p>"
        "</body></html>\n"
    )
