"""Whether this process sends traces, from OpenTelemetry's standard variables, read without
importing OpenTelemetry's SDK: `service.tracing`, which does, is imported only when the answer
is yes, so that a service without traces pays nothing for them.

Only the switch is read here. Everything else (the endpoint's path, headers, timeout, the
sampler, the resource, the batching) is read by the SDK itself when `service.tracing` builds
its pipeline.
"""

import os
from collections.abc import Mapping


def tracing_requested(environ: Mapping[str, str] = os.environ) -> bool:
    """Yes when an OTLP endpoint for traces is set (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or
    OTEL_EXPORTER_OTLP_ENDPOINT), unless the SDK is disabled (OTEL_SDK_DISABLED=true) or the
    traces exporter is `none` (OTEL_TRACES_EXPORTER); both are parsed as the SDK parses them."""
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    if environ.get("OTEL_TRACES_EXPORTER", "").strip().lower() == "none":
        return False
    return bool(
        environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "").strip()
        or environ.get("OTEL_EXPORTER_OTLP_ENDPOINT", "").strip()
    )
