#!/usr/bin/env python3
"""Writes model-runtime/src/test/resources/torchscript/mlp.pt: the test MLP of OnnxModels.java
(output = relu(input @ W1 + b1) @ W2 + b2, same weights) as TorchScript, so the PyTorch engine is
tested on a real model. The build never runs this; the .pt file is committed. Run it by hand:

    python3 tools/make-torchscript-fixture.py
"""
import os

import torch

W1 = [[0.5, -1, 0.25, 1, 0], [1, 0.5, -0.5, 0, 0.25], [-0.25, 1, 1, 0.5, -1], [0, 0.25, -1, 1, 0.5]]
B1 = [0.25, -0.5, 0, 1, -0.25]
W2 = [[1, -0.5, 0.25], [0.5, 1, -1], [-1, 0.25, 0.5], [0.25, 0, 1], [0, -1, 0.5]]
B2 = [0.5, 0, -0.25]


class Mlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.w1 = torch.nn.Parameter(torch.tensor(W1))
        self.b1 = torch.nn.Parameter(torch.tensor(B1))
        self.w2 = torch.nn.Parameter(torch.tensor(W2))
        self.b2 = torch.nn.Parameter(torch.tensor(B2))

    def forward(self, x):
        return torch.relu(x @ self.w1 + self.b1) @ self.w2 + self.b2


if __name__ == "__main__":
    out = os.path.join(os.path.dirname(__file__), "..", "model-runtime", "src", "test", "resources",
                       "torchscript", "mlp.pt")
    torch.jit.save(torch.jit.script(Mlp().eval()), out)
    print("wrote", os.path.normpath(out))
