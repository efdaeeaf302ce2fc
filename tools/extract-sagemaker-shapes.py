#!/usr/bin/env python3
"""Extracts the part of botocore's SageMaker service model that Berth's hosting API serves.

The output (control-plane/src/main/resources/sagemaker/service-shapes.json) is data Berth validates
requests against: every member, length, pattern, range and enum of the 17 hosting operations, exactly
as the AWS SDKs know them. Documentation strings are dropped. The build never runs this script; run
it by hand to follow a newer botocore:

    python3 tools/extract-sagemaker-shapes.py > control-plane/src/main/resources/sagemaker/service-shapes.json

botocore's service models are Apache-2.0 licensed (Copyright Amazon.com, Inc. or its affiliates).
"""
import gzip
import json
import os
import sys

import botocore

OPERATIONS = [
    "CreateModel", "DescribeModel", "ListModels", "DeleteModel",
    "CreateEndpointConfig", "DescribeEndpointConfig", "ListEndpointConfigs", "DeleteEndpointConfig",
    "CreateEndpoint", "DescribeEndpoint", "ListEndpoints", "UpdateEndpoint",
    "UpdateEndpointWeightsAndCapacities", "DeleteEndpoint", "AddTags", "ListTags", "DeleteTags",
]


def main():
    base = os.path.join(os.path.dirname(botocore.__file__), "data", "sagemaker", "2017-07-24")
    path = os.path.join(base, "service-2.json.gz")
    model = json.load(gzip.open(path)) if os.path.exists(path) else json.load(open(path[:-3]))
    shapes = model["shapes"]
    seen = set()

    def walk(name):
        if name in seen:
            return
        seen.add(name)
        shape = shapes[name]
        for member in shape.get("members", {}).values():
            walk(member["shape"])
        for key in ("member", "key", "value"):
            if key in shape:
                walk(shape[key]["shape"])

    operations = {}
    for op in OPERATIONS:
        spec = model["operations"][op]
        operations[op] = {k: spec[k]["shape"] for k in ("input", "output") if k in spec}
        for shape in operations[op].values():
            walk(shape)

    out = {}
    for name in sorted(seen):
        shape = dict(shapes[name])
        shape.pop("documentation", None)
        if "members" in shape:
            shape["members"] = {
                k: {kk: vv for kk, vv in v.items() if kk != "documentation"}
                for k, v in shape["members"].items()
            }
        out[name] = shape
    # Member order is kept as botocore has it: Coral lists violations in that order.
    json.dump(
        {
            "source": "botocore " + botocore.__version__ + " data/sagemaker/2017-07-24 (Apache-2.0)",
            "metadata": {k: model["metadata"][k] for k in ("apiVersion", "targetPrefix", "jsonVersion")},
            "operations": operations,
            "shapes": out,
        },
        sys.stdout,
        indent=1,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
