"""OpenAPI documents as written: read from YAML or JSON, one file or several bundled into one
document whose `$ref`s are all local, where their schemas are, and the handwritten spec an
application serves, checked against the package generated from it.

The generator reads specs through this package; so may an application that serves its spec
as written (`contract.load_contract`). The runtime does not: it parses no YAML.
"""
