"""Placeholder while this module is being written."""
def Value(*args, **kwargs):  # placeholder
    raise RuntimeError('being written')

def Dual(*args, **kwargs):  # placeholder
    raise RuntimeError('being written')

def grad(*args, **kwargs):  # placeholder
    raise RuntimeError('being written')

