"""`make bench`'s memory row for uploads: a 100 MiB file sent as a multipart part to the mock
of the corpus' upload spec, whose operation raises its body limit to 200 MiB
(`x-max-body-bytes`). The server spools the file to disk as it arrives; its peak RSS during
the upload (VmHWM, reset just before it) may exceed its RSS before it by less than the
target."""

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import httpx2 as httpx

from bench.memory import reset_peak, status_mib
from tests.support.processes import ROOT, free_port, running_server

SPEC: Final = ROOT / "tests" / "specfirst" / "corpus" / "oas31-bodies.yaml"
UPLOAD_MIB: Final = 100
GROWTH_TARGET_MIB: Final = 20
CHUNK: Final = 1024 * 1024


@dataclass(frozen=True)
class Upload:
    status: int
    seconds: float
    before_mib: float  # RSS before the upload, after a small one
    peak_mib: float  # the highest RSS the process reached during the upload

    @property
    def growth_mib(self) -> float:
        return self.peak_mib - self.before_mib

    def row(self) -> str:
        met = "met" if self.growth_mib < GROWTH_TARGET_MIB and self.status == 201 else "NOT met"
        return (
            f"Upload ({UPLOAD_MIB} MiB multipart file to the mock of "
            f"{SPEC.relative_to(ROOT)}, limit 200 MiB): answered {self.status} in "
            f"{self.seconds:.1f} s; server RSS {self.before_mib:.1f} MiB before, peak "
            f"{self.peak_mib:.1f} MiB, growth {self.growth_mib:.1f} MiB "
            f"(target < {GROWTH_TARGET_MIB} MiB: {met}).\n"
        )


def measure_upload(workdir: Path) -> Upload:
    port = str(free_port())
    command = [sys.executable, "-m", "specfirst", "mock", "--spec", str(SPEC), "--port", port]
    environment = {"HOST": "127.0.0.1", "PORT": port, "PATH": "/usr/bin:/bin"}
    with (
        running_server(command, environment, workdir / "upload-mock.log", "/openapi.json") as mock,
        tempfile.TemporaryFile() as file,
    ):
        for _ in range(UPLOAD_MIB):
            file.write(b"\xa5" * CHUNK)
        url = f"http://127.0.0.1:{port}/documents"
        with httpx.Client(timeout=300) as client:
            warm_up = client.post(
                url, files={"file": ("a.pdf", b"%PDF", "application/pdf")}, data={"title": "a"}
            )
            warm_up.raise_for_status()
            before = status_mib(mock.pid, "VmRSS")
            reset_peak(mock.pid)
            file.seek(0)
            response = client.post(
                url, files={"file": ("big.pdf", file, "application/pdf")}, data={"title": "big"}
            )
        return Upload(
            status=response.status_code,
            seconds=response.elapsed.total_seconds(),
            before_mib=before,
            peak_mib=status_mib(mock.pid, "VmHWM"),
        )
