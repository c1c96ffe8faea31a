"""nginx in front of running instances, configured by the sample deploy/nginx/api.conf.template.

The sample is used as it ships, with its placeholders filled in; everything that only a test
needs (a scratch folder for the pid, logs and temporary files, the address nginx connects
from) is in a small main configuration around it.
"""

import grp
import os
import pwd
import re
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from tests.support.processes import ROOT, on_the_real_clock, running_server

SAMPLE: Final = ROOT / "deploy" / "nginx" / "api.conf.template"
_PLACEHOLDER: Final = re.compile(r"\$\{(API_[A-Z0-9_]+)\}")
_TEMPORARY_FILES: Final = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def render_sample(values: dict[str, str]) -> str:
    """The sample with its placeholders (`${API_...}`) filled in, as envsubst would."""
    text = SAMPLE.read_text()
    named = set(_PLACEHOLDER.findall(text))
    if named != set(values):
        raise ValueError(f"the sample's placeholders are {sorted(named)}, not {sorted(values)}")
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def main_configuration(folder: Path, *, connect_from: str) -> str:
    """A main nginx.conf whose every file is in `folder`, including the rendered sample.

    Run as root, nginx's workers would switch to an unprivileged user that cannot enter the
    test's temporary folder; they keep the current user instead (when not root, nginx ignores
    the directive with a warning)."""
    user = pwd.getpwuid(os.getuid()).pw_name
    group = grp.getgrgid(os.getgid()).gr_name
    temporary = "\n".join(f"    {kind}_temp_path {folder / kind};" for kind in _TEMPORARY_FILES)
    return f"""\
user {user} {group};
daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} notice;
events {{
    worker_connections 256;
}}
http {{
{temporary}
    # The instances trust X-Forwarded-For only from this address (FORWARDED_ALLOW_IPS).
    proxy_bind {connect_from};
    include {folder / "api.conf"};
    access_log {folder / "access.log"} products_api;
}}
"""


@contextmanager
def running_nginx(
    instances: Sequence[str], folder: Path, *, port: int, connect_from: str
) -> Iterator[str]:
    """nginx on 127.0.0.1:`port` in front of `instances` (host:port, two), connecting to them
    from `connect_from`, until /healthz answers through it; its base URL. Stopped at the end."""
    first, second = instances
    folder.mkdir(parents=True, exist_ok=True)
    listen = f"127.0.0.1:{port}"
    values = {"API_LISTEN": listen, "API_INSTANCE_1": first, "API_INSTANCE_2": second}
    (folder / "api.conf").write_text(render_sample(values))
    configuration = folder / "nginx.conf"
    configuration.write_text(main_configuration(folder, connect_from=connect_from))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    # -e: nginx opens its error log before it reads the configuration; not the system's.
    command = [nginx, "-c", str(configuration), "-p", str(folder), "-e", str(folder / "error.log")]
    # On the real clock: under faketime, nginx never took a failed instance back (fail_timeout).
    environment = on_the_real_clock(os.environ) | {"HOST": "127.0.0.1", "PORT": str(port)}
    with running_server(command, environment, folder / "nginx.out", ready_path="/healthz"):
        yield f"http://{listen}"
