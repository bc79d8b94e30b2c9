"""The optimisation figures of mlcalc.plot draw the runs they are given, and refuse bad input.

The checks read back what matplotlib was asked to draw (line data, scales, legend text,
animation frames) and compare it with the runs of gradient descent that were passed in.
"""

from __future__ import annotations

import base64
import io
import re
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

import mlcalc as mc


def cost(x, y):
    return x**2 + 10 * y**2


def cost_grad(p):
    return np.array([2 * p[0], 20 * p[1]])


def run(lr=0.05, method="gd", steps=1000):
    return mc.gradient_descent(
        cost_grad, [1.8, 1.0], lr=lr, method=method, steps=steps, f=lambda p: cost(*p)
    )


def diverging_run():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", mc.optim.DivergenceWarning)
        return run(lr=0.2)


# --- contour_paths ---------------------------------------------------------------------


def test_contour_paths_draws_each_path_with_start_and_end():
    gd, momentum = run(), run(method="momentum")
    raw = np.array([[-1.0, -1.0], [-0.5, 0.2], [0.0, 0.0]])
    ax = mc.plot.contour_paths(
        cost, (-2, 2), (-1.5, 1.5), [gd, momentum, raw], labels=["GD", "momentum", "by hand"]
    )
    for i, points in enumerate([gd.path, momentum.path, raw]):
        line, start, end = ax.lines[3 * i : 3 * i + 3]
        np.testing.assert_array_equal(line.get_xdata(), points[:, 0])
        np.testing.assert_array_equal(line.get_ydata(), points[:, 1])
        np.testing.assert_array_equal(np.ravel(start.get_xydata()), points[0])
        np.testing.assert_array_equal(np.ravel(end.get_xydata()), points[-1])
        assert end.get_marker() == "*"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["GD", "momentum", "by hand", "start", "end"]
    assert ax.get_xlim() == (-2, 2) and ax.get_ylim() == (-1.5, 1.5)
    assert len(ax.collections) >= 1  # the level curves


def test_contour_paths_marks_a_diverged_run():
    bad = diverging_run()
    assert bad.diverged
    ax = mc.plot.contour_paths(cost, (-2, 2), (-2, 2), bad, labels="lr = 0.2")
    line, _, end = ax.lines[:3]
    assert line.get_label() == "lr = 0.2 (diverged)"
    assert end.get_marker() == "X"
    np.testing.assert_array_equal(line.get_xdata(), bad.path[:, 0])


def test_contour_paths_refuses_bad_paths():
    with pytest.raises(ValueError, match=r"shape \(k, 2\), got shape \(4, 3\)"):
        mc.plot.contour_paths(cost, (-2, 2), (-2, 2), np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"shape \(k, 2\), got shape \(5, 1\)"):
        mc.plot.contour_paths(
            cost, (-2, 2), (-2, 2), mc.gradient_descent(lambda x: x, 1.0, lr=0.5, steps=4)
        )
    with pytest.raises(ValueError, match=r"paths\[1\] must contain only finite"):
        mc.plot.contour_paths(cost, (-2, 2), (-2, 2), [np.zeros((2, 2)), np.full((2, 2), np.nan)])
    with pytest.raises(TypeError, match="paths must be"):
        mc.plot.contour_paths(cost, (-2, 2), (-2, 2), "path")
    with pytest.raises(ValueError, match="one name per path: 1 paths, 2 labels"):
        mc.plot.contour_paths(cost, (-2, 2), (-2, 2), run(), labels=["a", "b"])
    with pytest.raises(ValueError, match="at least one path"):
        mc.plot.contour_paths(cost, (-2, 2), (-2, 2), [])
    with pytest.raises(ValueError, match="xlim needs low < high"):
        mc.plot.contour_paths(cost, (2, -2), (-2, 2), run())


# --- learning_rates --------------------------------------------------------------------


def test_learning_rates_plots_loss_against_step():
    runs = {0.01: run(lr=0.01, steps=50), 0.05: run(lr=0.05, steps=50), 0.2: diverging_run()}
    ax = mc.plot.learning_rates(runs)
    assert ax.get_yscale() == "log"
    curves = ax.lines[:3]
    for line, result in zip(curves, runs.values(), strict=True):
        np.testing.assert_array_equal(line.get_ydata(), result.values)
        np.testing.assert_array_equal(line.get_xdata(), np.arange(len(result.values)))
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["lr = 0.01", "lr = 0.05", "lr = 0.2 (diverged)"]
    cross = ax.lines[3]
    assert cross.get_marker() == "X"
    assert np.ravel(cross.get_xydata()).tolist() == [runs[0.2].n_steps, runs[0.2].values[-1]]


def test_learning_rates_takes_plain_arrays_and_a_linear_scale():
    ax = mc.plot.learning_rates({0.1: [3.0, 2.0, -1.0]}, log=False)
    assert ax.get_yscale() == "linear"
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [3.0, 2.0, -1.0])


def test_learning_rates_refuses_bad_input():
    with pytest.raises(TypeError, match=r"dict \{learning_rate: result\}"):
        mc.plot.learning_rates([run()])
    with pytest.raises(ValueError, match="no loss values: call gradient_descent with f="):
        mc.plot.learning_rates({0.1: mc.gradient_descent(cost_grad, [1.0, 1.0], lr=0.01)})
    with pytest.raises(ValueError, match="is -1 at entry 1, which a log scale cannot show"):
        mc.plot.learning_rates({0.1: [1.0, -1.0]})
    # A zero (a run that lands exactly on the minimum) would vanish from a log axis.
    with pytest.raises(ValueError, match="is 0 at entry 1.*log=False"):
        mc.plot.learning_rates({0.5: [1.0, 0.0]})
    with pytest.raises(TypeError, match="log must be True or False"):
        mc.plot.learning_rates({0.1: [1.0, 0.5]}, log="no")
    with pytest.raises(ValueError, match="not finite from entry 2"):
        mc.plot.learning_rates({0.1: [1.0, 2.0, np.inf]})


# --- loss_curves -----------------------------------------------------------------------


def test_loss_curves_against_epoch_and_against_evaluations():
    histories = {"batch": [1.0, 0.6, 0.4], "SGD": [0.5, 0.3, 0.25]}
    ax = mc.plot.loss_curves(histories)
    assert ax.get_xlabel() == "epoch"
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), [0.5, 0.3, 0.25])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["batch", "SGD"]

    ax = mc.plot.loss_curves(histories, evaluations_per_epoch=[1, 100], start=0, log=True)
    assert ax.get_xlabel() == "gradient evaluations" and ax.get_yscale() == "log"
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [0, 1, 2])
    np.testing.assert_array_equal(ax.lines[1].get_xdata(), [0, 100, 200])


def test_loss_curves_accepts_one_history_or_a_list_of_runs():
    ax = mc.plot.loss_curves(np.array([3.0, 2.0, 1.0]))
    assert len(ax.lines) == 1 and ax.get_legend() is None
    a, b = run(lr=0.01, steps=5), run(lr=0.02, steps=5)
    ax = mc.plot.loss_curves([a, b], labels=["slow", "fast"], start=0)
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), b.values)


def test_loss_curves_refuses_bad_input():
    with pytest.raises(ValueError, match="not both"):
        mc.plot.loss_curves({"a": [1.0]}, labels=["b"])
    with pytest.raises(ValueError, match="one number per history: 2 histories, 3 numbers"):
        mc.plot.loss_curves([[1.0], [2.0]], evaluations_per_epoch=[1, 2, 3])
    with pytest.raises(ValueError, match="evaluations_per_epoch must be a positive integer"):
        mc.plot.loss_curves([1.0, 0.5], evaluations_per_epoch=0)
    with pytest.raises(ValueError, match="start must be a non-negative"):
        mc.plot.loss_curves([1.0, 0.5], start=-1)
    with pytest.raises(ValueError, match=r"histories\[0\] is not finite from entry 1"):
        mc.plot.loss_curves([1.0, np.nan])
    for empty in ({}, []):
        with pytest.raises(ValueError, match="at least one loss history"):
            mc.plot.loss_curves(empty)
    with pytest.raises(TypeError, match="log must be True or False"):
        mc.plot.loss_curves([1.0, 0.5], log=1)
    with pytest.raises(TypeError, match="ax must be matplotlib Axes"):
        mc.plot.loss_curves([1.0, 0.5], ax=3)


# --- descent_animation ----------------------------------------------------------------


def _frames(html: str) -> list[bytes]:
    return [base64.b64decode(data) for data in re.findall(r'base64,([^"]*)"', html)]


def test_animation_embeds_the_frames_and_is_identical_across_calls():
    gd = run()
    assert gd.n_steps > 30  # longer than the frames: the steps shown are spread out
    first = mc.plot.descent_animation(cost, (-2, 2), (-1.5, 1.5), gd, frames=12)
    second = mc.plot.descent_animation(cost, (-2, 2), (-1.5, 1.5), gd, frames=12)
    html = first._repr_html_()
    assert html == second._repr_html_()
    frames = _frames(html)
    assert len(frames) == 12
    assert "var frames = new Array(12);" in html
    assert len(set(frames)) == 12  # the path really moves from frame to frame
    image = Image.open(io.BytesIO(frames[0]))
    assert image.format == "PNG" and image.size == (448, 320)  # 5.6 x 4 inches at dpi 80
    assert "https://" not in html and "font-awesome" not in html  # plays offline
    assert not re.search(r"[0-9a-f]{32}", html)  # no random uuid left
    assert plt.get_fignums() == []  # no static duplicate left open


def test_animation_ids_follow_name_and_content():
    short = run(steps=5)
    named = mc.plot.descent_animation(cost, (-2, 2), (-2, 2), short, name="ch07 bowl")
    assert 'id="_anim_img_ch07_bowl"' in named.data and "anim_ch07_bowl.set_frame" in named.data
    other = mc.plot.descent_animation(cost, (-2, 2), (-2, 2), run(lr=0.02, steps=5))
    same = mc.plot.descent_animation(cost, (-2, 2), (-2, 2), short)
    ids = {re.search(r'id="_anim_img(\w+)"', a.data).group(1) for a in (other, same)}
    assert len(ids) == 2  # different animations on one page do not share element ids


def test_animation_shows_at_most_the_steps_there_are():
    short = run(steps=5)  # six iterates, fewer than the frames asked for
    html = mc.plot.descent_animation(cost, (-2, 2), (-2, 2), short, frames=30).data
    assert len(_frames(html)) == 6


def test_animation_refuses_bad_input():
    short = run(steps=3)
    with pytest.raises(ValueError, match="frames must be between 2 and 120"):
        mc.plot.descent_animation(cost, (-2, 2), (-2, 2), short, frames=500)
    with pytest.raises(ValueError, match="fps must be at most 60"):
        mc.plot.descent_animation(cost, (-2, 2), (-2, 2), short, fps=1000)
    with pytest.raises(TypeError, match="name must be a non-empty string"):
        mc.plot.descent_animation(cost, (-2, 2), (-2, 2), short, name="")
    with pytest.raises(ValueError, match=r"shape \(k, 2\)"):
        mc.plot.descent_animation(cost, (-2, 2), (-2, 2), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="not finite"), np.errstate(invalid="ignore"):
        mc.plot.descent_animation(lambda x, y: np.log(x), (-2, 2), (-2, 2), short)
    assert plt.get_fignums() == []  # a failure does not leave a figure behind


def test_animation_frames_keep_every_path_in_its_own_colour():
    # Two thin paths cover few pixels; the compacted frames must still show both colours
    # exactly, as the legend and the static figures do.
    paths = [run(lr=0.05, steps=40), run(lr=0.2, steps=40, method="momentum")]
    html = mc.plot.descent_animation(cost, (-2, 2), (-1.5, 1.5), paths, frames=4).data
    last = np.asarray(Image.open(io.BytesIO(_frames(html)[-1])).convert("RGB")).reshape(-1, 3)
    present = {tuple(int(v) for v in pixel) for pixel in np.unique(last, axis=0)}
    for colour in mc.plot.PALETTE[:2]:
        rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in present, colour


def test_animation_frame_has_alternative_text():
    paths = [run(steps=5), run(lr=0.02, steps=5)]
    default = mc.plot.descent_animation(cost, (-2, 2), (-2, 2), paths, labels=["a", "b<c"]).data
    assert (
        'alt="Animation of gradient descent over the level curves of the cost: a, b&lt;c."'
        in default
    )
    given = mc.plot.descent_animation(cost, (-2, 2), (-2, 2), paths[0], alt='The "bowl"').data
    assert '<img alt="The &quot;bowl&quot;" id="_anim_img' in given
    with pytest.raises(TypeError, match="alt must be a string"):
        mc.plot.descent_animation(cost, (-2, 2), (-2, 2), paths[0], alt=3)
