# The one-ulp layer of strict nbval (tests/nbval_portability/README.md). run.py copies this
# folder to a temporary IPYTHONDIR for that nbval run only; every kernel of the run executes
# this file before the notebook's first cell. If installing fails, the kernel exits, so the
# run fails instead of passing unperturbed.


def _install_one_ulp() -> None:
    import importlib.util
    import os
    import traceback

    if "NBVAL_ONE_ULP" not in os.environ:
        return  # not a kernel of run.py's ulp layer (pytest --doctest-modules imports this)
    try:
        spec = importlib.util.spec_from_file_location("one_ulp", os.environ["NBVAL_ONE_ULP"])
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.install(seed=int(os.environ.get("NBVAL_ONE_ULP_SEED", "0")))
    except BaseException:
        traceback.print_exc()
        os._exit(3)


_install_one_ulp()
del _install_one_ulp
