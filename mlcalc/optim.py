"""Placeholder while this module is being written."""
def gradient_descent(*args, **kwargs):  # placeholder
    raise RuntimeError('being written')

def DescentResult(*args, **kwargs):  # placeholder
    raise RuntimeError('being written')

def SGD(*args, **kwargs):  # placeholder
    raise RuntimeError('being written')

def Momentum(*args, **kwargs):  # placeholder
    raise RuntimeError('being written')

def Adam(*args, **kwargs):  # placeholder
    raise RuntimeError('being written')

def batches(*args, **kwargs):  # placeholder
    raise RuntimeError('being written')

