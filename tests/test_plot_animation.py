"""mc.plot.animate, the one HTML player of the book's animations, and what it needs."""

import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest

import mlcalc as mc


def _dot_figure():
    fig, ax = plt.subplots()
    ax.set_xlim(0, 5)
    ax.set_ylim(0, 25)
    (dot,) = ax.plot([], [], "o")
    return fig, lambda i: dot.set_data([i], [i * i])


def test_animate_embeds_one_image_per_frame_with_the_alt_text_and_closes_the_figure():
    fig, draw = _dot_figure()
    html = mc.plot.animate(fig, draw, 4, alt="A dot climbs a parabola", fps=3, name="dot").data
    assert html.count("data:image/png;base64,") == 4
    assert 'alt="A dot climbs a parabola"' in html
    assert "_anim_img_dot" in html and "font-awesome" not in html  # fixed id, offline
    assert not plt.fignum_exists(fig.number)
    fig, draw = _dot_figure()
    assert (
        mc.plot.animate(fig, draw, 4, alt="A dot climbs a parabola", fps=3, name="dot").data == html
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"frames": 1}, ValueError, "frames must be between 2 and 120"),
        ({"fps": 0}, ValueError, "fps"),
        ({"fps": 61}, ValueError, "at most 60"),
        ({"alt": ""}, TypeError, "alt must be a non-empty string"),
        ({"alt": None}, TypeError, "alt"),
        ({"name": 3}, TypeError, "name"),
        ({"draw": "frame"}, TypeError, "draw must be a function"),
    ],
)
def test_animate_checks_its_settings_before_importing_ipython(monkeypatch, kwargs, error, message):
    monkeypatch.setitem(sys.modules, "IPython", None)  # as if IPython were not installed
    monkeypatch.setitem(sys.modules, "IPython.display", None)
    fig, draw = _dot_figure()
    arguments = {"fig": fig, "draw": draw, "frames": 3, "alt": "a dot", **kwargs}
    with pytest.raises(error, match=message):
        mc.plot.animate(**arguments)
    plt.close(fig)


def test_without_ipython_the_animations_name_the_extra_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "IPython", None)
    monkeypatch.setitem(sys.modules, "IPython.display", None)
    open_before = plt.get_fignums()
    fig, draw = _dot_figure()
    with pytest.raises(ModuleNotFoundError, match=r'IPython.*pip install "mlcalc\[plot\]"'):
        mc.plot.animate(fig, draw, 3, alt="a dot")
    run = mc.gradient_descent(lambda p: 2 * p, np.array([1.0, 1.0]), lr=0.3, steps=4)
    with pytest.raises(ModuleNotFoundError, match=r"mc.plot.descent_animation needs IPython"):
        mc.plot.descent_animation(lambda x, y: x**2 + y**2, (-2, 2), (-2, 2), run, frames=3)
    with pytest.raises(ValueError, match="frames"):  # the arguments are still checked first
        mc.plot.descent_animation(lambda x, y: x**2 + y**2, (-2, 2), (-2, 2), run, frames=1)
    assert plt.get_fignums() == open_before  # no figure is left open by a failed animation


def test_without_matplotlib_every_plot_names_the_extra_to_install(monkeypatch):
    for module in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(
        ModuleNotFoundError, match=r"mc.plot.function needs matplotlib.*mlcalc\[plot\]"
    ):
        mc.plot.function(np.sin, 0.0, 1.0)
    with pytest.raises(ModuleNotFoundError, match=r"mc.plot.book_style needs matplotlib"):
        mc.plot.book_style()
