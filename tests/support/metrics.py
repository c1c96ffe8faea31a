"""Reading the service's Prometheus metrics in tests: parsed, never matched as text."""

import httpx2 as httpx
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

# The media type of Prometheus' text exposition format.
EXPOSITION_MEDIA_TYPE = "text/plain"


def parse(exposition: str) -> list[Sample]:
    """Every sample of an exposition in Prometheus' text format."""
    return [
        sample for family in text_string_to_metric_families(exposition) for sample in family.samples
    ]


def scrape(url: str) -> list[Sample]:
    """The samples served at `url` (a metrics port), checked to be an exposition."""
    response = httpx.get(url, timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == EXPOSITION_MEDIA_TYPE
    return parse(response.text)


def total(samples: list[Sample], name: str, **labels: str) -> float:
    """The sum of the samples named `name` whose labels include `labels` (0 when none)."""
    return sum(
        sample.value
        for sample in samples
        if sample.name == name and labels.items() <= sample.labels.items()
    )
