# The IPython start-up file is run by the kernels of the ulp layer, not imported by pytest.
collect_ignore = ["ipython"]
