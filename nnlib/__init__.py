"""nnlib: the small numpy helper package behind the lessons, from one neuron to MNIST.

Batch-first throughout: ``X (n_samples, n_in)``, ``W (n_in, n_out)``, ``b (n_out,)``,
``Z = X @ W + b``, ``A = f(Z)``. Every function that draws random numbers takes ``rng``.
This module only re-exports the public names.
"""

from .activations import ACTIVATIONS, get_activation, linear, relu, sigmoid, softmax, step, tanh
from .gradcheck import check_gradients, numerical_gradient, relative_error
from .layers import Activation, BatchNormalization, Dense, Dropout, Layer
from .losses import LOSSES, Loss, accuracy, get_loss
from .network import Sequential, TrainingDiverged, single_threaded
from .training import SGD, Adam, Callback, EarlyStopping, History, LambdaCallback, Optimizer, RMSprop

__all__ = [
    "ACTIVATIONS",
    "LOSSES",
    "SGD",
    "Adam",
    "Activation",
    "BatchNormalization",
    "Callback",
    "Dense",
    "Dropout",
    "EarlyStopping",
    "History",
    "LambdaCallback",
    "Optimizer",
    "RMSprop",
    "Layer",
    "Loss",
    "Sequential",
    "TrainingDiverged",
    "accuracy",
    "check_gradients",
    "get_activation",
    "get_loss",
    "linear",
    "numerical_gradient",
    "relative_error",
    "relu",
    "sigmoid",
    "single_threaded",
    "softmax",
    "step",
    "tanh",
]
