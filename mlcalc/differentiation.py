"""Placeholder while this module is being written."""
def derivative(*args, **kwargs):  # placeholder
    raise RuntimeError('being written')

def gradient(*args, **kwargs):  # placeholder
    raise RuntimeError('being written')

def jacobian(*args, **kwargs):  # placeholder
    raise RuntimeError('being written')

def hessian(*args, **kwargs):  # placeholder
    raise RuntimeError('being written')

def check_grad(*args, **kwargs):  # placeholder
    raise RuntimeError('being written')

