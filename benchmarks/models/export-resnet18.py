#!/usr/bin/env python3
"""Exports torchvision's ResNet-18 with random weights to ONNX for the model runtime benchmark.

Usage: python3 benchmarks/models/export-resnet18.py [OUTPUT]   (default: next to this script,
resnet18.onnx). Needs torch, torchvision and onnx (`pip install torch torchvision onnx`); nothing
is downloaded: weights=None gives random weights, seeded so every export is the same model.

The model takes `input` float32 [batch, 3, 224, 224] and returns `output` float32 [batch, 1000];
the batch axis is dynamic, so the runtime can stack requests. Opset 17. This is a tool for
benchmarks/runtime.sh, not a dependency of any build or test.
"""
import os
import sys

import torch


def import_torchvision():
    """Imports torchvision, also where its C extension (detection ops such as nms) cannot load.

    A torchvision wheel built for CUDA beside a CPU-only torch (as in this machine's wheel-house)
    fails at import while registering its ops' shape functions. ResNet-18 uses none of those ops,
    so that one module is skipped and the import retried.
    """
    try:
        import torchvision

        return torchvision
    except RuntimeError as e:
        if "torchvision::" not in str(e):
            raise
        import types

        for name in [m for m in sys.modules if m == "torchvision" or m.startswith("torchvision.")]:
            del sys.modules[name]
        sys.modules["torchvision._meta_registrations"] = types.ModuleType(
            "torchvision._meta_registrations"
        )
        import torchvision

        print("note: torchvision's C extension is unusable here; ResNet-18 does not need it")
        return torchvision


def main() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    output = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "resnet18.onnx")
    torchvision = import_torchvision()
    torch.manual_seed(0)
    model = torchvision.models.resnet18(weights=None).eval()
    example = torch.randn(1, 3, 224, 224)
    # The TorchScript-based exporter: it needs no onnxscript and writes one self-contained file.
    torch.onnx.export(
        model,
        (example,),
        output,
        input_names=["input"],
        output_names=["output"],
        dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    import onnx

    onnx.checker.check_model(output)
    print(f"wrote {output} ({os.path.getsize(output) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
