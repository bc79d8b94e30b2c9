"""One animation helper for every chapter: frames drawn by a function, played in static HTML.

:func:`animate` turns a matplotlib figure and a ``draw(frame)`` function into an
``IPython.display.HTML`` player (matplotlib's ``FuncAnimation.to_jshtml``) that needs no
kernel and no network: the frames are PNG images embedded in the page. The HTML is the
same on every run (fixed element ids, a fixed palette), as strict nbval requires.
Chapter 7 animates descent paths with it (:func:`~mlcalc.plot.optim.descent_animation`);
chapters 10 and 14 animate a decision boundary and a network's training.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any

import numpy as np

from .._validate import describe, positive_int
from ._base import PALETTE, needs_plotting

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["animate"]

#: Largest number of frames (each adds about 15 kB to the page) and of frames per second.
MAX_FRAMES = 120
MAX_FPS = 60


@needs_plotting
def animate(
    fig: Figure,
    draw: Callable[[int], Any],
    frames: int,
    *,
    alt: str,
    fps: int = 6,
    name: str | None = None,
) -> Any:
    """An HTML player of ``frames`` frames, frame ``i`` drawn by ``draw(i)`` on ``fig``.

    ``draw(i)`` changes the artists of ``fig`` for frame ``i`` (0 to ``frames - 1``); it is
    called once per frame, in order. ``fig`` is closed afterwards (the player replaces it
    in the notebook). Lay the figure out before calling (``fig.tight_layout()`` with the
    widest title drawn), since frames share one layout.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    draw : callable
        ``draw(i)`` draws frame ``i``.
    frames : int
        Number of frames, 2 to 120 (each adds about 15 kB to the page).
    alt : str
        Alternative text of the frame image, read by screen readers: say what moves.
    fps : int
        Frames per second when playing, 1 to 60.
    name : str, optional
        Id of the player's HTML elements; by default one derived from the frames, so equal
        animations give equal HTML and different ones on a page get different ids.

    Returns
    -------
    IPython.display.HTML
        Shown by Jupyter as the player (its ``.data`` is the HTML text).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> (dot,) = ax.plot([], [], "o")
    >>> player = animate(fig, lambda i: dot.set_data([i], [i * i]), 3, alt="A dot on a parabola")
    >>> 'alt="A dot on a parabola"' in player.data
    True
    """
    if not callable(draw):
        raise TypeError(f"draw must be a function of the frame number, got {describe(draw)}")
    frames, fps, name = check_settings(frames, fps, name, alt)
    if not isinstance(alt, str) or not alt.strip():
        raise TypeError(f"alt must be a non-empty string saying what moves, got {describe(alt)}")
    import matplotlib as mpl
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation

    try:
        from IPython.display import HTML

        player = FuncAnimation(fig, draw, frames=frames, interval=1000 / fps)
        # The default embed limit (20 MB) is far above these frames; set it anyway so a
        # user's rc file cannot silently drop frames.
        with mpl.rc_context({"animation.embed_limit": 64.0, "savefig.bbox": None}):
            html = player.to_jshtml(fps=fps, default_mode="once")
    finally:
        plt.close(fig)
    html = _offline_deterministic_html(html, name)
    html = html.replace("<img id=", f'<img alt="{escape(alt, quote=True)}" id=', 1)
    return HTML(_compact_frames(html))


def check_settings(frames: Any, fps: Any, name: Any, alt: Any) -> tuple[int, int, str | None]:
    """``frames``, ``fps`` and ``name`` checked (and ``alt``, a string or ``None``), before
    anything is imported or drawn."""
    frames = positive_int(frames, "frames")
    if not 2 <= frames <= MAX_FRAMES:
        raise ValueError(f"frames must be between 2 and {MAX_FRAMES}, got {frames}")
    fps = positive_int(fps, "fps")
    if fps > MAX_FPS:
        raise ValueError(f"fps must be at most {MAX_FPS} frames per second, got {fps}")
    if name is not None and (not isinstance(name, str) or not name):
        raise TypeError(f"name must be a non-empty string, got {describe(name)}")
    if alt is not None and not isinstance(alt, str):
        raise TypeError(f"alt must be a string, got {describe(alt)}")
    return frames, fps, name


#: Unicode stand-ins for the icon font that matplotlib's animation controls load from a
#: CDN: the book must work offline, so the controls carry plain characters instead.
_ANIMATION_BUTTONS = {
    "fa-minus": "\u2212",
    "fa-fast-backward": "|\u25c0\ufe0e\u25c0\ufe0e",
    "fa-step-backward": "|\u25c0\ufe0e",
    "fa-play fa-flip-horizontal": "\u25c0\ufe0e",
    "fa-pause": "\u275a\u275a",
    "fa-play": "\u25b6\ufe0e",
    "fa-step-forward": "\u25b6\ufe0e|",
    "fa-fast-forward": "\u25b6\ufe0e\u25b6\ufe0e|",
    "fa-plus": "+",
}


def _offline_deterministic_html(html: str, name: str | None) -> str:
    """matplotlib's animation HTML with a fixed element id and no icon font from the web.

    matplotlib names the animation's elements with a random uuid, so the same animation
    would differ from run to run (and strict nbval would fail). The id is replaced by
    ``name`` or, without one, by a hash of the frames: equal animations give equal HTML,
    different ones on the same page get different ids.
    """
    import hashlib
    import re

    found = re.search(r"_anim_img([0-9a-f]{32})", html)
    if found is None:
        raise RuntimeError("unexpected animation HTML from matplotlib: no element id found")
    random_id = found.group(1)
    if name is None:
        stable = hashlib.sha1(html.replace(random_id, "").encode()).hexdigest()[:16]
    else:
        stable = re.sub(r"\W", "_", name)
    html = html.replace(random_id, f"_{stable}")
    html = re.sub(r"<link[^>]*font-awesome[^>]*>\s*", "", html)

    def button(match: re.Match[str]) -> str:
        return _ANIMATION_BUTTONS.get(match.group(1), "")

    return re.sub(r'<i class="fa ([^"]*)"></i>', button, html)


def _frame_palette() -> Any:
    """A fixed palette for the animation's frames: the book's colours come through exactly.

    An adaptive (median-cut) palette drops colours that cover few pixels, such as a thin
    descent path, so a path could change colour between the legend and the frame. This one
    holds the book's line colours and their blends towards white (anti-aliased edges), a
    grey ramp for text and axes, and the contour colour map.
    """
    from matplotlib import colormaps
    from matplotlib.colors import to_rgb
    from PIL import Image

    white = np.ones(3)
    colours = [to_rgb(c) for c in PALETTE]
    lines = [w * np.array(c) + (1 - w) * white for c in colours for w in (1.0, 0.7, 0.45, 0.2)]
    greys = [np.full(3, g) for g in np.linspace(0.0, 1.0, 40)]
    contour = [np.array(colormaps["viridis"](t)[:3]) for t in np.linspace(0.0, 0.85, 48)]
    contour_edges = [0.5 * c + 0.5 * white for c in contour[::2]]
    entries = np.array(lines + greys + contour + contour_edges)
    flat = np.round(entries * 255).astype(np.uint8).ravel().tolist()
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat + flat[:3] * (256 - len(entries)))
    return palette


def _compact_frames(html: str) -> str:
    """Re-encode the embedded PNG frames with :func:`_frame_palette`: a quarter of the size.

    Nearest-colour mapping without dithering is deterministic, so equal frames stay equal
    bytes, and a line drawn in a book colour keeps that exact colour.
    """
    import base64
    import io
    import re

    from PIL import Image

    palette = _frame_palette()

    def compact(match: re.Match[str]) -> str:
        png = base64.b64decode(match.group(1).replace("\\\n", ""))
        rgb = Image.open(io.BytesIO(png)).convert("RGB")
        image = rgb.quantize(palette=palette, dither=Image.Dither.NONE)
        out = io.BytesIO()
        image.save(out, format="png", optimize=True)
        return f'"data:image/png;base64,{base64.b64encode(out.getvalue()).decode("ascii")}"'

    return re.sub(r'"data:image/png;base64,([A-Za-z0-9+/=\\\n]*)"', compact, html)
