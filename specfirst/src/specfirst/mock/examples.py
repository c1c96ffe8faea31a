"""The spec's example answers, for the operations a project's developer has not written yet.

`specfirst new` writes each operation of a new project's handler modules as
`return EXAMPLES.answer(responses.ListPets200Response)`: the response the mock would give
(mock/answers.py: the spec's examples valid against their schemas, else values built from
the schemas), typed as the class asked for, so that the handler type-checks until its
developer replaces the line with the real answer.
"""

import logging
import sys
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import TypeVar

from specfirst.codegen.model import ResponseClass, Spec
from specfirst.codegen.pipeline import read_spec
from specfirst.mock.answers import Answers
from specfirst.mock.server import in_the_spec_format
from specfirst.runtime.binding_errors import BindingErrors
from specfirst.runtime.responses import ApiResponse

ResponseT = TypeVar("ResponseT", bound=ApiResponse)

logger = logging.getLogger(__name__)


class ExampleAnswers:
    """Builds, once each, the example answer of a response class of the package generated from
    the spec at `spec` (read at the first answer asked for, not at import)."""

    def __init__(self, spec: Path) -> None:
        self._path = spec
        self._answers: dict[str, Answers] = {}
        self._built: dict[tuple[type[ApiResponse], int | None], ApiResponse] = {}

    def answer(self, response_class: type[ResponseT], status: int | None = None) -> ResponseT:
        """An instance of `response_class` holding the spec's example (`status`: which one a
        range or `default` response answers). InstanceError when none can be built: the
        binding answers 500, as the mock does."""
        key = (response_class, status)
        if key not in self._built:
            declared = self._declared[response_class.__name__]
            answers = self._answers_of(response_class.__module__)
            self._built[key] = answers.build(declared, status or declared.status or 200)
            for report in answers.reports:
                logger.warning("%s", report)
            answers.reports.clear()
        built = self._built[key]
        assert isinstance(built, response_class)  # built from that very class
        return built

    def binding_errors(self, responses: ModuleType) -> BindingErrors:
        """The binding's own answers (401, 415, 422...) in the spec's error format, where it
        declares one other than problem details, built from its examples as the mock's are."""
        return in_the_spec_format(self._spec, self._answers_of(responses.__name__))

    @cached_property
    def _spec(self) -> Spec:
        return read_spec(self._path)

    @cached_property
    def _declared(self) -> dict[str, ResponseClass]:
        return {response.class_name: response for response in self._spec.response_classes}

    def _answers_of(self, module: str) -> Answers:
        """The builder for the generated responses module named `module`."""
        if module not in self._answers:
            self._answers[module] = Answers(self._spec, sys.modules[module])
        return self._answers[module]
