#!/usr/bin/env python3
"""Strict validation of custom resources against their CRDs' OpenAPI schemas.

Usage: crd_validate.py CRD_DIR FILE...
CRD_DIR holds CustomResourceDefinition YAML files (e.g. ArgoCD's
manifests/crds/application-crd.yaml and appproject-crd.yaml, and
prometheus-operator's monitoring.coreos.com_prometheusrules.yaml).
Strict like `kubectl apply --validate=strict`: a field the schema does not
declare is an error (unless the schema preserves unknown fields).
Prints `FILE: KIND NAME: error` lines, then `checked N skipped M errors E`.
"""
import copy
import os
import sys

import jsonschema
import yaml


def strict(schema):
    """additionalProperties: false wherever properties are declared."""
    if isinstance(schema, dict):
        if "properties" in schema and not schema.get("x-kubernetes-preserve-unknown-fields") \
                and "additionalProperties" not in schema:
            schema["additionalProperties"] = False
        for value in schema.values():
            strict(value)
    elif isinstance(schema, list):
        for item in schema:
            strict(item)
    return schema


def load_crds(directory):
    schemas = {}
    for name in sorted(os.listdir(directory)):
        if not name.endswith((".yaml", ".yml")):
            continue
        for doc in yaml.safe_load_all(open(os.path.join(directory, name))):
            if not doc or doc.get("kind") != "CustomResourceDefinition":
                continue
            spec = doc["spec"]
            for version in spec["versions"]:
                schema = copy.deepcopy(version["schema"]["openAPIV3Schema"])
                # metadata is validated by the API server, not the CRD schema
                schema.setdefault("properties", {})["metadata"] = {"type": "object"}
                key = (f'{spec["group"]}/{version["name"]}', spec["names"]["kind"])
                schemas[key] = strict(schema)
    return schemas


def main():
    schemas = load_crds(sys.argv[1])
    checked = skipped = errors = 0
    for path in sys.argv[2:]:
        for doc in yaml.safe_load_all(open(path)):
            if not doc:
                continue
            key = (doc.get("apiVersion"), doc.get("kind"))
            schema = schemas.get(key)
            if schema is None:
                skipped += 1
                continue
            checked += 1
            name = doc.get("metadata", {}).get("name")
            for error in jsonschema.Draft7Validator(schema).iter_errors(doc):
                errors += 1
                where = "/".join(str(p) for p in error.absolute_path)
                print(f"{path}: {key[1]} {name}: {where}: {error.message}")
    print(f"checked {checked} skipped {skipped} errors {errors}")


main()
